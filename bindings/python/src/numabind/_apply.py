"""Applying bindings: bound() around child launches, bind_current_process()
inside a worker."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from typing import Any, Optional, Union

from . import _capi, _forkserver_guard
from ._cpuset import CpuSet
from ._options import NumaOptions
from ._target import Target
from ._topology import Topology


def _thread_affinity() -> CpuSet:
    # sched_getaffinity(0) reads the calling thread's mask on Linux.
    return CpuSet(os.sched_getaffinity(0))


def affinity_depth() -> int:
    """Number of bindings pushed on the calling thread and not yet restored."""
    return _capi.nb_affinity_depth()


class bound:
    """Bind the calling thread for the ``with`` block, then restore it.

    ::

        with numabind.bound(local_rank=3, mode="exclusive", topology=topo):
            worker = subprocess.Popen([...])   # starts bound, stays bound

    The calling thread gets the binding of ``local_rank`` (default: the
    environment's local rank) on ``topology`` (default:
    :func:`default_topology`), or exactly ``cpus``, with the options' memory
    policy; children it starts meanwhile (subprocess, os.fork,
    multiprocessing's 'spawn' and 'fork' start methods) inherit it. Other
    threads are untouched, and blocks nest. Leaving the block restores the
    thread's affinity and memory policy, on exceptions too; it must happen on
    the thread that entered. The value of ``as`` is the thread's CPU affinity
    inside the block (unchanged when ``fallback=True`` let an impossible
    binding run unbound).

    A thread started inside the block inherits the binding too, and keeps
    it for life: start thread pools before entering. A multiprocessing
    'forkserver' inside the block raises :class:`ForkserverBindingError`
    (see its documentation).
    """

    __slots__ = ("_target", "_thread", "_depth")

    def __init__(self, local_rank: Optional[int] = None, *, topology: Optional[Topology] = None,
                 cpus: Union[CpuSet, str, Iterable[int], None] = None,
                 options: Optional[NumaOptions] = None, **option_fields: Any) -> None:
        self._target = Target("bound", local_rank, topology, cpus, options, option_fields)
        self._thread: Optional[int] = None
        self._depth = 0

    def __enter__(self) -> CpuSet:
        if self._thread is not None:
            raise RuntimeError("this numabind.bound() is already active; create one per with-block")
        _forkserver_guard.install()
        target = self._target
        depth = _capi.nb_affinity_depth()
        if target.cpus is not None:
            _capi.nb_affinity_push(target.cpus._handle, target.options._native)
        else:
            _capi.nb_affinity_push_rank(target.topology._handle, target.options._native,
                                        target.local_rank)
        self._thread = threading.get_ident()
        self._depth = depth + 1
        return _thread_affinity()

    def __exit__(self, *exc_info: Any) -> None:
        if self._thread != threading.get_ident():
            raise RuntimeError("numabind.bound() must be left on the thread that entered it: "
                               "the binding belongs to that thread")
        depth = _capi.nb_affinity_depth()
        if depth != self._depth:
            raise RuntimeError(
                f"numabind.bound(): the thread's affinity stack has {depth} push(es) where this "
                f"block left {self._depth}; a push made inside the block was not popped")
        self._thread = None
        _capi.nb_affinity_pop()


def bind_current_process(local_rank: Optional[int] = None, *, topology: Optional[Topology] = None,
                         cpus: Union[CpuSet, str, Iterable[int], None] = None,
                         options: Optional[NumaOptions] = None, **option_fields: Any) -> CpuSet:
    """Bind this whole process for good: every thread that still has the
    process's original affinity (threads someone pinned on purpose are left
    alone); for the entry point of a worker (multiprocessing, torchrun)::

        def worker(local_rank):
            numabind.bind_current_process(local_rank, mode="node")
            ...

    Arguments as for :class:`bound`. The memory policy applies to the calling
    thread and the threads it starts afterwards. Raises Error NB_ESTACK inside
    :class:`bound`. Returns the calling thread's CPU affinity afterwards.
    """
    target = Target("bind_current_process", local_rank, topology, cpus, options, option_fields)
    if target.cpus is not None:
        _capi.nb_bind_current_process(target.cpus._handle, target.options._native)
    else:
        _capi.nb_bind_current_process_rank(target.topology._handle, target.options._native,
                                           target.local_rank)
    return _thread_affinity()
