package numabind

import (
	"encoding/json"

	"github.com/numabind/numabind/bindings/go/internal/capi"
)

// Plan is the bindings of local ranks 0 .. n-1, read out of the C plan into
// Go values (nothing to close).
type Plan struct {
	Ranks []Rank
	json  string
}

// Rank is one local rank of a plan.
type Rank struct {
	LocalRank int
	// Err is nil when the rank has a binding, else why not: an *Error whose
	// Code is the rank's status (ERANK, ENOTALLOWED, ECORES, ...).
	Err      error
	GPUIndex int    // the GPU it drives, in the topology's GPU list; -1 for none
	PCIBusID string // that GPU's bus id; "" for none
	NUMANode int    // the GPU's host NUMA node (OS index); -1 for none
	CPUs     CPUSet // its binding; empty when Err is not nil
}

// Status is the rank's code: OK, or its error's.
func (r Rank) Status() Code {
	if r.Err == nil {
		return OK
	}
	if e, ok := r.Err.(*Error); ok {
		return e.Code
	}
	return EINTERNAL
}

// JSON is the plan as the library writes it (numabind.plan/1).
func (p *Plan) JSON() string { return p.json }

// Plan computes the bindings of nproc local ranks (0: one per visible GPU).
// Problems with the whole plan (bad options, no GPU, bad visible devices)
// are the returned error; a rank that cannot be bound has its own Err.
func (t *Topology) Plan(opts *Options, nproc int) (*Plan, error) {
	var plan *Plan
	err := t.use(func(h capi.Nb_topology) error {
		return withOptions(opts, func(o capi.Nb_options) error {
			var handle capi.Nb_plan
			if err := check(capi.Nb_plan_compute(&handle, h, o, nproc)); err != nil {
				return err
			}
			defer capi.DeleteNb_plan(handle)
			var err error
			plan, err = planOf(handle)
			return err
		})
	})
	return plan, err
}

// planOf reads a C plan through its accessors; the GPUs' bus ids, which
// have no accessor, come from the plan's JSON. Needs a locked thread.
func planOf(handle capi.Nb_plan) (*Plan, error) {
	var text *string
	if err := check(capi.Nb_plan_to_json(&text, handle)); err != nil {
		return nil, err
	}
	var doc struct {
		Ranks []struct {
			GPU *struct {
				PCIBusID string `json:"pci_bus_id"`
			} `json:"gpu"`
		} `json:"ranks"`
	}
	if err := json.Unmarshal([]byte(*text), &doc); err != nil {
		return nil, invalid(EINTERNAL, "the library's plan JSON does not decode: %v", err)
	}
	size := capi.Nb_plan_size(handle)
	if len(doc.Ranks) != size {
		return nil, invalid(EINTERNAL, "the plan's JSON has %d ranks, nb_plan_size %d", len(doc.Ranks), size)
	}
	plan := &Plan{Ranks: make([]Rank, size), json: *text}
	for r := range plan.Ranks {
		rank := Rank{LocalRank: r, GPUIndex: -1, NUMANode: -1}
		if gpu := doc.Ranks[r].GPU; gpu != nil {
			rank.PCIBusID = gpu.PCIBusID
			// A rank with a GPU always has its index; its node is -1 when
			// the GPU has none.
			if err := check(capi.Nb_plan_rank_gpu(&rank.GPUIndex, &rank.NUMANode, handle, r)); err != nil {
				return nil, err
			}
		}
		var set capi.Nb_cpuset
		// The rank's own error, with its message, when it has no binding.
		if rank.Err = check(capi.Nb_plan_rank_cpuset(&set, handle, r)); rank.Err == nil {
			cpus, err := formatHandle(set)
			capi.DeleteNb_cpuset(set)
			if err != nil {
				return nil, err
			}
			rank.CPUs = cpus
		}
		if status := Code(capi.Nb_plan_rank_status(handle, r)); status != rank.Status() {
			return nil, invalid(EINTERNAL, "rank %d: nb_plan_rank_status says %s, nb_plan_rank_cpuset %s", r, status, rank.Status())
		}
		plan.Ranks[r] = rank
	}
	return plan, nil
}
