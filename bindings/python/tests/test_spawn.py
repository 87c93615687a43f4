"""spawn(): children bound from their first instruction, checked through
/proc/<pid>/status while they run."""

from __future__ import annotations

import errno
import gc
import os
import signal
import subprocess
import threading
import time

import pytest

import numabind
from conftest import child_pids, cpus_allowed_list, needs_cpus_0_and_1


def status_cpus(pid: int) -> str:
    with open(f"/proc/{pid}/status") as status:
        return cpus_allowed_list(status.read())


def sleeper(**kwargs) -> numabind.BoundProcess:
    return numabind.spawn(["sleep", "30"], **kwargs)


def finish(child: numabind.BoundProcess) -> None:
    child.kill()
    assert child.wait() == -signal.SIGKILL


@needs_cpus_0_and_1
@pytest.mark.parametrize("rank", [0, 1])
def test_child_runs_on_the_ranks_cpus(two_node, rank):
    child = sleeper(local_rank=rank, topology=two_node, mode="exclusive")
    try:
        assert status_cpus(child.pid) == str(rank)
    finally:
        finish(child)


@needs_cpus_0_and_1
def test_explicit_cpus_and_rank_from_environment(two_node, monkeypatch):
    child = sleeper(cpus="1")
    try:
        assert status_cpus(child.pid) == "1"
    finally:
        finish(child)
    monkeypatch.setenv("OMPI_COMM_WORLD_LOCAL_RANK", "0")
    child = sleeper(topology=two_node)
    try:
        assert status_cpus(child.pid) == "0"
    finally:
        finish(child)


@needs_cpus_0_and_1
def test_many_threads_spawn_at_once(two_node):
    mismatches, barrier = [], threading.Barrier(8)

    def spawner(index: int) -> None:
        barrier.wait()
        for round_ in range(12):
            rank = (index + round_) % 2
            child = sleeper(local_rank=rank, topology=two_node)
            try:
                if status_cpus(child.pid) != str(rank):
                    mismatches.append((rank, status_cpus(child.pid)))
            finally:
                finish(child)
            if os.sched_getaffinity(0) != {0, 1}:
                mismatches.append(("thread left bound", os.sched_getaffinity(0)))

    threads = [threading.Thread(target=spawner, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert mismatches == []


def test_environment_and_working_directory(tmp_path):
    out = tmp_path / "out"
    child = numabind.spawn(["sh", "-c", 'pwd > "$0"; echo "$GREETING" >> "$0"', out],
                           cpus=sorted(os.sched_getaffinity(0)),
                           env={"GREETING": "hello", "PATH": os.environ["PATH"]}, cwd=tmp_path)
    assert child.wait() == 0
    assert out.read_text().splitlines() == [str(tmp_path), "hello"]


def test_inherits_the_environment_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMABIND_PY_TEST", "inherited")
    out = tmp_path / "out"
    child = numabind.spawn(["sh", "-c", 'echo "$NUMABIND_PY_TEST" > "$0"', out],
                           cpus=os.sched_getaffinity(0))
    assert child.wait() == 0 and out.read_text() == "inherited\n"


def test_exit_status_poll_wait_and_context_manager():
    cpus = os.sched_getaffinity(0)
    assert numabind.spawn(["sh", "-c", "exit 3"], cpus=cpus).wait() == 3
    with numabind.spawn(["sh", "-c", "exit 5"], cpus=cpus) as child:
        pass
    assert child.returncode == 5 and child.poll() == 5
    child = numabind.spawn(["sleep", "30"], cpus=cpus)
    assert child.poll() is None and child.returncode is None
    with pytest.raises(subprocess.TimeoutExpired):
        child.wait(timeout=0.05)
    child.terminate()
    assert child.wait(timeout=10) == -signal.SIGTERM
    child.kill()  # after it was waited for: ignored, as with Popen
    assert "returncode=-15" in repr(child)


def test_lone_string_is_the_program():
    assert numabind.spawn("true", cpus=os.sched_getaffinity(0)).wait() == 0


def test_program_not_found_is_eexec_and_leaves_no_child():
    before = child_pids()
    with pytest.raises(numabind.Error) as caught:
        numabind.spawn(["numabind-no-such-program", "x"], cpus=os.sched_getaffinity(0))
    assert caught.value.name == "NB_EEXEC"
    assert caught.value.os_error == errno.ENOENT
    assert "numabind-no-such-program" in caught.value.message
    assert child_pids() == before


def test_not_executable_is_eexec(tmp_path):
    script = tmp_path / "script"
    script.write_text("#!/bin/sh\n")
    with pytest.raises(numabind.Error) as caught:
        numabind.spawn([script], cpus=os.sched_getaffinity(0))
    assert caught.value.name == "NB_EEXEC" and caught.value.os_error == errno.EACCES


def test_rank_out_of_range_is_erank_and_starts_nothing(two_node):
    before = child_pids()
    with pytest.raises(numabind.Error) as caught:
        numabind.spawn(["true"], local_rank=7, topology=two_node)
    assert caught.value.name == "NB_ERANK"
    assert child_pids() == before


@needs_cpus_0_and_1
def test_fallback_starts_the_child_unbound(two_node):
    events = []
    numabind.set_log_callback(lambda level, event: events.append((level, event)))
    try:
        child = sleeper(local_rank=7, topology=two_node, fallback=True)
        try:
            assert status_cpus(child.pid) == "0-1"
        finally:
            finish(child)
    finally:
        numabind.set_log_callback(None)
    fallbacks = [event for level, event in events if level == numabind.LogLevel.WARNING]
    assert len(fallbacks) == 1
    assert fallbacks[0]["target"] == "child" and fallbacks[0]["error"]["code"] == "NB_ERANK"


def test_bad_arguments():
    cpus = os.sched_getaffinity(0)
    with pytest.raises(ValueError, match="argv must name the program"):
        numabind.spawn([], cpus=cpus)
    with pytest.raises(TypeError, match="argv must be a sequence"):
        numabind._capi.nb_spawn("true", None, None, numabind.CpuSet(cpus)._handle, None)
    with pytest.raises(ValueError, match="illegal environment variable name"):
        numabind.spawn(["true"], cpus=cpus, env={"A=B": "1"})
    with pytest.raises(TypeError):
        numabind.spawn(["true", 3], cpus=cpus)


def process_state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def test_collected_running_child_warns_and_is_reaped_later():
    child = numabind.spawn(["sleep", "0.2"], cpus=os.sched_getaffinity(0))
    pid = child.pid
    with pytest.warns(ResourceWarning, match=f"child process {pid} is still running"):
        del child
        gc.collect()
    deadline = time.monotonic() + 10
    while process_state(pid) != "Z":  # exited, and nobody waited for it yet
        assert time.monotonic() < deadline, "sleep 0.2 did not exit"
        time.sleep(0.02)
    numabind.spawn(["true"], cpus=os.sched_getaffinity(0)).wait()
    assert pid not in child_pids(), "the collected child was not reaped at the next spawn"
