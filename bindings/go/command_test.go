package numabind

import (
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// The child reports the affinity it started with: cat reads its own status.
func reportAffinity(topology *Topology, opts *Options, rank int) *Cmd {
	return Command(topology, opts, rank, "cat", "/proc/self/status")
}

func TestCommandBindsTheChild(t *testing.T) {
	requireCPUs01(t)
	topology := twoNodeMachine(t)
	for rank, want := range []string{"0", "1"} {
		out, err := reportAffinity(topology, nil, rank).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := cpusAllowed(t, string(out)); got.String() != want {
			t.Errorf("rank %d: child on CPUs %s, want %s", rank, got, want)
		}
	}
}

// 64 goroutines start bound children at once, half of them from goroutines
// locked to their own thread, half from goroutines Go may move: every child
// has its rank's CPU, and afterwards every thread of this process has the
// affinity it had before.
func TestCommandFromManyGoroutinesAtOnce(t *testing.T) {
	requireCPUs01(t)
	topology := twoNodeMachine(t)
	original := lockedThreadAffinity(t)

	const goroutines, childrenEach = 64, 4
	start := make(chan struct{})
	failures := make(chan string, goroutines*childrenEach)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			locked := g%2 == 0
			if locked {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
			}
			<-start
			for c := 0; c < childrenEach; c++ {
				rank := (g + c) % 2
				out, err := reportAffinity(topology, nil, rank).Output()
				if err != nil {
					failures <- fmt.Sprintf("goroutine %d, child %d: %v", g, c, err)
					continue
				}
				if got, err := parseCPUsAllowed(string(out)); err != nil || got.String() != fmt.Sprint(rank) {
					failures <- fmt.Sprintf("goroutine %d, child %d (rank %d): on CPUs %s (%v)", g, c, rank, got, err)
				}
				if locked {
					// Still on the thread that was bound and restored.
					if now, err := threadCPUs(); err != nil || now != original {
						failures <- fmt.Sprintf("goroutine %d: its thread is left on CPUs %s (%v), was %s", g, now, err, original)
					}
					if depth := AffinityDepth(); depth != 0 {
						failures <- fmt.Sprintf("goroutine %d: %d bindings left pushed", g, depth)
					}
				}
			}
		}(g)
	}
	close(start)
	wg.Wait()
	close(failures)
	for failure := range failures {
		t.Error(failure)
	}
	for tid, affinity := range threadAffinities(t) {
		if affinity != original {
			t.Errorf("thread %s is left on CPUs %s, the process had %s", tid, affinity, original)
		}
	}
}

func TestCommandErrors(t *testing.T) {
	topology := twoNodeMachine(t)
	original := lockedThreadAffinity(t)

	cmd := reportAffinity(topology, nil, 2)
	requireCode(t, cmd.Run(), ERANK, "local rank 2")
	if cmd.Process != nil {
		t.Errorf("a process was started for a rank out of range")
	}
	requireCode(t, reportAffinity(topology, nil, -1).Start(), ERANK, "-1")
	requireCode(t, reportAffinity(topology, &Options{Mode: "nod"}, 0).Start(), EMODE, "nod")
	requireCode(t, reportAffinity(topology, &Options{MemPolicy: "membind"}, 0).Start(), EMODE, "membind")

	missing := Command(topology, nil, 0, "numabind-go-test-no-such-program")
	if err := missing.Start(); !errors.Is(err, exec.ErrNotFound) {
		t.Errorf("a missing program: %v, want exec.ErrNotFound", err)
	}
	if _, err := Command(topology, nil, 0, "numabind-go-test-no-such-program").Output(); !errors.Is(err, exec.ErrNotFound) {
		t.Errorf("a missing program's Output: %v, want exec.ErrNotFound", err)
	}

	if now := lockedThreadAffinity(t); now != original {
		t.Errorf("the failed starts left this thread on CPUs %s, was %s", now, original)
	}
	for tid, affinity := range threadAffinities(t) {
		if affinity != original {
			t.Errorf("thread %s is left on CPUs %s after failed starts", tid, affinity)
		}
	}
}

// With fall-back, a rank that cannot be bound runs unbound, reported on
// the log (the default log writes a warning to stderr).
func TestCommandFallbackRunsUnbound(t *testing.T) {
	topology := twoNodeMachine(t)
	original := lockedThreadAffinity(t)
	out, err := reportAffinity(topology, &Options{Fallback: true}, 5).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := cpusAllowed(t, string(out)); got != original {
		t.Errorf("unbound child on CPUs %s, want this process's %s", got, original)
	}
}

func TestCommandOutputsAndExitStatus(t *testing.T) {
	requireCPUs01(t)
	topology := twoNodeMachine(t)

	combined, err := Command(topology, nil, 1, "sh", "-c", "echo out; echo err >&2").CombinedOutput()
	if err != nil || string(combined) != "out\nerr\n" {
		t.Errorf("CombinedOutput = %q, %v", combined, err)
	}
	_, err = Command(topology, nil, 1, "sh", "-c", "echo why >&2; exit 3").Output()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 3 || strings.TrimSpace(string(exitErr.Stderr)) != "why" {
		t.Errorf("Output of a failing command: %v", err)
	}

	cmd := Command(topology, nil, 1, "sh", "-c", `grep Cpus_allowed_list /proc/self/status; echo "$NB_GO"; pwd`)
	cmd.Env = []string{"NB_GO=env-passed", "PATH=/usr/bin:/bin"}
	cmd.Dir = t.TempDir()
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 || cpusAllowed(t, lines[0]).String() != "1" || lines[1] != "env-passed" || lines[2] != cmd.Dir {
		t.Errorf("child with Env and Dir reported %q", lines)
	}

	// The options are copied at Command: changing them later changes nothing.
	opts := &Options{Mode: ModeNode}
	later := reportAffinity(topology, opts, 0)
	opts.Mode = "nod"
	if _, err := later.Output(); err != nil {
		t.Errorf("options changed after Command affected Start: %v", err)
	}
}

func TestWithBindingBindsAndRestoresTheThread(t *testing.T) {
	requireCPUs01(t)
	topology := twoNodeMachine(t)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	original := cpusAllowed(t, readStatus(t, "/proc/thread-self/status"))
	here := func() string { return cpusAllowed(t, readStatus(t, "/proc/thread-self/status")).String() }

	err := WithBinding(topology, nil, 1, func() error {
		if here() != "1" || AffinityDepth() != 1 {
			return fmt.Errorf("inside rank 1: CPUs %s, depth %d", here(), AffinityDepth())
		}
		cpus, _ := ParseCPUSet("0")
		return WithCPUs(cpus, nil, func() error {
			if here() != "0" || AffinityDepth() != 2 {
				return fmt.Errorf("nested on CPU 0: CPUs %s, depth %d", here(), AffinityDepth())
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if here() != original.String() || AffinityDepth() != 0 {
		t.Errorf("after WithBinding: CPUs %s, depth %d; want %s, 0", here(), AffinityDepth(), original)
	}

	// fn's error is returned, and the thread is restored all the same.
	sentinel := errors.New("from fn")
	if err := WithBinding(topology, nil, 0, func() error { return sentinel }); err != sentinel {
		t.Errorf("WithBinding returned %v, want fn's error", err)
	}
	// A panic in fn goes through, after the thread is restored.
	func() {
		defer func() {
			if recover() == nil {
				t.Error("fn's panic was swallowed")
			}
		}()
		WithBinding(topology, nil, 0, func() error { panic("in fn") })
	}()
	if here() != original.String() || AffinityDepth() != 0 {
		t.Errorf("after errors and panics: CPUs %s, depth %d", here(), AffinityDepth())
	}

	// A CPU set with CPUs this machine lacks is refused, the thread untouched.
	absent, _ := ParseCPUSet("1000")
	requireCode(t, WithCPUs(absent, nil, func() error { return nil }), EAFFINITY, "1000")
	requireCode(t, WithBinding(topology, nil, 7, func() error { return nil }), ERANK, "7")
	if here() != original.String() || AffinityDepth() != 0 {
		t.Errorf("after refused bindings: CPUs %s, depth %d", here(), AffinityDepth())
	}
}
