#include "bound_spawn.h"

#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <string>

#include "error.h"
#include "fallback.h"

extern char **environ;

namespace numabind {

namespace {

// posix_spawn_file_actions_t with its destroy on every path.
class FileActions {
public:
    FileActions() {
        if (const int error = posix_spawn_file_actions_init(&actions_))
            throw os_error(NB_ESYSTEM, "posix_spawn_file_actions_init", error);
    }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
    FileActions(const FileActions &) = delete;
    FileActions &operator=(const FileActions &) = delete;
    posix_spawn_file_actions_t *get() { return &actions_; }

private:
    posix_spawn_file_actions_t actions_;
};

// posix_spawnp reports a failed chdir with the same errno as a missing
// program (ENOENT), so the directory is checked first to name the right one.
void check_working_directory(const char *cwd) {
    struct stat info {};
    if (stat(cwd, &info) != 0) throw os_error(NB_EEXEC, "cannot use working directory " + quote(cwd), errno);
    if (!S_ISDIR(info.st_mode)) throw os_error(NB_EEXEC, "cannot use working directory " + quote(cwd), ENOTDIR);
}

bool is_exec_error(int error) {
    switch (error) {
    case ENOENT:
    case EACCES:
    case ENOEXEC:
    case ENOTDIR:
    case ELOOP:
    case ENAMETOOLONG:
    case E2BIG:
    case ETXTBSY:
    case EISDIR:
    case ELIBBAD:
    case EPERM:
        return true;
    default:
        return false;
    }
}

pid_t spawn_as_calling_thread(const SpawnRequest &request) {
    FileActions actions;
    if (request.cwd != nullptr) {
        if (const int error = posix_spawn_file_actions_addchdir_np(actions.get(), request.cwd))
            throw os_error(NB_ESYSTEM, "posix_spawn_file_actions_addchdir_np", error);
    }
    pid_t pid = -1;
    char *const *envp = request.envp != nullptr ? const_cast<char *const *>(request.envp) : environ;
    const int error = posix_spawnp(&pid, request.argv[0], actions.get(), nullptr,
                                   const_cast<char *const *>(request.argv), envp);
    if (error == 0) return pid;
    if (is_exec_error(error)) throw os_error(NB_EEXEC, "cannot execute " + quote(request.argv[0]), error);
    throw os_error(NB_ESYSTEM, "cannot start " + quote(request.argv[0]) + " (posix_spawnp)", error);
}

// The child exists but the caller cannot get its thread back: keep the
// promise that no child outlives a failed call.
void discard_child(pid_t pid) noexcept {
    kill(pid, SIGKILL);
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

}  // namespace

pid_t spawn(const SpawnRequest &request, const std::optional<Binding> &binding, const Options &options,
            Target target) {
    if (request.argv == nullptr || request.argv[0] == nullptr)
        throw Error(NB_EINVAL, "nb_spawn: argv must hold at least the program name");
    if (request.argv[0][0] == '\0') throw Error(NB_EEXEC, "cannot execute '': the program name is empty", ENOENT);
    if (request.cwd != nullptr) check_working_directory(request.cwd);

    const std::optional<ThreadState> before = bind_calling_thread(binding, options, target);
    if (!before) return spawn_as_calling_thread(request);

    pid_t pid = -1;
    try {
        pid = spawn_as_calling_thread(request);
    } catch (...) {
        try {
            restore_calling_thread(*before);
        } catch (...) {
        }
        throw;
    }
    try {
        restore_calling_thread(*before);
    } catch (...) {
        discard_child(pid);
        throw;
    }
    target.pid = static_cast<int>(pid);
    report_bound(target, options, binding->cpus);
    return pid;
}

}  // namespace numabind
