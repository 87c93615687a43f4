// The golden suite's main: clear the variables numabind reads, so a developer's
// CUDA_VISIBLE_DEVICES or NUMABIND_TOPOLOGY cannot change what a test sees.
// Tests that need one set it themselves (ScopedEnv).
#include <cstdlib>

#include <gtest/gtest.h>

int main(int argc, char **argv) {
    for (const char *name : {"CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES",
                             "NUMABIND_TOPOLOGY", "HWLOC_KEEP_NVIDIA_GPU_NUMA_NODES"})
        unsetenv(name);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
