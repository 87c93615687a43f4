// Machines the benchmarks run on: the largest real topologies of the shared
// collection (when present) and synthetic ones from numabind_test_support.
#ifndef NUMABIND_BENCH_BENCH_MACHINES_H
#define NUMABIND_BENCH_BENCH_MACHINES_H

#include <numabind.h>

#include <string>
#include <vector>

#include "synthetic_topology.h"

namespace nbbench {

/// A real topology file of the shared collection.
struct SharedTopology {
    std::string label;  ///< short name used in benchmark names ("tioga-8gcd")
    std::string path;
};

/// The shared collection's directory: $NUMABIND_SHARED_TOPOLOGIES, else the
/// build-time default (../shared/topologies beside the checkout).
std::string shared_topologies_dir();

/// The largest GPU machines of the collection whose files exist (none when absent).
std::vector<SharedTopology> largest_shared_topologies();

/// A synthetic machine with `cpus` CPUs and `gpus` NVIDIA GPUs: nodes of 32
/// cores x SMT 2 (4 L3 of 8 cores), 4 nodes per package, GPUs spread evenly
/// over the nodes in bus order, each under one L3 of its node.
/// cpus must be a multiple of 64; gpus a multiple of the node count or a divisor of it.
nbtest::MachineSpec scaled_machine(int cpus, int gpus);

/// Loads an XML document through nb_topology_load_xml_buffer; aborts the program on failure
/// (a benchmark of a machine that does not load measures nothing).
nb_topology *load_or_die(const std::string &xml, const std::string &what);

}  // namespace nbbench

#endif
