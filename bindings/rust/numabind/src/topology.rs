//! `Topology`: an owned, immutable `nb_topology`.

use std::path::Path;
use std::ptr::{self, NonNull};

use numabind_sys as sys;

use crate::c_values::{c_int_of, c_string, take_string};
use crate::cpuset::CpuSet;
use crate::error::{check, Error, ErrorCode, Result};
use crate::options::Options;
use crate::plan::Plan;

/// A machine's topology (CPUs, caches, NUMA nodes, PCI devices): the live
/// machine, an hwloc XML file, or a captured sysfs tree.
///
/// A loaded `nb_topology` is immutable and the header allows any number of
/// threads to use one at once, so `Topology` is `Send` and `Sync`: load it
/// once and share it (`Arc<Topology>` or `&Topology` in scoped threads).
pub struct Topology {
    raw: NonNull<sys::nb_topology>,
}

// SAFETY: the header: "A loaded nb_topology is immutable: any number of
// threads may use one topology at once"; it has no tie to the thread that
// loaded it.
unsafe impl Send for Topology {}
// SAFETY: as above; every method takes &self and the C API only reads it.
unsafe impl Sync for Topology {}

impl Topology {
    fn from_raw(raw: *mut sys::nb_topology) -> Result<Topology> {
        NonNull::new(raw)
            .map(|raw| Topology { raw })
            .ok_or_else(|| Error::new(ErrorCode::Internal, "the library returned a NULL topology with NB_OK"))
    }

    pub(crate) fn as_ptr(&self) -> *const sys::nb_topology {
        self.raw.as_ptr()
    }

    /// The live machine, or the hwloc XML file named by the environment
    /// variable `NUMABIND_TOPOLOGY`. Reads sysfs only: no GPU runtime is
    /// loaded, so a launcher may call this before it starts its workers.
    pub fn load() -> Result<Topology> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; on success it receives a topology we own.
        check(unsafe { sys::nb_topology_load(&mut raw) })?;
        Topology::from_raw(raw)
    }

    /// An hwloc XML file (2.x or 1.x format); a missing or unreadable file
    /// is [`ErrorCode::Topology`] naming it.
    pub fn from_xml(path: impl AsRef<Path>) -> Result<Topology> {
        let path = c_string(path.as_ref(), ErrorCode::Topology, "topology path")?;
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local, path is a valid C string.
        check(unsafe { sys::nb_topology_load_xml(&mut raw, path.as_ptr()) })?;
        Topology::from_raw(raw)
    }

    /// An hwloc XML document in memory.
    pub fn from_xml_bytes(xml: &[u8]) -> Result<Topology> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; the library reads xml.len() bytes of xml.
        check(unsafe { sys::nb_topology_load_xml_buffer(&mut raw, xml.as_ptr().cast(), xml.len()) })?;
        Topology::from_raw(raw)
    }

    /// A captured Linux sysfs/procfs tree (a directory holding `sys/` and
    /// `proc/`), read with hwloc's Linux backend in a short-lived child
    /// process, so nothing of this machine leaks in.
    pub fn from_sysfs(dir: impl AsRef<Path>) -> Result<Topology> {
        let dir = c_string(dir.as_ref(), ErrorCode::Topology, "sysfs capture directory")?;
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local, dir is a valid C string.
        check(unsafe { sys::nb_topology_load_fsroot(&mut raw, dir.as_ptr()) })?;
        Topology::from_raw(raw)
    }

    /// Whether this is the live machine (not a file or a capture).
    pub fn is_live(&self) -> bool {
        // SAFETY: self is live; a read.
        unsafe { sys::nb_topology_is_live(self.as_ptr()) == 1 }
    }

    /// Number of GPUs the options select (before the visible-devices remap).
    pub fn gpu_count(&self, options: &Options) -> Result<usize> {
        let mut count = 0;
        // SAFETY: out points to a local; topology and options are live (reads).
        check(unsafe { sys::nb_topology_gpu_count(&mut count, self.as_ptr(), options.as_ptr()) })?;
        Ok(count.max(0) as usize)
    }

    /// The topology as JSON (schema `numabind.topology/1`): NUMA nodes and
    /// the GPU list the options select.
    pub fn to_json(&self, options: &Options) -> Result<String> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; topology and options are live (reads).
        check(unsafe { sys::nb_topology_to_json(&mut raw, self.as_ptr(), options.as_ptr()) })?;
        // SAFETY: raw is the library's string for us to nb_free, used once.
        Ok(unsafe { take_string(raw) })
    }

    /// The CPUs local rank `local_rank` should run on, for the GPU it drives.
    /// Reads the calling thread's affinity when the topology is live and the
    /// options set no allowed CPUs; otherwise a pure computation.
    pub fn compute_cpuset(&self, options: &Options, local_rank: u32) -> Result<CpuSet> {
        let rank = c_int_of(local_rank, ErrorCode::Rank, "local rank")?;
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; topology and options are live (reads).
        check(unsafe { sys::nb_compute_cpuset(&mut raw, self.as_ptr(), options.as_ptr(), rank) })?;
        CpuSet::from_raw(raw)
    }

    /// The bindings of local ranks `0 .. nproc` (`nproc` 0: one per visible
    /// GPU). Problems of the whole plan (no GPU, bad visible devices) fail
    /// the call; a rank that cannot be bound gets its own error in the plan.
    pub fn plan(&self, options: &Options, nproc: u32) -> Result<Plan> {
        Plan::compute(self, options, c_int_of(nproc, ErrorCode::InvalidArgument, "rank count")?)
    }
}

impl Drop for Topology {
    fn drop(&mut self) {
        // SAFETY: we own the topology, and nothing uses it after drop (a
        // borrow of self would outlive it otherwise).
        unsafe { sys::nb_topology_free(self.raw.as_ptr()) }
    }
}

impl std::fmt::Debug for Topology {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Topology").field("live", &self.is_live()).finish_non_exhaustive()
    }
}
