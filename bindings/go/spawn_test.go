package numabind

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/numabind/numabind/bindings/go/internal/capi"
)

// The spawned child writes its affinity, one variable and its working
// directory to a file named by its first argument.
var reportToFile = []string{"sh", "-c", `{ grep Cpus_allowed_list /proc/self/status; echo "$NB_GO"; pwd; } > "$0"`}

func TestSpawnBindsTheChild(t *testing.T) {
	requireCPUs01(t)
	topology := twoNodeMachine(t)
	original := lockedThreadAffinity(t)
	dir := t.TempDir()
	for rank, want := range []string{"0", "1"} {
		report := filepath.Join(dir, "report")
		env := []string{"NB_GO=spawned", "PATH=/usr/bin:/bin"}
		process, err := Spawn(topology, nil, rank, append(reportToFile, report), env, dir)
		if err != nil {
			t.Fatal(err)
		}
		state, err := process.Wait()
		if err != nil || !state.Success() {
			t.Fatalf("rank %d: child %v, %v", rank, state, err)
		}
		lines := strings.Split(strings.TrimSpace(readStatus(t, report)), "\n")
		if len(lines) != 3 || cpusAllowed(t, lines[0]).String() != want || lines[1] != "spawned" || lines[2] != dir {
			t.Errorf("rank %d: child reported %q, want CPUs %s, NB_GO=spawned, cwd %s", rank, lines, want, dir)
		}
	}
	if now := lockedThreadAffinity(t); now != original {
		t.Errorf("Spawn left this thread on CPUs %s, was %s", now, original)
	}
}

// nil env is this process's environment; "" dir its working directory.
func TestSpawnInheritsEnvironmentAndDirectory(t *testing.T) {
	topology := twoNodeMachine(t)
	t.Setenv("NB_GO", "inherited")
	report := filepath.Join(t.TempDir(), "report")
	process, err := Spawn(topology, &Options{Fallback: true}, 0, append(reportToFile, report), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := process.Wait(); err != nil {
		t.Fatal(err)
	}
	cwd, _ := os.Getwd()
	lines := strings.Split(strings.TrimSpace(readStatus(t, report)), "\n")
	if len(lines) != 3 || lines[1] != "inherited" || lines[2] != cwd {
		t.Errorf("child reported %q, want NB_GO=inherited and cwd %s", lines, cwd)
	}
}

func TestSpawnErrors(t *testing.T) {
	topology := twoNodeMachine(t)
	_, err := Spawn(topology, nil, 0, []string{"numabind-go-test-no-such-program"}, nil, "")
	e := requireCode(t, err, EEXEC, "numabind-go-test-no-such-program")
	if e.Errno != syscall.ENOENT || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errno %v, want ENOENT reachable as fs.ErrNotExist", e.Errno)
	}
	_, err = Spawn(topology, nil, 9, []string{"true"}, nil, "")
	requireCode(t, err, ERANK, "9")
	_, err = Spawn(topology, nil, 0, nil, nil, "")
	requireCode(t, err, EINVAL, "argv")
	_, err = Spawn(topology, nil, 0, []string{"echo", "a\x00b"}, nil, "")
	requireCode(t, err, EINVAL, "NUL")
	gone := filepath.Join(t.TempDir(), "gone")
	_, err = Spawn(topology, nil, 0, []string{"true"}, nil, gone)
	if e := requireCode(t, err, EEXEC, gone); e.Errno != syscall.ENOENT {
		t.Errorf("a missing working directory: errno %v, want ENOENT", e.Errno)
	}
}

func TestLocalRankFromEnvironment(t *testing.T) {
	for _, name := range []string{"LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"} {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
	_, err := LocalRankFromEnvironment()
	requireCode(t, err, ERANK, "LOCAL_RANK")
	t.Setenv("SLURM_LOCALID", "3")
	if rank, err := LocalRankFromEnvironment(); err != nil || rank != 3 {
		t.Errorf("SLURM_LOCALID=3: %d, %v", rank, err)
	}
	t.Setenv("LOCAL_RANK", "x1")
	_, err = LocalRankFromEnvironment()
	requireCode(t, err, ERANK, "x1")
}

func TestVersionIsTheLibrarys(t *testing.T) {
	// The library loaded at run time is the one whose header SWIG read.
	header := fmt.Sprintf("%d.%d.%d", capi.NB_VERSION_MAJOR, capi.NB_VERSION_MINOR, capi.NB_VERSION_PATCH)
	if v := Version(); v != header {
		t.Errorf("Version() = %q, the header is %s", v, header)
	}
}
