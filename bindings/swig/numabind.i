/*
 * numabind.i: the one SWIG interface from which the Python, Go and Lua
 * bindings are generated. Every binding wraps include/numabind.h as it is and
 * adds only a thin idiomatic layer in its own language, so that launchers
 * written in any language make the same decisions: no binding re-implements a
 * mode, a parser or a rule.
 *
 * What is shared here:
 *   - the handles (nb_cpuset, nb_options, nb_topology, nb_plan) become
 *     objects with a destructor calling their nb_*_free, so the language's
 *     garbage collector (Python proxies, Lua __gc) or an explicit Close/Delete
 *     (Go) releases them exactly once;
 *   - the enum sentinels that exist only to fix the C enums' size are hidden.
 * What each language adds, in numabind_<language>.i beside this file: how a
 * failing nb_status becomes the language's error, how out-parameters
 * (nb_cpuset **out, char **out, int *out, ...) become return values, and how
 * argument vectors and strings cross.
 *
 * The module name is the language build's choice (swig -module NAME).
 */
%module numabind

%{
#include "numabind.h"
%}

%include <stdint.i>

/* Sizing sentinels (0x7fffffff), not values any caller passes. */
%ignore NB_STATUS_FORCE_INT;
%ignore NB_MODE_FORCE_INT;
%ignore NB_GPU_VENDOR_FORCE_INT;
%ignore NB_MEM_POLICY_FORCE_INT;
%ignore NB_LOG_LEVEL_FORCE_INT;

/*
 * The opaque handles, declared to SWIG only (the C header keeps them
 * incomplete): objects that no binding constructs directly (the nb_*_new /
 * load / compute functions do) and whose destructor is the C API's own free.
 */
%nodefaultctor nb_cpuset;
%nodefaultctor nb_options;
%nodefaultctor nb_topology;
%nodefaultctor nb_plan;
struct nb_cpuset {};
struct nb_options {};
struct nb_topology {};
struct nb_plan {};
%extend nb_cpuset { ~nb_cpuset() { nb_cpuset_free($self); } }
%extend nb_options { ~nb_options() { nb_options_free($self); } }
%extend nb_topology { ~nb_topology() { nb_topology_free($self); } }
%extend nb_plan { ~nb_plan() { nb_plan_free($self); } }
%ignore nb_cpuset_free;
%ignore nb_options_free;
%ignore nb_topology_free;
%ignore nb_plan_free;

#if defined(SWIGPYTHON)
%include "numabind_python.i"
#elif defined(SWIGGO)
%include "numabind_go.i"
#elif defined(SWIGLUA)
%include "numabind_lua.i"
#else
#error "numabind.i has typemaps for Python, Go and Lua only"
#endif

%include "numabind.h"
