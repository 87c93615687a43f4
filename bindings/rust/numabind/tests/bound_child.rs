//! Real bindings on this machine, through the two-node test machine (CPU 0
//! is GPU 0's node, CPU 1 is GPU 1's): children started through
//! `Command` and `spawn` report the CPUs of their rank's GPU, and the
//! spawning thread is left as it was.

use std::process::{Command, Stdio};
use std::thread;

use numabind::{affinity_depth, push, spawn, CommandExt, CpuSet, Mode, Options, Target};

mod support;
use support::{calling_thread_cpus, machine_options, may_run_on_cpus_0_and_1, process_cpus, two_node_machine};

/// The CPU list a Command child reads from its own /proc/self/status.
fn child_reported_cpus(command: &mut Command, target: Target<'_>, options: &Options) -> String {
    let child = command
        .args(["-n", "s/^Cpus_allowed_list:[[:space:]]*//p", "/proc/self/status"])
        .stdout(Stdio::piped())
        .spawn_bound(target, options)
        .expect("spawn a bound child");
    let output = child.wait_with_output().expect("wait for the child");
    assert!(output.status.success(), "child failed: {:?}", output.status);
    String::from_utf8(output.stdout).expect("UTF-8").trim().to_owned()
}

#[test]
fn command_children_of_ranks_0_and_1_report_cpus_0_and_1() {
    if !may_run_on_cpus_0_and_1() {
        return;
    }
    let topology = two_node_machine();
    let options = machine_options().mode(Mode::Node).build().unwrap();
    let before = calling_thread_cpus();
    for (rank, expected) in [(0, "0"), (1, "1")] {
        let target = Target::Rank { topology: &topology, local_rank: rank };
        assert_eq!(child_reported_cpus(&mut Command::new("sed"), target, &options), expected, "rank {rank}");
        assert_eq!(calling_thread_cpus(), before, "the spawning thread was not restored");
    }
    assert_eq!(affinity_depth(), 0);
}

#[test]
fn command_child_bound_to_a_cpu_set_reports_that_set() {
    if !may_run_on_cpus_0_and_1() {
        return;
    }
    let options = Options::new().unwrap();
    let cpus = CpuSet::parse("1").unwrap();
    assert_eq!(child_reported_cpus(&mut Command::new("sed"), Target::Cpus(&cpus), &options), "1");
}

#[test]
fn spawned_children_of_ranks_0_and_1_run_on_cpus_0_and_1() {
    if !may_run_on_cpus_0_and_1() {
        return;
    }
    let topology = two_node_machine();
    let options = machine_options().build().unwrap();
    let before = calling_thread_cpus();
    for (rank, expected) in [(0, "0"), (1, "1")] {
        let mut child = spawn(&["sleep", "30"], Target::Rank { topology: &topology, local_rank: rank }, &options)
            .expect("spawn a bound child");
        // posix_spawnp returns once the child has exec'd: what the kernel
        // reports now is what the program runs with.
        let cpus = process_cpus(child.id());
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(cpus, expected, "rank {rank}");
        assert!(!status.success(), "killed, not exited");
        assert_eq!(calling_thread_cpus(), before);
    }
}

#[test]
fn spawned_child_exit_status_is_reported() {
    let cpus = CpuSet::parse(&calling_thread_cpus()).unwrap();
    let mut child = spawn(&["sh", "-c", "exit 7"], Target::Cpus(&cpus), &Options::new().unwrap()).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(7));
    assert_eq!(child.wait().unwrap().code(), Some(7), "a second wait returns the same status");
    assert_eq!(child.try_wait().unwrap().and_then(|s| s.code()), Some(7));
    child.kill().expect("killing a reaped child does nothing");
}

#[test]
fn push_binds_the_calling_thread_and_threads_it_starts_until_the_guard_drops() {
    if !may_run_on_cpus_0_and_1() {
        return;
    }
    let topology = two_node_machine();
    let options = machine_options().build().unwrap();
    let before = calling_thread_cpus();
    {
        let _guard = push(Target::Rank { topology: &topology, local_rank: 1 }, &options).unwrap();
        assert_eq!(calling_thread_cpus(), "1");
        assert_eq!(affinity_depth(), 1);
        let started_inside = thread::spawn(calling_thread_cpus).join().unwrap();
        assert_eq!(started_inside, "1", "a thread started while bound inherits the binding");
    }
    assert_eq!(calling_thread_cpus(), before);
    assert_eq!(affinity_depth(), 0);
}

#[test]
fn nested_guards_restore_in_turn_and_an_outer_guard_dropped_first_restores_everything() {
    if !may_run_on_cpus_0_and_1() {
        return;
    }
    let options = Options::new().unwrap();
    let (zero, one) = (CpuSet::parse("0").unwrap(), CpuSet::parse("1").unwrap());
    let before = calling_thread_cpus();

    let outer = push(Target::Cpus(&zero), &options).unwrap();
    let inner = push(Target::Cpus(&one), &options).unwrap();
    assert_eq!(calling_thread_cpus(), "1");
    inner.pop().unwrap();
    assert_eq!(calling_thread_cpus(), "0");
    outer.pop().unwrap();
    assert_eq!(calling_thread_cpus(), before);

    let outer = push(Target::Cpus(&zero), &options).unwrap();
    let inner = push(Target::Cpus(&one), &options).unwrap();
    drop(outer);
    assert_eq!(calling_thread_cpus(), before, "the outer guard undoes the later push too");
    assert_eq!(affinity_depth(), 0);
    drop(inner);
    assert_eq!(calling_thread_cpus(), before, "the inner guard then has nothing to pop");
    assert_eq!(affinity_depth(), 0);
}

#[test]
fn fallback_leaves_the_thread_and_the_child_unbound_when_the_rank_has_no_gpu() {
    if !may_run_on_cpus_0_and_1() {
        return;
    }
    let topology = two_node_machine();
    let options = machine_options().fallback(true).build().unwrap();
    let before = calling_thread_cpus();
    let target = Target::Rank { topology: &topology, local_rank: 5 };
    {
        let _guard = push(target, &options).expect("fall-back succeeds");
        assert_eq!(calling_thread_cpus(), before);
    }
    assert_eq!(affinity_depth(), 0);
    assert_eq!(child_reported_cpus(&mut Command::new("sed"), target, &options), before);
}
