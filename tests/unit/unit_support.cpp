#include "unit_support.h"

#include <cstdlib>

namespace unit {

nbtest::CpuSet members(hwloc_const_bitmap_t bitmap) {
    nbtest::CpuSet cpus;
    for (int cpu = hwloc_bitmap_first(bitmap); cpu >= 0; cpu = hwloc_bitmap_next(bitmap, cpu)) cpus.insert(cpu);
    return cpus;
}

numabind::CpuSet make_set(const nbtest::CpuSet &cpus) {
    numabind::CpuSet set;
    for (int cpu : cpus) hwloc_bitmap_set(set.raw(), static_cast<unsigned>(cpu));
    return set;
}

std::unique_ptr<numabind::Topology> load_machine(const nbtest::MachineSpec &spec) {
    return load_xml(nbtest::hwloc_xml(spec));
}

std::unique_ptr<numabind::Topology> load_xml(const std::string &xml) {
    return numabind::Topology::load_xml_buffer(xml, "unit-test machine");
}

namespace {

void write_object(const XmlObject &obj, bool root, int depth, std::string &out) {
    const std::string cpus = nbtest::hwloc_bitmap_text(nbtest::parse_cpu_list(obj.cpus));
    const std::string nodes = nbtest::hwloc_bitmap_text(nbtest::parse_cpu_list(obj.nodes));
    out.append(static_cast<size_t>(2 * depth), ' ');
    out += "<object type=\"" + obj.type + "\"";
    if (obj.os_index >= 0) out += " os_index=\"" + std::to_string(obj.os_index) + "\"";
    out += " cpuset=\"" + cpus + "\" complete_cpuset=\"" + cpus + "\"";
    if (root) out += " allowed_cpuset=\"" + cpus + "\"";
    out += " nodeset=\"" + nodes + "\" complete_nodeset=\"" + nodes + "\"";
    if (root) out += " allowed_nodeset=\"" + nodes + "\"";
    out += obj.extra;
    if (obj.type == "NUMANode" && obj.extra.find("local_memory") == std::string::npos)
        out += " local_memory=\"68719476736\"";
    if (obj.children.empty()) {
        out += "/>\n";
        return;
    }
    out += ">\n";
    for (const XmlObject &child : obj.children) write_object(child, false, depth + 1, out);
    out.append(static_cast<size_t>(2 * depth), ' ');
    out += "</object>\n";
}

}  // namespace

std::string hwloc_xml_of(const XmlObject &machine) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE topology SYSTEM \"hwloc2.dtd\">\n"
                      "<topology version=\"2.0\">\n";
    write_object(machine, true, 1, out);
    out += "</topology>\n";
    return out;
}

namespace {

const char *const kL3 = " cache_size=\"33554432\" depth=\"3\" cache_linesize=\"64\" cache_associativity=\"16\""
                        " cache_type=\"0\"";
const char *const kMemCache = " cache_size=\"103079215104\" depth=\"1\" cache_linesize=\"64\""
                              " cache_associativity=\"1\" cache_type=\"0\"";

// Core `core` with PUs 2*core and 2*core+1.
XmlObject core(int core, const std::string &nodes) {
    const std::string first = std::to_string(2 * core), second = std::to_string(2 * core + 1);
    return {"Core", core, first + "-" + second, nodes, "",
            {{"PU", 2 * core, first, nodes, "", {}}, {"PU", 2 * core + 1, second, nodes, "", {}}}};
}

}  // namespace

XmlObject memory_side_cache_machine() {
    XmlObject package0{"Package", 0, "0-3", "0,2", "", {}};
    package0.children.push_back({"MemCache", -1, "0-3", "0", kMemCache, {{"NUMANode", 0, "0-3", "0", "", {}}}});
    package0.children.push_back({"NUMANode", 2, "0-3", "2", " subtype=\"HBM\" local_memory=\"17179869184\"", {}});
    package0.children.push_back({"L3Cache", 0, "0-3", "0,2", kL3, {core(0, "0,2"), core(1, "0,2")}});
    XmlObject package1{"Package", 1, "4-7", "1", "", {}};
    package1.children.push_back({"MemCache", -1, "4-7", "1", kMemCache, {{"NUMANode", 1, "4-7", "1", "", {}}}});
    package1.children.push_back({"L3Cache", 1, "4-7", "1", kL3, {core(2, "1"), core(3, "1")}});
    return {"Machine", 0, "0-7", "0-2", "", {package0, package1}};
}

XmlObject l3_over_two_nodes_machine() {
    XmlObject group0{"Group", -1, "0-3", "0", " dont_merge=\"1\"",
                     {{"NUMANode", 0, "0-3", "0", "", {}}, core(0, "0"), core(1, "0")}};
    XmlObject group1{"Group", -1, "4-7", "1", " dont_merge=\"1\"",
                     {{"NUMANode", 1, "4-7", "1", "", {}}, core(2, "1"), core(3, "1")}};
    XmlObject l3{"L3Cache", 0, "0-7", "0-1", kL3, {group0, group1}};
    return {"Machine", 0, "0-7", "0-1", "", {{"Package", 0, "0-7", "0-1", "", {l3}}}};
}

XmlObject node_over_two_packages_machine() {
    XmlObject group{"Group", -1, "0-3", "0", " dont_merge=\"1\"",
                    {{"NUMANode", 0, "0-3", "0", "", {}},
                     {"Package", 0, "0-1", "0", "", {core(0, "0")}},
                     {"Package", 1, "2-3", "0", "", {core(1, "0")}}}};
    XmlObject package2{"Package", 2, "4-5", "1", "", {{"NUMANode", 1, "4-5", "1", "", {}}, core(2, "1")}};
    XmlObject package3{"Package", 3, "6-7", "2", "", {{"NUMANode", 2, "6-7", "2", "", {}}, core(3, "2")}};
    XmlObject gpu_memory{"NUMANode", 3, "0-7", "3", " subtype=\"GPUMemory\" local_memory=\"17179869184\"", {}};
    return {"Machine", 0, "0-7", "0-3", "", {gpu_memory, group, package2, package3}};
}

hwloc_obj_t numa_node(const numabind::Topology &topology, unsigned os_index) {
    return object_by_os_index(topology, HWLOC_OBJ_NUMANODE, os_index);
}

hwloc_obj_t object_by_os_index(const numabind::Topology &topology, hwloc_obj_type_t type, unsigned os_index) {
    for (hwloc_obj_t obj = hwloc_get_next_obj_by_type(topology.hwloc(), type, nullptr); obj;
         obj = hwloc_get_next_obj_by_type(topology.hwloc(), type, obj))
        if (obj->os_index == os_index) return obj;
    return nullptr;
}

hwloc_obj_t pci_device(const numabind::Topology &topology, const std::string &bus_id) {
    return hwloc_get_pcidev_by_busidstring(topology.hwloc(), bus_id.c_str());
}

ScopedEnv::ScopedEnv(std::string name, const char *value) : name_(std::move(name)) {
    if (const char *old = std::getenv(name_.c_str())) old_ = old;
    if (value) setenv(name_.c_str(), value, 1);
    else unsetenv(name_.c_str());
}

ScopedEnv::~ScopedEnv() {
    if (old_) setenv(name_.c_str(), old_->c_str(), 1);
    else unsetenv(name_.c_str());
}

}  // namespace unit
