// Thin C++ conveniences over the public C API for the golden tests: owning
// handles, CPU sets as nbtest::CpuSet, and a plan read back rank by rank.
// Everything goes through include/numabind.h; nothing here decides a binding.
#ifndef NUMABIND_TESTS_GOLDEN_API_H
#define NUMABIND_TESTS_GOLDEN_API_H

#include <memory>
#include <string>
#include <vector>

#include "cpu_list.h"
#include "numabind.h"

namespace golden {

struct TopologyFree { void operator()(nb_topology *t) const { nb_topology_free(t); } };
struct OptionsFree { void operator()(nb_options *o) const { nb_options_free(o); } };
struct PlanFree { void operator()(nb_plan *p) const { nb_plan_free(p); } };
struct CpusetFree { void operator()(nb_cpuset *s) const { nb_cpuset_free(s); } };

using Topology = std::unique_ptr<nb_topology, TopologyFree>;
using Options = std::unique_ptr<nb_options, OptionsFree>;
using Plan = std::unique_ptr<nb_plan, PlanFree>;
using Cpuset = std::unique_ptr<nb_cpuset, CpusetFree>;

/// "NB_ERANK (-8)" style text for assertion messages.
std::string status_text(nb_status status);

/// Load an XML file; on failure the returned handle is empty and `status` says why.
Topology load_xml(const std::string &path, nb_status *status);

/// Default options with `mode`; aborts the test binary only if nb_options_new fails.
Options make_options(nb_mode mode);

/// The CPUs of an nb_cpuset, read with nb_cpuset_next.
nbtest::CpuSet to_cpu_set(const nb_cpuset *set);

/// Take ownership of a library string: copy it and nb_free() it ("" for NULL).
std::string take_string(char *text);

/// One rank of a plan, as the plan accessors report it.
struct RankView {
    nb_status status = NB_OK;
    nbtest::CpuSet cpus;     ///< empty unless status == NB_OK
    int gpu_index = -1;
    int numa_node = -1;
    nb_status gpu_status = NB_OK;  ///< what nb_plan_rank_gpu returned
};

/// Every rank of a plan, 0 .. nb_plan_size-1.
std::vector<RankView> read_plan(const nb_plan *plan);

/// Compute a plan; returns the handle (empty on failure) and the call's status.
Plan compute_plan(const nb_topology *topology, const nb_options *options, int nproc,
                  nb_status *status);

}  // namespace golden

#endif
