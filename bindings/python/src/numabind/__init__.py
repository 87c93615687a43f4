"""numabind: bind GPU workers to the CPUs nearest their GPU.

A thin Python layer over the numabind C API (SWIG-generated numabind._capi):
every decision is the library's, so a Python launcher binds exactly as the
C, Go, Lua and Rust ones do.

    import numabind, subprocess

    topo = numabind.Topology.load()               # this machine, or $NUMABIND_TOPOLOGY
    for rank in numabind.plan(topo, mode="exclusive"):
        print(rank.local_rank, rank.pci_bus_id, rank.cpus)

    with numabind.bound(local_rank=3, mode="exclusive", topology=topo):
        subprocess.Popen(["python", "train.py"])  # starts on rank 3's CPUs
"""

from . import _capi
from ._apply import affinity_depth, bind_current_process, bound
from ._compute import Plan, RankBinding, compute_cpuset, local_rank_from_environment, plan
from ._cpuset import MAX_CPU, CpuSet
from ._errors import Error, ForkserverBindingError
from ._log import LogLevel, set_log_callback
from ._options import GPU_VENDORS, MEM_POLICIES, MODES, NumaOptions
from ._spawn import BoundProcess, spawn
from ._topology import Gpu, NumaNode, Topology, default_topology

__version__ = "0.1.0"


def library_version() -> str:
    """The version of the C library this package was built with ("0.1.0")."""
    return _capi.nb_version_string()


__all__ = [
    "BoundProcess", "CpuSet", "Error", "ForkserverBindingError", "GPU_VENDORS", "Gpu",
    "LogLevel", "MAX_CPU", "MEM_POLICIES", "MODES", "NumaNode", "NumaOptions", "Plan",
    "RankBinding", "Topology", "affinity_depth", "bind_current_process", "bound",
    "compute_cpuset", "default_topology", "library_version", "local_rank_from_environment",
    "plan", "set_log_callback", "spawn",
]
