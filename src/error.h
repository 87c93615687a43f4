// Status-carrying exceptions inside the library, the thread-local last-error
// message, and the firewall that turns every exception into an nb_status at
// the C boundary.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "numabind.h"

namespace numabind {

// The one exception type the implementation throws on bad input or a failed
// system call. Anything else escaping is a bug and becomes NB_EINTERNAL.
class Error : public std::exception {
public:
    Error(nb_status code, std::string message, int os_error = 0)
        : code_(code), os_error_(os_error), message_(std::move(message)) {}
    nb_status code() const noexcept { return code_; }
    // The errno of the system call that failed, 0 when none did.
    int os_error() const noexcept { return os_error_; }
    const char *what() const noexcept override { return message_.c_str(); }

private:
    nb_status code_;
    int os_error_;
    std::string message_;
};

// An Error for a failed system call: "<what>: <strerror> (errno N)".
Error os_error(nb_status code, const std::string &what, int error_number);

// Quote a value from outside for an error message, shortened so a megabyte of
// garbage does not become a megabyte of message.
std::string quote(std::string_view value);

void set_last_error(const char *message, int os_error = 0) noexcept;
const char *last_error() noexcept;
int last_os_error() noexcept;

// Runs `body` (which returns an nb_status) and converts whatever it throws.
// Every extern "C" function body goes through this.
template <class Body>
nb_status guard(Body &&body) noexcept {
    try {
        return body();
    } catch (const Error &e) {
        set_last_error(e.what(), e.os_error());
        return e.code();
    } catch (const std::bad_alloc &) {
        set_last_error("out of memory");
        return NB_ENOMEM;
    } catch (const std::exception &e) {
        std::string message = "internal error: ";
        try {
            message += e.what();
        } catch (...) {
        }
        set_last_error(message.c_str());
        return NB_EINTERNAL;
    } catch (...) {
        set_last_error("internal error: unknown exception");
        return NB_EINTERNAL;
    }
}

// NULL checks for the C boundary: the message names the parameter.
inline void require_arg(const void *pointer, const char *function, const char *parameter) {
    if (pointer == nullptr)
        throw Error(NB_EINVAL, std::string(function) + ": " + parameter + " must not be NULL");
}

}  // namespace numabind
