"""Topology: a machine's CPUs, NUMA nodes and GPUs, loaded by the library."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from typing import Any, Optional, Union

from . import _capi
from ._cpuset import CpuSet
from ._options import NumaOptions, resolve_options

StrPath = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


@dataclasses.dataclass(frozen=True)
class Gpu:
    """One GPU of a topology's GPU list (from ``nb_topology_to_json``)."""

    index: int
    pci_bus_id: str
    vendor: str
    pci_id: str
    pci_class: str
    uuid: Optional[str]
    numa_node: Optional[int]  # None: no host node (numa_error says why)
    package: Optional[int]
    local_cpus: CpuSet
    os_devices: tuple[str, ...]
    numa_error: Optional[str] = None

    @classmethod
    def _from_json(cls, gpu: dict[str, Any]) -> "Gpu":
        return cls(index=gpu["index"], pci_bus_id=gpu["pci_bus_id"], vendor=gpu["vendor"],
                   pci_id=gpu["pci_id"], pci_class=gpu["pci_class"], uuid=gpu.get("uuid"),
                   numa_node=gpu.get("numa_node"), package=gpu.get("package"),
                   local_cpus=CpuSet(gpu["local_cpus"]),
                   os_devices=tuple(gpu.get("os_devices", ())),
                   numa_error=gpu.get("numa_error"))


@dataclasses.dataclass(frozen=True)
class NumaNode:
    """One NUMA node of a topology (from ``nb_topology_to_json``)."""

    os_index: int
    cpus: CpuSet
    has_cpus: bool
    package: Optional[int]
    subtype: Optional[str]  # "GPUMemory" and the like for CPU-less nodes

    @classmethod
    def _from_json(cls, node: dict[str, Any]) -> "NumaNode":
        return cls(os_index=node["os_index"], cpus=CpuSet(node["cpus"]),
                   has_cpus=node["has_cpus"], package=node.get("package"),
                   subtype=node.get("subtype"))


class Topology:
    """A machine's topology (the C API's ``nb_topology``). Immutable: any
    number of threads may use one at once.

    Load it with :meth:`load` (this machine, or the XML file named by
    ``NUMABIND_TOPOLOGY``), :meth:`from_xml`, :meth:`from_xml_bytes` or
    :meth:`from_sysfs`.
    """

    __slots__ = ("_handle", "_summary")

    def __init__(self) -> None:
        raise TypeError("use Topology.load(), Topology.from_xml(path), "
                        "Topology.from_xml_bytes(data) or Topology.from_sysfs(directory)")

    @classmethod
    def _wrap(cls, handle) -> "Topology":
        topology = cls.__new__(cls)
        topology._handle = handle
        topology._summary = None
        return topology

    @classmethod
    def load(cls) -> "Topology":
        """This machine, with its PCI devices, or the hwloc XML file that the
        environment variable ``NUMABIND_TOPOLOGY`` names. Reads sysfs only: no
        GPU runtime is loaded, so a launcher may call it before it forks."""
        return cls._wrap(_capi.nb_topology_load())

    @classmethod
    def from_xml(cls, path: StrPath) -> "Topology":
        """An hwloc XML file (2.x or 1.x format)."""
        return cls._wrap(_capi.nb_topology_load_xml(path))

    @classmethod
    def from_xml_bytes(cls, document: Union[bytes, str]) -> "Topology":
        """An hwloc XML document in memory."""
        return cls._wrap(_capi.nb_topology_load_xml_buffer(document))

    @classmethod
    def from_sysfs(cls, directory: StrPath) -> "Topology":
        """A captured Linux sysfs/procfs tree (a directory holding ``sys/`` and
        ``proc/``), read with hwloc's Linux backend only."""
        return cls._wrap(_capi.nb_topology_load_fsroot(directory))

    @property
    def is_live(self) -> bool:
        """True for this machine, False for a file or capture."""
        return bool(_capi.nb_topology_is_live(self._handle))

    def to_json(self, options: Optional[NumaOptions] = None, **option_fields: Any) -> str:
        """The library's JSON description (schema numabind.topology/1); the
        GPU list is the one the options select (vendor, explicit bus ids)."""
        return _capi.nb_topology_to_json(self._handle,
                                         resolve_options(options, option_fields)._native)

    def _described(self) -> dict[str, Any]:
        # Immutable topology: parse the default description once. Two threads
        # racing here both compute the same value.
        if self._summary is None:
            self._summary = json.loads(self.to_json())
        return self._summary

    @property
    def source(self) -> str:
        """Where the topology came from, as the library reports it."""
        return self._described()["source"]

    @property
    def allowed_cpus(self) -> CpuSet:
        """The topology's own allowed CPUs (cgroup), before any thread affinity."""
        return CpuSet(self._described()["allowed_cpus"])

    @property
    def numa_nodes(self) -> tuple[NumaNode, ...]:
        return tuple(NumaNode._from_json(node) for node in self._described()["numa_nodes"])

    @property
    def gpus(self) -> tuple[Gpu, ...]:
        """The GPU list with the default options, in the order local ranks use
        it (before any visible-devices remap)."""
        return tuple(Gpu._from_json(gpu) for gpu in self._described()["gpus"])

    def select_gpus(self, options: Optional[NumaOptions] = None, **option_fields: Any) -> tuple[Gpu, ...]:
        """The GPU list these options select (``gpu_vendor``, ``pci_bus_ids``)."""
        return tuple(Gpu._from_json(gpu)
                     for gpu in json.loads(self.to_json(options, **option_fields))["gpus"])

    def __repr__(self) -> str:
        summary = self._described()
        return (f"<numabind.Topology {summary['source']!r}: {len(summary['numa_nodes'])} NUMA "
                f"node(s), {len(summary['gpus'])} GPU(s)>")

    def __reduce__(self):
        raise TypeError("a numabind.Topology cannot be pickled: load it in the worker "
                        "(Topology.load() or Topology.from_xml(path))")


_default_lock = threading.Lock()
_default_topologies: dict[Optional[str], Topology] = {}


def default_topology() -> Topology:
    """``Topology.load()``, loaded once per process for each value of
    ``NUMABIND_TOPOLOGY``: what :func:`bound`, :func:`spawn` and
    :func:`bind_current_process` use when no topology is given."""
    key = os.environ.get("NUMABIND_TOPOLOGY")
    topology = _default_topologies.get(key)
    if topology is None:
        with _default_lock:
            topology = _default_topologies.get(key)
            if topology is None:
                topology = _default_topologies[key] = Topology.load()
    return topology


def require_topology(topology: Optional[Topology]) -> Topology:
    if topology is None:
        return default_topology()
    if not isinstance(topology, Topology):
        raise TypeError(f"topology must be a numabind.Topology, not {type(topology).__name__}")
    return topology
