#include "expected_machines.h"

#include <ostream>

namespace golden {
namespace {

// n GPUs that share one PCI device (MI300A partitions: one rsmi osdev each).
std::vector<ExpectedGpu> repeated(const std::string &bus, int node, int n) {
    return std::vector<ExpectedGpu>(static_cast<size_t>(n), ExpectedGpu{bus, node});
}

std::vector<ExpectedGpu> concat(std::initializer_list<std::vector<ExpectedGpu>> parts) {
    std::vector<ExpectedGpu> all;
    for (const auto &p : parts) all.insert(all.end(), p.begin(), p.end());
    return all;
}

// The four AC922 (POWER9 + 4 V100) exports: 2 GPUs per socket, CPU nodes P#0
// and P#8. The 1.x files also hold GPU-memory nodes P#252-255, which hwloc 2.9
// imports with EMPTY cpusets at Machine level: --local-memory lists them with
// the socket node, but a node without CPUs never qualifies (semantics.md), so
// the host node is the socket's node.
const std::vector<ExpectedGpu> kAc922 = {
    {"0004:04:00.0", 0}, {"0004:05:00.0", 0}, {"0035:03:00.0", 8}, {"0035:04:00.0", 8}};

// The POWER9 capture's six V100 (vendor 0000 in the capture, so discovery
// finds none). With HWLOC_KEEP_NVIDIA_GPU_NUMA_NODES=1 (the KEPT file) each
// GPU's locality (its package) also holds GPUMemory nodes P#250-255 that carry
// the package cpuset and a PCIBusID: excluded by subtype, so P#0 / P#8 remain.
const char *kPower9BusIds =
    "0004:05:00.0,0004:06:00.0,0006:00:00.0,0007:00:00.0,0035:04:00.0,0035:05:00.0";
const std::vector<ExpectedGpu> kPower9 = {{"0004:05:00.0", 0}, {"0004:06:00.0", 0},
                                          {"0006:00:00.0", 0}, {"0007:00:00.0", 8},
                                          {"0035:04:00.0", 8}, {"0035:05:00.0", 8}};

// Four AMD Vega GPUs on NUMA 1, 2, 5, 7 of the 8-node EPYC 7401 Corona nodes
// (the ASPEED BMC VGA 0000:05:00.0 on node 0 is not AMD and not a GPU).
const std::vector<ExpectedGpu> kCoronaNps4 = {
    {"0000:13:00.0", 1}, {"0000:23:00.0", 2}, {"0000:53:00.0", 5}, {"0000:73:00.0", 7}};

// Eight AMD MI50 on the EPYC 7402 NPS1 Corona node, four per socket node (the
// ASPEED VGA 0000:65:00.0 is not a GPU).
const std::vector<ExpectedGpu> kCoronaNps1 = {
    {"0000:03:00.0", 0}, {"0000:27:00.0", 0}, {"0000:43:00.0", 0}, {"0000:63:00.0", 0},
    {"0000:83:00.0", 1}, {"0000:a3:00.0", 1}, {"0000:c3:00.0", 1}, {"0000:e3:00.0", 1}};

std::vector<ExpectedMachine> build_table() {
    std::vector<ExpectedMachine> t;
    auto none = [&t](const char *path) { t.push_back({path, {}, "", {}}); };
    auto gpus = [&t](const char *path, std::vector<ExpectedGpu> list) {
        t.push_back({path, std::move(list), "", {}});
    };

    // ---- xml/ (hwloc 2.x) -------------------------------------------------
    none("xml/amd-2x-epyc7451-naples_cpuid-only_8numa-2l3each.xml");
    none("xml/amd-2x-epyc7763-milan_cpuid-only_smt-off_2numa-8l3each.xml");
    none("xml/amd-2x-epyc9654-genoa_cpuid-only_2numa-12l3each.xml");
    gpus("xml/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml",
         {{"0000:18:00.0", 0}, {"0000:19:00.0", 0}, {"0000:35:00.0", 0}, {"0000:36:00.0", 0},
          {"0000:e7:00.0", 1}, {"0000:e8:00.0", 1}, {"0000:f4:00.0", 1}, {"0000:f5:00.0", 1}});
    none("xml/bull-dcs8000z_2x-xeon-e5-2680_2numa_xeon-phi-knc-pci.xml");  // ASPEED VGA only
    none("xml/dell-r740_2x-xeon6230_snc2-4numa_2lm-memory-side-cache.xml");
    none("xml/dell-r815_4x-opteron6272_8numa_nonmonotonic-numa-os-index.xml");
    // The Matrox VGA is local to NUMA P#0 and P#2 (its locality, a Group, spans
    // both): no node is attached at or above it, so the candidates are the
    // nodes inside it (SMALLER_LOCALITY), P#0 and P#2; the lowest OS index wins.
    t.push_back({"xml/dell-r910_4x-xeon-e7-4870_4numa_pci-local-to-2numa.xml", {}, "0000:09:03.0",
                 {{"0000:09:03.0", 0}}});
    // Bus order 4e < 5f < cb < db differs from the cuda numbering order.
    gpus("xml/dell-xe8640_2x-xeon8480_snc4-8numa_4xH100-sxm.xml",
         {{"0000:4e:00.0", 3}, {"0000:5f:00.0", 1}, {"0000:cb:00.0", 7}, {"0000:db:00.0", 5}});
    // The ATI ES1000 BMC VGA 0000:01:03.0 (no osdev) is not a GPU.
    gpus("xml/hp-sl390s-g7_2x-westmere_3x-tesla-fermi_ati-es1000.xml",
         {{"0000:06:00.0", 0}, {"0000:11:00.0", 1}, {"0000:14:00.0", 1}});
    gpus("xml/hpe-ex255a_4x-mi300a-apu_cpx.xml",
         concat({repeated("0000:02:00.0", 0, 6), repeated("0001:02:00.0", 1, 6),
                 repeated("0002:02:00.0", 2, 6), repeated("0003:02:00.0", 3, 6)}));
    gpus("xml/hpe-ex255a_4x-mi300a-apu_spx.xml",
         {{"0000:02:00.0", 0}, {"0001:02:00.0", 1}, {"0002:02:00.0", 2}, {"0003:02:00.0", 3}});
    gpus("xml/hpe-ex255a_4x-mi300a-apu_tpx.xml",
         concat({repeated("0000:02:00.0", 0, 3), repeated("0001:02:00.0", 1, 3),
                 repeated("0002:02:00.0", 2, 3), repeated("0003:02:00.0", 3, 3)}));
    gpus("xml/ibm-power8nvl-minsky_2s_4xp100-nvlink.xml",
         {{"0002:01:00.0", 0}, {"0003:01:00.0", 0}, {"000a:01:00.0", 1}, {"000b:01:00.0", 1}});
    // The ATI ES1000 (AMD vendor, class 0300) has only a card0 display node.
    none("xml/ibm-x3950m2_4-chassis_16pkg_4numa_ati-es1000.xml");
    none("xml/intel-4s-2c-2t-netburst_offline-cpus_12of16.xml");
    none("xml/intel-4s-2c-2t-netburst_offline-cpus_7of16.xml");
    gpus("xml/llnl-corona_2x-epyc7401_nps4-8numa_4xmi50.xml", kCoronaNps4);  // class 0300 + opencl
    gpus("xml/llnl-corona_2x-epyc7402_nps1_8xmi50.xml", kCoronaNps1);
    gpus("xml/llnl-lassen_ibm-ac922_2x-power9_smt4_4xv100.xml", kAc922);
    gpus("xml/llnl-pascal_2x-xeon-e5-2695v4_2xp100-pcie.xml", {{"0000:04:00.0", 0}, {"0000:07:00.0", 0}});
    none("xml/llnl-quartz_2x-xeon-e5-2695v4_smt-off.xml");  // Matrox VGA only
    gpus("xml/llnl-tioga_hpe-ex235a_epyc-7a53_4numa-2l3each_8xmi250x-gcd.xml",
         {{"0000:c1:00.0", 3}, {"0000:c6:00.0", 3}, {"0000:c9:00.0", 1}, {"0000:ce:00.0", 1},
          {"0000:d1:00.0", 0}, {"0000:d6:00.0", 0}, {"0000:d9:00.0", 2}, {"0000:de:00.0", 2}});
    none("xml/nvidia-dgx-spark_gb10_arm64-hybrid-20c_no-io.xml");
    // 16 V100; the 12 NVSwitches (class 0680) are not GPUs.
    gpus("xml/nvidia-dgx2h_2x-xeon8174_16xv100_nvswitch_cpus-trimmed.xml",
         {{"0000:34:00.0", 0}, {"0000:36:00.0", 0}, {"0000:39:00.0", 0}, {"0000:3b:00.0", 0},
          {"0000:57:00.0", 0}, {"0000:59:00.0", 0}, {"0000:5c:00.0", 0}, {"0000:5e:00.0", 0},
          {"0000:b7:00.0", 1}, {"0000:b9:00.0", 1}, {"0000:bc:00.0", 1}, {"0000:be:00.0", 1},
          {"0000:e0:00.0", 1}, {"0000:e2:00.0", 1}, {"0000:e5:00.0", 1}, {"0000:e7:00.0", 1}});
    none("xml/quanta-s74g_nvidia-gh200_72c_gpu-numa-offline_no-io.xml");  // exported without I/O
    none("xml/sgi-altix-uv_24pkg_24numa_12groups.xml");                    // Matrox VGA only
    // A cpuset partition: only NUMA P#0-1 (CPUs 0-15) are allowed. The two
    // NVIDIA GPUs hang below packages outside it. numabind loads files with
    // their disallowed objects (HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED, as
    // `hwloc-calc --disallowed` does), so each GPU keeps its real locality:
    // `hwloc-calc --disallowed -i F --po --local-memory pci=0002:01:00.0` gives
    // P#4 (CPUs 32-39) and pci=0004:01:00.0 gives P#7 (56-63), both outside the
    // partition. (Without --disallowed the GPUs' cpusets are empty and
    // INDEX.md's --local-memory answer, every node, means nothing.) The named
    // SGI test checks that no mode binds them: NB_ENOTALLOWED.
    gpus("xml/sgi-uv2000_partition-2numa-of-8_2x-nvidia-gpus-outside-partition.xml",
         {{"0002:01:00.0", 4}, {"0004:01:00.0", 7}});
    none("xml/supermicro-h8qg6_4x-opteron6134_cgroup2-restricted.xml");
    // Auto prefers the three NVIDIA Teslas over the Radeon 0000:84:00.1.
    gpus("xml/supermicro-x9drg_2x-sandybridge_3x-tesla-m2075_radeon7970.xml",
         {{"0000:03:00.0", 0}, {"0000:83:00.0", 1}, {"0000:84:00.0", 1}});
    none("xml/tyan-8x-opteron865_cpuset-restricted_asymmetric.xml");

    // ---- xml-v1/ (hwloc 1.x) ------------------------------------------------
    // Two AMD GPUs of class 0380 (the ASPEED VGA is not AMD).
    gpus("xml-v1/hpe-apollo70_2x-thunderx2_smt4_2xamd-gpu.xml", {{"0000:02:00.0", 0}, {"0000:82:00.0", 1}});
    none("xml-v1/intel-cascadelake-ap-es_4pkg_4numa.xml");
    none("xml-v1/intel-knl7250_quad-flat_2numa-ddr+mcdram.xml");
    none("xml-v1/intel-knl7250_snc4-flat_8numa-ddr+mcdram.xml");
    gpus("xml-v1/llnl-butte_ibm-ac922_2x-power9_4xv100_gpu-numa-252-255.xml", kAc922);
    // MI25 of class 0300 with renderD and opencl osdevs: compute devices.
    gpus("xml-v1/llnl-corona11_2x-epyc7401_8numa_4xmi25.xml", kCoronaNps4);
    // Class 0300 with a renderD node (no opencl): still compute devices.
    gpus("xml-v1/llnl-corona_2x-epyc7401_nps4-8numa_4xmi50_hwloc1.xml", kCoronaNps4);
    gpus("xml-v1/llnl-corona_2x-epyc7402_nps1_8xmi50_hwloc1.xml", kCoronaNps1);
    gpus("xml-v1/llnl-lassen_ibm-ac922_2x-power9_4xv100_gpu-numa-252-255.xml", kAc922);
    gpus("xml-v1/llnl-rzansel_ibm-ac922_2x-power9_4xv100_gpu-numa-252-255.xml", kAc922);
    gpus("xml-v1/llnl-rzmanta_ibm-power8nvl_2s-smt8_4xp100.xml",
         {{"0002:01:00.0", 0}, {"0003:01:00.0", 0}, {"0006:01:00.0", 1}, {"0007:01:00.0", 1}});
    gpus("xml-v1/llnl-sierra_ibm-ac922_2x-power9_4xv100_gpu-numa-252-255.xml", kAc922);
    none("xml-v1/supermicro_2x-epyc7551_8numa-2l3each.xml");  // ASPEED VGA only
    // Auto: NVIDIA present, so only the GP104; the Vega 10 needs vendor amd.
    gpus("xml-v1/threadripper-2990wx_memoryless-dies_nvidia+amd-gpu.xml", {{"0000:08:00.0", 0}});

    // ---- xml-from-fsroot/ (generated by lstopo 2.9 from sysfs captures) -----
    none("xml-from-fsroot/amd-4x-opteron-magnycours_8numa_sparse-numa-os-indexes.xml");
    none("xml-from-fsroot/bull-dcs8000z_2x-xeon-e5-2680_xeon-phi-knc_fsroot.xml");
    none("xml-from-fsroot/dell-r630_2x-e5-2680v3_cpu0-and-numa0-offline.xml");
    // Default PCI locality: the Matrox VGA's locality is the whole machine,
    // larger than any node, so no node is attached at or above it; the
    // candidates are the four nodes inside it and the lowest OS index is P#0.
    t.push_back({"xml-from-fsroot/dell-r910_4x-xeon-e7-4870_fsroot-default-pci-locality.xml", {},
                 "0000:09:03.0", {{"0000:09:03.0", 0}}});
    none("xml-from-fsroot/huawei-xa320_2x-kunpeng920_4numa_32clusters.xml");
    t.push_back({"xml-from-fsroot/ibm-power9_v100-gpu-numa-nodes_KEPT.xml", {}, kPower9BusIds, kPower9});
    t.push_back({"xml-from-fsroot/ibm-power9_v100-gpu-numa-nodes_default-hidden.xml", {}, kPower9BusIds,
                 kPower9});
    none("xml-from-fsroot/intel-4x-e7-4870_conflicting-sysfs_pci-attached-to-root.xml");
    none("xml-from-fsroot/supermicro-4029gp_2x-xeon4108_8x-nec-vector-engine.xml");  // VE osdevs, not GPUs
    return t;
}

}  // namespace

const std::vector<ExpectedMachine> &expected_machines() {
    static const std::vector<ExpectedMachine> table = build_table();
    return table;
}

void PrintTo(const ExpectedMachine &machine, std::ostream *os) { *os << machine.path; }

const ExpectedMachine *find_expected_machine(const std::string &path) {
    for (const auto &m : expected_machines())
        if (m.path == path) return &m;
    return nullptr;
}

}  // namespace golden
