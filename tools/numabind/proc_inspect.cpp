#include "proc_inspect.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "errors.h"

namespace nbcli {

namespace {

std::optional<std::string> field(const std::string &text, const std::string &key) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.compare(0, key.size(), key) == 0) {
            const size_t start = line.find_first_not_of(" \t", key.size());
            return start == std::string::npos ? std::string() : line.substr(start);
        }
    }
    return std::nullopt;
}

// "123" -> 123; nullopt for anything but plain decimal digits.
std::optional<long long> decimal(const std::string &text) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoll(text);
}

// "N3=17" -> {3, 17}; nullopt for any other token.
std::optional<std::pair<int, long long>> node_pages(const std::string &token) {
    const size_t equals = token.find('=');
    if (token.size() < 4 || token[0] != 'N' || equals == std::string::npos) {
        return std::nullopt;
    }
    const auto node = decimal(token.substr(1, equals - 1));
    const auto pages = decimal(token.substr(equals + 1));
    if (!node || !pages || *node > 1 << 20) {
        return std::nullopt;
    }
    return std::make_pair(static_cast<int>(*node), *pages);
}

// A whole file, or nullopt with the errno in `error`.
std::optional<std::string> read_file(const std::string &path, int &error) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        return std::nullopt;
    }
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t count = read(fd, buffer, sizeof buffer);
        if (count > 0) {
            text.append(buffer, static_cast<size_t>(count));
        } else if (count == 0) {
            break;
        } else if (errno != EINTR) {
            error = errno;
            close(fd);
            return std::nullopt;
        }
    }
    close(fd);
    return text;
}

std::string process_dir(int pid) { return "/proc/" + std::to_string(pid); }

bool process_exists(int pid) { return access(process_dir(pid).c_str(), F_OK) == 0; }

[[noreturn]] void fail_reading(int pid, const std::string &path, int error) {
    if ((error == ENOENT || error == ESRCH) && !process_exists(pid)) {
        throw RuntimeFailure("no process with pid " + std::to_string(pid));
    }
    if (error == ESRCH) {
        // Its /proc entry outlives it until its parent reaps it.
        throw RuntimeFailure("process " + std::to_string(pid) + " has exited");
    }
    throw RuntimeFailure("cannot read " + path + ": " + std::strerror(error));
}

}  // namespace

std::optional<ThreadStatus> parse_thread_status(const std::string &text) {
    const auto name = field(text, "Name:");
    const auto cpus = field(text, "Cpus_allowed_list:");
    if (!name || !cpus) {
        return std::nullopt;
    }
    return ThreadStatus{*name, *cpus};
}

std::map<int, long long> resident_kb_by_node(const std::string &numa_maps) {
    std::map<int, long long> by_node;
    std::istringstream lines(numa_maps);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> tokens;
        std::istringstream words(line);
        for (std::string word; words >> word;) {
            tokens.push_back(word);
        }
        // The counts close the line: N<node>=<pages>... kernelpagesize_kB=<kB>.
        // Reading them from the end keeps a file name holding spaces (or
        // "N0=1") from passing for a count.
        if (tokens.empty() || tokens.back().rfind("kernelpagesize_kB=", 0) != 0) {
            continue;  // a mapping with no page in memory
        }
        const auto page_kb = decimal(tokens.back().substr(std::strlen("kernelpagesize_kB=")));
        if (!page_kb) {
            throw std::invalid_argument("unreadable page size in numa_maps line '" + line + "'");
        }
        for (size_t i = tokens.size() - 1; i-- > 0;) {
            const auto count = node_pages(tokens[i]);
            if (!count) {
                break;
            }
            by_node[count->first] += count->second * *page_kb;
        }
    }
    return by_node;
}

std::optional<std::string> environ_value(const std::string &environ_text, const std::string &name) {
    const std::string prefix = name + "=";
    size_t start = 0;
    while (start < environ_text.size()) {
        size_t end = environ_text.find('\0', start);
        if (end == std::string::npos) {
            end = environ_text.size();
        }
        if (environ_text.compare(start, prefix.size(), prefix) == 0 && end - start >= prefix.size()) {
            return environ_text.substr(start + prefix.size(), end - start - prefix.size());
        }
        start = end + 1;
    }
    return std::nullopt;
}

std::string read_process_file(int pid, const std::string &name) {
    const std::string path = process_dir(pid) + "/" + name;
    int error = 0;
    const auto text = read_file(path, error);
    if (!text) {
        fail_reading(pid, path, error);
    }
    return *text;
}

std::vector<ThreadInfo> read_threads(int pid) {
    const std::string task_dir = process_dir(pid) + "/task";
    std::unique_ptr<DIR, int (*)(DIR *)> dir(opendir(task_dir.c_str()), closedir);
    if (!dir) {
        fail_reading(pid, task_dir, errno);
    }
    std::vector<ThreadInfo> threads;
    while (const dirent *entry = readdir(dir.get())) {
        const auto tid = decimal(entry->d_name);
        if (!tid) {
            continue;  // "." and ".."
        }
        const std::string path = task_dir + "/" + entry->d_name + "/status";
        int error = 0;
        const auto text = read_file(path, error);
        if (!text && (error == ENOENT || error == ESRCH)) {
            continue;  // the thread exited meanwhile
        }
        if (!text) {
            fail_reading(pid, path, error);
        }
        const auto status = parse_thread_status(*text);
        if (!status) {
            throw RuntimeFailure(path + " lacks Name or Cpus_allowed_list");
        }
        threads.push_back({static_cast<int>(*tid), *status});
    }
    std::sort(threads.begin(), threads.end(),
              [](const ThreadInfo &a, const ThreadInfo &b) { return a.tid < b.tid; });
    if (threads.empty()) {
        throw RuntimeFailure("no process with pid " + std::to_string(pid));  // it exited meanwhile
    }
    return threads;
}

}  // namespace nbcli
