/* Enum arguments outside their enumerators, passed the way a C caller passes
 * them. In C any int converts to an enum type; in C++ a negative value cast
 * to nb_mode (enumerators 0 .. INT_MAX) is itself undefined behaviour, so the
 * C++ tests form such calls here rather than with static_cast. */
#include "c_enum_values.h"

nb_status c_options_set_mode(nb_options *options, int mode) {
    return nb_options_set_mode(options, (nb_mode)mode);
}

nb_status c_options_set_gpu_vendor(nb_options *options, int vendor) {
    return nb_options_set_gpu_vendor(options, (nb_gpu_vendor)vendor);
}

nb_status c_options_set_mem_policy(nb_options *options, int policy) {
    return nb_options_set_mem_policy(options, (nb_mem_policy)policy);
}

const char *c_mode_name(int mode) { return nb_mode_name((nb_mode)mode); }

const char *c_gpu_vendor_name(int vendor) { return nb_gpu_vendor_name((nb_gpu_vendor)vendor); }

const char *c_mem_policy_name(int policy) { return nb_mem_policy_name((nb_mem_policy)policy); }
