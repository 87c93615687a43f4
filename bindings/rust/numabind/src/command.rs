//! `CommandExt`: `std::process::Command` children bound to a target.

use std::io;
use std::process::{Child, Command};

use crate::affinity::{push, Target};
use crate::error::{Error, ErrorCode, Result};
use crate::options::Options;

/// Binding the children of `std::process::Command`.
///
/// # Semantics: push, spawn, pop on the calling thread
///
/// [`spawn_bound`](CommandExt::spawn_bound) binds the *calling thread* to the
/// target ([`push`]), calls [`Command::spawn`], and restores the thread
/// ([`AffinityGuard::pop`](crate::AffinityGuard::pop)). On Linux CPU
/// affinity and memory policy belong to a thread, and `Command::spawn`
/// creates the child from the calling thread (`posix_spawn` or `fork`), so
/// the child starts with the binding and keeps it across `exec`: it is bound
/// from its first instruction. Other threads are never touched, so any
/// number of threads may spawn bound children at once, each its own.
///
/// Why not bind in the child, in a `pre_exec` hook? Between `fork` and
/// `exec` in a multithreaded parent only async-signal-safe functions may
/// run: computing a binding there (hwloc, allocation, the library's
/// per-thread state) is undefined behaviour, and even a precomputed mask
/// would bypass the library's whole-or-nothing application of affinity and
/// memory policy. A `pre_exec` hook is also `unsafe` to register and stops
/// std from using `posix_spawn`. Push/spawn/pop keeps all the work in the
/// parent, in the library, with no `unsafe` for the caller. Its one cost:
/// the calling thread briefly runs on the child's CPUs (it migrates there
/// and back when they exclude the CPU it is on).
///
/// Errors: a binding that cannot be computed or applied fails before any
/// child exists (unless the options' fall-back is set: the child then runs
/// unbound). A program that cannot be executed is [`ErrorCode::Exec`]
/// (errno `ENOENT`, `EACCES`, `ENOEXEC`, ... as `nb_spawn` classifies them),
/// another spawn failure [`ErrorCode::System`], both naming the program and
/// carrying the errno. If the thread cannot be restored after the child
/// started, the child is killed and reaped and the restore error returned,
/// as `nb_spawn` does: no child outlives a failed call.
pub trait CommandExt {
    /// Spawns the command bound to `target` (see the trait's semantics).
    fn spawn_bound(&mut self, target: Target<'_>, options: &Options) -> Result<Child>;
}

impl CommandExt for Command {
    fn spawn_bound(&mut self, target: Target<'_>, options: &Options) -> Result<Child> {
        let guard = push(target, options)?;
        let spawned = self.spawn();
        // Restore first, whatever happened, while still on the same thread.
        let restored = guard.pop();
        match (spawned, restored) {
            (Ok(child), Ok(())) => Ok(child),
            (Ok(mut child), Err(restore_error)) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(restore_error)
            }
            (Err(error), _) => Err(spawn_error(self, &error)),
        }
    }
}

/// The errnos `nb_spawn` reports as "cannot be executed" (NB_EEXEC).
fn is_exec_error(errno: i32) -> bool {
    matches!(
        errno,
        libc::ENOENT
            | libc::EACCES
            | libc::ENOEXEC
            | libc::ENOTDIR
            | libc::ELOOP
            | libc::ENAMETOOLONG
            | libc::E2BIG
            | libc::ETXTBSY
            | libc::EISDIR
            | libc::ELIBBAD
            | libc::EPERM
    )
}

fn spawn_error(command: &Command, error: &io::Error) -> Error {
    let program = command.get_program();
    match error.raw_os_error() {
        Some(errno) if is_exec_error(errno) => {
            Error::with_os_error(ErrorCode::Exec, format!("cannot execute {program:?}: {error}"), errno)
        }
        errno => {
            Error::with_os_error(ErrorCode::System, format!("cannot start {program:?}: {error}"), errno.unwrap_or(0))
        }
    }
}
