"""spawn(): start a program bound from its first instruction."""

from __future__ import annotations

import math
import os
import select
import signal
import subprocess
import threading
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional, Union

from . import _capi
from ._cpuset import CpuSet
from ._options import NumaOptions
from ._target import Target
from ._topology import Topology

StrPath = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

# Children whose BoundProcess was collected while they still ran: reaped at
# the next spawn(), as subprocess does for Popen objects, so none stays a zombie.
_unreaped: list["BoundProcess"] = []
_unreaped_lock = threading.Lock()


class BoundProcess:
    """A child started by :func:`spawn`: the subset of ``subprocess.Popen``
    that applies to a process whose descriptors were inherited, not piped.

    ``pid``, ``args``, ``returncode`` (None while running; ``-N`` when killed
    by signal N), ``poll()``, ``wait(timeout=None)`` (raises
    ``subprocess.TimeoutExpired``), ``send_signal()``, ``terminate()``,
    ``kill()``; as a context manager it waits for the child on exit. Signals
    go through a pidfd, so they never reach another process that reused the
    pid.
    """

    def __init__(self, pid: int, args: Sequence[Any]) -> None:
        self.pid = pid
        self.args = args
        self.returncode: Optional[int] = None
        self._lock = threading.Lock()
        try:
            # The child cannot have been reaped yet (only we wait for it), so
            # this pidfd is the child's.
            self._pidfd: Optional[int] = os.pidfd_open(pid)
        except (AttributeError, OSError):  # kernel before 5.3
            self._pidfd = None

    def _reap(self, flags: int) -> Optional[int]:
        with self._lock:
            if self.returncode is None:
                try:
                    pid, status = os.waitpid(self.pid, flags)
                except ChildProcessError:
                    # SIGCHLD ignored, or reaped elsewhere: the status is lost
                    # (subprocess.Popen reports 0 as well).
                    pid, status = self.pid, 0
                if pid == self.pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
                    self._close_pidfd()
            return self.returncode

    def poll(self) -> Optional[int]:
        """The exit code if the child has ended, else None."""
        return self._reap(os.WNOHANG)

    def wait(self, timeout: Optional[float] = None) -> int:
        """Wait for the child to end and return its exit code."""
        if self.returncode is not None:
            return self.returncode
        if timeout is None:
            return self._reap(0)
        deadline = time.monotonic() + timeout
        pidfd = self._pidfd
        if pidfd is not None:
            poller = select.poll()
            poller.register(pidfd, select.POLLIN)  # readable once the child exits
            while self.poll() is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not poller.poll(math.ceil(remaining * 1000)):
                    if self.poll() is not None:
                        break
                    raise subprocess.TimeoutExpired(self.args, timeout)
        else:
            delay = 0.0005
            while self.poll() is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise subprocess.TimeoutExpired(self.args, timeout)
                delay = min(delay * 2, remaining, 0.05)
                time.sleep(delay)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        """Send ``sig`` to the child, unless it has already been waited for."""
        self.poll()
        if self.returncode is not None:
            return
        try:
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, sig)
            else:
                os.kill(self.pid, sig)
        except ProcessLookupError:
            pass  # exited meanwhile, not yet waited for

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _close_pidfd(self) -> None:
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None

    def __enter__(self) -> "BoundProcess":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.wait()

    def __del__(self) -> None:
        if getattr(self, "returncode", 0) is not None or self.poll() is not None:
            return
        warnings.warn(f"numabind: child process {self.pid} is still running",
                      ResourceWarning, stacklevel=2, source=self)
        with _unreaped_lock:
            _unreaped.append(self)

    def __repr__(self) -> str:
        return f"<numabind.BoundProcess pid={self.pid} returncode={self.returncode}>"


def _reap_collected() -> None:
    with _unreaped_lock:
        _unreaped[:] = [child for child in _unreaped if child.poll() is None]


def _argv(args: Union[StrPath, Sequence[StrPath]]) -> list[StrPath]:
    # As subprocess.Popen without a shell: a lone string is the program.
    if isinstance(args, (str, bytes, os.PathLike)):
        return [args]
    return list(args)


def _envp(env: Optional[Mapping[StrPath, StrPath]]) -> Optional[list[bytes]]:
    if env is None:
        return None
    entries = []
    for key, value in env.items():
        name = os.fsencode(key)
        if not name or b"=" in name:
            raise ValueError(f"illegal environment variable name {key!r}")
        entries.append(name + b"=" + os.fsencode(value))
    return entries


def spawn(args: Union[StrPath, Sequence[StrPath]], local_rank: Optional[int] = None, *,
          topology: Optional[Topology] = None,
          cpus: Union[CpuSet, str, Iterable[int], None] = None,
          env: Optional[Mapping[StrPath, StrPath]] = None, cwd: Optional[StrPath] = None,
          options: Optional[NumaOptions] = None, **option_fields: Any) -> BoundProcess:
    """Start ``args`` bound from its first instruction and return it as a
    :class:`BoundProcess`.

    The binding (arguments as for :class:`bound`) is applied to the calling
    thread only for the instant of ``posix_spawnp``, with no middleman whose
    own binding could leak into the child; any number of threads may spawn at
    once. ``args[0]`` is looked up in ``PATH``; ``env`` (a mapping) replaces
    the environment; ``cwd`` sets the working directory. The child inherits
    the standard streams and any inheritable descriptor (``os.set_inheritable``);
    for pipes, start a ``subprocess.Popen`` inside :class:`bound` instead. A
    program that cannot be executed raises Error NB_EEXEC naming it (its
    ``os_error`` is the errno), and no child is left behind.
    """
    target = Target("spawn", local_rank, topology, cpus, options, option_fields)
    argv = _argv(args)
    _reap_collected()
    if target.cpus is not None:
        pid = _capi.nb_spawn(argv, _envp(env), cwd, target.cpus._handle, target.options._native)
    else:
        pid = _capi.nb_spawn_rank(argv, _envp(env), cwd, target.topology._handle,
                                  target.options._native, target.local_rank)
    return BoundProcess(pid, argv)
