package numabind

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
)

// Cmd is an exec.Cmd whose Start binds the child for a local rank: Start,
// Run, Output and CombinedOutput start the process from a thread bound by
// WithBinding, so the child has its CPUs (and memory policy) from its first
// instruction. Set its fields (Env, Dir, Stdin, Stdout, SysProcAttr, ...) as
// for exec.Cmd, and Wait as usual.
//
// Call these methods on the *Cmd itself: cmd.Cmd.Start() (the embedded
// exec.Cmd's) starts the child unbound. An exec.Cmd has no hook that runs
// before the process is created, which is why this is a type of its own.
type Cmd struct {
	*exec.Cmd
	topology  *Topology
	options   *Options
	localRank int
}

// Command is exec.Command(name, args...) whose start binds the child for
// localRank of topology under opts (nil for the defaults). The binding is
// computed when the command starts: a bad rank or option is Start's error,
// and no process is created.
func Command(topology *Topology, opts *Options, localRank int, name string, args ...string) *Cmd {
	return bind(exec.Command(name, args...), topology, opts, localRank)
}

// CommandContext is Command with exec.CommandContext's context.
func CommandContext(ctx context.Context, topology *Topology, opts *Options, localRank int, name string, args ...string) *Cmd {
	return bind(exec.CommandContext(ctx, name, args...), topology, opts, localRank)
}

func bind(cmd *exec.Cmd, topology *Topology, opts *Options, localRank int) *Cmd {
	var own *Options
	if opts != nil {
		copied := *opts // later changes to the caller's Options do not apply
		own = &copied
	}
	return &Cmd{Cmd: cmd, topology: topology, options: own, localRank: localRank}
}

// Start starts the command bound (exec.Cmd.Start on a bound thread).
func (c *Cmd) Start() error {
	if c.Cmd.Err != nil {
		// exec.Command's own error (program not found): report it before
		// binding anything, as exec.Cmd.Start would.
		return c.Cmd.Start()
	}
	return WithBinding(c.topology, c.options, c.localRank, c.Cmd.Start)
}

// Run starts the command bound and waits for it (exec.Cmd.Run).
func (c *Cmd) Run() error {
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}

// Output runs the command bound and returns its standard output
// (exec.Cmd.Output: standard error is kept in an *exec.ExitError's Stderr
// when the caller has not set Stderr).
func (c *Cmd) Output() ([]byte, error) {
	if c.Stdout != nil {
		return nil, errors.New("exec: Stdout already set")
	}
	var stdout, stderr bytes.Buffer
	c.Stdout = &stdout
	captureStderr := c.Stderr == nil
	if captureStderr {
		c.Stderr = &stderr
	}
	err := c.Run()
	var exitErr *exec.ExitError
	if captureStderr && errors.As(err, &exitErr) {
		exitErr.Stderr = stderr.Bytes()
	}
	return stdout.Bytes(), err
}

// CombinedOutput runs the command bound and returns its standard output and
// standard error together (exec.Cmd.CombinedOutput).
func (c *Cmd) CombinedOutput() ([]byte, error) {
	if c.Stdout != nil {
		return nil, errors.New("exec: Stdout already set")
	}
	if c.Stderr != nil {
		return nil, errors.New("exec: Stderr already set")
	}
	var output bytes.Buffer
	c.Stdout = &output
	c.Stderr = &output
	err := c.Run()
	return output.Bytes(), err
}
