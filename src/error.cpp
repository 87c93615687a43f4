#include "error.h"

#include <cstring>

namespace numabind {

namespace {
// A fixed buffer rather than a std::string: storing a message must not be able
// to fail (it runs inside catch handlers, possibly after bad_alloc).
constexpr size_t kMaxMessage = 1024;
thread_local char tls_last_error[kMaxMessage] = "";
thread_local int tls_last_os_error = 0;
}  // namespace

Error os_error(nb_status code, const std::string &what, int error_number) {
    return Error(code, what + ": " + std::strerror(error_number) + " (errno " + std::to_string(error_number) + ")",
                 error_number);
}

std::string quote(std::string_view value) {
    constexpr size_t kMaxShown = 256;
    static const char kHex[] = "0123456789abcdef";
    std::string out = "'";
    for (char c : value.substr(0, kMaxShown)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f) {
            out += c;
        } else {  // keep terminals and logs intact whatever the input
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    out += "'";
    if (value.size() > kMaxShown)
        out += " (truncated, " + std::to_string(value.size()) + " bytes)";
    return out;
}

void set_last_error(const char *message, int os_error) noexcept {
    std::strncpy(tls_last_error, message, kMaxMessage - 1);
    tls_last_error[kMaxMessage - 1] = '\0';
    tls_last_os_error = os_error;
}

const char *last_error() noexcept { return tls_last_error; }

int last_os_error() noexcept { return tls_last_os_error; }

}  // namespace numabind
