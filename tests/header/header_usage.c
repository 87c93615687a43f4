/*
 * Compiled twice: as strict C99 (header_c99) and, through
 * header_usage_cxx17.cpp, as C++17. It proves the public header is valid,
 * self-contained C99 and C++, and that a C program can call into the library
 * with nothing but the header. Runs with no topology, so it passes anywhere.
 */
#include "numabind.h"
#include "numabind.h" /* the include guard must make a second include harmless */

#include <stdio.h>
#include <string.h>

static int failures = 0;

static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "FAIL: %s\n", what);
        ++failures;
    }
}

/* The header's compile-time version must describe the library it links to. */
static void check_version(void)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", NB_VERSION_MAJOR, NB_VERSION_MINOR,
             NB_VERSION_PATCH);
    expect(nb_version_number() == (uint32_t)NB_VERSION_NUMBER,
           "nb_version_number() equals NB_VERSION_NUMBER");
    expect(strcmp(nb_version_string(), expected) == 0,
           "nb_version_string() matches the NB_VERSION_* macros");
}

/* Status names and messages are static strings, never NULL. */
static void check_status_strings(void)
{
    expect(strcmp(nb_status_name(NB_ERANK), "NB_ERANK") == 0, "nb_status_name(NB_ERANK)");
    expect(strcmp(nb_status_name(NB_OK), "NB_OK") == 0, "nb_status_name(NB_OK)");
    expect(nb_strerror(NB_ECORES) != NULL, "nb_strerror(NB_ECORES) is not NULL");
    expect(nb_last_error() != NULL, "nb_last_error() is not NULL");
}

/* A list string round-trips through an opaque cpuset, freed with nb_free. */
static void check_cpuset(void)
{
    nb_cpuset *set = NULL;
    char *text = NULL;
    expect(nb_cpuset_parse(&set, "8,0-3") == NB_OK, "nb_cpuset_parse(\"8,0-3\")");
    expect(nb_cpuset_count(set) == 5, "the set holds 5 CPUs");
    expect(nb_cpuset_contains(set, 8) == 1 && nb_cpuset_contains(set, 4) == 0,
           "the set holds CPU 8 and not CPU 4");
    expect(nb_cpuset_format(&text, set) == NB_OK && text != NULL && strcmp(text, "0-3,8") == 0,
           "nb_cpuset_format gives the canonical \"0-3,8\"");
    nb_free(text);
    nb_cpuset_free(set);

    set = NULL;
    expect(nb_cpuset_parse(&set, "3-1") == NB_ECPULIST, "a reversed range is NB_ECPULIST");
    expect(set == NULL, "a failed parse leaves the out-parameter NULL");
}

/* Enumerations parse from and print to their documented names. */
static void check_enums(void)
{
    nb_mode mode = NB_MODE_NODE;
    nb_gpu_vendor vendor = NB_GPU_VENDOR_AUTO;
    expect(nb_mode_parse(&mode, "core-complex") == NB_OK && mode == NB_MODE_CORE_COMPLEX,
           "nb_mode_parse(\"core-complex\")");
    expect(strcmp(nb_mode_name(NB_MODE_EXCLUSIVE), "exclusive") == 0, "nb_mode_name(EXCLUSIVE)");
    expect(nb_mode_parse(&mode, "nod") == NB_EMODE, "nb_mode_parse(\"nod\") is NB_EMODE");
    expect(nb_gpu_vendor_parse(&vendor, "amd") == NB_OK && vendor == NB_GPU_VENDOR_AMD,
           "nb_gpu_vendor_parse(\"amd\")");
}

/* Handles: the *_free(NULL) no-ops, and options built through setters only. */
static void check_options(void)
{
    nb_options *options = NULL;
    nb_mode mode = NB_MODE_NODE;
    nb_options_free(NULL);
    nb_topology_free(NULL);
    nb_plan_free(NULL);
    nb_cpuset_free(NULL);
    nb_free(NULL);
    expect(nb_options_new(&options) == NB_OK && options != NULL, "nb_options_new");
    expect(nb_options_set_mode(options, NB_MODE_SOCKET) == NB_OK, "nb_options_set_mode");
    expect(nb_options_get_mode(&mode, options) == NB_OK && mode == NB_MODE_SOCKET,
           "nb_options_get_mode returns the mode set");
    nb_options_free(options);
}

int main(void)
{
    check_version();
    check_status_strings();
    check_cpuset();
    check_enums();
    check_options();
    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("public header usable from %s: all checks passed\n",
#ifdef __cplusplus
           "C++"
#else
           "C99"
#endif
    );
    return 0;
}
