package proxy

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestReadSized: a body of known size reads like readUpTo whatever it
// really holds; nothing is lost and a short body is an error.
func TestReadSized(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		size     int64
		limit    int64
		wantRaw  string
		wantRest bool
		wantErr  bool
	}{
		{"as declared", "hello", 5, 100, "hello", false, false},
		{"unknown size", "hello", -1, 100, "hello", false, false},
		{"longer than declared", "hello world", 5, 100, "hello world", false, false},
		{"longer than declared and the limit", "hello world", 5, 8, "hello wor", true, false},
		{"shorter than declared", "hel", 5, 100, "", false, true},
		{"declared over the limit", "hello world", 11, 8, "hello wor", true, false},
		{"declared over maxPresized", strings.Repeat("x", maxPresized+1), maxPresized + 1, 1 << 20,
			strings.Repeat("x", maxPresized+1), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, rest, err := readSized(strings.NewReader(tt.body), tt.size, tt.limit)
			if (err != nil) != tt.wantErr {
				t.Fatalf("readSized: error %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if string(raw) != tt.wantRaw {
				t.Errorf("readSized: raw %q, want %q", raw, tt.wantRaw)
			}
			if (rest != nil) != tt.wantRest {
				t.Fatalf("readSized: rest %v, want %v", rest != nil, tt.wantRest)
			}
			if rest != nil {
				all, err := io.ReadAll(rest)
				if err != nil || !bytes.Equal(all, []byte(tt.body)) {
					t.Errorf("readSized: rest reads %q (%v), want the whole body %q", all, err, tt.body)
				}
			}
		})
	}
}
