// The header promises that a loaded topology is immutable and may be used by
// any number of threads at once. Many threads computing plans (every mode,
// with and without failing ranks) from one topology must each get exactly
// the plan a lone thread gets, and see only their own nb_last_error().
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "c_api_handles.h"
#include "numabind.h"

namespace {

using namespace nbtest::capi;

const std::string kG4dn = std::string(NUMABIND_FIXTURES_DIR) + "/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml";
constexpr nb_mode kModes[] = {NB_MODE_NODE, NB_MODE_SOCKET, NB_MODE_EXCLUSIVE, NB_MODE_CORE_COMPLEX,
                              NB_MODE_CLOSEST};

std::string plan_json(const nb_topology *topology, nb_mode mode, int nproc) {
    nb_options *raw_options = nullptr;
    if (nb_options_new(&raw_options) != NB_OK) return "options failed";
    Options options(raw_options);
    // Visible devices from the options, so the environment cannot differ between runs.
    nb_options_set_visible_devices(options.get(), "0,1,2,3,4,5,6,7");
    nb_options_set_mode(options.get(), mode);
    nb_plan *raw_plan = nullptr;
    if (nb_plan_compute(&raw_plan, topology, options.get(), nproc) != NB_OK) return nb_last_error();
    Plan plan(raw_plan);
    char *json = nullptr;
    if (nb_plan_to_json(&json, plan.get()) != NB_OK) return nb_last_error();
    return take_string(json);
}

TEST(SharedTopology, ManyThreadsComputeTheSamePlansAsOneThread) {
    nb_topology *raw = nullptr;
    ASSERT_EQ(nb_topology_load_xml(&raw, kG4dn.c_str()), NB_OK) << nb_last_error();
    Topology topology(raw);

    // nproc 10 on 8 GPUs: ranks 8 and 9 fail (NB_ERANK), so error paths run concurrently too.
    std::vector<std::string> sequential;
    for (nb_mode mode : kModes) sequential.push_back(plan_json(topology.get(), mode, 10));
    for (const auto &json : sequential) ASSERT_NE(json.find("\"schema\":\"numabind.plan/1\""), std::string::npos) << json;

    constexpr int kThreads = 16;
    constexpr int kRounds = 40;
    std::atomic<int> mismatches{0};
    std::atomic<int> foreign_errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < kRounds; ++round) {
                const size_t m = static_cast<size_t>(t + round) % std::size(kModes);
                if (plan_json(topology.get(), kModes[m], 10) != sequential[m]) ++mismatches;
                // A failure of this thread's own, whose message names this thread's rank.
                nb_cpuset *cpus = nullptr;
                const int rank = 100 + t;
                if (nb_compute_cpuset(&cpus, topology.get(), nullptr, rank) != NB_ERANK ||
                    std::string(nb_last_error()).find("local rank " + std::to_string(rank)) == std::string::npos)
                    ++foreign_errors;
                nb_cpuset_free(cpus);
            }
        });
    }
    for (auto &thread : threads) thread.join();
    EXPECT_EQ(mismatches.load(), 0);
    EXPECT_EQ(foreign_errors.load(), 0);
}

}  // namespace
