// NULL handling across the C API: *_free(NULL) is a no-op, a NULL
// out-parameter or required argument is NB_EINVAL with a message, and a
// failed call leaves pointer out-parameters NULL.
#include <string>

#include <gtest/gtest.h>

#include "capi_support.h"

namespace capi {
namespace {

// Asserts a call returned NB_EINVAL and set a message.
#define EXPECT_EINVAL(call)                                      \
    do {                                                         \
        EXPECT_EQ((call), NB_EINVAL) << #call;                   \
        EXPECT_STRNE(nb_last_error(), "") << #call;              \
    } while (0)

class NullHandling : public ::testing::Test {
protected:
    void SetUp() override {
        unsetenv("NUMABIND_TOPOLOGY");
        unsetenv("CUDA_VISIBLE_DEVICES");
        const std::string file = std::string(NUMABIND_FIXTURES_DIR) + "/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml";
        nb_topology *raw = nullptr;
        ASSERT_EQ(nb_topology_load_xml(&raw, file.c_str()), NB_OK) << nb_last_error();
        topology_.reset(raw);
        nb_options *options = nullptr;
        ASSERT_EQ(nb_options_new(&options), NB_OK);
        options_.reset(options);
        nb_cpuset *set = nullptr;
        ASSERT_EQ(nb_cpuset_parse(&set, "0-3"), NB_OK);
        set_.reset(set);
        nb_plan *plan = nullptr;
        ASSERT_EQ(nb_plan_compute(&plan, topology_.get(), nullptr, 0), NB_OK) << nb_last_error();
        plan_.reset(plan);
    }

    Topology topology_;
    Options options_;
    Cpuset set_;
    Plan plan_;
};

TEST_F(NullHandling, FreeingNullIsANoOp) {
    nb_free(nullptr);
    nb_cpuset_free(nullptr);
    nb_options_free(nullptr);
    nb_topology_free(nullptr);
    nb_plan_free(nullptr);
    SUCCEED() << "no crash";
}

TEST_F(NullHandling, CpusetFunctions) {
    nb_cpuset *out = reinterpret_cast<nb_cpuset *>(0x1);
    char *text = reinterpret_cast<char *>(0x1);
    EXPECT_EINVAL(nb_cpuset_new(nullptr));
    EXPECT_EINVAL(nb_cpuset_parse(nullptr, "1"));
    EXPECT_EINVAL(nb_cpuset_parse(&out, nullptr));
    EXPECT_EQ(out, nullptr);
    out = reinterpret_cast<nb_cpuset *>(0x1);
    EXPECT_EINVAL(nb_cpuset_dup(&out, nullptr));
    EXPECT_EQ(out, nullptr);
    EXPECT_EINVAL(nb_cpuset_dup(nullptr, set_.get()));
    EXPECT_EINVAL(nb_cpuset_format(nullptr, set_.get()));
    EXPECT_EINVAL(nb_cpuset_format(&text, nullptr));
    EXPECT_EQ(text, nullptr);
    EXPECT_EINVAL(nb_cpuset_add(nullptr, 1));
    EXPECT_EINVAL(nb_cpuset_remove(nullptr, 1));
    EXPECT_EQ(nb_cpuset_count(nullptr), 0);
    EXPECT_EQ(nb_cpuset_contains(nullptr, 1), 0);
    EXPECT_EQ(nb_cpuset_next(nullptr, -1), -1);
    EXPECT_EQ(nb_cpuset_equal(nullptr, set_.get()), 0);
}

TEST_F(NullHandling, NameParsers) {
    nb_mode mode;
    nb_gpu_vendor vendor;
    EXPECT_EINVAL(nb_mode_parse(nullptr, "node"));
    EXPECT_EINVAL(nb_mode_parse(&mode, nullptr));
    EXPECT_EINVAL(nb_gpu_vendor_parse(nullptr, "amd"));
    EXPECT_EINVAL(nb_gpu_vendor_parse(&vendor, nullptr));
    nb_mem_policy policy;
    EXPECT_EINVAL(nb_mem_policy_parse(nullptr, "bind"));
    EXPECT_EINVAL(nb_mem_policy_parse(&policy, nullptr));
}

TEST_F(NullHandling, OptionsFunctions) {
    nb_options *out = reinterpret_cast<nb_options *>(0x1);
    nb_mode mode;
    int flag;
    nb_gpu_vendor vendor;
    nb_cpuset *cpus = nullptr;
    char *text = nullptr;
    EXPECT_EINVAL(nb_options_new(nullptr));
    EXPECT_EINVAL(nb_options_dup(&out, nullptr));
    EXPECT_EQ(out, nullptr);
    EXPECT_EINVAL(nb_options_dup(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_set_mode(nullptr, NB_MODE_NODE));
    EXPECT_EINVAL(nb_options_get_mode(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_get_mode(&mode, nullptr));
    EXPECT_EINVAL(nb_options_set_fallback(nullptr, 1));
    EXPECT_EINVAL(nb_options_get_fallback(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_get_fallback(&flag, nullptr));
    EXPECT_EINVAL(nb_options_set_allowed_cpus(nullptr, set_.get()));
    EXPECT_EINVAL(nb_options_get_allowed_cpus(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_get_allowed_cpus(&cpus, nullptr));
    EXPECT_EINVAL(nb_options_set_gpu_vendor(nullptr, NB_GPU_VENDOR_AUTO));
    EXPECT_EINVAL(nb_options_get_gpu_vendor(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_get_gpu_vendor(&vendor, nullptr));
    EXPECT_EINVAL(nb_options_set_pci_bus_ids(nullptr, "4e:00.0"));
    EXPECT_EINVAL(nb_options_get_pci_bus_ids(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_get_pci_bus_ids(&text, nullptr));
    EXPECT_EINVAL(nb_options_set_visible_devices(nullptr, "0"));
    EXPECT_EINVAL(nb_options_get_visible_devices(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_get_visible_devices(&text, nullptr));
    nb_mem_policy policy;
    EXPECT_EINVAL(nb_options_set_mem_policy(nullptr, NB_MEM_POLICY_BIND));
    EXPECT_EINVAL(nb_options_get_mem_policy(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_get_mem_policy(&policy, nullptr));
    EXPECT_EINVAL(nb_options_to_json(nullptr, options_.get()));
    EXPECT_EINVAL(nb_options_to_json(&text, nullptr));
    out = reinterpret_cast<nb_options *>(0x1);
    EXPECT_EINVAL(nb_options_from_json(&out, nullptr));
    EXPECT_EQ(out, nullptr);
    EXPECT_EINVAL(nb_options_from_json(nullptr, "{}"));
}

TEST_F(NullHandling, TopologyFunctions) {
    nb_topology *out = reinterpret_cast<nb_topology *>(0x1);
    char *text = nullptr;
    int count;
    EXPECT_EINVAL(nb_topology_load(nullptr));
    EXPECT_EINVAL(nb_topology_load_xml(nullptr, "x.xml"));
    EXPECT_EINVAL(nb_topology_load_xml(&out, nullptr));
    EXPECT_EQ(out, nullptr);
    EXPECT_EINVAL(nb_topology_load_xml_buffer(nullptr, "<x/>", 4));
    out = reinterpret_cast<nb_topology *>(0x1);
    EXPECT_EINVAL(nb_topology_load_xml_buffer(&out, nullptr, 4));
    EXPECT_EQ(out, nullptr);
    EXPECT_EINVAL(nb_topology_load_fsroot(nullptr, "/"));
    EXPECT_EINVAL(nb_topology_load_fsroot(&out, nullptr));
    EXPECT_EQ(nb_topology_is_live(nullptr), 0);
    EXPECT_EINVAL(nb_topology_to_json(nullptr, topology_.get(), nullptr));
    EXPECT_EINVAL(nb_topology_to_json(&text, nullptr, nullptr));
    EXPECT_EINVAL(nb_topology_gpu_count(nullptr, topology_.get(), nullptr));
    EXPECT_EINVAL(nb_topology_gpu_count(&count, nullptr, nullptr));
}

TEST_F(NullHandling, ComputeAndPlanFunctions) {
    nb_cpuset *cpus = reinterpret_cast<nb_cpuset *>(0x1);
    nb_plan *plan = reinterpret_cast<nb_plan *>(0x1);
    char *text = nullptr;
    int gpu = 0, node = 0;
    EXPECT_EINVAL(nb_compute_cpuset(nullptr, topology_.get(), nullptr, 0));
    EXPECT_EINVAL(nb_compute_cpuset(&cpus, nullptr, nullptr, 0));
    EXPECT_EQ(cpus, nullptr);
    EXPECT_EINVAL(nb_plan_compute(nullptr, topology_.get(), nullptr, 0));
    EXPECT_EINVAL(nb_plan_compute(&plan, nullptr, nullptr, 0));
    EXPECT_EQ(plan, nullptr);
    EXPECT_EINVAL(nb_plan_compute(&plan, topology_.get(), nullptr, -1));  // a negative count
    EXPECT_EQ(nb_plan_size(nullptr), 0);
    EXPECT_EINVAL(nb_plan_rank_status(nullptr, 0));
    EXPECT_EINVAL(nb_plan_rank_cpuset(nullptr, plan_.get(), 0));
    EXPECT_EINVAL(nb_plan_rank_cpuset(&cpus, nullptr, 0));
    EXPECT_EINVAL(nb_plan_rank_gpu(nullptr, &node, plan_.get(), 0));
    EXPECT_EINVAL(nb_plan_rank_gpu(&gpu, nullptr, plan_.get(), 0));
    EXPECT_EINVAL(nb_plan_rank_gpu(&gpu, &node, nullptr, 0));
    EXPECT_EINVAL(nb_plan_to_json(nullptr, plan_.get()));
    EXPECT_EINVAL(nb_plan_to_json(&text, nullptr));
}

// The message says which call and which argument: "nb_options_new: out must
// not be NULL", not just "out must not be NULL".
TEST_F(NullHandling, MessagesNameTheFunctionAndTheArgument) {
    nb_topology *topology = nullptr;
    EXPECT_EQ(nb_options_new(nullptr), NB_EINVAL);
    EXPECT_TRUE(last_error_names("nb_options_new"));
    EXPECT_TRUE(last_error_names("out"));
    EXPECT_EQ(nb_topology_load_xml(&topology, nullptr), NB_EINVAL);
    EXPECT_TRUE(last_error_names("nb_topology_load_xml"));
    EXPECT_TRUE(last_error_names("path"));
    EXPECT_EQ(nb_plan_rank_status(nullptr, 0), NB_EINVAL);
    EXPECT_TRUE(last_error_names("nb_plan_rank_status"));
    EXPECT_TRUE(last_error_names("plan"));
    EXPECT_EQ(nb_cpuset_add(set_.get(), -1), NB_EINVAL);
    EXPECT_TRUE(last_error_names("nb_cpuset_add"));
    EXPECT_TRUE(last_error_names("-1"));
}

TEST_F(NullHandling, RanksOutsideThePlanAreErank) {
    // Not NULL handling, but the same boundary: an index outside the plan.
    EXPECT_EQ(nb_plan_rank_status(plan_.get(), 8), NB_ERANK);
    EXPECT_EQ(nb_plan_rank_status(plan_.get(), -1), NB_ERANK);
    nb_cpuset *cpus = reinterpret_cast<nb_cpuset *>(0x1);
    EXPECT_EQ(nb_plan_rank_cpuset(&cpus, plan_.get(), 8), NB_ERANK);
    EXPECT_EQ(cpus, nullptr);
}

}  // namespace
}  // namespace capi
