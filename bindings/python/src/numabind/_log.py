"""The library's log callback, as a Python callable."""

from __future__ import annotations

import atexit
import enum
import json
from collections.abc import Callable
from typing import Any, Optional

from . import _capi


class LogLevel(enum.IntEnum):
    #: A binding was not applied and its target runs unbound (fall-back).
    WARNING = _capi.NB_LOG_WARNING
    #: A binding was applied (sent only to an installed callback).
    INFO = _capi.NB_LOG_INFO


LogCallback = Callable[[LogLevel, dict[str, Any]], None]


def set_log_callback(callback: Optional[LogCallback]) -> None:
    """Receive the library's events: ``callback(level, event)`` with a
    :class:`LogLevel` and the event as a dict, e.g. ::

        {"event": "fallback", "target": "child", "pid": 4242, "local_rank": 3,
         "cpus": None, "error": {"code": "NB_ECORES", "message": "..."},
         "options": {...}}

    Process-wide, replacing the previous callback; ``None`` restores the
    default (warnings on stderr as ``numabind: warning: ...``). The callback
    runs on the thread that applied the binding, possibly several at once,
    with the GIL held; an exception it raises goes to
    ``sys.unraisablehook``, never into the call that logged.
    """
    if callback is None:
        _capi.set_log_callback(None)
        return
    if not callable(callback):
        raise TypeError(f"the log callback must be callable or None, not {type(callback).__name__}")

    def receive(level: int, message: str) -> None:
        try:
            level = LogLevel(level)
        except ValueError:  # a level newer than this package: pass it on as int
            pass
        callback(level, json.loads(message))

    _capi.set_log_callback(receive)


# Threads the library runs on may outlive the interpreter's finalisation;
# from then on nothing must call into Python.
atexit.register(_capi.set_log_callback, None)
