#define _GNU_SOURCE /* CPU_ALLOC and friends */
#include "task_binding.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

/*
 * The process's CPU affinity as a numabind set. The mask grows until the
 * kernel accepts its size, so machines beyond glibc's 1024 CPUs work.
 */
static int own_affinity(nb_cpuset **out, char *message) {
    for (int ncpus = 1024; ncpus <= NB_CPUSET_MAX_CPU + 1; ncpus *= 2) {
        cpu_set_t *mask = CPU_ALLOC((size_t)ncpus);
        const size_t size = CPU_ALLOC_SIZE((size_t)ncpus);
        if (mask == NULL) {
            snprintf(message, NBS_MESSAGE_SIZE, "out of memory reading the task's CPU affinity");
            return -1;
        }
        if (sched_getaffinity(0, size, mask) != 0) {
            const int error = errno;
            CPU_FREE(mask);
            if (error == EINVAL) continue; /* the kernel's mask is larger */
            snprintf(message, NBS_MESSAGE_SIZE, "cannot read the task's CPU affinity: %s", strerror(error));
            return -1;
        }
        nb_cpuset *set = NULL;
        nb_status status = nb_cpuset_new(&set);
        for (int cpu = 0; status == NB_OK && cpu < ncpus; ++cpu)
            if (CPU_ISSET_S((size_t)cpu, size, mask)) status = nb_cpuset_add(set, cpu);
        CPU_FREE(mask);
        if (status != NB_OK) {
            snprintf(message, NBS_MESSAGE_SIZE, "task's CPU affinity: %s", nb_last_error());
            nb_cpuset_free(set);
            return -1;
        }
        *out = set;
        return 0;
    }
    snprintf(message, NBS_MESSAGE_SIZE, "cannot read the task's CPU affinity: the kernel's mask exceeds %d CPUs",
             NB_CPUSET_MAX_CPU + 1);
    return -1;
}

/* Options for the settings, with the task's CPUs as the allowed CPUs. */
static int task_options(nb_options **out, const nbs_settings *settings, const nb_cpuset *task_cpus,
                        char *message) {
    nb_options *options = NULL;
    if (nb_options_new(&options) != NB_OK || nb_options_set_mode(options, settings->mode) != NB_OK ||
        (settings->has_mem_policy && nb_options_set_mem_policy(options, settings->mem_policy) != NB_OK) ||
        nb_options_set_allowed_cpus(options, task_cpus) != NB_OK) {
        snprintf(message, NBS_MESSAGE_SIZE, "options: %s", nb_last_error());
        nb_options_free(options);
        return -1;
    }
    *out = options;
    return 0;
}

/*
 * The local rank whose GPU the task drives: 0 when it sees a single GPU,
 * else its local id. A plan of one rank per visible GPU counts them after the
 * *_VISIBLE_DEVICES remap, exactly as the binding will.
 */
static int task_rank(int *rank, const nb_topology *topology, const nb_options *options, int local_id,
                     char *message) {
    nb_plan *plan = NULL;
    if (nb_plan_compute(&plan, topology, options, 0) != NB_OK) {
        snprintf(message, NBS_MESSAGE_SIZE, "%s", nb_last_error());
        return -1;
    }
    *rank = nb_plan_size(plan) == 1 ? 0 : local_id;
    nb_plan_free(plan);
    return 0;
}

/* Computes and applies the binding; the message is the library's. */
static int bind(const nbs_settings *settings, int local_id, const nb_cpuset *task_cpus, char *message) {
    nb_topology *topology = NULL;
    nb_options *options = NULL;
    int rank = local_id;
    int result = -1;
    if (nb_topology_load(&topology) != NB_OK) {
        snprintf(message, NBS_MESSAGE_SIZE, "%s", nb_last_error());
    } else if (task_options(&options, settings, task_cpus, message) == 0 &&
               task_rank(&rank, topology, options, local_id, message) == 0) {
        if (nb_bind_current_process_rank(topology, options, rank) == NB_OK)
            result = 0;
        else
            snprintf(message, NBS_MESSAGE_SIZE, "%s", nb_last_error());
    }
    nb_options_free(options);
    nb_topology_free(topology);
    return result;
}

int nbs_bind_task(const nbs_settings *settings, int local_id, char *message) {
    nb_cpuset *task_cpus = NULL;
    char *task_cpus_text = NULL;
    if (own_affinity(&task_cpus, message) != 0) return -1;
    const int result = bind(settings, local_id, task_cpus, message);
    /* Say what the library was asked, which its message does not repeat. */
    if (result != 0 && nb_cpuset_format(&task_cpus_text, task_cpus) == NB_OK) {
        const size_t used = strlen(message);
        snprintf(message + used, NBS_MESSAGE_SIZE - used, " (mode %s, within the task's CPUs %s)",
                 nb_mode_name(settings->mode), task_cpus_text);
    }
    nb_free(task_cpus_text);
    nb_cpuset_free(task_cpus);
    return result;
}
