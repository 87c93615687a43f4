package numabind

import (
	"os"
	"runtime"

	"github.com/numabind/numabind/bindings/go/internal/capi"
)

// CPU affinity and memory policy belong to an OS thread on Linux, and a
// child process starts with those of the thread that created it. Go moves
// goroutines between threads at will, so every function here that binds a
// thread first locks the calling goroutine to its thread
// (runtime.LockOSThread), binds it, does its work, restores it and unlocks.
// The Go runtime never creates a new thread from a locked one (it asks a
// clean "template" thread instead), so the binding does not leak into the
// runtime's thread pool either.

// WithBinding runs fn with the calling goroutine locked to its OS thread and
// that thread bound for localRank (nb_affinity_push_rank), then restores the
// thread (nb_affinity_pop) and unlocks it. Processes fn starts from this
// goroutine (exec.Cmd.Start, syscall.ForkExec) inherit the binding; other
// goroutines, including those fn starts, run elsewhere, unbound.
//
// With opts.Fallback, a binding that cannot be computed or applied leaves
// the thread unbound and fn runs anyway. When the thread cannot be restored
// (the kernel refused, e.g. its cgroup shrank meanwhile), WithBinding
// returns that error and leaves the goroutine locked, so that Go retires the
// thread when the goroutine exits instead of reusing it bound.
func WithBinding(t *Topology, opts *Options, localRank int, fn func() error) error {
	runtime.LockOSThread()
	err := t.use(func(h capi.Nb_topology) error {
		return withOptions(opts, func(o capi.Nb_options) error {
			return check(capi.Nb_affinity_push_rank(h, o, localRank))
		})
	})
	if err != nil {
		runtime.UnlockOSThread() // a failed push leaves the thread as it was
		return err
	}
	return runThenRestore(fn)
}

// WithCPUs is WithBinding for an explicit CPU set (nb_affinity_push) with
// the memory policy of opts (nil for the defaults).
func WithCPUs(cpus CPUSet, opts *Options, fn func() error) error {
	runtime.LockOSThread()
	err := func() error {
		set, err := cpus.handle()
		if err != nil {
			return err
		}
		defer capi.DeleteNb_cpuset(set)
		return withOptions(opts, func(o capi.Nb_options) error {
			return check(capi.Nb_affinity_push(set, o))
		})
	}()
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	return runThenRestore(fn)
}

// runThenRestore runs fn on the locked, bound thread, then pops the binding
// and unlocks the thread, or leaves it locked when it could not be restored.
func runThenRestore(fn func() error) (err error) {
	defer func() {
		if popErr := check(capi.Nb_affinity_pop()); popErr != nil {
			if err == nil {
				err = popErr
			}
			return // stay locked: the thread is retired with the goroutine
		}
		runtime.UnlockOSThread()
	}()
	return fn()
}

// BindCurrentProcess binds every thread of this process that still has the
// process's original affinity (nb_bind_current_process_rank): for a worker
// binding itself at start-up. Threads the Go runtime creates afterwards are
// cloned from bound threads and inherit the binding. The memory policy of
// opts applies to the calling thread only (the kernel sets it per thread).
func BindCurrentProcess(t *Topology, opts *Options, localRank int) error {
	return t.use(func(h capi.Nb_topology) error {
		return withOptions(opts, func(o capi.Nb_options) error {
			return check(capi.Nb_bind_current_process_rank(h, o, localRank))
		})
	})
}

// BindCurrentProcessToCPUs is BindCurrentProcess for an explicit CPU set.
func BindCurrentProcessToCPUs(cpus CPUSet, opts *Options) error {
	defer lockThread()()
	set, err := cpus.handle()
	if err != nil {
		return err
	}
	defer capi.DeleteNb_cpuset(set)
	return withOptions(opts, func(o capi.Nb_options) error {
		return check(capi.Nb_bind_current_process(set, o))
	})
}

// Spawn starts argv bound for localRank from its first instruction
// (nb_spawn_rank: bind the calling thread, posix_spawnp, restore), and
// returns the process for the caller to Wait on. argv[0] is looked up in
// PATH. env is the child's whole environment, nil for this process's; dir
// its working directory, "" for this process's. A program that cannot be
// executed is an *Error with code EEXEC whose Errno says why
// (errors.Is(err, fs.ErrNotExist) when it does not exist).
func Spawn(t *Topology, opts *Options, localRank int, argv []string, env []string, dir string) (*os.Process, error) {
	if err := spawnArgs(argv, env, dir); err != nil {
		return nil, err
	}
	var cwd *string
	if dir != "" {
		cwd = &dir
	}
	pid := 0
	err := t.use(func(h capi.Nb_topology) error {
		return withOptions(opts, func(o capi.Nb_options) error {
			return check(capi.Nb_spawn_rank(&pid, argv, env, cwd, h, o, localRank))
		})
	})
	if err != nil {
		return nil, err
	}
	return os.FindProcess(pid)
}

func spawnArgs(argv []string, env []string, dir string) error {
	if len(argv) == 0 {
		return invalid(EINVAL, "empty argv: no program to run")
	}
	for _, arg := range argv {
		if err := noNUL("argument", arg); err != nil {
			return err
		}
	}
	for _, variable := range env {
		if err := noNUL("environment entry", variable); err != nil {
			return err
		}
	}
	return noNUL("working directory", dir)
}

// AffinityDepth is the number of bindings pushed on the calling thread and
// not yet restored (nb_affinity_depth). Meaningful only on a goroutine
// locked to its thread; 0 outside WithBinding.
func AffinityDepth() int { return capi.Nb_affinity_depth() }

// LocalRankFromEnvironment is the local rank a launcher gave this process:
// LOCAL_RANK (torchrun), else SLURM_LOCALID (srun), else
// OMPI_COMM_WORLD_LOCAL_RANK. ERANK when none is set or the first one set is
// not a whole number.
func LocalRankFromEnvironment() (int, error) {
	defer lockThread()()
	rank := 0
	if err := check(capi.Nb_local_rank_from_environment(&rank)); err != nil {
		return 0, err
	}
	return rank, nil
}

// Version is the version of the C library actually loaded ("0.1.0").
func Version() string { return capi.Nb_version_string() }
