// Another process's state as /proc shows it: its threads' CPU affinity, its
// resident memory per NUMA node, its environment. The parsers take a file's
// text, so they can be tested on captured samples; the readers fetch it.
#ifndef NUMABIND_CLI_PROC_INSPECT_H
#define NUMABIND_CLI_PROC_INSPECT_H

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nbcli {

struct ThreadStatus {
    std::string name;               // "Name:" (the kernel's escaped comm)
    std::string cpus_allowed_list;  // "Cpus_allowed_list:", e.g. "0-3,8"
};

// The fields of a /proc/PID/task/TID/status text; nullopt when either is missing.
std::optional<ThreadStatus> parse_thread_status(const std::string &text);

// Resident kB per NUMA node of a /proc/PID/numa_maps text: for each mapping,
// every N<node>=<pages> times that mapping's kernelpagesize_kB. Throws
// std::invalid_argument naming a line whose counts cannot be read.
std::map<int, long long> resident_kb_by_node(const std::string &numa_maps);

// The value of `name` in a /proc/PID/environ text (NUL-separated NAME=value
// entries), nullopt when it is not set.
std::optional<std::string> environ_value(const std::string &environ_text, const std::string &name);

struct ThreadInfo {
    int tid = 0;
    ThreadStatus status;
};

// /proc/PID/<name>. Throws RuntimeFailure: "no process with pid N" when it
// does not exist, else a message naming the file and the error.
std::string read_process_file(int pid, const std::string &name);

// Every thread of the process, by increasing tid; threads that exit while
// they are read are left out. Throws RuntimeFailure as read_process_file.
std::vector<ThreadInfo> read_threads(int pid);

}  // namespace nbcli

#endif
