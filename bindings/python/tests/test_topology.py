"""Topology loading and description. Expected GPUs are read from the hwloc XML
itself (ElementTree), not from numabind."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

import numabind
from conftest import FIXTURES, G4DN_XML, TWO_NODE_XML

IO_TYPES = {"Bridge", "PCIDev", "OSDev"}


def hwloc_bitmap(text: str) -> set[int]:
    """An hwloc bitmap attribute ("0x000000ff,0xffff0000"): 32-bit words, most significant first."""
    bits, value = set(), int(text.replace("0x", "").replace(",", ""), 16)
    while value:
        low = value & -value
        bits.add(low.bit_length() - 1)
        value ^= low
    return bits


def nvidia_gpus_in_xml(path) -> list[tuple[str, int, set[int]]]:
    """(bus id, host node, local CPUs) of each NVIDIA 3D controller, in bus-id order:
    the node and CPUs of the device's nearest non-I/O ancestor, as hwloc defines locality."""
    found = []

    def walk(element, ancestors):
        if element.get("type") == "PCIDev" and element.get("pci_type", "").startswith("0302 [10de:"):
            locality = next(a for a in reversed(ancestors) if a.get("type") not in IO_TYPES)
            found.append((element.get("pci_busid"), min(hwloc_bitmap(locality.get("nodeset"))),
                          hwloc_bitmap(locality.get("cpuset"))))
        for child in element.findall("object"):
            walk(child, ancestors + [element])

    walk(ElementTree.parse(path).getroot(), [])
    return sorted(found)


def test_from_xml_describes_the_gpus_as_the_file_does(g4dn):
    expected = nvidia_gpus_in_xml(G4DN_XML)
    assert len(expected) == 8
    gpus = g4dn.gpus
    assert [(g.pci_bus_id, g.numa_node, set(g.local_cpus)) for g in gpus] == expected
    assert [g.index for g in gpus] == list(range(8))
    assert {g.vendor for g in gpus} == {"nvidia"} and {g.pci_class for g in gpus} == {"0302"}
    assert all(g.pci_id.startswith("10de:") for g in gpus)
    assert isinstance(gpus[0].local_cpus, numabind.CpuSet)
    with pytest.raises(dataclasses.FrozenInstanceError):
        gpus[0].index = 3


def test_two_node_fixture_has_one_gpu_per_cpu(two_node):
    assert [(g.pci_bus_id, g.numa_node, str(g.local_cpus)) for g in two_node.gpus] == [
        ("0000:10:00.0", 0, "0"), ("0000:20:00.0", 1, "1")]
    assert [(n.os_index, str(n.cpus), n.has_cpus) for n in two_node.numa_nodes] == [
        (0, "0", True), (1, "1", True)]
    assert two_node.allowed_cpus == {0, 1}
    assert not two_node.is_live
    assert str(TWO_NODE_XML) in two_node.source
    assert "2 NUMA node(s), 2 GPU(s)" in repr(two_node)


def test_select_gpus_and_json_follow_the_options(g4dn):
    chosen = g4dn.select_gpus(pci_bus_ids="f5:00.0,18:00.0")
    assert [g.pci_bus_id for g in chosen] == ["0000:f5:00.0", "0000:18:00.0"]
    assert g4dn.select_gpus(gpu_vendor="amd") == ()
    assert '"schema":"numabind.topology/1"' in g4dn.to_json()


def test_from_xml_bytes_and_str(two_node):
    document = TWO_NODE_XML.read_bytes()
    assert numabind.Topology.from_xml_bytes(document).gpus == two_node.gpus
    assert numabind.Topology.from_xml_bytes(document.decode()).gpus == two_node.gpus


def test_missing_topology_file_is_etopology_naming_it(tmp_path):
    missing = tmp_path / "no-such-machine.xml"
    with pytest.raises(numabind.Error) as caught:
        numabind.Topology.from_xml(missing)
    assert caught.value.name == "NB_ETOPOLOGY"
    assert str(missing) in caught.value.message


def test_not_a_topology_is_etopology(tmp_path):
    with pytest.raises(numabind.Error) as caught:
        numabind.Topology.from_xml_bytes(b"<html>not hwloc</html>")
    assert caught.value.name == "NB_ETOPOLOGY"


def test_non_utf8_file_name_gets_through(tmp_path):
    path = bytes(tmp_path) + b"/machine-\xff.xml"
    with open(path, "wb") as out:
        out.write(TWO_NODE_XML.read_bytes())
    assert len(numabind.Topology.from_xml(path).gpus) == 2
    with pytest.raises(numabind.Error) as caught:
        numabind.Topology.from_xml(bytes(tmp_path) + b"/missing-\xff.xml")
    # The library writes the undecodable byte escaped, keeping messages UTF-8.
    assert "missing-\\xff.xml" in caught.value.message


def test_load_reads_numabind_topology(monkeypatch, two_node):
    monkeypatch.setenv("NUMABIND_TOPOLOGY", str(TWO_NODE_XML))
    loaded = numabind.Topology.load()
    assert not loaded.is_live
    assert loaded.gpus == two_node.gpus


def test_load_without_variable_is_the_live_machine():
    live = numabind.Topology.load()
    assert live.is_live
    assert len(live.numa_nodes) >= 1


def test_default_topology_is_loaded_once_per_numabind_topology(monkeypatch):
    monkeypatch.setenv("NUMABIND_TOPOLOGY", str(TWO_NODE_XML))
    first = numabind.default_topology()
    assert numabind.default_topology() is first and len(first.gpus) == 2
    monkeypatch.setenv("NUMABIND_TOPOLOGY", str(G4DN_XML))
    assert len(numabind.default_topology().gpus) == 8


def test_from_sysfs_reads_a_capture(tmp_path):
    tarball = FIXTURES / "nvidiagpunumanodes.tar.bz2"
    subprocess.run(["tar", "xjf", tarball, "-C", tmp_path], check=True)
    capture = numabind.Topology.from_sysfs(tmp_path / "nvidiagpunumanodes")
    assert not capture.is_live
    # hwloc's POWER9 capture: CPU nodes P#0 (0-15) and P#8 (88-103), as
    # lstopo --input on the capture shows them.
    assert [(n.os_index, str(n.cpus)) for n in capture.numa_nodes] == [(0, "0-15"), (8, "88-103")]


def test_missing_sysfs_capture_is_etopology_naming_it(tmp_path):
    missing = tmp_path / "no-capture"
    with pytest.raises(numabind.Error) as caught:
        numabind.Topology.from_sysfs(missing)
    assert caught.value.name == "NB_ETOPOLOGY" and str(missing) in caught.value.message


def test_not_constructible_nor_picklable(two_node):
    with pytest.raises(TypeError, match="Topology.load"):
        numabind.Topology()
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(two_node)
