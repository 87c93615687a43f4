package numabind

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// repoRoot is the repository root when this module sits in its checkout
// (bindings/go), "" when it was fetched alone (go get puts only bindings/go
// in the module cache).
func repoRoot() string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return ""
	}
	if _, err := os.Stat(filepath.Join(root, "include", "numabind.h")); err != nil {
		return ""
	}
	return root
}

// repoFile is a file of the repository (fixtures, conformance vectors). It
// skips the test outside the repository, and fails it inside when the file
// is missing, so a moved file cannot make the test pass by skipping.
func repoFile(t testing.TB, rel string) string {
	t.Helper()
	root := repoRoot()
	if root == "" {
		t.Skipf("%s is part of the numabind repository, not of this module on its own", rel)
	}
	path := filepath.Join(root, rel)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("repository file missing: %v", err)
	}
	return path
}

const g4dnFixture = "tests/fixtures/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml"

// twoNodeMachine is testdata/two-node-machine.xml: this machine's CPUs 0 and
// 1 as two NUMA nodes of one package, GPU 0000:10:00.0 on node 0 (CPU 0) and
// GPU 0000:20:00.0 on node 1 (CPU 1). Written by the C++ tests' generator
// (tests/support/synthetic_topology, the spec of tests/process's
// two_node_machine()).
func twoNodeMachine(t testing.TB) *Topology {
	t.Helper()
	topology, err := TopologyFromXML(filepath.Join("testdata", "two-node-machine.xml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { topology.Close() })
	return topology
}

// requireCPUs01 skips a test that binds for real unless this process may run
// on CPUs 0 and 1.
func requireCPUs01(t testing.TB) {
	t.Helper()
	allowed, err := CPUSetOf(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	own := lockedThreadAffinity(t)
	if !containsAll(own, allowed) {
		t.Skipf("this process may run on CPUs %s only, and the test binds to CPUs 0 and 1", own)
	}
}

func containsAll(set, subset CPUSet) bool {
	for _, cpu := range subset.CPUs() {
		if !set.Contains(cpu) {
			return false
		}
	}
	return true
}

// cpusAllowed is the Cpus_allowed_list of a /proc status file's text.
func cpusAllowed(t testing.TB, status string) CPUSet {
	t.Helper()
	set, err := parseCPUsAllowed(status)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// parseCPUsAllowed is cpusAllowed for goroutines other than the test's,
// which may not call t.Fatal.
func parseCPUsAllowed(status string) (CPUSet, error) {
	for _, line := range strings.Split(status, "\n") {
		if value, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return ParseCPUSet(strings.TrimSpace(value))
		}
	}
	return CPUSet{}, fmt.Errorf("no Cpus_allowed_list in:\n%s", status)
}

// threadCPUs is the calling thread's affinity, for a goroutine locked to it.
func threadCPUs() (CPUSet, error) {
	status, err := os.ReadFile("/proc/thread-self/status")
	if err != nil {
		return CPUSet{}, err
	}
	return parseCPUsAllowed(string(status))
}

func readStatus(t testing.TB, path string) string {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

// lockedThreadAffinity is the affinity of the calling goroutine's thread,
// read with the goroutine locked to it.
func lockedThreadAffinity(t testing.TB) CPUSet {
	t.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return cpusAllowed(t, readStatus(t, "/proc/thread-self/status"))
}

// threadAffinities maps every thread of this process to its affinity.
func threadAffinities(t testing.TB) map[string]CPUSet {
	t.Helper()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	affinities := make(map[string]CPUSet)
	for _, task := range tasks {
		text, err := os.ReadFile(filepath.Join("/proc/self/task", task.Name(), "status"))
		if errors.Is(err, os.ErrNotExist) {
			continue // the thread exited meanwhile
		}
		if err != nil {
			t.Fatal(err)
		}
		affinities[task.Name()] = cpusAllowed(t, string(text))
	}
	return affinities
}

// requireCode fails unless err is an *Error with the code, whose message
// contains each of the fragments (the offending values).
func requireCode(t testing.TB, err error, code Code, fragments ...string) *Error {
	t.Helper()
	var nbErr *Error
	if !errors.As(err, &nbErr) {
		t.Fatalf("got error %v (%T), want an *Error with code %s", err, err, code)
	}
	if nbErr.Code != code {
		t.Fatalf("got code %s (%q), want %s", nbErr.Code, nbErr.Message, code)
	}
	if !errors.Is(err, code) {
		t.Fatalf("errors.Is(err, %s) is false for %v", code, err)
	}
	for _, fragment := range fragments {
		if !strings.Contains(nbErr.Message, fragment) {
			t.Fatalf("message %q does not name %q", nbErr.Message, fragment)
		}
	}
	return nbErr
}
