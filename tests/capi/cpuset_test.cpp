// nb_cpuset through the C API: the strict list parser, the canonical format,
// element operations, iteration, and sets far beyond one 4096-CPU word block.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capi_support.h"

namespace capi {
namespace {

Cpuset parse_ok(const char *list) {
    nb_cpuset *set = nullptr;
    EXPECT_EQ(nb_cpuset_parse(&set, list), NB_OK) << "'" << list << "': " << nb_last_error();
    return Cpuset(set);
}

std::vector<int> members(const nb_cpuset *set) {
    std::vector<int> cpus;
    for (int cpu = nb_cpuset_next(set, -1); cpu >= 0; cpu = nb_cpuset_next(set, cpu)) cpus.push_back(cpu);
    return cpus;
}

TEST(CpusetParse, ListsAndRanges) {
    Cpuset set = parse_ok("0-3,8,10-11");
    EXPECT_EQ(nb_cpuset_count(set.get()), 7);
    EXPECT_EQ(members(set.get()), (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
    EXPECT_EQ(format(set.get()), "0-3,8,10-11");
}

TEST(CpusetParse, EmptyStringIsTheEmptySet) {
    Cpuset set = parse_ok("");
    EXPECT_EQ(nb_cpuset_count(set.get()), 0);
    EXPECT_EQ(nb_cpuset_next(set.get(), -1), -1);
    EXPECT_EQ(format(set.get()), "");
}

TEST(CpusetParse, SingleCpuRangeAndUnorderedOverlappingItems) {
    EXPECT_EQ(format(parse_ok("5-5").get()), "5");
    EXPECT_EQ(format(parse_ok("8,0-3,2,4").get()), "0-4,8") << "format is canonical whatever the input order";
    EXPECT_EQ(format(parse_ok("007").get()), "7") << "leading zeros are still decimal";
}

// Each malformed list fails with NB_ECPULIST, leaves *out NULL, and the
// message names the offending item.
struct BadList {
    const char *list;
    const char *named;  ///< what nb_last_error() must contain (an empty item: the whole list)
    const char *why;
};

/// GoogleTest prints the case (listings, failures) as its list and why, not its bytes.
void PrintTo(const BadList &bad, std::ostream *os) { *os << "'" << printable(bad.list) << "' (" << bad.why << ")"; }

class CpusetParseRejects : public ::testing::TestWithParam<BadList> {};

TEST_P(CpusetParseRejects, WithEcpulistNamingTheItem) {
    const BadList &bad = GetParam();
    nb_cpuset *set = reinterpret_cast<nb_cpuset *>(0x1);
    EXPECT_EQ(nb_cpuset_parse(&set, bad.list), NB_ECPULIST) << bad.why;
    EXPECT_EQ(set, nullptr) << "a failed call leaves the out-parameter NULL";
    EXPECT_TRUE(last_error_names(bad.named)) << bad.why;
}

const BadList kBadLists[] = {
    {"abc", "abc", "garbage"},
    {"1a", "1a", "trailing garbage in a number"},
    {"0x3", "0x3", "hexadecimal"},
    {"3-1", "3-1", "reversed range"},
    {"1-2-3", "1-2-3", "two dashes"},
    {"1-", "1-", "open range"},
    {"-4", "-4", "leading dash (negative or open range)"},
    {"+1", "+1", "sign"},
    {"1,,2", "1,,2", "empty item in the middle"},
    {",1", ",1", "empty first item"},
    {"1,", "1,", "empty last item"},
    {" 1", " 1", "leading space"},
    {"1 ", "1 ", "trailing space"},
    {"1, 2", " 2", "space after a comma"},
    {"1\t", "1", "tab"},
    {"1048576", "1048576", "one above NB_CPUSET_MAX_CPU"},
    {"0-1048576", "1048576", "range end above NB_CPUSET_MAX_CPU"},
    {"99999999999999999999", "99999999999999999999", "overflows any integer type"},
    {"4294967296", "4294967296", "wraps to 0 in 32 bits"},
};

INSTANTIATE_TEST_SUITE_P(Malformed, CpusetParseRejects, ::testing::ValuesIn(kBadLists),
                         indexed_why_name<BadList>);

TEST(CpusetParse, LargestCpuIsAccepted) {
    Cpuset set = parse_ok("1048575");
    EXPECT_EQ(nb_cpuset_count(set.get()), 1);
    EXPECT_TRUE(nb_cpuset_contains(set.get(), NB_CPUSET_MAX_CPU));
}

TEST(CpusetOps, AddRemoveContainsCount) {
    nb_cpuset *raw = nullptr;
    ASSERT_EQ(nb_cpuset_new(&raw), NB_OK);
    Cpuset set(raw);
    EXPECT_EQ(nb_cpuset_count(set.get()), 0);
    ASSERT_EQ(nb_cpuset_add(set.get(), 3), NB_OK);
    ASSERT_EQ(nb_cpuset_add(set.get(), 3), NB_OK) << "adding twice is harmless";
    ASSERT_EQ(nb_cpuset_add(set.get(), 0), NB_OK);
    EXPECT_EQ(nb_cpuset_count(set.get()), 2);
    EXPECT_EQ(nb_cpuset_contains(set.get(), 3), 1);
    EXPECT_EQ(nb_cpuset_contains(set.get(), 2), 0);
    EXPECT_EQ(nb_cpuset_contains(set.get(), -1), 0);
    ASSERT_EQ(nb_cpuset_remove(set.get(), 3), NB_OK);
    ASSERT_EQ(nb_cpuset_remove(set.get(), 7), NB_OK) << "removing an absent CPU is harmless";
    EXPECT_EQ(format(set.get()), "0");
    EXPECT_EQ(nb_cpuset_count(nullptr), 0);
    EXPECT_EQ(nb_cpuset_contains(nullptr, 0), 0);
}

TEST(CpusetOps, OutOfRangeCpusAreRejectedAndLeaveTheSetAlone) {
    Cpuset set = parse_ok("1");
    for (int cpu : {-1, NB_CPUSET_MAX_CPU + 1}) {
        SCOPED_TRACE(cpu);
        nb_status added = nb_cpuset_add(set.get(), cpu);
        EXPECT_TRUE(added == NB_EINVAL || added == NB_ECPULIST) << nb_status_name(added);
        EXPECT_TRUE(last_error_names(std::to_string(cpu)));
        nb_status removed = nb_cpuset_remove(set.get(), cpu);
        EXPECT_TRUE(removed == NB_EINVAL || removed == NB_ECPULIST) << nb_status_name(removed);
    }
    EXPECT_EQ(format(set.get()), "1");
}

TEST(CpusetOps, DupIsAnIndependentEqualCopy) {
    Cpuset set = parse_ok("2,4-6");
    nb_cpuset *raw = nullptr;
    ASSERT_EQ(nb_cpuset_dup(&raw, set.get()), NB_OK);
    Cpuset copy(raw);
    EXPECT_EQ(nb_cpuset_equal(set.get(), copy.get()), 1);
    ASSERT_EQ(nb_cpuset_add(copy.get(), 9), NB_OK);
    EXPECT_EQ(nb_cpuset_equal(set.get(), copy.get()), 0);
    EXPECT_EQ(format(set.get()), "2,4-6");
}

TEST(CpusetIteration, NextWalksInAscendingOrder) {
    Cpuset set = parse_ok("1,5-6,63-65");
    EXPECT_EQ(nb_cpuset_next(set.get(), -1), 1);
    EXPECT_EQ(nb_cpuset_next(set.get(), 1), 5);
    EXPECT_EQ(nb_cpuset_next(set.get(), 2), 5) << "prev need not be a member";
    EXPECT_EQ(nb_cpuset_next(set.get(), 6), 63);
    EXPECT_EQ(nb_cpuset_next(set.get(), 63), 64) << "across a 64-bit word";
    EXPECT_EQ(nb_cpuset_next(set.get(), 65), -1);
    EXPECT_EQ(nb_cpuset_next(set.get(), 1000000), -1);
}

// Machines with more than 4096 CPUs exist (and cpusets sized for 1024 CPUs
// broke on them); a set must work anywhere up to NB_CPUSET_MAX_CPU.
TEST(CpusetLarge, SetsBeyond4096Cpus) {
    Cpuset set = parse_ok("0,4095-4097,8191,100000-100002,1048575");
    EXPECT_EQ(nb_cpuset_count(set.get()), 9);
    EXPECT_EQ(members(set.get()),
              (std::vector<int>{0, 4095, 4096, 4097, 8191, 100000, 100001, 100002, 1048575}));
    EXPECT_EQ(format(set.get()), "0,4095-4097,8191,100000-100002,1048575");
    EXPECT_TRUE(nb_cpuset_contains(set.get(), 4096));
    EXPECT_FALSE(nb_cpuset_contains(set.get(), 4098));

    // Equality looks at every word, not just the first 4096 CPUs.
    Cpuset other = parse_ok("0,4095-4097,8191,100000-100002");
    EXPECT_EQ(nb_cpuset_equal(set.get(), other.get()), 0);
    ASSERT_EQ(nb_cpuset_add(other.get(), 1048575), NB_OK);
    EXPECT_EQ(nb_cpuset_equal(set.get(), other.get()), 1);

    // A whole large range, formatted back as one range.
    Cpuset wide = parse_ok("0-8191");
    EXPECT_EQ(nb_cpuset_count(wide.get()), 8192);
    EXPECT_EQ(format(wide.get()), "0-8191");
    ASSERT_EQ(nb_cpuset_remove(wide.get(), 4096), NB_OK);
    EXPECT_EQ(format(wide.get()), "0-4095,4097-8191");
}

TEST(CpusetLarge, EqualityIgnoresHowTheSetGrew) {
    // One set grew to a million CPUs then shrank; the other never grew.
    Cpuset grown = parse_ok("3,1048575");
    ASSERT_EQ(nb_cpuset_remove(grown.get(), 1048575), NB_OK);
    Cpuset small = parse_ok("3");
    EXPECT_EQ(nb_cpuset_equal(grown.get(), small.get()), 1);
    EXPECT_EQ(nb_cpuset_equal(small.get(), grown.get()), 1);
}

}  // namespace
}  // namespace capi
