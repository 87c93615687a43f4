//! Binding the calling thread: `push` returns an `AffinityGuard` that
//! restores the thread's previous affinity and memory policy when dropped.

use std::marker::PhantomData;

use numabind_sys as sys;

use crate::c_values::c_int_of;
use crate::cpuset::CpuSet;
use crate::error::{check, ErrorCode, Result};
use crate::options::Options;
use crate::topology::Topology;

/// What to bind to: a CPU set, or the binding the topology and options give
/// a local rank.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// Exactly these CPUs (they must exist here: [`ErrorCode::Affinity`] otherwise).
    Cpus(&'a CpuSet),
    /// The CPUs computed for this local rank (the GPU it drives).
    Rank {
        /// The machine.
        topology: &'a Topology,
        /// The local rank (`LOCAL_RANK`, `SLURM_LOCALID`, ...).
        local_rank: u32,
    },
}

/// Binds the calling thread to `target` (with the options' memory policy)
/// until the returned guard is dropped or [popped](AffinityGuard::pop).
///
/// Threads and children the thread starts meanwhile inherit the binding;
/// other threads are untouched. With the options' fall-back set, a binding
/// that cannot be computed or applied leaves the thread as it is, is
/// reported through the library's log, and this still returns a guard.
pub fn push(target: Target<'_>, options: &Options) -> Result<AffinityGuard> {
    let status = match target {
        // SAFETY: cpus and options are live for the call (reads); the push
        // changes only the calling thread.
        Target::Cpus(cpus) => unsafe { sys::nb_affinity_push(cpus.as_ptr(), options.as_ptr()) },
        Target::Rank { topology, local_rank } => {
            let rank = c_int_of(local_rank, ErrorCode::Rank, "local rank")?;
            // SAFETY: topology and options are live for the call (reads).
            unsafe { sys::nb_affinity_push_rank(topology.as_ptr(), options.as_ptr(), rank) }
        }
    };
    check(status)?;
    // The C library pushes on every NB_OK, fall-back included.
    Ok(AffinityGuard { depth: depth(), active: true, not_send: PhantomData })
}

/// Number of pushes on the calling thread not yet popped.
pub fn depth() -> usize {
    // SAFETY: reads the calling thread's stack size.
    unsafe { sys::nb_affinity_depth() }.max(0) as usize
}

/// A push on the calling thread's affinity stack; dropping it pops.
///
/// The stack belongs to the thread that pushed, so the guard is neither
/// `Send` nor `Sync`: it cannot be dropped on (or shared with) another
/// thread, which would restore that thread instead. These do not compile:
///
/// ```compile_fail,E0277
/// fn needs_send<T: Send>() {}
/// needs_send::<numabind::AffinityGuard>();
/// ```
///
/// ```compile_fail,E0277
/// fn needs_sync<T: Sync>() {}
/// needs_sync::<numabind::AffinityGuard>();
/// ```
///
/// while the same check passes for a type that is `Send`:
///
/// ```
/// fn needs_send<T: Send>() {}
/// needs_send::<numabind::Topology>();
/// ```
///
/// Guards nest. Dropped out of order, a guard restores what the thread had
/// before its own push, undoing the pushes made after it too; the guards of
/// those pushes then find nothing left to pop and do nothing. A guard that
/// is leaked (`mem::forget`) leaves the thread bound.
#[must_use = "dropping the guard at once restores the thread's previous affinity"]
#[derive(Debug)]
pub struct AffinityGuard {
    /// The stack depth right after this push.
    depth: usize,
    /// Not yet popped through this guard.
    active: bool,
    /// Makes the guard !Send and !Sync.
    not_send: PhantomData<*const ()>,
}

impl AffinityGuard {
    /// Restores the thread's affinity and memory policy from before the
    /// push, reporting a failure: the kernel can refuse the restore when the
    /// cgroup shrank meanwhile ([`ErrorCode::Affinity`]); the message then
    /// says what the thread is left with. Dropping the guard does the same
    /// and ignores that error.
    pub fn pop(mut self) -> Result<()> {
        self.restore()
    }

    fn restore(&mut self) -> Result<()> {
        if !std::mem::replace(&mut self.active, false) {
            return Ok(());
        }
        let mut result = Ok(());
        // Pops ours and any later push still there; none when an earlier
        // guard already went (out of order).
        let mut current = depth();
        while current >= self.depth {
            // SAFETY: pops the calling thread's stack, which is the pushing
            // thread's (the guard is !Send), and is not empty here.
            result = check(unsafe { sys::nb_affinity_pop() });
            let after = depth();
            if after >= current {
                break; // the library drops a push even when the restore fails; never spin
            }
            current = after;
        }
        result
    }
}

impl Drop for AffinityGuard {
    fn drop(&mut self) {
        // Nowhere to report it from a destructor; pop() reports it.
        let _ = self.restore();
    }
}
