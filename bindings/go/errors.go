package numabind

import (
	"fmt"
	"runtime"
	"syscall"

	"github.com/numabind/numabind/bindings/go/internal/capi"
)

// Code is a numabind status code (nb_status): 0 or a negative NB_E* value.
// The values are the C API's, which are never reused. A Code is itself an
// error, so that errors.Is(err, numabind.ERANK) tells what went wrong.
type Code int

// The status codes of include/numabind.h, under the C names without "NB_".
const (
	OK          Code = 0
	EINVAL      Code = -1  // an argument is invalid
	ENOMEM      Code = -2  // out of memory
	EMODE       Code = -3  // unknown mode, GPU vendor or memory policy name
	ECPULIST    Code = -4  // malformed CPU list string
	EJSON       Code = -5  // malformed JSON, a key of the wrong type, an unknown key
	ETOPOLOGY   Code = -6  // the topology cannot be loaded
	ENOGPU      Code = -7  // the topology holds no GPU (of the requested vendor)
	ERANK       Code = -8  // local rank negative or not below the number of GPUs
	EGPUSEL     Code = -9  // a visible-devices entry or PCI bus id names no GPU
	ENOTALLOWED Code = -10 // the GPU's CPUs are all outside the allowed CPUs
	ECORES      Code = -11 // mode exclusive: fewer cores on the node than GPUs
	EEMPTY      Code = -12 // a CPU set that must not be empty is empty
	ENONUMA     Code = -13 // no NUMA node with CPUs is local to the GPU
	EINTERNAL   Code = -14 // a bug in numabind
	ESTACK      Code = -15 // pop with nothing pushed, or pushes where none may be
	EAFFINITY   Code = -16 // the kernel refused the CPU affinity
	EMEMPOLICY  Code = -17 // the kernel refused the memory policy
	EEXEC       Code = -18 // the program cannot be executed
	ESYSTEM     Code = -19 // another system call failed
)

// String is the C name of the code ("NB_ERANK"), from nb_status_name.
func (c Code) String() string { return capi.Nb_status_name(int(c)) }

// Error is the code's one-line description, from nb_strerror.
func (c Code) Error() string { return c.String() + ": " + capi.Nb_strerror(int(c)) }

// Error is a failed numabind call: its code, the library's message naming
// the offending value (nb_last_error), and the errno behind it when a system
// call failed (nb_last_os_error). errors.Is matches it against its Code and,
// through Unwrap, its errno (errors.Is(err, fs.ErrNotExist) for a program
// that does not exist).
type Error struct {
	Code    Code
	Message string
	Errno   syscall.Errno // 0 when no system call was involved
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "numabind: " + e.Code.Error()
	}
	return "numabind: " + e.Code.String() + ": " + e.Message
}

// Is reports whether target is this error's Code.
func (e *Error) Is(target error) bool {
	code, ok := target.(Code)
	return ok && code == e.Code
}

// Unwrap returns the errno behind the failure, or nil.
func (e *Error) Unwrap() error {
	if e.Errno == 0 {
		return nil
	}
	return e.Errno
}

// check turns a status into an error carrying nb_last_error(). The caller
// must hold its goroutine on one OS thread (lockThread) from the call that
// returned status until check returns: the message is per thread, and Go may
// otherwise move the goroutine to another thread between two cgo calls.
func check(status int) error {
	if status == int(OK) {
		return nil
	}
	return &Error{
		Code:    Code(status),
		Message: capi.Nb_last_error(),
		Errno:   syscall.Errno(capi.Nb_last_os_error()),
	}
}

// lockThread pins the calling goroutine to its OS thread until the returned
// function is called (defer lockThread()()). Locks nest.
func lockThread() (unlock func()) {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}

// invalid is an error found on the Go side before any C call: the same
// *Error a C call would give for the same mistake.
func invalid(code Code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
