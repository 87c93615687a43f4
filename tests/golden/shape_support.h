// Helpers for the named shape tests: load a collection file or skip, compute
// a plan and read its ranks, and pull a rank's error out of the plan JSON.
#ifndef NUMABIND_TESTS_GOLDEN_SHAPE_SUPPORT_H
#define NUMABIND_TESTS_GOLDEN_SHAPE_SUPPORT_H

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "golden_api.h"
#include "golden_paths.h"
#include "topology_json.h"

namespace golden {

/// Collection paths of the machines the shape tests name.
namespace machines {
inline const char *const kAwsG4dn = "xml/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml";
inline const char *const kXe8640 = "xml/dell-xe8640_2x-xeon8480_snc4-8numa_4xH100-sxm.xml";
inline const char *const kDgx2 = "xml/nvidia-dgx2h_2x-xeon8174_16xv100_nvswitch_cpus-trimmed.xml";
inline const char *const kX3950 = "xml/ibm-x3950m2_4-chassis_16pkg_4numa_ati-es1000.xml";
inline const char *const kSl390s = "xml/hp-sl390s-g7_2x-westmere_3x-tesla-fermi_ati-es1000.xml";
inline const char *const kX9drg = "xml/supermicro-x9drg_2x-sandybridge_3x-tesla-m2075_radeon7970.xml";
inline const char *const kThreadripper = "xml-v1/threadripper-2990wx_memoryless-dies_nvidia+amd-gpu.xml";
inline const char *const kLassen = "xml/llnl-lassen_ibm-ac922_2x-power9_smt4_4xv100.xml";
inline const char *const kLassenV1 = "xml-v1/llnl-lassen_ibm-ac922_2x-power9_4xv100_gpu-numa-252-255.xml";
inline const char *const kTioga = "xml/llnl-tioga_hpe-ex235a_epyc-7a53_4numa-2l3each_8xmi250x-gcd.xml";
inline const char *const kCoronaNps1 = "xml/llnl-corona_2x-epyc7402_nps1_8xmi50.xml";
inline const char *const kMi300aCpx = "xml/hpe-ex255a_4x-mi300a-apu_cpx.xml";
inline const char *const kMi300aTpx = "xml/hpe-ex255a_4x-mi300a-apu_tpx.xml";
inline const char *const kMi300aSpx = "xml/hpe-ex255a_4x-mi300a-apu_spx.xml";
inline const char *const kPower9Kept = "xml-from-fsroot/ibm-power9_v100-gpu-numa-nodes_KEPT.xml";
inline const char *const kSgiUv2000 =
    "xml/sgi-uv2000_partition-2numa-of-8_2x-nvidia-gpus-outside-partition.xml";
inline const char *const kDellR910 = "xml/dell-r910_4x-xeon-e7-4870_4numa_pci-local-to-2numa.xml";
}  // namespace machines

/// Computes a plan that must succeed as a call and reads back its ranks.
/// Use under ASSERT_NO_FATAL_FAILURE.
void plan_ranks(const nb_topology *topology, const nb_options *options, int nproc,
                std::vector<RankView> *ranks);

/// Like plan_ranks, with default options and `mode`.
void plan_ranks_in_mode(const nb_topology *topology, nb_mode mode, std::vector<RankView> *ranks);

/// The plan's JSON, parsed: rank r's "error" object as {code, message}, or
/// {"", ""} when the rank has none. Use under ASSERT_NO_FATAL_FAILURE.
void rank_error(const nb_plan *plan, int rank, std::string *code, std::string *message);

/// Describe the topology (GPU list under `options`); use under ASSERT_NO_FATAL_FAILURE.
void describe(const nb_topology *topology, const nb_options *options, TopologyInfo *info);

/// The GPUs' bus ids in list order, for compact comparisons.
std::vector<std::string> bus_ids(const TopologyInfo &info);

/// True when `number` appears in `text` as a whole decimal number (not as a
/// digit of a longer one), for checking that a message names a count.
bool contains_number(const std::string &text, int number);

/// format_cpu_list of a rank's CPUs.
std::string cpus(const RankView &rank);

}  // namespace golden

#endif
