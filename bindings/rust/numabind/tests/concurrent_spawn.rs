//! Many threads spawning bound children at once: the affinity a binding
//! sets belongs to the spawning thread alone, so each child must get its own
//! rank's CPUs whatever the other threads are doing, and every thread must
//! end as it began.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;

use numabind::{spawn, CommandExt, Target, Topology};

mod support;
use support::{calling_thread_cpus, machine_options, may_run_on_cpus_0_and_1, process_cpus, two_node_machine};

const THREADS: u32 = 8;
const CHILDREN_PER_THREAD: u32 = 24;

/// One child of `rank`, through Command (it reports its own CPUs) or through
/// spawn (its CPUs read from /proc while it runs); returns what it runs on.
fn bound_child_cpus(topology: &Topology, options: &numabind::Options, rank: u32, through_command: bool) -> String {
    let target = Target::Rank { topology, local_rank: rank };
    if through_command {
        let child = Command::new("sed")
            .args(["-n", "s/^Cpus_allowed_list:[[:space:]]*//p", "/proc/self/status"])
            .stdout(Stdio::piped())
            .spawn_bound(target, options)
            .expect("spawn_bound");
        let output = child.wait_with_output().expect("wait");
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    } else {
        let mut child = spawn(&["sleep", "30"], target, options).expect("spawn");
        let cpus = process_cpus(child.id());
        child.kill().unwrap();
        child.wait().unwrap();
        cpus
    }
}

#[test]
fn children_spawned_from_many_threads_at_once_each_get_their_ranks_cpus() {
    if !may_run_on_cpus_0_and_1() {
        return;
    }
    let topology = Arc::new(two_node_machine());
    let options = Arc::new(machine_options().build().unwrap());
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (topology, options) = (Arc::clone(&topology), Arc::clone(&options));
            thread::spawn(move || {
                let before = calling_thread_cpus();
                let mut mismatches = Vec::new();
                for i in 0..CHILDREN_PER_THREAD {
                    // Alternate ranks and both ways of spawning, offset by thread,
                    // so that at any moment threads bind to different CPUs.
                    let rank = (t + i) % 2;
                    let through_command = (t + i / 2) % 2 == 0;
                    let cpus = bound_child_cpus(&topology, &options, rank, through_command);
                    if cpus != rank.to_string() {
                        mismatches.push(format!("thread {t} child {i} (rank {rank}): CPUs {cpus}"));
                    }
                    if calling_thread_cpus() != before {
                        mismatches.push(format!("thread {t} left on {} after child {i}", calling_thread_cpus()));
                    }
                }
                mismatches
            })
        })
        .collect();
    let mismatches: Vec<String> = workers.into_iter().flat_map(|w| w.join().expect("worker panicked")).collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} children or threads wrong:\n{}",
        mismatches.len(),
        THREADS * CHILDREN_PER_THREAD,
        mismatches.join("\n")
    );
}
