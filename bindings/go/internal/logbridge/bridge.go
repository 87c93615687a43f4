// Package logbridge forwards the C library's log callback (nb_set_log_callback)
// to a Go function. It is hand-written cgo rather than SWIG output: a C
// function pointer that calls back into Go needs a C trampoline and an
// exported Go function, which SWIG's Go module does not generate for C.
package logbridge

/*
#cgo pkg-config: numabind
#include <numabind.h>

// Defined in export.go (cgo's //export); declared here because a file with
// //export may hold no C definitions, and the trampoline is one.
extern void numabindGoLogEvent(int level, char *message);

static void numabind_go_log_trampoline(nb_log_level level, const char *message, void *user_data) {
	(void)user_data;
	numabindGoLogEvent((int)level, (char *)message);
}

static void numabind_go_forward_log(int forward) {
	nb_set_log_callback(forward ? numabind_go_log_trampoline : NULL, NULL);
}
*/
import "C"

import (
	"sync"
	"sync/atomic"
)

// Handler receives one event: its level (1 warning, 2 info) and the
// library's one-line JSON object, valid beyond the call.
type Handler func(level int, event string)

var (
	handler atomic.Pointer[Handler]
	// setting orders concurrent Set calls, so that the C callback installed
	// last matches the handler stored last.
	setting sync.Mutex
)

// Set installs h as the process-wide receiver of the library's events; nil
// restores the library's default (warnings on stderr, info dropped).
func Set(h Handler) {
	setting.Lock()
	defer setting.Unlock()
	if h == nil {
		C.numabind_go_forward_log(0)
		handler.Store(nil)
		return
	}
	handler.Store(&h)
	C.numabind_go_forward_log(1)
}

func deliver(level int, event string) {
	if h := handler.Load(); h != nil {
		(*h)(level, event)
	}
}
