package inspect

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

// nearValidators are the validators FuzzEngineNear gives its rules: those
// with a word shape (near.go) and others.
var nearValidators = []string{"", "unlabelled-password", "passphrase", "pin", "password", "word-number"}

// FuzzEngineNear drives an admin rule with keyword proximity through the
// engine, whose near path tries it only close to its keywords: on a text
// the normaliser leaves as it is, the engine finds exactly what the rule
// itself finds (rules.Rule.Match).
func FuzzEngineNear(f *testing.F) {
	for _, s := range []struct {
		pattern, keyword string
		v, prox          uint8
		text             string
	}{
		{`(?<=^|[\s"'(*])(?<value>[^\s"'<>]{8,30}?)(?=[.,;:!)]?(?:\s|$))`, "pass", 1, 20, "the pass for it: Tulpe#Regen88. and (Gelule!Nuit42) later x9!kQ2mz9"},
		{`(?<=^|[\s(])(?:code|pin)\b[^\n]{0,20}?[\s:](?<value>\d{4,8})\b`, "door", 3, 30, "door code is 4826, the pin: 1234 and code 55 19 9024 door"},
		{`(?<![\w-])[a-z]{4,9}(?:-[a-z]{4,9}){2}(?![\w-])`, "wifi", 2, 15, "wifi tournesol-caramel-bleu or koala-brique-melon wifi"},
		{`\b\d{4}-\d{4}\b`, "acct", 0, 10, "acct 1234-5678 and far away 2345-6789 acct"},
		{`(?<=\s)\S+`, "k", 0, 3, "a bb k ccc dddd k"},
		{`(?<=^|[\s:=])(?<value>[A-Za-z][a-z]{4,19}\d{2,4})(?![\w@/-]|[.,:]\w)`, "kennw", 5, 50, "Kennwort lautet Hirschgeweih88, nicht server2024 oder ab12 x:visio2025"},
		{`(?<=^|\s)(?=[^\s]{4,8}(?:[.,]?(?:\s|$)))(?=\S{0,7}\d)(?![a-z]+=)(?<value>\S{4,8}?)(?=[.,]?(?:\s|$))`, "pw", 1, 40, "pw a1b2c3d4e5f6 x9y8, k=12345 ab12. pw"},
	} {
		f.Add(s.pattern, s.keyword, s.v, s.prox, s.text)
	}
	f.Fuzz(func(t *testing.T, pattern, keyword string, v, prox uint8, text string) {
		if len(pattern) > 100 || len(text) > 400 || !plainASCII(pattern) || !plainASCII(keyword) || prox == 0 {
			return
		}
		checkCustomNear(t, pattern, keyword, nearValidators[int(v)%len(nearValidators)], int(prox%120), text)
	})
}

// TestEngineNear: rules that take the near path, on texts where a match
// far from the keyword overlaps one near it, where the keyword is inside
// the match, and where several keywords' windows overlap.
func TestEngineNear(t *testing.T) {
	pw := `(?<=^|[\s"'(*])(?<value>[^\s"'<>]{8,30}?)(?=[.,;:!)]?(?:\s|$))`
	for _, c := range []struct {
		pattern, keyword, validator string
		proximity                   int
		text                        string
	}{
		{pw, "pass", "unlabelled-password", 20, "pass: Tulpe#Regen88 " + strings.Repeat("word ", 20) + "x9!kQ2mz9 pass"},
		{pw, "pass", "unlabelled-password", 5, "Ab3$efgh pass Xy7!uvwq"},
		{pw, "pass", "", 8, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa pass bbbbbbbb"},
		{`[a-z]{4}-?[a-z]{4}`, "key", "", 5, "aaaa-bbbbcccc key"},
		{`(?<=\s)(?:code|pin)[^\n]{0,30}?\s(?<value>\d{4,8})\b`, "door", "pin", 40, " code of the door 4826 and pin 9024 door door pin 7319"},
		{`(?<![\w])\w{3}(?![\w])`, "ab", "", 2, "xab abc ab ab abd"},
		// Leading literals beyond ASCII (tür, bâtiment in both cases) and
		// a lookbehind inside the match that reads before it (Behind).
		{`(?i)(?<=^|\s)(?:t(?:ü|ue)r|bâtiment|door)\b[^\n.]{0,30}?(?=\d)(?<=(?:\bist|\bis|\bsigue siendo|:) )(?<value>\d{4})\b`, "tür", "", 40,
			"Die Tür ist 4826, TÜR: 1234, door is 7777, natürlich ist 5555, BÂTIMENT: 4410 tür Tuer sigue siendo 9024"},
		{`(?i)(?<=^|\s)(?:t(?:ü|ue)r|bâtiment|door)\b[^\n.]{0,30}?(?=\d)(?<=(?:\bist|\bis|\bsigue siendo|:) )(?<value>\d{4})\b`, "door", "", 60,
			"bâtiment is 4410 and the door: 1234; TÜR ist 4826 door"},
	} {
		checkCustomNear(t, c.pattern, c.keyword, c.validator, c.proximity, c.text)
	}
}

// TestNearPlans: the built-in rules meant for the near path take it, and
// the password rules use their words' shapes or literals.
// TestNearLeadsInScope: the literals a near rule opens with are in every
// scope the rule is in (its pfIDs), not only where another rule registered
// the same literal: a scope's scanner holds its rules' patterns only.
func TestNearLeadsInScope(t *testing.T) {
	e := builtinEngine(t)
	n := 0
	for _, r := range e.rules {
		if r.near == nil {
			continue
		}
		for _, id := range r.near.leadIDs {
			n++
			if !slices.Contains(r.pfIDs, id) {
				t.Errorf("%s: lead %q is not among its prefilter patterns", r.id, e.pf.pats[id])
			}
		}
	}
	if n == 0 {
		t.Fatal("no near rule with leads in the built-in pack")
	}
}

func TestNearPlans(t *testing.T) {
	e := builtinEngine(t)
	byID := map[string]*engineRule{}
	for _, r := range e.rules {
		byID[r.id] = r
	}
	for id, want := range map[string]string{"password-nearby": "word", "passphrase-nearby": "word", "password-word-number": "word", "code-nearby": "lead"} {
		r := byID[id]
		switch {
		case r == nil || r.near == nil:
			t.Errorf("%s: not on the near path", id)
		case want == "word" && (r.near.word == nil || !r.near.valueOpens):
			t.Errorf("%s: tried without its word shape", id)
		case want == "lead" && r.near.lead == nil:
			t.Errorf("%s: tried without its leading literals", id)
		}
	}
}

// TestShapedWords compares shapedWords with a plain reading of the words.
func TestShapedWords(t *testing.T) {
	for _, text := range []string{
		"",
		"Tulpe#Regen88",
		"a Tulpe#Regen88 b\tx9!kQ2mz9\nkoala-brique-95 " + strings.Repeat("z", 70) + "1! end",
		strings.Repeat("ab1-cd ", 40) + "Ab3$efgh",
		"café Ab3$efgh é Ab3$efgh" + strings.Repeat(" ", 63) + "Zz9!Zz9!Zz9!",
		"psw: Contabilidad.Norte2 Inicio.Turno4 Eisvogel-Brücke-3 london_bridge_19",
	} {
		checkShapedWords(t, text)
	}
}

func FuzzShapedWords(f *testing.F) {
	f.Add("a Tulpe#Regen88 b\tx9!kQ2mz9\nkoala-brique-95", uint16(3), uint16(20))
	f.Add("psw: Contabilidad.Norte2 Inicio.Turno4", uint16(3), uint16(20))
	f.Fuzz(func(t *testing.T, text string, a, b uint16) {
		if len(text) > 600 {
			return
		}
		checkShapedWords(t, text)
	})
}

func checkShapedWords(t *testing.T, text string) {
	t.Helper()
	n := normalize(text)
	defer n.put()
	if n.s != text {
		return
	}
	for name, ws := range wordShapes {
		for _, win := range [][]rules.Span{{{Start: 0, End: len(text) + 1}}, {{Start: len(text) / 3, End: len(text) / 2}}, {{Start: 0, End: 5}, {Start: len(text) / 2, End: len(text)/2 + 3}}} {
			got := shapedWords(nil, text, &n.facts, win, 0, ws)
			var want []rules.Span
			for i := 0; i < len(text); {
				for i < len(text) && isSpace(text[i]) {
					i++
				}
				st := i
				for i < len(text) && !isSpace(text[i]) {
					i++
				}
				if i > st && i-st >= ws.minLen && ws.shape(text[st:i]) && overlapsAny(win, st, i) {
					want = append(want, rules.Span{Start: st, End: i})
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: shapedWords(%q, %v) = %v, want %v", name, text, win, got, want)
			}
		}
	}
}

// overlapsAny reports a word [a,b) that starts in a window or runs into one.
func overlapsAny(wins []rules.Span, a, b int) bool {
	for _, w := range wins {
		if a < w.End && b > w.Start {
			return true
		}
	}
	return false
}

// TestCharsBackFwd: the near windows reach at least as far as rules.Window.
func TestCharsBackFwd(t *testing.T) {
	for _, text := range []string{"", "abcdef", "José and Zoë 🎉 went", strings.Repeat("é", 50) + "x" + strings.Repeat("🎉", 20)} {
		n := normalize(text)
		high := n.facts.bits.high
		if n.s != text {
			t.Fatalf("normalize(%q) changed it", text)
		}
		defer n.put()
		for i := 0; i <= len(text); i++ {
			if i < len(text) && !utf8.RuneStart(text[i]) {
				continue
			}
			for _, k := range []int{0, 1, 3, 17, 100} {
				a, b := rules.Window(text, i, i, k)
				if got := charsBack(text, high, i, k); got > a || !utf8.RuneStart(byteAt(text, got)) && got < len(text) {
					t.Errorf("charsBack(%q, %d, %d) = %d, Window starts at %d", text, i, k, got, a)
				}
				if got := charsFwd(text, high, i, k); got < b {
					t.Errorf("charsFwd(%q, %d, %d) = %d, Window ends at %d", text, i, k, got, b)
				}
			}
		}
	}
}

func byteAt(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}

// nearRulesAtEveryPlace are the built-in proximity rules that have
// neither leading literals nor a validator's word shape (near.go): they
// are tried at every place of their keywords' windows. National ids and
// vendor tokens whose values open with no fixed text are such rules.
var nearRulesAtEveryPlace = []string{
	"alarm-disarm-code", "swift-bic", "cz-sk-birth-number", "fi-hetu", "fr-nir", "de-id-card", "ie-ppsn",
	"it-codice-fiscale", "mt-id-card", "pt-cc", "es-dni", "es-nie", "se-personnummer", "au-medicare", "br-cnpj",
	"cn-resident-id", "in-pan", "mx-curp", "mx-rfc", "sg-nric", "passport-number", "driving-licence",
	"pagerduty-api-key", "twilio-api-key", "telegram-bot-token", "discord-bot-token", "okta-api-token",
	"wifi-key", // "clé" and "pw" leave it no literal of three ASCII bytes; a Wi-Fi word is rare in chat
	// A value that opens with six digits: the first byte rules out most
	// places.
	"bitlocker-key-named",
	// Digits typed apart or closed by #: its opening lookahead wants a
	// digit and another after at most one separator.
	"code-keyed",
	// Some hundred rooms, cupboards and doors (German compounds among
	// them) open it, more than the 32 literals kept: its keywords are the
	// things themselves, which chat seldom names (1.01 of BenchmarkInspect
	// measured with and without it).
	"code-room-said",
	// A code opens it, then the key that confirms it: as code-keyed, its
	// opening lookahead wants a digit.
	"code-then-key",
	"code-lines", // it opens at a line break, which is no literal; near a word for a code or a door
}

// TestBuiltinNearRulesPlaced fails when a built-in proximity rule is tried
// at every place of its keyword windows and is not in
// nearRulesAtEveryPlace: code-typed lost the verbs it opens with to one
// "á" in an alternative ("marc(?:á|a)is"), and no other test said so.
func TestBuiltinNearRulesPlaced(t *testing.T) {
	e := builtinEngine(t)
	for _, r := range e.rules {
		every := r.near != nil && r.near.lead == nil && r.near.word == nil
		if every && !slices.Contains(nearRulesAtEveryPlace, r.id) {
			t.Errorf("rule %s is tried at every place within %d characters of its keywords: give it leading literals (write é as [^\\x00-\\x7f]) or add it to nearRulesAtEveryPlace", r.id, r.proximity)
		}
		if !every && slices.Contains(nearRulesAtEveryPlace, r.id) {
			t.Errorf("rule %s is in nearRulesAtEveryPlace but is not tried at every place: take it off the list", r.id)
		}
	}
}
