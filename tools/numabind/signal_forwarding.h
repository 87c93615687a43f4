// SIGINT and SIGTERM sent to `numabind launch` go on to every child it has
// started. The handler only reads pids recorded beforehand and calls kill(2),
// both async-signal-safe.
#ifndef NUMABIND_CLI_SIGNAL_FORWARDING_H
#define NUMABIND_CLI_SIGNAL_FORWARDING_H

#include <sys/types.h>

#include <cstddef>

namespace nbcli {

// Installs the handlers, with room for `max_children` pids. A signal ignored
// on entry (a background job of a non-interactive shell ignores SIGINT)
// stays ignored, as a shell leaves it.
void forward_signals_to_children(size_t max_children);

// Records a started child: later signals reach it, and so does the last one
// that arrived before it was recorded (while it was being started).
void record_child(pid_t pid);

// The last signal that arrived, 0 while none has.
int received_signal();

}  // namespace nbcli

#endif
