"""What an applying call binds to: a local rank of a topology, or given CPUs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional, Union

from ._compute import resolve_local_rank
from ._cpuset import CpuSet, as_cpuset
from ._options import NumaOptions, resolve_options
from ._topology import Topology, require_topology


class Target:
    """The arguments shared by bound(), spawn() and bind_current_process(),
    checked and resolved once: either ``cpus``, or a local rank of a topology
    (the defaults: the environment's local rank, :func:`default_topology`)."""

    __slots__ = ("cpus", "topology", "local_rank", "options")

    def __init__(self, function: str, local_rank: Optional[int], topology: Optional[Topology],
                 cpus: Union[CpuSet, str, Iterable[int], None],
                 options: Optional[NumaOptions], option_fields: dict[str, Any]) -> None:
        self.options = resolve_options(options, option_fields)
        if cpus is not None:
            if local_rank is not None or topology is not None:
                raise TypeError(f"{function}() takes either cpus or local_rank/topology, not both")
            self.cpus: Optional[CpuSet] = as_cpuset(cpus)
            self.topology: Optional[Topology] = None
            self.local_rank: Optional[int] = None
        else:
            self.cpus = None
            self.topology = require_topology(topology)
            self.local_rank = resolve_local_rank(local_rank)
