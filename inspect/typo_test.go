package inspect

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chatdlp/chatdlp/rules"
)

// TestTypoEdit: which words are one slip of the hand from a keyword word.
func TestTypoEdit(t *testing.T) {
	tests := []struct {
		typed, meant string
		want         bool
	}{
		{"passowrd", "password", true},     // two letters swapped
		{"psasword", "password", true},     // swapped at the start
		{"passwodr", "password", true},     // swapped at the end
		{"pasword", "password", true},      // a letter dropped
		{"assword", "password", true},      // the first dropped
		{"passwor", "password", true},      // the last dropped
		{"passsword", "password", true},    // a letter doubled
		{"passwoird", "password", true},    // a neighbour struck as well (i by o)
		{"passwprd", "password", true},     // a neighbour struck instead (p for o)
		{"yoken", "token", true},           // y is next to t
		{"rdoné", "rodné", true},           // swapped, non-ASCII word
		{"rondé", "rodné", true},           // swapped before the accent
		{"contraeña", "contraseña", true},  // dropped, ñ kept
		{"contrasena", "contraseña", true}, // accent left off
		{"numéric", "numeric", true},       // accent put on
		{"kimlki", "kimlik", true},         // swapped
		{"Turksih", "turkish", false},      // typed words are lowercased first
		{"turksih", "turkish", true},       //
		{"password", "password", false},    // the word itself
		{"logic", "login", false},          // c is far from n: another word
		{"taken", "token", false},          // a far from o
		{"looks", "hooks", false},          // l far from h
		{"transmit", "transit", false},     // m struck by neither s nor i
		{"pasowrd", "password", false},     // two slips
		{"pswsaord", "password", false},    // letters swapped apart
		{"passwords", "password", true},    // a stray letter (typoSlips passes over a word holding the keyword)
		{"drowssap", "password", false},    // reversed
		{"rodne", "rodné", true},           // accent left off at the end
		{"medicae", "medicare", true},      // dropped
		{"secuirty", "security", true},     // swapped
		{"burgerservcienummer", "burgerservicenummer", true},
	}
	for _, tc := range tests {
		if got := typoEdit([]rune(tc.typed), []rune(tc.meant)); got != tc.want {
			t.Errorf("typoEdit(%q, %q) = %v, want %v", tc.typed, tc.meant, got, tc.want)
		}
	}
}

// TestTypoFilter: every slip slipsOf makes is one typoEdit takes, and the
// filter has each (no slip of a keyword word is missed by its bits).
func TestTypoFilter(t *testing.T) {
	e, _ := loadEngine(t, true, Options{})
	v := e.typo
	for _, w := range v.words {
		slipsOf(w.runes, nil, func(s []rune) {
			if len(s) < typoMinLen && !shortSlip(s, w.runes) || containsRunes(s, w.runes) || equalRunes(s, w.runes) {
				return
			}
			if !typoEdit(s, w.runes) {
				t.Fatalf("slipsOf(%q) gave %q, which typoEdit does not take", w.text, string(s))
			}
			if _, ok := v.index[string(s)]; ok {
				return
			}
			if !v.maybeSlip(runesHead(s), len(s)) {
				t.Fatalf("filter misses %q, a slip of %q", string(s), w.text)
			}
			if !slices.Contains(v.slipsFor(s, nil), v.index[w.text]) {
				t.Fatalf("slipsFor(%q) = %v, want %q among them", string(s), v.slipsFor(s, nil), w.text)
			}
		})
	}
}

// TestTypoVocab: the words of the pack's keywords, and the rules that
// read each.
func TestTypoVocab(t *testing.T) {
	e, _ := loadEngine(t, true, Options{})
	v := e.typo
	owners := func(w string) []string {
		i, ok := v.index[w]
		if !ok {
			return nil
		}
		var ids []string
		for _, o := range v.words[i].owners {
			ids = append(ids, e.rules[o.rule].id+"["+o.before+"|"+o.after+"]")
		}
		return ids
	}
	for _, tc := range []struct{ word, owner string }{
		{"insurance", "at-svnr[social | number]"},
		{"routing", "us-aba-routing[|]"},
		{"burgerservicenummer", "nl-bsn[|]"},
		{"contraseña", "password-disclosure[|]"}, // "contrase" begins it in an example
		{"rodné", "cz-sk-birth-number[|]"},       // "rodn" likewise
		{"passwort", "credential-pair[|]"},       // spelled in its pattern
	} {
		if got := owners(tc.word); !slices.Contains(got, tc.owner) {
			t.Errorf("owners of %q: got %v, want %s among them", tc.word, got, tc.owner)
		}
	}
	for _, w := range []string{
		"accesos",             // the plural of a keyword
		"hooks",               // of hooks.slack.com: written, not typed
		"身份证号码",               // typed through an input method
		"rodn", "pass", "aba", // shorter than typoMinLen
	} {
		if _, ok := v.index[w]; ok {
			t.Errorf("%q is a keyword word, want none", w)
		}
	}
	t.Logf("%d keyword words", len(v.words))
}

// typoSlipsIn returns the slips the engine reads in text, as
// "typed>meant".
func typoSlipsIn(e *Engine, text string) []string {
	n := normalize(text)
	defer n.put()
	sc := e.scopeOf(out(text))
	hits := e.pf.scan(sc.sc, n.s)
	defer hits.put()
	nums, at := e.typoTriggers(n, hits, nil, nil)
	var got []string
	for _, fx := range e.typo.typoSlips(n.s, &n.facts, nums, at, nil) {
		got = append(got, n.s[fx.start:fx.end]+">"+e.typo.words[fx.word].text)
	}
	slices.Sort(got)
	return got
}

// TestTypoSlips: the words read as slips, and where they are looked for.
func TestTypoSlips(t *testing.T) {
	e, _ := loadEngine(t, true, Options{})
	tests := []struct {
		text string
		want []string
	}{
		{"Austrian scoial insurance number 1892 090279", []string{"scoial>social"}},
		{"burgerservcienummer 694013808", []string{"burgerservcienummer>burgerservicenummer"}},
		{"hey Maye,\nmoje rdoné číslo je 5556136168", []string{"rdoné>rodné"}},
		{"TC kimlki numaram 93751190274", []string{"kimlki>kimlik"}},
		{"direct deposit - rouitng 120708143 acct 39634419656", []string{"rouitng>routing"}},
		// A keyword inside a word ("pass" in passwodr), numbers or not.
		{"your passwodr is now Switchboard?95Regal", []string{"passwodr>password"}},
		// A slip no rule lists as a keyword of its own: one that did
		// ("passwrod", once password-word-number's) hid the "pass" in it.
		{"hey Nina, the passwrod for the CRM is ch@rlie62", []string{"passwrod>password"}},
		{"Benutzer svc_backup Passort %IewB2zqpSVQL", []string{"Passort>passport", "Passort>passwort"}},
		// Keywords as written, words far from keys, a stray letter that
		// leaves the keyword whole.
		{"social insurance number 1892 090279", nil},
		{"the retry logic times out 123456789", nil},
		{"the passwords are in the vault", nil},
		// Too far before the number, after it, or before a code.
		{"scoial insurance, and then a lot of other words 1892 090279", nil},
		{"1892 090279 is my scoial insurance number", nil},
		{"tracking scoial 1Z999AA10123456784", nil},
		{"scoial INV-2024-00917", nil},
		// Four letters before a number: a letter inside a word of five
		// dropped, its ends kept; not a slip at an end (pass of passe).
		{"my PESL is 64120786167", []string{"PESL>pesel"}},
		{"moje rdné číslo je 820903/3085", []string{"rdné>rodné"}},
		{"pass 123456789 and card 4012888888881881", nil},
		{"my PESL was great", nil}, // no number after it
		// Before a number of digits joined by a slash.
		{"Czech brith number 575913/4150", []string{"brith>birth"}},
		{"rondé číslo: 025411/4124", []string{"rondé>rodné"}},
		{"brith number 925104 / 4715", []string{"brith>birth"}},
		{"brith number 12/27", nil},          // too few digits
		{"brith number x575913/4150", nil},   // a code
		{"brith number is coming, 5/2", nil}, // no number
		// Before a ':' or '=' that may end a label, numbers or not.
		{"mot de pases : Lapin2025-", []string{"pases>passe"}},
		{"Kennwotr für den Router : Gartenzaun!88", []string{"Kennwotr>kennwort"}},
		{"PASWORD=Hunter2x", []string{"PASWORD>password"}},
		{"the passowrd at https://example.com", []string{"passowrd>password"}}, // a keyword inside it
		// (psasword: "pasword" holds the keyword "pasw", and is read as a
		// slip wherever it is.)
		{"PSASWORD=Hunter2x", []string{"PSASWORD>password"}},
		{"the psasword http://example.com", nil},                                  // a URL's scheme
		{"psasword check at 10:30", nil},                                          // a time
		{"psasword https://grafana/d?psasword=now-6h&psasword=Hunter2x", nil},     // a URL's query
		{"psasword := x; psasword == y", nil},                                     // operators
		{"the pasword for the kiosk is Wrench2go#", []string{"pasword>password"}}, // holds "pasw"
	}
	for _, tc := range tests {
		if got := typoSlipsIn(e, tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("slips in %q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestTypoFindings: a value named by a keyword with a slip is found, by
// the keyword's rule, over the value in the original; a word that only
// looks like a slip finds nothing.
func TestTypoFindings(t *testing.T) {
	e, _ := loadEngine(t, true, Options{})
	tests := []struct {
		text, rule, value string
	}{
		{"<@U0BJA0VSZY> Austrian scoial insurance number 1892 090279", "at-svnr", "1892 090279"},
		{"burgeresrvicenummer 2050.35.322\nbedankt!", "nl-bsn", "2050.35.322"},
		{"numéro naitonal : 58.03.22-405.77", "be-national-number", "58.03.22-405.77"},
		{"hey Turksih ID number 80432931998", "tr-tc-kimlik", "80432931998"},
		{"@Josefa\nI reset it, your passwodr is now Switchboard?95Regal", "password-disclosure", "Switchboard?95Regal"},
		{"<@U0807030P1> Benutzer svc_backup Passort %IewB2zqpSVQL", "credential-pair", "%IewB2zqpSVQL"},
		// The slip after a normalised stretch: offsets map back.
		{"<b>Swedih</b> personal number 19570323-1372", "se-personnummer", "19570323-1372"},
		// Before a number joined by a slash; a word of four letters.
		{"<@U08UWDAA92> Czech brith number 575913/4150", "cz-sk-birth-number", "575913/4150"},
		{"rondé číslo: 025411/4124\n(as discussed on the call)", "cz-sk-birth-number", "025411/4124"},
		{"ok so\nmoje rdné číslo je 820903/3085", "cz-sk-birth-number", "820903/3085"},
		{"ok so\nmy PESL is 64120786167", "pl-pesel", "64120786167"},
		// Before a ':' that ends the label, no number.
		{"Salut\nmot de pases : Lapin2025-\nmerci", "password-assignment", "Lapin2025-"},
		{"Kennwotr für den Router : Gartenzaun!88", "password-disclosure", "Gartenzaun!88"},
		{"Pasword vom NAS: `Blitz+Dackel91`", "password-disclosure", "Blitz+Dackel91"},
	}
	for _, tc := range tests {
		v, err := e.Inspect(context.Background(), out(tc.text))
		if err != nil {
			t.Fatalf("Inspect(%q): %v", tc.text, err)
		}
		var got []string
		for _, f := range v.Findings {
			if f.Start < 0 || f.End > len(tc.text) || f.Start >= f.End {
				t.Fatalf("Inspect(%q): finding [%d,%d) outside the text", tc.text, f.Start, f.End)
			}
			if f.RuleID == tc.rule {
				got = append(got, tc.text[f.Start:f.End])
			}
		}
		if !slices.Contains(got, tc.value) {
			t.Errorf("Inspect(%q): %s findings %q, want %q (all: %+v)", tc.text, tc.rule, got, tc.value, v.Findings)
		}
	}
	for _, text := range []string{
		"the retry logic in the nightly job broke 123456789 times",
		"the girth of the oak is 575913415 mm", // g is next to b, but no "birth number"
		"mot de passe oublié, le lien est dans le mail",
		// Words of four letters that are slips of one of five but words of
		// their own: read only for a rule that validates the number.
		"peel 44051401358 off the label",        // pesel, no valid PESEL
		"the cave 123456789 is closed",          // clave: a password rule checks no number
		"order 575913/4151 shipped, brith 2024", // not a birth number
		"rodne 710319/2746",                     // slash number, bad check digit
		// Words one slip from a keyword before a ':' that name no secret.
		"pasta: the usual, and a salad",
		"Kennwotr für den Router: siehe Wiki",
		"passowrd: see the vault",
	} {
		v, err := e.Inspect(context.Background(), out(text))
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Findings) != 0 {
			t.Errorf("Inspect(%q): got %+v, want no finding", text, v.Findings)
		}
	}
}

// TestTypoOffsets: a finding over the word meant covers the slip as typed
// in the original, across normalisation; findings are made once.
func TestTypoOffsets(t *testing.T) {
	kw := spec("pw", `password=\S+`, rules.ActionBlock, nil)
	kw.keywords = []string{"password"}
	e := newEngine([]ruleSpec{kw}, Options{})
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"passwodr=Hunter2x 123456789", []string{"passwodr=Hunter2x"}},
		{"a &amp; b, passwodr=Hunter2x then 123456789", []string{"passwodr=Hunter2x"}},
		{"Ｐasswodr=Hunter2x 123456789", []string{"Ｐasswodr=Hunter2x"}}, // folded
		{"passwodr=Hunter2x 123456789 Passowrd=Hunter2x 123456789", []string{"passwodr=Hunter2x", "Passowrd=Hunter2x"}},
		{"password=Hunter2x passwodr=Hunter2x 123456789", []string{"password=Hunter2x", "passwodr=Hunter2x"}},
	} {
		v, err := e.Inspect(context.Background(), out(tc.text))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range v.Findings {
			got = append(got, tc.text[f.Start:f.End])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Inspect(%q): findings %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestTypoLinear: long messages of slips and near misses are read in
// linear time (a quadratic walk, search for a covering hit or window per
// slip would not finish here).
func TestTypoLinear(t *testing.T) {
	// The per-match budget is the slow machine's: under -race with every
	// package's tests running, one regexp2 call on a window can overrun the
	// default; a quadratic walk would not finish at all.
	e, _ := loadEngine(t, true, Options{MatchTimeout: slowMachine})
	for _, unit := range []string{
		"scoial insuranse numbr 123456789 ",
		"passwodrs passwodrs passwodr ",
		"passwodr: Hunter2x!9 ",
		"Kennwotr : x= y: z= ",
		"order seconds 1234567890 ",
		"rdoné číslo 5556136168 ",
		"rdné číslo 820903/3085 PESL 64120786167 ",
		"brith 575913/4150/4150 / 4150 ",
		strings.Repeat("7", 200) + "/",
		strings.Repeat("a", 70) + " 123456789 ",
	} {
		text := strings.Repeat(unit, 1<<20/len(unit))
		n := normalize(text)
		sc := e.scopeOf(out(text))
		hits := e.pf.scan(sc.sc, n.s)
		nums, at := e.typoTriggers(n, hits, nil, nil)
		e.typo.typoSlips(n.s, &n.facts, nums, at, nil)
		hits.put()
		n.put()
	}
	// Slips that are inspected again, in windows that merge.
	text := strings.Repeat("passwodr: Hunter2x!9 and ", 1<<16/25)
	if _, err := e.Inspect(context.Background(), out(text)); err != nil {
		t.Fatal(err)
	}
}

// FuzzTypo checks the slips read in any text: in order, inside the text,
// each a word of letters one slip from the word meant; and that Inspect
// keeps its findings inside the text.
func FuzzTypo(f *testing.F) {
	e, _ := loadEngine(f, true, Options{})
	for _, s := range []string{
		"Austrian scoial insurance number 1892 090279",
		"moje rdoné číslo je 5556136168",
		"your passwodr is now Switchboard?95Regal",
		"Benutzer svc_backup Passort %IewB2zqpSVQL",
		"la contraeña es Verano?madrid3",
		"<b>Swedih</b> personal number 19570323-1372",
		"ＰＡＳＳＷＯＤＲ: x 123456789",
		"Czech brith number 575913/4150",
		"rondé číslo: 025411/4124",
		"moje rdné číslo je 820903/3085",
		"my PESL is 64120786167",
		"peel 44051401359 debt 4012888888881881",
		"Kennwotr für den Router : Gartenzaun!88",
		"PASWROD=x a:b c=d e:f==g https://h 10:30",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n := normalize(text)
		sc := e.scopeOf(out(text))
		hits := e.pf.scan(sc.sc, n.s)
		nums, at := e.typoTriggers(n, hits, nil, nil)
		last := -1
		for _, fx := range e.typo.typoSlips(n.s, &n.facts, nums, at, nil) {
			if fx.start < last || fx.start >= fx.end || fx.end > len(n.s) {
				t.Fatalf("typoSlips(%q): bad span [%d,%d) after %d", text, fx.start, fx.end, last)
			}
			last = fx.start
			w := []rune(strings.ToLower(n.s[fx.start:fx.end]))
			if !typoEdit(w, e.typo.words[fx.word].runes) {
				t.Fatalf("typoSlips(%q): %q is no slip of %q", text, string(w), e.typo.words[fx.word].text)
			}
		}
		hits.put()
		n.put()
		v, err := e.Inspect(context.Background(), out(text))
		if err != nil {
			t.Fatalf("Inspect(): %v", err)
		}
		for _, fd := range v.Findings {
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End {
				t.Fatalf("finding [%d,%d) outside text of %d", fd.Start, fd.End, len(text))
			}
		}
	})
}

// refLabelEnds is labelEnds byte by byte.
func refLabelEnds(s string) []int {
	var out []int
	isLetterOnly := func(t string) bool {
		for i := 0; i < len(t); i++ {
			if !isLetter(t[i]) {
				return false
			}
		}
		return true
	}
	nonSpace := func(i, n int) bool { // n bytes from i, none a space
		if i+n > len(s) {
			return false
		}
		for k := i; k < i+n; k++ {
			if isSpace(s[k]) {
				return false
			}
		}
		return true
	}
	seps := 0
	for p := 0; p < len(s) && len(out) < maxLabelEnds; p++ {
		if s[p] == ':' || s[p] == '=' {
			if seps++; seps > maxLabelSeps {
				break
			}
		}
		if s[p] != ':' && s[p] != '=' || p == 0 || strings.IndexByte(":=<>!+-*/0123456789", s[p-1]) >= 0 ||
			p+1 < len(s) && strings.IndexByte("/:=", s[p+1]) >= 0 {
			continue
		}
		if !nonSpace(p+1, 5) && !(p+1 < len(s) && isSpace(s[p+1]) && nonSpace(p+2, 5)) {
			continue
		}
		i := p + 1
		if i < len(s) && s[i] == ' ' {
			i++
		}
		if i < len(s) && strings.IndexByte("\"'`", s[i]) >= 0 {
			i++
		}
		e := i
		for e < len(s) && e < i+64 && !isSpace(s[e]) {
			e++
		}
		if e-i < 5 || isLetterOnly(s[i:e]) {
			continue
		}
		if isLetter(s[p-1]) {
			a := p - 1
			for a > 0 && (isLetter(s[a-1]) || s[a-1] >= utf8.RuneSelf) {
				a--
			}
			if a > 0 && (s[a-1] == '?' || s[a-1] == '&') {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// TestLabelEnds: the ':' and '=' that may end a label, against the
// reference, on texts of the bytes that matter around 64-byte edges.
func TestLabelEnds(t *testing.T) {
	for _, s := range []string{
		"Kennwotr für den Router : Gartenzaun!88",
		"PASWORD=Hunter2x",
		"pw: `x7#kQ2mz`",
		"notes: 1) budget",
		"load: %w\", err",
		"at 10:30 and host:5432/db",
		"https://a/b?orgId=1&from=now-6h",
		"a == b, c := d, e <= f, x:y:z",
		"label: sunflower",
		"label:sunflower9",
		"label: \"x9abcdef\"",
		"end:",
		"end: 1234",
	} {
		checkLabelEnds(t, s)
	}
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "ab:= \t/?&9\"é-"
	for n := range 400 {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		checkLabelEnds(t, strings.ToValidUTF8(string(b), "x"))
	}
}

func checkLabelEnds(t *testing.T, s string) {
	t.Helper()
	var f textFacts
	classify(s, &f.bits)
	got, want := labelEnds(s, &f, nil), refLabelEnds(s)
	if !slices.Equal(got, want) {
		t.Fatalf("labelEnds(%q) = %v, want %v", s, got, want)
	}
	// scanText keeps them in the facts (of the ASCII text it was given).
	scanText(s, &f)
	if !slices.Equal(f.labels, want) {
		t.Fatalf("scanText(%q).labels = %v, want %v", s, f.labels, want)
	}
}

// FuzzLabelEnds compares labelEnds with its reference.
func FuzzLabelEnds(f *testing.F) {
	for _, s := range []string{"Kennwotr für den Router : Gartenzaun!88", "x?a=b9cdef&pw: 7hgfdsaq", strings.Repeat("a: b9cdef ", 20)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkLabelEnds(t, s) })
}

// TestTypoRareInChat fails when the typo pass reads words of ordinary
// chat (the bench corpus) as slips that send text to the rules again: a
// leading literal "port" (portón) made every "portal" a slip of
// "portail", and BenchmarkInspect 1.8 times slower, with every test
// green.
func TestTypoRareInChat(t *testing.T) {
	e, _ := loadEngine(t, true, Options{})
	sc := e.scopeOf(out("x"))
	msgs, _ := benchCorpus()
	slips := map[string]int{}
	total := 0
	for _, m := range msgs {
		n := normalize(m)
		hits := e.pf.scan(sc.sc, n.s)
		nums, at := e.typoTriggers(n, hits, nil, nil)
		f := newFeatures(n.s, &n.facts)
		for _, fx := range e.typo.typoSlips(n.s, &n.facts, nums, at, nil) {
			if e.typoRules(sc, n.s, &f, fx) != nil {
				slips[n.s[fx.start:fx.end]+" → "+e.typo.words[fx.word].text]++
				total++
			}
		}
		hits.put()
		n.put()
	}
	// One slip inspected again in 50 messages of ~2 KB at most (2 in 500
	// now: "changes" → "changed").
	if total > len(msgs)/50 {
		t.Errorf("%d slips inspected again in %d chat messages, want %d at most: %v", total, len(msgs), len(msgs)/50, slips)
	}
}
