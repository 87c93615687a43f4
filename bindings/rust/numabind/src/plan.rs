//! `Plan`: the bindings of a range of local ranks, copied out of an `nb_plan`.

use std::os::raw::c_int;
use std::ptr::{self, NonNull};

use numabind_sys as sys;

use crate::c_values::take_string;
use crate::cpuset::CpuSet;
use crate::error::{check, Error, ErrorCode, Result};
use crate::options::Options;
use crate::topology::Topology;

/// The bindings of local ranks `0 .. len()`, each with its own outcome.
///
/// Everything is read out of the C plan when it is computed and the C plan
/// is freed, so a `Plan` is ordinary Rust data (`Send`, `Sync`, `Clone`);
/// the header says nothing of sharing an `nb_plan` between threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    ranks: Vec<PlannedRank>,
    json: String,
}

/// One local rank of a [`Plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRank {
    local_rank: u32,
    gpu: Option<u32>,
    numa_node: Option<u32>,
    binding: Result<CpuSet, Error>,
}

impl PlannedRank {
    /// The local rank.
    pub fn local_rank(&self) -> u32 {
        self.local_rank
    }

    /// The GPU the rank drives, as its index in the topology's GPU list
    /// (`Topology::to_json` numbers them); `None` for a rank beyond the GPUs.
    pub fn gpu(&self) -> Option<u32> {
        self.gpu
    }

    /// The OS index of that GPU's host NUMA node, `None` when it has none.
    pub fn numa_node(&self) -> Option<u32> {
        self.numa_node
    }

    /// The CPUs the rank is bound to, or why it cannot be bound (its own
    /// status code and message, e.g. [`ErrorCode::Rank`], [`ErrorCode::NotAllowed`]).
    pub fn cpus(&self) -> Result<&CpuSet, &Error> {
        self.binding.as_ref()
    }

    /// The rank's error, `None` when it has a binding.
    pub fn error(&self) -> Option<&Error> {
        self.binding.as_ref().err()
    }
}

impl Plan {
    pub(crate) fn compute(topology: &Topology, options: &Options, nproc: c_int) -> Result<Plan> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; topology and options are live (reads).
        check(unsafe { sys::nb_plan_compute(&mut raw, topology.as_ptr(), options.as_ptr(), nproc) })?;
        let handle = PlanHandle(
            NonNull::new(raw)
                .ok_or_else(|| Error::new(ErrorCode::Internal, "the library returned a NULL plan with NB_OK"))?,
        );
        // SAFETY: the plan is live until handle drops; a read.
        let size = unsafe { sys::nb_plan_size(handle.as_ptr()) };
        let ranks = (0..size).map(|rank| handle.rank(rank)).collect::<Result<Vec<_>>>()?;
        let mut json = ptr::null_mut();
        // SAFETY: out points to a local; the plan is live (a read).
        check(unsafe { sys::nb_plan_to_json(&mut json, handle.as_ptr()) })?;
        // SAFETY: json is the library's string for us to nb_free, used once.
        let json = unsafe { take_string(json) };
        Ok(Plan { ranks, json })
    }

    /// The ranks, in local-rank order.
    pub fn ranks(&self) -> &[PlannedRank] {
        &self.ranks
    }

    /// Rank `local_rank`, if the plan has it.
    pub fn rank(&self, local_rank: usize) -> Option<&PlannedRank> {
        self.ranks.get(local_rank)
    }

    /// Number of ranks.
    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    /// Whether the plan has no rank.
    pub fn is_empty(&self) -> bool {
        self.ranks.is_empty()
    }

    /// The plan as the C library writes it (schema `numabind.plan/1`).
    pub fn to_json(&self) -> &str {
        &self.json
    }
}

/// Frees the C plan on every path out of `Plan::compute`.
struct PlanHandle(NonNull<sys::nb_plan>);

impl PlanHandle {
    fn as_ptr(&self) -> *const sys::nb_plan {
        self.0.as_ptr()
    }

    fn rank(&self, rank: c_int) -> Result<PlannedRank> {
        let plan = self.as_ptr();
        // SAFETY: the plan is live; rank is in 0 .. size. On failure the call
        // leaves the rank's own message in nb_last_error, read right away.
        let status = unsafe { sys::nb_plan_rank_status(plan, rank) };
        let binding = if status == sys::nb_status::NB_OK {
            let mut cpus = ptr::null_mut();
            // SAFETY: out points to a local; the plan is live (a read).
            check(unsafe { sys::nb_plan_rank_cpuset(&mut cpus, plan, rank) })?;
            Ok(CpuSet::from_raw(cpus)?)
        } else {
            Err(Error::from_last_call(status))
        };

        let (mut gpu, mut node) = (-1, -1);
        // SAFETY: outs point to locals; the plan is live (a read). A rank
        // without a GPU fails with the rank's own status, nothing else.
        let gpu_status = unsafe { sys::nb_plan_rank_gpu(&mut gpu, &mut node, plan, rank) };
        if gpu_status != sys::nb_status::NB_OK {
            if gpu_status != status {
                return Err(Error::from_last_call(gpu_status));
            }
            (gpu, node) = (-1, -1);
        }
        Ok(PlannedRank {
            local_rank: rank as u32,
            gpu: u32::try_from(gpu).ok(),
            numa_node: u32::try_from(node).ok(),
            binding,
        })
    }
}

impl Drop for PlanHandle {
    fn drop(&mut self) {
        // SAFETY: the plan was created for us by nb_plan_compute and is not
        // used after this.
        unsafe { sys::nb_plan_free(self.0.as_ptr()) }
    }
}
