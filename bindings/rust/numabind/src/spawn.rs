//! `spawn`: a child bound from its first instruction by `nb_spawn`.

use std::ffi::{CString, OsStr};
use std::io;
use std::os::raw::c_char;
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::ptr;

use numabind_sys as sys;

use crate::affinity::Target;
use crate::c_values::{c_int_of, c_string};
use crate::error::{check, ErrorCode, Result};
use crate::options::Options;

/// Starts `argv[0]` (looked up in `PATH`) with arguments `argv[1..]`, bound
/// to `target` from its first instruction, with this process's environment,
/// working directory and inheritable descriptors.
///
/// This is `nb_spawn`: the binding is applied to the calling thread,
/// `posix_spawnp` creates the child, and the thread is restored, on every
/// path; any number of threads may spawn at once. A program that cannot be
/// executed is [`ErrorCode::Exec`] naming it, with the errno in
/// [`Error::raw_os_error`](crate::Error::raw_os_error), and no child is left
/// behind. For another environment, directory or redirected standard
/// streams, use [`CommandExt::spawn_bound`](crate::CommandExt::spawn_bound).
pub fn spawn<S: AsRef<OsStr>>(argv: &[S], target: Target<'_>, options: &Options) -> Result<BoundChild> {
    let args = argv
        .iter()
        .map(|arg| c_string(arg, ErrorCode::InvalidArgument, "argument"))
        .collect::<Result<Vec<CString>>>()?;
    let mut pointers: Vec<*const c_char> = args.iter().map(|arg| arg.as_ptr()).collect();
    pointers.push(ptr::null());

    let mut pid = -1;
    let status = match target {
        // SAFETY: pointers is a NULL-terminated array of C strings that live
        // (in args) for the call; NULL envp and cwd mean the caller's; cpus
        // and options are live (reads).
        Target::Cpus(cpus) => unsafe {
            sys::nb_spawn(&mut pid, pointers.as_ptr(), ptr::null(), ptr::null(), cpus.as_ptr(), options.as_ptr())
        },
        Target::Rank { topology, local_rank } => {
            let rank = c_int_of(local_rank, ErrorCode::Rank, "local rank")?;
            // SAFETY: as above, with topology live (a read).
            unsafe {
                sys::nb_spawn_rank(
                    &mut pid,
                    pointers.as_ptr(),
                    ptr::null(),
                    ptr::null(),
                    topology.as_ptr(),
                    options.as_ptr(),
                    rank,
                )
            }
        }
    };
    check(status)?;
    Ok(BoundChild { pid, status: None })
}

/// A child started by [`spawn`]. Like `std::process::Child`, dropping it
/// neither kills nor waits for the process: [`wait`](Self::wait) for it.
#[derive(Debug)]
pub struct BoundChild {
    pid: libc::pid_t,
    /// Set once the child is reaped; its pid may belong to another process then.
    status: Option<ExitStatus>,
}

impl BoundChild {
    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.pid as u32
    }

    /// Waits for the child to exit (once reaped, returns the same status again).
    pub fn wait(&mut self) -> io::Result<ExitStatus> {
        if let Some(status) = self.status {
            return Ok(status);
        }
        let mut raw = 0;
        loop {
            // SAFETY: waits for our own child, which has not been reaped yet;
            // raw is a local.
            if unsafe { libc::waitpid(self.pid, &mut raw, 0) } == self.pid {
                break;
            }
            let error = io::Error::last_os_error();
            if error.kind() != io::ErrorKind::Interrupted {
                return Err(error);
            }
        }
        let status = ExitStatus::from_raw(raw);
        self.status = Some(status);
        Ok(status)
    }

    /// The exit status if the child has exited, without blocking.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        if self.status.is_some() {
            return Ok(self.status);
        }
        let mut raw = 0;
        // SAFETY: as in wait, with WNOHANG.
        match unsafe { libc::waitpid(self.pid, &mut raw, libc::WNOHANG) } {
            0 => Ok(None),
            pid if pid == self.pid => {
                self.status = Some(ExitStatus::from_raw(raw));
                Ok(self.status)
            }
            _ => Err(io::Error::last_os_error()),
        }
    }

    /// Sends SIGKILL; nothing once the child has been reaped (its pid may be
    /// another process's by then).
    pub fn kill(&mut self) -> io::Result<()> {
        if self.status.is_some() {
            return Ok(());
        }
        // SAFETY: the pid is our unreaped child (a zombie at worst), so the
        // signal cannot reach another process.
        if unsafe { libc::kill(self.pid, libc::SIGKILL) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
}
