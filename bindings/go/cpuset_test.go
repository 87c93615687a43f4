package numabind

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestParseCPUSetCanonicalises(t *testing.T) {
	for list, want := range map[string]string{
		"":             "",
		"8,3,0-2":      "0-3,8",
		"0-1,2-3,5":    "0-3,5",
		"1048575":      "1048575",
		"4,4,4":        "4",
		"10-11,0,9-10": "0,9-11",
	} {
		set, err := ParseCPUSet(list)
		if err != nil {
			t.Errorf("ParseCPUSet(%q): %v", list, err)
			continue
		}
		if set.String() != want {
			t.Errorf("ParseCPUSet(%q) = %q, want %q", list, set, want)
		}
	}
}

func TestParseCPUSetRejectsMalformedLists(t *testing.T) {
	for list, named := range map[string]string{
		"0-3,x":   "'x'",
		"3-1":     "'3-1'",
		"1048576": "1048576",
		"-1":      "'-1'",
		"0, 1":    "' 1'",
		"0,,1":    "0,,1",
	} {
		_, err := ParseCPUSet(list)
		requireCode(t, err, ECPULIST, named)
	}
	// C would stop reading at the NUL byte and accept "0".
	_, err := ParseCPUSet("0\x00garbage")
	requireCode(t, err, EINVAL, "NUL")
}

func TestCPUSetValues(t *testing.T) {
	set, err := ParseCPUSet("0-2,7")
	if err != nil {
		t.Fatal(err)
	}
	if got := set.CPUs(); !reflect.DeepEqual(got, []int{0, 1, 2, 7}) {
		t.Errorf("CPUs() = %v", got)
	}
	if set.Count() != 4 || !set.Contains(7) || set.Contains(3) || set.IsEmpty() {
		t.Errorf("Count/Contains/IsEmpty wrong for %s", set)
	}
	same, err := CPUSetOf(7, 2, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if same != set {
		t.Errorf("CPUSetOf(7, 2, 1, 0) = %s, want it == %s", same, set)
	}
	var empty CPUSet
	if !empty.IsEmpty() || len(empty.CPUs()) != 0 || empty.String() != "" {
		t.Errorf("the zero CPUSet is not the empty set")
	}
	_, err = CPUSetOf(0, -1)
	requireCode(t, err, EINVAL, "CPU -1")
}

func TestCPUSetIsAJSONString(t *testing.T) {
	set, _ := ParseCPUSet("1,0")
	text, err := json.Marshal(map[string]CPUSet{"cpus": set})
	if err != nil || string(text) != `{"cpus":"0-1"}` {
		t.Fatalf("json.Marshal = %s, %v", text, err)
	}
	var back map[string]CPUSet
	if err := json.Unmarshal([]byte(`{"cpus":"5,3-4"}`), &back); err != nil || back["cpus"].String() != "3-5" {
		t.Fatalf("json.Unmarshal = %v, %v", back, err)
	}
	err = json.Unmarshal([]byte(`{"cpus":"5-3"}`), &back)
	requireCode(t, err, ECPULIST, "5-3")
}
