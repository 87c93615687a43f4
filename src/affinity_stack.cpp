#include "affinity_stack.h"

#include <string>
#include <vector>

#include "error.h"
#include "fallback.h"

namespace numabind {

namespace {

thread_local std::vector<ThreadState> saved_states;

}  // namespace

void affinity_push(const std::optional<Binding> &binding, const Options &options, const Target &target) {
    // Reserve first: once the thread is bound, recording the push must not
    // be able to fail.
    saved_states.reserve(saved_states.size() + 1);
    std::optional<ThreadState> before = bind_calling_thread(binding, options, target);
    if (before) report_bound(target, options, binding->cpus);
    else before = capture_calling_thread(Binding{});  // unbound: pop restores what the thread has now
    saved_states.push_back(std::move(*before));
}

void affinity_pop() {
    if (saved_states.empty())
        throw Error(NB_ESTACK, "nb_affinity_pop: nothing is pushed on this thread's affinity stack");
    ThreadState state = std::move(saved_states.back());
    saved_states.pop_back();
    restore_calling_thread(state);
}

size_t affinity_depth() noexcept { return saved_states.size(); }

void require_empty_affinity_stack(const char *function) {
    if (saved_states.empty()) return;
    throw Error(NB_ESTACK, std::string(function) + ": the calling thread has " +
                               std::to_string(saved_states.size()) +
                               " affinity push(es) not yet popped; pop them first, so that the process's "
                               "original affinity is known");
}

}  // namespace numabind
