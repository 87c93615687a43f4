/*
 * numabind: bind GPU workers to the CPUs nearest their GPU.
 *
 * This is the library's only public header. It is C99, every symbol carries
 * the nb_ / NB_ prefix, and no hwloc or JSON type leaks through it, so the
 * ABI can stay stable while the implementation changes.
 *
 * Conventions
 * - Every fallible function returns an nb_status: NB_OK (0) or a negative
 *   NB_E* code. On failure nb_last_error() returns a message for the calling
 *   thread that names the offending value.
 * - Out-parameters come first. On failure an out-parameter is left NULL (for
 *   pointers) or untouched (for scalars); nothing needs freeing.
 * - Handles are opaque. Each has a *_free function; *_free(NULL) is a no-op.
 *   Strings the library allocates are released with nb_free().
 * - No exception, abort or exit ever crosses this boundary, whatever the input.
 *
 * Thread safety
 * - A loaded nb_topology is immutable: any number of threads may use one
 *   topology at once.
 * - nb_options and nb_cpuset objects are plain values: concurrent reads are
 *   safe, a write needs exclusive access.
 * - nb_last_error() and nb_last_os_error() are per thread, and so is the
 *   affinity stack of nb_affinity_push / nb_affinity_pop.
 * - The applying functions (nb_affinity_push*, nb_spawn*,
 *   nb_bind_current_process*) may be called from any number of threads at
 *   once; each changes only its calling thread (and, for the last, the
 *   process's unpinned threads), and only for as long as documented.
 * - The log callback is process-wide; it may be called from several threads
 *   at once.
 *
 * Semantics (see README.md for the long form)
 * - Local rank i drives GPU i of the GPU list: the GPUs the topology holds, in
 *   PCI bus-id order (CUDA's PCI_BUS_ID order and nvidia-smi's), after the
 *   CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES remap.
 * - "Allowed" CPUs: for the live machine, the topology's allowed set
 *   intersected with the calling thread's affinity; for a topology read from a
 *   file, the file's own allowed set. An allowed list set in the options
 *   replaces the thread part.
 */
#ifndef NUMABIND_H
#define NUMABIND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(NB_BUILDING_LIBRARY) && defined(__GNUC__)
#define NB_API __attribute__((visibility("default")))
#else
#define NB_API
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

#define NB_VERSION_MAJOR 0
#define NB_VERSION_MINOR 1
#define NB_VERSION_PATCH 0
/** MAJOR * 10000 + MINOR * 100 + PATCH, for compile-time comparisons. */
#define NB_VERSION_NUMBER \
    (NB_VERSION_MAJOR * 10000 + NB_VERSION_MINOR * 100 + NB_VERSION_PATCH)

/** The version of the library actually loaded, encoded as NB_VERSION_NUMBER. */
NB_API uint32_t nb_version_number(void);
/** The version of the library actually loaded, as "MAJOR.MINOR.PATCH". Static. */
NB_API const char *nb_version_string(void);

/* ------------------------------------------------------------------------ */
/* Status codes and errors                                                  */
/* ------------------------------------------------------------------------ */

/** Status of a call. Values are never reused; new codes get new numbers. */
typedef enum nb_status {
    NB_OK = 0,
    /** An argument is invalid: NULL where a value is required, a negative count. */
    NB_EINVAL = -1,
    /** Out of memory. */
    NB_ENOMEM = -2,
    /** Unknown binding mode, GPU vendor or other enumerated name. */
    NB_EMODE = -3,
    /** Malformed CPU list string ("0-3,8"): garbage, reversed range, overflow. */
    NB_ECPULIST = -4,
    /** Malformed JSON, a key of the wrong type, or an unknown key. */
    NB_EJSON = -5,
    /** The topology cannot be loaded: missing file, not a topology, hwloc error. */
    NB_ETOPOLOGY = -6,
    /** The topology holds no GPU (of the requested vendor). */
    NB_ENOGPU = -7,
    /** Local rank is negative or not below the number of (visible) GPUs. */
    NB_ERANK = -8,
    /** GPU selection is invalid: a visible-devices entry or PCI bus id names no GPU. */
    NB_EGPUSEL = -9,
    /** The GPU's CPUs are all outside the allowed CPUs. */
    NB_ENOTALLOWED = -10,
    /** Mode "exclusive": fewer allowed physical cores on the node than GPUs on it. */
    NB_ECORES = -11,
    /** A CPU set that must not be empty is empty (e.g. the allowed list). */
    NB_EEMPTY = -12,
    /** No NUMA node with CPUs is local to the GPU. */
    NB_ENONUMA = -13,
    /** An internal error: a bug in numabind. The message says where. */
    NB_EINTERNAL = -14,
    /** nb_affinity_pop() with nothing pushed on the calling thread. */
    NB_ESTACK = -15,
    /** The kernel refused the CPU affinity: a CPU of the set does not exist
        here, is offline, or is outside the cgroup's cpuset. */
    NB_EAFFINITY = -16,
    /** The kernel refused the memory policy: forbidden in this container
        (EPERM, seccomp) or nodes outside the cgroup's memory nodes (EINVAL). */
    NB_EMEMPOLICY = -17,
    /** The program cannot be executed: not found, not executable, bad format.
        The message names the program; nb_last_os_error() gives the errno. */
    NB_EEXEC = -18,
    /** Another system call failed (process creation, reading /proc). The
        message names the call; nb_last_os_error() gives the errno. */
    NB_ESYSTEM = -19,
    /** Not a status. Makes the enum span every int, so that whatever value a
        caller passes in (nb_strerror(12345)) is defined behaviour in C++ too. */
    NB_STATUS_FORCE_INT = 0x7fffffff
} nb_status;

/**
 * Message describing the last failure on the calling thread, naming the bad
 * value ("unknown mode 'nod'"). Valid until the next failing call on this
 * thread. Never NULL; "" when no call has failed yet.
 */
NB_API const char *nb_last_error(void);

/**
 * The errno behind the last failure on the calling thread when a system call
 * caused it (ENOENT for a program that does not exist), else 0. Set and
 * cleared together with nb_last_error().
 */
NB_API int nb_last_os_error(void);

/** Static one-line description of a status code. Never NULL. */
NB_API const char *nb_strerror(nb_status status);

/** Static symbolic name of a status code ("NB_ERANK"). Never NULL. */
NB_API const char *nb_status_name(nb_status status);

/** Free a string (or any buffer) the library returned. NULL is a no-op. */
NB_API void nb_free(void *ptr);

/* ------------------------------------------------------------------------ */
/* CPU sets                                                                 */
/* ------------------------------------------------------------------------ */

/** A set of logical CPU numbers (OS indexes), of any size. */
typedef struct nb_cpuset nb_cpuset;

/** Largest CPU number a set accepts: bigger numbers are NB_ECPULIST errors. */
#define NB_CPUSET_MAX_CPU 1048575

/** A new empty set. */
NB_API nb_status nb_cpuset_new(nb_cpuset **out);

/**
 * Parse a list string in the sysfs / numactl syntax: comma-separated decimal
 * CPU numbers and inclusive ranges, e.g. "0-3,8,10-11". Whitespace, empty
 * items, signs, reversed ranges ("3-1"), open ranges and numbers above
 * NB_CPUSET_MAX_CPU are NB_ECPULIST errors naming the item. "" is the empty set.
 */
NB_API nb_status nb_cpuset_parse(nb_cpuset **out, const char *list);

/** A copy of a set. */
NB_API nb_status nb_cpuset_dup(nb_cpuset **out, const nb_cpuset *set);

NB_API void nb_cpuset_free(nb_cpuset *set);

/** The canonical list string of a set ("0-3,8"; "" when empty). nb_free() it. */
NB_API nb_status nb_cpuset_format(char **out, const nb_cpuset *set);

/** Add or remove one CPU (0 .. NB_CPUSET_MAX_CPU). */
NB_API nb_status nb_cpuset_add(nb_cpuset *set, int cpu);
NB_API nb_status nb_cpuset_remove(nb_cpuset *set, int cpu);

/** Number of CPUs in the set; 0 for NULL. */
NB_API int nb_cpuset_count(const nb_cpuset *set);

/** 1 if cpu is in the set, else 0 (also for NULL or a negative cpu). */
NB_API int nb_cpuset_contains(const nb_cpuset *set, int cpu);

/**
 * Iterate: the smallest CPU in the set greater than prev, or -1 when there is
 * none. Start with prev = -1.
 */
NB_API int nb_cpuset_next(const nb_cpuset *set, int prev);

/** 1 if both sets hold the same CPUs, else 0. */
NB_API int nb_cpuset_equal(const nb_cpuset *a, const nb_cpuset *b);

/* ------------------------------------------------------------------------ */
/* Options                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * Binding modes, for the GPU a local rank drives (its "host node" is the NUMA
 * node with CPUs closest to it):
 * - NODE: every allowed CPU of the host node.
 * - SOCKET: every allowed CPU of every NUMA node in the package(s) holding the
 *   host node; nodes without allowed CPUs are skipped.
 * - EXCLUSIVE: the host node's allowed physical cores split evenly among the
 *   GPUs whose host node it is, in GPU order, with every allowed hardware
 *   thread of each core; the remainder cores go one each to the lowest GPUs.
 *   Fewer cores than GPUs is NB_ECORES.
 * - CORE_COMPLEX: one group of allowed CPUs of the host node sharing the
 *   highest-level data/unified cache (an L3, a CCX); groups ordered by most
 *   allowed CPUs first, then lowest CPU; the k-th GPU on the node takes group
 *   k mod the number of groups.
 * - CLOSEST: the allowed CPUs of the GPU's own hwloc locality, which is finer
 *   than a NUMA node where the hardware says so (one L3 per GPU).
 */
typedef enum nb_mode {
    NB_MODE_NODE = 0,
    NB_MODE_SOCKET = 1,
    NB_MODE_EXCLUSIVE = 2,
    NB_MODE_CORE_COMPLEX = 3,
    NB_MODE_CLOSEST = 4,
    /** Not a mode (rejected with NB_EMODE); makes the enum span every int. */
    NB_MODE_FORCE_INT = 0x7fffffff
} nb_mode;

/** Parse "node", "socket", "exclusive", "core-complex" or "closest". */
NB_API nb_status nb_mode_parse(nb_mode *out, const char *name);
/** Static name of a mode, or NULL when the value is not a mode. */
NB_API const char *nb_mode_name(nb_mode mode);

/** Which GPUs are discovered. */
typedef enum nb_gpu_vendor {
    /** NVIDIA GPUs when the topology has any, else AMD GPUs. */
    NB_GPU_VENDOR_AUTO = 0,
    NB_GPU_VENDOR_NVIDIA = 1,
    NB_GPU_VENDOR_AMD = 2,
    /** Not a vendor (rejected with NB_EMODE); makes the enum span every int. */
    NB_GPU_VENDOR_FORCE_INT = 0x7fffffff
} nb_gpu_vendor;

/** Parse "auto", "nvidia" or "amd". */
NB_API nb_status nb_gpu_vendor_parse(nb_gpu_vendor *out, const char *name);
/** Static name of a vendor, or NULL when the value is not a vendor. */
NB_API const char *nb_gpu_vendor_name(nb_gpu_vendor vendor);

/**
 * Memory policy applied together with a binding (set_mempolicy(2)), for the
 * bound thread and whatever it starts afterwards. "The binding's nodes" are
 * the NUMA nodes that hold the binding's CPUs on this machine, as the kernel
 * reports them in /sys/devices/system/node.
 * - LOCAL: leave the memory policy alone; the kernel already allocates on the
 *   node of the CPU a thread runs on.
 * - PREFERRED: allocate on the binding's nodes first, elsewhere when they are
 *   full (MPOL_PREFERRED, or MPOL_PREFERRED_MANY for several nodes).
 * - BIND: allocate only on the binding's nodes (MPOL_BIND).
 * - INTERLEAVE: spread pages across the binding's nodes (MPOL_INTERLEAVE),
 *   useful with mode SOCKET.
 */
typedef enum nb_mem_policy {
    NB_MEM_POLICY_LOCAL = 0,
    NB_MEM_POLICY_PREFERRED = 1,
    NB_MEM_POLICY_BIND = 2,
    NB_MEM_POLICY_INTERLEAVE = 3,
    /** Not a policy (rejected with NB_EMODE); makes the enum span every int. */
    NB_MEM_POLICY_FORCE_INT = 0x7fffffff
} nb_mem_policy;

/** Parse "local", "preferred", "bind" or "interleave". */
NB_API nb_status nb_mem_policy_parse(nb_mem_policy *out, const char *name);
/** Static name of a memory policy, or NULL when the value is not one. */
NB_API const char *nb_mem_policy_name(nb_mem_policy policy);

/** How to compute and apply a binding. Opaque so that fields can be added. */
typedef struct nb_options nb_options;

/**
 * New options with the defaults: mode NODE, no fall-back, no allowed-CPU
 * override, vendor AUTO, no explicit PCI bus ids, visible devices taken from
 * the environment, memory policy LOCAL.
 */
NB_API nb_status nb_options_new(nb_options **out);
NB_API nb_status nb_options_dup(nb_options **out, const nb_options *options);
NB_API void nb_options_free(nb_options *options);

NB_API nb_status nb_options_set_mode(nb_options *options, nb_mode mode);
NB_API nb_status nb_options_get_mode(nb_mode *out, const nb_options *options);

/**
 * Fall back: when a binding cannot be computed or applied, run unbound and
 * report it rather than fail. The applying functions (nb_affinity_push*,
 * nb_bind_current_process*, nb_spawn*) then leave their target unbound,
 * report the error through the log callback, and return NB_OK. Computing
 * functions (nb_compute_cpuset, nb_plan_compute) still return the error.
 */
NB_API nb_status nb_options_set_fallback(nb_options *options, int enabled);
NB_API nb_status nb_options_get_fallback(int *out, const nb_options *options);

/**
 * Replace the thread-affinity part of the allowed CPUs with this set (copied).
 * NULL removes the override. An empty set is NB_EEMPTY.
 */
NB_API nb_status nb_options_set_allowed_cpus(nb_options *options, const nb_cpuset *cpus);
/** A copy of the override, or *out = NULL when none is set. */
NB_API nb_status nb_options_get_allowed_cpus(nb_cpuset **out, const nb_options *options);

NB_API nb_status nb_options_set_gpu_vendor(nb_options *options, nb_gpu_vendor vendor);
NB_API nb_status nb_options_get_gpu_vendor(nb_gpu_vendor *out, const nb_options *options);

/**
 * Use exactly these PCI devices as the GPU list, in the order given, instead
 * of discovering GPUs: comma-separated bus ids "DDDD:BB:DD.F" (or "BB:DD.F"
 * for domain 0), hexadecimal, any case. NULL or "" removes the list. A
 * malformed or repeated id is NB_EGPUSEL; an id the topology lacks is
 * reported when a binding is computed. The *_VISIBLE_DEVICES variables do not
 * remap such a list (the caller has chosen the GPUs); the visible_devices
 * option still does.
 */
NB_API nb_status nb_options_set_pci_bus_ids(nb_options *options, const char *ids);
/** The list in canonical form ("0000:4e:00.0,0000:5f:00.0"), or *out = NULL. nb_free() it. */
NB_API nb_status nb_options_get_pci_bus_ids(char **out, const nb_options *options);

/**
 * Use this value instead of the CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES /
 * ROCR_VISIBLE_DEVICES environment variable: comma-separated GPU indexes or
 * GPU UUIDs (unique prefixes of "GPU-..." accepted). NULL goes back to the
 * environment. "" hides every GPU, as it does for CUDA. A value that is not
 * valid UTF-8 (which the options' JSON form could not hold) is NB_EGPUSEL.
 */
NB_API nb_status nb_options_set_visible_devices(nb_options *options, const char *value);
/** The override, or *out = NULL when the environment is used. nb_free() it. */
NB_API nb_status nb_options_get_visible_devices(char **out, const nb_options *options);

NB_API nb_status nb_options_set_mem_policy(nb_options *options, nb_mem_policy policy);
NB_API nb_status nb_options_get_mem_policy(nb_mem_policy *out, const nb_options *options);

/**
 * The options as a JSON object:
 * {"schema":"numabind.options/1","mode":"node","fallback":false,
 *  "allowed_cpus":null,"gpu_vendor":"auto","pci_bus_ids":null,
 *  "visible_devices":null,"mem_policy":"local"}
 * allowed_cpus is a CPU list string, pci_bus_ids an array of bus-id strings,
 * visible_devices a string; null means "not set". Every field is written, so
 * nb_options_from_json(nb_options_to_json(o)) equals o. nb_free() the string.
 */
NB_API nb_status nb_options_to_json(char **out, const nb_options *options);

/**
 * Options from a JSON object as nb_options_to_json writes it. Missing keys
 * keep their defaults; unknown keys, wrong types, unknown modes or vendors,
 * bad CPU lists, an empty allowed list and bad bus ids are errors (NB_EJSON,
 * NB_EMODE, NB_ECPULIST, NB_EEMPTY, NB_EGPUSEL) whose message names the key
 * and value.
 */
NB_API nb_status nb_options_from_json(nb_options **out, const char *json);

/* ------------------------------------------------------------------------ */
/* Topology                                                                 */
/* ------------------------------------------------------------------------ */

/** A machine's topology: CPUs, caches, NUMA nodes, PCI devices. Immutable. */
typedef struct nb_topology nb_topology;

/**
 * The live machine, with its PCI devices. When the environment variable
 * NUMABIND_TOPOLOGY names an hwloc XML file, that file is loaded instead (and
 * treated as a file: its own allowed CPUs apply), so any program built on
 * numabind can be shown another machine without code changes. Discovery reads
 * sysfs only: no GPU runtime (CUDA, NVML, OpenCL, ROCm) is loaded or
 * initialised, so a launcher may call this before it forks its workers. GPU
 * UUIDs come from /proc/driver/nvidia.
 */
NB_API nb_status nb_topology_load(nb_topology **out);

/** An hwloc XML file (2.x or 1.x format). */
NB_API nb_status nb_topology_load_xml(nb_topology **out, const char *path);

/** An hwloc XML document in memory (len bytes, no terminator needed). */
NB_API nb_status nb_topology_load_xml_buffer(nb_topology **out, const char *buffer, size_t len);

/**
 * A captured Linux sysfs/procfs tree (a directory holding sys/ and proc/, as
 * hwloc's test captures do), read with hwloc's Linux backend only, so nothing
 * of the host machine leaks into the result. The capture is read in a
 * short-lived child process, leaving this process's environment untouched.
 */
NB_API nb_status nb_topology_load_fsroot(nb_topology **out, const char *dir);

NB_API void nb_topology_free(nb_topology *topology);

/** 1 if the topology is the live machine (not a file or capture), else 0. */
NB_API int nb_topology_is_live(const nb_topology *topology);

/**
 * The topology as JSON, for tools and bindings:
 * {"schema":"numabind.topology/1","source":"...","allowed_cpus":"0-15",
 *  "numa_nodes":[{"os_index":0,"cpus":"0-7","has_cpus":true,"package":0,
 *                 "subtype":null}],
 *  "gpus":[{"index":0,"pci_bus_id":"0000:4e:00.0","vendor":"nvidia",
 *           "pci_id":"10de:2330","pci_class":"0302","uuid":null,
 *           "numa_node":3,"package":0,"local_cpus":"42-55,154-167",
 *           "os_devices":["cuda0","nvml0"]}]}
 * The GPU list is the one options select (vendor, explicit bus ids) before
 * the visible-devices remap; options may be NULL for the defaults. A GPU with
 * no host node has "numa_node":null and a "numa_error" message.
 */
NB_API nb_status nb_topology_to_json(char **out, const nb_topology *topology,
                                     const nb_options *options);

/** Number of GPUs the options select (before the visible-devices remap). */
NB_API nb_status nb_topology_gpu_count(int *out, const nb_topology *topology,
                                       const nb_options *options);

/* ------------------------------------------------------------------------ */
/* Computing bindings                                                       */
/* ------------------------------------------------------------------------ */

/**
 * The CPUs local rank `local_rank` should run on, for the GPU it drives,
 * under the options' mode (options may be NULL for the defaults). Reads the
 * calling thread's affinity when the topology is live and no allowed-CPU
 * override is set; otherwise pure.
 */
NB_API nb_status nb_compute_cpuset(nb_cpuset **out, const nb_topology *topology,
                                   const nb_options *options, int local_rank);

/** The bindings of local ranks 0 .. nproc-1, each with its own status. */
typedef struct nb_plan nb_plan;

/**
 * Compute a plan for nproc local ranks (nproc = 0: one per visible GPU, at
 * most 65536: a larger or negative nproc is NB_EINVAL). Problems that concern the whole plan (bad options, no GPU, bad visible
 * devices) fail the call; a rank that cannot be bound (out of range, outside
 * the allowed CPUs, too few cores) gets its own status in the plan and the
 * call succeeds.
 */
NB_API nb_status nb_plan_compute(nb_plan **out, const nb_topology *topology,
                                 const nb_options *options, int nproc);
NB_API void nb_plan_free(nb_plan *plan);

/** Number of ranks in the plan; 0 for NULL. */
NB_API int nb_plan_size(const nb_plan *plan);

/**
 * Rank r's status: NB_OK if it has a binding, else why not. NB_ERANK for a
 * rank outside the plan (and NB_EINVAL for a NULL plan).
 */
NB_API nb_status nb_plan_rank_status(const nb_plan *plan, int rank);

/** A copy of rank r's CPUs; the rank's own error when it has none. */
NB_API nb_status nb_plan_rank_cpuset(nb_cpuset **out, const nb_plan *plan, int rank);

/**
 * The GPU rank r drives (its index in the topology's GPU list, as
 * nb_topology_to_json numbers them) and that GPU's host NUMA node (OS index,
 * -1 when it has none).
 */
NB_API nb_status nb_plan_rank_gpu(int *gpu_index, int *numa_node, const nb_plan *plan, int rank);

/**
 * The plan as JSON:
 * {"schema":"numabind.plan/1","mode":"node","fallback":false,"ranks":[
 *   {"local_rank":0,"gpu":{"index":0,"pci_bus_id":"0000:4e:00.0"},
 *    "numa_node":3,"cpus":"42-55,154-167"},
 *   {"local_rank":1,"gpu":{...},"numa_node":1,
 *    "error":{"code":"NB_ENOTALLOWED","message":"..."}}]}
 * A rank without a GPU (out of range) has "gpu":null and "numa_node":null.
 */
NB_API nb_status nb_plan_to_json(char **out, const nb_plan *plan);

/* ------------------------------------------------------------------------ */
/* Local rank                                                               */
/* ------------------------------------------------------------------------ */

/**
 * The local rank launchers give a worker in its environment: LOCAL_RANK
 * (torchrun), else SLURM_LOCALID (srun), else OMPI_COMM_WORLD_LOCAL_RANK
 * (Open MPI). NB_ERANK when none is set, or when the first one set is not a
 * whole number from 0 to INT_MAX; the message names the variable and value.
 */
NB_API nb_status nb_local_rank_from_environment(int *out);

/* ------------------------------------------------------------------------ */
/* Log callback                                                             */
/* ------------------------------------------------------------------------ */

typedef enum nb_log_level {
    /** A binding was not applied and its target runs unbound (fall-back). */
    NB_LOG_WARNING = 1,
    /** A binding was applied. Only sent to an installed callback. */
    NB_LOG_INFO = 2,
    NB_LOG_LEVEL_FORCE_INT = 0x7fffffff
} nb_log_level;

/**
 * Receives one event as a single-line JSON object, e.g.
 * {"event":"fallback","target":"thread","local_rank":3,"cpus":null,
 *  "error":{"code":"NB_ECORES","message":"..."},
 *  "options":{"schema":"numabind.options/1",...}}
 * "event" is "fallback" (NB_LOG_WARNING) or "bound" (NB_LOG_INFO); "target"
 * is "thread", "process" or "child" (with "pid" for a child); "local_rank"
 * is null for the functions that take a CPU set. The string is valid only
 * during the call. Called on the thread that applied the binding, possibly
 * from several threads at once.
 */
typedef void (*nb_log_callback)(nb_log_level level, const char *message, void *user_data);

/**
 * Install the process-wide log callback (replacing the previous one). NULL
 * restores the default, which writes warnings to stderr as
 * "numabind: warning: <message>" and drops info events.
 */
NB_API void nb_set_log_callback(nb_log_callback callback, void *user_data);

/* ------------------------------------------------------------------------ */
/* Applying bindings                                                        */
/* ------------------------------------------------------------------------ */

/*
 * CPU affinity and memory policy belong to a thread on Linux; a child starts
 * with those of the thread that created it, and keeps them across exec. A
 * binding is applied whole or not at all: when the memory policy is refused
 * after the affinity was set, the affinity is put back before the error
 * returns. With the options' fall-back set, a binding that cannot be
 * computed or applied leaves its target unbound, is reported through the log
 * callback, and the call returns NB_OK.
 *
 * The CPUs of a set must exist here: a set computed from a topology file is
 * applied as long as the machine has those CPUs. CPUs the kernel drops
 * (absent, offline, outside the cgroup) fail with NB_EAFFINITY rather than
 * being silently narrowed. Masks have the kernel's size (any number of CPUs,
 * not glibc's 1024-CPU cpu_set_t).
 */

/**
 * Bind the calling thread to `cpus` (with the options' memory policy;
 * options may be NULL for the defaults) and remember what it had before, on
 * a stack of the calling thread's own. Nest freely; threads never see each
 * other's stack.
 */
NB_API nb_status nb_affinity_push(const nb_cpuset *cpus, const nb_options *options);

/** nb_affinity_push() with the binding computed for `local_rank`. */
NB_API nb_status nb_affinity_push_rank(const nb_topology *topology, const nb_options *options,
                                       int local_rank);

/**
 * Restore the affinity (and memory policy) the calling thread had before its
 * latest push, and drop that push. NB_ESTACK when nothing is pushed. The push
 * is dropped even when the kernel refuses the restore (the cgroup shrank
 * meanwhile): the error then says what the thread is left with.
 */
NB_API nb_status nb_affinity_pop(void);

/** Number of pushes on the calling thread's stack not yet popped. */
NB_API int nb_affinity_depth(void);

/**
 * Bind every thread of the calling process that still has the process's
 * original affinity, leaving alone threads someone bound on purpose: for
 * code that runs inside the worker (a multiprocessing entry point). The
 * original affinity is the calling thread's; NB_ESTACK when the calling
 * thread has pushes not yet popped (its own affinity is then not the
 * process's). Threads started while this runs are caught (the thread list
 * is read until it stops changing). The memory policy, which the kernel lets
 * a thread set only for itself, applies to the calling thread and the
 * threads it starts afterwards. On failure every thread already bound is put
 * back.
 */
NB_API nb_status nb_bind_current_process(const nb_cpuset *cpus, const nb_options *options);

/** nb_bind_current_process() with the binding computed for `local_rank`. */
NB_API nb_status nb_bind_current_process_rank(const nb_topology *topology,
                                              const nb_options *options, int local_rank);

/* ------------------------------------------------------------------------ */
/* Spawning bound children                                                  */
/* ------------------------------------------------------------------------ */

/**
 * Start a program bound to `cpus` (and the options' memory policy) from its
 * first instruction, and store its process id (a pid_t) in *pid; the caller
 * waits for it (waitpid). argv[0] is looked up in PATH as posix_spawnp(3)
 * does (the caller's PATH, not envp's); argv ends with NULL. envp (NULL-
 * terminated) is the child's whole environment, NULL for the caller's. cwd
 * is the child's working directory, NULL for the caller's. The child
 * inherits the caller's signal mask, ignored signals and open descriptors
 * not marked close-on-exec, as with posix_spawnp.
 *
 * The binding is applied to the calling thread, the child is created, and
 * the thread's affinity and memory policy are restored, on every path: no
 * other thread or process takes part, so any number of threads may spawn at
 * once, each binding its own child. A program that cannot be executed is
 * NB_EEXEC naming it (no child is left behind), whatever the fall-back.
 */
NB_API nb_status nb_spawn(int *pid, const char *const argv[], const char *const envp[],
                          const char *cwd, const nb_cpuset *cpus, const nb_options *options);

/** nb_spawn() with the binding computed for `local_rank`. */
NB_API nb_status nb_spawn_rank(int *pid, const char *const argv[], const char *const envp[],
                               const char *cwd, const nb_topology *topology,
                               const nb_options *options, int local_rank);

#ifdef __cplusplus
}
#endif

#endif /* NUMABIND_H */
