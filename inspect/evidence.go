package inspect

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// EvidenceMode says how a matched value appears wherever it is printed.
type EvidenceMode int

// Evidence modes (log.evidence in the config).
const (
	EvidenceMasked EvidenceMode = iota // "4012********1881" (the default)
	EvidenceSHA256                     // sha256 hex of the value
	EvidenceNone                       // nothing
)

var evidenceModeNames = []string{"masked", "sha256", "none"}

// String returns masked, sha256 or none.
func (m EvidenceMode) String() string {
	if m < 0 || int(m) >= len(evidenceModeNames) {
		return fmt.Sprintf("unknown(%d)", int(m))
	}
	return evidenceModeNames[m]
}

// ParseEvidenceMode parses masked, sha256 or none ("" is masked).
func ParseEvidenceMode(s string) (EvidenceMode, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return EvidenceMasked, nil
	}
	for i, n := range evidenceModeNames {
		if s == n {
			return EvidenceMode(i), nil
		}
	}
	return 0, fmt.Errorf("inspect: unknown evidence mode %q", s)
}

// Evidence is a matched value that can only come out masked, hashed or
// empty, per its mode: String, Format (every fmt verb), MarshalJSON,
// MarshalText and MarshalLogObject all go through the same masking, and the
// raw value is unexported. It is what findings carry into logs.
type Evidence struct {
	value string
	mode  EvidenceMode
}

// NewEvidence wraps a matched value; the value cannot be read back.
func NewEvidence(value string, mode EvidenceMode) Evidence {
	return Evidence{value: value, mode: mode}
}

// Mode returns the evidence mode.
func (e Evidence) Mode() EvidenceMode { return e.mode }

// String returns the value masked, hashed or empty per the mode.
func (e Evidence) String() string {
	switch e.mode {
	case EvidenceMasked:
		return mask(e.value)
	case EvidenceSHA256:
		if e.value == "" {
			return ""
		}
		sum := sha256.Sum256([]byte(e.value))
		return hex.EncodeToString(sum[:])
	default:
		return ""
	}
}

// Format prints String for every verb, including %#v and %x.
func (e Evidence) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", e.String())
		return
	}
	_, _ = f.Write([]byte(e.String()))
}

// GoString returns String, for %#v through paths that bypass Format.
func (e Evidence) GoString() string { return e.String() }

// MarshalJSON encodes String as a JSON string.
func (e Evidence) MarshalJSON() ([]byte, error) { return json.Marshal(e.String()) }

// MarshalText returns String, so text encoders (and map keys) mask too.
func (e Evidence) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// MarshalLogObject adds the evidence and its mode to a zap object.
func (e Evidence) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString("value", e.String())
	enc.AddString("mode", e.mode.String())
	return nil
}

// Field returns the zap field `evidence` as a flat string, as SPEC.md's
// log schema has it.
func (e Evidence) Field() zap.Field { return zap.String("evidence", e.String()) }

// mask keeps up to 4 leading and 4 trailing runes and stars the rest: all
// stars below 8 runes, and never more than half the value in clear.
func mask(v string) string {
	n := utf8.RuneCountInString(v)
	if n == 0 {
		return ""
	}
	keep := min(4, (n-4)/2)
	if n < 8 {
		keep = 0
	}
	var sb strings.Builder
	sb.Grow(len(v))
	i := 0
	for _, r := range v {
		if i < keep || i >= n-keep {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('*')
		}
		i++
	}
	return sb.String()
}
