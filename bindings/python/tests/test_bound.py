"""bound(): real bindings of the calling thread on CPUs 0 and 1 (the two-node
topology), seen by children started with subprocess."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import threading
from pathlib import Path

import pytest

import numabind
from conftest import cpus_allowed_list, needs_cpus_0_and_1

pytestmark = needs_cpus_0_and_1


def child_cpus() -> str:
    """Cpus_allowed_list as a child started with subprocess.Popen reports it."""
    child = subprocess.Popen(["cat", "/proc/self/status"], stdout=subprocess.PIPE, text=True)
    status, _ = child.communicate()
    assert child.returncode == 0
    return cpus_allowed_list(status)


def thread_cpus() -> set[int]:
    return os.sched_getaffinity(0)


@pytest.mark.parametrize("rank", [0, 1])
def test_popen_child_starts_on_the_ranks_cpus(two_node, rank):
    before = thread_cpus()
    with numabind.bound(local_rank=rank, mode="exclusive", topology=two_node) as cpus:
        assert cpus == {rank} and thread_cpus() == {rank}
        assert child_cpus() == str(rank)
    assert thread_cpus() == before
    assert child_cpus() == "0-1"


def test_local_rank_from_the_environment(two_node, monkeypatch):
    monkeypatch.setenv("LOCAL_RANK", "1")
    with numabind.bound(topology=two_node):
        assert child_cpus() == "1"


def test_default_topology_from_numabind_topology(monkeypatch):
    from conftest import TWO_NODE_XML
    monkeypatch.setenv("NUMABIND_TOPOLOGY", str(TWO_NODE_XML))
    with numabind.bound(0):
        assert child_cpus() == "0"


def test_explicit_cpus(two_node):
    with numabind.bound(cpus="1"):
        assert child_cpus() == "1"
    with numabind.bound(cpus=numabind.CpuSet([0])):
        assert child_cpus() == "0"


def test_nesting_restores_each_level(two_node):
    with numabind.bound(0, topology=two_node):
        assert numabind.affinity_depth() == 1
        with numabind.bound(1, topology=two_node):
            assert numabind.affinity_depth() == 2 and child_cpus() == "1"
            with numabind.bound(cpus="0-1"):
                assert child_cpus() == "0-1"
            assert child_cpus() == "1"
        assert child_cpus() == "0"
    assert numabind.affinity_depth() == 0


def test_exception_inside_restores(two_node):
    with pytest.raises(KeyError):
        with numabind.bound(1, topology=two_node):
            raise KeyError("boom")
    assert thread_cpus() == {0, 1} and numabind.affinity_depth() == 0


def test_threads_bind_only_themselves(two_node):
    rounds, errors = 10, []
    barrier = threading.Barrier(9)
    observer_saw: set[frozenset[int]] = set()
    stop = threading.Event()

    def binder(rank: int) -> None:
        try:
            barrier.wait()
            for _ in range(rounds):
                with numabind.bound(rank, topology=two_node):
                    got = child_cpus()
                    if got != str(rank) or thread_cpus() != {rank}:
                        errors.append(f"rank {rank}: child {got}, thread {thread_cpus()}")
                if thread_cpus() != {0, 1}:
                    errors.append(f"rank {rank}: not restored: {thread_cpus()}")
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(repr(error))

    def observer() -> None:
        barrier.wait()
        while not stop.is_set():
            observer_saw.add(frozenset(thread_cpus()))

    threads = [threading.Thread(target=binder, args=(i % 2,)) for i in range(8)]
    watcher = threading.Thread(target=observer)
    for thread in threads + [watcher]:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    watcher.join()
    assert errors == []
    assert observer_saw == {frozenset({0, 1})}, "another thread's binding reached the observer"


def test_multiprocessing_spawn_child_inherits(two_node):
    context = multiprocessing.get_context("spawn")
    queue = context.SimpleQueue()
    with numabind.bound(1, topology=two_node):
        worker = context.Process(target=_report_affinity, args=(queue,))
        worker.start()
    worker.join()
    assert worker.exitcode == 0 and queue.get() == {1}


def _report_affinity(queue) -> None:
    queue.put(os.sched_getaffinity(0))


def kernel_node_of_cpu(cpu: int) -> int:
    for node in Path("/sys/devices/system/node").glob("node[0-9]*"):
        if cpu in numabind.CpuSet((node / "cpulist").read_text().strip()):
            return int(node.name[4:])
    raise AssertionError(f"CPU {cpu} is on no node in sysfs")


def test_memory_policy_reaches_the_child(two_node):
    node = kernel_node_of_cpu(1)
    with numabind.bound(1, topology=two_node, mem_policy="bind"):
        maps = subprocess.run(["cat", "/proc/self/numa_maps"], capture_output=True, text=True,
                              check=True).stdout
    assert f" bind:{node} " in maps.splitlines()[0] + " "


def test_bad_mode_is_emode_and_nothing_changes(two_node):
    with pytest.raises(numabind.Error) as caught:
        with numabind.bound(0, topology=two_node, mode="nod"):
            pytest.fail("entered the block")
    assert caught.value.name == "NB_EMODE" and "'nod'" in caught.value.message
    assert numabind.affinity_depth() == 0 and thread_cpus() == {0, 1}


def test_rank_out_of_range_is_erank_and_nothing_changes(two_node):
    with pytest.raises(numabind.Error) as caught:
        with numabind.bound(2, topology=two_node):
            pytest.fail("entered the block")
    assert caught.value.name == "NB_ERANK"
    assert numabind.affinity_depth() == 0 and thread_cpus() == {0, 1}


def test_cpu_absent_here_is_eaffinity():
    missing = max(os.sched_getaffinity(0)) + 1000
    with pytest.raises(numabind.Error) as caught:
        with numabind.bound(cpus=[missing]):
            pytest.fail("entered the block")
    assert caught.value.name == "NB_EAFFINITY" and str(missing) in caught.value.message


def test_fallback_runs_the_block_unbound(two_node):
    numabind.set_log_callback(lambda level, event: None)  # keep stderr quiet
    try:
        with numabind.bound(5, topology=two_node, fallback=True) as cpus:
            assert cpus == {0, 1} and numabind.affinity_depth() == 1
            assert child_cpus() == "0-1"
    finally:
        numabind.set_log_callback(None)


def test_cpus_and_rank_together_are_refused(two_node):
    with pytest.raises(TypeError, match="either cpus or local_rank/topology"):
        numabind.bound(0, cpus="0")


def test_leaving_on_another_thread_is_refused(two_node):
    block = numabind.bound(1, topology=two_node)
    block.__enter__()
    try:
        failure = []
        thread = threading.Thread(target=lambda: _try_exit(block, failure))
        thread.start()
        thread.join()
        assert "thread that entered it" in failure[0]
    finally:
        block.__exit__(None, None, None)


def _try_exit(block, failure) -> None:
    try:
        block.__exit__(None, None, None)
    except RuntimeError as error:
        failure.append(str(error))


def test_an_unpopped_push_inside_is_reported(two_node):
    block = numabind.bound(0, topology=two_node)
    block.__enter__()
    inner = numabind.bound(1, topology=two_node)
    inner.__enter__()
    with pytest.raises(RuntimeError, match="has 2 push"):
        block.__exit__(None, None, None)
    inner.__exit__(None, None, None)
    block.__exit__(None, None, None)


def test_one_object_per_block(two_node):
    block = numabind.bound(0, topology=two_node)
    with block:
        with pytest.raises(RuntimeError, match="already active"):
            block.__enter__()
    with block:  # reusable once left
        assert child_cpus() == "0"
