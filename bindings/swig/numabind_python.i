/*
 * numabind_python.i: the Python half of numabind.i (included from it before
 * the header). It turns the C conventions into Python ones and nothing more;
 * the Pythonic API (bindings/python/src/numabind) is written in Python on top
 * of the low-level module this produces, numabind._capi.
 *
 *   - A failing nb_status raises numabind.Error (built by
 *     numabind._errors._from_status) carrying the code, its name and the
 *     calling thread's nb_last_error() text, read right after the call on the
 *     same OS thread, before any Python code can run another call.
 *   - Out-parameters become return values: handles as owned objects (their
 *     destructor is the nb_*_free of numabind.i), strings as str with the C
 *     copy released by nb_free, scalars as int; a NULL handle or string
 *     ("not set") becomes None.
 *   - Paths, argv and envp accept str, bytes or os.PathLike, encoded as
 *     os.fsencode does, so any file name the kernel accepts gets through.
 *   - Calls that may block (loading a topology, reading a sysfs capture in a
 *     child, spawning) release the GIL; the rest are microseconds and keep it.
 *   - The process-wide log callback calls a Python callable, taking the GIL
 *     itself since the core may call it from any thread.
 */

%{
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

/* Text from the library (messages may quote file names): decoded as
   os.fsdecode does, so that undecodable bytes survive as surrogates. */
static PyObject *nbpy_text(const char *text) {
    return PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "surrogateescape");
}

/* Sets the Python error for a failed call. nb_last_error() is copied first:
   importing numabind._errors runs Python code, which could call the library
   on this thread and replace the message. */
static void nbpy_set_error(nb_status status) {
    PyObject *message = nbpy_text(nb_last_error());
    int os_error = nb_last_os_error();
    PyObject *module = NULL, *error = NULL;
    if (message == NULL) return;
    module = PyImport_ImportModule("numabind._errors");
    if (module != NULL)
        error = PyObject_CallMethod(module, "_from_status", "isOi", (int)status,
                                    nb_status_name(status), message, os_error);
    if (error != NULL) PyErr_SetObject((PyObject *)Py_TYPE(error), error);
    Py_XDECREF(error);
    Py_XDECREF(module);
    Py_DECREF(message);
}

/* An argument that names a file: str, bytes or os.PathLike. */
static int nbpy_path(PyObject *object, PyObject **bytes) {
    return PyUnicode_FSConverter(object, bytes);
}

/* A NULL-terminated array of strings for argv/envp, from a sequence of str,
   bytes or os.PathLike. The strings point into `holder` (a list of bytes
   objects), which keeps them alive until the call returns. */
static char **nbpy_string_array(PyObject *sequence, PyObject **holder, const char *what) {
    PyObject *items = PySequence_Fast(sequence, "");
    Py_ssize_t n, i;
    char **array;
    if (items == NULL || PyUnicode_Check(sequence) || PyBytes_Check(sequence)) {
        Py_XDECREF(items);
        PyErr_Format(PyExc_TypeError, "%s must be a sequence of str, bytes or os.PathLike, not %.100s",
                     what, Py_TYPE(sequence)->tp_name);
        return NULL;
    }
    n = PySequence_Fast_GET_SIZE(items);
    *holder = PyList_New(n);
    array = (char **)calloc((size_t)n + 1, sizeof *array);
    if (*holder == NULL || array == NULL) {
        Py_DECREF(items);
        free(array);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        return NULL;
    }
    for (i = 0; i < n; ++i) {
        PyObject *bytes = NULL;
        if (!PyUnicode_FSConverter(PySequence_Fast_GET_ITEM(items, i), &bytes)) {
            Py_DECREF(items);
            free(array);
            return NULL;
        }
        PyList_SET_ITEM(*holder, i, bytes);
        array[i] = PyBytes_AS_STRING(bytes);
    }
    Py_DECREF(items);
    return array;
}

/* The Python log callback, guarded by the GIL: it is read and replaced only
   while holding it, so a call in flight keeps the callable alive (it holds
   its own reference) while another thread installs a new one. */
static PyObject *nbpy_log_callable = NULL;

static void nbpy_log_trampoline(nb_log_level level, const char *message, void *user_data) {
    PyGILState_STATE gil;
    PyObject *type, *value, *traceback, *callable, *result;
    (void)user_data;
    /* After the interpreter finalised (atexit already restored the default,
       but a non-Python thread may still be on its way here) nothing can run. */
    if (!Py_IsInitialized()) return;
    gil = PyGILState_Ensure();
    /* The library calls back from inside a call: keep whatever error state
       the thread has, and never let the callback's own error escape into it. */
    PyErr_Fetch(&type, &value, &traceback);
    callable = nbpy_log_callable;
    if (callable == NULL) {
        /* Uninstalled while this event was on its way: what the default does. */
        if (level == NB_LOG_WARNING) PySys_FormatStderr("numabind: warning: %s\n", message);
    } else {
        Py_INCREF(callable);
        result = PyObject_CallFunction(callable, "iN", (int)level, nbpy_text(message));
        if (result == NULL) PyErr_WriteUnraisable(callable);
        Py_XDECREF(result);
        Py_DECREF(callable);
    }
    PyErr_Restore(type, value, traceback);
    PyGILState_Release(gil);
}
%}

/* ---- nb_status: NB_OK returns None (or the out-parameters), else raises -- */

%typemap(out) nb_status {
    if ($1 != NB_OK) {
        nbpy_set_error($1);
        SWIG_fail;
    }
    $result = Py_None;
    Py_INCREF(Py_None);
}

/* A rank's status in a plan is data, not a failure of the call. */
%typemap(out) nb_status nb_plan_rank_status "$result = PyLong_FromLong((long)$1);";

/* ---- out-parameters ------------------------------------------------------ */

/* Owned handles; NULL (an option that is not set) is None. */
%define NBPY_HANDLE_OUT(TYPE, FREE)
%typemap(in, numinputs=0) TYPE **out (TYPE *temp = NULL) "$1 = &temp;";
%typemap(argout) TYPE **out {
    PyObject *object;
    if (temp$argnum != NULL) {
        object = SWIG_NewPointerObj(temp$argnum, $descriptor(TYPE *), SWIG_POINTER_OWN);
        if (object == NULL) SWIG_fail;
        temp$argnum = NULL; /* the object owns it now */
    } else {
        object = Py_None;
        Py_INCREF(Py_None);
    }
    %append_output(object);
}
/* Only reached with a handle when converting it to an object failed. */
%typemap(freearg) TYPE **out "FREE(temp$argnum);";
%enddef
NBPY_HANDLE_OUT(nb_cpuset, nb_cpuset_free)
NBPY_HANDLE_OUT(nb_options, nb_options_free)
NBPY_HANDLE_OUT(nb_topology, nb_topology_free)
NBPY_HANDLE_OUT(nb_plan, nb_plan_free)

/* Strings the library allocates: copied into a str, then nb_free'd on every
   path; NULL ("not set") is None. */
%typemap(in, numinputs=0) char **out (char *temp = NULL) "$1 = &temp;";
%typemap(argout) char **out {
    PyObject *object;
    if (temp$argnum != NULL) {
        object = nbpy_text(temp$argnum);
        if (object == NULL) SWIG_fail;
    } else {
        object = Py_None;
        Py_INCREF(Py_None);
    }
    %append_output(object);
}
%typemap(freearg) char **out "nb_free(temp$argnum);";

/* Scalars and enums: ints (the Python layer turns enums into their names). */
%define NBPY_INT_OUT(TYPE, NAME)
%typemap(in, numinputs=0) TYPE *NAME (TYPE temp = (TYPE)0) "$1 = &temp;";
%typemap(argout) TYPE *NAME {
    PyObject *object = PyLong_FromLong((long)temp$argnum);
    if (object == NULL) SWIG_fail;
    %append_output(object);
}
%enddef
NBPY_INT_OUT(int, out)
NBPY_INT_OUT(int, pid)
NBPY_INT_OUT(int, gpu_index)
NBPY_INT_OUT(int, numa_node)
NBPY_INT_OUT(nb_mode, out)
NBPY_INT_OUT(nb_gpu_vendor, out)
NBPY_INT_OUT(nb_mem_policy, out)

/* ---- inputs ---------------------------------------------------------------- */

/* File names: str, bytes or os.PathLike; cwd may be None. */
%typemap(in) const char *path (PyObject *bytes = NULL), const char *dir (PyObject *bytes = NULL) {
    if (!nbpy_path($input, &bytes)) SWIG_fail;
    $1 = PyBytes_AS_STRING(bytes);
}
%typemap(freearg) const char *path, const char *dir "Py_XDECREF(bytes$argnum);";
%typemap(in) const char *cwd (PyObject *bytes = NULL) {
    if ($input != Py_None) {
        if (!nbpy_path($input, &bytes)) SWIG_fail;
        $1 = PyBytes_AS_STRING(bytes);
    }
}
%typemap(freearg) const char *cwd "Py_XDECREF(bytes$argnum);";

/* An XML document in memory: bytes (or str, encoded as UTF-8). */
%typemap(in) (const char *buffer, size_t len) (Py_buffer view, int have_view = 0, PyObject *encoded = NULL) {
    PyObject *source = $input;
    if (PyUnicode_Check(source)) {
        encoded = PyUnicode_AsUTF8String(source);
        if (encoded == NULL) SWIG_fail;
        source = encoded;
    }
    if (PyObject_GetBuffer(source, &view, PyBUF_SIMPLE) != 0) SWIG_fail;
    have_view = 1;
    $1 = (char *)view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (const char *buffer, size_t len) {
    if (have_view$argnum) PyBuffer_Release(&view$argnum);
    Py_XDECREF(encoded$argnum);
}

/* argv: a non-empty sequence; envp: a sequence, or None for the caller's
   environment (os.environ, which Python keeps in sync with the C one). */
%typemap(arginit) const char *const argv[], const char *const envp[] "$1 = NULL;";
%typemap(in) const char *const argv[] (PyObject *holder = NULL) {
    $1 = ($1_ltype)nbpy_string_array($input, &holder, "argv");
    if ($1 == NULL) SWIG_fail;
    if ($1[0] == NULL) {
        PyErr_SetString(PyExc_ValueError, "argv must name the program: it is empty");
        SWIG_fail;
    }
}
%typemap(in) const char *const envp[] (PyObject *holder = NULL) {
    if ($input != Py_None) {
        $1 = ($1_ltype)nbpy_string_array($input, &holder, "envp");
        if ($1 == NULL) SWIG_fail;
    }
}
%typemap(freearg) const char *const argv[], const char *const envp[] {
    free((void *)$1);
    Py_XDECREF(holder$argnum);
}

/* ---- the GIL --------------------------------------------------------------- */

%define NBPY_RELEASE_GIL(FUNCTION)
%exception FUNCTION {
    Py_BEGIN_ALLOW_THREADS
    $action
    Py_END_ALLOW_THREADS
}
%enddef
NBPY_RELEASE_GIL(nb_topology_load)
NBPY_RELEASE_GIL(nb_topology_load_xml)
NBPY_RELEASE_GIL(nb_topology_load_xml_buffer)
NBPY_RELEASE_GIL(nb_topology_load_fsroot)
NBPY_RELEASE_GIL(nb_spawn)
NBPY_RELEASE_GIL(nb_spawn_rank)

/* ---- not for Python -------------------------------------------------------- */

/* Every string is freed by the typemaps above. */
%ignore nb_free;
/* Replaced by set_log_callback below: a C function pointer means nothing to Python. */
%ignore nb_set_log_callback;

%inline %{
/* Install `callable(level: int, message: str)` as the log callback, or
   restore the library's default (warnings on stderr) with None. */
static PyObject *set_log_callback(PyObject *callable) {
    PyObject *previous = nbpy_log_callable;
    if (callable == Py_None) {
        /* Uninstall first: an event already on its way finds no callable and
           is written as the default would. */
        nb_set_log_callback(NULL, NULL);
        nbpy_log_callable = NULL;
    } else {
        if (!PyCallable_Check(callable)) {
            PyErr_Format(PyExc_TypeError, "the log callback must be callable or None, not %.100s",
                         Py_TYPE(callable)->tp_name);
            return NULL;
        }
        Py_INCREF(callable);
        nbpy_log_callable = callable;
        nb_set_log_callback(nbpy_log_trampoline, NULL);
    }
    Py_XDECREF(previous);
    Py_RETURN_NONE;
}
%}
