#include "binding_log.h"

#include <unistd.h>

#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace numabind {

namespace {

using Json = nlohmann::ordered_json;

struct Sink {
    nb_log_callback callback = nullptr;
    void *user_data = nullptr;
};

std::mutex sink_mutex;
Sink sink;

Sink current_sink() {
    std::lock_guard<std::mutex> lock(sink_mutex);
    return sink;
}

// The default sink: one write(2) per line, so lines from several threads or
// ranks sharing a terminal do not interleave.
void write_warning_to_stderr(const std::string &message) {
    const std::string line = "numabind: warning: " + message + "\n";
    ssize_t ignored = write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}

Json event_json(const char *event, const Target &target) {
    Json json;
    json["event"] = event;
    json["target"] = target.kind;
    if (target.pid) json["pid"] = *target.pid;
    json["local_rank"] = target.local_rank ? Json(*target.local_rank) : Json(nullptr);
    return json;
}

void send(nb_log_level level, const std::string &message) {
    const Sink current = current_sink();
    if (current.callback != nullptr) current.callback(level, message.c_str(), current.user_data);
    else if (level == NB_LOG_WARNING) write_warning_to_stderr(message);
}

}  // namespace

void set_log_callback(nb_log_callback callback, void *user_data) noexcept {
    std::lock_guard<std::mutex> lock(sink_mutex);
    sink = {callback, user_data};
}

bool log_callback_installed() noexcept { return current_sink().callback != nullptr; }

void report_fallback(const Target &target, const Options &options, const Error &error) noexcept {
    try {
        Json json = event_json("fallback", target);
        json["cpus"] = nullptr;
        json["error"] = {{"code", nb_status_name(error.code())}, {"message", error.what()}};
        json["options"] = Json::parse(options_to_json(options));
        send(NB_LOG_WARNING, json.dump());
    } catch (...) {
        // Out of memory while reporting: the fall-back itself still happens.
    }
}

void report_bound(const Target &target, const Options &options, const CpuSet &cpus) noexcept {
    if (!log_callback_installed()) return;
    try {
        Json json = event_json("bound", target);
        json["cpus"] = cpus.format();
        json["options"] = Json::parse(options_to_json(options));
        send(NB_LOG_INFO, json.dump());
    } catch (...) {
    }
}

}  // namespace numabind
