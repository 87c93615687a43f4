package numabind

import (
	"syscall"
	"testing"
	"time"
)

// The measurement every binding repeats (see bench/binding_baseline_bench.cpp
// for the C baseline): the AWS g4dn.metal topology loaded once, options
// mode=exclusive, compute_cpuset for local rank 3 through the idiomatic API,
// its result created and released each call. Here a call is
// Topology.ComputeCPUSet: C options built from the Options struct, the C set
// computed, formatted into the Go CPUSet and freed. (Named after the C
// function, compute_cpuset, as in the other bindings' benchmarks.)
//
//	go test -run '^$' -bench ComputeCpuset -count 5 ./
func BenchmarkComputeCpuset(b *testing.B) {
	topology, err := TopologyFromXML(repoFile(b, g4dnFixture))
	if err != nil {
		b.Fatal(err)
	}
	defer topology.Close()
	opts := &Options{Mode: ModeExclusive}
	want, err := topology.ComputeCPUSet(opts, 3)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpuBefore := processCPUTime(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cpus, err := topology.ComputeCPUSet(opts, 3)
		if err != nil || cpus != want {
			b.Fatalf("call %d: %s, %v; want %s", i, cpus, err, want)
		}
	}
	b.StopTimer()
	// CPU time as well as wall time: on a machine shared with other jobs the
	// wall time per call also counts the time this process waited for a CPU.
	b.ReportMetric(float64(processCPUTime(b)-cpuBefore)/float64(b.N), "cpu-ns/op")
}

// processCPUTime is the user and system time of this process (every thread,
// the garbage collector's included).
func processCPUTime(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}
