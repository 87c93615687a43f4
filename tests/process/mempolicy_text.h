// A memory policy as get_mempolicy(2) reports it, in words: shared by the
// probe child and the tests, which both read the kernel directly.
#ifndef NUMABIND_TESTS_PROCESS_MEMPOLICY_TEXT_H
#define NUMABIND_TESTS_PROCESS_MEMPOLICY_TEXT_H

#include <linux/mempolicy.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <string>

namespace nbtest {
namespace process {

struct MemPolicyText {
    std::string mode;   ///< "default", "bind", "interleave", "preferred", "local", "preferred_many", "error"
    std::string nodes;  ///< "0,2"; "" when none
};

/// The calling thread's policy, read with get_mempolicy(2).
inline MemPolicyText read_calling_thread_mempolicy() {
    constexpr size_t kBits = sizeof(unsigned long) * CHAR_BIT;
    unsigned long mask[1024 / kBits] = {};
    int mode = 0;
    if (syscall(SYS_get_mempolicy, &mode, mask, sizeof(mask) * CHAR_BIT, nullptr, 0UL) != 0) return {"error", ""};
    MemPolicyText text;
    switch (mode & ~(MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)) {
    case MPOL_DEFAULT: text.mode = "default"; break;
    case MPOL_PREFERRED: text.mode = "preferred"; break;
    case MPOL_BIND: text.mode = "bind"; break;
    case MPOL_INTERLEAVE: text.mode = "interleave"; break;
    case MPOL_LOCAL: text.mode = "local"; break;
    case 5: text.mode = "preferred_many"; break;  // MPOL_PREFERRED_MANY, Linux 5.15
    default: text.mode = "mode " + std::to_string(mode); break;
    }
    for (size_t node = 0; node < sizeof(mask) * CHAR_BIT; ++node)
        if (mask[node / kBits] >> (node % kBits) & 1UL)
            text.nodes += (text.nodes.empty() ? "" : ",") + std::to_string(node);
    return text;
}

}  // namespace process
}  // namespace nbtest

#endif
