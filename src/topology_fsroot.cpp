// Reading a captured sysfs tree. hwloc takes the capture's location only from
// the environment (HWLOC_FSROOT), and changing the environment of a
// multi-threaded caller is unsafe; so a short-lived child process sets it,
// runs hwloc's Linux backend alone (no CPUID or libpciaccess from the host),
// and sends the result back as XML through a pipe.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "error.h"
#include "topology.h"

namespace numabind {

namespace {

constexpr char kOk = 'K';
constexpr char kFailed = 'F';

bool write_all(int fd, const char *data, size_t size) {
    while (size > 0) {
        const ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

// Runs in the child: never returns.
[[noreturn]] void export_capture(int fd, const char *dir) {
    const auto report = [fd](const char *message) {
        write_all(fd, &kFailed, 1);
        write_all(fd, message, std::strlen(message));
        _exit(1);
    };
    unsetenv("HWLOC_XMLFILE");
    unsetenv("HWLOC_SYNTHETIC");
    if (setenv("HWLOC_FSROOT", dir, 1) != 0 || setenv("HWLOC_COMPONENTS", "linux,stop", 1) != 0 ||
        setenv("HWLOC_DUMPED_HWDATA_DIR", "/var/run/hwloc", 1) != 0 || setenv("HWLOC_HIDE_ERRORS", "1", 1) != 0)
        report("setting the hwloc environment failed");
    hwloc_topology_t topology;
    if (hwloc_topology_init(&topology) < 0) report("hwloc_topology_init failed");
    hwloc_topology_set_flags(topology, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED);
    hwloc_topology_set_io_types_filter(topology, HWLOC_TYPE_FILTER_KEEP_ALL);
    if (hwloc_topology_load(topology) < 0) report("hwloc could not read the capture");
    char *xml = nullptr;
    int length = 0;
    if (hwloc_topology_export_xmlbuffer(topology, &xml, &length, 0) < 0) report("exporting XML failed");
    const bool sent = write_all(fd, &kOk, 1) && write_all(fd, xml, static_cast<size_t>(length));
    _exit(sent ? 0 : 1);
}

}  // namespace

std::string fsroot_to_xml(const std::string &dir) {
    const std::string source = "sysfs capture " + quote(dir);
    struct stat st;
    if (stat(dir.c_str(), &st) != 0)
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": " + std::strerror(errno));
    if (!S_ISDIR(st.st_mode))
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": not a directory");
    if (stat((dir + "/sys").c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": it has no sys/ directory");

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": pipe: " + std::strerror(errno));
    const pid_t pid = fork();
    if (pid < 0) {
        const int saved = errno;
        close(fds[0]);
        close(fds[1]);
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": fork: " + std::strerror(saved));
    }
    if (pid == 0) {
        close(fds[0]);
        export_capture(fds[1], dir.c_str());
    }
    close(fds[1]);

    std::string received;
    char buffer[65536];
    while (true) {
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        received.append(buffer, static_cast<size_t>(n));
    }
    close(fds[0]);
    // The pipe's content decides success: a caller that ignores SIGCHLD has
    // its children reaped for it, and waitpid then reports ECHILD.
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    if (received.empty() || received[0] != kOk) {
        const std::string why = received.empty() ? "the reader process died" : received.substr(1);
        throw Error(NB_ETOPOLOGY, "cannot load topology from " + source + ": " + why);
    }
    return received.substr(1);
}

}  // namespace numabind
