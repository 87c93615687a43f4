// The verdict of `numabind check`: a process's threads and memory compared
// with the plan for its rank, as the numabind.check/1 JSON and as text.
#ifndef NUMABIND_CLI_CHECK_REPORT_H
#define NUMABIND_CLI_CHECK_REPORT_H

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "proc_inspect.h"

namespace nbcli {

struct CheckInputs {
    int pid = 0;
    int local_rank = 0;
    std::string mode;
    std::string plan_cpus;        // the rank's CPUs, canonical list string
    std::vector<int> plan_nodes;  // NUMA nodes holding them, increasing
    std::vector<ThreadInfo> threads;
    std::map<int, long long> resident_kb_by_node;
};

// "bound" (the thread's CPUs are the plan's), "inside" (a strict subset) or
// "outside" (some CPU outside the plan). Throws RuntimeFailure for a CPU
// list the library cannot read.
std::string thread_verdict(const std::string &thread_cpus, const std::string &plan_cpus);

// {"schema":"numabind.check/1","pid","local_rank","mode",
//  "plan":{"cpus","numa_nodes"},"threads":[{"tid","name","cpus","match"}],
//  "memory":{"resident_kb","by_node":[{"node","resident_kb"}],
//            "on_plan_nodes_kb","on_plan_nodes_percent"},"matches"}
nlohmann::ordered_json check_report(const CheckInputs &inputs);

// The threads as a table, then the memory summary.
void render_check_report(const nlohmann::ordered_json &report, std::ostream &out);

}  // namespace nbcli

#endif
