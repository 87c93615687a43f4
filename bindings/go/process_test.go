package numabind

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// Binding the whole process cannot be undone for the other tests, so it
// runs in a child: this test binary again, told by helperVariable to run
// helper code instead of the tests.
const helperVariable = "NUMABIND_GO_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperVariable) == "bind-current-process" {
		if err := bindCurrentProcessHelper(); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestBindCurrentProcess(t *testing.T) {
	requireCPUs01(t)
	helper := exec.Command(os.Args[0], "-test.run=^$")
	helper.Env = append(os.Environ(), helperVariable+"=bind-current-process")
	out, err := helper.CombinedOutput()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	threads := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 3 {
			t.Fatalf("helper line %q", line)
		}
		if fields[2] != "1" {
			t.Errorf("after BindCurrentProcess for rank 1: %s %s on CPUs %s", fields[0], fields[1], fields[2])
		}
		if fields[0] == "thread" {
			threads++
		}
	}
	if threads < 13 {
		t.Errorf("the helper reported %d threads, want at least 13 (12 goroutines locked to their own)", threads)
	}
}

// bindCurrentProcessHelper binds this process for rank 1 of the two-node
// machine while goroutines hold threads of their own, then starts more, and
// prints "<kind> <id> <cpus>" for every thread and for a child.
func bindCurrentProcessHelper() error {
	topology, err := TopologyFromXML(filepath.Join("testdata", "two-node-machine.xml"))
	if err != nil {
		return err
	}
	defer topology.Close()

	// Not while this thread has a binding pushed: its affinity is then not
	// the process's.
	err = WithBinding(topology, nil, 0, func() error { return BindCurrentProcess(topology, nil, 1) })
	if !errors.Is(err, ESTACK) {
		return fmt.Errorf("BindCurrentProcess inside WithBinding: %v, want ESTACK", err)
	}

	release := make(chan struct{})
	reports := make(chan string, 16)
	var held, wg sync.WaitGroup
	threadReport := func(kind string) {
		runtime.LockOSThread() // stays locked: one thread per goroutine
		held.Done()
		<-release
		status, err := os.ReadFile("/proc/thread-self/status")
		reports <- fmt.Sprintf("%s %d %s", kind, syscall.Gettid(), affinityOf(string(status), err))
		wg.Done()
	}
	for i := 0; i < 8; i++ {
		held.Add(1)
		wg.Add(1)
		go threadReport("goroutine-before")
	}
	held.Wait()

	if err := BindCurrentProcess(topology, nil, 1); err != nil {
		return err
	}

	for i := 0; i < 4; i++ {
		held.Add(1)
		wg.Add(1)
		go threadReport("goroutine-after")
	}
	held.Wait()

	// Every thread, the twelve held ones among them, while they all exist
	// (a goroutine that exits locked takes its thread with it).
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	for _, task := range tasks {
		status, err := os.ReadFile(filepath.Join("/proc/self/task", task.Name(), "status"))
		fmt.Println("thread", task.Name(), affinityOf(string(status), err))
	}

	close(release)
	wg.Wait()
	close(reports)
	for report := range reports {
		fmt.Println(report)
	}

	child, err := exec.Command("cat", "/proc/self/status").Output()
	fmt.Println("child", 0, affinityOf(string(child), err))
	return nil
}

func affinityOf(status string, err error) string {
	if err != nil {
		return "unreadable:" + strings.ReplaceAll(err.Error(), " ", "_")
	}
	for _, line := range strings.Split(status, "\n") {
		if value, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return strings.TrimSpace(value)
		}
	}
	return "missing"
}
