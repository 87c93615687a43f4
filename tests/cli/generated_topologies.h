// Small machines the tests write as hwloc 2.0 XML, so the CLI tests run
// without any external file. Their facts, which the tests rely on:
//
// two_socket_two_gpu_xml():
//   Package 0: NUMA node 0 with CPUs 0-3 (cores {0,1} {2,3}),
//              NVIDIA GPU 0000:01:00.0 (10de:1eb8, class 0302) under a host bridge.
//   Package 1: NUMA node 1 with CPUs 4-7 (cores {4,5} {6,7}),
//              NUMA node 2: subtype GPUMemory, memory only (its cpuset is the
//              package's, as Linux reports GPU memory nodes), not a CPU node,
//              NVIDIA GPU 0000:81:00.0 under a host bridge.
//   Every CPU is allowed.
// two_socket_no_gpu_xml(): the same CPUs and NUMA nodes 0 and 1, no PCI device.
#ifndef NUMABIND_CLI_TESTS_GENERATED_TOPOLOGIES_H
#define NUMABIND_CLI_TESTS_GENERATED_TOPOLOGIES_H

#include <string>

namespace nbtest {

std::string two_socket_two_gpu_xml();
std::string two_socket_no_gpu_xml();

}  // namespace nbtest

#endif
