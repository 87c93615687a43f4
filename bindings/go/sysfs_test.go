package numabind

import (
	"archive/tar"
	"compress/bzip2"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hwloc's POWER9 capture (tests/fixtures/nvidiagpunumanodes.tar.bz2), read
// as a sysfs tree. The expected values are those of the C++ golden test
// FsrootBundled.Power9CaptureHasCpuNodesZeroAndEight: with hwloc's defaults
// the GPU-memory nodes stay hidden; the six GPUs (PCI vendor 0000 in the
// capture) are found only through explicit bus ids, three on CPU node 0 and
// three on CPU node 8.
func TestTopologyFromSysfsReadsACapture(t *testing.T) {
	root := extractTarBz2(t, repoFile(t, "tests/fixtures/nvidiagpunumanodes.tar.bz2"))
	topology, err := TopologyFromSysfs(filepath.Join(root, "nvidiagpunumanodes"))
	if err != nil {
		t.Fatal(err)
	}
	defer topology.Close()
	if topology.IsLive() {
		t.Error("a capture is reported live")
	}
	if count, err := topology.GPUCount(nil); err != nil || count != 0 {
		t.Errorf("GPUCount = %d, %v; want 0 (vendor 0000 devices are not discovered)", count, err)
	}
	opts := &Options{PCIBusIDs: strings.Split("0004:05:00.0,0004:06:00.0,0006:00:00.0,0007:00:00.0,0035:04:00.0,0035:05:00.0", ",")}
	gpus, err := topology.GPUs(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(gpus) != 6 {
		t.Fatalf("%d GPUs, want 6", len(gpus))
	}
	for i, want := range []int{0, 0, 0, 8, 8, 8} {
		if gpus[i].NUMANode == nil || *gpus[i].NUMANode != want {
			t.Errorf("GPU %s: NUMA node %v, want %d", gpus[i].PCIBusID, gpus[i].NUMANode, want)
		}
	}
	for rank, want := range map[int]string{0: "0-15", 5: "88-103"} {
		cpus, err := topology.ComputeCPUSet(opts, rank)
		if err != nil || cpus.String() != want {
			t.Errorf("rank %d: %s, %v; want node %s", rank, cpus, err, want)
		}
	}
}

// extractTarBz2 unpacks regular files and directories into a temporary
// directory, with Go's own readers (no tar or bzip2 command needed).
func extractTarBz2(t *testing.T, path string) string {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	dir := t.TempDir()
	archive := tar.NewReader(bzip2.NewReader(file))
	for {
		header, err := archive.Next()
		if err == io.EOF {
			return dir
		}
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dir, filepath.FromSlash(header.Name))
		if !strings.HasPrefix(target, dir+string(os.PathSeparator)) {
			t.Fatalf("archive entry %q leaves the directory", header.Name)
		}
		switch header.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				t.Fatal(err)
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				t.Fatal(err)
			}
			out, err := os.Create(target)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(out, archive); err != nil {
				t.Fatal(err)
			}
			out.Close()
		case tar.TypeSymlink:
			if err := os.Symlink(header.Linkname, target); err != nil {
				t.Fatal(err)
			}
		}
	}
}
