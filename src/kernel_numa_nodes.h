// Which NUMA node holds each CPU on this machine, as the kernel numbers them
// (/sys/devices/system/node/node*/cpulist). A memory policy must name the
// kernel's nodes, whatever topology file a binding was computed from.
#pragma once

#include <string>
#include <vector>

#include "cpuset.h"

namespace numabind {

struct KernelNode {
    unsigned os_index = 0;
    CpuSet cpus;
};

// The nodes under `node_dir` (a sysfs node directory), in OS-index order.
// Throws Error(NB_ESYSTEM) when it cannot be read; an empty list when the
// kernel has no NUMA support (no such directory).
std::vector<KernelNode> read_kernel_nodes(const std::string &node_dir);

// read_kernel_nodes("/sys/devices/system/node"), read once per process: the
// node layout does not change while a process runs (memory hot-plug aside).
const std::vector<KernelNode> &this_machine_nodes();

// The OS indexes of the nodes holding at least one CPU of `cpus`, as a
// bitmap (a CpuSet used as a node set).
CpuSet nodes_holding(const std::vector<KernelNode> &nodes, const CpuSet &cpus);

}  // namespace numabind
