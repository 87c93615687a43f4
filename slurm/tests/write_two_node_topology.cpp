// write_two_node_topology OUTPUT: this machine's CPUs 0 and 1 described as
// two NUMA nodes with one NVIDIA GPU each, as hwloc XML, from the test
// suites' machine generator (the same machine tests/process and tests/cli
// bind real processes on):
//   NUMA node 0 = CPU 0, GPU 0000:10:00.0 -> local rank 0, mode node: CPU 0
//   NUMA node 1 = CPU 1, GPU 0000:20:00.0 -> local rank 1, mode node: CPU 1
//   both nodes in package 0               -> mode socket: CPUs 0-1
#include <cstdio>
#include <exception>
#include <fstream>

#include "synthetic_topology.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: write_two_node_topology OUTPUT\n");
        return 2;
    }
    try {
        nbtest::MachineSpec spec;
        spec.nodes_per_package = 2;
        spec.pci_devices.push_back(nbtest::nvidia_gpu("0000:10:00.0", 0, 0));
        spec.pci_devices.push_back(nbtest::nvidia_gpu("0000:20:00.0", 1, 1));
        std::ofstream out(argv[1]);
        out << nbtest::hwloc_xml(spec);
        out.close();
        if (!out) {
            std::fprintf(stderr, "write_two_node_topology: cannot write %s\n", argv[1]);
            return 1;
        }
    } catch (const std::exception &error) {
        std::fprintf(stderr, "write_two_node_topology: %s\n", error.what());
        return 1;
    }
    return 0;
}
