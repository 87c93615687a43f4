#include "two_cpu_machine.h"

#include <dirent.h>
#include <sched.h>

#include <vector>

#include "synthetic_topology.h"

namespace nbtest {

namespace {

// Two nodes in one package, `cores_per_node` single-thread cores each, an
// NVIDIA GPU on each node.
std::string two_node_xml(int cores_per_node) {
    MachineSpec spec;
    spec.nodes_per_package = 2;
    spec.cores_per_l3 = cores_per_node;
    spec.pci_devices.push_back(nvidia_gpu("0000:10:00.0", 0, 0));
    spec.pci_devices.push_back(nvidia_gpu("0000:20:00.0", 1, 1));
    return hwloc_xml(spec);
}

// The numbers N of the entries named PREFIX<N> in `dir`.
std::set<int> numbered_entries(const std::string &dir, const std::string &prefix) {
    std::set<int> numbers;
    std::unique_ptr<DIR, int (*)(DIR *)> listing(opendir(dir.c_str()), closedir);
    if (!listing) {
        return numbers;
    }
    while (const dirent *entry = readdir(listing.get())) {
        const std::string name = entry->d_name;
        if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size() &&
            name.find_first_not_of("0123456789", prefix.size()) == std::string::npos) {
            numbers.insert(std::stoi(name.substr(prefix.size())));
        }
    }
    return numbers;
}

}  // namespace

std::set<int> own_affinity() {
    std::set<int> cpus;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
            if (CPU_ISSET(cpu, &set)) {
                cpus.insert(cpu);
            }
        }
    }
    return cpus;
}

int kernel_node_of_cpu(int cpu) {
    const std::set<int> nodes =
        numbered_entries("/sys/devices/system/cpu/cpu" + std::to_string(cpu), "node");
    return nodes.size() == 1 ? *nodes.begin() : -1;
}

std::set<int> kernel_numa_nodes() { return numbered_entries("/sys/devices/system/node", "node"); }

EnvChanges without_rank_variables() {
    return {{"LOCAL_RANK", std::nullopt},
            {"SLURM_LOCALID", std::nullopt},
            {"OMPI_COMM_WORLD_LOCAL_RANK", std::nullopt},
            {"LOCAL_WORLD_SIZE", std::nullopt}};
}

EnvChanges rank_environment(const EnvChanges &env) {
    EnvChanges changes = without_rank_variables();
    for (const auto &[name, value] : env) {
        changes[name] = value;
    }
    return changes;
}

std::vector<std::string> TwoCpuMachineTest::exec_args(const std::vector<std::string> &options,
                                                      const std::vector<std::string> &program) const {
    std::vector<std::string> args = {"exec", "--topology", two_cpu_xml_, "--mode", "node"};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("--");
    args.insert(args.end(), program.begin(), program.end());
    return args;
}

std::string cpus_allowed_list_in(const std::string &text) {
    const std::string key = "Cpus_allowed_list:";
    const size_t start = text.find(key);
    if (start == std::string::npos) {
        return "";
    }
    const size_t value = text.find_first_not_of(" \t", start + key.size());
    const size_t end = text.find('\n', value);
    return text.substr(value, end == std::string::npos ? std::string::npos : end - value);
}

void TwoCpuMachineTest::SetUp() {
    const std::set<int> affinity = own_affinity();
    if (affinity.count(0) == 0 || affinity.count(1) == 0) {
        GTEST_SKIP() << "this process may not run on CPUs 0 and 1, which the tests bind to";
    }
    dir_ = std::make_unique<TempDir>();
    two_cpu_xml_ = dir_->write("two-single-cpu-nodes.xml", two_node_xml(1));
    absent_cpus_xml_ = dir_->write("two-dual-cpu-nodes.xml", two_node_xml(2));
}

}  // namespace nbtest
