// NUMABIND_TOPOLOGY: nb_topology_load reads the named XML file instead of the
// live machine, so any program built on numabind can be shown another machine.
#include <string>

#include <gtest/gtest.h>

#include "golden_api.h"
#include "golden_paths.h"
#include "scoped_env.h"

namespace golden {
namespace {

TEST(EnvTopology, NumabindTopologyLoadsTheNamedFile) {
    const std::string file = fixtures_dir() + "/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml";
    ScopedEnv env("NUMABIND_TOPOLOGY", file.c_str());
    nb_topology *raw = nullptr;
    ASSERT_EQ(nb_topology_load(&raw), NB_OK) << nb_last_error();
    Topology topology(raw);
    EXPECT_EQ(nb_topology_is_live(topology.get()), 0) << "a file, not the live machine";
    int count = -1;
    ASSERT_EQ(nb_topology_gpu_count(&count, topology.get(), nullptr), NB_OK);
    EXPECT_EQ(count, 8) << "the g4dn.metal's 8 T4, not this machine's GPUs";
}

TEST(EnvTopology, MissingFileIsEtopologyNamingThePath) {
    const std::string missing = fixtures_dir() + "/no-such-topology.xml";
    ScopedEnv env("NUMABIND_TOPOLOGY", missing.c_str());
    nb_topology *raw = reinterpret_cast<nb_topology *>(0x1);  // must be reset to NULL
    EXPECT_EQ(nb_topology_load(&raw), NB_ETOPOLOGY);
    EXPECT_EQ(raw, nullptr);
    EXPECT_TRUE(last_error_names(missing));
}

TEST(EnvTopology, UnsetLoadsTheLiveMachine) {
    ScopedEnv env("NUMABIND_TOPOLOGY", nullptr);
    nb_topology *raw = nullptr;
    ASSERT_EQ(nb_topology_load(&raw), NB_OK) << nb_last_error();
    Topology topology(raw);
    EXPECT_EQ(nb_topology_is_live(topology.get()), 1);
}

}  // namespace
}  // namespace golden
