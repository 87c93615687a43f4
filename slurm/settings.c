#include "settings.h"

#include <stdio.h>
#include <string.h>

int nbs_set_mode(nbs_settings *settings, const char *option, const char *value, char *message) {
    nb_mode mode = NB_MODE_NODE;
    if (value == NULL) {
        snprintf(message, NBS_MESSAGE_SIZE, "%s needs a mode", option);
        return -1;
    }
    if (strcmp(value, "none") != 0 && nb_mode_parse(&mode, value) != NB_OK) {
        /* The library's message lists its modes; "none" is the plugin's own. */
        snprintf(message, NBS_MESSAGE_SIZE, "%s: %s, or none", option, nb_last_error());
        return -1;
    }
    settings->has_mode = 1;
    settings->bind = strcmp(value, "none") != 0;
    settings->mode = mode;
    return 0;
}

int nbs_set_mem_policy(nbs_settings *settings, const char *option, const char *value, char *message) {
    nb_mem_policy policy = NB_MEM_POLICY_LOCAL;
    if (value == NULL) {
        snprintf(message, NBS_MESSAGE_SIZE, "%s needs a memory policy", option);
        return -1;
    }
    if (nb_mem_policy_parse(&policy, value) != NB_OK) {
        snprintf(message, NBS_MESSAGE_SIZE, "%s: %s", option, nb_last_error());
        return -1;
    }
    settings->has_mem_policy = 1;
    settings->mem_policy = policy;
    return 0;
}

int nbs_set_fallback(nbs_settings *settings, const char *option, const char *value, char *message) {
    int fallback;
    if (value == NULL || strcmp(value, "yes") == 0) {
        fallback = 1;
    } else if (strcmp(value, "no") == 0) {
        fallback = 0;
    } else {
        snprintf(message, NBS_MESSAGE_SIZE, "%s: '%s' is neither yes nor no", option, value);
        return -1;
    }
    settings->has_fallback = 1;
    settings->fallback = fallback;
    return 0;
}

int nbs_set_site_argument(nbs_settings *settings, const char *argument, char *message) {
    char where[NBS_MESSAGE_SIZE / 2];
    const char *equals = strchr(argument, '=');
    snprintf(where, sizeof where, "plugstack.conf argument '%s'", argument);
    if (equals == NULL) {
        snprintf(message, NBS_MESSAGE_SIZE, "%s is not KEY=VALUE (keys: mode, membind, fallback)", where);
        return -1;
    }
    const size_t key_length = (size_t)(equals - argument);
    const char *value = equals + 1;
    if (key_length == 4 && strncmp(argument, "mode", 4) == 0) return nbs_set_mode(settings, where, value, message);
    if (key_length == 7 && strncmp(argument, "membind", 7) == 0)
        return nbs_set_mem_policy(settings, where, value, message);
    if (key_length == 8 && strncmp(argument, "fallback", 8) == 0)
        return nbs_set_fallback(settings, where, value, message);
    snprintf(message, NBS_MESSAGE_SIZE, "%s: unknown key '%.*s' (keys: mode, membind, fallback)", where,
             (int)key_length, argument);
    return -1;
}

nbs_settings nbs_merge(const nbs_settings *site, const nbs_settings *user) {
    nbs_settings merged = *site;
    if (user->has_mode) {
        merged.has_mode = 1;
        merged.bind = user->bind;
        merged.mode = user->mode;
    }
    if (user->has_mem_policy) {
        merged.has_mem_policy = 1;
        merged.mem_policy = user->mem_policy;
    }
    if (user->has_fallback) {
        merged.has_fallback = 1;
        merged.fallback = user->fallback;
    }
    return merged;
}

int nbs_wants_binding(const nbs_settings *settings) { return settings->has_mode && settings->bind; }
