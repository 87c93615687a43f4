"""CpuSet: an immutable set of CPU numbers held by the C library."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Set
from typing import Union

from . import _capi

#: The largest CPU number a set accepts (NB_CPUSET_MAX_CPU).
MAX_CPU: int = _capi.NB_CPUSET_MAX_CPU


class CpuSet(Set):
    """A frozen set of logical CPU numbers (OS indexes).

    A ``collections.abc.Set`` of ints: it compares equal to a ``set`` or
    ``frozenset`` with the same CPUs (and hashes like the frozenset), supports
    ``in``, ``len``, iteration in increasing order and the set operators.
    ``str()`` is the canonical CPU list (``"0-3,8"``), which the constructor
    also parses::

        CpuSet("0-3,8") == {0, 1, 2, 3, 8}
        str(CpuSet([3, 1, 2])) == "1-3"
    """

    __slots__ = ("_handle",)

    def __init__(self, cpus: Union[str, Iterable[int]] = ()) -> None:
        if isinstance(cpus, CpuSet):
            handle = cpus._handle  # immutable: sharing the C set is safe
        elif isinstance(cpus, str):
            handle = _capi.nb_cpuset_parse(cpus)
        else:
            handle = _capi.nb_cpuset_new()
            for cpu in cpus:
                _capi.nb_cpuset_add(handle, _cpu_number(cpu))
        self._handle = handle

    @classmethod
    def _wrap(cls, handle) -> "CpuSet":
        # Adopts a set the library returned (the handle owns it).
        cpuset = cls.__new__(cls)
        cpuset._handle = handle
        return cpuset

    @classmethod
    def _from_iterable(cls, iterable: Iterable[int]) -> "CpuSet":
        # What the Set mixins (&, |, -, ^) build their results with.
        return cls(iterable)

    def __contains__(self, cpu: object) -> bool:
        if not isinstance(cpu, int) or not 0 <= cpu <= MAX_CPU:
            return False
        return bool(_capi.nb_cpuset_contains(self._handle, cpu))

    def __iter__(self) -> Iterator[int]:
        handle = self._handle
        cpu = _capi.nb_cpuset_next(handle, -1)
        while cpu >= 0:
            yield cpu
            cpu = _capi.nb_cpuset_next(handle, cpu)

    def __len__(self) -> int:
        return _capi.nb_cpuset_count(self._handle)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CpuSet):
            return bool(_capi.nb_cpuset_equal(self._handle, other._handle))
        return super().__eq__(other)

    def __hash__(self) -> int:
        return self._hash()  # frozenset's algorithm: equal sets hash alike

    def __str__(self) -> str:
        return _capi.nb_cpuset_format(self._handle)

    def __repr__(self) -> str:
        return f"CpuSet({str(self)!r})"

    def __reduce__(self):
        return (CpuSet, (str(self),))


def _cpu_number(cpu: object) -> int:
    # The library judges every CPU number (NB_ECPULIST names a bad one); only
    # a number a C int cannot carry is refused here.
    return c_int("CPU", cpu)


def c_int(what: str, value: object) -> int:
    """``value`` as an int that fits the C API's int parameters."""
    number = operator.index(value)
    if not -(2**31) <= number < 2**31:
        raise OverflowError(f"{what} {number} does not fit a C int")
    return number


def as_cpuset(cpus: Union[str, Iterable[int]]) -> CpuSet:
    """``cpus`` as a CpuSet: a CpuSet itself, a CPU list string, or ints."""
    return cpus if isinstance(cpus, CpuSet) else CpuSet(cpus)
