// nb_options through the C API: defaults, setters and getters, the name
// parsers, and the JSON round trip with its error reporting.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "capi_support.h"

namespace capi {
namespace {

Options new_options() {
    nb_options *raw = nullptr;
    EXPECT_EQ(nb_options_new(&raw), NB_OK) << nb_last_error();
    return Options(raw);
}

std::string to_json(const nb_options *options) {
    char *text = nullptr;
    EXPECT_EQ(nb_options_to_json(&text, options), NB_OK) << nb_last_error();
    return take_string(text);
}

TEST(OptionsDefaults, AreTheDocumentedOnes) {
    Options options = new_options();
    nb_mode mode = NB_MODE_CLOSEST;
    ASSERT_EQ(nb_options_get_mode(&mode, options.get()), NB_OK);
    EXPECT_EQ(mode, NB_MODE_NODE);
    int fallback = -1;
    ASSERT_EQ(nb_options_get_fallback(&fallback, options.get()), NB_OK);
    EXPECT_EQ(fallback, 0);
    nb_cpuset *allowed = reinterpret_cast<nb_cpuset *>(0x1);
    ASSERT_EQ(nb_options_get_allowed_cpus(&allowed, options.get()), NB_OK);
    EXPECT_EQ(allowed, nullptr);
    nb_gpu_vendor vendor = NB_GPU_VENDOR_AMD;
    ASSERT_EQ(nb_options_get_gpu_vendor(&vendor, options.get()), NB_OK);
    EXPECT_EQ(vendor, NB_GPU_VENDOR_AUTO);
    char *ids = reinterpret_cast<char *>(0x1);
    ASSERT_EQ(nb_options_get_pci_bus_ids(&ids, options.get()), NB_OK);
    EXPECT_EQ(ids, nullptr);
    char *visible = reinterpret_cast<char *>(0x1);
    ASSERT_EQ(nb_options_get_visible_devices(&visible, options.get()), NB_OK);
    EXPECT_EQ(visible, nullptr);
}

TEST(OptionsDefaults, JsonIsTheDocumentedObject) {
    Options options = new_options();
    const auto expected = nlohmann::json::parse(
        R"({"schema":"numabind.options/1","mode":"node","fallback":false,"allowed_cpus":null,)"
        R"("gpu_vendor":"auto","pci_bus_ids":null,"visible_devices":null,"mem_policy":"local"})");
    EXPECT_EQ(nlohmann::json::parse(to_json(options.get())), expected);
}

TEST(OptionsSetters, StoreWhatTheGettersReturn) {
    Options options = new_options();
    ASSERT_EQ(nb_options_set_mode(options.get(), NB_MODE_CORE_COMPLEX), NB_OK);
    ASSERT_EQ(nb_options_set_fallback(options.get(), 1), NB_OK);
    ASSERT_EQ(nb_options_set_gpu_vendor(options.get(), NB_GPU_VENDOR_AMD), NB_OK);
    nb_mode mode;
    ASSERT_EQ(nb_options_get_mode(&mode, options.get()), NB_OK);
    EXPECT_EQ(mode, NB_MODE_CORE_COMPLEX);
    int fallback = 0;
    ASSERT_EQ(nb_options_get_fallback(&fallback, options.get()), NB_OK);
    EXPECT_EQ(fallback, 1);
    nb_gpu_vendor vendor;
    ASSERT_EQ(nb_options_get_gpu_vendor(&vendor, options.get()), NB_OK);
    EXPECT_EQ(vendor, NB_GPU_VENDOR_AMD);
}

TEST(OptionsSetters, MemPolicyIsStoredAndNamed) {
    Options options = new_options();
    nb_mem_policy policy = NB_MEM_POLICY_BIND;
    ASSERT_EQ(nb_options_get_mem_policy(&policy, options.get()), NB_OK);
    EXPECT_EQ(policy, NB_MEM_POLICY_LOCAL) << "the default leaves memory alone";
    ASSERT_EQ(nb_mem_policy_parse(&policy, "interleave"), NB_OK);
    ASSERT_EQ(nb_options_set_mem_policy(options.get(), policy), NB_OK);
    ASSERT_EQ(nb_options_get_mem_policy(&policy, options.get()), NB_OK);
    EXPECT_EQ(policy, NB_MEM_POLICY_INTERLEAVE);
    EXPECT_STREQ(nb_mem_policy_name(policy), "interleave");
    EXPECT_EQ(nlohmann::json::parse(to_json(options.get())).at("mem_policy"), "interleave");

    EXPECT_EQ(nb_mem_policy_parse(&policy, "membind"), NB_EMODE);
    EXPECT_TRUE(last_error_names("'membind'"));
    EXPECT_EQ(nb_options_set_mem_policy(options.get(), static_cast<nb_mem_policy>(9)), NB_EMODE);
    EXPECT_TRUE(last_error_names("9"));
    EXPECT_EQ(nb_mem_policy_name(static_cast<nb_mem_policy>(9)), nullptr);
}

TEST(OptionsSetters, InvalidEnumValuesAreEmode) {
    Options options = new_options();
    EXPECT_EQ(nb_options_set_mode(options.get(), static_cast<nb_mode>(99)), NB_EMODE);
    EXPECT_TRUE(last_error_names("99"));
    EXPECT_EQ(nb_options_set_gpu_vendor(options.get(), static_cast<nb_gpu_vendor>(7)), NB_EMODE);
    EXPECT_TRUE(last_error_names("7"));
    nb_mode mode;
    ASSERT_EQ(nb_options_get_mode(&mode, options.get()), NB_OK);
    EXPECT_EQ(mode, NB_MODE_NODE) << "a rejected value changes nothing";
}

TEST(OptionsSetters, AllowedCpusAreCopiedAndEmptyIsEempty) {
    Options options = new_options();
    nb_cpuset *raw = nullptr;
    ASSERT_EQ(nb_cpuset_parse(&raw, "0-3"), NB_OK);
    Cpuset cpus(raw);
    ASSERT_EQ(nb_options_set_allowed_cpus(options.get(), cpus.get()), NB_OK);
    ASSERT_EQ(nb_cpuset_add(cpus.get(), 9), NB_OK);  // the options hold their own copy
    nb_cpuset *got = nullptr;
    ASSERT_EQ(nb_options_get_allowed_cpus(&got, options.get()), NB_OK);
    Cpuset owned(got);
    EXPECT_EQ(format(got), "0-3");

    nb_cpuset *empty = nullptr;
    ASSERT_EQ(nb_cpuset_new(&empty), NB_OK);
    Cpuset owned_empty(empty);
    EXPECT_EQ(nb_options_set_allowed_cpus(options.get(), empty), NB_EEMPTY);

    ASSERT_EQ(nb_options_set_allowed_cpus(options.get(), nullptr), NB_OK) << "NULL removes the override";
    nb_cpuset *none = reinterpret_cast<nb_cpuset *>(0x1);
    ASSERT_EQ(nb_options_get_allowed_cpus(&none, options.get()), NB_OK);
    EXPECT_EQ(none, nullptr);
}

TEST(OptionsSetters, PciBusIdsAreCanonicalised) {
    Options options = new_options();
    ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), "4E:00.0,0000:5f:00.0,000A:01:00.1"), NB_OK)
        << nb_last_error();
    char *ids = nullptr;
    ASSERT_EQ(nb_options_get_pci_bus_ids(&ids, options.get()), NB_OK);
    String owned(ids);
    EXPECT_STREQ(ids, "0000:4e:00.0,0000:5f:00.0,000a:01:00.1");

    ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), ""), NB_OK) << "\"\" removes the list";
    char *none = reinterpret_cast<char *>(0x1);
    ASSERT_EQ(nb_options_get_pci_bus_ids(&none, options.get()), NB_OK);
    EXPECT_EQ(none, nullptr);
}

TEST(OptionsSetters, MalformedOrRepeatedPciBusIdsAreEgpusel) {
    Options options = new_options();
    for (const char *bad : {"zz", "0000:4e:00", "0000:4e:00.8", "4e:00.0,", "0000:4e:00.0,4e:00.0"}) {
        SCOPED_TRACE(bad);
        EXPECT_EQ(nb_options_set_pci_bus_ids(options.get(), bad), NB_EGPUSEL);
    }
    EXPECT_EQ(nb_options_set_pci_bus_ids(options.get(), "0000:4e:00.0,zz:00.0"), NB_EGPUSEL);
    EXPECT_TRUE(last_error_names("zz:00.0"));
    char *none = reinterpret_cast<char *>(0x1);
    ASSERT_EQ(nb_options_get_pci_bus_ids(&none, options.get()), NB_OK);
    EXPECT_EQ(none, nullptr) << "a rejected list changes nothing";
}

TEST(OptionsSetters, VisibleDevicesEmptyIsKeptApartFromNull) {
    Options options = new_options();
    ASSERT_EQ(nb_options_set_visible_devices(options.get(), ""), NB_OK);
    char *value = nullptr;
    ASSERT_EQ(nb_options_get_visible_devices(&value, options.get()), NB_OK);
    String owned(value);
    ASSERT_NE(value, nullptr) << "\"\" hides every GPU; it is not 'use the environment'";
    EXPECT_STREQ(value, "");
    ASSERT_EQ(nb_options_set_visible_devices(options.get(), nullptr), NB_OK);
    char *none = reinterpret_cast<char *>(0x1);
    ASSERT_EQ(nb_options_get_visible_devices(&none, options.get()), NB_OK);
    EXPECT_EQ(none, nullptr);
}

TEST(OptionsNames, ModesParseAndNameBothWays) {
    const std::pair<const char *, nb_mode> modes[] = {{"node", NB_MODE_NODE},
                                                      {"socket", NB_MODE_SOCKET},
                                                      {"exclusive", NB_MODE_EXCLUSIVE},
                                                      {"core-complex", NB_MODE_CORE_COMPLEX},
                                                      {"closest", NB_MODE_CLOSEST}};
    for (const auto &[name, mode] : modes) {
        nb_mode parsed = static_cast<nb_mode>(-1);
        EXPECT_EQ(nb_mode_parse(&parsed, name), NB_OK) << name;
        EXPECT_EQ(parsed, mode) << name;
        EXPECT_STREQ(nb_mode_name(mode), name);
    }
    nb_mode untouched = NB_MODE_SOCKET;
    EXPECT_EQ(nb_mode_parse(&untouched, "nod"), NB_EMODE);
    EXPECT_TRUE(last_error_names("nod"));
    EXPECT_EQ(untouched, NB_MODE_SOCKET) << "a failed parse leaves the scalar out-parameter untouched";
    EXPECT_EQ(nb_mode_parse(&untouched, "Node"), NB_EMODE) << "names are case-sensitive";
    EXPECT_EQ(nb_mode_name(static_cast<nb_mode>(5)), nullptr);
    EXPECT_EQ(nb_mode_name(static_cast<nb_mode>(-1)), nullptr);
}

TEST(OptionsNames, VendorsParseAndNameBothWays) {
    const std::pair<const char *, nb_gpu_vendor> vendors[] = {
        {"auto", NB_GPU_VENDOR_AUTO}, {"nvidia", NB_GPU_VENDOR_NVIDIA}, {"amd", NB_GPU_VENDOR_AMD}};
    for (const auto &[name, vendor] : vendors) {
        nb_gpu_vendor parsed = static_cast<nb_gpu_vendor>(-1);
        EXPECT_EQ(nb_gpu_vendor_parse(&parsed, name), NB_OK) << name;
        EXPECT_EQ(parsed, vendor) << name;
        EXPECT_STREQ(nb_gpu_vendor_name(vendor), name);
    }
    nb_gpu_vendor untouched = NB_GPU_VENDOR_AMD;
    EXPECT_EQ(nb_gpu_vendor_parse(&untouched, "intel"), NB_EMODE);
    EXPECT_TRUE(last_error_names("intel"));
    EXPECT_EQ(untouched, NB_GPU_VENDOR_AMD);
    EXPECT_EQ(nb_gpu_vendor_name(static_cast<nb_gpu_vendor>(3)), nullptr);
}

TEST(OptionsJson, RoundTripIsExact) {
    Options options = new_options();
    nb_cpuset *raw = nullptr;
    ASSERT_EQ(nb_cpuset_parse(&raw, "0-3,8,5000"), NB_OK);
    Cpuset cpus(raw);
    ASSERT_EQ(nb_options_set_mode(options.get(), NB_MODE_EXCLUSIVE), NB_OK);
    ASSERT_EQ(nb_options_set_fallback(options.get(), 1), NB_OK);
    ASSERT_EQ(nb_options_set_allowed_cpus(options.get(), cpus.get()), NB_OK);
    ASSERT_EQ(nb_options_set_gpu_vendor(options.get(), NB_GPU_VENDOR_NVIDIA), NB_OK);
    ASSERT_EQ(nb_options_set_pci_bus_ids(options.get(), "5f:00.0,0000:4e:00.0"), NB_OK);
    ASSERT_EQ(nb_options_set_visible_devices(options.get(), "GPU-12ab,1"), NB_OK);
    const std::string json = to_json(options.get());

    const auto doc = nlohmann::json::parse(json);
    EXPECT_EQ(doc.at("schema"), "numabind.options/1");
    EXPECT_EQ(doc.at("mode"), "exclusive");
    EXPECT_EQ(doc.at("fallback"), true);
    EXPECT_EQ(doc.at("allowed_cpus"), "0-3,8,5000");
    EXPECT_EQ(doc.at("gpu_vendor"), "nvidia");
    EXPECT_EQ(doc.at("pci_bus_ids"), nlohmann::json::array({"0000:5f:00.0", "0000:4e:00.0"}))
        << "canonical, in the order given";
    EXPECT_EQ(doc.at("visible_devices"), "GPU-12ab,1");

    nb_options *back_raw = nullptr;
    ASSERT_EQ(nb_options_from_json(&back_raw, json.c_str()), NB_OK) << nb_last_error();
    Options back(back_raw);
    EXPECT_EQ(to_json(back.get()), json);

    // The empty visible-devices value survives the round trip too.
    ASSERT_EQ(nb_options_set_visible_devices(options.get(), ""), NB_OK);
    const std::string hidden = to_json(options.get());
    ASSERT_EQ(nb_options_from_json(&back_raw, hidden.c_str()), NB_OK) << nb_last_error();
    Options back_hidden(back_raw);
    EXPECT_EQ(to_json(back_hidden.get()), hidden);
}

TEST(OptionsJson, MissingKeysKeepTheirDefaults) {
    nb_options *raw = nullptr;
    ASSERT_EQ(nb_options_from_json(&raw, R"({"mode":"socket"})"), NB_OK) << nb_last_error();
    Options partial(raw);
    Options defaults = new_options();
    ASSERT_EQ(nb_options_set_mode(defaults.get(), NB_MODE_SOCKET), NB_OK);
    EXPECT_EQ(to_json(partial.get()), to_json(defaults.get()));

    ASSERT_EQ(nb_options_from_json(&raw, "{}"), NB_OK) << nb_last_error();
    Options empty(raw);
    Options plain = new_options();
    EXPECT_EQ(to_json(empty.get()), to_json(plain.get()));
}

struct BadJson {
    const char *json;
    nb_status status;
    const char *named;  ///< what nb_last_error() must contain
    const char *why;
};

/// GoogleTest prints the case (listings, failures) as its document and why, not its bytes.
void PrintTo(const BadJson &bad, std::ostream *os) {
    *os << "'" << printable(bad.json) << "' -> " << nb_status_name(bad.status) << " (" << bad.why << ")";
}

class OptionsFromJsonRejects : public ::testing::TestWithParam<BadJson> {};

TEST_P(OptionsFromJsonRejects, WithTheStatusAndMessageNamingKeyOrValue) {
    const BadJson &bad = GetParam();
    nb_options *out = reinterpret_cast<nb_options *>(0x1);
    EXPECT_EQ(nb_options_from_json(&out, bad.json), bad.status) << bad.why;
    EXPECT_EQ(out, nullptr);
    EXPECT_TRUE(last_error_names(bad.named)) << bad.why;
}

const BadJson kBadJson[] = {
    {R"({"mode":"node","colour":"blue"})", NB_EJSON, "colour", "unknown key"},
    {R"({"mode":3})", NB_EJSON, "mode", "mode of the wrong type"},
    {R"({"fallback":"yes"})", NB_EJSON, "fallback", "fallback of the wrong type"},
    {R"({"allowed_cpus":[0,1]})", NB_EJSON, "allowed_cpus", "allowed_cpus of the wrong type"},
    {R"({"visible_devices":0})", NB_EJSON, "visible_devices", "visible_devices of the wrong type"},
    {R"({"mode":"nod"})", NB_EMODE, "nod", "unknown mode"},
    {R"({"gpu_vendor":"intel"})", NB_EMODE, "intel", "unknown vendor"},
    {R"({"allowed_cpus":"3-1"})", NB_ECPULIST, "3-1", "reversed CPU range"},
    {R"({"allowed_cpus":""})", NB_EEMPTY, "allowed", "an empty allowed list, as the setter refuses"},
    {R"({"pci_bus_ids":"0000:4e:00.0"})", NB_EJSON, "pci_bus_ids", "bus ids not written as an array"},
    {R"({"pci_bus_ids":["zz"]})", NB_EGPUSEL, "zz", "malformed bus id"},
    {R"({"pci_bus_ids":["4e:00.0","0000:4E:00.0"]})", NB_EGPUSEL, "0000:4e:00.0", "the same bus id twice"},
    {R"({"schema":"numabind.options/2"})", NB_EJSON, "numabind.options/2", "a schema this version cannot read"},
    {R"({"mode":"node")", NB_EJSON, "JSON", "truncated document"},
    {R"(["node"])", NB_EJSON, "object", "not an object"},
    {"", NB_EJSON, "JSON", "empty document"},
};

INSTANTIATE_TEST_SUITE_P(Malformed, OptionsFromJsonRejects, ::testing::ValuesIn(kBadJson),
                         indexed_why_name<BadJson>);

TEST(OptionsDup, CopiesEveryField) {
    Options options = new_options();
    ASSERT_EQ(nb_options_set_mode(options.get(), NB_MODE_CLOSEST), NB_OK);
    ASSERT_EQ(nb_options_set_visible_devices(options.get(), "3"), NB_OK);
    nb_options *raw = nullptr;
    ASSERT_EQ(nb_options_dup(&raw, options.get()), NB_OK);
    Options copy(raw);
    EXPECT_EQ(to_json(copy.get()), to_json(options.get()));
    ASSERT_EQ(nb_options_set_mode(copy.get(), NB_MODE_NODE), NB_OK);
    nb_mode mode;
    ASSERT_EQ(nb_options_get_mode(&mode, options.get()), NB_OK);
    EXPECT_EQ(mode, NB_MODE_CLOSEST) << "the copy is independent";
}

}  // namespace
}  // namespace capi
