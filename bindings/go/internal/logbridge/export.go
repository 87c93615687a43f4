package logbridge

// #include <stdlib.h>
import "C"

// numabindGoLogEvent is the Go end of the C trampoline in bridge.go. It runs
// on the thread that applied (or fell back from) a binding, during the C
// call; the message is copied before the handler sees it.
//
//export numabindGoLogEvent
func numabindGoLogEvent(level C.int, message *C.char) {
	deliver(int(level), C.GoString(message))
}
