package numabind

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The defaults, as include/numabind.h documents nb_options_to_json's object.
const defaultOptionsJSON = `{"schema":"numabind.options/1","mode":"node","fallback":false,` +
	`"allowed_cpus":null,"gpu_vendor":"auto","pci_bus_ids":null,"visible_devices":null,"mem_policy":"local"}`

func TestZeroOptionsAreTheLibraryDefaults(t *testing.T) {
	text, err := json.Marshal(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, text, []byte(defaultOptionsJSON)) {
		t.Errorf("Options{} is %s, want %s", text, defaultOptionsJSON)
	}
}

func TestOptionsJSONRoundTrip(t *testing.T) {
	allowed, _ := ParseCPUSet("0-23")
	none := ""
	options := []Options{
		{Mode: ModeNode, GPUVendor: VendorAuto, MemPolicy: MemLocal},
		{Mode: ModeExclusive, Fallback: true, AllowedCPUs: &allowed, GPUVendor: VendorNVIDIA,
			PCIBusIDs: []string{"0000:f5:00.0", "0000:18:00.0"}, VisibleDevices: &none, MemPolicy: MemBind},
		{Mode: ModeCoreComplex, GPUVendor: VendorAMD, MemPolicy: MemInterleave, VisibleDevices: ptr("GPU-1,3")},
		{Mode: ModeSocket, GPUVendor: VendorAuto, MemPolicy: MemPreferred},
		{Mode: ModeClosest, GPUVendor: VendorAuto, MemPolicy: MemLocal},
	}
	for _, o := range options {
		text, err := json.Marshal(o)
		if err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		var back Options
		if err := json.Unmarshal(text, &back); err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if !reflect.DeepEqual(back, o) {
			t.Errorf("%+v went to %s and came back as %+v", o, text, back)
		}
	}
}

func TestOptionsJSONIsTheLibrarysCanonicalForm(t *testing.T) {
	var o Options
	// Short bus ids, any case, a CPU list out of order: C canonicalises.
	in := `{"mode":"socket","allowed_cpus":"3,0-2","pci_bus_ids":["F5:00.0","0000:18:00.0"]}`
	if err := json.Unmarshal([]byte(in), &o); err != nil {
		t.Fatal(err)
	}
	want := Options{Mode: ModeSocket, GPUVendor: VendorAuto, MemPolicy: MemLocal,
		PCIBusIDs: []string{"0000:f5:00.0", "0000:18:00.0"}}
	allowed, _ := ParseCPUSet("0-3")
	want.AllowedCPUs = &allowed
	if !reflect.DeepEqual(o, want) {
		t.Errorf("%s read as %+v, want %+v", in, o, want)
	}
}

func TestOptionsErrorsNameTheBadValue(t *testing.T) {
	var o Options
	requireCode(t, json.Unmarshal([]byte(`{"mode":"nod"}`), &o), EMODE, "nod")
	requireCode(t, json.Unmarshal([]byte(`{"colour":"red"}`), &o), EJSON, "colour")
	requireCode(t, json.Unmarshal([]byte(`{"allowed_cpus":"0-x"}`), &o), ECPULIST, "0-x")
	requireCode(t, json.Unmarshal([]byte(`{"allowed_cpus":""}`), &o), EEMPTY)
	requireCode(t, json.Unmarshal([]byte(`{"gpu_vendor":"intel"}`), &o), EMODE, "intel")
	requireCode(t, json.Unmarshal([]byte(`{"pci_bus_ids":["zz:00.0"]}`), &o), EGPUSEL, "zz:00.0")
	if !reflect.DeepEqual(o, Options{}) {
		t.Errorf("a failed Unmarshal changed the options to %+v", o)
	}

	// The same mistakes in a Go struct are found when the options are used.
	_, err := json.Marshal(Options{Mode: "nod"})
	requireCode(t, err, EMODE, "nod")
	_, err = json.Marshal(Options{MemPolicy: "membind"})
	requireCode(t, err, EMODE, "membind")
	_, err = json.Marshal(Options{GPUVendor: "intel"})
	requireCode(t, err, EMODE, "intel")
	_, err = json.Marshal(Options{AllowedCPUs: &CPUSet{}})
	requireCode(t, err, EEMPTY)
	_, err = json.Marshal(Options{PCIBusIDs: []string{"0000:18:00.0,0000:19:00.0"}})
	requireCode(t, err, EGPUSEL, "0000:18:00.0,0000:19:00.0")
	_, err = json.Marshal(Options{PCIBusIDs: []string{"18:00.0", "18:00.0"}})
	requireCode(t, err, EGPUSEL)
}

func ptr(s string) *string { return &s }
