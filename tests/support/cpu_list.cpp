#include "cpu_list.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace nbtest {
namespace {

int parse_number(const std::string &text, const std::string &item) {
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw std::invalid_argument("bad CPU list item '" + item + "'");
    return std::stoi(text);
}

}  // namespace

CpuSet parse_cpu_list(const std::string &list) {
    CpuSet cpus;
    size_t start = 0;
    while (start < list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string item = list.substr(start, comma - start);
        size_t dash = item.find('-');
        if (dash == std::string::npos) {
            cpus.insert(parse_number(item, item));
        } else {
            int first = parse_number(item.substr(0, dash), item);
            int last = parse_number(item.substr(dash + 1), item);
            if (last < first) throw std::invalid_argument("reversed CPU range '" + item + "'");
            for (int cpu = first; cpu <= last; ++cpu) cpus.insert(cpu);
        }
        start = comma + 1;
        if (comma + 1 == list.size()) throw std::invalid_argument("trailing comma in '" + list + "'");
    }
    return cpus;
}

std::string format_cpu_list(const CpuSet &cpus) {
    std::string out;
    for (auto it = cpus.begin(); it != cpus.end();) {
        int first = *it, last = *it;
        for (++it; it != cpus.end() && *it == last + 1; ++it) last = *it;
        if (!out.empty()) out += ',';
        out += std::to_string(first);
        if (last != first) out += '-' + std::to_string(last);
    }
    return out;
}

CpuSet cpu_range(int first, int last) {
    CpuSet cpus;
    for (int cpu = first; cpu <= last; ++cpu) cpus.insert(cpu);
    return cpus;
}

CpuSet cpu_union(const CpuSet &a, const CpuSet &b) {
    CpuSet out = a;
    out.insert(b.begin(), b.end());
    return out;
}

CpuSet cpu_intersection(const CpuSet &a, const CpuSet &b) {
    CpuSet out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}

std::string hwloc_bitmap_text(const CpuSet &bits) {
    if (bits.empty()) return "0x0";
    std::vector<unsigned> words(static_cast<size_t>(*bits.rbegin() / 32 + 1), 0u);
    for (int bit : bits) words[static_cast<size_t>(bit / 32)] |= 1u << (bit % 32);
    // hwloc writes the top word first; a zero word in between is an empty
    // field, and the lowest word is always written (as "0x0" when zero).
    std::string out;
    char buf[16];
    for (size_t i = words.size(); i-- > 0;) {
        if (words[i] != 0) {
            std::snprintf(buf, sizeof buf, "0x%08x", words[i]);
            out += buf;
        } else if (i == 0) {
            out += "0x0";
        }
        if (i != 0) out += ',';
    }
    return out;
}

}  // namespace nbtest
