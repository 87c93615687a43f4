// CPU sets as plain std::set<int>, with the sysfs list syntax ("0-3,8"), for
// writing expected values in tests without going through numabind.
#ifndef NUMABIND_TESTS_SUPPORT_CPU_LIST_H
#define NUMABIND_TESTS_SUPPORT_CPU_LIST_H

#include <set>
#include <string>

namespace nbtest {

using CpuSet = std::set<int>;

/// Parse "0-3,8" (no spaces; "" is empty). Throws std::invalid_argument naming the bad item.
CpuSet parse_cpu_list(const std::string &list);

/// Canonical list string: ascending, maximal ranges ("0-3,8"); "" when empty.
std::string format_cpu_list(const CpuSet &cpus);

/// The CPUs first .. last inclusive (empty when last < first).
CpuSet cpu_range(int first, int last);

/// a ∪ b.
CpuSet cpu_union(const CpuSet &a, const CpuSet &b);

/// a ∩ b.
CpuSet cpu_intersection(const CpuSet &a, const CpuSet &b);

/// hwloc's bitmap text for a set ("0x0000ffff,,0x000000ff": 32-bit words, most
/// significant first, zero words between written empty), as in hwloc XML.
std::string hwloc_bitmap_text(const CpuSet &bits);

}  // namespace nbtest

#endif
