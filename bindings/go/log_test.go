package numabind

import (
	"encoding/json"
	"sync"
	"testing"
)

type loggedEvent struct {
	Level     LogLevel
	Event     string  `json:"event"`
	Target    string  `json:"target"`
	LocalRank *int    `json:"local_rank"`
	CPUs      *string `json:"cpus"`
	Error     *struct {
		Code string `json:"code"`
	} `json:"error"`
}

func TestLogHandlerReceivesFallbackAndBoundEvents(t *testing.T) {
	topology := twoNodeMachine(t)
	var mu sync.Mutex
	var events []loggedEvent
	SetLogHandler(func(level LogLevel, event string) {
		var e loggedEvent
		if err := json.Unmarshal([]byte(event), &e); err != nil {
			t.Errorf("event %q: %v", event, err)
		}
		e.Level = level
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	})
	defer SetLogHandler(nil)

	if _, err := reportAffinity(topology, &Options{Fallback: true}, 5).Output(); err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 {
		t.Fatalf("%d events for one fallback: %+v", len(events), events)
	}
	fallback := events[0]
	if fallback.Level != LogWarning || fallback.Event != "fallback" || fallback.Target != "thread" ||
		fallback.LocalRank == nil || *fallback.LocalRank != 5 || fallback.CPUs != nil ||
		fallback.Error == nil || fallback.Error.Code != "NB_ERANK" {
		t.Errorf("fallback event %+v", fallback)
	}

	requireCPUs01(t)
	events = nil
	if _, err := reportAffinity(topology, nil, 1).Output(); err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Level != LogInfo || events[0].Event != "bound" ||
		events[0].CPUs == nil || *events[0].CPUs != "1" {
		t.Errorf("events for one bound start: %+v", events)
	}

	SetLogHandler(nil)
	events = nil
	if _, err := reportAffinity(topology, nil, 0).Output(); err != nil {
		t.Fatal(err)
	}
	if len(events) != 0 {
		t.Errorf("a removed handler still received %+v", events)
	}
}
