"""bind_current_process(): every thread of a worker, from its entry point.
Each case runs in a fresh interpreter, since it binds a whole process."""

from __future__ import annotations

import multiprocessing
import os

import pytest

import numabind
from conftest import TWO_NODE_XML, needs_cpus_0_and_1
from scripts import run_script

pytestmark = needs_cpus_0_and_1


def test_binds_every_thread_with_the_original_affinity():
    report = run_script("""
        import json, os, sys, threading, numabind
        topology = numabind.Topology.from_xml(sys.argv[1])
        pinned_ready, go, seen = threading.Event(), threading.Event(), {}
        def idle(name, pin=None):
            if pin is not None:
                os.sched_setaffinity(0, pin)
            pinned_ready.set() if pin is not None else None
            go.wait()
            seen[name] = sorted(os.sched_getaffinity(0))
        threads = [threading.Thread(target=idle, args=("plain",)),
                   threading.Thread(target=idle, args=("pinned", {0}))]
        for t in threads: t.start()
        pinned_ready.wait()
        result = numabind.bind_current_process(1, topology=topology, mode="exclusive")
        go.set()
        for t in threads: t.join()
        late = []
        t = threading.Thread(target=lambda: late.append(sorted(os.sched_getaffinity(0))))
        t.start(); t.join()
        print(json.dumps({"returned": sorted(result), "main": sorted(os.sched_getaffinity(0)),
                          "late": late[0], **seen}))
    """, str(TWO_NODE_XML))
    assert report == {"returned": [1], "main": [1], "plain": [1], "pinned": [0], "late": [1]}


def test_inside_bound_is_estack():
    report = run_script("""
        import json, os, sys, numabind
        topology = numabind.Topology.from_xml(sys.argv[1])
        with numabind.bound(0, topology=topology):
            try:
                numabind.bind_current_process(1, topology=topology)
                outcome = "bound"
            except numabind.Error as error:
                outcome = error.name
        print(json.dumps({"outcome": outcome, "after": sorted(os.sched_getaffinity(0))}))
    """, str(TWO_NODE_XML))
    assert report == {"outcome": "NB_ESTACK", "after": [0, 1]}


def test_error_leaves_the_process_as_it_was():
    report = run_script("""
        import json, os, sys, numabind
        topology = numabind.Topology.from_xml(sys.argv[1])
        try:
            numabind.bind_current_process(3, topology=topology)
        except numabind.Error as error:
            print(json.dumps({"error": error.name, "after": sorted(os.sched_getaffinity(0))}))
    """, str(TWO_NODE_XML))
    assert report == {"error": "NB_ERANK", "after": [0, 1]}


def _worker(local_rank: int, topology_path: str, queue) -> None:
    # What a multiprocessing entry point does: bind first, then work.
    topology = numabind.Topology.from_xml(topology_path)
    numabind.bind_current_process(local_rank, topology=topology, mode="exclusive")
    queue.put((local_rank, sorted(os.sched_getaffinity(0))))


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_multiprocessing_entry_point(method):
    context = multiprocessing.get_context(method)
    queue = context.SimpleQueue()
    workers = [context.Process(target=_worker, args=(rank, str(TWO_NODE_XML), queue))
               for rank in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert sorted(queue.get() for _ in workers) == [(0, [0]), (1, [1])]
    assert os.sched_getaffinity(0) == {0, 1}
