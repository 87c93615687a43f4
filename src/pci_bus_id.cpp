#include "pci_bus_id.h"

#include <cstdio>

#include "error.h"

namespace numabind {

namespace {

bool parse_hex(std::string_view text, size_t max_digits, unsigned max_value, unsigned &out) {
    if (text.empty() || text.size() > max_digits) return false;
    unsigned value = 0;
    for (char c : text) {
        unsigned digit;
        if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
        else return false;
        value = value * 16 + digit;
    }
    if (value > max_value) return false;
    out = value;
    return true;
}

}  // namespace

PciBusId PciBusId::of(const hwloc_obj *pcidev) {
    const auto &pci = pcidev->attr->pcidev;
    return PciBusId{pci.domain, pci.bus, pci.dev, pci.func};
}

PciBusId PciBusId::parse(std::string_view text) {
    // Split from the right so the domain stays optional.
    const size_t dot = text.rfind('.');
    const size_t colon2 = text.rfind(':', dot);
    const bool shape_ok = dot != std::string_view::npos && colon2 != std::string_view::npos && colon2 < dot;
    PciBusId id;
    bool ok = shape_ok;
    if (ok) {
        const std::string_view head = text.substr(0, colon2);
        const size_t colon1 = head.rfind(':');
        const std::string_view bus = colon1 == std::string_view::npos ? head : head.substr(colon1 + 1);
        ok = parse_hex(bus, 2, 0xff, id.bus) &&
             parse_hex(text.substr(colon2 + 1, dot - colon2 - 1), 2, 0x1f, id.device) &&
             parse_hex(text.substr(dot + 1), 1, 0x7, id.function);
        if (ok && colon1 != std::string_view::npos) ok = parse_hex(head.substr(0, colon1), 8, 0xffffffffu, id.domain);
    }
    if (!ok)
        throw Error(NB_EGPUSEL, "invalid PCI bus id " + quote(text) +
                                    " (expected DDDD:BB:DD.F or BB:DD.F in hexadecimal, e.g. 0000:4e:00.0)");
    return id;
}

std::string PciBusId::str() const {
    char text[32];
    std::snprintf(text, sizeof text, "%04x:%02x:%02x.%x", domain, bus, device, function);
    return text;
}

void add_unique(std::vector<PciBusId> &ids, const PciBusId &id) {
    for (const auto &seen : ids)
        if (seen == id) throw Error(NB_EGPUSEL, "PCI bus id " + id.str() + " is listed twice");
    ids.push_back(id);
}

std::vector<PciBusId> parse_pci_bus_id_list(std::string_view text) {
    std::vector<PciBusId> ids;
    size_t start = 0;
    while (true) {
        const size_t comma = text.find(',', start);
        const auto item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        add_unique(ids, PciBusId::parse(item));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return ids;
}

std::string format_pci_bus_id_list(const std::vector<PciBusId> &ids) {
    std::string out;
    for (const auto &id : ids) {
        if (!out.empty()) out += ',';
        out += id.str();
    }
    return out;
}

}  // namespace numabind
