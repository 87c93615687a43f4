"""Handles are released by the garbage collector exactly once, in any order."""

from __future__ import annotations

import gc

import numabind
from conftest import G4DN_XML, TWO_NODE_XML


def resident_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def test_plan_outlives_its_topology():
    topology = numabind.Topology.from_xml(G4DN_XML)
    plan = numabind.plan(topology, nproc=9, mode="exclusive")
    del topology
    gc.collect()
    assert str(plan[3].cpus) == "18-23,66-71"
    assert '"local_rank":8' in plan.to_json()


def test_cpusets_outlive_their_plan_and_share_handles_safely(g4dn):
    plan = numabind.plan(g4dn, nproc=2)
    first = plan[0].cpus
    copy = numabind.CpuSet(first)  # shares the immutable C set
    del plan
    gc.collect()
    del first
    gc.collect()
    assert str(copy) == "0-23,48-71"


def test_options_outlive_the_calls_they_configured(g4dn):
    options = numabind.NumaOptions(mode="exclusive")
    cpus = numabind.compute_cpuset(g4dn, 3, options=options)
    del options
    gc.collect()
    assert str(cpus) == "18-23,66-71"


def test_no_leak_over_many_handles():
    document = TWO_NODE_XML.read_bytes()

    def churn() -> None:
        topology = numabind.Topology.from_xml_bytes(document)
        options = numabind.NumaOptions(mode="exclusive", allowed_cpus="0-1")
        plan = numabind.plan(topology, nproc=3, options=options)
        cpus = numabind.compute_cpuset(topology, 1, options=options)
        assert str(cpus) == "1" and plan[2].status == "NB_ERANK"
        assert numabind.NumaOptions.from_json(options.to_json()) == options
        try:
            numabind.compute_cpuset(topology, 5)
        except numabind.Error:
            pass
        str(plan[0].cpus), plan.to_json(), topology.gpus

    for _ in range(300):  # warm up allocator pools and caches
        churn()
    gc.collect()
    before = resident_kib()
    for _ in range(3000):
        churn()
    gc.collect()
    grown = resident_kib() - before
    # 3,000 rounds create ~40,000 handles and strings; a leak of even one
    # small object per round would add well over 1 MiB.
    assert grown < 1024, f"resident memory grew by {grown} KiB"


def test_collecting_in_other_threads_is_safe(g4dn):
    import threading

    errors = []

    def work() -> None:
        try:
            for _ in range(200):
                plan = numabind.plan(g4dn, mode="node")
                cpus = plan[1].cpus
                del plan
                assert str(cpus) == "0-23,48-71"
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
