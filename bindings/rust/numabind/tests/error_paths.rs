//! Bad input gets the C library's specific status code and a message naming
//! the bad value, through the safe API; nothing is left bound or running.

use std::process::Command;
use std::sync::Mutex;
use std::thread;

use numabind::{
    affinity_depth, push, spawn, CommandExt, CpuSet, ErrorCode, GpuVendor, MemPolicy, Mode, Options, Target, Topology,
};

mod support;
use support::{calling_thread_cpus, machine_options, two_node_machine};

const MISSING_PROGRAM: &str = "numabind-rust-test-no-such-program";

/// Held by the tests that try to start children and then look for any left:
/// a failed exec still creates a short-lived child, which another test's
/// look (or reap) must not run into.
static CHILDREN: Mutex<()> = Mutex::new(());

/// No child of this process is left, running or unreaped (no test in this
/// file starts one that succeeds). Call with `CHILDREN` held.
fn no_children_left() -> bool {
    // SAFETY: waitpid with WNOHANG only reaps a child that has exited, and
    // there should be none; a NULL status is allowed.
    let result = unsafe { libc::waitpid(-1, std::ptr::null_mut(), libc::WNOHANG) };
    result < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ECHILD)
}

#[test]
fn unknown_mode_vendor_and_policy_names_are_emode_naming_the_name() {
    let error = "nod".parse::<Mode>().unwrap_err();
    assert_eq!(error.code(), ErrorCode::Mode);
    assert_eq!(error.code().name(), "NB_EMODE");
    assert!(error.message().contains("'nod'"), "{error}");
    assert_eq!("amd64".parse::<GpuVendor>().unwrap_err().code(), ErrorCode::Mode);
    assert_eq!("strict".parse::<MemPolicy>().unwrap_err().code(), ErrorCode::Mode);

    let error = Options::from_json(r#"{"mode":"nod"}"#).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Mode);
    assert!(error.message().contains("nod"), "{error}");
}

#[test]
fn malformed_cpu_lists_are_ecpulist_naming_the_item() {
    for (list, item) in [("3-1", "3-1"), ("0-3,x", "x"), ("0, 1", " 1"), ("1048576", "1048576"), ("-1", "-1")] {
        let error = CpuSet::parse(list).unwrap_err();
        assert_eq!(error.code(), ErrorCode::CpuList, "{list:?}: {error}");
        assert!(error.message().contains(item), "{list:?}: {error}");
    }
    let error = CpuSet::parse("0\u{0}1").unwrap_err();
    assert_eq!(error.code(), ErrorCode::CpuList);
    assert!(error.message().contains("NUL"), "{error}");

    let error = Options::from_json(r#"{"allowed_cpus":"2-1"}"#).unwrap_err();
    assert_eq!(error.code(), ErrorCode::CpuList);
    assert!(error.message().contains("2-1"), "{error}");
}

#[test]
fn bad_options_are_rejected_with_their_own_codes() {
    let error = Options::builder().allowed_cpus(CpuSet::new().unwrap()).build().unwrap_err();
    assert_eq!(error.code(), ErrorCode::Empty, "{error}");

    let error = Options::builder().pci_bus_ids("0000:zz:00.0").build().unwrap_err();
    assert_eq!(error.code(), ErrorCode::GpuSelection, "{error}");
    assert!(error.message().contains("0000:zz:00.0"), "{error}");

    let error = Options::from_json(r#"{"modes":"node"}"#).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Json, "{error}");
    assert!(error.message().contains("modes"), "{error}");

    let error = Options::from_json("{").unwrap_err();
    assert_eq!(error.code(), ErrorCode::Json, "{error}");
}

#[test]
fn ranks_out_of_range_are_erank_and_bind_nothing() {
    let _children = CHILDREN.lock().unwrap_or_else(|e| e.into_inner());
    let topology = two_node_machine();
    let options = machine_options().build().unwrap();
    let before = calling_thread_cpus();

    let error = topology.compute_cpuset(&options, 2).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Rank);
    assert_eq!(error.code().raw(), -8);
    assert!(error.message().contains("local rank 2"), "{error}");

    let error = topology.compute_cpuset(&options, u32::MAX).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Rank);
    assert!(error.message().contains("4294967295"), "{error}");

    let target = Target::Rank { topology: &topology, local_rank: 2 };
    assert_eq!(push(target, &options).unwrap_err().code(), ErrorCode::Rank);
    assert_eq!(spawn(&["true"], target, &options).unwrap_err().code(), ErrorCode::Rank);
    assert_eq!(Command::new("true").spawn_bound(target, &options).unwrap_err().code(), ErrorCode::Rank);
    assert_eq!(affinity_depth(), 0);
    assert_eq!(calling_thread_cpus(), before);
    assert!(no_children_left());

    // A rank beyond the GPUs in a plan is that rank's own error; the plan succeeds.
    let plan = topology.plan(&options, 3).unwrap();
    assert_eq!(plan.len(), 3);
    let rank = plan.rank(2).unwrap();
    assert_eq!(rank.error().map(|e| e.code()), Some(ErrorCode::Rank));
    assert_eq!((rank.gpu(), rank.numa_node()), (None, None));
}

#[test]
fn visible_devices_naming_no_gpu_fail_the_whole_plan_with_egpusel() {
    let topology = two_node_machine();
    let options = Options::builder().visible_devices("9").build().unwrap();
    let error = topology.plan(&options, 0).unwrap_err();
    assert_eq!(error.code(), ErrorCode::GpuSelection, "{error}");
    assert!(error.message().contains('9'), "{error}");
}

#[test]
fn missing_or_malformed_topologies_are_etopology_naming_the_path() {
    let missing = "/nonexistent/numabind-rust-test/machine.xml";
    let error = Topology::from_xml(missing).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Topology);
    assert_eq!(error.code().name(), "NB_ETOPOLOGY");
    assert!(error.message().contains(missing), "{error}");

    let missing_dir = "/nonexistent/numabind-rust-test-capture";
    let error = Topology::from_sysfs(missing_dir).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Topology);
    assert!(error.message().contains(missing_dir), "{error}");

    assert_eq!(Topology::from_xml_bytes(b"<not a topology/>").unwrap_err().code(), ErrorCode::Topology);
}

#[test]
fn a_program_that_does_not_exist_is_eexec_with_enoent_and_leaves_no_child() {
    let _children = CHILDREN.lock().unwrap_or_else(|e| e.into_inner());
    let topology = two_node_machine();
    let options = machine_options().build().unwrap();
    let target = Target::Rank { topology: &topology, local_rank: 0 };
    let before = calling_thread_cpus();

    let error = spawn(&[MISSING_PROGRAM], target, &options).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Exec);
    assert_eq!(error.code().raw(), -18);
    assert_eq!(error.raw_os_error(), Some(2), "ENOENT");
    assert!(error.message().contains(MISSING_PROGRAM), "{error}");

    let error = Command::new(MISSING_PROGRAM).spawn_bound(target, &options).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Exec);
    assert_eq!(error.os_error().map(|e| e.kind()), Some(std::io::ErrorKind::NotFound));
    assert!(error.message().contains(MISSING_PROGRAM), "{error}");

    let no_argv: &[&str] = &[];
    assert_eq!(spawn(no_argv, target, &options).unwrap_err().code(), ErrorCode::InvalidArgument);

    assert_eq!(calling_thread_cpus(), before);
    assert_eq!(affinity_depth(), 0);
    assert!(no_children_left());
}

#[test]
fn an_error_keeps_its_own_message_after_later_failures_here_and_on_other_threads() {
    let first = CpuSet::parse("3-1").unwrap_err();
    let second = "nod".parse::<Mode>().unwrap_err();
    let from_thread =
        thread::spawn(|| Topology::from_xml("/nonexistent/other-thread.xml").unwrap_err()).join().unwrap();
    assert!(first.message().contains("3-1"), "{first}");
    assert!(second.message().contains("nod"), "{second}");
    assert!(from_thread.message().contains("other-thread.xml"), "{from_thread}");
    assert_eq!(first.to_string(), format!("NB_ECPULIST: {}", first.message()));
}
