"""Refuse to let a thread binding meet a multiprocessing forkserver.

bound() binds the calling thread, and a child inherits the binding from the
thread that creates it. A forkserver child is not created by that thread:
the forkserver process forks it, from the affinity the forkserver itself
was started with. So inside bound():
  - starting the forkserver would bind the forkserver, and through it every
    process it forks later, inside bound() or not (a leak that outlives the
    block, and is invisible where it shows);
  - starting a child of a running forkserver would leave that child unbound,
    although the code reads as if it were bound.
Both pass through ForkServer.connect_to_new_process / ensure_running, the only
places where either can happen, so those are wrapped: with pushes on the
calling thread's affinity stack they raise ForkserverBindingError; otherwise
they run unchanged. A binding of the whole process (bind_current_process) is
meant to reach everything, forkserver included, and is not refused.
"""

from __future__ import annotations

import functools
import threading

from . import _capi
from ._errors import ForkserverBindingError

_lock = threading.Lock()
_installed = False

_ADVICE = ("Bind the worker itself instead: call numabind.bind_current_process(local_rank=...) "
           "at the start of its entry point, or start it with numabind.spawn(...), or use the "
           "'spawn' or 'fork' start method inside numabind.bound(), whose children are created "
           "by the bound thread.")


def _refuse_if_bound(server) -> None:
    depth = _capi.nb_affinity_depth()
    if depth == 0:
        return
    if getattr(server, "_forkserver_pid", None) is None:
        what = ("starting the multiprocessing forkserver here would bind the forkserver, and "
                "through it every process it forks later, inside bound() or not")
    else:
        what = ("a forkserver child is forked by the forkserver, which does not have this "
                "thread's binding: the child would run unbound")
    raise ForkserverBindingError(
        f"numabind.bound() is active on this thread ({depth} affinity push(es)), and {what}. "
        + _ADVICE)


def _guarded(method):
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        _refuse_if_bound(self)
        return method(self, *args, **kwargs)

    return guarded


def install() -> None:
    """Wrap the forkserver's entry points (once per process)."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        from multiprocessing import forkserver

        server_class = forkserver.ForkServer
        for name in ("ensure_running", "connect_to_new_process"):
            setattr(server_class, name, _guarded(getattr(server_class, name)))
            # The module's functions are the singleton's bound methods, taken
            # at import: rebind them to the guarded ones.
            setattr(forkserver, name, getattr(forkserver._forkserver, name))
        _installed = True
