#include "process_support.h"

#include "mempolicy_text.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace nbtest {
namespace process {

namespace {

std::string cpus_allowed_list(const std::string &status_path) {
    std::ifstream status(status_path);
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("Cpus_allowed_list:", 0) == 0) return line.substr(line.find_first_not_of(" \t", 18));
    throw std::runtime_error("no Cpus_allowed_list in " + status_path);
}

}  // namespace

bool may_run_on_cpus_0_and_1() {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    return sched_getaffinity(0, sizeof(mask), &mask) == 0 && CPU_ISSET(0, &mask) && CPU_ISSET(1, &mask);
}

void BindingTest::SetUp() {
    original_ = calling_thread_cpus();
    original_policy_ = calling_thread_mempolicy();
    CPU_ZERO(&original_mask_);
    ASSERT_EQ(sched_getaffinity(0, sizeof(original_mask_), &original_mask_), 0);
    if (!may_run_on_cpus_0_and_1())
        GTEST_SKIP() << "needs CPUs 0 and 1 in this thread's affinity, which is " << original_;
}

void BindingTest::TearDown() {
    while (nb_affinity_depth() > 0) nb_affinity_pop();
    sched_setaffinity(0, sizeof(original_mask_), &original_mask_);
    syscall(SYS_set_mempolicy, MPOL_DEFAULT, nullptr, 0UL);
}

std::string calling_thread_cpus() { return cpus_allowed_list("/proc/thread-self/status"); }

std::string thread_cpus(pid_t tid) {
    return cpus_allowed_list("/proc/self/task/" + std::to_string(tid) + "/status");
}

std::string process_cpus(pid_t pid) { return cpus_allowed_list("/proc/" + std::to_string(pid) + "/status"); }

std::string calling_thread_mempolicy() {
    const MemPolicyText policy = read_calling_thread_mempolicy();
    return policy.nodes.empty() ? policy.mode : policy.mode + ":" + policy.nodes;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return status;
}

bool no_children_left() { return waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD; }

const char *probe_path() { return NUMABIND_PROBE; }

std::map<std::string, std::string> read_probe(const std::string &path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("the probe wrote no report at " + path);
    std::map<std::string, std::string> report;
    std::string line;
    while (std::getline(in, line)) {
        const auto equals = line.find('=');
        if (equals == std::string::npos) report[line] = "";
        else report[line.substr(0, equals)] = line.substr(equals + 1);
    }
    return report;
}

TempFile two_node_machine() {
    MachineSpec spec;
    spec.nodes_per_package = 2;
    spec.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    spec.pci_devices.push_back(nvidia_gpu("0000:20:00.0", 1, 1));
    return write_temp_xml(spec);
}

capi::Topology load_topology(const TempFile &file) {
    nb_topology *topology = nullptr;
    if (nb_topology_load_xml(&topology, file.path().c_str()) != NB_OK)
        throw std::runtime_error(std::string("cannot load the test topology: ") + nb_last_error());
    return capi::Topology(topology);
}

capi::Options make_options(nb_mem_policy policy, bool fallback) {
    nb_options *options = nullptr;
    if (nb_options_new(&options) != NB_OK || nb_options_set_mem_policy(options, policy) != NB_OK ||
        nb_options_set_fallback(options, fallback ? 1 : 0) != NB_OK)
        throw std::runtime_error(std::string("cannot make options: ") + nb_last_error());
    return capi::Options(options);
}

capi::Cpuset cpus(const char *list) {
    nb_cpuset *set = nullptr;
    if (nb_cpuset_parse(&set, list) != NB_OK) throw std::runtime_error(std::string("bad test CPU list ") + list);
    return capi::Cpuset(set);
}

LogRecorder::LogRecorder() { nb_set_log_callback(&LogRecorder::receive, this); }

LogRecorder::~LogRecorder() { nb_set_log_callback(nullptr, nullptr); }

std::vector<LogRecorder::Event> LogRecorder::events() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
}

void LogRecorder::receive(nb_log_level level, const char *message, void *self) {
    auto *recorder = static_cast<LogRecorder *>(self);
    std::lock_guard<std::mutex> lock(recorder->mutex_);
    recorder->events_.push_back({level, nlohmann::json::parse(message)});
}

}  // namespace process
}  // namespace nbtest
