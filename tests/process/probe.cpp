// numabind_probe OUTPUT [VAR...]: what a spawned child finds itself with,
// read from the kernel, not from numabind: written to OUTPUT as key=value
// lines, so a test can check a child after it has gone.
//   cpus=<Cpus_allowed_list of /proc/self/status>
//   mempolicy=<default|preferred|bind|interleave|local|preferred_many|mode N>
//   mems=<node list of the policy, "" when none>
//   cwd=<working directory>
//   env.VAR=<value> or env.VAR unset
#include <linux/mempolicy.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

std::string status_field(const std::string &key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key + ":", 0) == 0) return line.substr(line.find_first_not_of(" \t", key.size() + 1));
    return "(missing)";
}

std::string mode_name(int mode) {
    switch (mode & ~(MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)) {
    case MPOL_DEFAULT: return "default";
    case MPOL_PREFERRED: return "preferred";
    case MPOL_BIND: return "bind";
    case MPOL_INTERLEAVE: return "interleave";
    case MPOL_LOCAL: return "local";
    case 5: return "preferred_many";
    default: return "mode " + std::to_string(mode);
    }
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: numabind_probe OUTPUT [VAR...]\n");
        return 2;
    }
    std::ofstream out(argv[1]);
    out << "cpus=" << status_field("Cpus_allowed_list") << "\n";

    int mode = -1;
    unsigned long nodes[1024 / (sizeof(unsigned long) * CHAR_BIT)] = {};
    if (syscall(SYS_get_mempolicy, &mode, nodes, sizeof(nodes) * CHAR_BIT, nullptr, 0UL) != 0) mode = -1;
    out << "mempolicy=" << (mode < 0 ? "error" : mode_name(mode)) << "\n";
    std::string mems;
    for (size_t node = 0; node < sizeof(nodes) * CHAR_BIT; ++node)
        if (nodes[node / (sizeof(unsigned long) * CHAR_BIT)] >> (node % (sizeof(unsigned long) * CHAR_BIT)) & 1UL)
            mems += (mems.empty() ? "" : ",") + std::to_string(node);
    out << "mems=" << mems << "\n";

    char cwd[PATH_MAX] = "";
    out << "cwd=" << (getcwd(cwd, sizeof(cwd)) ? cwd : "(error)") << "\n";
    for (int i = 2; i < argc; ++i) {
        const char *value = std::getenv(argv[i]);
        out << "env." << argv[i] << (value ? "=" + std::string(value) : std::string(" unset")) << "\n";
    }
    return out.good() ? 0 : 1;
}
