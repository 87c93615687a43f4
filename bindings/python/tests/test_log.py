"""set_log_callback(): the library's events reach a Python callable from any
thread, including threads that released the GIL (spawn)."""

from __future__ import annotations

import sys
import threading

import pytest

import numabind
from conftest import needs_cpus_0_and_1


@pytest.fixture
def events():
    received = []
    numabind.set_log_callback(lambda level, event: received.append((level, event)))
    yield received
    numabind.set_log_callback(None)


@needs_cpus_0_and_1
def test_bound_reports_the_binding(two_node, events):
    with numabind.bound(1, topology=two_node, mode="exclusive"):
        pass
    assert len(events) == 1
    level, event = events[0]
    assert level is numabind.LogLevel.INFO
    assert (event["event"], event["target"], event["local_rank"], event["cpus"]) == (
        "bound", "thread", 1, "1")
    assert event["options"]["mode"] == "exclusive"


def test_fallback_is_a_warning_naming_the_error(two_node, events):
    with numabind.bound(4, topology=two_node, fallback=True):
        pass
    [(level, event)] = events
    assert level is numabind.LogLevel.WARNING
    assert event["event"] == "fallback" and event["error"]["code"] == "NB_ERANK"
    assert event["cpus"] is None


@needs_cpus_0_and_1
def test_spawning_threads_call_back_concurrently(two_node, events):
    barrier = threading.Barrier(6)

    def spawner(rank: int) -> None:
        barrier.wait()
        for _ in range(10):
            numabind.spawn(["true"], local_rank=rank, topology=two_node).wait()

    threads = [threading.Thread(target=spawner, args=(i % 2,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    children = [event for _, event in events if event["target"] == "child"]
    assert len(children) == 60
    assert all(str(event["local_rank"]) == event["cpus"] for event in children)
    assert len({event["pid"] for event in children}) == 60


def test_exception_in_the_callback_goes_to_unraisablehook(two_node, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)

    def broken(level, event):
        raise ValueError("callback bug")

    numabind.set_log_callback(broken)
    try:
        with numabind.bound(4, topology=two_node, fallback=True):
            pass  # the call that logged still succeeded
    finally:
        numabind.set_log_callback(None)
    assert len(seen) == 1 and isinstance(seen[0].exc_value, ValueError)


def test_none_restores_the_default_warning_on_stderr(two_node, capfd):
    numabind.set_log_callback(lambda level, event: None)
    numabind.set_log_callback(None)
    with numabind.bound(4, topology=two_node, fallback=True):
        pass
    assert "numabind: warning: " in capfd.readouterr().err


def test_replacing_the_callback_releases_the_old_one(two_node):
    import weakref

    class Sink:
        def __call__(self, level, event):
            pass

    sink = Sink()
    alive = weakref.ref(sink)
    numabind.set_log_callback(sink)
    numabind.set_log_callback(lambda level, event: None)
    numabind.set_log_callback(None)
    del sink
    assert alive() is None


def test_not_callable_is_a_type_error():
    with pytest.raises(TypeError, match="must be callable or None"):
        numabind.set_log_callback("print")
