/*
 * numabind's SPANK plugin: `srun --numa-bind=MODE` binds each task of a job
 * step to the CPUs nearest the GPU it drives, inside the CPUs Slurm gave it.
 *
 * Where things happen:
 * - slurm_spank_init (srun, sbatch/salloc, slurmd, slurmstepd): registers the
 *   options and reads the site defaults from plugstack.conf; a bad argument
 *   is reported there, naming it, so a misconfigured site is seen at once.
 * - option callbacks: check a value where the user typed it (srun or sbatch
 *   refuses a bad one before any job starts), and again in slurmstepd.
 * - slurm_spank_task_init (slurmstepd, in the task's process, as the user,
 *   just before exec): binds the task, or fails it (exit 1, message on its
 *   stderr), or with fall-back leaves it where Slurm put it with a warning.
 *   Not task_init_privileged: that one runs before Slurm's own task/affinity
 *   binding, which would then overwrite ours, and it runs as root, which must
 *   not read a file the user's environment names (NUMABIND_TOPOLOGY).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slurm/slurm.h>
#include <slurm/spank.h>

#include "settings.h"
#include "task_binding.h"

SPANK_PLUGIN(numabind, 1);

/* The site's defaults and what the user gave; merged when a task starts, so
   the order in which Slurm calls init and the option callbacks is irrelevant. */
static nbs_settings site_settings;
static nbs_settings user_settings;
/* Why plugstack.conf's arguments were refused ("" when they were not). Slurm
   ignores a failing init of an `optional` plugin and keeps it loaded, so the
   tasks that would use the plugin must still see the error. */
static char site_error[NBS_MESSAGE_SIZE];

enum option_id { OPTION_MODE, OPTION_MEMBIND, OPTION_FALLBACK };

static int on_option(int id, const char *value, int remote) {
    char message[NBS_MESSAGE_SIZE];
    int result = -1;
    (void)remote;
    /* A bare optional-argument switch arrives as NULL where it was typed, as ""
       in slurmstepd, and as the text "(null)" in an srun inside an sbatch or
       salloc job that was given it (Slurm 22.05 formats the NULL into the
       job's SLURM_SPANK__SLURM_SPANK_OPTION_numabind_numa_bind_fallback). */
    if (id == OPTION_FALLBACK && value != NULL && (value[0] == '\0' || strcmp(value, "(null)") == 0)) value = NULL;
    switch (id) {
    case OPTION_MODE: result = nbs_set_mode(&user_settings, "--numa-bind", value, message); break;
    case OPTION_MEMBIND: result = nbs_set_mem_policy(&user_settings, "--numa-membind", value, message); break;
    case OPTION_FALLBACK: result = nbs_set_fallback(&user_settings, "--numa-bind-fallback", value, message); break;
    default: snprintf(message, sizeof message, "unknown option id %d", id); break;
    }
    if (result != 0) slurm_error("numabind: %s", message);
    return result;
}

static struct spank_option options[] = {
    {"numa-bind", "MODE",
     "Bind each task to the CPUs nearest its GPU, within the CPUs Slurm gave it: node, socket, exclusive, "
     "core-complex or closest; none leaves tasks as Slurm placed them (numabind)",
     1, OPTION_MODE, on_option},
    {"numa-membind", "POLICY",
     "Memory policy of a task bound by --numa-bind: local, preferred, bind or interleave (numabind)", 1,
     OPTION_MEMBIND, on_option},
    {"numa-bind-fallback", "yes|no",
     "A task that cannot be bound keeps the CPUs Slurm gave it, with a warning (yes, what the bare "
     "switch means), or fails (no) (numabind)",
     2, OPTION_FALLBACK, on_option},
};

int slurm_spank_init(spank_t spank, int argc, char *argv[]) {
    const spank_context_t context = spank_context();
    if (context == S_CTX_LOCAL || context == S_CTX_REMOTE || context == S_CTX_ALLOCATOR) {
        for (size_t i = 0; i < sizeof options / sizeof options[0]; ++i) {
            const spank_err_t error = spank_option_register(spank, &options[i]);
            if (error != ESPANK_SUCCESS) {
                slurm_error("numabind: cannot register --%s: %s", options[i].name, spank_strerror(error));
                return -1;
            }
        }
    }
    for (int i = 0; i < argc; ++i) {
        nbs_settings parsed = site_settings;
        if (nbs_set_site_argument(&parsed, argv[i], site_error) != 0) {
            /* None of the site's settings apply then, not even the good ones. */
            memset(&site_settings, 0, sizeof site_settings);
            slurm_error("numabind: %s", site_error);
            return -1;
        }
        site_settings = parsed;
    }
    return 0;
}

/*
 * The task's process still has slurmstepd's environment; the job's is what
 * the program will get at exec. Copy the variables numabind reads from the
 * job's environment into this process (which exec discards), so the library
 * sees the topology and GPUs the task will see, never the daemon's.
 */
static int adopt_job_environment(spank_t spank, char *message) {
    static const char *const names[] = {"NUMABIND_TOPOLOGY", "CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES",
                                        "ROCR_VISIBLE_DEVICES"};
    char value[8192];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
        const spank_err_t error = spank_getenv(spank, names[i], value, (int)sizeof value);
        int changed;
        if (error == ESPANK_SUCCESS) {
            changed = setenv(names[i], value, 1);
        } else if (error == ESPANK_ENV_NOEXIST) {
            changed = unsetenv(names[i]);
        } else {
            snprintf(message, NBS_MESSAGE_SIZE, "cannot read %s from the job's environment: %s", names[i],
                     spank_strerror(error));
            return -1;
        }
        if (changed != 0) {
            snprintf(message, NBS_MESSAGE_SIZE, "cannot copy %s into the task's process", names[i]);
            return -1;
        }
    }
    return 0;
}

/* What the library reports: a task bound ("bound" events) goes to the logs. */
static void log_to_slurm(nb_log_level level, const char *event, void *user_data) {
    const int local_id = *(const int *)user_data;
    if (level == NB_LOG_WARNING)
        slurm_spank_log("numabind: warning: task %d: %s", local_id, event);
    else
        slurm_verbose("numabind: task %d: %s", local_id, event);
}

/* nbs_bind_task with the library's events sent to Slurm's logs. */
static int bind_task(const nbs_settings *settings, int local_id, char *message) {
    nb_set_log_callback(log_to_slurm, &local_id);
    const int result = nbs_bind_task(settings, local_id, message);
    nb_set_log_callback(NULL, NULL);
    return result;
}

int slurm_spank_task_init(spank_t spank, int argc, char *argv[]) {
    const nbs_settings settings = nbs_merge(&site_settings, &user_settings);
    const int user_said_none = user_settings.has_mode && !user_settings.bind;
    /* With refused site arguments the site's wishes are unknown: every task
       counts as using the plugin, unless its user said --numa-bind=none. */
    const int wanted = site_error[0] != '\0' ? !user_said_none : nbs_wants_binding(&settings);
    uint32_t step_id = 0;
    int local_id = -1;
    char message[NBS_MESSAGE_SIZE];
    (void)argc;
    (void)argv;
    if (!spank_remote(spank) || !wanted) return 0;
    /* A batch script, salloc's interactive step or the extern step is one
       process that starts everything else: binding it to one GPU's CPUs would
       squeeze every worker it starts onto them. Only real steps are bound. */
    if (spank_get_item(spank, S_JOB_STEPID, &step_id) != ESPANK_SUCCESS ||
        step_id >= SLURM_MAX_NORMAL_STEP_ID)
        return 0;

    if (spank_get_item(spank, S_TASK_ID, &local_id) != ESPANK_SUCCESS)
        snprintf(message, sizeof message, "Slurm gives no local task id");
    else if (site_error[0] != '\0')
        snprintf(message, sizeof message, "%s", site_error);
    else if (adopt_job_environment(spank, message) == 0 && bind_task(&settings, local_id, message) == 0)
        return 0;

    if (settings.has_fallback && settings.fallback) {
        slurm_spank_log("numabind: warning: task %d left on the CPUs Slurm gave it (fall-back is on): %s", local_id,
                        message);
        return 0;
    }
    slurm_error("numabind: task %d cannot be bound: %s", local_id, message);
    /* What Slurm does when a `required` plugin fails here; an `optional`
       plugin's failure would be ignored and the task run unbound. */
    exit(1);
}
