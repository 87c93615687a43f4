//! Loading topologies (XML file, XML bytes, sysfs capture, live machine),
//! plans on them, and options built, written and read as JSON. Expected
//! values come from hwloc's lstopo and the header's documentation.

use std::env;
use std::fs;
use std::process::Command;

use numabind::{CpuSet, GpuVendor, MemPolicy, Mode, Options, Topology};
use serde_json::{json, Value};

mod support;
use support::{machine_options, repo_root, two_node_machine, two_node_machine_path, TempDir};

#[test]
fn two_node_machine_plans_each_gpu_on_its_own_node_and_cpu() {
    // lstopo: GPU 0000:10:00.0 under NUMA node P#0 with PU P#0, 0000:20:00.0
    // under node P#1 with PU P#1.
    let topology = two_node_machine();
    assert!(!topology.is_live());
    let options = machine_options().build().unwrap();
    assert_eq!(topology.gpu_count(&options).unwrap(), 2);
    let plan = topology.plan(&options, 0).unwrap();
    assert_eq!(plan.len(), 2);
    for (rank, cpus) in [(0u32, "0"), (1, "1")] {
        let planned = plan.rank(rank as usize).unwrap();
        assert_eq!(planned.local_rank(), rank);
        assert_eq!(planned.gpu(), Some(rank));
        assert_eq!(planned.numa_node(), Some(rank));
        assert_eq!(planned.cpus().unwrap(), &CpuSet::parse(cpus).unwrap());
        assert_eq!(topology.compute_cpuset(&options, rank).unwrap().to_string(), cpus);
    }
    let json: Value = serde_json::from_str(&topology.to_json(&options).unwrap()).unwrap();
    assert_eq!(json["schema"], "numabind.topology/1");
    assert_eq!(json["gpus"][0]["pci_bus_id"], "0000:10:00.0");
    assert_eq!(json["gpus"][1]["pci_bus_id"], "0000:20:00.0");
    assert_eq!(json["gpus"][1]["numa_node"], 1);
}

#[test]
fn xml_bytes_give_the_same_plan_as_the_file() {
    let bytes = fs::read(two_node_machine_path()).unwrap();
    let options = machine_options().mode(Mode::Exclusive).build().unwrap();
    let from_bytes = Topology::from_xml_bytes(&bytes).unwrap().plan(&options, 0).unwrap();
    let from_file = two_node_machine().plan(&options, 0).unwrap();
    assert_eq!(from_bytes, from_file);
    assert_eq!(from_bytes.to_json(), from_file.to_json());
}

#[test]
fn sysfs_capture_of_a_power9_node_has_cpu_nodes_0_and_8() {
    // hwloc's bundled POWER9 capture: read with hwloc's defaults, CPU nodes
    // P#0 (CPUs 0-15) and P#8 (88-103); the six GPUs (vendor 0000 in the
    // capture) are named by bus id, three local to each node (lstopo).
    let capture = TempDir::new("power9-capture");
    let tarball = repo_root().join("tests/fixtures/nvidiagpunumanodes.tar.bz2");
    let status = Command::new("tar").arg("xjf").arg(&tarball).arg("-C").arg(capture.path()).status();
    assert!(status.map(|s| s.success()).unwrap_or(false), "tar xjf {} failed", tarball.display());

    let topology = Topology::from_sysfs(capture.path().join("nvidiagpunumanodes")).unwrap();
    assert!(!topology.is_live());
    assert_eq!(topology.gpu_count(&Options::new().unwrap()).unwrap(), 0, "vendor 0000 devices are not discovered");
    let options = Options::builder()
        .pci_bus_ids("0004:05:00.0,0004:06:00.0,0006:00:00.0,0007:00:00.0,0035:04:00.0,0035:05:00.0")
        .build()
        .unwrap();
    let plan = topology.plan(&options, 0).unwrap();
    let nodes: Vec<_> = plan.ranks().iter().map(|r| r.numa_node()).collect();
    assert_eq!(nodes, [0, 0, 0, 8, 8, 8].map(Some));
    assert_eq!(plan.rank(0).unwrap().cpus().unwrap().to_string(), "0-15");
    assert_eq!(plan.rank(5).unwrap().cpus().unwrap().to_string(), "88-103");
}

#[test]
fn the_live_machine_loads_unless_numabind_topology_names_a_file() {
    let topology = Topology::load().unwrap();
    assert_eq!(topology.is_live(), env::var_os("NUMABIND_TOPOLOGY").is_none());
    let json: Value = serde_json::from_str(&topology.to_json(&Options::new().unwrap()).unwrap()).unwrap();
    assert_eq!(json["schema"], "numabind.topology/1");
    assert!(topology.gpu_count(&Options::new().unwrap()).is_ok());
}

#[test]
fn default_options_are_the_documented_defaults() {
    let json: Value = serde_json::from_str(&Options::new().unwrap().to_json().unwrap()).unwrap();
    assert_eq!(
        json,
        json!({"schema": "numabind.options/1", "mode": "node", "fallback": false, "allowed_cpus": null,
               "gpu_vendor": "auto", "pci_bus_ids": null, "visible_devices": null, "mem_policy": "local"})
    );
}

#[test]
fn builder_sets_every_field_and_json_round_trips() {
    let options = Options::builder()
        .mode(Mode::CoreComplex)
        .fallback(true)
        .allowed_cpus(CpuSet::parse("8,0-3").unwrap())
        .gpu_vendor(GpuVendor::Amd)
        .pci_bus_ids("4e:00.0,0000:5F:00.0")
        .visible_devices("1,0")
        .mem_policy(MemPolicy::Interleave)
        .build()
        .unwrap();
    let written = options.to_json().unwrap();
    let json: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(
        json,
        json!({"schema": "numabind.options/1", "mode": "core-complex", "fallback": true, "allowed_cpus": "0-3,8",
               "gpu_vendor": "amd", "pci_bus_ids": ["0000:4e:00.0", "0000:5f:00.0"], "visible_devices": "1,0",
               "mem_policy": "interleave"})
    );
    assert_eq!(Options::from_json(&written).unwrap().to_json().unwrap(), written);
    assert_eq!(options.clone().to_json().unwrap(), written);
}
