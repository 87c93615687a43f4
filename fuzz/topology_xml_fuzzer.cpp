// nb_topology_load_xml_buffer on any bytes: hwloc's XML reader (Debian's
// libhwloc, not instrumented: libFuzzer's coverage stops at its boundary)
// followed by everything numabind does with what it read. A refusal is
// NB_ETOPOLOGY with the out-parameter NULL. A loaded topology must give its
// JSON, a GPU count, and a plan in each of the five modes (with the default
// allowed CPUs and with an explicit override), each failing, when it does,
// only with a documented status.
//
// hwloc 2.9 itself crashes on some malformed documents and leaks on others
// (fuzz/README.md has reproducers), so every input is first tried in a child
// process: with hwloc alone, then, when hwloc refuses it, with
// nb_topology_load_xml_buffer, whose refusal is checked there. Inputs that
// crash hwloc alone are skipped (and counted); numabind crashing or
// misreporting where hwloc alone did not is a failure. Only documents hwloc
// accepts are loaded in this process, where ASan and LSan watch numabind.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <hwloc.h>

#include "fuzz_support.h"

namespace {

unsigned long hwloc_crashes = 0;

// What numabind's loader does, without numabind: true when hwloc loads it.
bool hwloc_alone_loads(const uint8_t *data, size_t size) {
    hwloc_topology_t topology;
    if (hwloc_topology_init(&topology) < 0) return false;
    const std::string copy(reinterpret_cast<const char *>(data), size);  // hwloc wants a terminating NUL
    const bool loaded = hwloc_topology_set_flags(topology, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED) == 0 &&
                        hwloc_topology_set_io_types_filter(topology, HWLOC_TYPE_FILTER_KEEP_ALL) == 0 &&
                        hwloc_topology_set_xmlbuffer(topology, copy.c_str(), static_cast<int>(copy.size() + 1)) == 0 &&
                        hwloc_topology_load(topology) == 0;
    hwloc_topology_destroy(topology);
    return loaded;
}

// The child's verdicts, one byte each: hwloc alone loads it ('L'), or refuses
// it ('F') and then numabind refuses it as documented ('R') or not ('X').
[[noreturn]] void screen_in_child(int fd, const uint8_t *data, size_t size) {
    const int null = open("/dev/null", O_WRONLY);  // hwloc's and ASan's reports of hwloc's crashes
    if (null >= 0) dup2(null, STDERR_FILENO);
    if (hwloc_alone_loads(data, size)) {
        (void)!write(fd, "L", 1);
        _exit(0);
    }
    (void)!write(fd, "F", 1);
    nb_topology *raw = reinterpret_cast<nb_topology *>(0x1);
    const nb_status status = nb_topology_load_xml_buffer(&raw, reinterpret_cast<const char *>(data), size);
    (void)!write(fd, fuzz::is_one_of(status, {NB_ETOPOLOGY}) && raw == nullptr ? "R" : "X", 1);
    _exit(0);
}

// The child's verdicts; "" when hwloc alone crashed.
std::string screen(const uint8_t *data, size_t size) {
    int fds[2];
    FUZZ_CHECK(pipe(fds) == 0, NB_ESYSTEM);
    const pid_t pid = fork();
    FUZZ_CHECK(pid >= 0, NB_ESYSTEM);
    if (pid == 0) {
        close(fds[0]);
        screen_in_child(fds[1], data, size);
    }
    close(fds[1]);
    std::string verdicts;
    char byte;
    for (ssize_t n; (n = read(fds[0], &byte, 1)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        verdicts += byte;
    }
    close(fds[0]);
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return verdicts;
}

void check_topology_json(const nb_topology *topology) {
    char *json = nullptr;
    const nb_status status = nb_topology_to_json(&json, topology, nullptr);
    FUZZ_CHECK(status == NB_OK && json != nullptr, status);
    nb_free(json);
    int gpus = -1;
    const nb_status counted = nb_topology_gpu_count(&gpus, topology, nullptr);
    FUZZ_CHECK(counted == NB_OK && gpus >= 0, counted);
}

void check_plans(const nb_topology *topology, const nb_options *options) {
    for (nb_mode mode : {NB_MODE_NODE, NB_MODE_SOCKET, NB_MODE_EXCLUSIVE, NB_MODE_CORE_COMPLEX, NB_MODE_CLOSEST}) {
        nb_options *copy = nullptr;
        FUZZ_CHECK(nb_options_dup(&copy, options) == NB_OK, NB_OK);
        const fuzz::Options owned(copy);
        FUZZ_CHECK(nb_options_set_mode(copy, mode) == NB_OK, NB_OK);
        nb_plan *plan = nullptr;
        const nb_status status = nb_plan_compute(&plan, topology, copy, 0);
        const fuzz::Plan owned_plan(plan);
        if (status == NB_OK) fuzz::check_plan(plan);
        else FUZZ_CHECK(fuzz::is_one_of(status, {NB_ENOGPU, NB_ENOTALLOWED}) && plan == nullptr, status);
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    for (const char *name : {"CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES"}) unsetenv(name);
    std::atexit([] { std::fprintf(stderr, "topology_xml: %lu inputs skipped: hwloc alone crashed on them\n", hwloc_crashes); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string verdicts = screen(data, size);
    if (verdicts.empty()) {
        ++hwloc_crashes;
        return -1;  // not kept in the corpus
    }
    const bool numabind_crashed_where_hwloc_alone_refused = verdicts == "F";
    const bool numabind_refused_without_etopology_and_null_out = verdicts == "FX";
    FUZZ_CHECK(!numabind_crashed_where_hwloc_alone_refused, NB_OK);
    FUZZ_CHECK(!numabind_refused_without_etopology_and_null_out, NB_OK);
    if (verdicts == "FR") return 0;

    nb_topology *raw = nullptr;
    const nb_status status = nb_topology_load_xml_buffer(&raw, reinterpret_cast<const char *>(data), size);
    FUZZ_CHECK(status == NB_OK && raw != nullptr, status);  // hwloc alone loaded it
    const fuzz::Topology topology(raw);
    FUZZ_CHECK(nb_topology_is_live(raw) == 0, status);
    check_topology_json(raw);

    nb_options *defaults = nullptr;
    FUZZ_CHECK(nb_options_new(&defaults) == NB_OK, NB_OK);
    const fuzz::Options owned_defaults(defaults);
    check_plans(raw, defaults);

    // An allowed-CPU override takes another path through the policy.
    nb_options *narrowed = nullptr;
    nb_cpuset *allowed = nullptr;
    FUZZ_CHECK(nb_options_new(&narrowed) == NB_OK && nb_cpuset_parse(&allowed, "0-3,64-67") == NB_OK, NB_OK);
    const fuzz::Options owned_narrowed(narrowed);
    const fuzz::Cpuset owned_allowed(allowed);
    FUZZ_CHECK(nb_options_set_allowed_cpus(narrowed, allowed) == NB_OK, NB_OK);
    check_plans(raw, narrowed);
    return 0;
}
