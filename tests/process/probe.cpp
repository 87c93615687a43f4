// numabind_probe OUTPUT [VAR...]: what a spawned child finds itself with,
// read from the kernel, not from numabind: written to OUTPUT as key=value
// lines, so a test can check a child after it has gone.
//   cpus=<Cpus_allowed_list of /proc/self/status>
//   mempolicy=<default|preferred|bind|interleave|local|preferred_many|mode N>
//   mems=<node list of the policy, "" when none>
//   cwd=<working directory>
//   env.VAR=<value> or env.VAR unset
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "mempolicy_text.h"

namespace {

std::string status_field(const std::string &key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key + ":", 0) == 0) return line.substr(line.find_first_not_of(" \t", key.size() + 1));
    return "(missing)";
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: numabind_probe OUTPUT [VAR...]\n");
        return 2;
    }
    std::ofstream out(argv[1]);
    out << "cpus=" << status_field("Cpus_allowed_list") << "\n";

    const nbtest::process::MemPolicyText policy = nbtest::process::read_calling_thread_mempolicy();
    out << "mempolicy=" << policy.mode << "\n";
    out << "mems=" << policy.nodes << "\n";

    char cwd[PATH_MAX] = "";
    out << "cwd=" << (getcwd(cwd, sizeof(cwd)) ? cwd : "(error)") << "\n";
    for (int i = 2; i < argc; ++i) {
        const char *value = std::getenv(argv[i]);
        out << "env." << argv[i] << (value ? "=" + std::string(value) : std::string(" unset")) << "\n";
    }
    return out.good() ? 0 : 1;
}
