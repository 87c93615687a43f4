#include "cpuset.h"

#include <cstdlib>
#include <new>
#include <utility>

#include "error.h"

namespace numabind {

namespace {

hwloc_bitmap_t checked(hwloc_bitmap_t bitmap) {
    if (bitmap == nullptr) throw std::bad_alloc();
    return bitmap;
}

void check_result(int rc) {
    if (rc < 0) throw std::bad_alloc();  // hwloc bitmap operations fail only on allocation
}

// Parses one decimal CPU number, digits only, at most NB_CPUSET_MAX_CPU.
// Returns false for anything else (sign, space, hex, overflow).
bool parse_cpu_number(std::string_view text, unsigned &out) {
    if (text.empty()) return false;
    unsigned long value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<unsigned long>(c - '0');
        if (value > NB_CPUSET_MAX_CPU) return false;  // also stops overflow early
    }
    out = static_cast<unsigned>(value);
    return true;
}

[[noreturn]] void bad_item(std::string_view list, size_t index, std::string_view item, const char *why) {
    throw Error(NB_ECPULIST, "invalid CPU list " + quote(list) + ": item " + std::to_string(index + 1) +
                                 " " + quote(item) + " " + why);
}

}  // namespace

CpuSet::CpuSet() : bitmap_(checked(hwloc_bitmap_alloc())) {}

CpuSet::CpuSet(hwloc_const_bitmap_t bitmap)
    : bitmap_(checked(bitmap ? hwloc_bitmap_dup(bitmap) : hwloc_bitmap_alloc())) {}

CpuSet::CpuSet(const CpuSet &other) : bitmap_(checked(hwloc_bitmap_dup(other.bitmap_))) {}

CpuSet::CpuSet(CpuSet &&other) noexcept : bitmap_(std::exchange(other.bitmap_, nullptr)) {}

CpuSet &CpuSet::operator=(const CpuSet &other) {
    if (this != &other) check_result(hwloc_bitmap_copy(bitmap_, other.bitmap_));
    return *this;
}

CpuSet &CpuSet::operator=(CpuSet &&other) noexcept {
    std::swap(bitmap_, other.bitmap_);
    return *this;
}

CpuSet::~CpuSet() { hwloc_bitmap_free(bitmap_); }  // NULL after a move: a no-op

CpuSet CpuSet::parse(std::string_view list) {
    CpuSet set;
    if (list.empty()) return set;
    size_t index = 0;
    size_t start = 0;
    while (true) {
        const size_t comma = list.find(',', start);
        const std::string_view item =
            list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (item.empty()) bad_item(list, index, item, "is empty");
        const size_t dash = item.find('-');
        unsigned first = 0, last = 0;
        if (dash == std::string_view::npos) {
            if (!parse_cpu_number(item, first))
                bad_item(list, index, item,
                         ("is not a CPU number from 0 to " + std::to_string(NB_CPUSET_MAX_CPU)).c_str());
            last = first;
        } else {
            if (!parse_cpu_number(item.substr(0, dash), first) ||
                !parse_cpu_number(item.substr(dash + 1), last))
                bad_item(list, index, item,
                         ("is not a range FIRST-LAST of CPU numbers from 0 to " +
                          std::to_string(NB_CPUSET_MAX_CPU))
                             .c_str());
            if (last < first) bad_item(list, index, item, "is a reversed range");
        }
        check_result(hwloc_bitmap_set_range(set.bitmap_, first, static_cast<int>(last)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
        ++index;
    }
    return set;
}

CpuSet CpuSet::from_sorted(const std::vector<unsigned> &cpus) {
    CpuSet set;
    if (cpus.empty()) return set;
    // Setting the highest CPU first sizes the bitmap once; later bits fit.
    set.add(cpus.back());
    for (unsigned cpu : cpus) set.add(cpu);
    return set;
}

std::string CpuSet::format() const {
    char *text = nullptr;
    if (hwloc_bitmap_list_asprintf(&text, bitmap_) < 0 || text == nullptr) throw std::bad_alloc();
    std::string out(text);
    std::free(text);
    return out;
}

void CpuSet::add(unsigned cpu) { check_result(hwloc_bitmap_set(bitmap_, cpu)); }
void CpuSet::remove(unsigned cpu) { check_result(hwloc_bitmap_clr(bitmap_, cpu)); }
bool CpuSet::contains(unsigned cpu) const { return hwloc_bitmap_isset(bitmap_, cpu) != 0; }
int CpuSet::count() const { return hwloc_bitmap_weight(bitmap_); }
bool CpuSet::empty() const { return hwloc_bitmap_iszero(bitmap_) != 0; }
int CpuSet::first() const { return hwloc_bitmap_first(bitmap_); }
int CpuSet::next(int prev) const { return hwloc_bitmap_next(bitmap_, prev); }

CpuSet CpuSet::operator&(const CpuSet &other) const {
    CpuSet out(*this);
    out &= other;
    return out;
}

CpuSet CpuSet::operator|(const CpuSet &other) const {
    CpuSet out(*this);
    out |= other;
    return out;
}

CpuSet &CpuSet::operator&=(const CpuSet &other) { return *this &= other.bitmap_; }
CpuSet &CpuSet::operator|=(const CpuSet &other) { return *this |= other.bitmap_; }

CpuSet &CpuSet::operator&=(hwloc_const_bitmap_t other) {
    check_result(hwloc_bitmap_and(bitmap_, bitmap_, other));
    return *this;
}

CpuSet &CpuSet::operator|=(hwloc_const_bitmap_t other) {
    check_result(hwloc_bitmap_or(bitmap_, bitmap_, other));
    return *this;
}

bool CpuSet::intersects(const CpuSet &other) const {
    return hwloc_bitmap_intersects(bitmap_, other.bitmap_) != 0;
}

bool CpuSet::operator==(const CpuSet &other) const {
    return hwloc_bitmap_isequal(bitmap_, other.bitmap_) != 0;
}

}  // namespace numabind
