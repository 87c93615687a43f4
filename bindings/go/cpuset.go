package numabind

import (
	"strings"

	"github.com/numabind/numabind/bindings/go/internal/capi"
)

// CPUSet is an immutable set of logical CPU numbers (OS indexes), held as
// the library's canonical list string ("0-3,8"; "" when empty). Two sets
// are equal exactly when == says so, and a CPUSet can be a map key. Every
// parse and format goes through the C library, so Go and C agree on the
// syntax. The zero value is the empty set.
type CPUSet struct {
	list string
}

// ParseCPUSet parses a list in the sysfs / numactl syntax ("0-3,8,10-11").
// A malformed list is an *Error with code ECPULIST naming the bad item.
func ParseCPUSet(list string) (CPUSet, error) {
	defer lockThread()()
	set, err := parseHandle(list)
	if err != nil {
		return CPUSet{}, err
	}
	defer capi.DeleteNb_cpuset(set)
	return formatHandle(set)
}

// CPUSetOf is the set of the given CPUs. A negative CPU or one above the
// library's limit (1048575) is an *Error with code EINVAL naming it.
func CPUSetOf(cpus ...int) (CPUSet, error) {
	defer lockThread()()
	var set capi.Nb_cpuset
	if err := check(capi.Nb_cpuset_new(&set)); err != nil {
		return CPUSet{}, err
	}
	defer capi.DeleteNb_cpuset(set)
	for _, cpu := range cpus {
		if err := check(capi.Nb_cpuset_add(set, cpu)); err != nil {
			return CPUSet{}, err
		}
	}
	return formatHandle(set)
}

// String is the canonical list string, "" for the empty set.
func (s CPUSet) String() string { return s.list }

// IsEmpty reports whether the set holds no CPU.
func (s CPUSet) IsEmpty() bool { return s.list == "" }

// CPUs lists the set's CPUs in increasing order.
func (s CPUSet) CPUs() []int {
	defer lockThread()()
	set, err := parseHandle(s.list)
	if err != nil {
		// s.list was written by nb_cpuset_format, which its parser accepts.
		panic("numabind: a canonical CPU list does not parse: " + err.Error())
	}
	defer capi.DeleteNb_cpuset(set)
	cpus := make([]int, 0, capi.Nb_cpuset_count(set))
	for cpu := capi.Nb_cpuset_next(set, -1); cpu >= 0; cpu = capi.Nb_cpuset_next(set, cpu) {
		cpus = append(cpus, cpu)
	}
	return cpus
}

// Count is the number of CPUs in the set.
func (s CPUSet) Count() int { return len(s.CPUs()) }

// Contains reports whether cpu is in the set.
func (s CPUSet) Contains(cpu int) bool {
	for _, c := range s.CPUs() {
		if c == cpu {
			return true
		}
	}
	return false
}

// MarshalText writes the list string, so that a CPUSet is a JSON string.
func (s CPUSet) MarshalText() ([]byte, error) { return []byte(s.list), nil }

// UnmarshalText parses a list string (ParseCPUSet).
func (s *CPUSet) UnmarshalText(text []byte) error {
	parsed, err := ParseCPUSet(string(text))
	if err != nil {
		return err
	}
	*s = parsed
	return nil
}

// handle is a new C copy of the set; the caller deletes it. Needs a locked thread.
func (s CPUSet) handle() (capi.Nb_cpuset, error) { return parseHandle(s.list) }

// parseHandle is nb_cpuset_parse. Needs a locked thread.
func parseHandle(list string) (capi.Nb_cpuset, error) {
	if err := noNUL("CPU list", list); err != nil {
		return nil, err
	}
	var set capi.Nb_cpuset
	if err := check(capi.Nb_cpuset_parse(&set, list)); err != nil {
		return nil, err
	}
	return set, nil
}

// formatHandle is the CPUSet of a C set (nb_cpuset_format). Needs a locked thread.
func formatHandle(set capi.Nb_cpuset) (CPUSet, error) {
	var list *string
	if err := check(capi.Nb_cpuset_format(&list, set)); err != nil {
		return CPUSet{}, err
	}
	return CPUSet{list: *list}, nil
}

// noNUL rejects a string C would read only up to its first NUL byte.
func noNUL(what, s string) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return invalid(EINVAL, "%s %q holds a NUL byte at offset %d", what, s, i)
	}
	return nil
}
