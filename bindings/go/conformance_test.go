package numabind

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The conformance vectors (bindings/conformance/vectors.json) are the core's
// own plans for bundled machines, generated from its golden tests; every
// binding must reproduce each of them through its idiomatic API.

type vectorFile struct {
	Schema           string       `json:"schema"`
	EnvironmentUnset []string     `json:"environment_unset"`
	Cases            []vectorCase `json:"cases"`
}

type vectorCase struct {
	Name     string          `json:"name"`
	Topology string          `json:"topology"`
	Options  json.RawMessage `json:"options"`
	NProc    int             `json:"nproc"`
	Expected vectorExpected  `json:"expected"`
}

type vectorExpected struct {
	Status string          `json:"status"` // "NB_OK", or the whole plan's error
	Plan   json.RawMessage `json:"plan"`
}

type vectorPlan struct {
	Ranks []struct {
		LocalRank int `json:"local_rank"`
		GPU       *struct {
			Index    int    `json:"index"`
			PCIBusID string `json:"pci_bus_id"`
		} `json:"gpu"`
		NUMANode *int    `json:"numa_node"`
		CPUs     *string `json:"cpus"`
		Error    *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	} `json:"ranks"`
}

func TestConformanceVectors(t *testing.T) {
	vectors := loadVectors(t)
	unsetEnvironment(t, vectors.EnvironmentUnset)
	if len(vectors.Cases) == 0 {
		t.Fatal("the vector file holds no case")
	}
	checked := 0
	for _, c := range vectors.Cases {
		for _, disagreement := range checkVector(t, c) {
			t.Errorf("%s: %s", c.Name, disagreement)
		}
		checked++
	}
	t.Logf("%d vectors checked", checked)
}

// The runner must report a vector the library disagrees with: edit one
// field at a time in copies of real vectors and expect a complaint.
func TestConformanceRunnerReportsDisagreements(t *testing.T) {
	vectors := loadVectors(t)
	unsetEnvironment(t, vectors.EnvironmentUnset)
	byName := make(map[string]vectorCase)
	for _, c := range vectors.Cases {
		byName[c.Name] = c
	}
	edits := []struct {
		caseName string
		edit     func(plan map[string]any, expected *vectorExpected)
		// The field-by-field complaint expected, besides the whole-JSON one.
		complaint string
	}{
		{"aws-g4dn/exclusive", func(plan map[string]any, _ *vectorExpected) {
			rank(plan, 3)["cpus"] = "18-23,66-70"
		}, "rank 3: cpus"},
		{"aws-g4dn/node", func(plan map[string]any, _ *vectorExpected) {
			rank(plan, 5)["numa_node"] = 0.0
		}, "rank 5: NUMA node"},
		{"aws-g4dn/node", func(plan map[string]any, _ *vectorExpected) {
			rank(plan, 1)["gpu"].(map[string]any)["pci_bus_id"] = "0000:18:00.0"
		}, "rank 1: GPU"},
		{"aws-g4dn/nproc-10/node", func(plan map[string]any, _ *vectorExpected) {
			rank(plan, 9)["error"].(map[string]any)["code"] = "NB_ENOTALLOWED"
		}, "rank 9: status"},
		{"aws-g4dn/vendor-amd/node", func(_ map[string]any, expected *vectorExpected) {
			expected.Status = "NB_EGPUSEL"
		}, "plan error"},
	}
	for i, e := range edits {
		c, ok := byName[e.caseName]
		if !ok {
			t.Fatalf("no vector named %q", e.caseName)
		}
		var plan map[string]any
		if c.Expected.Plan != nil {
			if err := json.Unmarshal(c.Expected.Plan, &plan); err != nil {
				t.Fatal(err)
			}
		}
		e.edit(plan, &c.Expected)
		if plan != nil {
			edited, err := json.Marshal(plan)
			if err != nil {
				t.Fatal(err)
			}
			c.Expected.Plan = edited
		}
		disagreements := checkVector(t, c)
		if !strings.Contains(strings.Join(disagreements, "\n"), e.complaint) {
			t.Errorf("edit %d of %s: the runner reported %q, want a %q complaint", i, c.Name, disagreements, e.complaint)
		}
	}
}

func rank(plan map[string]any, r int) map[string]any {
	return plan["ranks"].([]any)[r].(map[string]any)
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	text, err := os.ReadFile(repoFile(t, filepath.Join("bindings", "conformance", "vectors.json")))
	if err != nil {
		t.Fatal(err)
	}
	var vectors vectorFile
	if err := json.Unmarshal(text, &vectors); err != nil {
		t.Fatal(err)
	}
	if vectors.Schema != "numabind.conformance/1" {
		t.Fatalf("vector schema %q, want numabind.conformance/1", vectors.Schema)
	}
	return vectors
}

func unsetEnvironment(t *testing.T, names []string) {
	for _, name := range names {
		t.Setenv(name, "") // restores the old value after the test
		os.Unsetenv(name)
	}
}

// checkVector runs one case through the Go API and lists what disagrees.
func checkVector(t *testing.T, c vectorCase) (disagreements []string) {
	t.Helper()
	differ := func(format string, args ...any) { disagreements = append(disagreements, fmt.Sprintf(format, args...)) }

	topology, err := TopologyFromXML(repoFile(t, c.Topology))
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	defer topology.Close()

	var opts Options
	if err := json.Unmarshal(c.Options, &opts); err != nil {
		t.Fatalf("%s: options %s: %v", c.Name, c.Options, err)
	}
	// Options survive the trip through Go: written back, they are the
	// vector's object.
	if written, err := json.Marshal(opts); err != nil {
		differ("options do not marshal: %v", err)
	} else if !sameJSON(t, written, c.Options) {
		differ("options written back as %s, vector has %s", written, c.Options)
	}

	plan, err := topology.Plan(&opts, c.NProc)
	if c.Expected.Status != "NB_OK" {
		if err == nil {
			differ("plan computed, want whole-plan error %s", c.Expected.Status)
		} else if e, ok := err.(*Error); !ok || e.Code.String() != c.Expected.Status {
			differ("plan error %v, want %s", err, c.Expected.Status)
		}
		return disagreements
	}
	if err != nil {
		differ("plan failed: %v", err)
		return disagreements
	}

	var expected vectorPlan
	if err := json.Unmarshal(c.Expected.Plan, &expected); err != nil {
		t.Fatalf("%s: expected plan: %v", c.Name, err)
	}
	if len(plan.Ranks) != len(expected.Ranks) {
		differ("%d ranks, want %d", len(plan.Ranks), len(expected.Ranks))
		return disagreements
	}
	for r, want := range expected.Ranks {
		got := plan.Ranks[r]
		wantStatus, wantCPUs, wantGPU, wantBusID, wantNode := "NB_OK", "", -1, "", -1
		if want.Error != nil {
			wantStatus = want.Error.Code
		}
		if want.CPUs != nil {
			wantCPUs = *want.CPUs
		}
		if want.GPU != nil {
			wantGPU, wantBusID = want.GPU.Index, want.GPU.PCIBusID
		}
		if want.NUMANode != nil {
			wantNode = *want.NUMANode
		}
		if got.LocalRank != want.LocalRank {
			differ("rank %d: local rank %d, want %d", r, got.LocalRank, want.LocalRank)
		}
		if got.Status().String() != wantStatus {
			differ("rank %d: status %s, want %s", r, got.Status(), wantStatus)
		}
		if want.Error != nil && got.Err != nil && got.Err.(*Error).Message != want.Error.Message {
			differ("rank %d: message %q, want %q", r, got.Err.(*Error).Message, want.Error.Message)
		}
		if got.CPUs.String() != wantCPUs {
			differ("rank %d: cpus %q, want %q", r, got.CPUs, wantCPUs)
		}
		if got.GPUIndex != wantGPU || got.PCIBusID != wantBusID {
			differ("rank %d: GPU %d %q, want %d %q", r, got.GPUIndex, got.PCIBusID, wantGPU, wantBusID)
		}
		if got.NUMANode != wantNode {
			differ("rank %d: NUMA node %d, want %d", r, got.NUMANode, wantNode)
		}
		if want.Error == nil {
			cpus, err := topology.ComputeCPUSet(&opts, r)
			if err != nil || cpus.String() != wantCPUs {
				differ("rank %d: ComputeCPUSet gives %q, %v; want %q", r, cpus, err, wantCPUs)
			}
		}
	}
	if !sameJSON(t, []byte(plan.JSON()), c.Expected.Plan) {
		differ("plan JSON %s, want %s", plan.JSON(), c.Expected.Plan)
	}
	return disagreements
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}
