package numabind

import (
	"os/exec"
	"testing"
)

// internal/capi is committed (a fetched module has no SWIG interface to
// generate it from); it must be exactly what SWIG makes of the interface.
func TestGeneratedCAPIIsCurrent(t *testing.T) {
	repoFile(t, "bindings/swig/numabind.i")
	if _, err := exec.LookPath("swig"); err != nil {
		t.Skip("swig is not installed; scripts/ci/go.sh installs it and runs generate.sh --check")
	}
	out, err := exec.Command("./generate.sh", "--check").CombinedOutput()
	if err != nil {
		t.Fatalf("generate.sh --check: %v\n%s", err, out)
	}
}
