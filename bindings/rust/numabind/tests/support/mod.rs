//! Shared by the integration tests: the repository's files, the two-node
//! test machine, and what the kernel says about a thread's or process's CPUs.
#![allow(dead_code)] // each test binary uses a part

use std::fs;
use std::path::{Path, PathBuf};

use numabind::{CpuSet, OptionsBuilder, Topology};

/// The repository root (this crate is bindings/rust/numabind).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().expect("repository root")
}

/// This machine's CPUs 0 and 1 described as two NUMA nodes (0 and 1), one
/// CPU and one NVIDIA GPU each: GPU 0 (0000:10:00.0) on node 0 with CPU 0,
/// GPU 1 (0000:20:00.0) on node 1 with CPU 1. See tests/fixtures/README.md.
pub fn two_node_machine_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/two-node-two-gpu.xml")
}

pub fn two_node_machine() -> Topology {
    Topology::from_xml(two_node_machine_path()).expect("load the two-node test machine")
}

/// Options for the two-node machine that name its GPUs' visible devices
/// themselves, so a CUDA_VISIBLE_DEVICES in the environment cannot remap them.
pub fn machine_options() -> OptionsBuilder {
    OptionsBuilder::default().visible_devices("0,1")
}

fn cpus_allowed_list(status: &str) -> String {
    status
        .lines()
        .find_map(|line| line.strip_prefix("Cpus_allowed_list:"))
        .map(|list| list.trim().to_owned())
        .expect("no Cpus_allowed_list line")
}

/// The calling thread's CPUs as the kernel reports them ("0-1").
pub fn calling_thread_cpus() -> String {
    cpus_allowed_list(&fs::read_to_string("/proc/thread-self/status").expect("read /proc/thread-self/status"))
}

/// A process's CPUs as the kernel reports them.
pub fn process_cpus(pid: u32) -> String {
    cpus_allowed_list(&fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/PID/status"))
}

/// Whether the calling thread may run on CPUs 0 and 1, which the binding
/// tests bind to. When not, they skip, saying why.
pub fn may_run_on_cpus_0_and_1() -> bool {
    let cpus = CpuSet::parse(&calling_thread_cpus()).expect("kernel CPU list");
    let ok = cpus.contains(0) && cpus.contains(1);
    if !ok {
        eprintln!("skipped: needs CPUs 0 and 1 in this thread's affinity, which is {cpus}");
    }
    ok
}

/// A directory removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("numabind-rust-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
