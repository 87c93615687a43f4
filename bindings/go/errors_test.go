package numabind

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/numabind/numabind/bindings/go/internal/capi"
)

var allCodes = map[Code]string{
	OK: "NB_OK", EINVAL: "NB_EINVAL", ENOMEM: "NB_ENOMEM", EMODE: "NB_EMODE", ECPULIST: "NB_ECPULIST",
	EJSON: "NB_EJSON", ETOPOLOGY: "NB_ETOPOLOGY", ENOGPU: "NB_ENOGPU", ERANK: "NB_ERANK",
	EGPUSEL: "NB_EGPUSEL", ENOTALLOWED: "NB_ENOTALLOWED", ECORES: "NB_ECORES", EEMPTY: "NB_EEMPTY",
	ENONUMA: "NB_ENONUMA", EINTERNAL: "NB_EINTERNAL", ESTACK: "NB_ESTACK", EAFFINITY: "NB_EAFFINITY",
	EMEMPOLICY: "NB_EMEMPOLICY", EEXEC: "NB_EEXEC", ESYSTEM: "NB_ESYSTEM",
}

// The Go constants are the C library's codes under the same names, and
// cover every code it has (the first number past them is NB_UNKNOWN).
func TestCodesAreTheLibrarys(t *testing.T) {
	for code, name := range allCodes {
		if code.String() != name {
			t.Errorf("Code(%d) is %s in the C library, %s in Go", int(code), code.String(), name)
		}
	}
	lowest := Code(0)
	for code := range allCodes {
		lowest = min(lowest, code)
	}
	if name := capi.Nb_status_name(int(lowest) - 1); name != "NB_UNKNOWN" {
		t.Errorf("the C library has a code %d (%s) Go does not", int(lowest)-1, name)
	}
	swigValues := map[Code]capi.Enum_SS_nb_status{
		OK: capi.NB_OK, EINVAL: capi.NB_EINVAL, ENOMEM: capi.NB_ENOMEM, EMODE: capi.NB_EMODE,
		ECPULIST: capi.NB_ECPULIST, EJSON: capi.NB_EJSON, ETOPOLOGY: capi.NB_ETOPOLOGY, ENOGPU: capi.NB_ENOGPU,
		ERANK: capi.NB_ERANK, EGPUSEL: capi.NB_EGPUSEL, ENOTALLOWED: capi.NB_ENOTALLOWED, ECORES: capi.NB_ECORES,
		EEMPTY: capi.NB_EEMPTY, ENONUMA: capi.NB_ENONUMA, EINTERNAL: capi.NB_EINTERNAL, ESTACK: capi.NB_ESTACK,
		EAFFINITY: capi.NB_EAFFINITY, EMEMPOLICY: capi.NB_EMEMPOLICY, EEXEC: capi.NB_EEXEC, ESYSTEM: capi.NB_ESYSTEM,
	}
	for code, value := range swigValues {
		if int(value) != int(code) {
			t.Errorf("%s is %d in the header, %d in Go", code, int(value), int(code))
		}
	}
}

func TestErrorCarriesCodeMessageAndErrno(t *testing.T) {
	err := error(&Error{Code: EEXEC, Message: "cannot execute 'nope'", Errno: syscall.ENOENT})
	if got, want := err.Error(), "numabind: NB_EEXEC: cannot execute 'nope'"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, EEXEC) || errors.Is(err, ERANK) {
		t.Errorf("errors.Is matches the wrong codes for %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, syscall.ENOENT) {
		t.Errorf("errors.Is does not reach the errno of %v", err)
	}
	if errors.Unwrap(&Error{Code: ERANK}) != nil {
		t.Errorf("an error without errno unwraps to something")
	}
	if !strings.Contains(ERANK.Error(), "local rank out of range") {
		t.Errorf("ERANK.Error() = %q, want nb_strerror's description", ERANK.Error())
	}
}

// nb_last_error() is per thread: a failure's message must be the one of the
// call that failed, even while other goroutines fail differently at once.
func TestMessagesStayWithTheirCallsAcrossGoroutines(t *testing.T) {
	topology := twoNodeMachine(t)
	const goroutines, calls = 32, 200
	failures := make(chan string, goroutines)
	for g := 0; g < goroutines; g++ {
		go func(g int) {
			for i := 0; i < calls; i++ {
				var err error
				var want string
				if (g+i)%2 == 0 {
					_, err = ParseCPUSet("7-3")
					want = "'7-3'"
				} else {
					_, err = topology.ComputeCPUSet(nil, 40+g)
					want = "local rank " + strconv.Itoa(40+g)
				}
				var nbErr *Error
				if !errors.As(err, &nbErr) || !strings.Contains(nbErr.Message, want) {
					failures <- "got " + errString(err) + ", want a message naming " + want
					return
				}
			}
			failures <- ""
		}(g)
	}
	for g := 0; g < goroutines; g++ {
		if failure := <-failures; failure != "" {
			t.Error(failure)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
