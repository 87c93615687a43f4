// numabind::PciBusId (src/pci_bus_id.h): the forms users type, the one CUDA,
// nvidia-smi and sysfs print, the order CUDA's PCI_BUS_ID enumeration uses,
// add_unique, and the list parser and formatter.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pci_bus_id.h"
#include "unit_support.h"

namespace unit {
namespace {

using numabind::PciBusId;

PciBusId id(unsigned domain, unsigned bus, unsigned device, unsigned function) {
    PciBusId out;
    out.domain = domain;
    out.bus = bus;
    out.device = device;
    out.function = function;
    return out;
}

::testing::AssertionResult same(const PciBusId &got, const PciBusId &want) {
    if (got.domain == want.domain && got.bus == want.bus && got.device == want.device &&
        got.function == want.function)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got " << std::hex << got.domain << ":" << got.bus << ":" << got.device
                                         << "." << got.function << ", want " << want.domain << ":" << want.bus << ":"
                                         << want.device << "." << want.function;
}

// ---- parse -------------------------------------------------------------------

TEST(PciBusIdParse, FullForm) { EXPECT_TRUE(same(PciBusId::parse("0000:4e:00.0"), id(0, 0x4e, 0, 0))); }

TEST(PciBusIdParse, ShortFormHasDomainZero) {
    EXPECT_TRUE(same(PciBusId::parse("4e:00.0"), id(0, 0x4e, 0, 0)));
    EXPECT_TRUE(same(PciBusId::parse("c1:1f.7"), id(0, 0xc1, 0x1f, 7)));
}

TEST(PciBusIdParse, HexDigitsInAnyCase) {
    EXPECT_TRUE(same(PciBusId::parse("000A:C1:1F.3"), id(0xa, 0xc1, 0x1f, 3)));
    EXPECT_TRUE(same(PciBusId::parse("000a:Ab:0C.1"), id(0xa, 0xab, 0x0c, 1)));
}

TEST(PciBusIdParse, LargestFieldValues) {
    // bus 8 bits, device 5 bits, function 3 bits.
    EXPECT_TRUE(same(PciBusId::parse("ffff:ff:1f.7"), id(0xffff, 0xff, 0x1f, 7)));
}

TEST(PciBusIdParse, MalformedIsEgpuselNamingTheText) {
    for (const char *bad : {"", "4e", "4e:00", "4e.00.0", "4e:00:0", "0000:4e:00.8", "0000:4e:20.0",
                            "0000:100:00.0", "g0:00.0", "0000:4e:00.0 ", " 4e:00.0", "0x4e:00.0", ":00.0",
                            "4e::00.0", "4e:.0", "4e:00.", "0000:4e:00.0.0", "-1:00.0", "+4e:00.0"}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(throws_error([&] { PciBusId::parse(bad); }, NB_EGPUSEL, "'" + std::string(bad) + "'"));
    }
}

// ---- str -----------------------------------------------------------------------

TEST(PciBusIdStr, LowerCaseZeroPadded) {
    EXPECT_EQ(id(0, 0x4e, 0, 0).str(), "0000:4e:00.0");
    EXPECT_EQ(id(0x1a, 3, 0x1f, 7).str(), "001a:03:1f.7");
    EXPECT_EQ(id(0xffff, 0xab, 0x0c, 1).str(), "ffff:ab:0c.1");
}

TEST(PciBusIdStr, ParsingTheStringGivesTheIdBack) {
    for (const PciBusId &original : {id(0, 0, 0, 0), id(0x1a, 0xc1, 0x1f, 3), id(0xffff, 0xff, 0x1f, 7)}) {
        SCOPED_TRACE(original.str());
        EXPECT_TRUE(same(PciBusId::parse(original.str()), original));
    }
}

// ---- PciBusId::of --------------------------------------------------------------

TEST(PciBusIdOf, ReadsTheHwlocPciDevice) {
    nbtest::MachineSpec spec;
    spec.pci_devices.push_back(nbtest::nvidia_gpu("000a:c1:1f.3", 0, 0));
    const auto topology = load_machine(spec);
    const hwloc_obj_t pcidev = pci_device(*topology, "000a:c1:1f.3");
    ASSERT_NE(pcidev, nullptr);
    EXPECT_TRUE(same(PciBusId::of(pcidev), id(0xa, 0xc1, 0x1f, 3)));
}

// ---- order: CUDA_DEVICE_ORDER=PCI_BUS_ID sorts by domain, bus, device, function --

TEST(PciBusIdOrder, DomainThenBusThenDeviceThenFunction) {
    EXPECT_TRUE(id(0, 0xff, 0x1f, 7) < id(1, 0, 0, 0)) << "domain outranks bus";
    EXPECT_TRUE(id(0, 0x4e, 0x1f, 7) < id(0, 0x4f, 0, 0)) << "bus outranks device";
    EXPECT_TRUE(id(0, 0x4e, 0x01, 7) < id(0, 0x4e, 0x02, 0)) << "device outranks function";
    EXPECT_TRUE(id(0, 0x4e, 0, 0) < id(0, 0x4e, 0, 1));
    EXPECT_FALSE(id(0, 0x4e, 0, 0) < id(0, 0x4e, 0, 0));
    EXPECT_FALSE(id(1, 0, 0, 0) < id(0, 0xff, 0x1f, 7));
}

TEST(PciBusIdOrder, SortingGivesCudaOrder) {
    // DGX-like bus ids in the order a tree walk might meet them.
    std::vector<PciBusId> ids = {PciBusId::parse("0000:b7:00.0"), PciBusId::parse("0001:07:00.0"),
                                 PciBusId::parse("0000:0a:00.0"), PciBusId::parse("0000:09:00.0"),
                                 PciBusId::parse("0000:b7:00.1"), PciBusId::parse("0000:87:00.0")};
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(numabind::format_pci_bus_id_list(ids),
              "0000:09:00.0,0000:0a:00.0,0000:87:00.0,0000:b7:00.0,0000:b7:00.1,0001:07:00.0");
}

TEST(PciBusIdOrder, EqualityComparesEveryField) {
    EXPECT_TRUE(PciBusId::parse("4E:00.0") == PciBusId::parse("0000:4e:00.0"));
    EXPECT_FALSE(id(0, 0x4e, 0, 0) == id(1, 0x4e, 0, 0));
    EXPECT_FALSE(id(0, 0x4e, 0, 0) == id(0, 0x4f, 0, 0));
    EXPECT_FALSE(id(0, 0x4e, 0, 0) == id(0, 0x4e, 1, 0));
    EXPECT_FALSE(id(0, 0x4e, 0, 0) == id(0, 0x4e, 0, 1));
}

// ---- add_unique ----------------------------------------------------------------

TEST(PciBusIdAddUnique, AppendsInOrder) {
    std::vector<PciBusId> ids;
    numabind::add_unique(ids, id(0, 0x5f, 0, 0));
    numabind::add_unique(ids, id(0, 0x4e, 0, 0));
    numabind::add_unique(ids, id(0, 0x4e, 0, 1));
    EXPECT_EQ(numabind::format_pci_bus_id_list(ids), "0000:5f:00.0,0000:4e:00.0,0000:4e:00.1");
}

TEST(PciBusIdAddUnique, RepeatedIdIsEgpuselAndNotAppended) {
    std::vector<PciBusId> ids = {id(0, 0x4e, 0, 0), id(0, 0x5f, 0, 0)};
    EXPECT_TRUE(throws_error([&] { numabind::add_unique(ids, id(0, 0x5f, 0, 0)); }, NB_EGPUSEL, "0000:5f:00.0"));
    EXPECT_EQ(ids.size(), 2u);
}

// ---- lists -----------------------------------------------------------------------

TEST(PciBusIdList, ParsesMixedFormsInTheOrderGiven) {
    const auto ids = numabind::parse_pci_bus_id_list("5F:00.0,0000:4e:00.0,000a:01:00.1");
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_TRUE(same(ids[0], id(0, 0x5f, 0, 0)));
    EXPECT_TRUE(same(ids[1], id(0, 0x4e, 0, 0)));
    EXPECT_TRUE(same(ids[2], id(0xa, 0x01, 0, 1)));
}

TEST(PciBusIdList, SingleItem) {
    const auto ids = numabind::parse_pci_bus_id_list("4e:00.0");
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_TRUE(same(ids[0], id(0, 0x4e, 0, 0)));
}

TEST(PciBusIdList, RepeatedIdInAnotherSpellingIsEgpusel) {
    EXPECT_TRUE(throws_error([] { numabind::parse_pci_bus_id_list("4e:00.0,5f:00.0,0000:4E:00.0"); }, NB_EGPUSEL,
                             "0000:4e:00.0"));
}

TEST(PciBusIdList, EmptyOrBadItemIsEgpusel) {
    for (const char *bad : {"4e:00.0,", ",4e:00.0", "4e:00.0,,5f:00.0", "4e:00.0, 5f:00.0", "4e:00.0,zz"}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(throws_error([&] { numabind::parse_pci_bus_id_list(bad); }, NB_EGPUSEL));
    }
}

TEST(PciBusIdList, FormatJoinsCanonicalIdsWithCommas) {
    EXPECT_EQ(numabind::format_pci_bus_id_list({}), "");
    EXPECT_EQ(numabind::format_pci_bus_id_list({id(0, 0x4e, 0, 0)}), "0000:4e:00.0");
    EXPECT_EQ(numabind::format_pci_bus_id_list({id(0xa, 0x01, 0, 1), id(0, 0x4e, 0, 0)}),
              "000a:01:00.1,0000:4e:00.0")
        << "the order given, not sorted";
}

}  // namespace
}  // namespace unit
