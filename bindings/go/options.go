package numabind

import (
	"strings"

	"github.com/numabind/numabind/bindings/go/internal/capi"
)

// Mode is how a local rank's CPUs are chosen (see include/numabind.h).
type Mode string

const (
	ModeNode        Mode = "node"         // every allowed CPU of the GPU's NUMA node
	ModeSocket      Mode = "socket"       // every allowed CPU of the package(s) holding that node
	ModeExclusive   Mode = "exclusive"    // the node's cores split evenly among its GPUs
	ModeCoreComplex Mode = "core-complex" // one group of CPUs sharing the last-level cache
	ModeClosest     Mode = "closest"      // the GPU's own hwloc locality
)

// GPUVendor is which GPUs are discovered.
type GPUVendor string

const (
	VendorAuto   GPUVendor = "auto" // NVIDIA GPUs when there are any, else AMD GPUs
	VendorNVIDIA GPUVendor = "nvidia"
	VendorAMD    GPUVendor = "amd"
)

// MemPolicy is the memory policy applied together with a binding.
type MemPolicy string

const (
	MemLocal      MemPolicy = "local"      // leave it to the kernel
	MemPreferred  MemPolicy = "preferred"  // the binding's NUMA nodes first
	MemBind       MemPolicy = "bind"       // only the binding's NUMA nodes
	MemInterleave MemPolicy = "interleave" // pages spread across them
)

// Options say how to compute and apply a binding. The zero value is the
// library's defaults: mode node, no fall-back, no allowed-CPU override,
// vendor auto, GPUs discovered, visible devices from the environment, memory
// policy local. Names are checked by the C library when the options are used
// (an unknown mode is an *Error with code EMODE naming it).
//
// Options are JSON in the library's numabind.options/1 form: json.Marshal
// writes nb_options_to_json's object (every field) and json.Unmarshal reads
// through nb_options_from_json, with its errors (EJSON for an unknown key).
type Options struct {
	Mode     Mode // "" is ModeNode
	Fallback bool // run unbound, reporting it, when a binding cannot be applied
	// AllowedCPUs replaces the calling thread's affinity in the allowed CPUs;
	// nil: no override. An empty set is an error (EEMPTY).
	AllowedCPUs *CPUSet
	GPUVendor   GPUVendor // "" is VendorAuto
	// PCIBusIDs, when not empty, is the GPU list itself, in this order
	// ("0000:4e:00.0" or "4e:00.0"), instead of discovered GPUs.
	PCIBusIDs []string
	// VisibleDevices replaces CUDA_VISIBLE_DEVICES and the like; nil: the
	// environment; a pointer to "" hides every GPU.
	VisibleDevices *string
	MemPolicy      MemPolicy // "" is MemLocal
}

// MarshalJSON is nb_options_to_json.
func (o Options) MarshalJSON() ([]byte, error) {
	defer lockThread()()
	handle, err := o.handle()
	if err != nil {
		return nil, err
	}
	defer capi.DeleteNb_options(handle)
	var text *string
	if err := check(capi.Nb_options_to_json(&text, handle)); err != nil {
		return nil, err
	}
	return []byte(*text), nil
}

// UnmarshalJSON is nb_options_from_json; every field is then set explicitly
// (Mode "node" rather than "").
func (o *Options) UnmarshalJSON(data []byte) error {
	defer lockThread()()
	if err := noNUL("options JSON", string(data)); err != nil {
		return err
	}
	var handle capi.Nb_options
	if err := check(capi.Nb_options_from_json(&handle, string(data))); err != nil {
		return err
	}
	defer capi.DeleteNb_options(handle)
	read, err := optionsOf(handle)
	if err != nil {
		return err
	}
	*o = read
	return nil
}

// handle builds the C options with the setters (the C parsers check every
// name and list). A nil *Options is nil: the C defaults. The caller deletes
// a non-nil result. Needs a locked thread.
func (o *Options) handle() (capi.Nb_options, error) {
	if o == nil {
		return nil, nil
	}
	var handle capi.Nb_options
	if err := check(capi.Nb_options_new(&handle)); err != nil {
		return nil, err
	}
	if err := o.apply(handle); err != nil {
		capi.DeleteNb_options(handle)
		return nil, err
	}
	return handle, nil
}

func (o *Options) apply(handle capi.Nb_options) error {
	if o.Mode != "" {
		var mode int
		if err := parseName("mode", string(o.Mode), &mode, capi.Nb_mode_parse); err != nil {
			return err
		}
		if err := check(capi.Nb_options_set_mode(handle, mode)); err != nil {
			return err
		}
	}
	if o.Fallback {
		if err := check(capi.Nb_options_set_fallback(handle, 1)); err != nil {
			return err
		}
	}
	if o.AllowedCPUs != nil {
		set, err := o.AllowedCPUs.handle()
		if err != nil {
			return err
		}
		err = check(capi.Nb_options_set_allowed_cpus(handle, set))
		capi.DeleteNb_cpuset(set)
		if err != nil {
			return err
		}
	}
	if o.GPUVendor != "" {
		var vendor int
		if err := parseName("GPU vendor", string(o.GPUVendor), &vendor, capi.Nb_gpu_vendor_parse); err != nil {
			return err
		}
		if err := check(capi.Nb_options_set_gpu_vendor(handle, vendor)); err != nil {
			return err
		}
	}
	if len(o.PCIBusIDs) > 0 {
		for _, id := range o.PCIBusIDs {
			// The C setter takes one comma-separated string: a comma inside
			// an element would silently make it two ids.
			if strings.ContainsRune(id, ',') {
				return invalid(EGPUSEL, "PCI bus id %q holds a comma", id)
			}
		}
		ids := strings.Join(o.PCIBusIDs, ",")
		if err := noNUL("PCI bus ids", ids); err != nil {
			return err
		}
		if err := check(capi.Nb_options_set_pci_bus_ids(handle, &ids)); err != nil {
			return err
		}
	}
	if o.VisibleDevices != nil {
		if err := noNUL("visible devices", *o.VisibleDevices); err != nil {
			return err
		}
		if err := check(capi.Nb_options_set_visible_devices(handle, o.VisibleDevices)); err != nil {
			return err
		}
	}
	if o.MemPolicy != "" {
		var policy int
		if err := parseName("memory policy", string(o.MemPolicy), &policy, capi.Nb_mem_policy_parse); err != nil {
			return err
		}
		if err := check(capi.Nb_options_set_mem_policy(handle, policy)); err != nil {
			return err
		}
	}
	return nil
}

func parseName(what, name string, out *int, parse func(*int, string) int) error {
	if err := noNUL(what, name); err != nil {
		return err
	}
	return check(parse(out, name))
}

// optionsOf reads C options back with the getters. Needs a locked thread.
func optionsOf(handle capi.Nb_options) (Options, error) {
	var o Options
	var mode, fallback, vendor, policy int
	if err := check(capi.Nb_options_get_mode(&mode, handle)); err != nil {
		return o, err
	}
	if err := check(capi.Nb_options_get_fallback(&fallback, handle)); err != nil {
		return o, err
	}
	if err := check(capi.Nb_options_get_gpu_vendor(&vendor, handle)); err != nil {
		return o, err
	}
	if err := check(capi.Nb_options_get_mem_policy(&policy, handle)); err != nil {
		return o, err
	}
	o.Mode = Mode(capi.Nb_mode_name(mode))
	o.Fallback = fallback != 0
	o.GPUVendor = GPUVendor(capi.Nb_gpu_vendor_name(vendor))
	o.MemPolicy = MemPolicy(capi.Nb_mem_policy_name(policy))

	var allowed capi.Nb_cpuset
	if err := check(capi.Nb_options_get_allowed_cpus(&allowed, handle)); err != nil {
		return o, err
	}
	if allowed != nil {
		set, err := formatHandle(allowed)
		capi.DeleteNb_cpuset(allowed)
		if err != nil {
			return o, err
		}
		o.AllowedCPUs = &set
	}

	var ids *string
	if err := check(capi.Nb_options_get_pci_bus_ids(&ids, handle)); err != nil {
		return o, err
	}
	if ids != nil {
		// The canonical form: comma-separated "DDDD:BB:DD.F" ids.
		o.PCIBusIDs = strings.Split(*ids, ",")
	}
	if err := check(capi.Nb_options_get_visible_devices(&o.VisibleDevices, handle)); err != nil {
		return o, err
	}
	return o, nil
}
