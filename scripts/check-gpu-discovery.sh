#!/usr/bin/env bash
# Compares numabind's GPU discovery on a real NVIDIA machine with nvidia-smi
# and sysfs: same GPUs, same order (index), same PCI bus ids and UUIDs, and
# the host NUMA node the kernel reports (-1, a VM or one-node box, counts as 0).
# Usage: scripts/check-gpu-discovery.sh [path/to/numabind]
# Exits 0 when everything agrees, 1 on a mismatch, 77 when there is no GPU.
set -euo pipefail
numabind=${1:-build/tools/numabind}
command -v nvidia-smi >/dev/null || { echo "no nvidia-smi: nothing to compare" >&2; exit 77; }

smi=$(nvidia-smi --query-gpu=index,pci.bus_id,uuid --format=csv,noheader)
topo=$("$numabind" topo --format json)
plan=$("$numabind" plan --mode node --format json)

SMI="$smi" TOPO="$topo" PLAN="$plan" python3 - <<'PY'
import json, os, sys

def sysfs_node(bus):
    node = int(open(f"/sys/bus/pci/devices/{bus}/numa_node").read())
    return 0 if node < 0 else node

smi = []
for line in os.environ["SMI"].strip().splitlines():
    index, bus, uuid = [f.strip() for f in line.split(",")]
    smi.append((int(index), bus.lower()[-12:], uuid))   # nvidia-smi prints an 8-digit domain
topo = json.loads(os.environ["TOPO"])
plan = json.loads(os.environ["PLAN"])
problems = []
if len(topo["gpus"]) != len(smi):
    problems.append(f"numabind sees {len(topo['gpus'])} GPUs, nvidia-smi {len(smi)}")
for (index, bus, uuid), gpu in zip(smi, topo["gpus"]):
    if (gpu["index"], gpu["pci_bus_id"], gpu["uuid"]) != (index, bus, uuid):
        problems.append(f"GPU {index}: nvidia-smi {bus} {uuid}, numabind {gpu['pci_bus_id']} {gpu['uuid']}")
    if gpu["numa_node"] != sysfs_node(bus):
        problems.append(f"GPU {index} ({bus}): sysfs node {sysfs_node(bus)}, numabind {gpu['numa_node']}")
for rank in plan["ranks"]:
    if "cpus" not in rank:
        problems.append(f"rank {rank['local_rank']}: {rank['error']}")
for (index, bus, uuid) in smi:
    print(f"GPU {index} {bus} {uuid} -> NUMA node {sysfs_node(bus)}")
print("\n".join(problems) if problems else "numabind agrees with nvidia-smi and sysfs")
sys.exit(1 if problems else 0)
PY
