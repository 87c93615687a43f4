"""Per-call cost of computing a binding through the Python binding.

The common measurement of issue 4 (bindings/*/bench): the AWS g4dn.metal
topology loaded once, mode "exclusive", compute_cpuset for local rank 3,
the result object created and released on every call; the median of
several runs, in ns/call. Two more rows split the cost: the same call with
the options as a keyword (a NumaOptions built and validated per call), and
the SWIG layer alone (numabind._capi, no Pythonic wrapper).

    python bindings/python/bench/bench_compute_cpuset.py [--runs 15] [--calls 20000]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import timeit
from pathlib import Path

import numabind
from numabind import _capi

TOPOLOGY = Path(__file__).resolve().parents[3] / "tests/fixtures/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml"


def median_ns_per_call(statement, calls: int, runs: int) -> tuple[float, float, float]:
    statement()  # the first call warms caches; it is not timed
    samples = [timer / calls * 1e9 for timer in timeit.repeat(statement, number=calls, repeat=runs)]
    return statistics.median(samples), min(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args()

    topology = numabind.Topology.from_xml(TOPOLOGY)
    options = numabind.NumaOptions(mode="exclusive")
    assert str(numabind.compute_cpuset(topology, 3, options=options)) == "18-23,66-71"

    cases = {
        "compute_cpuset(topology, 3, options=NumaOptions(mode='exclusive'))":
            lambda: numabind.compute_cpuset(topology, 3, options=options),
        "compute_cpuset(topology, 3, mode='exclusive')":
            lambda: numabind.compute_cpuset(topology, 3, mode="exclusive"),
        "_capi.nb_compute_cpuset(topology, options, 3) (SWIG layer only)":
            lambda: _capi.nb_compute_cpuset(topology._handle, options._native, 3),
    }
    print(f"# {platform.python_implementation()} {platform.python_version()}, "
          f"numabind {numabind.library_version()}, {args.runs} runs x {args.calls} calls")
    for name, statement in cases.items():
        median, low, high = median_ns_per_call(statement, args.calls, args.runs)
        print(json.dumps({"case": name, "median_ns_per_call": round(median),
                          "min_ns": round(low), "max_ns": round(high)}))


if __name__ == "__main__":
    main()
