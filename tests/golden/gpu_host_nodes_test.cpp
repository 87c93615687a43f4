// For every machine of the collection: the GPUs numabind discovers (count and
// PCI bus-id order) and the host NUMA node of each, against the hand-written
// table in expected_machines.cpp. Machines with an explicit bus-id list are
// also checked through nb_options_set_pci_bus_ids.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "expected_machines.h"
#include "golden_api.h"
#include "golden_paths.h"
#include "topology_json.h"

namespace golden {
namespace {

std::string machine_name(const ::testing::TestParamInfo<ExpectedMachine> &info) {
    std::string name = info.param.path.substr(0, info.param.path.size() - 4);  // drop ".xml"
    for (char &c : name)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

// Checks the GPU list `options` select and each GPU's host node, through the
// topology JSON, nb_topology_gpu_count and a node-mode plan.
void expect_gpus(const nb_topology *topology, const nb_options *options,
                 const std::vector<ExpectedGpu> &expected) {
    int count = -1;
    ASSERT_EQ(nb_topology_gpu_count(&count, topology, options), NB_OK) << nb_last_error();
    EXPECT_EQ(count, static_cast<int>(expected.size()));

    TopologyInfo info;
    ASSERT_EQ(describe_topology(&info, topology, options), NB_OK) << nb_last_error();
    ASSERT_EQ(info.gpus.size(), expected.size()) << info.json;
    for (size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE("GPU " + std::to_string(i));
        EXPECT_EQ(info.gpus[i].index, static_cast<int>(i));
        EXPECT_EQ(info.gpus[i].pci_bus_id, expected[i].pci_bus_id);
        EXPECT_EQ(info.gpus[i].numa_node, expected[i].numa_node);
    }

    nb_status status;
    Plan plan = compute_plan(topology, options, 0, &status);
    if (expected.empty()) {
        EXPECT_EQ(status, NB_ENOGPU) << status_text(status);
        return;
    }
    ASSERT_EQ(status, NB_OK) << nb_last_error();
    auto ranks = read_plan(plan.get());
    ASSERT_EQ(ranks.size(), expected.size());
    for (size_t r = 0; r < ranks.size(); ++r) {
        SCOPED_TRACE("rank " + std::to_string(r));
        ASSERT_EQ(ranks[r].gpu_status, NB_OK);
        EXPECT_EQ(ranks[r].gpu_index, static_cast<int>(r));
        EXPECT_EQ(ranks[r].numa_node, expected[r].numa_node);
    }
}

class GpuHostNodes : public ::testing::TestWithParam<ExpectedMachine> {};

TEST_P(GpuHostNodes, DiscoveredGpusInBusOrderWithHostNodes) {
    const ExpectedMachine &m = GetParam();
    GOLDEN_LOAD_OR_SKIP(topology, m.path);
    expect_gpus(topology.get(), nullptr, m.gpus);
}

INSTANTIATE_TEST_SUITE_P(Collection, GpuHostNodes, ::testing::ValuesIn(expected_machines()), machine_name);

std::vector<ExpectedMachine> machines_with_explicit_bus_ids() {
    std::vector<ExpectedMachine> list;
    for (const auto &m : expected_machines())
        if (!m.explicit_bus_ids.empty()) list.push_back(m);
    return list;
}

class ExplicitBusIdHostNodes : public ::testing::TestWithParam<ExpectedMachine> {};

TEST_P(ExplicitBusIdHostNodes, ExplicitBusIdsGiveTheirHostNodes) {
    const ExpectedMachine &m = GetParam();
    GOLDEN_LOAD_OR_SKIP(topology, m.path);
    Options options = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), m.explicit_bus_ids.c_str()), NB_OK) << nb_last_error();
    expect_gpus(topology.get(), options.get(), m.explicit_gpus);
}

INSTANTIATE_TEST_SUITE_P(Collection, ExplicitBusIdHostNodes, ::testing::ValuesIn(machines_with_explicit_bus_ids()),
                         machine_name);

}  // namespace
}  // namespace golden
