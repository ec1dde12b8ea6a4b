package inspect

import (
	"testing"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

func red(s, e, keep int) Finding {
	return Finding{RuleID: "r", Action: rules.ActionRedact, Start: s, End: e, KeepLast: keep}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in string
		findings []Finding
		want     string
	}{
		{"keep last 4", "card 4012 8888 8888 1881 ok", []Finding{red(5, 24, 4)}, "card ***************1881 ok"},
		{"no keep", "ssn 078-05-1120.", []Finding{red(4, 15, 0)}, "ssn ***********."},
		{"keep covers all masks all", "pin 1234", []Finding{red(4, 8, 4)}, "pin ****"},
		{"utf-8 per rune", "id: ключ1234 end", []Finding{red(4, 16, 2)}, "id: ******34 end"},
		{"overlapping merge keeps last-ending keep", "abcdefghij", []Finding{red(0, 6, 0), red(3, 9, 2)}, "*******hij"},
		{"touching spans merge", "abcdefgh", []Finding{red(0, 4, 1), red(4, 8, 0)}, "********"},
		{"same end takes smaller keep", "abcdefgh", []Finding{red(0, 8, 3), red(2, 8, 1)}, "*******h"},
		{"only redact findings", "abc 1234 xyz", []Finding{{Action: rules.ActionBlock, Start: 0, End: 3}, {Action: rules.ActionLog, Start: 9, End: 12}, red(4, 8, 0)}, "abc **** xyz"},
		{"html tags kept", "<b>4012</b> 8888", []Finding{red(3, 16, 2)}, "<b>****</b>***88"},
		{"clamped", "abcd", []Finding{red(-3, 99, 0)}, "****"},
		{"none", "abcd", nil, "abcd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Redact(tt.in, tt.findings)
			if got != tt.want {
				t.Errorf("Redact(%q): got %q, want %q", tt.in, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Redact(%q): invalid UTF-8 %q", tt.in, got)
			}
		})
	}
}
