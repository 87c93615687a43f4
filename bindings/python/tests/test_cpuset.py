"""CpuSet: a collections.abc.Set of ints backed by the library's nb_cpuset."""

from __future__ import annotations

import pickle
from collections.abc import Set

import pytest

import numabind
from numabind import CpuSet


def test_parses_and_formats_the_sysfs_list_syntax():
    cpus = CpuSet("0-3,8,10-11")
    assert list(cpus) == [0, 1, 2, 3, 8, 10, 11]
    assert str(cpus) == "0-3,8,10-11"
    assert repr(cpus) == "CpuSet('0-3,8,10-11')"


def test_built_from_ints_in_any_order_formats_canonically():
    assert str(CpuSet([11, 3, 2, 1, 0, 8, 10, 3])) == "0-3,8,10-11"
    assert str(CpuSet()) == "" and len(CpuSet()) == 0 and not CpuSet()


def test_is_a_set_that_equals_python_sets():
    cpus = CpuSet("1-3")
    assert isinstance(cpus, Set)
    assert cpus == {1, 2, 3} and {1, 2, 3} == cpus
    assert cpus == frozenset({1, 2, 3})
    assert cpus != {1, 2} and cpus != CpuSet("1-4")
    assert cpus == CpuSet([3, 2, 1])
    assert cpus != "1-3"  # a string is not a set


def test_hashes_like_the_equal_frozenset():
    assert hash(CpuSet("0,5,9")) == hash(frozenset({0, 5, 9}))
    assert {CpuSet("0-1"): "a"}[CpuSet([0, 1])] == "a"


def test_membership_and_length():
    cpus = CpuSet("2,4-5")
    assert 4 in cpus and 3 not in cpus
    assert -1 not in cpus and 2**70 not in cpus and "2" not in cpus
    assert len(cpus) == 3


def test_set_operators_return_cpusets():
    a, b = CpuSet("0-3"), CpuSet("2-5")
    assert isinstance(a & b, CpuSet) and str(a & b) == "2-3"
    assert str(a | b) == "0-5" and str(a - b) == "0-1" and str(a ^ b) == "0-1,4-5"
    assert a <= CpuSet("0-7") and not a <= b
    assert a.isdisjoint(CpuSet("8"))


def test_large_cpu_numbers_keep_their_size():
    cpus = CpuSet([0, numabind.MAX_CPU])
    assert str(cpus) == f"0,{numabind.MAX_CPU}"


@pytest.mark.parametrize("text, bad_item", [
    ("0-3,x", "x"), ("3-1", "3-1"), ("1,,2", ""), (" 1", " 1"), ("-1", "-1"),
    (str(numabind.MAX_CPU + 1), str(numabind.MAX_CPU + 1)),
])
def test_bad_cpu_list_is_ecpulist_naming_the_item(text, bad_item):
    with pytest.raises(numabind.Error) as caught:
        CpuSet(text)
    assert caught.value.name == "NB_ECPULIST"
    assert caught.value.code == numabind._capi.NB_ECPULIST
    assert f"'{bad_item}'" in caught.value.message or bad_item == "", caught.value.message


def test_bad_cpu_number_is_einval_naming_it():
    with pytest.raises(numabind.Error) as caught:
        CpuSet([1, -4])
    assert caught.value.name == "NB_EINVAL" and "-4" in caught.value.message
    with pytest.raises(OverflowError, match="CPU 4294967296 does not fit a C int"):
        CpuSet([2**32])
    with pytest.raises(TypeError):
        CpuSet([1.5])


def test_pickles_and_copies():
    cpus = CpuSet("0-3,8")
    assert pickle.loads(pickle.dumps(cpus)) == cpus
    assert type(pickle.loads(pickle.dumps(cpus))) is CpuSet
