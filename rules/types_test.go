package rules

import "testing"

func TestEnumStringUnknown(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"zero severity", Severity(0).String(), "unknown(0)"},
		{"zero action", Action(0).String(), "unknown(0)"},
		{"bad direction", Direction(9).String(), "unknown(9)"},
		{"high", SeverityHigh.String(), "high"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("String(): got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
