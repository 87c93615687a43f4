package numabind

import "github.com/numabind/numabind/bindings/go/internal/logbridge"

// LogLevel is the level of a library event.
type LogLevel int

const (
	// LogWarning: a binding was not applied and its target runs unbound
	// (Options.Fallback).
	LogWarning LogLevel = 1
	// LogInfo: a binding was applied. Sent only to a handler set here.
	LogInfo LogLevel = 2
)

// SetLogHandler makes h receive the library's events, process-wide, in
// place of its default (warnings written to stderr as "numabind: warning:
// <event>"); nil restores the default. An event is one line of JSON, e.g.
//
//	{"event":"fallback","target":"thread","local_rank":5,"cpus":null,
//	 "error":{"code":"NB_ERANK","message":"..."},"options":{...}}
//
// h runs on the goroutine applying the binding, while its thread is being
// bound, possibly on several goroutines at once: it must be quick, safe for
// concurrent use, and must not itself bind.
func SetLogHandler(h func(level LogLevel, event string)) {
	if h == nil {
		logbridge.Set(nil)
		return
	}
	logbridge.Set(func(level int, event string) { h(LogLevel(level), event) })
}
