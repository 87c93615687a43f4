// Starting and reaping children for the spawn benchmarks: the plain
// posix_spawn that nb_spawn is compared against, and the checks that every
// child really ran and exited cleanly (a spawn that fails fast would
// otherwise look like a fast spawn).
#ifndef NUMABIND_BENCH_CHILD_PROCESS_H
#define NUMABIND_BENCH_CHILD_PROCESS_H

#include <sys/types.h>

#include <string>
#include <vector>

namespace nbbench {

/// A NULL-terminated argument vector that owns its strings.
class Argv {
public:
    explicit Argv(std::vector<std::string> args);
    Argv(const Argv &) = delete;
    Argv &operator=(const Argv &) = delete;

    const char *const *get() const { return pointers_.data(); }
    /// posix_spawn's argv is `char *const[]`; it does not write through it.
    char *const *for_posix_spawn() const { return const_cast<char *const *>(pointers_.data()); }
    /// "taskset -c 0 /bin/true", for error messages.
    std::string command_line() const;

private:
    std::vector<std::string> args_;
    std::vector<const char *> pointers_;
};

/// The first executable file called `name` in $PATH, or "" when there is none.
std::string find_in_path(const std::string &name);

/// Waits for child `pid`: "" when it exited with status 0, else what happened instead.
std::string wait_for_clean_exit(pid_t pid, const Argv &argv);

/// posix_spawn of argv[0] (a path, no PATH search) with the caller's
/// environment, then waitpid: "" on a clean exit, else what went wrong.
std::string posix_spawn_and_wait(const Argv &argv);

}  // namespace nbbench

#endif
