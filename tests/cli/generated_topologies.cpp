#include "generated_topologies.h"

#include <cstdio>

namespace nbtest {

namespace {

std::string hex(unsigned mask) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", mask);
    return text;
}

// cpuset/complete_cpuset/nodeset/complete_nodeset attributes of an object.
std::string sets(unsigned cpus, unsigned nodes) {
    return " cpuset=\"" + hex(cpus) + "\" complete_cpuset=\"" + hex(cpus) + "\" nodeset=\"" +
           hex(nodes) + "\" complete_nodeset=\"" + hex(nodes) + "\"";
}

struct PackageShape {
    unsigned index;           // package and NUMA node OS index
    std::string gpu_bus;      // "" for no GPU, else the PCI bus number ("01")
    bool gpu_memory_node;     // add the memory-only NUMA node 2
};

// Two cores of two PUs each, CPUs 4*index .. 4*index+3.
std::string package_xml(const PackageShape &shape) {
    const unsigned first_cpu = 4 * shape.index;
    const unsigned cpus = 0xfu << first_cpu;
    const unsigned node = 1u << shape.index;
    const unsigned nodes = node | (shape.gpu_memory_node ? 0x4u : 0u);
    int gp = 100 * static_cast<int>(shape.index + 1);
    auto next_gp = [&gp] { return " gp_index=\"" + std::to_string(gp++) + "\""; };

    std::string xml = "    <object type=\"Package\" os_index=\"" + std::to_string(shape.index) +
                      "\"" + sets(cpus, nodes) + next_gp() + ">\n";
    xml += "      <object type=\"NUMANode\" os_index=\"" + std::to_string(shape.index) + "\"" +
           sets(cpus, node) + next_gp() + " local_memory=\"1073741824\"/>\n";
    if (shape.gpu_memory_node) {
        xml += "      <object type=\"NUMANode\" os_index=\"2\"" + sets(cpus, 0x4u) + next_gp() +
               " subtype=\"GPUMemory\" local_memory=\"1073741824\"/>\n";
    }
    for (unsigned core = 0; core < 2; ++core) {
        const unsigned core_first = first_cpu + 2 * core;
        xml += "      <object type=\"Core\" os_index=\"" + std::to_string(2 * shape.index + core) +
               "\"" + sets(0x3u << core_first, nodes) + next_gp() + ">\n";
        for (unsigned pu = core_first; pu < core_first + 2; ++pu) {
            xml += "        <object type=\"PU\" os_index=\"" + std::to_string(pu) + "\"" +
                   sets(1u << pu, nodes) + next_gp() + "/>\n";
        }
        xml += "      </object>\n";
    }
    if (!shape.gpu_bus.empty()) {
        xml += "      <object type=\"Bridge\"" + next_gp() +
               " bridge_type=\"0-1\" depth=\"0\" bridge_pci=\"0000:[" + shape.gpu_bus + "-" +
               shape.gpu_bus + "]\">\n";
        xml += "        <object type=\"PCIDev\"" + next_gp() + " pci_busid=\"0000:" +
               shape.gpu_bus +
               ":00.0\" pci_type=\"0302 [10de:1eb8] [10de:12a2] a1\" pci_link_speed=\"15.753846\"/>\n";
        xml += "      </object>\n";
    }
    xml += "    </object>\n";
    return xml;
}

std::string machine_xml(const PackageShape &first, const PackageShape &second) {
    const unsigned nodes = 0x3u | (first.gpu_memory_node || second.gpu_memory_node ? 0x4u : 0u);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<!DOCTYPE topology SYSTEM \"hwloc2.dtd\">\n"
           "<topology version=\"2.0\">\n"
           "  <object type=\"Machine\" os_index=\"0\"" +
           sets(0xffu, nodes) + " allowed_cpuset=\"0x000000ff\" allowed_nodeset=\"" + hex(nodes) +
           "\" gp_index=\"1\">\n" + package_xml(first) + package_xml(second) +
           "  </object>\n"
           "</topology>\n";
}

}  // namespace

std::string two_socket_two_gpu_xml() {
    return machine_xml({0, "01", false}, {1, "81", true});
}

std::string two_socket_no_gpu_xml() { return machine_xml({0, "", false}, {1, "", false}); }

}  // namespace nbtest
