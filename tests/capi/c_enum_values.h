/* Calls that pass any int as an enum argument, compiled as C (c_enum_values.c). */
#ifndef NUMABIND_TESTS_CAPI_C_ENUM_VALUES_H
#define NUMABIND_TESTS_CAPI_C_ENUM_VALUES_H

#include "numabind.h"

#ifdef __cplusplus
extern "C" {
#endif

nb_status c_options_set_mode(nb_options *options, int mode);
nb_status c_options_set_gpu_vendor(nb_options *options, int vendor);
nb_status c_options_set_mem_policy(nb_options *options, int policy);
const char *c_mode_name(int mode);
const char *c_gpu_vendor_name(int vendor);
const char *c_mem_policy_name(int policy);

#ifdef __cplusplus
}
#endif

#endif
