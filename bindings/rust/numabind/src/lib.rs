//! Bind GPU workers to the CPUs nearest their GPU: the safe Rust API of
//! numabind's C library (`numabind-sys` holds the raw FFI).
//!
//! A launcher loads the machine's [`Topology`] once, chooses [`Options`]
//! (binding [`Mode`], memory policy, fall-back), and starts each local rank
//! bound to the CPUs of the GPU it drives: with
//! [`CommandExt::spawn_bound`] on a `std::process::Command`, with
//! [`spawn`], or by binding the calling thread for a while with [`push`].
//! [`Topology::plan`] shows every rank's binding without applying anything.
//!
//! ```
//! use std::process::{Command, Stdio};
//! use numabind::{CommandExt, Mode, Options, Target, Topology};
//!
//! // In a launcher: `Topology::load()?`, the live machine. Here a two-node
//! // machine with one GPU per node, on CPUs 0 and 1 (any machine has them).
//! let topology = Topology::from_xml(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/two-node-two-gpu.xml"))?;
//! let options = Options::builder().mode(Mode::Node).build()?;
//!
//! // Which CPUs local rank 1 gets: those of the NUMA node of GPU 1.
//! let plan = topology.plan(&options, 0)?;
//! let rank = plan.rank(1).unwrap();
//! assert_eq!((rank.gpu(), rank.numa_node()), (Some(1), Some(1)));
//! assert_eq!(rank.cpus().unwrap().to_string(), "1");
//!
//! // Start local rank 1 bound to them, from its first instruction.
//! let child = Command::new("grep")
//!     .args(["^Cpus_allowed_list:", "/proc/self/status"])
//!     .env("LOCAL_RANK", "1")
//!     .stdout(Stdio::piped())
//!     .spawn_bound(Target::Rank { topology: &topology, local_rank: 1 }, &options)?;
//! let output = child.wait_with_output().unwrap();
//! assert_eq!(String::from_utf8_lossy(&output.stdout).split_whitespace().last(), Some("1"));
//! # Ok::<(), numabind::Error>(())
//! ```
//!
//! # Errors
//!
//! Every fallible call returns [`Error`]: the C status code ([`ErrorCode`],
//! whose [`name`](ErrorCode::name) is the C name such as `"NB_ERANK"`) and the
//! library's message naming the bad value, copied on the failing thread
//! right after the call.
//!
//! # Threads
//!
//! [`Topology`] is immutable once loaded and the C API lets any number of
//! threads use one, so it is `Send + Sync`. [`Options`] and [`CpuSet`] are
//! plain values (concurrent reads allowed, writes through `&mut`): `Send +
//! Sync`. [`Plan`] and [`Error`] are plain Rust data. [`AffinityGuard`] is
//! neither `Send` nor `Sync`: the affinity stack it pops is the pushing
//! thread's. These properties are checked when the crate compiles.
//!
//! # Linking
//!
//! `numabind-sys` finds the C library through pkg-config (`numabind >=`
//! the version of the header its bindings come from). A library installed
//! outside the linker's path needs `PKG_CONFIG_PATH` to build and
//! `LD_LIBRARY_PATH` (or an rpath) to run.

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod affinity;
mod c_values;
mod command;
mod cpuset;
mod error;
mod options;
mod plan;
mod spawn;
mod topology;

use numabind_sys as sys;

pub use affinity::{depth as affinity_depth, push, AffinityGuard, Target};
pub use command::CommandExt;
pub use cpuset::{CpuSet, Cpus};
pub use error::{Error, ErrorCode, Result};
pub use options::{GpuVendor, MemPolicy, Mode, Options, OptionsBuilder};
pub use plan::{Plan, PlannedRank};
pub use spawn::{spawn, BoundChild};
pub use topology::Topology;

/// The version of the C library loaded at run time, `"MAJOR.MINOR.PATCH"`.
pub fn version() -> &'static str {
    // SAFETY: no arguments; returns a static NUL-terminated string.
    error::static_text(unsafe { sys::nb_version_string() })
}

/// The local rank a launcher gave this process in its environment:
/// `LOCAL_RANK` (torchrun), else `SLURM_LOCALID` (srun), else
/// `OMPI_COMM_WORLD_LOCAL_RANK` (Open MPI). [`ErrorCode::Rank`] when none is
/// set or the first one set is not a whole number, naming it.
pub fn local_rank_from_environment() -> Result<u32> {
    let mut rank = -1;
    // SAFETY: out points to a local; the library reads the environment.
    error::check(unsafe { sys::nb_local_rank_from_environment(&mut rank) })?;
    u32::try_from(rank).map_err(|_| Error::new(ErrorCode::Internal, format!("the library returned local rank {rank}")))
}

// Send and Sync exactly where the C API allows (see "Threads" above); the
// negative cases are compile_fail doc tests on AffinityGuard.
const _: () = {
    const fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Topology>();
    send_and_sync::<Options>();
    send_and_sync::<CpuSet>();
    send_and_sync::<Plan>();
    send_and_sync::<Error>();
    send_and_sync::<BoundChild>();
};
