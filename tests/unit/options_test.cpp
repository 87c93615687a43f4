// numabind::Options (src/options.h): the mode and vendor names, the
// validating setters, and the JSON form, round-tripped for every combination
// of field values.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "options.h"
#include "unit_support.h"

namespace unit {
namespace {

using numabind::CpuSet;
using numabind::Options;
using numabind::PciBusId;

// ---- names ---------------------------------------------------------------------

const std::pair<const char *, nb_mode> kModes[] = {{"node", NB_MODE_NODE},
                                                   {"socket", NB_MODE_SOCKET},
                                                   {"exclusive", NB_MODE_EXCLUSIVE},
                                                   {"core-complex", NB_MODE_CORE_COMPLEX},
                                                   {"closest", NB_MODE_CLOSEST}};
const std::pair<const char *, nb_gpu_vendor> kVendors[] = {
    {"auto", NB_GPU_VENDOR_AUTO}, {"nvidia", NB_GPU_VENDOR_NVIDIA}, {"amd", NB_GPU_VENDOR_AMD}};
const std::pair<const char *, nb_mem_policy> kMemPolicies[] = {{"local", NB_MEM_POLICY_LOCAL},
                                                               {"preferred", NB_MEM_POLICY_PREFERRED},
                                                               {"bind", NB_MEM_POLICY_BIND},
                                                               {"interleave", NB_MEM_POLICY_INTERLEAVE}};

TEST(OptionsNames, EveryModeParsesAndNamesBack) {
    for (const auto &[name, mode] : kModes) {
        SCOPED_TRACE(name);
        EXPECT_EQ(numabind::parse_mode(name), mode);
        EXPECT_STREQ(numabind::mode_name(mode), name);
    }
}

TEST(OptionsNames, UnknownModeNameIsEmodeNamingIt) {
    for (const char *bad : {"", "Node", "NODE", "core_complex", "corecomplex", "node ", " node", "nod"}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(throws_error([&] { numabind::parse_mode(bad); }, NB_EMODE, "'" + std::string(bad) + "'"));
    }
}

TEST(OptionsNames, ModeNameOfANonModeIsNull) {
    EXPECT_EQ(numabind::mode_name(5), nullptr);
    EXPECT_EQ(numabind::mode_name(-1), nullptr);
}

TEST(OptionsNames, EveryVendorParsesAndNamesBack) {
    for (const auto &[name, vendor] : kVendors) {
        SCOPED_TRACE(name);
        EXPECT_EQ(numabind::parse_gpu_vendor(name), vendor);
        EXPECT_STREQ(numabind::gpu_vendor_name(vendor), name);
    }
}

TEST(OptionsNames, UnknownVendorNameIsEmodeNamingIt) {
    for (const char *bad : {"", "NVIDIA", "Amd", "intel", "cuda", "rocm", "auto "}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(
            throws_error([&] { numabind::parse_gpu_vendor(bad); }, NB_EMODE, "'" + std::string(bad) + "'"));
    }
    EXPECT_EQ(numabind::gpu_vendor_name(3), nullptr);
    EXPECT_EQ(numabind::gpu_vendor_name(-1), nullptr);
}

TEST(OptionsNames, EveryMemPolicyParsesAndNamesBack) {
    for (const auto &[name, policy] : kMemPolicies) {
        SCOPED_TRACE(name);
        EXPECT_EQ(numabind::parse_mem_policy(name), policy);
        EXPECT_STREQ(numabind::mem_policy_name(policy), name);
    }
}

TEST(OptionsNames, UnknownMemPolicyNameIsEmodeNamingIt) {
    for (const char *bad : {"", "Local", "membind", "interleaved", "default", "bind "}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(
            throws_error([&] { numabind::parse_mem_policy(bad); }, NB_EMODE, "'" + std::string(bad) + "'"));
    }
    EXPECT_EQ(numabind::mem_policy_name(4), nullptr);
    EXPECT_EQ(numabind::mem_policy_name(-1), nullptr);
}

// ---- setters -------------------------------------------------------------------

TEST(OptionsSetters, DefaultsAreTheDocumentedOnes) {
    const Options options;
    EXPECT_EQ(options.mode, NB_MODE_NODE);
    EXPECT_FALSE(options.fallback);
    EXPECT_FALSE(options.allowed_cpus.has_value());
    EXPECT_EQ(options.gpu_vendor, NB_GPU_VENDOR_AUTO);
    EXPECT_FALSE(options.pci_bus_ids.has_value());
    EXPECT_FALSE(options.visible_devices.has_value());
    EXPECT_EQ(options.mem_policy, NB_MEM_POLICY_LOCAL);
}

TEST(OptionsSetters, ModeAndVendorOutsideTheirEnumsAreEmodeAndChangeNothing) {
    Options options;
    numabind::set_mode(options, NB_MODE_EXCLUSIVE);
    numabind::set_gpu_vendor(options, NB_GPU_VENDOR_AMD);
    EXPECT_TRUE(throws_error([&] { numabind::set_mode(options, 5); }, NB_EMODE, "5"));
    EXPECT_TRUE(throws_error([&] { numabind::set_gpu_vendor(options, -2); }, NB_EMODE,
                             "-2"));
    EXPECT_EQ(options.mode, NB_MODE_EXCLUSIVE);
    EXPECT_EQ(options.gpu_vendor, NB_GPU_VENDOR_AMD);
}

TEST(OptionsSetters, EmptyAllowedCpusIsEemptyAndKeepsThePreviousList) {
    Options options;
    numabind::set_allowed_cpus(options, make_set("0-3"));
    EXPECT_TRUE(throws_error([&] { numabind::set_allowed_cpus(options, CpuSet()); }, NB_EEMPTY));
    ASSERT_TRUE(options.allowed_cpus.has_value());
    EXPECT_EQ(members(*options.allowed_cpus), nbtest::cpu_range(0, 3));
}

TEST(OptionsSetters, AllowedCpusNulloptRemovesTheList) {
    Options options;
    numabind::set_allowed_cpus(options, make_set("8"));
    numabind::set_allowed_cpus(options, std::nullopt);
    EXPECT_FALSE(options.allowed_cpus.has_value());
}

// A value the JSON form cannot hold would break the exact round trip (the
// writer failed with NB_EINTERNAL on it); it is refused where it comes in.
TEST(OptionsSetters, VisibleDevicesThatAreNotUtf8AreEgpuselAndKeepThePreviousValue) {
    Options options;
    numabind::set_visible_devices(options, std::string("1,0"));
    for (const char *bad : {"\xff", "0,\xc3", "GPU-\xed\xa0\x80"}) {  // a stray byte, a cut sequence, a surrogate
        SCOPED_TRACE(bad);
        EXPECT_TRUE(throws_error([&] { numabind::set_visible_devices(options, std::string(bad)); }, NB_EGPUSEL,
                                 "is not valid UTF-8"));
        EXPECT_EQ(options.visible_devices, std::optional<std::string>("1,0"));
    }
    numabind::set_visible_devices(options, std::string("GPU-\xc3\xa9"));  // valid UTF-8 passes (and names no GPU later)
    EXPECT_NE(numabind::options_to_json(options).find("GPU-\xc3\xa9"), std::string::npos);
    numabind::set_visible_devices(options, std::nullopt);
    EXPECT_FALSE(options.visible_devices.has_value());
}

// ---- JSON round trip of every combination --------------------------------------

// One value of each field, with the JSON the writer must give it.
struct AllowedCase {
    std::optional<std::string> list;  // nullopt: not set
    nlohmann::json json;
};
struct BusIdsCase {
    std::optional<std::vector<PciBusId>> ids;
    nlohmann::json json;
};
struct VisibleCase {
    std::optional<std::string> value;
    nlohmann::json json;
};

std::vector<AllowedCase> allowed_cases() {
    return {{std::nullopt, nullptr}, {"0-3,8", "0-3,8"}, {"5000,1048575", "5000,1048575"}};
}

std::vector<BusIdsCase> bus_id_cases() {
    return {{std::nullopt, nullptr},
            {std::vector<PciBusId>{PciBusId::parse("4E:00.0")}, nlohmann::json::array({"0000:4e:00.0"})},
            {std::vector<PciBusId>{PciBusId::parse("0000:5f:00.0"), PciBusId::parse("000a:01:00.1")},
             nlohmann::json::array({"0000:5f:00.0", "000a:01:00.1"})}};
}

std::vector<VisibleCase> visible_cases() {
    return {{std::nullopt, nullptr}, {"", ""}, {"GPU-12ab,1", "GPU-12ab,1"}};
}

::testing::AssertionResult same_options(const Options &got, const Options &want) {
    if (got.mode != want.mode) return ::testing::AssertionFailure() << "mode differs";
    if (got.fallback != want.fallback) return ::testing::AssertionFailure() << "fallback differs";
    if (got.allowed_cpus.has_value() != want.allowed_cpus.has_value() ||
        (got.allowed_cpus && !(*got.allowed_cpus == *want.allowed_cpus)))
        return ::testing::AssertionFailure() << "allowed_cpus differ";
    if (got.gpu_vendor != want.gpu_vendor) return ::testing::AssertionFailure() << "gpu_vendor differs";
    if (got.pci_bus_ids != want.pci_bus_ids) return ::testing::AssertionFailure() << "pci_bus_ids differ";
    if (got.visible_devices != want.visible_devices) return ::testing::AssertionFailure() << "visible_devices differ";
    if (got.mem_policy != want.mem_policy) return ::testing::AssertionFailure() << "mem_policy differs";
    return ::testing::AssertionSuccess();
}

TEST(OptionsJson, EveryFieldCombinationRoundTrips) {
    int combinations = 0;
    for (const auto &[mode_name, mode] : kModes)
        for (bool fallback : {false, true})
            for (const AllowedCase &allowed : allowed_cases())
                for (const auto &[vendor_name, vendor] : kVendors)
                    for (const BusIdsCase &bus_ids : bus_id_cases())
                        for (const VisibleCase &visible : visible_cases())
                            for (const auto &[policy_name, policy] : kMemPolicies) {
                            Options options;
                            options.mode = mode;
                            options.fallback = fallback;
                            if (allowed.list) options.allowed_cpus = make_set(*allowed.list);
                            options.gpu_vendor = vendor;
                            options.pci_bus_ids = bus_ids.ids;
                            options.visible_devices = visible.value;
                            options.mem_policy = policy;

                            const std::string text = numabind::options_to_json(options);
                            SCOPED_TRACE(text);
                            const nlohmann::json expected = {{"schema", "numabind.options/1"},
                                                             {"mode", mode_name},
                                                             {"fallback", fallback},
                                                             {"allowed_cpus", allowed.json},
                                                             {"gpu_vendor", vendor_name},
                                                             {"pci_bus_ids", bus_ids.json},
                                                             {"visible_devices", visible.json},
                                                             {"mem_policy", policy_name}};
                            ASSERT_EQ(nlohmann::json::parse(text), expected);

                            const Options back = numabind::options_from_json(text);
                            ASSERT_TRUE(same_options(back, options));
                            ASSERT_EQ(numabind::options_to_json(back), text);
                            ++combinations;
                        }
    EXPECT_EQ(combinations, 5 * 2 * 3 * 3 * 3 * 3 * 4);
}

TEST(OptionsJson, NullsMeanNotSet) {
    const Options options = numabind::options_from_json(
        R"({"allowed_cpus":null,"pci_bus_ids":null,"visible_devices":null})");
    EXPECT_FALSE(options.allowed_cpus.has_value());
    EXPECT_FALSE(options.pci_bus_ids.has_value());
    EXPECT_FALSE(options.visible_devices.has_value());
}

TEST(OptionsJson, MissingKeysKeepTheirDefaults) {
    const Options options = numabind::options_from_json(R"({"fallback":true})");
    Options want;
    want.fallback = true;
    EXPECT_TRUE(same_options(options, want));
}

TEST(OptionsJson, EmptyAllowedListIsEemptyAsTheSetterSays) {
    EXPECT_TRUE(throws_error([] { numabind::options_from_json(R"({"allowed_cpus":""})"); }, NB_EEMPTY,
                             "allowed_cpus"));
}

TEST(OptionsJson, BadValuesNameTheirKey) {
    EXPECT_TRUE(throws_error([] { numabind::options_from_json(R"({"mode":"nod"})"); }, NB_EMODE, "'mode'"));
    EXPECT_TRUE(throws_error([] { numabind::options_from_json(R"({"gpu_vendor":"intel"})"); }, NB_EMODE,
                             "'gpu_vendor'"));
    EXPECT_TRUE(throws_error([] { numabind::options_from_json(R"({"allowed_cpus":"1-"})"); }, NB_ECPULIST,
                             "'allowed_cpus'"));
    EXPECT_TRUE(throws_error([] { numabind::options_from_json(R"({"pci_bus_ids":["4e:00.0",7]})"); }, NB_EJSON,
                             "pci_bus_ids"));
    EXPECT_TRUE(throws_error([] { numabind::options_from_json(R"({"fallback":1})"); }, NB_EJSON, "'fallback'"));
    EXPECT_TRUE(throws_error([] { numabind::options_from_json(R"({"mem_policy":"strict"})"); }, NB_EMODE,
                             "'mem_policy'"));
    EXPECT_TRUE(throws_error([] { numabind::options_from_json(R"({"mem_policy":2})"); }, NB_EJSON,
                             "'mem_policy'"));
}

}  // namespace
}  // namespace unit
