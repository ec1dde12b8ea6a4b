package rules

import (
	"errors"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary rule files to the loader: it must never panic,
// and every rule it accepts must be complete and runnable.
func FuzzParse(f *testing.F) {
	f.Add([]byte("rules:\n  - id: a\n    severity: low\n    action: log\n    pattern: 'a+'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if _, ok := errors.AsType[Problems](err); !ok {
				t.Fatalf("Parse(): got %T, want Problems", err)
			}
			return
		}
		for _, r := range rules {
			if r.re == nil || !idRE.MatchString(r.ID) || r.MinCount < 1 || r.Severity == 0 || r.Action == 0 {
				t.Fatalf("Parse(): accepted an incomplete rule %+v", r)
			}
			if _, err := r.Match("card 4012 8888 8888 1881 key=abc", 10*time.Millisecond); err != nil {
				if _, ok := errors.AsType[*TimeoutError](err); !ok {
					t.Fatalf("Match(): got %T, want *TimeoutError", err)
				}
			}
		}
	})
}
