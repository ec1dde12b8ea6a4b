package rules

import "testing"

func TestValidPasswordWord(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want bool
	}{
		{"sunflower", true},
		{"Marigold", true},
		{"kangaroo", true},
		{"sonnenblume", true},
		{"papillon", true},
		{"sun", false},         // too short
		{"SunFlower", false},   // mixed case: password-disclosure's
		{"REQUIRED", false},    // shouted prose
		{"sunflower1", false},  // not letters alone
		{"incorrect", false},   // prose
		{"abgelaufen", false},  // prose (German)
		{"obligatoria", false}, // prose (Spanish)
		{"changing", false},    // -ing
		{"updated", false},     // -ed
		{"basically", false},   // -ly
		{"unusable", false},    // -able
		{"geaendert", false},   // German participle
		{"password", false},    // placeholder word
		{"qwertyuiop", false},  // sequence
		{"aaaaaaaa", false},    // one character
		{"wonderful", false},   // -ful
		{"marvelous", false},   // -ous
		{"Sunflower.", false},  // not a bare value: the rule's group excludes the dot
	} {
		if got := ValidPasswordWord(tt.v); got != tt.want {
			t.Errorf("ValidPasswordWord(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
