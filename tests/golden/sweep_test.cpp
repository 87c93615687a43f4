// Sweep: every topology of the shared collection, in every mode. Each file
// must load; nb_plan_compute must either bind every rank or fail a rank with a
// status that machine's shape allows (never NB_EINTERNAL); and every binding
// must respect the containment rules between the modes (semantics.md):
//   node        = host node's CPUs ∩ allowed
//   node ⊆ socket;  exclusive, core-complex ⊆ node;  closest ⊆ GPU's local CPUs
//   exclusive sets of GPUs sharing a host node are pairwise disjoint
//   every binding ⊆ the allowed CPUs, and never empty.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "expected_machines.h"
#include "golden_api.h"
#include "golden_paths.h"
#include "topology_json.h"

namespace golden {
namespace {

using nbtest::CpuSet;
using nbtest::format_cpu_list;

const nb_mode kAllModes[] = {NB_MODE_NODE, NB_MODE_SOCKET, NB_MODE_EXCLUSIVE, NB_MODE_CORE_COMPLEX,
                             NB_MODE_CLOSEST};

struct SweepCase {
    std::string path;  ///< collection path; for a placeholder, the missing directory
    nb_mode mode = NB_MODE_NODE;
    bool placeholder = false;  ///< the directory is absent: the case skips
};

std::vector<SweepCase> sweep_cases() {
    std::vector<SweepCase> cases;
    for (const char *subdir : {"xml", "xml-v1", "xml-from-fsroot"}) {
        auto files = list_collection(subdir, ".xml");
        if (files.empty()) {
            cases.push_back({subdir, NB_MODE_NODE, true});
            continue;
        }
        for (const auto &file : files)
            for (nb_mode mode : kAllModes) cases.push_back({file, mode, false});
    }
    return cases;
}

/// GoogleTest prints the case (listings, failures) as its file and mode, not its bytes.
void PrintTo(const SweepCase &c, std::ostream *os) {
    if (c.placeholder) *os << "absent " << c.path;
    else *os << c.path << " " << nb_mode_name(c.mode);
}

std::string case_name(const ::testing::TestParamInfo<SweepCase> &info) {
    std::string name = info.param.placeholder ? "absent_" + info.param.path
                                              : info.param.path + "_" + nb_mode_name(info.param.mode);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".xml") == 0) name.erase(name.size() - 4);
    for (char &c : name)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

bool subset(const CpuSet &inner, const CpuSet &outer) {
    return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

CpuSet minus(const CpuSet &a, const CpuSet &b) {
    CpuSet out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}

// A loaded file, shared by the five modes' tests (topologies are immutable).
struct LoadedFile {
    Topology topology;
    nb_status load_status = NB_OK;
    std::string load_error;
};

const LoadedFile &load_cached(const std::string &path) {
    static std::map<std::string, std::unique_ptr<LoadedFile>> cache;
    auto &slot = cache[path];
    if (!slot) {
        slot = std::make_unique<LoadedFile>();
        slot->topology = load_xml(path, &slot->load_status);
        if (slot->load_status != NB_OK) slot->load_error = nb_last_error();
    }
    return *slot;
}

// Which per-rank failures a machine's shape allows in a mode. Success is
// always acceptable; a failure outside this set is a bug.
std::set<nb_status> allowed_rank_failures(const std::string &path, nb_mode mode) {
    if (!find_expected_machine(path))  // a file this table does not know: any documented reason
        return {NB_ENOTALLOWED, NB_ECORES, NB_ENONUMA};
    if (path.find("nvidia-dgx2h") != std::string::npos && mode == NB_MODE_EXCLUSIVE)
        return {NB_ECORES};  // 2 cores per node for 8 GPUs per node (CPU side trimmed upstream)
    if (path.find("sgi-uv2000_partition") != std::string::npos)
        return {NB_ENOTALLOWED};  // both GPUs lie outside the cpuset partition
    return {};
}

// Options for one sweep run: the mode, and the explicit bus ids if any.
Options sweep_options(nb_mode mode, const std::string &pci_bus_ids) {
    Options options = make_options(mode);
    if (!pci_bus_ids.empty() && nb_options_set_pci_bus_ids(options.get(), pci_bus_ids.c_str()) != NB_OK)
        ADD_FAILURE() << "bus ids '" << pci_bus_ids << "' rejected: " << nb_last_error();
    return options;
}

// Computes the plan for `mode` (nproc 0) and checks every rank against the
// containment rules. `pci_bus_ids` selects the GPUs explicitly when not empty;
// `expected_ranks` is the GPU count the table gives (0 when unknown).
void expect_plan_nests(const nb_topology *topology, nb_mode mode, const std::string &pci_bus_ids,
                       size_t expected_ranks, const std::set<nb_status> &allowed_failures) {
    Options options = sweep_options(mode, pci_bus_ids);
    TopologyInfo info;  // the GPU list these options select, with each GPU's local CPUs
    ASSERT_EQ(describe_topology(&info, topology, options.get()), NB_OK) << nb_last_error() << info.json;
    nb_status status;
    Plan plan = compute_plan(topology, options.get(), 0, &status);
    ASSERT_EQ(status, NB_OK) << status_text(status) << ": " << nb_last_error();
    const auto ranks = read_plan(plan.get());
    if (expected_ranks != 0) {  // 0: a file the table does not know
        ASSERT_EQ(ranks.size(), expected_ranks);
    }

    // The node-mode plan is the reference the narrower modes must nest in.
    Options node_options = sweep_options(NB_MODE_NODE, pci_bus_ids);
    nb_status node_status;
    Plan node_plan = compute_plan(topology, node_options.get(), 0, &node_status);
    ASSERT_EQ(node_status, NB_OK) << nb_last_error();
    const auto node_ranks = read_plan(node_plan.get());
    ASSERT_EQ(node_ranks.size(), ranks.size());

    for (size_t r = 0; r < ranks.size(); ++r) {
        SCOPED_TRACE("rank " + std::to_string(r));
        const RankView &rank = ranks[r];
        ASSERT_EQ(rank.gpu_status, NB_OK);
        EXPECT_EQ(rank.gpu_index, static_cast<int>(r)) << "local rank r drives GPU r";
        if (rank.status != NB_OK) {
            EXPECT_TRUE(allowed_failures.count(rank.status))
                << status_text(rank.status) << " is not a failure this machine allows in mode "
                << nb_mode_name(mode);
            nb_cpuset *none = nullptr;
            EXPECT_EQ(nb_plan_rank_cpuset(&none, plan.get(), static_cast<int>(r)), rank.status);
            EXPECT_EQ(none, nullptr);
            continue;
        }
        ASSERT_FALSE(rank.cpus.empty());
        EXPECT_TRUE(subset(rank.cpus, info.allowed))
            << "outside allowed: " << format_cpu_list(minus(rank.cpus, info.allowed));
        ASSERT_LT(rank.gpu_index, static_cast<int>(info.gpus.size()));
        const GpuInfo &gpu = info.gpus[static_cast<size_t>(rank.gpu_index)];
        EXPECT_EQ(rank.numa_node, gpu.numa_node) << "plan and topology JSON disagree on the host node";
        const NumaNodeInfo *host = info.node(rank.numa_node);
        ASSERT_NE(host, nullptr) << "host node P#" << rank.numa_node << " not in the topology JSON";
        EXPECT_TRUE(host->has_cpus) << "a CPU-less node is never a host node";

        const RankView &node_rank = node_ranks[r];
        switch (mode) {
            case NB_MODE_NODE: {
                CpuSet expected_cpus = nbtest::cpu_intersection(host->cpus, info.allowed);
                EXPECT_EQ(format_cpu_list(rank.cpus), format_cpu_list(expected_cpus))
                    << "node = host node P#" << host->os_index << " ∩ allowed";
                break;
            }
            case NB_MODE_SOCKET:
                if (node_rank.status == NB_OK) {
                    EXPECT_TRUE(subset(node_rank.cpus, rank.cpus))
                        << "node " << format_cpu_list(node_rank.cpus) << " not inside socket "
                        << format_cpu_list(rank.cpus);
                }
                break;
            case NB_MODE_EXCLUSIVE:
            case NB_MODE_CORE_COMPLEX:
                ASSERT_EQ(node_rank.status, NB_OK);
                EXPECT_TRUE(subset(rank.cpus, node_rank.cpus))
                    << format_cpu_list(rank.cpus) << " not inside node " << format_cpu_list(node_rank.cpus);
                break;
            case NB_MODE_CLOSEST:
                EXPECT_TRUE(subset(rank.cpus, gpu.local_cpus))
                    << format_cpu_list(rank.cpus) << " not inside the GPU's local CPUs "
                    << format_cpu_list(gpu.local_cpus);
                break;
            case NB_MODE_FORCE_INT:
                FAIL() << "not a mode";
        }
    }

    if (mode == NB_MODE_EXCLUSIVE) {
        for (size_t a = 0; a < ranks.size(); ++a)
            for (size_t b = a + 1; b < ranks.size(); ++b) {
                if (ranks[a].status != NB_OK || ranks[b].status != NB_OK) continue;
                if (ranks[a].numa_node != ranks[b].numa_node) continue;
                // Two partitions of one MI300A PCI device are distinct GPUs too.
                EXPECT_TRUE(nbtest::cpu_intersection(ranks[a].cpus, ranks[b].cpus).empty())
                    << "ranks " << a << " and " << b << " share CPUs on node P#" << ranks[a].numa_node;
            }
    }

    // The plan's JSON says the same thing as its accessors.
    char *raw = nullptr;
    ASSERT_EQ(nb_plan_to_json(&raw, plan.get()), NB_OK);
    auto doc = nlohmann::json::parse(take_string(raw));
    EXPECT_EQ(doc.at("schema"), "numabind.plan/1");
    EXPECT_EQ(doc.at("mode"), nb_mode_name(mode));
    ASSERT_EQ(doc.at("ranks").size(), ranks.size());
    for (size_t r = 0; r < ranks.size(); ++r) {
        const auto &entry = doc.at("ranks")[r];
        EXPECT_EQ(entry.at("local_rank"), static_cast<int>(r));
        if (ranks[r].status == NB_OK)
            EXPECT_EQ(entry.at("cpus"), format_cpu_list(ranks[r].cpus));
        else
            EXPECT_EQ(entry.at("error").at("code"), nb_status_name(ranks[r].status));
    }
}

class Sweep : public ::testing::TestWithParam<SweepCase> {};

TEST_P(Sweep, PlanSucceedsOrFailsAsShapeAllowsAndBindingsNest) {
    const SweepCase &c = GetParam();
    if (c.placeholder)
        GTEST_SKIP() << "shared topology directory '" << c.path << "' is absent under '"
                     << (shared_topologies_dir().empty() ? std::string(NUMABIND_SHARED_TOPOLOGIES)
                                                         : shared_topologies_dir())
                     << "'";
    const std::string file = shared_topologies_dir() + "/" + c.path;
    const LoadedFile &loaded = load_cached(file);
    ASSERT_EQ(loaded.load_status, NB_OK) << file << ": " << loaded.load_error;
    const nb_topology *topology = loaded.topology.get();
    const ExpectedMachine *expected = find_expected_machine(c.path);
    const auto allowed_failures = allowed_rank_failures(c.path, c.mode);

    // Discovered GPUs.
    Options options = make_options(c.mode);
    nb_status status;
    Plan plan = compute_plan(topology, options.get(), 0, &status);
    ASSERT_NE(status, NB_EINTERNAL) << nb_last_error();
    if (expected && expected->gpus.empty()) {
        EXPECT_EQ(status, NB_ENOGPU) << "no GPU expected in " << c.path;
        EXPECT_STRNE(nb_last_error(), "");
    } else if (expected || status != NB_ENOGPU) {  // an unknown file may have no GPU
        ASSERT_NO_FATAL_FAILURE(
            expect_plan_nests(topology, c.mode, "", expected ? expected->gpus.size() : 0, allowed_failures));
    }

    // Machines whose GPUs only explicit bus ids reach (POWER9 capture, R910).
    if (expected && !expected->explicit_bus_ids.empty()) {
        SCOPED_TRACE("explicit bus ids " + expected->explicit_bus_ids);
        expect_plan_nests(topology, c.mode, expected->explicit_bus_ids, expected->explicit_gpus.size(),
                          allowed_failures);
    }
}

INSTANTIATE_TEST_SUITE_P(Collection, Sweep, ::testing::ValuesIn(sweep_cases()), case_name);

// The table of expected GPUs must cover the whole collection, so that no file
// is swept with only the weak rules for unknown files.
TEST(SweepTable, CoversEveryCollectionFile) {
    if (shared_topologies_dir().empty()) GTEST_SKIP() << "shared topology collection is absent";
    size_t found = 0;
    for (const char *subdir : {"xml", "xml-v1", "xml-from-fsroot"})
        for (const auto &file : list_collection(subdir, ".xml")) {
            ++found;
            EXPECT_NE(find_expected_machine(file), nullptr) << file << " has no entry in expected_machines.cpp";
        }
    EXPECT_EQ(found, expected_machines().size()) << "INDEX.md lists 54 files";
}

}  // namespace
}  // namespace golden
