// Which PCI devices are GPUs, and in which order ranks get them.
// Every device sits on its own single-CPU node (logical node n = CPU n = P#n),
// so the host node a rank reports identifies its GPU.
#include "policy_fixture.h"

namespace nbtest {
namespace {

MachineSpec eight_single_cpu_nodes() {
    MachineSpec s;
    s.nodes_per_package = 8;
    return s;
}

PciDevice with_class(PciDevice d, unsigned pci_class, std::vector<OsDevice> osdevs) {
    d.pci_class = pci_class;
    d.os_devices = std::move(osdevs);
    return d;
}

class GpuDiscovery : public PolicyTest {};

TEST_F(GpuDiscovery, NvidiaIsPreferredOverAmd) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(amd_gpu("0000:03:00.0", 0, 0));
    s.pci_devices.push_back(nvidia_gpu("0000:40:00.0", 1, 0));
    load(s);
    EXPECT_EQ(gpu_count(), 1);
    EXPECT_EQ(host_nodes(), std::vector<int>{1});
}

TEST_F(GpuDiscovery, AmdIsUsedWhenNoNvidiaGpu) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(bmc_vga("0000:02:00.0", 0));
    s.pci_devices.push_back(amd_gpu("0000:c1:00.0", 2, 0));
    s.pci_devices.push_back(nvswitch("0000:90:00.0", 3));  // NVIDIA, but not a GPU
    load(s);
    EXPECT_EQ(host_nodes(), std::vector<int>{2});
}

TEST_F(GpuDiscovery, BmcVgaAndNvSwitchAreNotGpus) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(bmc_vga("0000:02:00.0", 0));
    s.pci_devices.push_back(nvswitch("0000:03:00.0", 1));
    s.pci_devices.push_back(nvidia_gpu("0000:40:00.0", 2, 0));
    load(s);
    EXPECT_EQ(host_nodes(), std::vector<int>{2});
}

TEST_F(GpuDiscovery, NvidiaVgaClassIsAGpu) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(with_class(nvidia_gpu("0000:40:00.0", 4, 0), 0x0300, {}));
    load(s);
    EXPECT_EQ(host_nodes(), std::vector<int>{4});
}

// Order is (domain, bus, device, function), whatever order the tree holds them in.
TEST_F(GpuDiscovery, RanksFollowBusIdOrder) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(nvidia_gpu("0000:c1:00.0", 0, 0));
    s.pci_devices.push_back(nvidia_gpu("0000:03:00.0", 1, 1));
    s.pci_devices.push_back(nvidia_gpu("0001:01:00.0", 2, 2));
    s.pci_devices.push_back(nvidia_gpu("0000:41:01.0", 3, 3));
    s.pci_devices.push_back(nvidia_gpu("0000:41:00.1", 4, 4));
    s.pci_devices.push_back(nvidia_gpu("0000:ff:00.0", 5, 5));
    load(s);
    // 0000:03 < 0000:41:00.1 < 0000:41:01.0 < 0000:c1 < 0000:ff < 0001:01
    EXPECT_EQ(host_nodes(), (std::vector<int>{1, 4, 3, 0, 5, 2}));
}

TEST_F(GpuDiscovery, ForcedAmdIgnoresNvidia) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(nvidia_gpu("0000:03:00.0", 0, 0));
    s.pci_devices.push_back(amd_gpu("0000:c1:00.0", 1, 0));
    s.pci_devices.push_back(amd_gpu("0000:c6:00.0", 2, 1));
    load(s);
    ASSERT_EQ(nb_options_set_gpu_vendor(opts_, NB_GPU_VENDOR_AMD), NB_OK);
    EXPECT_EQ(gpu_count(), 2);
    EXPECT_EQ(host_nodes(), (std::vector<int>{1, 2}));
}

TEST_F(GpuDiscovery, ForcedNvidiaWithoutNvidiaIsNoGpu) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(amd_gpu("0000:c1:00.0", 1, 0));
    load(s);
    ASSERT_EQ(nb_options_set_gpu_vendor(opts_, NB_GPU_VENDOR_NVIDIA), NB_OK);
    nb_plan *plan = nullptr;
    EXPECT_EQ(nb_plan_compute(&plan, topo_, opts_, 0), NB_ENOGPU);
    EXPECT_EQ(plan, nullptr);
    EXPECT_EQ(compute(0, nullptr), NB_ENOGPU);
}

// An AMD device is a GPU by class 0380/1200, or as a VGA (0300) only with a
// compute OS device; a card*/controlD* DRM node alone is a display.
struct AmdCase {
    const char *name;
    unsigned pci_class;
    std::vector<OsDevice> osdevs;
    bool is_gpu;
};

/// GoogleTest prints the case (listings, failures) by its name, not its bytes.
void PrintTo(const AmdCase &amd, std::ostream *os) { *os << amd.name; }

class AmdClassification : public GpuDiscovery, public ::testing::WithParamInterface<AmdCase> {};

TEST_P(AmdClassification, DecidesByClassAndOsDevices) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(with_class(amd_gpu("0000:c1:00.0", 3, 0), GetParam().pci_class,
                                       GetParam().osdevs));
    load(s);
    if (GetParam().is_gpu) {
        EXPECT_EQ(host_nodes(), std::vector<int>{3});
    } else {
        nb_plan *plan = nullptr;
        EXPECT_EQ(nb_plan_compute(&plan, topo_, opts_, 0), NB_ENOGPU);
        capi::Plan owned(plan);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Devices, AmdClassification,
    ::testing::Values(AmdCase{"display_class_0380", 0x0380, {}, true},
                      AmdCase{"accelerator_class_1200", 0x1200, {}, true},
                      AmdCase{"vga_with_rsmi", 0x0300, {rsmi_osdev(0)}, true},
                      AmdCase{"vga_with_opencl", 0x0300, {opencl_osdev(0, 0)}, true},
                      AmdCase{"vga_with_render_node", 0x0300,
                              {drm_card_osdev(0), drm_render_osdev(128)}, true},
                      AmdCase{"vga_with_card_only", 0x0300, {drm_card_osdev(0)}, false},
                      AmdCase{"vga_with_controlD_only", 0x0300,
                              {OsDevice{"controlD64", OsDevType::kGpu, "", {}}}, false},
                      AmdCase{"vga_without_osdev", 0x0300, {}, false}),
    [](const ::testing::TestParamInfo<AmdCase> &param_info) { return std::string(param_info.param.name); });

// MI300A in TPX mode: one PCI device carrying three rsmi devices is three GPUs.
TEST_F(GpuDiscovery, PartitionedAmdDeviceCountsOncePerRsmiDevice) {
    MachineSpec s = eight_single_cpu_nodes();
    PciDevice apu0 = with_class(amd_gpu("0000:02:00.0", 0, 0), 0x1200,
                                {rsmi_osdev(0), rsmi_osdev(1), rsmi_osdev(2)});
    PciDevice apu1 = with_class(amd_gpu("0001:02:00.0", 1, 0), 0x1200,
                                {rsmi_osdev(3), rsmi_osdev(4), rsmi_osdev(5)});
    s.pci_devices = {apu0, apu1};
    load(s);
    EXPECT_EQ(gpu_count(), 6);
    EXPECT_EQ(host_nodes(), (std::vector<int>{0, 0, 0, 1, 1, 1}));
    nlohmann::json plan = plan_json(0);
    ASSERT_TRUE(plan.is_object());
    for (int r = 0; r < 6; ++r)
        EXPECT_EQ(plan["ranks"][r]["gpu"]["pci_bus_id"], r < 3 ? "0000:02:00.0" : "0001:02:00.0");
}

// Explicit bus ids: exactly those devices, in the order given, whatever their class.
TEST_F(GpuDiscovery, ExplicitBusIdsGiveExactlyThoseInOrder) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(bmc_vga("0000:02:00.0", 0));
    s.pci_devices.push_back(nvidia_gpu("0000:03:00.0", 1, 0));
    s.pci_devices.push_back(nvidia_gpu("0000:c1:00.0", 2, 1));
    s.pci_devices.push_back(nvidia_gpu("0000:c2:00.0", 3, 2));
    load(s);
    ASSERT_EQ(nb_options_set_pci_bus_ids(opts_, "0000:C1:00.0,02:00.0"), NB_OK) << nb_last_error();
    EXPECT_EQ(gpu_count(), 2);
    EXPECT_EQ(host_nodes(), (std::vector<int>{2, 0}));
}

TEST_F(GpuDiscovery, ExplicitBusIdMissingFromTopologyIsSelectionError) {
    MachineSpec s = eight_single_cpu_nodes();
    s.pci_devices.push_back(nvidia_gpu("0000:03:00.0", 1, 0));
    load(s);
    ASSERT_EQ(nb_options_set_pci_bus_ids(opts_, "0000:77:00.0"), NB_OK);
    EXPECT_EQ(compute(0, nullptr), NB_EGPUSEL);
    nb_plan *plan = nullptr;
    EXPECT_EQ(nb_plan_compute(&plan, topo_, opts_, 0), NB_EGPUSEL);
    EXPECT_EQ(plan, nullptr);
}

TEST_F(GpuDiscovery, MalformedOrRepeatedBusIdsAreRejectedBySetter) {
    EXPECT_EQ(nb_options_set_pci_bus_ids(opts_, "0000:zz:00.0"), NB_EGPUSEL);
    EXPECT_EQ(nb_options_set_pci_bus_ids(opts_, "03:00.0,0000:03:00.0"), NB_EGPUSEL);
}

}  // namespace
}  // namespace nbtest
