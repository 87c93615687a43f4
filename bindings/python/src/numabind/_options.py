"""NumaOptions: how a binding is computed and applied, as a frozen dataclass.

Every field is validated by the C library (nb_options_set_* and the name
parsers), which also gives the canonical form stored in the dataclass; the
JSON form is the library's own (nb_options_to_json / nb_options_from_json).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Optional, Union

from . import _capi
from ._cpuset import CpuSet, as_cpuset


def _names(name_of: Callable[[int], Optional[str]]) -> tuple[str, ...]:
    # The enum values are 0, 1, 2, ...; the library names each and returns
    # None past the last, so the lists below come from the library itself.
    names = []
    while (name := name_of(len(names))) is not None:
        names.append(name)
    return tuple(names)


#: Binding modes, as the library names them ("node", "socket", ...).
MODES: tuple[str, ...] = _names(_capi.nb_mode_name)
#: GPU vendors ("auto", "nvidia", "amd").
GPU_VENDORS: tuple[str, ...] = _names(_capi.nb_gpu_vendor_name)
#: Memory policies ("local", "preferred", "bind", "interleave").
MEM_POLICIES: tuple[str, ...] = _names(_capi.nb_mem_policy_name)


def _require(name: str, value: Any, kind: type, description: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"NumaOptions.{name} must be {description}, not {type(value).__name__}")


def _joined(name: str, value: Union[str, Iterable[Any], None]) -> Optional[str]:
    # "a,b" or ["a", "b"] (visible devices also take ints): the library's
    # comma-separated form.
    if value is None or isinstance(value, str):
        return value
    try:
        return ",".join(str(item) for item in value)
    except TypeError:
        raise TypeError(f"NumaOptions.{name} must be a string or a sequence, "
                        f"not {type(value).__name__}") from None


@dataclasses.dataclass(frozen=True)
class NumaOptions:
    """Options of a binding (the C API's ``nb_options``).

    mode
        ``"node"`` (default), ``"socket"``, ``"exclusive"``,
        ``"core-complex"`` or ``"closest"`` (see :data:`MODES`).
    fallback
        When a binding cannot be computed or applied, run unbound and report
        it through the log callback instead of raising (applying calls only).
    allowed_cpus
        Replaces the calling thread's affinity in the allowed CPUs: a CPU list
        string, a :class:`CpuSet` or ints; ``None`` for no override.
    gpu_vendor
        ``"auto"`` (default), ``"nvidia"`` or ``"amd"``.
    pci_bus_ids
        Use exactly these PCI devices as the GPU list, in this order:
        ``"0000:18:00.0,0000:19:00.0"`` or a sequence of bus ids.
    visible_devices
        Used instead of ``CUDA_VISIBLE_DEVICES`` and friends: ``"3,1"``, a
        sequence of indexes or UUIDs, ``""`` to hide every GPU, ``None`` (the
        default) to read the environment.
    mem_policy
        ``"local"`` (default), ``"preferred"``, ``"bind"`` or ``"interleave"``.

    The stored values are the library's canonical forms (bus ids in full and
    lower case, ``allowed_cpus`` a CpuSet), so equal options compare equal.
    """

    mode: str = "node"
    fallback: bool = False
    allowed_cpus: Optional[CpuSet] = None
    gpu_vendor: str = "auto"
    pci_bus_ids: Optional[tuple[str, ...]] = None
    visible_devices: Optional[str] = None
    mem_policy: str = "local"

    def __post_init__(self) -> None:
        _require("mode", self.mode, str, "a mode name")
        _require("fallback", self.fallback, bool, "a bool")
        _require("gpu_vendor", self.gpu_vendor, str, "a vendor name")
        _require("mem_policy", self.mem_policy, str, "a memory policy name")
        allowed = None if self.allowed_cpus is None else as_cpuset(self.allowed_cpus)
        bus_ids = _joined("pci_bus_ids", self.pci_bus_ids)
        visible = _joined("visible_devices", self.visible_devices)

        native = _capi.nb_options_new()
        _capi.nb_options_set_mode(native, _capi.nb_mode_parse(self.mode))
        _capi.nb_options_set_fallback(native, int(self.fallback))
        if allowed is not None:
            _capi.nb_options_set_allowed_cpus(native, allowed._handle)
        _capi.nb_options_set_gpu_vendor(native, _capi.nb_gpu_vendor_parse(self.gpu_vendor))
        _capi.nb_options_set_pci_bus_ids(native, bus_ids)
        _capi.nb_options_set_visible_devices(native, visible)
        _capi.nb_options_set_mem_policy(native, _capi.nb_mem_policy_parse(self.mem_policy))

        canonical_bus_ids = _capi.nb_options_get_pci_bus_ids(native)
        set_field = object.__setattr__  # frozen: only __post_init__ may
        set_field(self, "allowed_cpus", allowed)
        set_field(self, "pci_bus_ids",
                  None if canonical_bus_ids is None else tuple(canonical_bus_ids.split(",")))
        set_field(self, "visible_devices", visible)
        # The C options every call passes; not a field (no effect on ==,
        # hash or repr).
        set_field(self, "_native", native)

    def to_json(self) -> str:
        """The options as the library writes them (schema numabind.options/1)."""
        return _capi.nb_options_to_json(self._native)

    @classmethod
    def from_json(cls, text: str) -> "NumaOptions":
        """Options from JSON as :meth:`to_json` (or any numabind binding) writes it.

        Missing keys keep their defaults; an unknown key, a wrong type or a bad
        value raises :class:`numabind.Error` naming it.
        """
        native = _capi.nb_options_from_json(text)
        allowed = _capi.nb_options_get_allowed_cpus(native)
        return cls(
            mode=_capi.nb_mode_name(_capi.nb_options_get_mode(native)),
            fallback=bool(_capi.nb_options_get_fallback(native)),
            allowed_cpus=None if allowed is None else CpuSet._wrap(allowed),
            gpu_vendor=_capi.nb_gpu_vendor_name(_capi.nb_options_get_gpu_vendor(native)),
            pci_bus_ids=_capi.nb_options_get_pci_bus_ids(native),
            visible_devices=_capi.nb_options_get_visible_devices(native),
            mem_policy=_capi.nb_mem_policy_name(_capi.nb_options_get_mem_policy(native)),
        )

    def replace(self, **changes: Any) -> "NumaOptions":
        """A copy with some fields changed (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    def __reduce__(self):
        # The C handle cannot be pickled; the JSON form carries everything.
        return (NumaOptions.from_json, (self.to_json(),))


DEFAULT_OPTIONS = NumaOptions()


def resolve_options(options: Union[NumaOptions, Mapping[str, Any], None],
                    fields: Mapping[str, Any]) -> NumaOptions:
    """The options of a call: ``options=`` (a NumaOptions or a mapping of its
    fields), with keyword fields applied on top."""
    if options is None:
        return NumaOptions(**fields) if fields else DEFAULT_OPTIONS
    if isinstance(options, Mapping):
        return NumaOptions(**{**options, **fields})
    if not isinstance(options, NumaOptions):
        raise TypeError(f"options must be a NumaOptions or a mapping, not {type(options).__name__}")
    return dataclasses.replace(options, **fields) if fields else options
