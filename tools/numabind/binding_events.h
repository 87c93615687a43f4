// What the library reports while applying bindings (see nb_log_callback),
// for the commands that apply them: fall-backs become one readable warning
// line on stderr, and "bound" events can be observed.
#ifndef NUMABIND_CLI_BINDING_EVENTS_H
#define NUMABIND_CLI_BINDING_EVENTS_H

#include <string>

#include <nlohmann/json.hpp>

namespace nbcli {

// "warning: rank 3 runs unbound: NB_ECORES: <message>" from a fall-back
// event's JSON; "warning: <the text>" when it is not the JSON the library
// documents.
std::string fallback_warning_text(const std::string &event_json);

// Receives each "bound" event the library sends (target, pid, cpus, ...).
using BoundEventSink = void (*)(const nlohmann::json &event);

// Installs the process-wide log callback: each fall-back is written as
// "numabind COMMAND: <warning text>" on stderr, each "bound" event goes to
// `on_bound` (dropped when it is null). `command` must be a string literal.
void report_binding_events(const char *command, BoundEventSink on_bound = nullptr);

}  // namespace nbcli

#endif
