"""NumaOptions: keyword options validated by the library, with its JSON form."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle

import pytest

import numabind
from numabind import CpuSet, NumaOptions


def test_defaults_are_the_documented_ones():
    assert json.loads(NumaOptions().to_json()) == {
        "schema": "numabind.options/1", "mode": "node", "fallback": False, "allowed_cpus": None,
        "gpu_vendor": "auto", "pci_bus_ids": None, "visible_devices": None, "mem_policy": "local"}


def test_names_come_from_the_library():
    assert numabind.MODES == ("node", "socket", "exclusive", "core-complex", "closest")
    assert numabind.GPU_VENDORS == ("auto", "nvidia", "amd")
    assert numabind.MEM_POLICIES == ("local", "preferred", "bind", "interleave")


def test_every_field_reaches_the_json():
    options = NumaOptions(mode="core-complex", fallback=True, allowed_cpus=[0, 1, 2, 8],
                          gpu_vendor="amd", pci_bus_ids="0000:4E:00.0,5f:00.0",
                          visible_devices=[3, 1], mem_policy="interleave")
    assert json.loads(options.to_json()) == {
        "schema": "numabind.options/1", "mode": "core-complex", "fallback": True,
        "allowed_cpus": "0-2,8", "gpu_vendor": "amd",
        "pci_bus_ids": ["0000:4e:00.0", "0000:5f:00.0"], "visible_devices": "3,1",
        "mem_policy": "interleave"}


def test_fields_hold_the_canonical_forms():
    options = NumaOptions(allowed_cpus="3,0-2", pci_bus_ids=["5F:00.0"], visible_devices=["GPU-ab", 2])
    assert options.allowed_cpus == CpuSet("0-3") and isinstance(options.allowed_cpus, CpuSet)
    assert options.pci_bus_ids == ("0000:5f:00.0",)
    assert options.visible_devices == "GPU-ab,2"
    assert options == NumaOptions(allowed_cpus="0-3", pci_bus_ids="0000:5f:00.0",
                                  visible_devices="GPU-ab,2")
    assert hash(options) == hash(NumaOptions(allowed_cpus=[0, 1, 2, 3], pci_bus_ids="5f:00.0",
                                             visible_devices="GPU-ab,2"))


def test_empty_bus_id_list_means_none():
    assert NumaOptions(pci_bus_ids="").pci_bus_ids is None
    assert NumaOptions(pci_bus_ids=[]).pci_bus_ids is None


def test_json_round_trip_is_exact():
    options = NumaOptions(mode="exclusive", fallback=True, allowed_cpus="0-23",
                          pci_bus_ids=["f5:00.0", "18:00.0"], visible_devices="",
                          mem_policy="bind")
    again = NumaOptions.from_json(options.to_json())
    assert again == options
    assert again.to_json() == options.to_json()
    assert again.visible_devices == ""  # "" (hide every GPU) is not None


def test_from_json_keeps_defaults_for_missing_keys():
    assert NumaOptions.from_json('{"mode": "socket"}') == NumaOptions(mode="socket")


@pytest.mark.parametrize("text, name, named", [
    ('{"mode": "nod"}', "NB_EMODE", "nod"),
    ('{"colour": 1}', "NB_EJSON", "colour"),
    ('{"fallback": "yes"}', "NB_EJSON", "fallback"),
    ('{"allowed_cpus": "0-"}', "NB_ECPULIST", "0-"),
    ('{"allowed_cpus": ""}', "NB_EEMPTY", "allowed"),
    ('{"pci_bus_ids": ["zz:00.0"]}', "NB_EGPUSEL", "zz:00.0"),
    ('{"mode": ', "NB_EJSON", ""),
])
def test_from_json_errors_name_the_key_or_value(text, name, named):
    with pytest.raises(numabind.Error) as caught:
        NumaOptions.from_json(text)
    assert caught.value.name == name
    assert named in caught.value.message


@pytest.mark.parametrize("fields, name, named", [
    ({"mode": "nod"}, "NB_EMODE", "nod"),
    ({"gpu_vendor": "intel"}, "NB_EMODE", "intel"),
    ({"mem_policy": "firsttouch"}, "NB_EMODE", "firsttouch"),
    ({"allowed_cpus": "0-3,x"}, "NB_ECPULIST", "x"),
    ({"allowed_cpus": []}, "NB_EEMPTY", ""),
    ({"pci_bus_ids": "0000:18:00.0,0000:18:00.0"}, "NB_EGPUSEL", "0000:18:00.0"),
])
def test_bad_field_is_the_library_error(fields, name, named):
    with pytest.raises(numabind.Error) as caught:
        NumaOptions(**fields)
    assert caught.value.name == name
    assert named in caught.value.message


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError, match="mode must be a mode name, not int"):
        NumaOptions(mode=2)
    with pytest.raises(TypeError, match="fallback must be a bool"):
        NumaOptions(fallback="yes")
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        NumaOptions(colour="red")


def test_frozen_replace_pickle_copy():
    options = NumaOptions(mode="socket", allowed_cpus="0-1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.mode = "node"
    assert options.replace(mode="node") == NumaOptions(allowed_cpus="0-1")
    assert pickle.loads(pickle.dumps(options)) == options
    assert copy.deepcopy(options) == options
    assert pickle.loads(pickle.dumps(options)).to_json() == options.to_json()
