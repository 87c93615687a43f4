/*
 * numabind_go.i: the Go typemaps of numabind.i (included from it; generate
 * with `swig -go -cgo -intgosize 64 -module capi`, see bindings/go/generate.sh).
 *
 * The generated package is a low-level mirror of the C API that the
 * idiomatic package (bindings/go) calls; nothing here decides anything.
 *
 * - nb_status stays a plain Go int returned by every call: Go has no
 *   exceptions for SWIG to raise. nb_last_error() is per OS thread, so the
 *   idiomatic layer locks its goroutine to one thread from each call to the
 *   nb_last_error() read after it (bindings/go/errors.go). A typemap here
 *   could instead copy the message out inside the same C wrapper, but only
 *   by adding an out-parameter to every fallible function; locking keeps
 *   this package a one-to-one mirror of the header.
 * - Out-parameters stay parameters, as Go pointers the C wrapper fills after
 *   the call: handles as *Nb_cpuset etc. (nil when the call failed), strings
 *   as **string (nil for a NULL string; the library's buffer is copied into
 *   Go memory and released with nb_free at once), scalars as *int (left as
 *   they were when the call fails, as the C API promises).
 * - Nullable C strings (cwd, visible devices, PCI bus ids) are *string.
 * - argv and envp are []string; a nil envp is NULL (the caller's environment),
 *   an empty non-nil one is an empty environment.
 *
 * cgo's pointer rules: C may be handed Go memory only when that memory holds
 * no Go pointer, and may not keep it past the call. Out-parameters are Go
 * words (uintptr, *C.char, int64) the C wrapper writes before returning;
 * argv, envp and nullable strings are copied into C memory by the Go half of
 * the wrapper (C.CString) and freed by the C half after the call. A string
 * with a NUL byte is cut there, as by C.CString: the idiomatic layer rejects
 * such arguments first.
 */

/* cgo flags for the generated C and Go files of the package. */
%insert(cgo_comment_typedefs) %{
#cgo pkg-config: numabind
#include <stdlib.h>
%}

/* Status codes and the other enums as plain Go ints (the idiomatic layer has
   its own typed names for them). */
%typemap(gotype) nb_status, nb_mode, nb_gpu_vendor, nb_mem_policy, nb_log_level "int"

/* ---- handle out-parameters: *Nb_cpuset, *Nb_options, ... ---------------- */

%define NB_GO_HANDLE_OUT(CTYPE, GOTYPE)
%typemap(gotype) CTYPE **out "*GOTYPE"
/* The C wrapper writes the new handle into a Go uintptr (cgo allows Go
   memory without Go pointers to be passed and written). */
%typemap(imtype) CTYPE **out "*uintptr"
%typemap(goin) CTYPE **out %{
	var $1_raw uintptr
	$result = &$1_raw
%}
%typemap(in) CTYPE **out (CTYPE *handle = NULL) %{ $1 = &handle; %}
%typemap(argout) CTYPE **out %{ *$input = handle$argnum; %}
%typemap(goargout) CTYPE **out %{
	if *$input != 0 {
		*$1 = GOTYPE(Swigcptr##GOTYPE(*$input))
	} else {
		*$1 = nil
	}
%}
%enddef

NB_GO_HANDLE_OUT(nb_cpuset, Nb_cpuset)
NB_GO_HANDLE_OUT(nb_options, Nb_options)
NB_GO_HANDLE_OUT(nb_topology, Nb_topology)
NB_GO_HANDLE_OUT(nb_plan, Nb_plan)

/* ---- string out-parameters: **string, nil for NULL ----------------------- */

%typemap(gotype) char **out "**string"
%typemap(imtype) char **out "**C.char"
%typemap(goin) char **out %{
	var $1_raw *C.char
	$result = &$1_raw
%}
%typemap(in) char **out (char *text = NULL) %{ $1 = &text; %}
%typemap(argout) char **out %{ *$input = text$argnum; %}
%typemap(goargout) char **out %{
	if *$input != nil {
		text := C.GoString(*$input)
		Nb_free(uintptr(unsafe.Pointer(*$input)))
		*$1 = &text
	} else {
		*$1 = nil
	}
%}

/* ---- scalar out-parameters: *int, untouched on failure ------------------- */

/* One pattern per use: SWIG attaches a typemap's locals to the last pattern
   of a comma-separated list only. */
%define NB_GO_SCALAR_OUT(CTYPE, NAME)
%typemap(gotype) CTYPE *NAME "*int"
%typemap(imtype) CTYPE *NAME "*int64"
%typemap(goin) CTYPE *NAME %{
	var $1_raw int64 = int64(*$1)
	$result = &$1_raw
%}
/* Start from the caller's value so that a failing call leaves it as it was. */
%typemap(in) CTYPE *NAME (CTYPE scalar) %{
	scalar = (CTYPE)*(long long *)$input;
	$1 = &scalar;
%}
%typemap(argout) CTYPE *NAME %{ *(long long *)$input = (long long)scalar$argnum; %}
%typemap(goargout) CTYPE *NAME %{ *$1 = int(*$input) %}
%enddef

NB_GO_SCALAR_OUT(int, out)
NB_GO_SCALAR_OUT(int, pid)
NB_GO_SCALAR_OUT(int, gpu_index)
NB_GO_SCALAR_OUT(int, numa_node)
NB_GO_SCALAR_OUT(nb_mode, out)
NB_GO_SCALAR_OUT(nb_gpu_vendor, out)
NB_GO_SCALAR_OUT(nb_mem_policy, out)

/* ---- nullable string inputs: *string, nil for NULL ----------------------- */

/* Copied into C memory on the Go side (a *string points at Go memory that
   holds a Go pointer, which cgo forbids passing); freed after the call. */
%typemap(gotype) const char *cwd, const char *value, const char *ids "*string"
%typemap(imtype) const char *cwd, const char *value, const char *ids "*C.char"
%typemap(goin) const char *cwd, const char *value, const char *ids %{
	if $input != nil {
		$result = C.CString(*$input)
	}
%}
%typemap(in) const char *cwd, const char *value, const char *ids %{ $1 = (char *)$input; %}
%typemap(freearg) const char *cwd, const char *value, const char *ids %{ free((void *)$1); %}

/* ---- an XML document in memory: []byte ----------------------------------- */

%typemap(gotype) (const char *buffer, size_t len) "[]byte"
%typemap(in) (const char *buffer, size_t len) %{
	$1 = (char *)$input.array;
	$2 = (size_t)$input.len;
%}

/* ---- argv / envp: []string, NULL-terminated copies ----------------------- */

/* Built in C memory on the Go side, for the same cgo rule: a NULL-terminated
   vector of malloc'd strings (nil slice: NULL), freed after the call. */
%go_import("unsafe")
%typemap(gotype) const char *const argv[], const char *const envp[] "[]string"
%typemap(imtype) const char *const argv[], const char *const envp[] "**C.char"
%typemap(goin) const char *const argv[], const char *const envp[] %{
	if $input != nil {
		vector := unsafe.Slice((**C.char)(C.calloc(C.size_t(len($input)+1), C.size_t(unsafe.Sizeof((*C.char)(nil))))), len($input)+1)
		for i, item := range $input {
			vector[i] = C.CString(item)
		}
		$result = &vector[0]
	}
%}
%typemap(in) const char *const argv[], const char *const envp[] %{ $1 = (char **)$input; %}
%typemap(freearg) const char *const argv[], const char *const envp[] %{
	if ($1 != NULL) {
		char **item;
		for (item = (char **)$1; *item != NULL; ++item) free(*item);
		free((void *)$1);
	}
%}

/*
 * The log callback is a C function pointer calling back into Go: that needs
 * a C trampoline and a cgo-exported Go function, which SWIG's Go module does
 * not generate for C, so bindings/go/internal/logbridge does it by hand.
 */
%ignore nb_set_log_callback;
%ignore nb_log_callback;
