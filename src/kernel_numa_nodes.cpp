#include "kernel_numa_nodes.h"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "error.h"

namespace numabind {

namespace {

// "node12" -> 12; anything else (has_cpu, possible, power) -> -1.
long node_index(const char *name) {
    if (std::strncmp(name, "node", 4) != 0 || name[4] == '\0') return -1;
    long value = 0;
    for (const char *p = name + 4; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9' || value > 1'000'000) return -1;
        value = value * 10 + (*p - '0');
    }
    return value;
}

std::string read_first_line(const std::string &path) {
    std::ifstream in(path);
    if (!in) throw os_error(NB_ESYSTEM, "cannot read " + quote(path), errno ? errno : EIO);
    std::string line;
    std::getline(in, line);
    return line;
}

}  // namespace

std::vector<KernelNode> read_kernel_nodes(const std::string &node_dir) {
    std::unique_ptr<DIR, int (*)(DIR *)> dir(opendir(node_dir.c_str()), closedir);
    if (!dir) {
        if (errno == ENOENT) return {};
        throw os_error(NB_ESYSTEM, "cannot list " + quote(node_dir), errno);
    }
    std::vector<KernelNode> nodes;
    while (const dirent *entry = readdir(dir.get())) {
        const long index = node_index(entry->d_name);
        if (index < 0) continue;
        const std::string path = node_dir + "/" + entry->d_name + "/cpulist";
        nodes.push_back({static_cast<unsigned>(index), CpuSet::parse(read_first_line(path))});
    }
    std::sort(nodes.begin(), nodes.end(),
              [](const KernelNode &a, const KernelNode &b) { return a.os_index < b.os_index; });
    return nodes;
}

const std::vector<KernelNode> &this_machine_nodes() {
    static const std::vector<KernelNode> nodes = read_kernel_nodes("/sys/devices/system/node");
    return nodes;
}

CpuSet nodes_holding(const std::vector<KernelNode> &nodes, const CpuSet &cpus) {
    CpuSet holding;
    for (const KernelNode &node : nodes)
        if (hwloc_bitmap_intersects(node.cpus.raw(), cpus.raw())) holding.add(node.os_index);
    return holding;
}

}  // namespace numabind
