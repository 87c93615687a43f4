#include "bench_machines.h"

#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>

namespace nbbench {

std::string shared_topologies_dir() {
    const char *env = std::getenv("NUMABIND_SHARED_TOPOLOGIES");
    return env && *env ? env : NUMABIND_SHARED_TOPOLOGIES_DEFAULT;
}

std::vector<SharedTopology> largest_shared_topologies() {
    // The GPU machines with the most CPUs and GPUs (INDEX.md): 224 PUs/4 H100,
    // 192 PUs/24 MI300A partitions, 128 PUs/8 GCDs, and two 96-PU 8-GPU boxes.
    static const SharedTopology candidates[] = {
        {"xe8640-224cpu-4gpu", "xml/dell-xe8640_2x-xeon8480_snc4-8numa_4xH100-sxm.xml"},
        {"mi300a-cpx-192cpu-24gpu", "xml/hpe-ex255a_4x-mi300a-apu_cpx.xml"},
        {"tioga-128cpu-8gpu", "xml/llnl-tioga_hpe-ex235a_epyc-7a53_4numa-2l3each_8xmi250x-gcd.xml"},
        {"corona-96cpu-8gpu", "xml/llnl-corona_2x-epyc7402_nps1_8xmi50.xml"},
        {"g4dn-96cpu-8gpu", "xml/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml"},
    };
    std::vector<SharedTopology> found;
    const std::string dir = shared_topologies_dir();
    for (const SharedTopology &c : candidates) {
        struct stat st;
        std::string path = dir + "/" + c.path;
        if (stat(path.c_str(), &st) == 0) found.push_back({c.label, path});
    }
    return found;
}

nbtest::MachineSpec scaled_machine(int cpus, int gpus) {
    nbtest::MachineSpec s;
    s.l3_per_node = 4;
    s.cores_per_l3 = 8;
    s.smt = 2;
    const int nodes = cpus / 64;
    s.nodes_per_package = nodes < 4 ? nodes : 4;
    s.packages = nodes / s.nodes_per_package;
    for (int g = 0; g < gpus; ++g) {
        // GPU g goes to node g * nodes / gpus: consecutive GPUs share a node when
        // there are more GPUs than nodes, and spread out when there are fewer.
        const int node = static_cast<int>(static_cast<long>(g) * nodes / gpus);
        nbtest::PciDevice gpu = nbtest::nvidia_gpu(
            nbtest::bus_id_for(g % 255 + 1, g / 255), node, g);
        gpu.attach = nbtest::Attach::kL3;
        gpu.l3 = g % 4;
        s.pci_devices.push_back(gpu);
    }
    return s;
}

nb_topology *load_or_die(const std::string &xml, const std::string &what) {
    nb_topology *topo = nullptr;
    if (nb_topology_load_xml_buffer(&topo, xml.data(), xml.size()) != NB_OK) {
        std::fprintf(stderr, "cannot load %s: %s\n", what.c_str(), nb_last_error());
        std::exit(1);
    }
    return topo;
}

}  // namespace nbbench
