// What the process tests share: reading affinity and memory policy from the
// kernel (never through numabind), the probe child, the two-node topology of
// this machine's CPUs, and a recorder for the library's log events.
#ifndef NUMABIND_TESTS_PROCESS_SUPPORT_H
#define NUMABIND_TESTS_PROCESS_SUPPORT_H

#include <sched.h>
#include <sys/types.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "c_api_handles.h"
#include "numabind.h"
#include "synthetic_topology.h"
#include "temp_dir.h"

namespace nbtest {
namespace process {

/// True when the calling thread may run on CPUs 0 and 1, which the tests bind to.
bool may_run_on_cpus_0_and_1();

/// The fixture of tests that bind the calling thread: skips, saying why,
/// unless CPUs 0 and 1 are usable; remembers the thread's affinity and memory
/// policy and puts them back afterwards (pops included), so that the tests
/// also pass when the whole binary runs in one process.
class BindingTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    std::string original_;         ///< Cpus_allowed_list at the start
    std::string original_policy_;  ///< calling_thread_mempolicy() at the start

private:
    cpu_set_t original_mask_;
};

/// Cpus_allowed_list of the calling thread (/proc/thread-self/status).
std::string calling_thread_cpus();
/// Cpus_allowed_list of thread `tid` of this process.
std::string thread_cpus(pid_t tid);
/// Cpus_allowed_list of process `pid` (its main thread), zombies included.
std::string process_cpus(pid_t pid);

/// The calling thread's memory policy from get_mempolicy(2): "default",
/// "bind:0", "interleave:0", "preferred:0"...
std::string calling_thread_mempolicy();

/// waitpid, retried on EINTR; the raw status, or -1 when there is no such child.
int wait_for(pid_t pid);
/// True when the calling process has no child left to wait for.
bool no_children_left();

/// The probe program's path, and its report read back as key -> value.
const char *probe_path();
std::map<std::string, std::string> read_probe(const std::string &path);

/// This machine's CPUs 0 and 1 described as two NUMA nodes (P#0, P#1) with
/// one NVIDIA GPU each: rank 0 belongs on CPU 0, rank 1 on CPU 1.
TempFile two_node_machine();
capi::Topology load_topology(const TempFile &file);

/// Options for a mode and memory policy, optionally falling back.
capi::Options make_options(nb_mem_policy policy = NB_MEM_POLICY_LOCAL, bool fallback = false);
/// An nb_cpuset from a list string ("0", "0,7").
capi::Cpuset cpus(const char *list);

/// Installs itself as the log callback while it lives and keeps every event.
class LogRecorder {
public:
    LogRecorder();
    ~LogRecorder();
    LogRecorder(const LogRecorder &) = delete;
    LogRecorder &operator=(const LogRecorder &) = delete;

    struct Event {
        nb_log_level level;
        nlohmann::json json;
    };
    std::vector<Event> events() const;

private:
    static void receive(nb_log_level level, const char *message, void *self);
    mutable std::mutex mutex_;
    std::vector<Event> events_;
};

}  // namespace process
}  // namespace nbtest

#endif
