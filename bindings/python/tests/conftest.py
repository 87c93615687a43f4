"""Shared fixtures for the numabind Python tests.

tests/data/two_node_machine.xml describes this machine's CPUs 0 and 1 as two
NUMA nodes with one NVIDIA GPU each (0000:10:00.0 on node 0 / CPU 0,
0000:20:00.0 on node 1 / CPU 1). It is the output of the C++ tests' generator
(tests/support/synthetic_topology, hwloc_xml()) for the same spec as
tests/process two_node_machine(): nodes_per_package = 2, nvidia_gpu(bus 10,
node 0), nvidia_gpu(bus 20, node 1). Bindings computed from it apply on any
machine that has CPUs 0 and 1, which is how real children are checked here.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import numabind

REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
DATA = Path(__file__).resolve().parent / "data"
TWO_NODE_XML = DATA / "two_node_machine.xml"
G4DN_XML = FIXTURES / "aws-g4dn-metal_2x-xeon8259cl_8xt4.xml"

# Variables that change which GPU or rank a call picks; every test starts
# without them (a test that needs one sets it with monkeypatch).
ENVIRONMENT_INPUTS = (
    "CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES", "NUMABIND_TOPOLOGY",
    "LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK",
)

HAS_CPUS_0_AND_1 = {0, 1} <= os.sched_getaffinity(0)
needs_cpus_0_and_1 = pytest.mark.skipif(
    not HAS_CPUS_0_AND_1,
    reason="real-affinity tests bind to CPUs 0 and 1 of the two-node topology; this process "
           f"may only use CPUs {sorted(os.sched_getaffinity(0))}")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ENVIRONMENT_INPUTS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def thread_left_as_found():
    """Every test must leave the calling thread's binding as it found it."""
    affinity, depth = os.sched_getaffinity(0), numabind.affinity_depth()
    threads = threading.active_count()
    yield
    assert numabind.affinity_depth() == depth, "a binding pushed by the test was not popped"
    assert os.sched_getaffinity(0) == affinity, "the test changed the thread's affinity"
    assert threading.active_count() == threads, "the test left a thread running"


@pytest.fixture(scope="session")
def two_node() -> numabind.Topology:
    return numabind.Topology.from_xml(TWO_NODE_XML)


@pytest.fixture(scope="session")
def g4dn() -> numabind.Topology:
    return numabind.Topology.from_xml(G4DN_XML)


def cpus_allowed_list(status_text: str) -> str:
    """The Cpus_allowed_list value of a /proc/<pid>/status text."""
    for line in status_text.splitlines():
        if line.startswith("Cpus_allowed_list:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no Cpus_allowed_list in:\n{status_text}")


def child_pids() -> set[int]:
    """This process's children, living or zombie, from /proc."""
    me, children = os.getpid(), set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            children.add(int(entry.name))
    return children
