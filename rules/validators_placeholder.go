package rules

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Obviously-not-a-secret checks, shared by the credential validators: a
// value made of one character, an obvious sequence, or a placeholder people
// write in docs and templates is never reported as a credential.

// placeholderMarks are substrings (lowercase) that mark a template value.
var placeholderMarks = []string{
	"example", "placeholder", "changeme", "change_me", "change-me", "redacted",
	"dummy", "xxxx", "****", "...", "•••", "your_", "your-", "<", ">", "${", "{{", "%(",
	"_here", "-here", "replace_me", "insert_", "***",
	// A deployment tool's or a shell's substitution: Octopus and Ruby's
	// #{SmtpPassword}, the shell's $(vault read …).
	"#{", "$(",
	// The same in German, French and Spanish templates: VOTRE_MOT_DE_PASSE,
	// CAMBIAR_ESTO, dein_passwort, mdp_ici, clave_aqui, passwort_hier.
	"votre_", "votre-", "mot_de_passe", "a_changer", "à_changer", "a-changer", "_ici", "-ici",
	"cambiar_esto", "cambiar-esto", "cambiaresto", "tu_contra", "tu_clave", "tu-clave", "_aqui", "_aquí",
	"dein_", "dein-", "ihr_passwort", "passwort_hier", "hier_eintragen", "hier-eintragen",
}

// placeholderSegments mark a template value only as a segment of their
// own (between non-letters or the ends): "TODO", "todo_pass"; not
// "Ortodoncia.44" or "TodoJunto7", where they are part of a word.
var placeholderSegments = []string{"todo"}

// placeholderWords are whole values (lowercase) that stand for a secret
// rather than being one.
var placeholderWords = map[string]bool{
	"password": true, "passwort": true, "kennwort": true, "contraseña": true, "motdepasse": true,
	"secret": true, "pass": true, "passwd": true, "pwd": true, "null": true, "none": true, "nil": true,
	"undefined": true, "empty": true, "hidden": true, "masked": true, "removed": true, "required": true,
	"string": true, "value": true, "token": true, "apikey": true, "yourpassword": true, "mypassword": true,
	"newpassword": true, "oldpassword": true, "secretkey": true, "accesskey": true, "true": true, "false": true,
	// Password managers, named where a password would be ("it's in 1Password").
	"1password": true, "lastpass": true, "keepass": true, "keepassxc": true, "bitwarden": true, "dashlane": true,
}

// sequences hold the runs people type instead of a value.
var sequences = []string{
	"01234567890", "9876543210", "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba",
	"qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop",
}

// IsPlaceholder reports whether the value v is obviously not a secret: all
// one character (separators aside), an obvious sequence (0123456789,
// abcdef, qwerty, or mostly runs like abcdefghijABCDEFGHIJ0123), a run of four x's or six 0's,
// letters and digits in runs of three or more only (AAA0000!), a template marker or substitution
// (your_key_here, <password>, ${VAR}, #{Var}, $(cmd), changeme, EXAMPLE, ****) or a word
// that names a secret instead of being one (password, secret, null).
func IsPlaceholder(v string) bool {
	low := strings.ToLower(v)
	compact := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '.' || r == '_' || r == '/' || r == ':' {
			return -1
		}
		return r
	}, low)
	if compact == "" || placeholderWords[compact] || oneChar(compact) || mostlySequential(compact) || isVariable(v) || runsOnly(compact) {
		return true
	}
	if len(compact) >= 4 {
		for _, s := range sequences {
			if strings.Contains(s, compact) {
				return true
			}
		}
	}
	for _, m := range placeholderMarks {
		if strings.Contains(low, m) {
			return true
		}
	}
	for _, m := range placeholderSegments {
		if containsSegment(low, m) {
			return true
		}
	}
	return strings.Contains(compact, "000000")
}

// containsSegment reports whether m occurs in s with no letter just before
// or just after it.
func containsSegment(s, m string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], m)
		if j < 0 {
			return false
		}
		a, b := i+j, i+j+len(m)
		before, _ := utf8.DecodeLastRuneInString(s[:a])
		after, _ := utf8.DecodeRuneInString(s[b:])
		if (a == 0 || !unicode.IsLetter(before)) && (b == len(s) || !unicode.IsLetter(after)) {
			return true
		}
		i = a + 1
	}
}

// isVariable reports a value that names a variable holding the secret: a
// shell or environment variable in capitals ($NETRC_PASSWORD, $PASS), a
// Windows one (%PASSWORD%), or a template's field ({password_temporal},
// [PASSWORD]). A lowercase $word with a digit ($bailey5101)
// is a password.
func isVariable(v string) bool {
	switch {
	case len(v) >= 2 && v[0] == '$':
		for i := 1; i < len(v); i++ {
			if c := v[i]; !(c >= 'A' && c <= 'Z' || c == '_' || i > 1 && c >= '0' && c <= '9') {
				return false
			}
		}
		return true
	case len(v) >= 3 && (v[0] == '{' && v[len(v)-1] == '}' || v[0] == '[' && v[len(v)-1] == ']'):
		// A template's field in one case ({password_temporal}, [PASSWORD]).
		body := v[1 : len(v)-1]
		return identifierIn(body, 'a', 'z') || identifierIn(body, 'A', 'Z')
	case len(v) >= 3 && v[0] == '%' && v[len(v)-1] == '%':
		for i := 1; i < len(v)-1; i++ {
			if c := v[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9') {
				return false
			}
		}
		return true
	}
	return false
}

// identifierIn reports a name of letters from lo to hi, digits and
// underscores that does not start with a digit.
func identifierIn(s string, lo, hi byte) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= lo && c <= hi || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// mostlySequential reports a value of eight or more bytes at least three
// quarters of whose neighbours repeat or count up or down
// (abcdefghijABCDEFGHIJ0123…, abcd1234).
func mostlySequential(s string) bool {
	if len(s) < 8 {
		return false
	}
	n := 0
	for i := 1; i < len(s); i++ {
		if d := int(s[i]) - int(s[i-1]); d >= -1 && d <= 1 {
			n++
		}
	}
	return 4*n >= 3*(len(s)-1)
}

// runsOnly reports a value whose letters and digits come in runs of one
// character three long or more, six or more in all: a shape, not a value
// ("AAA0000!", "aaaa-1111").
func runsOnly(s string) bool {
	n, run := 0, 0
	var prev rune
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		if n > 0 && r != prev {
			if run < 3 {
				return false
			}
			run = 0
		}
		prev, run, n = r, run+1, n+1
	}
	return n >= 6 && run >= 3
}

func oneChar(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	return strings.Count(s, string(r)) == len(s)/size && len(s)%size == 0
}

// charClasses counts the classes among lowercase, uppercase (past the first
// character: a capitalised word is one class), digits and other characters.
func charClasses(v string) int {
	var lower, upper, digit, other bool
	for i, r := range v {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = upper || i > 0
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	n := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			n++
		}
	}
	return n
}

// ValidPassword reports whether the value of a password match (see
// MatchedValue) looks like a password someone disclosed rather than prose
// or a placeholder: not IsPlaceholder; not a plain word (letters only, in one
// case or capitalised: "required", "Expired", "NONE"); and at least six
// characters of two classes (or six digits), or four of three classes. A
// value of words (a quoted passphrase, "Igel im Herbstlaub") is not prose:
// its first word is no word of prose and fewer than half of its words are
// ("in the vault", "siehe Mail", "whatever you want" are prose). Digits
// with # or * around them are a keypad entry, a PIN (ValidPIN: 2417#). A
// date, a quarter, a time, a version, an address and a path (what "pwd"
// prints: /home/runner/work) are not passwords, nor are a link (where to
// change one) or a regular expression (the rule one must meet).
func ValidPassword(s string) bool {
	v := strings.TrimRight(MatchedValue(s), ".,;:") // "is below:" introduces what follows
	if strings.HasSuffix(v, ")") && !strings.Contains(v, "(") {
		v = strings.TrimRight(v, ")") // the bracket the value stood in: "(… creds/readonly)"
	}
	if w := strings.TrimRight(v, "!?"); w != v && lettersOnlyWord(w) {
		return false // a word and its exclamation ("thanks!"), not a password
	}
	if strings.ContainsAny(v, " \t") && readsAsProse(v) {
		return false
	}
	n := utf8.RuneCountInString(v)
	if n < 4 || n > 128 || IsPlaceholder(v) {
		return false
	}
	if numberLike(v) || quarterLike.MatchString(v) {
		return false // a date, a quarter (Q3-2024), a time, a version or an address
	}
	if unixPath.MatchString(v) {
		return false // a path: what "pwd" prints, where a file lies
	}
	if strings.Contains(v, "://") && webAddress.MatchString(v) || regexLike(v) {
		return false // where to change it (https://vpn.example/change), or the rule it must meet
	}
	if t := strings.Trim(v, "#*"); t != v && allDigits(t) && len(t) <= 8 {
		return ValidPIN(t) // a keypad entry: 2417#, *1962#
	}
	c := charClasses(v)
	if c < 2 {
		return n >= 6 && allDigits(v) // a PIN-like number, not a word
	}
	return n >= 6 || c >= 3
}

var (
	// quarterLike is a quarter of a year: Q3-2024, Q4/25, 2024-Q1.
	quarterLike = regexp.MustCompile(`^(?:[Qq][1-4][-/ ]?(?:19|20)?\d\d|(?:19|20)\d\d[-/ ]?[Qq][1-4])$`)
	// webAddress is a link: a password's page, not a password.
	webAddress = regexp.MustCompile(`^(?i:https?|ftp)://[\w-]+(?:\.[\w-]+)+`)
	// unixPath is an absolute or home path of two parts or more:
	// /home/runner/work, ~/.ssh/config, /etc/ssl/certs.
	unixPath = regexp.MustCompile(`^~?/[\w.-]+(?:/[\w.-]*)+$`)
)

// regexLike reports a regular expression, the rule a password must meet
// (^(?=.*[A-Z])(?=.*\d).{10,}$): a group that looks around or does not
// capture, a class of letters or digits, or a pattern anchored at both
// ends.
func regexLike(v string) bool {
	if !strings.ContainsAny(v, "([.\\^") {
		return false
	}
	for _, m := range []string{"(?=", "(?!", "(?:", "[A-Z]", "[a-z]", "[0-9]", `\d`, ".*", ".+"} {
		if strings.Contains(v, m) {
			return true
		}
	}
	return len(v) > 2 && v[0] == '^' && v[len(v)-1] == '$'
}

// numberLike reports a value of digits with separators between them and
// perhaps a leading v: a date (2024-12-01, 12/01/2024), a time (10:30), a
// version (v2.14.3) or an address (10.0.0.1), which prose puts where a
// password would be ("it's now 2024-12-01").
//
// Groups of digits joined by hyphens only are a date only where they read
// as one (2024-12-01, 01-12-24): "44-91-07", a dial lock's or a keypad's
// code, is not.
func numberLike(v string) bool {
	if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') {
		v = v[1:]
	}
	seps, hyphens := 0, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
		case (c == '.' || c == '-' || c == '/' || c == ':') && i > 0 && i < len(v)-1:
			seps++
			if c == '-' {
				hyphens++
			}
		default:
			return false
		}
	}
	if seps > 0 && hyphens == seps && hyphens == 2 {
		return dateLike(strings.Split(v, "-"))
	}
	return seps > 0
}

// dateLike reports three groups of digits that read as a date: a year of
// four digits first or last, or two-digit groups with a month (1 to 12)
// and a day (1 to 31) among them.
func dateLike(g []string) bool {
	n := make([]int, len(g))
	for i, x := range g {
		if x == "" || len(x) > 4 {
			return false
		}
		n[i], _ = strconv.Atoi(x)
	}
	day, month := func(d int) bool { return d >= 1 && d <= 31 }, func(m int) bool { return m >= 1 && m <= 12 }
	switch {
	case len(g[0]) == 4:
		return month(n[1]) && day(n[2])
	case len(g[2]) == 4 || len(g[2]) == 2 && len(g[0]) <= 2 && len(g[1]) <= 2:
		return day(n[0]) && month(n[1]) || month(n[0]) && day(n[1])
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ValidAWSSecret reports whether the value of a match is an AWS secret
// access key: 40 characters of the base64 alphabet with upper- and
// lowercase letters and a digit, entropy of at least 4.2 bits per
// character, and not a placeholder.
func ValidAWSSecret(s string) bool {
	v := MatchedValue(s)
	if len(v) != 40 || IsPlaceholder(v) {
		return false
	}
	var lower, upper, digit bool
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= '0' && c <= '9':
			digit = true
		case c == '+' || c == '/':
		default:
			return false
		}
	}
	return lower && upper && digit && ShannonEntropy(v) >= 4.2
}

// ValidSecretValue reports that the value of a match is not IsPlaceholder.
func ValidSecretValue(s string) bool { return !IsPlaceholder(MatchedValue(s)) }

// lettersOnlyWord reports a word as prose writes it: letters alone, in
// lowercase ("thanks", "merci"; not "Copper" or "QfEaJxHMA").
func lettersOnlyWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) || unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// readsAsProse reports whether the words of v read as prose: the first is a
// word of prose (proseWord), or half of them or more are.
func readsAsProse(v string) bool {
	ws := strings.Fields(v)
	n := 0
	for i, w := range ws {
		if proseWord[strings.ToLower(strings.Trim(w, ".,;:!?"))] {
			if i == 0 {
				return true
			}
			n++
		}
	}
	return 2*n >= len(ws)
}
