"""The shared conformance vectors (bindings/conformance/vectors.json), checked
through the Pythonic API: every binding must make the core's decisions."""

from __future__ import annotations

import copy
import json
import os

import pytest

import numabind
from conftest import REPO_ROOT

# NUMABIND_CONFORMANCE_VECTORS: check another file (an edited copy, to see
# the runner fail).
VECTORS_PATH = os.environ.get("NUMABIND_CONFORMANCE_VECTORS",
                              REPO_ROOT / "bindings" / "conformance" / "vectors.json")
with open(VECTORS_PATH) as vectors_file:
    VECTORS = json.load(vectors_file)
CASES = VECTORS["cases"]


def disagreements(case: dict) -> list[str]:
    """Every way the Python API's answer differs from the case's expected one."""
    topology = numabind.Topology.from_xml(REPO_ROOT / case["topology"])
    options = numabind.NumaOptions.from_json(json.dumps(case["options"]))
    expected = case["expected"]
    problems: list[str] = []
    try:
        plan = numabind.plan(topology, case["nproc"], options=options)
    except numabind.Error as error:
        if error.name != expected["status"]:
            problems.append(f"plan raised {error.name} ({error.message}), expected {expected['status']}")
        return problems
    if expected["status"] != "NB_OK":
        return [f"plan succeeded, expected {expected['status']}"]

    expected_plan = expected["plan"]
    if json.loads(plan.to_json()) != expected_plan:
        problems.append("plan JSON differs")
    if plan.mode != expected_plan["mode"] or plan.fallback != expected_plan["fallback"]:
        problems.append(f"plan mode/fallback {plan.mode}/{plan.fallback}")
    if len(plan) != len(expected_plan["ranks"]):
        problems.append(f"plan size {len(plan)}, expected {len(expected_plan['ranks'])}")
    for rank, want in zip(plan, expected_plan["ranks"], strict=False):  # sizes compared above
        where = f"rank {want['local_rank']}"
        want_status = want["error"]["code"] if "error" in want else "NB_OK"
        want_gpu = want["gpu"]
        got = (rank.local_rank, rank.status, rank.gpu_index, rank.pci_bus_id, rank.numa_node)
        wanted = (want["local_rank"], want_status,
                  None if want_gpu is None else want_gpu["index"],
                  None if want_gpu is None else want_gpu["pci_bus_id"], want["numa_node"])
        if got != wanted:
            problems.append(f"{where}: (rank, status, gpu, bus id, node) {got}, expected {wanted}")
        if want_status == "NB_OK":
            if rank.cpus is None or str(rank.cpus) != want["cpus"]:
                problems.append(f"{where}: cpus {rank.cpus}, expected {want['cpus']}")
            try:
                single = numabind.compute_cpuset(topology, rank.local_rank, options=options)
            except numabind.Error as error:
                problems.append(f"{where}: compute_cpuset raised {error}")
            else:
                if single != rank.cpus:
                    problems.append(f"{where}: compute_cpuset {single}, plan {rank.cpus}")
        else:
            if rank.cpus is not None or rank.error is None or rank.error.name != want_status:
                problems.append(f"{where}: cpus {rank.cpus}, error {rank.error!r}, expected {want_status}")
            elif rank.error.message != want["error"]["message"]:
                problems.append(f"{where}: message {rank.error.message!r}, expected "
                                f"{want['error']['message']!r}")
    return problems


@pytest.fixture
def vector_environment(monkeypatch):
    for name in VECTORS["environment_unset"]:
        monkeypatch.delenv(name, raising=False)


def test_vectors_are_the_expected_schema():
    assert VECTORS["schema"] == "numabind.conformance/1"
    assert len(CASES) > 0


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_vector(case, vector_environment):
    assert disagreements(case) == []


# The runner must be able to fail: a vector edited the way a core change
# would alter it is reported.
def _first_case(predicate):
    return copy.deepcopy(next(case for case in CASES if predicate(case)))


def _ok_case():
    return _first_case(lambda c: c["expected"]["status"] == "NB_OK"
                       and all("cpus" in r for r in c["expected"]["plan"]["ranks"]))


def test_runner_reports_changed_cpus(vector_environment):
    case = _ok_case()
    rank = case["expected"]["plan"]["ranks"][0]
    rank["cpus"] = "0" if rank["cpus"] != "0" else "1"
    assert any("rank 0: cpus" in problem for problem in disagreements(case))


def test_runner_reports_changed_gpu_and_node(vector_environment):
    case = _ok_case()
    rank = case["expected"]["plan"]["ranks"][0]
    rank["numa_node"] = 99
    rank["gpu"]["pci_bus_id"] = "0000:ff:00.0"
    problems = disagreements(case)
    assert any("rank 0: (rank, status, gpu, bus id, node)" in problem for problem in problems)
    assert "plan JSON differs" in problems


def test_runner_reports_a_rank_error_that_did_not_happen(vector_environment):
    case = _ok_case()
    case["expected"]["plan"]["ranks"][-1] = {
        **case["expected"]["plan"]["ranks"][-1], "error": {"code": "NB_ECORES", "message": "x"}}
    del case["expected"]["plan"]["ranks"][-1]["cpus"]
    assert any("NB_ECORES" in problem for problem in disagreements(case))


def test_runner_reports_a_plan_failure_that_did_not_happen(vector_environment):
    case = _ok_case()
    case["expected"] = {"status": "NB_ENOGPU"}
    assert disagreements(case) == ["plan succeeded, expected NB_ENOGPU"]


def test_runner_reports_a_plan_failure_with_another_code(vector_environment):
    case = _first_case(lambda c: c["expected"]["status"] not in ("NB_OK",))
    case["expected"]["status"] = "NB_EGPUSEL" if case["expected"]["status"] != "NB_EGPUSEL" else "NB_ENOGPU"
    assert len(disagreements(case)) == 1
