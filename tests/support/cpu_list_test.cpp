// The CPU-list helpers, checked against literal strings and against hwloc's own
// bitmap parser (the generator's XML is only as good as its bitmap text).
#include "cpu_list.h"

#include <gtest/gtest.h>
#include <hwloc.h>

#include <stdexcept>

namespace nbtest {
namespace {

TEST(CpuList, ParsesRangesAndSingles) {
    EXPECT_EQ(parse_cpu_list("0-3,8"), (CpuSet{0, 1, 2, 3, 8}));
    EXPECT_EQ(parse_cpu_list(""), CpuSet{});
    EXPECT_EQ(parse_cpu_list("5"), CpuSet{5});
}

TEST(CpuList, RejectsMalformedItems) {
    EXPECT_THROW(parse_cpu_list("3-1"), std::invalid_argument);
    EXPECT_THROW(parse_cpu_list("1,,2"), std::invalid_argument);
    EXPECT_THROW(parse_cpu_list("1,"), std::invalid_argument);
    EXPECT_THROW(parse_cpu_list("a"), std::invalid_argument);
    EXPECT_THROW(parse_cpu_list(" 1"), std::invalid_argument);
}

TEST(CpuList, FormatsMaximalRanges) {
    EXPECT_EQ(format_cpu_list({0, 1, 2, 3, 8, 10, 11}), "0-3,8,10-11");
    EXPECT_EQ(format_cpu_list({}), "");
    EXPECT_EQ(format_cpu_list(cpu_range(64, 127)), "64-127");
}

TEST(CpuList, UnionAndIntersection) {
    EXPECT_EQ(cpu_union(cpu_range(0, 2), cpu_range(2, 4)), cpu_range(0, 4));
    EXPECT_EQ(cpu_intersection(cpu_range(0, 2), cpu_range(2, 4)), CpuSet{2});
}

TEST(HwlocBitmapText, MatchesHwlocLayout) {
    // Literal forms as found in real hwloc exports (LLNL Tioga: PU 0 + PU 64).
    EXPECT_EQ(hwloc_bitmap_text({0, 64}), "0x00000001,,0x00000001");
    EXPECT_EQ(hwloc_bitmap_text({64}), "0x00000001,,0x0");
    EXPECT_EQ(hwloc_bitmap_text({}), "0x0");
    EXPECT_EQ(hwloc_bitmap_text(cpu_range(0, 15)), "0x0000ffff");
}

// Every bit of each set must come back through hwloc_bitmap_sscanf, and nothing else.
TEST(HwlocBitmapText, RoundTripsThroughHwlocParser) {
    const CpuSet cases[] = {{}, {0}, {31}, {32}, {0, 63, 64, 4095}, cpu_range(100, 300),
                            {8191}, {1, 33, 65, 97, 129}};
    for (const CpuSet &bits : cases) {
        hwloc_bitmap_t map = hwloc_bitmap_alloc();
        ASSERT_EQ(hwloc_bitmap_sscanf(map, hwloc_bitmap_text(bits).c_str()), 0)
            << hwloc_bitmap_text(bits);
        CpuSet back;
        for (int bit = hwloc_bitmap_first(map); bit != -1; bit = hwloc_bitmap_next(map, bit))
            back.insert(bit);
        hwloc_bitmap_free(map);
        EXPECT_EQ(back, bits) << hwloc_bitmap_text(bits);
    }
}

}  // namespace
}  // namespace nbtest
