// A set of CPU numbers of any size (the kernel's count, not glibc's 1024),
// stored as an hwloc bitmap so that topology sets need no conversion.
#pragma once

#include <hwloc.h>

#include <string>
#include <string_view>
#include <vector>

namespace numabind {

class CpuSet {
public:
    CpuSet();
    // Copies `bitmap`; NULL gives the empty set.
    explicit CpuSet(hwloc_const_bitmap_t bitmap);
    CpuSet(const CpuSet &other);
    CpuSet(CpuSet &&other) noexcept;
    CpuSet &operator=(const CpuSet &other);
    CpuSet &operator=(CpuSet &&other) noexcept;
    ~CpuSet();

    // Strict list syntax ("0-3,8"); throws Error(NB_ECPULIST) naming the bad item.
    static CpuSet parse(std::string_view list);
    // From CPU numbers in ascending order; allocates once, however many there are.
    static CpuSet from_sorted(const std::vector<unsigned> &cpus);
    // Canonical list string, "" for the empty set.
    std::string format() const;

    void add(unsigned cpu);
    void remove(unsigned cpu);
    bool contains(unsigned cpu) const;
    int count() const;
    bool empty() const;
    int first() const;          // -1 when empty
    int next(int prev) const;   // -1 when none follows

    CpuSet operator&(const CpuSet &other) const;
    CpuSet operator|(const CpuSet &other) const;
    CpuSet &operator&=(const CpuSet &other);
    CpuSet &operator|=(const CpuSet &other);
    CpuSet &operator&=(hwloc_const_bitmap_t other);
    CpuSet &operator|=(hwloc_const_bitmap_t other);
    bool intersects(const CpuSet &other) const;
    bool operator==(const CpuSet &other) const;
    bool operator!=(const CpuSet &other) const { return !(*this == other); }

    hwloc_const_bitmap_t raw() const { return bitmap_; }
    hwloc_bitmap_t raw() { return bitmap_; }

private:
    hwloc_bitmap_t bitmap_;
};

}  // namespace numabind
