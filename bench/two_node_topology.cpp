// Prints an hwloc XML description of this 2-CPU machine as two NUMA nodes
// (CPU 0 and CPU 1) with one NVIDIA GPU each, the machine that the tests of
// the applying commands use (tests/cli/two_cpu_machine.cpp). With it,
// `numabind exec --topology FILE --mode node --local-rank 0` binds to CPU 0
// on a box with one node and no GPU, for the start-up comparison in
// RESULTS.md.
#include <iostream>

#include "synthetic_topology.h"

int main() {
    nbtest::MachineSpec spec;
    spec.nodes_per_package = 2;
    spec.cores_per_l3 = 1;
    spec.pci_devices.push_back(nbtest::nvidia_gpu("0000:10:00.0", 0, 0));
    spec.pci_devices.push_back(nbtest::nvidia_gpu("0000:20:00.0", 1, 1));
    std::cout << nbtest::hwloc_xml(spec);
    return std::cout.good() ? 0 : 1;
}
