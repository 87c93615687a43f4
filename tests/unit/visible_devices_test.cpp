// numabind::select_visible and numabind::visible_layers
// (src/visible_devices.h): index and UUID entries layer by layer over
// hand-built GPU lists, and which layers the environment and the options give.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "visible_devices.h"
#include "unit_support.h"

namespace unit {
namespace {

using numabind::Gpu;
using numabind::PciBusId;
using numabind::VisibleLayer;
using numabind::select_visible;

Gpu gpu(const std::string &bus_id, nb_gpu_vendor vendor, const std::string &uuid = "") {
    Gpu g;
    g.bus_id = PciBusId::parse(bus_id);
    g.vendor = vendor;
    g.uuid = uuid;
    return g;
}

// Four NVIDIA GPUs in bus-id order; GPU 2 and 3 share a UUID prefix "GPU-7f".
std::vector<Gpu> nvidia_gpus() {
    return {gpu("0000:10:00.0", NB_GPU_VENDOR_NVIDIA, "GPU-0a1b2c3d-0000-1111-2222-333344445555"),
            gpu("0000:20:00.0", NB_GPU_VENDOR_NVIDIA, "GPU-5e6f7081-0000-1111-2222-333344445555"),
            gpu("0000:30:00.0", NB_GPU_VENDOR_NVIDIA, "GPU-7f001122-0000-1111-2222-333344445555"),
            gpu("0000:40:00.0", NB_GPU_VENDOR_NVIDIA, "GPU-7f993344-0000-1111-2222-333344445555")};
}

// Four AMD GPUs whose UUIDs are the bare hex ids ROCm tools print.
std::vector<Gpu> amd_gpus() {
    return {gpu("0000:c1:00.0", NB_GPU_VENDOR_AMD, "18f68e602b8a790f"),
            gpu("0000:c6:00.0", NB_GPU_VENDOR_AMD, "2bc1a2d3e4f50607"),
            gpu("0000:c9:00.0", NB_GPU_VENDOR_AMD, "3c00ffee00112233"),
            gpu("0000:ce:00.0", NB_GPU_VENDOR_AMD, "")};
}

std::vector<VisibleLayer> one(const std::string &value) { return {{"CUDA_VISIBLE_DEVICES", value}}; }

using Indexes = std::vector<size_t>;

// ---- select_visible: indexes -------------------------------------------------------

TEST(SelectVisible, NoLayerShowsEveryGpuInOrder) {
    EXPECT_EQ(select_visible(nvidia_gpus(), {}), (Indexes{0, 1, 2, 3}));
}

TEST(SelectVisible, IndexesInTheOrderGiven) {
    EXPECT_EQ(select_visible(nvidia_gpus(), one("2,0")), (Indexes{2, 0}));
    EXPECT_EQ(select_visible(nvidia_gpus(), one("3,2,1,0")), (Indexes{3, 2, 1, 0}));
    EXPECT_EQ(select_visible(nvidia_gpus(), one("1")), (Indexes{1}));
}

TEST(SelectVisible, IndexPastTheVisibleGpusIsEgpuselNamingIt) {
    EXPECT_TRUE(throws_error([] { select_visible(nvidia_gpus(), one("0,4")); }, NB_EGPUSEL, "'4'"));
}

TEST(SelectVisible, SecondLayerIndexesIntoTheFirstLayersList) {
    // ROCR picks physical 3 and 1 (in that order); HIP's 0 is then physical 3, its 1 physical 1.
    const std::vector<VisibleLayer> layers = {{"ROCR_VISIBLE_DEVICES", "3,1"}, {"HIP_VISIBLE_DEVICES", "1,0"}};
    EXPECT_EQ(select_visible(amd_gpus(), layers), (Indexes{1, 3}));
    const std::vector<VisibleLayer> single = {{"ROCR_VISIBLE_DEVICES", "3,1"}, {"HIP_VISIBLE_DEVICES", "0"}};
    EXPECT_EQ(select_visible(amd_gpus(), single), (Indexes{3}));
}

TEST(SelectVisible, SecondLayerCannotReachPastTheFirstLayer) {
    // Four GPUs exist, but only two are visible to HIP.
    const std::vector<VisibleLayer> layers = {{"ROCR_VISIBLE_DEVICES", "3,1"}, {"HIP_VISIBLE_DEVICES", "2"}};
    EXPECT_TRUE(throws_error([&] { select_visible(amd_gpus(), layers); }, NB_EGPUSEL, "'2'"));
}

// ---- select_visible: UUIDs ---------------------------------------------------------

TEST(SelectVisible, FullUuidSelectsItsGpu) {
    EXPECT_EQ(select_visible(nvidia_gpus(), one("GPU-5e6f7081-0000-1111-2222-333344445555")), (Indexes{1}));
}

TEST(SelectVisible, UniqueUuidPrefixSelectsItsGpu) {
    EXPECT_EQ(select_visible(nvidia_gpus(), one("GPU-7f99,GPU-0a")), (Indexes{3, 0}));
}

TEST(SelectVisible, AmbiguousUuidPrefixIsEgpusel) {
    EXPECT_TRUE(throws_error([] { select_visible(nvidia_gpus(), one("GPU-7f")); }, NB_EGPUSEL, "'GPU-7f'"));
}

TEST(SelectVisible, UnknownUuidIsEgpuselNamingIt) {
    EXPECT_TRUE(throws_error([] { select_visible(nvidia_gpus(), one("GPU-ffff")); }, NB_EGPUSEL, "'GPU-ffff'"));
}

TEST(SelectVisible, UuidsAndIndexesMix) {
    EXPECT_EQ(select_visible(nvidia_gpus(), one("3,GPU-5e6f,0")), (Indexes{3, 1, 0}));
}

TEST(SelectVisible, AmdHexUuidIsMatchedAsGpuDashHex) {
    EXPECT_EQ(select_visible(amd_gpus(), {{"ROCR_VISIBLE_DEVICES", "GPU-2bc1a2d3e4f50607"}}), (Indexes{1}));
    EXPECT_EQ(select_visible(amd_gpus(), {{"ROCR_VISIBLE_DEVICES", "GPU-3c00,GPU-18f6"}}), (Indexes{2, 0}));
}

TEST(SelectVisible, BareHexWithoutGpuDashIsNotAUuidEntry) {
    EXPECT_TRUE(throws_error([] { select_visible(amd_gpus(), {{"ROCR_VISIBLE_DEVICES", "18f68e602b8a790f"}}); },
                             NB_EGPUSEL, "'18f68e602b8a790f'"));
}

TEST(SelectVisible, BareGpuDashIsNotAUuidEntry) {
    EXPECT_TRUE(throws_error([] { select_visible(amd_gpus(), {{"ROCR_VISIBLE_DEVICES", "GPU-"}}); }, NB_EGPUSEL,
                             "'GPU-'"));
}

TEST(SelectVisible, GpuWithoutUuidIsNeverMatchedByOne) {
    // Physical GPU 3 has no UUID; with only it visible, no UUID entry can name it.
    EXPECT_EQ(select_visible(amd_gpus(), {{"ROCR_VISIBLE_DEVICES", "GPU-1"}}), (Indexes{0}));
    const std::vector<VisibleLayer> layers = {{"ROCR_VISIBLE_DEVICES", "3"}, {"HIP_VISIBLE_DEVICES", "GPU-1"}};
    EXPECT_TRUE(throws_error([&] { select_visible(amd_gpus(), layers); }, NB_EGPUSEL, "'GPU-1'"));
}

TEST(SelectVisible, UuidOfAGpuHiddenByTheOuterLayerNamesNoGpu) {
    // ROCR shows physical 0 only; HIP then cannot name physical 1 by UUID.
    const std::vector<VisibleLayer> layers = {{"ROCR_VISIBLE_DEVICES", "0"},
                                              {"HIP_VISIBLE_DEVICES", "GPU-2bc1a2d3e4f50607"}};
    EXPECT_TRUE(throws_error([&] { select_visible(amd_gpus(), layers); }, NB_EGPUSEL, "'GPU-2bc1a2d3e4f50607'"));
}

TEST(SelectVisible, UuidInTheSecondLayerSelectsAmongTheFirstLayersGpus) {
    const std::vector<VisibleLayer> layers = {{"ROCR_VISIBLE_DEVICES", "2,0,1"},
                                              {"HIP_VISIBLE_DEVICES", "GPU-18f6,GPU-3c00"}};
    EXPECT_EQ(select_visible(amd_gpus(), layers), (Indexes{0, 2}));
}

// ---- select_visible: bad entries, duplicates, empty values --------------------------

TEST(SelectVisible, EntryThatIsNeitherIndexNorUuidIsEgpuselNamingIt) {
    for (const char *bad : {"-1", "abc", "MIG-1234", "1.0", "0x1", "0,,1"}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(throws_error([&] { select_visible(nvidia_gpus(), one(bad)); }, NB_EGPUSEL));
    }
    EXPECT_TRUE(throws_error([] { select_visible(nvidia_gpus(), one("0,MIG-1234")); }, NB_EGPUSEL, "'MIG-1234'"));
}

TEST(SelectVisible, SameIndexTwiceIsEgpuselNamingTheGpu) {
    EXPECT_TRUE(throws_error([] { select_visible(nvidia_gpus(), one("1,2,1")); }, NB_EGPUSEL, "0000:20:00.0"));
}

TEST(SelectVisible, IndexAndUuidOfTheSameGpuAreDuplicates) {
    EXPECT_TRUE(throws_error([] { select_visible(nvidia_gpus(), one("0,GPU-0a1b")); }, NB_EGPUSEL, "0000:10:00.0"));
}

TEST(SelectVisible, EmptyValueHidesEveryGpu) {
    EXPECT_EQ(select_visible(nvidia_gpus(), one("")), Indexes{});
}

TEST(SelectVisible, EmptyInnerLayerHidesEveryGpu) {
    const std::vector<VisibleLayer> layers = {{"ROCR_VISIBLE_DEVICES", "0,1"}, {"HIP_VISIBLE_DEVICES", ""}};
    EXPECT_EQ(select_visible(amd_gpus(), layers), Indexes{});
}

TEST(SelectVisible, EmptyOuterLayerLeavesNothingForTheInnerOne) {
    const std::vector<VisibleLayer> layers = {{"ROCR_VISIBLE_DEVICES", ""}, {"HIP_VISIBLE_DEVICES", "0"}};
    EXPECT_TRUE(throws_error([&] { select_visible(amd_gpus(), layers); }, NB_EGPUSEL, "'0'"));
}

// ---- visible_layers ----------------------------------------------------------------

// Every test starts with the three variables unset and ends with them restored.
class VisibleLayers : public ::testing::Test {
protected:
    ScopedEnv cuda_{"CUDA_VISIBLE_DEVICES", nullptr};
    ScopedEnv rocr_{"ROCR_VISIBLE_DEVICES", nullptr};
    ScopedEnv hip_{"HIP_VISIBLE_DEVICES", nullptr};
};

std::string describe(const std::vector<VisibleLayer> &layers) {
    std::string out;
    for (const auto &layer : layers) out += (out.empty() ? "" : " ") + layer.source + "=[" + layer.value + "]";
    return out;
}

TEST_F(VisibleLayers, NothingSetIsNoLayer) {
    EXPECT_EQ(describe(numabind::visible_layers({}, nvidia_gpus())), "");
    EXPECT_EQ(describe(numabind::visible_layers({}, amd_gpus())), "");
}

TEST_F(VisibleLayers, NvidiaReadsCudaOnly) {
    setenv("CUDA_VISIBLE_DEVICES", "1,0", 1);
    setenv("ROCR_VISIBLE_DEVICES", "3", 1);
    setenv("HIP_VISIBLE_DEVICES", "2", 1);
    EXPECT_EQ(describe(numabind::visible_layers({}, nvidia_gpus())), "CUDA_VISIBLE_DEVICES=[1,0]");
}

TEST_F(VisibleLayers, AmdReadsRocrThenHipAndIgnoresCuda) {
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    setenv("ROCR_VISIBLE_DEVICES", "3,2", 1);
    setenv("HIP_VISIBLE_DEVICES", "0", 1);
    EXPECT_EQ(describe(numabind::visible_layers({}, amd_gpus())),
              "ROCR_VISIBLE_DEVICES=[3,2] HIP_VISIBLE_DEVICES=[0]");
}

TEST_F(VisibleLayers, AmdFallsBackToCudaWhenHipIsUnset) {
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    setenv("ROCR_VISIBLE_DEVICES", "3,2", 1);
    EXPECT_EQ(describe(numabind::visible_layers({}, amd_gpus())),
              "ROCR_VISIBLE_DEVICES=[3,2] CUDA_VISIBLE_DEVICES=[1]");
}

TEST_F(VisibleLayers, AmdWithCudaAlone) {
    setenv("CUDA_VISIBLE_DEVICES", "2", 1);
    EXPECT_EQ(describe(numabind::visible_layers({}, amd_gpus())), "CUDA_VISIBLE_DEVICES=[2]");
}

TEST_F(VisibleLayers, AmdEmptyHipIsSetAndKeepsCudaOut) {
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    setenv("HIP_VISIBLE_DEVICES", "", 1);
    EXPECT_EQ(describe(numabind::visible_layers({}, amd_gpus())), "HIP_VISIBLE_DEVICES=[]");
}

TEST_F(VisibleLayers, ValueIsTakenVerbatim) {
    setenv("CUDA_VISIBLE_DEVICES", " 0, GPU-7f99 ", 1);
    EXPECT_EQ(describe(numabind::visible_layers({}, nvidia_gpus())), "CUDA_VISIBLE_DEVICES=[ 0, GPU-7f99 ]");
}

TEST_F(VisibleLayers, OptionValueAloneWhenSet) {
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    setenv("ROCR_VISIBLE_DEVICES", "3", 1);
    numabind::Options options;
    options.visible_devices = "2,3";
    EXPECT_EQ(describe(numabind::visible_layers(options, nvidia_gpus())), "visible_devices=[2,3]");
    EXPECT_EQ(describe(numabind::visible_layers(options, amd_gpus())), "visible_devices=[2,3]");
}

TEST_F(VisibleLayers, EmptyOptionValueIsALayerToo) {
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    numabind::Options options;
    options.visible_devices = "";
    EXPECT_EQ(describe(numabind::visible_layers(options, nvidia_gpus())), "visible_devices=[]");
}

TEST_F(VisibleLayers, ExplicitBusIdsIgnoreTheEnvironment) {
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    setenv("ROCR_VISIBLE_DEVICES", "0", 1);
    setenv("HIP_VISIBLE_DEVICES", "0", 1);
    numabind::Options options;
    options.pci_bus_ids = std::vector<PciBusId>{PciBusId::parse("0000:20:00.0"), PciBusId::parse("0000:10:00.0")};
    EXPECT_EQ(describe(numabind::visible_layers(options, nvidia_gpus())), "");
    EXPECT_EQ(describe(numabind::visible_layers(options, amd_gpus())), "");
}

TEST_F(VisibleLayers, ExplicitBusIdsStillTakeTheOptionValue) {
    setenv("CUDA_VISIBLE_DEVICES", "1", 1);
    numabind::Options options;
    options.pci_bus_ids = std::vector<PciBusId>{PciBusId::parse("0000:20:00.0")};
    options.visible_devices = "0";
    EXPECT_EQ(describe(numabind::visible_layers(options, nvidia_gpus())), "visible_devices=[0]");
}

TEST_F(VisibleLayers, TheEnvironmentIsReadAtEachCall) {
    EXPECT_EQ(describe(numabind::visible_layers({}, nvidia_gpus())), "");
    setenv("CUDA_VISIBLE_DEVICES", "3", 1);
    EXPECT_EQ(describe(numabind::visible_layers({}, nvidia_gpus())), "CUDA_VISIBLE_DEVICES=[3]");
    unsetenv("CUDA_VISIBLE_DEVICES");
    EXPECT_EQ(describe(numabind::visible_layers({}, nvidia_gpus())), "");
}

}  // namespace
}  // namespace unit
