// Thin C++ conveniences over the public C API for the golden tests: the
// shared owning handles (tests/support/c_api_handles.h), loading a collection
// file, and a plan read back rank by rank.
// Everything goes through include/numabind.h; nothing here decides a binding.
#ifndef NUMABIND_TESTS_GOLDEN_API_H
#define NUMABIND_TESTS_GOLDEN_API_H

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "c_api_handles.h"
#include "cpu_list.h"
#include "golden_paths.h"
#include "numabind.h"

/// Declares `::golden::Topology var` loaded from a collection file (bundled
/// fixture or shared copy), skipping the test when neither exists.
#define GOLDEN_LOAD_OR_SKIP(var, collection_path)                                  \
    GOLDEN_LOCATE_OR_SKIP(var##_file, collection_path);                            \
    nb_status var##_status = NB_OK;                                                \
    ::golden::Topology var = ::golden::load_xml(var##_file, &var##_status);        \
    ASSERT_EQ(var##_status, NB_OK) << var##_file << ": " << nb_last_error()

namespace golden {

using nbtest::capi::Cpuset;
using nbtest::capi::Options;
using nbtest::capi::Plan;
using nbtest::capi::Topology;
using nbtest::capi::last_error_names;
using nbtest::capi::take_string;
using nbtest::capi::to_cpu_set;

/// "NB_ERANK (-8)" style text for assertion messages.
std::string status_text(nb_status status);

/// Load an XML file; on failure the returned handle is empty and `status` says why.
Topology load_xml(const std::string &path, nb_status *status);

/// Default options with `mode`; aborts the test binary only if nb_options_new fails.
Options make_options(nb_mode mode);

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
