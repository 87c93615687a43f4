#include "signal_forwarding.h"

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "errors.h"

namespace nbcli {

namespace {

static_assert(std::atomic<pid_t>::is_always_lock_free, "the handler reads pids");
static_assert(std::atomic<size_t>::is_always_lock_free, "the handler reads the count");

constexpr int kForwarded[] = {SIGINT, SIGTERM};

std::unique_ptr<std::atomic<pid_t>[]> children;
size_t capacity = 0;
std::atomic<size_t> child_count{0};
volatile sig_atomic_t last_signal = 0;

// A signal the terminal generated (Ctrl-C: si_code SI_KERNEL) went to the
// whole foreground process group, ranks included; passing it on as well would
// deliver it twice (a second KeyboardInterrupt in a Python rank's handler).
extern "C" void forward_to_children(int signal, siginfo_t *info, void *) {
    const int saved_errno = errno;
    last_signal = signal;
    if (info != nullptr && info->si_code == SI_KERNEL) {
        return;
    }
    const size_t count = child_count.load(std::memory_order_acquire);
    for (size_t i = 0; i < count; ++i) {
        kill(children[i].load(std::memory_order_relaxed), signal);
    }
    errno = saved_errno;
}

// Keeps the handler out while a child is being recorded, so it is signalled
// exactly once: by the handler, or here for a signal that came first.
class ForwardedSignalsBlocked {
public:
    ForwardedSignalsBlocked() {
        sigset_t set;
        sigemptyset(&set);
        for (int signal : kForwarded) {
            sigaddset(&set, signal);
        }
        sigprocmask(SIG_BLOCK, &set, &saved_);
    }
    ~ForwardedSignalsBlocked() { sigprocmask(SIG_SETMASK, &saved_, nullptr); }
    ForwardedSignalsBlocked(const ForwardedSignalsBlocked &) = delete;
    ForwardedSignalsBlocked &operator=(const ForwardedSignalsBlocked &) = delete;

private:
    sigset_t saved_;
};

}  // namespace

void forward_signals_to_children(size_t max_children) {
    children.reset(new std::atomic<pid_t>[max_children]);
    capacity = max_children;
    for (int signal : kForwarded) {
        struct sigaction current {};
        sigaction(signal, nullptr, &current);
        if (current.sa_handler == SIG_IGN) {
            continue;
        }
        struct sigaction action {};
        action.sa_sigaction = forward_to_children;
        sigemptyset(&action.sa_mask);
        // waitpid and the library's calls carry on after a forwarded signal.
        action.sa_flags = SA_RESTART | SA_SIGINFO;
        if (sigaction(signal, &action, nullptr) != 0) {
            throw RuntimeFailure("cannot install a handler for signal " + std::to_string(signal) + ": " +
                                 std::strerror(errno));
        }
    }
}

void record_child(pid_t pid) {
    ForwardedSignalsBlocked blocked;
    const size_t index = child_count.load(std::memory_order_relaxed);
    if (index >= capacity) {
        throw RuntimeFailure("internal error: more children than the " + std::to_string(capacity) +
                             " announced");
    }
    children[index].store(pid, std::memory_order_relaxed);
    child_count.store(index + 1, std::memory_order_release);
    if (last_signal != 0) {
        kill(pid, last_signal);
    }
}

int received_signal() { return last_signal; }

}  // namespace nbcli
