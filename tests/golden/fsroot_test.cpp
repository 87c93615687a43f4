// nb_topology_load_fsroot on real sysfs/procfs captures (hwloc's test
// tarballs): the result must match the XML that hwloc 2.9's lstopo produced
// from the same capture (xml-from-fsroot/, recipe in INDEX.md): same NUMA
// nodes with the same CPUs, same allowed CPUs, same GPUs and host nodes.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "expected_machines.h"
#include "shape_support.h"

namespace golden {
namespace {

namespace fs = std::filesystem;

// Where to extract: memory (/dev/shm) when there is one. A capture is ~10,000
// small files; creating them on this machine's disk took 7 s, in /dev/shm 0.2 s.
fs::path scratch_dir() {
    std::error_code ec;
    if (fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0) return "/dev/shm";
    return fs::temp_directory_path();
}

// A capture tarball extracted into a fresh temporary directory, removed on exit.
class ExtractedCapture {
public:
    explicit ExtractedCapture(const std::string &tarball) {
        std::string pattern = (scratch_dir() / "numabind-fsroot-XXXXXX").string();
        if (!mkdtemp(pattern.data())) return;
        dir_ = pattern;
        std::string command = "tar xjf '" + tarball + "' -C '" + dir_ + "'";
        ok_ = std::system(command.c_str()) == 0;
    }
    ~ExtractedCapture() {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }
    ExtractedCapture(const ExtractedCapture &) = delete;
    ExtractedCapture &operator=(const ExtractedCapture &) = delete;

    bool ok() const { return ok_; }
    /// The capture's root: the tarball holds one top-level directory named after it.
    std::string root(const std::string &name) const { return dir_ + "/" + name; }

private:
    std::string dir_;
    bool ok_ = false;
};

Topology load_fsroot(const std::string &dir, nb_status *status) {
    nb_topology *raw = nullptr;
    *status = nb_topology_load_fsroot(&raw, dir.c_str());
    return Topology(raw);
}

// The two descriptions agree on everything the binding depends on.
void expect_same_machine(const TopologyInfo &from_capture, const TopologyInfo &from_xml) {
    EXPECT_EQ(nbtest::format_cpu_list(from_capture.allowed), nbtest::format_cpu_list(from_xml.allowed));
    ASSERT_EQ(from_capture.numa_nodes.size(), from_xml.numa_nodes.size())
        << from_capture.json << "\nvs\n" << from_xml.json;
    for (size_t i = 0; i < from_xml.numa_nodes.size(); ++i) {
        const auto &a = from_capture.numa_nodes[i];
        const auto &b = from_xml.numa_nodes[i];
        SCOPED_TRACE("NUMA P#" + std::to_string(b.os_index));
        EXPECT_EQ(a.os_index, b.os_index);
        EXPECT_EQ(nbtest::format_cpu_list(a.cpus), nbtest::format_cpu_list(b.cpus));
        EXPECT_EQ(a.has_cpus, b.has_cpus);
        EXPECT_EQ(a.package, b.package);
        EXPECT_EQ(a.subtype, b.subtype);
    }
    ASSERT_EQ(from_capture.gpus.size(), from_xml.gpus.size());
    for (size_t i = 0; i < from_xml.gpus.size(); ++i) {
        const auto &a = from_capture.gpus[i];
        const auto &b = from_xml.gpus[i];
        SCOPED_TRACE("GPU " + b.pci_bus_id);
        EXPECT_EQ(a.pci_bus_id, b.pci_bus_id);
        EXPECT_EQ(a.pci_class, b.pci_class);
        EXPECT_EQ(a.numa_node, b.numa_node);
        EXPECT_EQ(nbtest::format_cpu_list(a.local_cpus), nbtest::format_cpu_list(b.local_cpus));
    }
}

// The bundled POWER9 capture (tests/fixtures/nvidiagpunumanodes.tar.bz2):
// read with hwloc's defaults, the GPU-memory nodes stay hidden, so only the
// CPU nodes P#0 (0-15) and P#8 (88-103) remain, and the six GPUs (vendor 0000
// in the capture) are reached through explicit bus ids, with the same host
// nodes and localities as in the bundled KEPT export of the same capture.
TEST(FsrootBundled, Power9CaptureHasCpuNodesZeroAndEight) {
    const std::string tarball = fixtures_dir() + "/nvidiagpunumanodes.tar.bz2";
    ASSERT_TRUE(fs::is_regular_file(tarball)) << tarball;
    ExtractedCapture capture(tarball);
    ASSERT_TRUE(capture.ok()) << "tar xjf " << tarball;
    nb_status status;
    Topology topology = load_fsroot(capture.root("nvidiagpunumanodes"), &status);
    ASSERT_EQ(status, NB_OK) << nb_last_error();
    EXPECT_EQ(nb_topology_is_live(topology.get()), 0);

    int count = -1;
    ASSERT_EQ(nb_topology_gpu_count(&count, topology.get(), nullptr), NB_OK);
    EXPECT_EQ(count, 0) << "vendor 0000 devices are not discovered";

    const char *ids = "0004:05:00.0,0004:06:00.0,0006:00:00.0,0007:00:00.0,0035:04:00.0,0035:05:00.0";
    Options options = make_options(NB_MODE_NODE);
    ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), ids), NB_OK);
    TopologyInfo info;
    ASSERT_NO_FATAL_FAILURE(describe(topology.get(), options.get(), &info));
    ASSERT_EQ(info.numa_nodes.size(), 2u) << info.json;
    EXPECT_EQ(info.numa_nodes[0].os_index, 0);
    EXPECT_EQ(nbtest::format_cpu_list(info.numa_nodes[0].cpus), "0-15");
    EXPECT_EQ(info.numa_nodes[1].os_index, 8);
    EXPECT_EQ(nbtest::format_cpu_list(info.numa_nodes[1].cpus), "88-103");
    ASSERT_EQ(info.gpus.size(), 6u);
    const int expected_nodes[6] = {0, 0, 0, 8, 8, 8};
    for (size_t i = 0; i < 6; ++i) EXPECT_EQ(info.gpus[i].numa_node, expected_nodes[i]) << info.gpus[i].pci_bus_id;

    nb_status kept_status;
    Topology kept = load_xml(fixtures_dir() + "/ibm-power9_v100-gpu-numa-nodes_KEPT.xml", &kept_status);
    ASSERT_EQ(kept_status, NB_OK) << nb_last_error();
    TopologyInfo kept_info;
    ASSERT_NO_FATAL_FAILURE(describe(kept.get(), options.get(), &kept_info));
    for (size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(kept_info.gpus[i].numa_node, info.gpus[i].numa_node);
        EXPECT_EQ(kept_info.gpus[i].local_cpus, info.gpus[i].local_cpus);
    }
}

TEST(FsrootBundled, MissingDirectoryIsEtopologyNamingIt) {
    const std::string missing = (fs::temp_directory_path() / "numabind-no-such-capture").string();
    nb_status status;
    Topology topology = load_fsroot(missing, &status);
    EXPECT_EQ(status, NB_ETOPOLOGY);
    EXPECT_EQ(topology, nullptr);
    EXPECT_TRUE(last_error_names(missing));
}

// Each capture of the shared collection and the xml-from-fsroot file lstopo
// generated from it (INDEX.md).
struct CapturePair {
    const char *capture;  ///< fsroot-captures/<capture>.tar.bz2, top-level directory <capture>
    const char *xml;      ///< collection path of the generated XML
};

const CapturePair kCapturePairs[] = {
    {"128arm-2pa2n8cluster4co", "xml-from-fsroot/huawei-xa320_2x-kunpeng920_4numa_32clusters.xml"},
    {"32em64t-2n8c+1mic", "xml-from-fsroot/bull-dcs8000z_2x-xeon-e5-2680_xeon-phi-knc_fsroot.xml"},
    {"32intel64-2p8co2t+8ve", "xml-from-fsroot/supermicro-4029gp_2x-xeon4108_8x-nec-vector-engine.xml"},
    {"40intel64-2g2n4c+pci", "xml-from-fsroot/dell-r910_4x-xeon-e7-4870_fsroot-default-pci-locality.xml"},
    {"40intel64-4n10c+pci-conflicts",
     "xml-from-fsroot/intel-4x-e7-4870_conflicting-sysfs_pci-attached-to-root.xml"},
    {"48amd64-4d2n6c-sparse", "xml-from-fsroot/amd-4x-opteron-magnycours_8numa_sparse-numa-os-indexes.xml"},
    {"nvidiagpunumanodes", "xml-from-fsroot/ibm-power9_v100-gpu-numa-nodes_default-hidden.xml"},
    {"offline-cpu0-node0", "xml-from-fsroot/dell-r630_2x-e5-2680v3_cpu0-and-numa0-offline.xml"},
};

/// GoogleTest prints the pair (listings, failures) as its capture, not its bytes.
void PrintTo(const CapturePair &pair, std::ostream *os) { *os << pair.capture << " vs " << pair.xml; }

class FsrootCapture : public ::testing::TestWithParam<CapturePair> {};

TEST_P(FsrootCapture, MatchesTheXmlLstopoGeneratedFromIt) {
    const CapturePair &pair = GetParam();
    const std::string shared = shared_topologies_dir();
    if (shared.empty()) GTEST_SKIP() << "shared topology collection is absent";
    const std::string tarball = shared + "/fsroot-captures/" + pair.capture + ".tar.bz2";
    const std::string xml = shared + "/" + pair.xml;
    if (!fs::is_regular_file(tarball) || !fs::is_regular_file(xml))
        GTEST_SKIP() << tarball << " or " << xml << " is absent";

    ExtractedCapture capture(tarball);
    ASSERT_TRUE(capture.ok()) << "tar xjf " << tarball;
    nb_status status;
    Topology from_capture = load_fsroot(capture.root(pair.capture), &status);
    ASSERT_EQ(status, NB_OK) << nb_last_error();
    EXPECT_EQ(nb_topology_is_live(from_capture.get()), 0);
    Topology from_xml = load_xml(xml, &status);
    ASSERT_EQ(status, NB_OK) << nb_last_error();

    // Compare the PCI devices the table names for this machine (explicit bus
    // ids), or the discovered GPUs when it names none.
    Options options = make_options(NB_MODE_NODE);
    const ExpectedMachine *expected = find_expected_machine(pair.xml);
    ASSERT_NE(expected, nullptr) << pair.xml;
    if (!expected->explicit_bus_ids.empty()) {
        ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), expected->explicit_bus_ids.c_str()), NB_OK);
    }

    TopologyInfo capture_info, xml_info;
    ASSERT_NO_FATAL_FAILURE(describe(from_capture.get(), options.get(), &capture_info));
    ASSERT_NO_FATAL_FAILURE(describe(from_xml.get(), options.get(), &xml_info));
    expect_same_machine(capture_info, xml_info);
}

std::string capture_name(const ::testing::TestParamInfo<CapturePair> &param) {
    std::string name = param.param.capture;
    for (char &c : name)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(Collection, FsrootCapture, ::testing::ValuesIn(kCapturePairs), capture_name);

}  // namespace
}  // namespace golden
