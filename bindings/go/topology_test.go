package numabind

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTopologyFromXMLLoadsAFile(t *testing.T) {
	topology, err := TopologyFromXML(repoFile(t, g4dnFixture))
	if err != nil {
		t.Fatal(err)
	}
	defer topology.Close()
	if topology.IsLive() {
		t.Error("a topology file is reported live")
	}
	// lstopo on the fixture: eight T4s (10de:1eb8), four on each package.
	count, err := topology.GPUCount(nil)
	if err != nil || count != 8 {
		t.Fatalf("GPUCount = %d, %v; want 8", count, err)
	}
	gpus, err := topology.GPUs(nil)
	if err != nil {
		t.Fatal(err)
	}
	wantBusIDs := []string{"0000:18:00.0", "0000:19:00.0", "0000:35:00.0", "0000:36:00.0",
		"0000:e7:00.0", "0000:e8:00.0", "0000:f4:00.0", "0000:f5:00.0"}
	for i, gpu := range gpus {
		if gpu.Index != i || gpu.PCIBusID != wantBusIDs[i] || gpu.PCIID != "10de:1eb8" || gpu.Vendor != "nvidia" {
			t.Errorf("GPU %d: %+v", i, gpu)
		}
		if gpu.NUMANode == nil || *gpu.NUMANode != i/4 {
			t.Errorf("GPU %d: NUMA node %v, want %d", i, gpu.NUMANode, i/4)
		}
	}
}

func TestTopologyFromXMLBytesAndSysfsErrors(t *testing.T) {
	document, err := os.ReadFile(filepath.Join("testdata", "two-node-machine.xml"))
	if err != nil {
		t.Fatal(err)
	}
	topology, err := TopologyFromXMLBytes(document)
	if err != nil {
		t.Fatal(err)
	}
	defer topology.Close()
	if count, err := topology.GPUCount(nil); err != nil || count != 2 {
		t.Errorf("GPUCount = %d, %v; want 2", count, err)
	}

	_, err = TopologyFromXMLBytes([]byte("<topology"))
	requireCode(t, err, ETOPOLOGY)
	missing := filepath.Join(t.TempDir(), "missing.xml")
	_, err = TopologyFromXML(missing)
	requireCode(t, err, ETOPOLOGY, missing)
	_, err = TopologyFromSysfs(filepath.Join(t.TempDir(), "no-capture"))
	requireCode(t, err, ETOPOLOGY, "no-capture")
}

func TestLoadTopologyHonoursNUMABINDTOPOLOGY(t *testing.T) {
	path, _ := filepath.Abs(filepath.Join("testdata", "two-node-machine.xml"))
	t.Setenv("NUMABIND_TOPOLOGY", path)
	topology, err := LoadTopology()
	if err != nil {
		t.Fatal(err)
	}
	defer topology.Close()
	if count, err := topology.GPUCount(nil); err != nil || count != 2 {
		t.Errorf("GPUCount = %d, %v; want the file's 2", count, err)
	}
}

func TestComputeCPUSetOnTheTwoNodeMachine(t *testing.T) {
	topology := twoNodeMachine(t)
	for rank, want := range []string{"0", "1"} {
		for _, mode := range []Mode{ModeNode, ModeSocket, ModeExclusive, ModeCoreComplex, ModeClosest} {
			cpus, err := topology.ComputeCPUSet(&Options{Mode: mode}, rank)
			if mode == ModeSocket {
				want := "0-1" // both nodes are in the one package
				if err != nil || cpus.String() != want {
					t.Errorf("rank %d, %s: %q, %v; want %q", rank, mode, cpus, err, want)
				}
				continue
			}
			if err != nil || cpus.String() != want {
				t.Errorf("rank %d, %s: %q, %v; want %q", rank, mode, cpus, err, want)
			}
		}
	}
	_, err := topology.ComputeCPUSet(nil, 2)
	requireCode(t, err, ERANK, "2")
	_, err = topology.ComputeCPUSet(nil, -1)
	requireCode(t, err, ERANK, "-1")
	_, err = topology.ComputeCPUSet(&Options{Mode: "nod"}, 0)
	requireCode(t, err, EMODE, "nod")
	only1, _ := ParseCPUSet("1")
	_, err = topology.ComputeCPUSet(&Options{AllowedCPUs: &only1}, 0)
	requireCode(t, err, ENOTALLOWED)
	_, err = topology.ComputeCPUSet(&Options{GPUVendor: VendorAMD}, 0)
	requireCode(t, err, ENOGPU)
}

func TestCloseIsIdempotentAndLaterCallsFail(t *testing.T) {
	topology, err := TopologyFromXML(filepath.Join("testdata", "two-node-machine.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := topology.Close(); err != nil {
		t.Fatal(err)
	}
	if err := topology.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_, err = topology.ComputeCPUSet(nil, 0)
	requireCode(t, err, EINVAL, "closed")
	_, err = topology.Plan(nil, 0)
	requireCode(t, err, EINVAL, "closed")
	err = Command(topology, nil, 0, "true").Run()
	requireCode(t, err, EINVAL, "closed")
	if topology.IsLive() {
		t.Error("a closed topology is live")
	}
	var nilTopology *Topology
	_, err = nilTopology.ComputeCPUSet(nil, 0)
	requireCode(t, err, EINVAL, "nil")
}

// Close waits for calls in flight, and calls after it fail cleanly: many
// goroutines computing while another closes never touch freed memory.
func TestCloseWhileInUse(t *testing.T) {
	for round := 0; round < 20; round++ {
		topology, err := TopologyFromXML(filepath.Join("testdata", "two-node-machine.xml"))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i := 0; i < 50; i++ {
					cpus, err := topology.ComputeCPUSet(nil, g%2)
					var nbErr *Error
					switch {
					case err == nil && cpus.String() != []string{"0", "1"}[g%2]:
						t.Errorf("rank %d: %s", g%2, cpus)
					case err != nil && !(errors.As(err, &nbErr) && nbErr.Code == EINVAL && strings.Contains(nbErr.Message, "closed")):
						t.Errorf("rank %d: %v, want a result or EINVAL 'closed'", g%2, err)
					}
				}
			}(g)
		}
		runtime.Gosched()
		topology.Close()
		wg.Wait()
	}
}

// Unclosed topologies are released by their finalizer; closed ones have
// none left (Close removes it), so nothing is freed twice.
func TestFinalizerReleasesUnclosedTopologiesOnly(t *testing.T) {
	load := func(n int, close bool) {
		for i := 0; i < n; i++ {
			topology, err := TopologyFromXML(filepath.Join("testdata", "two-node-machine.xml"))
			if err != nil {
				t.Fatal(err)
			}
			if close {
				topology.Close()
			}
		}
	}
	settle := func() int64 {
		// Finalizers run on their own goroutine after a GC finds the object.
		before := int64(-1)
		for now := finalizedTopologies.Load(); now != before; now = finalizedTopologies.Load() {
			before = now
			runtime.GC()
			time.Sleep(20 * time.Millisecond)
		}
		return before
	}
	start := settle()
	load(100, true)
	if released := settle() - start; released != 0 {
		t.Errorf("%d closed topologies released again by the finalizer", released)
	}
	load(100, false)
	deadline := time.Now().Add(5 * time.Second)
	for finalizedTopologies.Load()-start < 100 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if released := finalizedTopologies.Load() - start; released != 100 {
		t.Errorf("the finalizer released %d of 100 unclosed topologies", released)
	}
}
