package numabind

import (
	"encoding/json"
	"testing"
)

func TestPlanOfTheTwoNodeMachine(t *testing.T) {
	topology := twoNodeMachine(t)
	plan, err := topology.Plan(nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		status   Code
		gpu      int
		busID    string
		node     int
		cpus     string
		mentions string
	}{
		{OK, 0, "0000:10:00.0", 0, "0", ""},
		{OK, 1, "0000:20:00.0", 1, "1", ""},
		{ERANK, -1, "", -1, "", "local rank 2"},
	}
	if len(plan.Ranks) != len(want) {
		t.Fatalf("%d ranks, want %d", len(plan.Ranks), len(want))
	}
	for r, w := range want {
		got := plan.Ranks[r]
		if got.LocalRank != r || got.Status() != w.status || got.GPUIndex != w.gpu || got.PCIBusID != w.busID ||
			got.NUMANode != w.node || got.CPUs.String() != w.cpus {
			t.Errorf("rank %d: %+v, want %+v", r, got, w)
		}
		if w.status != OK {
			requireCode(t, got.Err, w.status, w.mentions)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(plan.JSON()), &doc); err != nil || doc["schema"] != "numabind.plan/1" {
		t.Errorf("plan JSON %s: %v", plan.JSON(), err)
	}

	all, err := topology.Plan(nil, 0)
	if err != nil || len(all.Ranks) != 2 {
		t.Errorf("nproc 0: %v, %v; want one rank per GPU", all, err)
	}
}

func TestWholePlanErrors(t *testing.T) {
	topology := twoNodeMachine(t)
	_, err := topology.Plan(&Options{GPUVendor: VendorAMD}, 0)
	requireCode(t, err, ENOGPU)
	_, err = topology.Plan(&Options{VisibleDevices: ptr("5")}, 0)
	requireCode(t, err, EGPUSEL, "5")
	_, err = topology.Plan(&Options{Mode: "nod"}, 0)
	requireCode(t, err, EMODE, "nod")
	_, err = topology.Plan(nil, -1)
	requireCode(t, err, EINVAL)
}

func TestVisibleDevicesRemapRanks(t *testing.T) {
	topology := twoNodeMachine(t)
	plan, err := topology.Plan(&Options{VisibleDevices: ptr("1,0")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Ranks[0].GPUIndex != 1 || plan.Ranks[0].CPUs.String() != "1" || plan.Ranks[1].CPUs.String() != "0" {
		t.Errorf("visible devices 1,0: %+v", plan.Ranks)
	}
	t.Setenv("CUDA_VISIBLE_DEVICES", "1")
	cpus, err := topology.ComputeCPUSet(nil, 0)
	if err != nil || cpus.String() != "1" {
		t.Errorf("CUDA_VISIBLE_DEVICES=1, rank 0: %s, %v; want CPU 1", cpus, err)
	}
}
