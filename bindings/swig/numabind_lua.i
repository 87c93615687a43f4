/*
 * numabind_lua.i: the Lua typemaps, included by numabind.i under SWIGLUA.
 *
 * The generated module (built as numabind.core, see bindings/lua) keeps the C
 * names (core.nb_compute_cpuset, core.NB_MODE_EXCLUSIVE, ...); the idiomatic
 * layer is bindings/lua/numabind.lua. What this file decides:
 *
 *   - A failing nb_status is raised with error() as an error object: a table
 *     {code = "NB_ERANK", status = -8, message = nb_last_error(),
 *      os_error = errno or nil} whose metatable (core.error_metatable(),
 *     registry name "numabind.Error") turns it into "NB_ERANK: message" for
 *     tostring and for the interpreter's uncaught-error report. A successful
 *     call returns its out-parameters, or nothing.
 *   - Out-parameters are return values, in the C order: a handle
 *     (nb_cpuset **out, ...) is returned as an object that owns it, so that
 *     its __gc calls the nb_*_free of numabind.i exactly once; a NULL handle
 *     (no allowed-CPU override set) is nil. char **out strings are copied into
 *     Lua and released with nb_free at once; NULL is nil. Integers, enums and
 *     the pid are Lua integers.
 *   - int arguments (ranks, CPUs, counts) must be Lua integers within C int:
 *     1.5 or 2^40 is an NB_EINVAL error naming the value, never truncated.
 *   - argv and envp are Lua sequences of strings (envp may be nil: the
 *     caller's environment), copied into a NULL-terminated array that lives in
 *     a Lua userdata, so a raised error cannot leak it.
 *   - Two functions the C API has no counterpart for: error_metatable(), so
 *     the Lua layer can recognise and build errors of the same type, and
 *     wait(pid), because nb_spawn leaves the child for the caller to reap and
 *     plain Lua has no waitpid.
 */

%{
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

#define NB_LUA_ERROR_METATABLE "numabind.Error"

/*
 * Push the error object for `status`. The message and errno are read before
 * Lua allocates anything: an allocation can run a finalizer, and a finalizer
 * may call into numabind and replace this thread's last error.
 */
static void nb_lua_push_error(lua_State *L, int status, const char *message, int os_error) {
    lua_pushstring(L, message);
    lua_createtable(L, 0, 4);
    lua_insert(L, -2);
    lua_setfield(L, -2, "message");
    lua_pushstring(L, nb_status_name((nb_status)status));
    lua_setfield(L, -2, "code");
    lua_pushinteger(L, status);
    lua_setfield(L, -2, "status");
    if (os_error != 0) {
        lua_pushinteger(L, os_error);
        lua_setfield(L, -2, "os_error");
    }
    luaL_setmetatable(L, NB_LUA_ERROR_METATABLE);
}

static void nb_lua_push_last_error(lua_State *L, nb_status status) {
    const int os_error = nb_last_os_error();
    nb_lua_push_error(L, status, nb_last_error(), os_error);
}

/* Raise an NB_EINVAL error object for an argument the C API cannot be given. */
static int nb_lua_raise_invalid(lua_State *L, const char *format, ...) {
    va_list args;
    va_start(args, format);
    lua_pushvfstring(L, format, args);
    va_end(args);
    nb_lua_push_error(L, NB_EINVAL, lua_tostring(L, -1), 0);
    return lua_error(L);
}

static int nb_lua_checkint(lua_State *L, int index, const char *function, const char *name) {
    int is_integer = 0;
    const lua_Integer value = lua_tointegerx(L, index, &is_integer);
    if (!is_integer || value < INT_MIN || value > INT_MAX) {
        const char *shown = luaL_tolstring(L, index, NULL);
        nb_lua_raise_invalid(L, "%s: %s must be an integer from %d to %d, got %s (%s)", function, name,
                             INT_MIN, INT_MAX, shown, luaL_typename(L, index));
    }
    return (int)value;
}

/*
 * A Lua sequence of strings as a NULL-terminated array. The array is a
 * userdata left on the stack (collected with the call's frame); the strings
 * stay owned by the table, which is an argument and so outlives the call.
 */
static const char *const *nb_lua_string_array(lua_State *L, int index, const char *function,
                                              const char *name, int nil_ok) {
    lua_Integer count, i;
    const char **array;
    if (nil_ok && lua_isnoneornil(L, index)) return NULL;
    if (!lua_istable(L, index))
        nb_lua_raise_invalid(L, "%s: %s must be a table of strings, got %s", function, name,
                             luaL_typename(L, index));
    count = (lua_Integer)lua_rawlen(L, index);
    array = (const char **)lua_newuserdatauv(L, (size_t)(count + 1) * sizeof(char *), 0);
    for (i = 1; i <= count; ++i) {
        if (lua_rawgeti(L, index, i) != LUA_TSTRING)
            nb_lua_raise_invalid(L, "%s: %s[%d] must be a string, got %s", function, name, (int)i,
                                 luaL_typename(L, -1));
        array[i - 1] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    array[count] = NULL;
    return array;
}

static int nb_lua_error_tostring(lua_State *L) {
    const char *code, *message;
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "code");
    lua_getfield(L, 1, "message");
    code = lua_tostring(L, -2);
    message = lua_tostring(L, -1);
    lua_pushfstring(L, "%s: %s", code ? code : "NB_?", message ? message : "");
    return 1;
}
%}

%init %{
    if (luaL_newmetatable(L, NB_LUA_ERROR_METATABLE)) {
        lua_pushcfunction(L, nb_lua_error_tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_pop(L, 1);
%}

/* ---- status: raise on failure, return nothing on success ------------------ */

%typemap(out) nb_status %{
    if ($1 != NB_OK) {
        nb_lua_push_last_error(L, $1);
        return lua_error(L);
    }
%}

/* A rank's status is a value, not a failure: the status and, for a rank that
   has no binding, its error object (the core sets the last error to it). */
%typemap(out) nb_status nb_plan_rank_status %{
    lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++;
    if ($1 != NB_OK) { nb_lua_push_last_error(L, $1); SWIG_arg++; }
%}

/* ---- integers ------------------------------------------------------------ */

%typemap(in) int %{ $1 = nb_lua_checkint(L, $input, "$symname", "$1_name"); %}
%typemap(out) int %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}
%typemap(out) uint32_t %{ lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++; %}

/* ---- out-parameters ------------------------------------------------------ */

%define NB_LUA_HANDLE_OUT(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *handle = NULL) %{ $1 = &handle; %}
%typemap(argout) TYPE **out %{
    if (*$1) SWIG_NewPointerObj(L, *$1, $*descriptor, 1); else lua_pushnil(L);
    SWIG_arg++;
%}
%enddef
NB_LUA_HANDLE_OUT(nb_cpuset)
NB_LUA_HANDLE_OUT(nb_options)
NB_LUA_HANDLE_OUT(nb_topology)
NB_LUA_HANDLE_OUT(nb_plan)

%typemap(in, numinputs=0) char **out (char *text = NULL) %{ $1 = &text; %}
%typemap(argout) char **out %{
    if (*$1) lua_pushstring(L, *$1); else lua_pushnil(L);
    SWIG_arg++;
    nb_free(*$1);
    *$1 = NULL;
%}

%define NB_LUA_INT_OUT(TYPE, NAME)
%typemap(in, numinputs=0) TYPE *NAME (TYPE value = (TYPE)0) %{ $1 = &value; %}
%typemap(argout) TYPE *NAME %{ lua_pushinteger(L, (lua_Integer)*$1); SWIG_arg++; %}
%enddef
NB_LUA_INT_OUT(int, out)
NB_LUA_INT_OUT(int, gpu_index)
NB_LUA_INT_OUT(int, numa_node)
NB_LUA_INT_OUT(int, pid)
NB_LUA_INT_OUT(nb_mode, out)
NB_LUA_INT_OUT(nb_gpu_vendor, out)
NB_LUA_INT_OUT(nb_mem_policy, out)

/* ---- inputs -------------------------------------------------------------- */

%typemap(in) (const char *buffer, size_t len) {
    size_t length = 0;
    if (lua_type(L, $input) != LUA_TSTRING)
        nb_lua_raise_invalid(L, "$symname: the XML document must be a string, got %s",
                             luaL_typename(L, $input));
    $1 = (char *)lua_tolstring(L, $input, &length);
    $2 = length;
}

%typemap(in) const char *const argv[] %{
    $1 = ($1_ltype)nb_lua_string_array(L, $input, "$symname", "argv", 0);
%}
%typemap(in) const char *const envp[] %{
    $1 = ($1_ltype)nb_lua_string_array(L, $input, "$symname", "envp", 1);
%}

/* ---- left out ------------------------------------------------------------ */

/* Strings are copied into Lua and freed by the typemaps above. */
%ignore nb_free;
/* A C function pointer called on whatever thread applies a binding; the
   default (warnings on stderr) stays in force for Lua. */
%ignore nb_set_log_callback;
%ignore nb_log_callback;

/* ---- additions ----------------------------------------------------------- */

%native(error_metatable) int nb_lua_error_metatable(lua_State *L);
%native(wait) int nb_lua_wait(lua_State *L);
%wrapper %{
static int nb_lua_error_metatable(lua_State *L) {
    luaL_getmetatable(L, NB_LUA_ERROR_METATABLE);
    return 1;
}

/*
 * wait(pid): block until child `pid` ends and reap it; returns what
 * os.execute returns for a command: true|nil, "exit"|"signal", number.
 * A pid that is not a child of this process is an NB_ESYSTEM error with the
 * errno (ECHILD) in os_error.
 */
static int nb_lua_wait(lua_State *L) {
    const int pid = nb_lua_checkint(L, 1, "wait", "pid");
    int status = 0;
    pid_t reaped;
    if (pid <= 0) return nb_lua_raise_invalid(L, "wait: pid must be positive, got %d", pid);
    do {
        reaped = waitpid((pid_t)pid, &status, 0);
    } while (reaped < 0 && errno == EINTR);
    if (reaped < 0) {
        const int error = errno;
        lua_pushfstring(L, "waitpid(%d): %s", pid, strerror(error));
        nb_lua_push_error(L, NB_ESYSTEM, lua_tostring(L, -1), error);
        return lua_error(L);
    }
    if (WIFSIGNALED(status)) {
        lua_pushnil(L);
        lua_pushliteral(L, "signal");
        lua_pushinteger(L, WTERMSIG(status));
    } else {
        const int code = WEXITSTATUS(status);
        if (code == 0) lua_pushboolean(L, 1); else lua_pushnil(L);
        lua_pushliteral(L, "exit");
        lua_pushinteger(L, code);
    }
    return 3;
}
%}
