"""Computing bindings: one rank's CPUs, or the plan of every local rank."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any, Optional, Union, overload

from . import _capi
from ._cpuset import CpuSet, c_int
from ._errors import Error
from ._options import NumaOptions, resolve_options
from ._topology import Topology, require_topology


def local_rank_from_environment() -> int:
    """The local rank launchers put in the environment: ``LOCAL_RANK``
    (torchrun), else ``SLURM_LOCALID`` (srun), else
    ``OMPI_COMM_WORLD_LOCAL_RANK``. Raises Error NB_ERANK, naming the
    variable, when none is set or the first one set is not a rank."""
    return _capi.nb_local_rank_from_environment()


def resolve_local_rank(local_rank: Optional[int]) -> int:
    if local_rank is None:
        return _capi.nb_local_rank_from_environment()
    return c_int("local_rank", local_rank)


def compute_cpuset(topology: Optional[Topology] = None, local_rank: Optional[int] = None, *,
                   options: Optional[NumaOptions] = None, **option_fields: Any) -> CpuSet:
    """The CPUs local rank ``local_rank`` should run on, for the GPU it drives.

    ``topology`` defaults to :func:`numabind.default_topology`, ``local_rank``
    to :func:`local_rank_from_environment`. Options are a :class:`NumaOptions`
    and/or its fields as keywords (``mode="exclusive"``). Pure for a topology
    file; for the live machine the calling thread's affinity limits the
    allowed CPUs unless ``allowed_cpus`` is given.
    """
    opts = resolve_options(options, option_fields)
    handle = _capi.nb_compute_cpuset(require_topology(topology)._handle, opts._native,
                                     resolve_local_rank(local_rank))
    return CpuSet._wrap(handle)


@dataclasses.dataclass(frozen=True)
class RankBinding:
    """One local rank of a :class:`Plan`.

    ``status`` is ``"NB_OK"`` when the rank has a binding (``cpus``), else the
    name of its error (``"NB_ENOTALLOWED"``), with the library's exception in
    ``error``. ``gpu_index`` indexes the topology's GPU list; ``gpu_index``,
    ``pci_bus_id`` and ``numa_node`` are None where the rank has no GPU (out
    of range) or the GPU has no host node.
    """

    local_rank: int
    status: str
    cpus: Optional[CpuSet]
    gpu_index: Optional[int]
    pci_bus_id: Optional[str]
    numa_node: Optional[int]
    error: Optional[Error] = dataclasses.field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == "NB_OK"


class Plan(Sequence):
    """The bindings of local ranks 0 .. n-1 (the C API's ``nb_plan``): a
    sequence of :class:`RankBinding`, each with its own outcome."""

    __slots__ = ("_handle", "_ranks", "options")

    def __init__(self) -> None:
        raise TypeError("use numabind.plan(topology, nproc, ...)")

    @classmethod
    def _wrap(cls, handle, options: NumaOptions) -> "Plan":
        plan = cls.__new__(cls)
        plan._handle = handle
        plan.options = options
        plan._ranks = _ranks_of(handle)
        return plan

    @property
    def mode(self) -> str:
        return self.options.mode

    @property
    def fallback(self) -> bool:
        return self.options.fallback

    @overload
    def __getitem__(self, index: int) -> RankBinding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RankBinding]: ...
    def __getitem__(self, index: Union[int, slice]):
        return self._ranks[index]

    def __len__(self) -> int:
        return len(self._ranks)

    def to_json(self) -> str:
        """The library's JSON of the plan (schema numabind.plan/1)."""
        return _capi.nb_plan_to_json(self._handle)

    def __repr__(self) -> str:
        return f"<numabind.Plan mode={self.mode!r}: {len(self)} rank(s)>"

    def __reduce__(self):
        raise TypeError("a numabind.Plan cannot be pickled: send plan.to_json(), "
                        "or the RankBinding entries, which pickle")


def _ranks_of(handle) -> tuple[RankBinding, ...]:
    # Everything the C accessors give comes from them; only the bus id, which
    # no accessor returns, comes from the plan's JSON.
    described = json.loads(_capi.nb_plan_to_json(handle))["ranks"]
    ranks = []
    for rank in range(_capi.nb_plan_size(handle)):
        status = _capi.nb_plan_rank_status(handle, rank)
        cpus = error = None
        try:
            cpus = CpuSet._wrap(_capi.nb_plan_rank_cpuset(handle, rank))
        except Error as rank_error:
            error = rank_error
        try:
            gpu_index, numa_node = _capi.nb_plan_rank_gpu(handle, rank)
        except Error:
            gpu_index = numa_node = None
        gpu = described[rank]["gpu"]
        ranks.append(RankBinding(
            local_rank=rank, status=_capi.nb_status_name(status), cpus=cpus,
            gpu_index=gpu_index, pci_bus_id=None if gpu is None else gpu["pci_bus_id"],
            numa_node=None if numa_node is None or numa_node < 0 else numa_node, error=error))
    return tuple(ranks)


def plan(topology: Optional[Topology] = None, nproc: int = 0, *,
         options: Optional[NumaOptions] = None, **option_fields: Any) -> Plan:
    """The plan for ``nproc`` local ranks (0: one per visible GPU).

    Problems of the whole plan (bad options, no GPU, bad visible devices)
    raise :class:`numabind.Error`; a rank that cannot be bound gets its own
    status in the plan.
    """
    opts = resolve_options(options, option_fields)
    handle = _capi.nb_plan_compute(require_topology(topology)._handle, opts._native,
                                   c_int("nproc", nproc))
    return Plan._wrap(handle, opts)
