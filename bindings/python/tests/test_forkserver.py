"""A multiprocessing forkserver inside bound() raises ForkserverBindingError,
before anything is started; outside bound() it works as usual. Each case runs
in a fresh interpreter, whose forkserver state it controls."""

from __future__ import annotations

from conftest import TWO_NODE_XML, needs_cpus_0_and_1
from scripts import run_script

pytestmark = needs_cpus_0_and_1

PRELUDE = """
import json, os, sys, numabind
from multiprocessing import forkserver, get_context

def affinity():
    return sorted(os.sched_getaffinity(0))

def server_pid():
    return forkserver._forkserver._forkserver_pid

def status_cpus(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(l.split(":")[1].strip() for l in status if l.startswith("Cpus_allowed_list"))

def run_child(context):
    queue = context.SimpleQueue()
    child = context.Process(target=report, args=(queue,))
    child.start()
    child.join(30)
    assert child.exitcode == 0, f"forkserver child exit code {child.exitcode}"
    return queue.get()

def report(queue):
    queue.put(affinity())

topology = numabind.Topology.from_xml(sys.argv[1])
context = get_context("forkserver")
"""


def test_starting_the_forkserver_inside_bound_is_refused():
    report = run_script(PRELUDE + """
if __name__ == "__main__":
    with numabind.bound(1, topology=topology):
        try:
            run_child(context)
            refused = None
        except numabind.ForkserverBindingError as error:
            refused = str(error)
        started_inside = server_pid()
    # Outside the block everything works, and nothing carries the binding.
    child = run_child(context)
    print(json.dumps({"refused": refused, "started_inside": started_inside, "child": child,
                      "server": status_cpus(server_pid())}))
""", str(TWO_NODE_XML))
    assert report["refused"] is not None, "the forkserver was started inside bound()"
    assert "starting the multiprocessing forkserver here would bind the forkserver" in report["refused"]
    assert "bind_current_process" in report["refused"]
    assert report["started_inside"] is None
    assert report["child"] == [0, 1] and report["server"] == "0-1"


def test_explicit_ensure_running_inside_bound_is_refused():
    report = run_script(PRELUDE + """
if __name__ == "__main__":
    with numabind.bound(0, topology=topology):
        pass  # the guard is installed by the first bound()
    with numabind.bound(0, topology=topology):
        try:
            forkserver.ensure_running()
            outcome = "started"
        except numabind.ForkserverBindingError:
            outcome = "refused"
    print(json.dumps({"outcome": outcome, "server": server_pid()}))
""", str(TWO_NODE_XML))
    assert report == {"outcome": "refused", "server": None}


def test_child_of_a_running_forkserver_inside_bound_is_refused():
    report = run_script(PRELUDE + """
if __name__ == "__main__":
    before = run_child(context)
    with numabind.bound(1, topology=topology):
        try:
            run_child(context)
            refused = None
        except numabind.ForkserverBindingError as error:
            refused = str(error)
    print(json.dumps({"before": before, "refused": refused}))
""", str(TWO_NODE_XML))
    assert report["before"] == [0, 1]
    assert "the child would run unbound" in report["refused"]


def test_whole_process_binding_reaches_forkserver_children():
    # bind_current_process binds everything on purpose: no error, and the
    # forkserver and its children carry the binding.
    report = run_script(PRELUDE + """
if __name__ == "__main__":
    numabind.bind_current_process(1, topology=topology)
    print(json.dumps({"child": run_child(context), "server": status_cpus(server_pid())}))
""", str(TWO_NODE_XML))
    assert report == {"child": [1], "server": "1"}


def test_other_threads_may_use_the_forkserver_meanwhile():
    # The guard looks at the calling thread's stack only: a thread that was
    # running before the block (a thread started inside it would inherit the
    # binding) uses the forkserver while the main thread is bound.
    report = run_script(PRELUDE + """
import threading
if __name__ == "__main__":
    result, go = {}, threading.Event()
    def other():
        go.wait()
        result["child"] = run_child(context)
    thread = threading.Thread(target=other)
    thread.start()
    with numabind.bound(1, topology=topology):
        go.set()
        thread.join()
    print(json.dumps(result))
""", str(TWO_NODE_XML))
    assert report == {"child": [0, 1]}
