// Applying bindings: the whole cost of starting a trivial bound program and
// waiting for it (nb_spawn, against a plain posix_spawn and against wrapping
// the program in taskset or numactl), of binding the calling thread
// (nb_affinity_push + nb_affinity_pop), and nb_spawn from several threads.
#include <benchmark/benchmark.h>
#include <numabind.h>
#include <linux/mempolicy.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"

namespace {

const char kTrue[] = "/bin/true";

using CpuSet = std::unique_ptr<nb_cpuset, decltype(&nb_cpuset_free)>;
using Options = std::unique_ptr<nb_options, decltype(&nb_options_free)>;

// The calling thread's CPUs, read from the kernel rather than through
// numabind, so that a binding numabind failed to restore shows up.
std::vector<int> calling_thread_cpus() {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    std::vector<int> cpus;
    if (sched_getaffinity(0, sizeof mask, &mask) != 0) return cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &mask)) cpus.push_back(cpu);
    return cpus;
}

CpuSet cpuset_of(const std::vector<int> &cpus) {
    nb_cpuset *set = nullptr;
    nb_cpuset_new(&set);
    for (int cpu : cpus) nb_cpuset_add(set, cpu);
    return CpuSet(set, nb_cpuset_free);
}

Options options_with(nb_mem_policy policy) {
    nb_options *options = nullptr;
    nb_options_new(&options);
    nb_options_set_mem_policy(options, policy);
    return Options(options, nb_options_free);
}

std::string describe(const std::vector<int> &cpus) {
    std::string list;
    for (int cpu : cpus) list += (list.empty() ? "" : ",") + std::to_string(cpu);
    return "{" + list + "}";
}

// Which CPUs a bound spawn binds the child to.
enum class SpawnTarget { kCpu0, kAllowed, kOneCpuPerThread };

// posix_spawn + wait of `argv` per iteration; a child that did not exit
// cleanly stops the benchmark with the reason.
void spawn_and_wait_loop(benchmark::State &state, const nbbench::Argv &argv) {
    for (auto _ : state) {
        const std::string failure = nbbench::posix_spawn_and_wait(argv);
        if (!failure.empty()) {
            state.SkipWithError(failure.c_str());
            break;
        }
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_PlainSpawn(benchmark::State &state) { spawn_and_wait_loop(state, nbbench::Argv({kTrue})); }

// After its loop it also checks that the calling thread got its own
// affinity back, as nb_spawn promises.
void BM_BoundSpawn(benchmark::State &state, SpawnTarget target, nb_mem_policy policy) {
    const std::vector<int> before = calling_thread_cpus();
    if (before.empty()) {
        state.SkipWithError("cannot read the calling thread's affinity (sched_getaffinity)");
        return;
    }
    std::vector<int> cpus;
    switch (target) {
    case SpawnTarget::kCpu0: cpus = {0}; break;
    case SpawnTarget::kAllowed: cpus = before; break;
    case SpawnTarget::kOneCpuPerThread: cpus = {before[state.thread_index() % before.size()]}; break;
    }
    const CpuSet set = cpuset_of(cpus);
    const Options options = options_with(policy);
    const nbbench::Argv argv({kTrue});
    for (auto _ : state) {
        int pid = -1;
        if (nb_spawn(&pid, argv.get(), nullptr, nullptr, set.get(), options.get()) != NB_OK) {
            state.SkipWithError(nb_last_error());
            break;
        }
        const std::string failure = nbbench::wait_for_clean_exit(pid, argv);
        if (!failure.empty()) {
            state.SkipWithError(failure.c_str());
            break;
        }
    }
    const std::vector<int> after = calling_thread_cpus();
    if (after != before)
        state.SkipWithError(("nb_spawn left the calling thread on CPUs " + describe(after) + ", it had " +
                             describe(before))
                                .c_str());
    state.SetItemsProcessed(state.iterations());
}

// taskset and numactl start the program themselves: posix_spawn of the
// wrapper, which binds itself and then execs /bin/true.
void BM_WrappedSpawn(benchmark::State &state, const std::string &wrapper, const std::vector<std::string> &flags) {
    const std::string path = nbbench::find_in_path(wrapper);
    if (path.empty()) {
        state.SkipWithError((wrapper + " is not in PATH (Debian package " +
                             (wrapper == "numactl" ? "numactl" : "util-linux") + ")")
                                .c_str());
        return;
    }
    std::vector<std::string> args{path};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back(kTrue);
    spawn_and_wait_loop(state, nbbench::Argv(std::move(args)));
}

// Pins the calling thread to one CPU for the duration of a benchmark, so
// that "the CPU the thread runs on" is known, and puts its affinity back.
class PinnedThread {
public:
    explicit PinnedThread(int cpu) {
        sched_getaffinity(0, sizeof original_, &original_);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        pinned_ = sched_setaffinity(0, sizeof one, &one) == 0;
    }
    ~PinnedThread() { sched_setaffinity(0, sizeof original_, &original_); }
    PinnedThread(const PinnedThread &) = delete;
    PinnedThread &operator=(const PinnedThread &) = delete;
    bool pinned() const { return pinned_; }

private:
    cpu_set_t original_;
    bool pinned_ = false;
};

// kSameCpu pushes the CPU the thread is pinned to (nothing moves); kOtherCpu
// pushes another allowed CPU, so push and pop each migrate the thread.
enum class PushTarget { kSameCpu, kOtherCpu };

void BM_PushPop(benchmark::State &state, PushTarget target, nb_mem_policy policy) {
    const std::vector<int> allowed = calling_thread_cpus();
    if (allowed.size() < 2) {
        state.SkipWithError(("needs two allowed CPUs, the thread has " + describe(allowed)).c_str());
        return;
    }
    const int home = allowed[0];
    PinnedThread pin(home);
    if (!pin.pinned()) {
        state.SkipWithError(("cannot pin the benchmark thread to CPU " + std::to_string(home)).c_str());
        return;
    }
    const CpuSet set = cpuset_of({target == PushTarget::kSameCpu ? home : allowed[1]});
    const Options options = options_with(policy);
    for (auto _ : state) {
        if (nb_affinity_push(set.get(), options.get()) != NB_OK || nb_affinity_pop() != NB_OK) {
            state.SkipWithError(nb_last_error());
            break;
        }
    }
    const std::vector<int> after = calling_thread_cpus();
    if (after != std::vector<int>{home})
        state.SkipWithError(("nb_affinity_pop left the thread on CPUs " + describe(after) + ", it had {" +
                             std::to_string(home) + "}")
                                .c_str());
}

// The floor under push + pop: the kernel calls any such binding needs, made
// directly: read the affinity, set the target, set the old one back; with
// "bind", also read the memory policy, bind to node 0 and restore. numabind
// adds one sched_getaffinity to verify that the kernel kept every CPU.
void BM_KernelCalls(benchmark::State &state, PushTarget target, nb_mem_policy policy) {
    const std::vector<int> allowed = calling_thread_cpus();
    if (allowed.size() < 2) {
        state.SkipWithError(("needs two allowed CPUs, the thread has " + describe(allowed)).c_str());
        return;
    }
    PinnedThread pin(allowed[0]);
    if (!pin.pinned()) {
        state.SkipWithError(("cannot pin the benchmark thread to CPU " + std::to_string(allowed[0])).c_str());
        return;
    }
    cpu_set_t wanted;
    CPU_ZERO(&wanted);
    CPU_SET(target == PushTarget::kSameCpu ? allowed[0] : allowed[1], &wanted);
    const bool memory = policy == NB_MEM_POLICY_BIND;
    // 1024 nodes: get_mempolicy refuses a mask shorter than the kernel's.
    unsigned long old_nodes[1024 / (8 * sizeof(unsigned long))];
    const unsigned long node0 = 1;
    for (auto _ : state) {
        cpu_set_t saved;
        int old_mode = 0;
        const char *failed = nullptr;
        if (sched_getaffinity(0, sizeof saved, &saved) != 0) failed = "sched_getaffinity";
        else if (memory && syscall(SYS_get_mempolicy, &old_mode, old_nodes, 1024UL, nullptr, 0UL) != 0)
            failed = "get_mempolicy";
        else if (sched_setaffinity(0, sizeof wanted, &wanted) != 0) failed = "sched_setaffinity (bind)";
        else if (memory && syscall(SYS_set_mempolicy, MPOL_BIND, &node0, 2UL) != 0)
            failed = "set_mempolicy(MPOL_BIND, node 0)";
        else if (sched_setaffinity(0, sizeof saved, &saved) != 0) failed = "sched_setaffinity (restore)";
        else if (memory && syscall(SYS_set_mempolicy, old_mode, old_mode == MPOL_DEFAULT ? nullptr : old_nodes,
                                   old_mode == MPOL_DEFAULT ? 0UL : 1025UL) != 0)
            failed = "set_mempolicy (restore)";
        if (failed != nullptr) {
            state.SkipWithError((std::string(failed) + ": " + std::strerror(errno)).c_str());
            break;
        }
    }
}

}  // namespace

int main(int argc, char **argv) {
    std::vector<benchmark::internal::Benchmark *> benchmarks{
        benchmark::RegisterBenchmark("spawn/posix_spawn", BM_PlainSpawn),
        benchmark::RegisterBenchmark("spawn/nb_spawn/cpu0", BM_BoundSpawn, SpawnTarget::kCpu0,
                                     NB_MEM_POLICY_LOCAL),
        benchmark::RegisterBenchmark("spawn/nb_spawn/allowed", BM_BoundSpawn, SpawnTarget::kAllowed,
                                     NB_MEM_POLICY_LOCAL),
        benchmark::RegisterBenchmark("spawn/nb_spawn/cpu0/mem-bind", BM_BoundSpawn, SpawnTarget::kCpu0,
                                     NB_MEM_POLICY_BIND),
        benchmark::RegisterBenchmark("spawn/taskset", BM_WrappedSpawn, std::string("taskset"),
                                     std::vector<std::string>{"-c", "0"}),
        benchmark::RegisterBenchmark("spawn/numactl", BM_WrappedSpawn, std::string("numactl"),
                                     std::vector<std::string>{"--physcpubind=0"}),

        benchmark::RegisterBenchmark("push-pop/same-cpu/local", BM_PushPop, PushTarget::kSameCpu,
                                     NB_MEM_POLICY_LOCAL),
        benchmark::RegisterBenchmark("push-pop/same-cpu/bind", BM_PushPop, PushTarget::kSameCpu,
                                     NB_MEM_POLICY_BIND),
        benchmark::RegisterBenchmark("push-pop/other-cpu/local", BM_PushPop, PushTarget::kOtherCpu,
                                     NB_MEM_POLICY_LOCAL),
        benchmark::RegisterBenchmark("push-pop/other-cpu/bind", BM_PushPop, PushTarget::kOtherCpu,
                                     NB_MEM_POLICY_BIND),
        benchmark::RegisterBenchmark("kernel-calls/same-cpu/local", BM_KernelCalls, PushTarget::kSameCpu,
                                     NB_MEM_POLICY_LOCAL),
        benchmark::RegisterBenchmark("kernel-calls/same-cpu/bind", BM_KernelCalls, PushTarget::kSameCpu,
                                     NB_MEM_POLICY_BIND),
        benchmark::RegisterBenchmark("kernel-calls/other-cpu/local", BM_KernelCalls, PushTarget::kOtherCpu,
                                     NB_MEM_POLICY_LOCAL),

        // Throughput: each thread spawns and reaps its own children; the
        // bound form puts thread k's children on the k-th allowed CPU (mod
        // the count). Compare items_per_second.
        benchmark::RegisterBenchmark("spawn-threads/posix_spawn", BM_PlainSpawn)->ThreadRange(1, 4),
        benchmark::RegisterBenchmark("spawn-threads/nb_spawn/one-cpu-each", BM_BoundSpawn,
                                     SpawnTarget::kOneCpuPerThread, NB_MEM_POLICY_LOCAL)
            ->ThreadRange(1, 4),
    };
    // Most of a spawn is the kernel's and the child's work, which the
    // parent's CPU time does not see, and a migrating push waits for the
    // other CPU: wall-clock time for everything.
    for (benchmark::internal::Benchmark *b : benchmarks) b->Unit(benchmark::kMicrosecond)->UseRealTime();

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
