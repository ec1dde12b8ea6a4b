package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Helpers every service's route tests share.

func rtFixture(t *testing.T, service, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", service, name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

// rtDiff appends the JSON pointers where a and b differ.
func rtDiff(a, b any, at string, out *[]string) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			*out = append(*out, at)
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if _, ok := y[k]; !ok {
				*out = append(*out, at+"/"+pointerToken(k))
				continue
			}
			rtDiff(x[k], y[k], at+"/"+pointerToken(k), out)
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			*out = append(*out, at)
			return
		}
		for i := range x {
			rtDiff(x[i], y[i], at+"/"+strconv.Itoa(i), out)
		}
	default:
		if !reflect.DeepEqual(a, b) {
			*out = append(*out, at)
		}
	}
}

// rtPointer returns the value at a JSON pointer (nil if none).
func rtPointer(v any, ptr string) any {
	if ptr == "" {
		return v
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// rtCheckBlock checks a service's block response: 403, JSON, the reason
// and the incident in it, and the members of its error shape (JSON
// pointers).
func rtCheckBlock(t *testing.T, service string, members ...string) {
	t.Helper()
	status, body := BlockResponse(service, "credit card number", "inc-42")
	var got any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("BlockResponse(%q): %v in %s", service, err, body)
	}
	if status != 403 {
		t.Errorf("BlockResponse(%q): got status %d, want 403", service, status)
	}
	for _, p := range members {
		if rtPointer(got, p) == nil {
			t.Errorf("BlockResponse(%q): got %s, want a member at %s", service, body, p)
		}
	}
	if rtPointer(got, "/incident_id") != "inc-42" {
		t.Errorf("BlockResponse(%q): got %s, want incident_id inc-42", service, body)
	}
	if !strings.Contains(string(body), "credit card number") || !strings.Contains(string(body), "inc-42") {
		t.Errorf("BlockResponse(%q): got %s, want the reason and the incident in it", service, body)
	}
}

// rtCheckByPath checks that API paths identify the service.
func rtCheckByPath(t *testing.T, service string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if got := ByPath(p); got != service {
			t.Errorf("ByPath(%q): got %q, want %q", p, got, service)
		}
	}
}
