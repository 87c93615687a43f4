// numabind::CpuSet (src/cpuset.h): the strict parser's edge cases that the C
// API cannot express or that tests/capi does not cover, from_sorted, the set
// algebra, copies, and the bitmap constructor. Members are read straight from
// the hwloc bitmap so that no check goes through the code under test.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cpuset.h"
#include "unit_support.h"

namespace unit {
namespace {

using numabind::CpuSet;
using nbtest::cpu_range;

// ---- parse -----------------------------------------------------------------

TEST(CpusetParse, EmbeddedNulIsRejectedAndShownEscaped) {
    // Only a string_view can carry a NUL into the parser; the C API stops at it.
    const std::string_view list("1\0,2", 4);
    EXPECT_TRUE(throws_error([&] { CpuSet::parse(list); }, NB_ECPULIST, "'1\\x00'"));
}

TEST(CpusetParse, LoneSeparatorsAreRejected) {
    for (const char *bad : {",", "-", ",,", "0--1", "--1", "1-2,-"}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(throws_error([&] { CpuSet::parse(bad); }, NB_ECPULIST));
    }
}

TEST(CpusetParse, NonAsciiDigitsAndNewlinesAreRejected) {
    // U+FF11 FULLWIDTH DIGIT ONE, a trailing newline, a vertical tab, a carriage return.
    for (const char *bad : {"\xef\xbc\x91", "1\n", "1\v", "1\r", "0-3\n"}) {
        SCOPED_TRACE(bad);
        EXPECT_TRUE(throws_error([&] { CpuSet::parse(bad); }, NB_ECPULIST));
    }
}

TEST(CpusetParse, MessageNamesTheBadItemAndItsPosition) {
    EXPECT_TRUE(throws_error([] { CpuSet::parse("0-3,x,5"); }, NB_ECPULIST, "item 2 'x'"));
    EXPECT_TRUE(throws_error([] { CpuSet::parse("0-3,5,9-7"); }, NB_ECPULIST, "item 3 '9-7'"));
}

TEST(CpusetParse, LongZeroPaddedNumberIsItsValue) {
    // 30 digits, but the value is 1: the limit is on the value, not the length.
    const CpuSet set = CpuSet::parse("000000000000000000000000000001");
    EXPECT_EQ(members(set), (nbtest::CpuSet{1}));
}

TEST(CpusetParse, RangeEndingAtTheLargestCpu) {
    const CpuSet set = CpuSet::parse("1048574-1048575");
    EXPECT_EQ(members(set), (nbtest::CpuSet{1048574, 1048575}));
    EXPECT_EQ(set.count(), 2);
}

TEST(CpusetParse, ZeroLengthRangeAndRepeatedItems) {
    EXPECT_EQ(members(CpuSet::parse("0-0")), (nbtest::CpuSet{0}));
    EXPECT_EQ(members(CpuSet::parse("3,3,3-3")), (nbtest::CpuSet{3}));
}

TEST(CpusetFormat, EmptySetIsTheEmptyString) { EXPECT_EQ(CpuSet().format(), ""); }

TEST(CpusetFormat, IsCanonicalAcrossWordBoundaries) {
    // 63/64 and 4095/4096 are bitmap word and block edges.
    const CpuSet set = make_set(nbtest::cpu_union(cpu_range(62, 65), cpu_range(4095, 4096)));
    EXPECT_EQ(set.format(), "62-65,4095-4096");
}

// ---- from_sorted -----------------------------------------------------------

TEST(CpusetFromSorted, EmptyVectorIsTheEmptySet) {
    const CpuSet set = CpuSet::from_sorted({});
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.first(), -1);
}

TEST(CpusetFromSorted, HoldsExactlyTheGivenCpus) {
    const CpuSet set = CpuSet::from_sorted({0, 1, 2, 3, 8});
    EXPECT_EQ(members(set), (nbtest::CpuSet{0, 1, 2, 3, 8}));
    EXPECT_EQ(set.format(), "0-3,8");
}

TEST(CpusetFromSorted, SpreadOverManyWordsUpToTheLargestCpu) {
    const CpuSet set = CpuSet::from_sorted({3, 70, 4096, 100000, 1048575});
    EXPECT_EQ(members(set), (nbtest::CpuSet{3, 70, 4096, 100000, 1048575}));
    EXPECT_EQ(set.count(), 5);
}

TEST(CpusetFromSorted, SingleCpu) { EXPECT_EQ(members(CpuSet::from_sorted({5000})), (nbtest::CpuSet{5000})); }

// ---- element operations ----------------------------------------------------

TEST(CpusetElements, AddRemoveContainsCountEmpty) {
    CpuSet set;
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.count(), 0);
    set.add(7);
    set.add(7);
    set.add(4097);
    EXPECT_FALSE(set.empty());
    EXPECT_EQ(set.count(), 2);
    EXPECT_TRUE(set.contains(7));
    EXPECT_TRUE(set.contains(4097));
    EXPECT_FALSE(set.contains(8));
    set.remove(7);
    set.remove(9);  // absent: nothing happens
    EXPECT_EQ(members(set), (nbtest::CpuSet{4097}));
    set.remove(4097);
    EXPECT_TRUE(set.empty());
}

TEST(CpusetElements, FirstAndNextWalkUpwards) {
    const CpuSet set = make_set("2,64,4096");
    EXPECT_EQ(set.first(), 2);
    EXPECT_EQ(set.next(-1), 2);
    EXPECT_EQ(set.next(2), 64);
    EXPECT_EQ(set.next(3), 64) << "prev need not be a member";
    EXPECT_EQ(set.next(64), 4096);
    EXPECT_EQ(set.next(4096), -1);
    EXPECT_EQ(CpuSet().next(-1), -1);
}

// ---- algebra -----------------------------------------------------------------

TEST(CpusetAlgebra, IntersectionAndUnionLeaveTheOperandsAlone) {
    const CpuSet a = make_set("0-7,4096");
    const CpuSet b = make_set("4-11,4096-4097");
    EXPECT_EQ(members(a & b), nbtest::parse_cpu_list("4-7,4096"));
    EXPECT_EQ(members(a | b), nbtest::parse_cpu_list("0-11,4096-4097"));
    EXPECT_EQ(members(a), nbtest::parse_cpu_list("0-7,4096"));
    EXPECT_EQ(members(b), nbtest::parse_cpu_list("4-11,4096-4097"));
}

TEST(CpusetAlgebra, DisjointSetsIntersectToEmpty) {
    const CpuSet a = make_set("0-3");
    const CpuSet b = make_set("4-7,100000");
    EXPECT_TRUE((a & b).empty());
    EXPECT_FALSE(a.intersects(b));
    EXPECT_FALSE(b.intersects(a));
    EXPECT_EQ(members(a | b), nbtest::parse_cpu_list("0-7,100000"));
}

TEST(CpusetAlgebra, CompoundAssignmentWithSetsAndRawBitmaps) {
    CpuSet set = make_set("0-7");
    set &= make_set("2-9");
    EXPECT_EQ(members(set), cpu_range(2, 7));
    set |= make_set("20");
    EXPECT_EQ(members(set), nbtest::parse_cpu_list("2-7,20"));

    hwloc_bitmap_t raw = hwloc_bitmap_alloc();
    hwloc_bitmap_set_range(raw, 5, 30);
    set &= static_cast<hwloc_const_bitmap_t>(raw);
    EXPECT_EQ(members(set), nbtest::parse_cpu_list("5-7,20"));
    hwloc_bitmap_only(raw, 4000);
    set |= static_cast<hwloc_const_bitmap_t>(raw);
    EXPECT_EQ(members(set), nbtest::parse_cpu_list("5-7,20,4000"));
    EXPECT_EQ(members(raw), (nbtest::CpuSet{4000})) << "the raw operand is not modified";
    hwloc_bitmap_free(raw);
}

TEST(CpusetAlgebra, CompoundAssignmentWithItself) {
    CpuSet set = make_set("1,3");
    set &= set;
    EXPECT_EQ(members(set), (nbtest::CpuSet{1, 3}));
    set |= set;
    EXPECT_EQ(members(set), (nbtest::CpuSet{1, 3}));
}

TEST(CpusetAlgebra, IntersectsNeedsOneSharedCpu) {
    EXPECT_TRUE(make_set("0-3,5000").intersects(make_set("5000")));
    EXPECT_FALSE(make_set("0-3").intersects(CpuSet()));
    EXPECT_FALSE(CpuSet().intersects(CpuSet()));
}

TEST(CpusetAlgebra, EqualityComparesMembersOnly) {
    CpuSet grown = make_set("3,1048575");
    grown.remove(1048575);
    EXPECT_TRUE(grown == make_set("3"));
    EXPECT_FALSE(grown != make_set("3"));
    EXPECT_TRUE(CpuSet() == CpuSet());
    EXPECT_TRUE(make_set("3") != make_set("3,4"));
    EXPECT_TRUE(make_set("0-4095") != make_set("0-4096"));
}

// ---- copies and the bitmap constructor ---------------------------------------

TEST(CpusetCopies, CopyConstructionIsIndependent) {
    CpuSet original = make_set("1-3");
    CpuSet copy(original);
    copy.add(9);
    original.remove(1);
    EXPECT_EQ(members(original), cpu_range(2, 3));
    EXPECT_EQ(members(copy), nbtest::parse_cpu_list("1-3,9"));
}

TEST(CpusetCopies, CopyAssignmentReplacesAndIsIndependent) {
    const CpuSet source = make_set("4,4096");
    CpuSet target = make_set("0-100");
    target = source;
    EXPECT_EQ(members(target), (nbtest::CpuSet{4, 4096}));
    target.add(5);
    EXPECT_EQ(members(source), (nbtest::CpuSet{4, 4096}));
}

TEST(CpusetCopies, SelfCopyAssignmentKeepsTheValue) {
    CpuSet set = make_set("2,7");
    CpuSet &alias = set;
    set = alias;
    EXPECT_EQ(members(set), (nbtest::CpuSet{2, 7}));
}

TEST(CpusetCopies, MoveConstructionAndAssignmentCarryTheValue) {
    CpuSet source = make_set("6-8");
    CpuSet moved(std::move(source));
    EXPECT_EQ(members(moved), cpu_range(6, 8));
    CpuSet target = make_set("0");
    CpuSet other = make_set("100000");
    target = std::move(other);
    EXPECT_EQ(members(target), (nbtest::CpuSet{100000}));
}

TEST(CpusetBitmap, ConstructorCopiesTheBitmap) {
    hwloc_bitmap_t raw = hwloc_bitmap_alloc();
    hwloc_bitmap_set_range(raw, 0, 3);
    CpuSet set(static_cast<hwloc_const_bitmap_t>(raw));
    hwloc_bitmap_set(raw, 10);
    EXPECT_EQ(members(set), cpu_range(0, 3)) << "later changes to the bitmap do not show";
    set.add(20);
    EXPECT_FALSE(hwloc_bitmap_isset(raw, 20)) << "changes to the set do not reach the bitmap";
    hwloc_bitmap_free(raw);
}

TEST(CpusetBitmap, NullBitmapIsTheEmptySet) {
    const CpuSet set(static_cast<hwloc_const_bitmap_t>(nullptr));
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.format(), "");
}

TEST(CpusetBitmap, RawIsTheSetsOwnBitmap) {
    CpuSet set = make_set("1");
    hwloc_bitmap_set(set.raw(), 2);
    EXPECT_TRUE(set.contains(2));
    const CpuSet &view = set;
    EXPECT_TRUE(hwloc_bitmap_isset(view.raw(), 1));
}

}  // namespace
}  // namespace unit
