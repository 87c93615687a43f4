/*
 * What a site (plugstack.conf arguments) and a user (srun/sbatch options) ask
 * the numabind SPANK plugin for. Plain C over the numabind C API, no Slurm
 * type, so the rules can be read and checked on their own:
 * - each setting is either given or not, so a user's option overrides the
 *   site's default only for what the user actually gave;
 * - every value is checked where it is given, and a bad one is refused with a
 *   message naming the option (or argument) and the value.
 */
#ifndef NUMABIND_SLURM_SETTINGS_H
#define NUMABIND_SLURM_SETTINGS_H

#include <stddef.h>

#include <numabind.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nbs_settings {
    int has_mode;
    int bind;      /* 0: mode "none", leave the task as Slurm placed it */
    nb_mode mode;  /* when bind */
    int has_mem_policy;
    nb_mem_policy mem_policy;
    int has_fallback;
    int fallback;
} nbs_settings;

/* Room for any message these functions write. */
#define NBS_MESSAGE_SIZE 512

/*
 * Set one setting from its value; `option` is how the caller names it in a
 * message ("--numa-bind", "plugstack.conf argument 'mode=nod'").
 * - mode: "none" or a numabind mode ("node", "socket", ...).
 * - mem policy: "local", "preferred", "bind" or "interleave".
 * - fallback: "yes" or "no"; NULL (a switch given without a value) is "yes".
 * Return 0, or -1 with `message` (NBS_MESSAGE_SIZE bytes) saying what is wrong.
 */
int nbs_set_mode(nbs_settings *settings, const char *option, const char *value, char *message);
int nbs_set_mem_policy(nbs_settings *settings, const char *option, const char *value, char *message);
int nbs_set_fallback(nbs_settings *settings, const char *option, const char *value, char *message);

/*
 * One plugstack.conf argument: "mode=MODE", "membind=POLICY" or
 * "fallback=yes|no". An unknown key or a missing '=' is refused too.
 */
int nbs_set_site_argument(nbs_settings *settings, const char *argument, char *message);

/* The user's settings where given, else the site's. */
nbs_settings nbs_merge(const nbs_settings *site, const nbs_settings *user);

/* 1 when the merged settings ask for a binding (a mode other than "none"). */
int nbs_wants_binding(const nbs_settings *settings);

#ifdef __cplusplus
}
#endif

#endif
