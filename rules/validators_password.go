package rules

import "strings"

// A password of letters alone ("the wifi password is sunflower") reads
// like the words people write about passwords ("the password is
// incorrect"). ValidPasswordWord tells them apart by the word: a password
// is not a word of that prose (passwordProse), nor shaped like one
// (proseSuffixes: participles, adverbs, adjectives).

// passwordProse are words (lowercase) that follow "the password is" or
// "password:" in prose about passwords, in English, German, French and
// Spanish (accents dropped: the rule's value is ASCII letters).
var passwordProse = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		required expired incorrect correct wrong invalid valid missing unknown forgotten hidden
		encrypted hashed salted stored saved changed updated rotated shared attached included
		below above inside within different same identical similar secure insecure strong weak
		short simple complex complicated difficult obvious secret private public personal
		temporary permanent default optional mandatory necessary needed enough blank empty
		nothing something anything everything somewhere elsewhere there please thanks sorry
		actually probably definitely really literally basically already always never usually
		again still either neither sensitive protected managed generated random unique visible
		available unavailable working broken locked unlocked disabled enabled active inactive
		outdated current previous latest compromised leaked known great better terrible
		horrible stupid ridiculous annoying impossible possible okay alright useless useful
		special unchanged written printed posted pasted listed linked mentioned case letters
		normal critical official universal internal external additional typical original
		essential crucial minimal trivial global local manual digital virtual legal illegal
		actual usual unusual formal general total final initial fantastic terrific pathetic
		problematic automatic generic basic classic
		characters digits numbers symbols lowercase uppercase length longer shorter stronger
		weaker simpler easier harder expiring pending accepted rejected ignored somehow anyway
		probably perhaps maybe somewhat rather pretty quite indeed instead otherwise therefore
		however because although whatever whichever wherever whoever yourself myself himself
		herself ourselves themselves itself something someone anyone everyone nobody because
		falsch richtig abgelaufen ungueltig gueltig geaendert gesperrt vergessen unbekannt
		geheim sicher unsicher erforderlich notwendig korrekt inkorrekt derselbe dasselbe
		dieselbe gleich anders leider bitte schon immer wieder irgendwo nirgends nirgendwo
		zurueckgesetzt abgelaufen verschluesselt gespeichert hinterlegt
		incorrect correct invalide valide obligatoire requis vide secret different pareil
		toujours encore bloque oublie change expire perdu inconnu identique
		incorrecta correcta obligatoria invalida valida segura insegura secreta vacia distinta
		igual nueva antigua caducada olvidada bloqueada cambiada siempre todavia tambien
	`) {
		m[w] = true
	}
	return m
}()

// proseSuffixes end the participles, adverbs and adjectives of that prose
// ("updated", "changing", "basically", "unusable", "expensive", "caducado").
var proseSuffixes = []string{"ed", "ing", "ly", "able", "ible", "ive", "ous", "ful", "less", "ado", "ada", "ido", "ida", "ment", "tion", "sion", "ness"}

// ValidPasswordWord reports whether the value of a match (see
// MatchedValue) is a password of letters alone rather than a word about
// one: 6 to 32 ASCII letters, lowercase or Capitalised (mixed case has two
// classes of characters, which ValidPassword takes), not a placeholder,
// not a word of prose
// about passwords and not shaped like one (ending in -ed, -ing, -ly,
// -able, -ive, -ous...; German ge...t/en participles).
func ValidPasswordWord(s string) bool {
	v := MatchedValue(s)
	if len(v) < 6 || len(v) > 32 || IsPlaceholder(v) {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'A' && c <= 'Z' && i > 0:
			return false // mixed case: password-disclosure's; all capitals: shouted prose
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		default:
			return false
		}
	}
	w := strings.ToLower(v)
	if passwordProse[w] {
		return false
	}
	for _, suf := range proseSuffixes {
		if strings.HasSuffix(w, suf) {
			return false
		}
	}
	// German participles: geändert, gesperrt, abgelaufen (ge... -t/-en).
	if i := strings.Index(w, "ge"); i >= 0 && i <= 3 && (strings.HasSuffix(w, "t") || strings.HasSuffix(w, "en")) {
		return false
	}
	return true
}
