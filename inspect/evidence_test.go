package inspect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func TestMask(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"card", "4012888888881881", "4012********1881"},
		{"card with spaces", "4012 8888 8888 1881", "4012***********1881"},
		{"short", "1234567", "*******"},
		{"eight", "12345678", "12****78"},
		{"ten", "1234567890", "123****890"},
		{"empty", "", ""},
		{"utf-8", "ключ-секрет-значение", "ключ************ение"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mask(tt.in); got != tt.want {
				t.Errorf("mask(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestEvidenceNeverLeaks prints evidence every way a log or a debug line
// could and checks the raw value never comes out.
func TestEvidenceNeverLeaks(t *testing.T) {
	const secret = "4012888888881881"
	for _, mode := range []EvidenceMode{EvidenceMasked, EvidenceSHA256, EvidenceNone} {
		t.Run(mode.String(), func(t *testing.T) {
			e := NewEvidence(secret, mode)
			f := Finding{RuleID: "card-number", Severity: rules.SeverityHigh, Action: rules.ActionBlock, Evidence: e}
			v := Verdict{Action: rules.ActionBlock, Findings: []Finding{f}}
			var outs []string
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
				outs = append(outs, fmt.Sprintf(verb, e), fmt.Sprintf(verb, f), fmt.Sprintf(verb, v), fmt.Sprintf(verb, &f))
			}
			outs = append(outs, fmt.Sprint(e, f), fmt.Sprintln(v))
			for _, x := range []any{e, f, v, &v, map[string]any{"e": e}} {
				b, err := json.Marshal(x)
				if err != nil {
					t.Fatalf("json.Marshal(): %v", err)
				}
				outs = append(outs, string(b))
			}
			outs = append(outs, zapJSON(t, zap.Object("evidence", e), e.Field(), zap.Any("finding", f), zap.Any("verdict", v), zap.Stringer("s", e), zap.Reflect("r", f)))
			for _, out := range outs {
				if strings.Contains(out, secret) || strings.Contains(out, "40128888") {
					t.Fatalf("raw value leaked: %s", out)
				}
			}
			want := map[EvidenceMode]string{EvidenceMasked: "4012********1881", EvidenceSHA256: "dd13cdf9", EvidenceNone: ""}[mode]
			if got := e.String(); !strings.HasPrefix(got, want) || (mode == EvidenceNone && got != "") {
				t.Errorf("String(): got %q, want prefix %q", got, want)
			}
		})
	}
}

func zapJSON(t *testing.T, fields ...zap.Field) string {
	t.Helper()
	var buf bytes.Buffer
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	core := zapcore.NewCore(enc, zapcore.AddSync(&buf), zapcore.DebugLevel)
	zap.New(core).Info("finding", fields...)
	return buf.String()
}

func TestParseEvidenceMode(t *testing.T) {
	for in, want := range map[string]EvidenceMode{"": EvidenceMasked, "masked": EvidenceMasked, "SHA256": EvidenceSHA256, "none": EvidenceNone} {
		got, err := ParseEvidenceMode(in)
		if err != nil || got != want {
			t.Errorf("ParseEvidenceMode(%q): got %v, %v, want %v", in, got, err, want)
		}
	}
	if _, err := ParseEvidenceMode("clear"); err == nil {
		t.Errorf("ParseEvidenceMode(clear): got nil error, want one")
	}
}
