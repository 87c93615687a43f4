"""The exceptions numabind raises."""

from __future__ import annotations


class Error(Exception):
    """A numabind call failed.

    ``code`` is the C API's ``nb_status`` (a negative int), ``name`` its
    symbolic name (``"NB_ERANK"``), ``message`` the library's description of
    this failure, naming the offending value, and ``os_error`` the errno
    behind it when a system call caused it (``errno.ENOENT`` for a program
    that does not exist), else 0.
    """

    def __init__(self, code: int, name: str, message: str, os_error: int = 0) -> None:
        super().__init__(code, name, message, os_error)
        self.code = code
        self.name = name
        self.message = message
        self.os_error = os_error

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


class ForkserverBindingError(RuntimeError):
    """A multiprocessing forkserver was used inside :func:`numabind.bound`.

    ``bound()`` binds the calling thread, and what that thread starts
    inherits the binding. A forkserver child is forked by the forkserver
    process instead, so it would not get the binding; and a forkserver
    started inside ``bound()`` would carry the binding into every process it
    forks afterwards, inside ``bound()`` or not.
    """


def _from_status(code: int, name: str, message: str, os_error: int) -> Error:
    # Called by the extension (numabind_python.i) for every failing nb_status.
    return Error(code, name, message, os_error)
