// A test program with threads on chosen CPUs, for `numabind check`:
//   thread_pinner READY_FILE CPULIST...
// starts one thread per CPU list, named "pin-<i>", that binds itself to that
// list; once all are bound it creates READY_FILE, then sleeps until killed.
// Each thread binds itself (sched_setaffinity on its own tid), so the main
// thread keeps the affinity the process started with.
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cpu_list.h"

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s READY_FILE CPULIST...\n", argv[0]);
        return 2;
    }
    std::atomic<int> bound{0};
    std::atomic<bool> failed{false};
    std::vector<std::thread> threads;
    for (int i = 2; i < argc; ++i) {
        const nbtest::CpuSet cpus = nbtest::parse_cpu_list(argv[i]);
        threads.emplace_back([&, cpus, index = i - 2] {
            pthread_setname_np(pthread_self(), ("pin-" + std::to_string(index)).c_str());
            cpu_set_t set;
            CPU_ZERO(&set);
            for (int cpu : cpus) {
                CPU_SET(cpu, &set);
            }
            if (sched_setaffinity(0, sizeof set, &set) != 0) {
                std::perror("sched_setaffinity");
                failed = true;
            }
            ++bound;
            for (;;) {
                pause();
            }
        });
    }
    while (bound.load() < argc - 2) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (failed) {
        return 1;
    }
    // Written then renamed, so the test never sees a half-created file.
    const std::string ready = argv[1];
    std::ofstream(ready + ".tmp") << "ready\n";
    std::rename((ready + ".tmp").c_str(), ready.c_str());
    for (;;) {
        pause();
    }
}
