package numabind

import (
	"encoding/json"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/numabind/numabind/bindings/go/internal/capi"
)

// Topology is a machine's topology: the live machine, an hwloc XML file or a
// captured sysfs tree. It is immutable, and any number of goroutines may use
// one at once. Close releases it; a Topology that becomes unreachable
// unclosed is released by a finalizer, but long-running programs should
// Close what they load (a topology of a large machine holds megabytes of C
// memory the Go garbage collector does not see).
type Topology struct {
	// mu makes Close wait for calls in flight (read-locked) so that the C
	// object is never freed under one, and makes methods called after Close
	// fail instead of touching freed memory.
	mu     sync.RWMutex
	handle capi.Nb_topology // nil once closed
}

// LoadTopology reads the live machine with its PCI devices (sysfs only: no
// GPU runtime is loaded), or the hwloc XML file named by $NUMABIND_TOPOLOGY.
func LoadTopology() (*Topology, error) {
	return loadTopology(func(out *capi.Nb_topology) int { return capi.Nb_topology_load(out) })
}

// TopologyFromXML reads an hwloc XML file (2.x or 1.x format). A missing or
// malformed file is an *Error with code ETOPOLOGY naming it.
func TopologyFromXML(path string) (*Topology, error) {
	if err := noNUL("topology path", path); err != nil {
		return nil, err
	}
	return loadTopology(func(out *capi.Nb_topology) int { return capi.Nb_topology_load_xml(out, path) })
}

// TopologyFromXMLBytes reads an hwloc XML document held in memory.
func TopologyFromXMLBytes(document []byte) (*Topology, error) {
	return loadTopology(func(out *capi.Nb_topology) int { return capi.Nb_topology_load_xml_buffer(out, document) })
}

// TopologyFromSysfs reads a captured Linux sysfs/procfs tree: a directory
// holding sys/ and proc/, as hwloc's test captures do.
func TopologyFromSysfs(dir string) (*Topology, error) {
	if err := noNUL("sysfs capture directory", dir); err != nil {
		return nil, err
	}
	return loadTopology(func(out *capi.Nb_topology) int { return capi.Nb_topology_load_fsroot(out, dir) })
}

func loadTopology(load func(*capi.Nb_topology) int) (*Topology, error) {
	defer lockThread()()
	var handle capi.Nb_topology
	if err := check(load(&handle)); err != nil {
		return nil, err
	}
	t := &Topology{handle: handle}
	runtime.SetFinalizer(t, finalizeTopology)
	return t, nil
}

// finalizedTopologies counts the topologies released by the finalizer
// rather than by Close (read by the tests).
var finalizedTopologies atomic.Int64

func finalizeTopology(t *Topology) {
	finalizedTopologies.Add(1)
	t.Close()
}

// Close releases the topology. It waits for calls in flight on other
// goroutines; later calls fail with EINVAL. Closing again does nothing.
func (t *Topology) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.handle != nil {
		capi.DeleteNb_topology(t.handle)
		t.handle = nil
		runtime.SetFinalizer(t, nil)
	}
	return nil
}

// use runs fn with the C topology, on a locked thread, holding Close off.
func (t *Topology) use(fn func(capi.Nb_topology) error) error {
	if t == nil {
		return invalid(EINVAL, "nil *Topology")
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.handle == nil {
		return invalid(EINVAL, "the topology is closed")
	}
	defer lockThread()()
	return fn(t.handle)
}

// IsLive reports whether the topology is the live machine (not a file or a
// capture). A closed topology is not.
func (t *Topology) IsLive() bool {
	live := false
	_ = t.use(func(h capi.Nb_topology) error {
		live = capi.Nb_topology_is_live(h) != 0
		return nil
	})
	return live
}

// GPUCount is the number of GPUs opts select (before the visible-devices
// remap). opts may be nil for the defaults.
func (t *Topology) GPUCount(opts *Options) (int, error) {
	count := 0
	err := t.use(func(h capi.Nb_topology) error {
		return withOptions(opts, func(o capi.Nb_options) error {
			return check(capi.Nb_topology_gpu_count(&count, h, o))
		})
	})
	return count, err
}

// JSON is the topology as the library describes it (numabind.topology/1):
// allowed CPUs, NUMA nodes and the GPU list opts select.
func (t *Topology) JSON(opts *Options) (string, error) {
	var text string
	err := t.use(func(h capi.Nb_topology) error {
		return withOptions(opts, func(o capi.Nb_options) error {
			var out *string
			if err := check(capi.Nb_topology_to_json(&out, h, o)); err != nil {
				return err
			}
			text = *out
			return nil
		})
	})
	return text, err
}

// GPU is one GPU of a topology's GPU list.
type GPU struct {
	Index     int      `json:"index"`
	PCIBusID  string   `json:"pci_bus_id"`
	Vendor    string   `json:"vendor"`
	PCIID     string   `json:"pci_id"`
	PCIClass  string   `json:"pci_class"`
	UUID      *string  `json:"uuid"`
	NUMANode  *int     `json:"numa_node"` // nil when the GPU has no host node
	NUMAError string   `json:"numa_error,omitempty"`
	Package   *int     `json:"package"`
	LocalCPUs CPUSet   `json:"local_cpus"`
	OSDevices []string `json:"os_devices"`
}

// GPUs is the GPU list opts select, in PCI bus-id order (before the
// visible-devices remap), as the library's topology JSON gives it.
func (t *Topology) GPUs(opts *Options) ([]GPU, error) {
	text, err := t.JSON(opts)
	if err != nil {
		return nil, err
	}
	var doc struct {
		GPUs []GPU `json:"gpus"`
	}
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return nil, invalid(EINTERNAL, "the library's topology JSON does not decode: %v", err)
	}
	return doc.GPUs, nil
}

// ComputeCPUSet is the CPUs local rank localRank should run on, for the GPU
// it drives, under opts (nil for the defaults). Reads the calling thread's
// affinity for the live machine without an allowed-CPU override.
func (t *Topology) ComputeCPUSet(opts *Options, localRank int) (CPUSet, error) {
	var result CPUSet
	err := t.use(func(h capi.Nb_topology) error {
		return withOptions(opts, func(o capi.Nb_options) error {
			var set capi.Nb_cpuset
			if err := check(capi.Nb_compute_cpuset(&set, h, o, localRank)); err != nil {
				return err
			}
			defer capi.DeleteNb_cpuset(set)
			var err error
			result, err = formatHandle(set)
			return err
		})
	})
	return result, err
}

// withOptions runs fn with opts as C options (nil for nil opts), deleted
// afterwards. Needs a locked thread.
func withOptions(opts *Options, fn func(capi.Nb_options) error) error {
	handle, err := opts.handle()
	if err != nil {
		return err
	}
	if handle != nil {
		defer capi.DeleteNb_options(handle)
	}
	return fn(handle)
}
