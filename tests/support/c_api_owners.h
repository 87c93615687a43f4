// Owning C++ handles over the public C API (std::unique_ptr with the
// library's own free functions). Header-only and free of GoogleTest, so that
// the fuzz targets use the same ones as the test suites (c_api_handles.h adds
// the test helpers).
#ifndef NUMABIND_TESTS_SUPPORT_C_API_OWNERS_H
#define NUMABIND_TESTS_SUPPORT_C_API_OWNERS_H

#include <memory>

#include "numabind.h"

namespace nbtest {
namespace capi {

struct TopologyFree { void operator()(nb_topology *t) const { nb_topology_free(t); } };
struct OptionsFree { void operator()(nb_options *o) const { nb_options_free(o); } };
struct PlanFree { void operator()(nb_plan *p) const { nb_plan_free(p); } };
struct CpusetFree { void operator()(nb_cpuset *s) const { nb_cpuset_free(s); } };
struct StringFree { void operator()(char *s) const { nb_free(s); } };

using Topology = std::unique_ptr<nb_topology, TopologyFree>;
using Options = std::unique_ptr<nb_options, OptionsFree>;
using Plan = std::unique_ptr<nb_plan, PlanFree>;
using Cpuset = std::unique_ptr<nb_cpuset, CpusetFree>;
/// A string the library allocated (nb_cpuset_format, nb_*_to_json, getters), freed with nb_free.
using String = std::unique_ptr<char, StringFree>;

}  // namespace capi
}  // namespace nbtest

#endif
