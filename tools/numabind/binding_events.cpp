#include "binding_events.h"

#include "errors.h"
#include "json_cells.h"
#include "numabind.h"

namespace nbcli {

namespace {

struct Listener {
    const char *command = "";
    BoundEventSink on_bound = nullptr;
};

Listener listener;

void on_library_event(nb_log_level level, const char *message, void *) {
    // No exception may unwind into the library.
    try {
        if (level == NB_LOG_WARNING) {
            print_notice(listener.command, fallback_warning_text(message));
        } else if (level == NB_LOG_INFO && listener.on_bound != nullptr) {
            const nlohmann::json event = nlohmann::json::parse(message, nullptr, false);
            if (event.is_object()) {
                listener.on_bound(event);
            }
        }
    } catch (...) {
    }
}

}  // namespace

std::string fallback_warning_text(const std::string &event_json) {
    const nlohmann::json event = nlohmann::json::parse(event_json, nullptr, /*allow_exceptions=*/false);
    if (!event.is_object() || !event.contains("error") || !event["error"].is_object()) {
        return "warning: " + event_json;
    }
    const nlohmann::json &error = event["error"];
    const std::string who = cell_text(event, "local_rank") == "-"
                                ? "the " + event.value("target", std::string("target"))
                                : "rank " + cell_text(event, "local_rank");
    return "warning: " + who + " runs unbound: " + cell_text(error, "code") + ": " +
           cell_text(error, "message");
}

void report_binding_events(const char *command, BoundEventSink on_bound) {
    listener = {command, on_bound};
    nb_set_log_callback(on_library_event, nullptr);
}

}  // namespace nbcli
