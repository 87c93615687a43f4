"""compute_cpuset() and plan(). Expected CPUs are worked out by hand from the
documented modes: the g4dn.metal has 2 nodes x 24 cores, hardware threads
c and c+48, GPUs 0-3 on node 0 and 4-7 on node 1 (bus ids 18, 19, 35, 36 /
e7, e8, f4, f5); "exclusive" gives each of a node's 4 GPUs 6 cores."""

from __future__ import annotations

import json
import pickle

import pytest

import numabind
from conftest import REPO_ROOT


@pytest.mark.parametrize("rank, cpus", [
    (0, "0-5,48-53"), (3, "18-23,66-71"), (4, "24-29,72-77"), (7, "42-47,90-95")])
def test_exclusive_splits_each_node_among_its_gpus(g4dn, rank, cpus):
    assert str(numabind.compute_cpuset(g4dn, rank, mode="exclusive")) == cpus


def test_node_and_socket_modes(g4dn):
    assert numabind.compute_cpuset(g4dn, 5) == numabind.CpuSet("24-47,72-95")
    assert numabind.compute_cpuset(g4dn, 0, mode="socket") == numabind.CpuSet("0-23,48-71")


def test_options_object_and_keywords_combine(g4dn):
    options = numabind.NumaOptions(mode="exclusive", allowed_cpus="0-11")
    # 12 allowed cores on node 0 for 4 GPUs: 3 each (hyperthreads not allowed).
    assert str(numabind.compute_cpuset(g4dn, 1, options=options)) == "3-5"
    assert str(numabind.compute_cpuset(g4dn, 1, options=options, mode="node")) == "0-11"
    assert str(numabind.compute_cpuset(g4dn, 1, options={"mode": "exclusive"})) == "6-11,54-59"


def test_visible_devices_remap_ranks(g4dn, monkeypatch):
    assert str(numabind.compute_cpuset(g4dn, 0, visible_devices="5")) == "24-47,72-95"
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "6,2")  # rank 0: GPU 6 (node 1), rank 1: GPU 2 (node 0)
    assert str(numabind.compute_cpuset(g4dn, 0)) == "24-47,72-95"
    assert str(numabind.compute_cpuset(g4dn, 1)) == "0-23,48-71"


def test_rank_out_of_range_is_erank_naming_it(g4dn):
    with pytest.raises(numabind.Error) as caught:
        numabind.compute_cpuset(g4dn, 8)
    assert caught.value.name == "NB_ERANK" and caught.value.code == numabind._capi.NB_ERANK
    assert "8" in caught.value.message
    with pytest.raises(numabind.Error, match="NB_ERANK"):
        numabind.compute_cpuset(g4dn, -1)
    with pytest.raises(OverflowError, match="local_rank 4294967296 does not fit a C int"):
        numabind.compute_cpuset(g4dn, 2**32)


def test_no_gpu_is_enogpu():
    no_gpu = numabind.Topology.from_xml(
        REPO_ROOT / "tests/fixtures/ibm-x3950m2_4-chassis_16pkg_4numa_ati-es1000.xml")
    with pytest.raises(numabind.Error) as caught:
        numabind.plan(no_gpu)
    assert caught.value.name == "NB_ENOGPU"


def test_local_rank_defaults_to_the_environment(g4dn, monkeypatch):
    monkeypatch.setenv("SLURM_LOCALID", "2")
    assert numabind.local_rank_from_environment() == 2
    monkeypatch.setenv("LOCAL_RANK", "3")  # torchrun's wins
    assert numabind.local_rank_from_environment() == 3
    assert str(numabind.compute_cpuset(g4dn, mode="exclusive")) == "18-23,66-71"


def test_local_rank_missing_or_bad_in_the_environment_is_erank(g4dn, monkeypatch):
    with pytest.raises(numabind.Error) as caught:
        numabind.compute_cpuset(g4dn)
    assert caught.value.name == "NB_ERANK" and "LOCAL_RANK" in caught.value.message
    monkeypatch.setenv("LOCAL_RANK", "three")
    with pytest.raises(numabind.Error) as caught:
        numabind.local_rank_from_environment()
    assert caught.value.name == "NB_ERANK" and "three" in caught.value.message


def test_plan_ranks(g4dn):
    plan = numabind.plan(g4dn, mode="exclusive")
    assert len(plan) == 8 and plan.mode == "exclusive" and not plan.fallback
    assert [str(rank.cpus) for rank in plan[:2]] == ["0-5,48-53", "6-11,54-59"]
    assert [rank.pci_bus_id for rank in plan] == [
        "0000:18:00.0", "0000:19:00.0", "0000:35:00.0", "0000:36:00.0",
        "0000:e7:00.0", "0000:e8:00.0", "0000:f4:00.0", "0000:f5:00.0"]
    assert [rank.numa_node for rank in plan] == [0, 0, 0, 0, 1, 1, 1, 1]
    assert [rank.gpu_index for rank in plan] == list(range(8))
    assert all(rank.ok and rank.status == "NB_OK" and rank.error is None for rank in plan)
    assert plan[-1].local_rank == 7


def test_plan_rank_errors_are_per_rank(g4dn):
    plan = numabind.plan(g4dn, nproc=10, allowed_cpus="0-23")
    assert [rank.status for rank in plan] == ["NB_OK"] * 4 + ["NB_ENOTALLOWED"] * 4 + ["NB_ERANK"] * 2
    out_of_range = plan[9]
    assert (out_of_range.cpus, out_of_range.gpu_index, out_of_range.pci_bus_id,
            out_of_range.numa_node) == (None, None, None, None)
    assert out_of_range.error.name == "NB_ERANK" and "9" in out_of_range.error.message
    outside = plan[4]
    assert outside.cpus is None and not outside.ok
    assert (outside.gpu_index, outside.pci_bus_id, outside.numa_node) == (4, "0000:e7:00.0", 1)
    assert outside.error.code == numabind._capi.NB_ENOTALLOWED


def test_plan_json_is_the_librarys(g4dn):
    plan = numabind.plan(g4dn, nproc=1)
    assert json.loads(plan.to_json()) == {
        "schema": "numabind.plan/1", "mode": "node", "fallback": False,
        "ranks": [{"local_rank": 0, "gpu": {"index": 0, "pci_bus_id": "0000:18:00.0"},
                   "numa_node": 0, "cpus": "0-23,48-71"}]}


def test_plan_entries_pickle_but_the_plan_does_not(g4dn):
    plan = numabind.plan(g4dn, nproc=9)
    assert pickle.loads(pickle.dumps(plan[0])) == plan[0]
    assert pickle.loads(pickle.dumps(plan[8])).error.name == "NB_ERANK"
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(plan)


def test_topology_must_be_a_topology():
    with pytest.raises(TypeError, match="topology must be a numabind.Topology, not str"):
        numabind.compute_cpuset("machine.xml", 0)
