package main

import (
	"fmt"
	"strings"

	"github.com/chatdlp/chatdlp/rules"
)

// Session 36: codes written out in words, codes given again to correct a
// slip, and codes given right after the place they open with no cue, or
// after a lock or key emoji. Each batch draws from a source of its own,
// so the values of every earlier batch stay as they are.

// spelledGen draws the codeSpelledPositives.
func spelledGen() gen { return seeded(20261207, 40) }

// correctedGen draws the codeCorrectedPositives.
func correctedGen() gen { return seeded(20261207, 41) }

// bareGen draws the bareCodePositives.
func bareGen() gen { return seeded(20261207, 42) }

// digitWords are the words for 0 to 9 in English, German, Spanish and
// French.
var digitWords = map[string][10]string{
	"en": {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"},
	"de": {"null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"},
	"es": {"cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"},
	"fr": {"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"},
}

// spelled writes a code of four or five digits out in lang's words,
// joined by sep.
func (g gen) spelled(lang, sep string) string {
	words := digitWords[lang]
	for {
		code := g.pick(digits, 4+g.r.IntN(2))
		if code == "1234" || strings.Trim(code, "0") == "" {
			continue
		}
		out := make([]string, len(code))
		for i, c := range code {
			out[i] = words[c-'0']
		}
		return strings.Join(out, sep)
	}
}

// codeSpelledPositives are n codes written out in words after a word for
// a code and a cue, in four languages (code-spelled).
func codeSpelledPositives(g gen, n int) []Case {
	formats := []struct{ lang, sep, format string }{
		{"en", " ", "the freezer room door code is %s, don't ask me why"},
		{"de", " ", "Hier der Code fürs Rolltor Halle C: %s"},
		{"es", "-", "Código del portero de la oficina de campo: %s. Lo digo en letras porque el teclado se traba"},
		{"fr", "-", "Le code du coffre à pharmacie, c'est %s, tu le retiens par cœur"},
		{"de", ", ", "PIN vom Diensthandy ist jetzt %s"},
	}
	var out []Case
	for i := range n {
		f := formats[i%len(formats)]
		out = append(out, Case{Text: fmt.Sprintf(f.format, g.spelled(f.lang, f.sep)), Rules: []string{"code-spelled"}})
	}
	return out
}

// slipped is a code and the same code with its last two digits swapped,
// as a slip of the hand types it; the two differ.
func (g gen) slipped() (code, wrong string) {
	for {
		code = g.unitCode()
		b := []byte(code)
		k := len(b) - 2
		if b[k] != b[k+1] {
			b[k], b[k+1] = b[k+1], b[k]
			return code, string(b)
		}
	}
}

// codeCorrectedPositives are n codes given again after a slip, the wrong
// one (the last two digits swapped) after "not", "nicht", "pas" or "no"
// (code-corrected).
func codeCorrectedPositives(g gen, n int) []Case {
	formats := []string{
		"sorry typo: it's %s not %s for the bike room",
		"ignore my last msg, I swapped the last two. It's %s for the cottage key box, not %s",
		"pardon erreur c'est %s pas %s pour la photocopieuse du cabinet",
		"Zahlendreher von mir: Tor Lager ist %s nicht %s",
		"perdón, me equivoqué: la del almacén es %s, no %s",
	}
	var out []Case
	for i := range n {
		code, wrong := g.slipped()
		c := Case{Text: fmt.Sprintf(formats[i%len(formats)], code, wrong), Rules: []string{"code-corrected"}}
		if strings.Contains(c.Text, "almacén") {
			c.Rules = append(c.Rules, "code-room-said") // the storeroom's code, given after "es"
		}
		out = append(out, c)
	}
	return out
}

// keycaps writes code in keycap emoji: "4806" as "4️⃣8️⃣0️⃣6️⃣".
func keycaps(code string) string {
	var b strings.Builder
	for _, c := range code {
		b.WriteRune(c)
		b.WriteString("\ufe0f\u20e3")
	}
	return b.String()
}

// bareCodePositives are codes written right after the door, room or safe
// they open with no cue but the end of the message, a bracket or an
// emoji, or after a lock or key emoji; some in keycap emoji.
func bareCodePositives(g gen, n int) []Case {
	per := n / 3
	kc := func(g gen) string { return keycaps(g.unitCode()) }
	return concat(
		shortPositives(g, per, "code-door-said", gen.unitCode,
			"abre tú que yo no llego, puerta de servicio %s",
			"puerta de atrás del taller de escenografía 🔒 %s (el asterisco no cuenta)",
			"back door (garden side) %s 🙂"),
		shortPositives(g, per, "code-room-said", kc,
			"bike store %s",
			"Seiteneingang Haus B %s",
			"Réserve Crocs & Pattes 👉 🔢 %s 🔓"),
		shortPositives(g, n-2*per, "code-place-said", gen.unitCode,
			"Costume truck padlock 🔒 %s. Call time 6am, don't be late",
			"coffre compta %s (bureau de Sylvie, derrière le tableau)",
			"Tresor Empfang 🔐 %s"),
	)
}

// session36Negatives are numbers near a door or a slip, and numbers in
// words, that are no code.
func session36Negatives() []Case {
	return noted("a number after a door, a slip or words for digits, no code",
		"the code is one two three four, just change it on first login",
		"the PIN has four or five digits, not six",
		"le code est un secret, trois personnes le connaissent",
		"sorry, typo: order 81937 not 81973",
		"sorry typo, it's 2024 not 2023 in the footer",
		"Zahlendreher in der Rechnung: 4719 nicht 4791",
		"door number 2749",
		"la puerta del número 2749",
		"back door at 1530 (delivery)",
		"Tür Nr. 2749",
		"SONAR_TOKEN=squ_0000000000000000000000000000000000000000",
		"sonarqube user tokens start with squ_, project ones with sqp_",
		"Pis arrêtez d'utiliser Hiver2024! comme mot de passe, c'est le premier truc que les pirates essaient",
		"Bitte verwendet für die Prüfungsanmeldung nicht mehr das Passwort aus der Erstsemester-Mail (\"Uni2024!\"), das ist gesperrt.",
		"pls stop using Sommer2024! for the shared inbox, audit flagged it")
}

// sonarGen draws the sonarPositives.
func sonarGen() gen { return seeded(20261207, 44) }

// sonarPositives are n SonarQube tokens (sonarqube-token), in the
// vendor's format: squ_, sqp_ or sqa_ and 40 hex digits.
func sonarPositives(g gen, n int) []Case {
	token := func(g gen) string {
		return g.token(3.5, func(g gen) string { return g.one("squ_", "sqp_", "sqa_") + g.pick(hexLower, 40) })
	}
	out := shortPositives(g, n, "sonarqube-token", token,
		"SONAR_TOKEN=%s",
		"sonar-scanner -Dsonar.token=%s",
		"CI is failing bc the secret got rotated. new SONAR_TOKEN value: %s, pls update the repo settings",
		"sonar.login=%s")
	for i, c := range out {
		if genericIn(c.Text) {
			out[i].Rules = append(c.Rules, "generic-secret") // SONAR_TOKEN=… is a secret assignment too
		}
	}
	return out
}

// goneGen draws the codeInUsePositives.
func goneGen() gen { return seeded(20261207, 43) }

// codeInUsePositives are codes given beside another said to be dead: the
// one in use is still a code (code-gone reads the words tied to each).
func codeInUsePositives(g gen, n int) []Case {
	return shortPositives(g, n, "code-given", gen.unitCode,
		"the new code is %s, the old one no longer works",
		"le nouveau code c'est %s, l'ancien ne marche plus",
		"der neue Code ist %s, der alte geht seit Montag nicht mehr",
		"el código nuevo es %s, el antiguo quedó desactivado")
}

// codeGoneNegatives are codes said to be dead: old, retired, expired,
// changed, no longer working.
func codeGoneNegatives() []Case {
	return noted("a code said to be dead, no code in use",
		"Old luggage room code 4471 no longer works as of today, it was reset after the checkout incident",
		"The gate code we had last term (2741) has been retired, Mr Doyle will email the new one",
		"Der alte Code 5580 vom Hoftor geht seit Montag nicht mehr, neuen gibts nur bei der PDL persönlich",
		"El código antiguo de la sala de medicación, 5590, quedó desactivado el viernes. Pedid el nuevo a la supervisora.",
		"Attention l'ancien code du portail 5190 ne marche plus depuis hier, inutile d'essayer, il faut sonner.",
		"The front door code was 57218 until Friday — it's been changed because a visitor saw it",
		"Le digicode du labo c'était 48163 mais ils l'ont reprogrammé hier soir, il est plus valide",
		"Alter Torcode 6148 am Lager Nord ist seit heute raus, alle Transponder sind neu programmiert",
		"Ojo: el código del garaje que estaba en la ficha (4419) ya no vale, la administración lo cambió",
		"The old canteen code 3817 stopped working last night, it's been reset")
}

// bare2Gen draws the bareMorePositives.
func bare2Gen() gen { return seeded(20261207, 45) }

// bareMorePositives are codes right after the place with a comma and
// more words after them, an emoji or an arrow between, a door named by a
// German compound or a French "local", and slips corrected with "typo
// earlier" or "oops meant".
func bareMorePositives(g gen, n int) []Case {
	per := n / 4
	return concat(
		shortPositives(g, per, "code-room-said", gen.unitCode,
			"Hintertür %s, Licht ist links",
			"bike cage 🚲 %s",
			"Callcenter Nachtschicht: Eingangstür %s, Aufzug geht nur mit Karte.",
			"local vélos %s"),
		shortPositives(g, per, "code-door-said", gen.unitCode,
			"Mañana abre Patricia. Pati: puerta de servicio %s, y la alarma se apaga con la llave",
			"@Jordan fire station side door 💥 %s"),
		shortPositives(g, per, "code-place-said", gen.unitCode,
			"Tresor Empfang ➜ %s",
			"padlock on the van ⇒ %s"),
		codeCorrectedMore(g, n-3*per),
	)
}

// codeCorrectedMore are slips corrected with "typo earlier" or "oops
// meant" (code-corrected).
func codeCorrectedMore(g gen, n int) []Case {
	formats := []string{
		"sorry typo earlier, the stock room is %s not %s",
		"Oops meant %s for the studio safe, not %s. Sorry all",
	}
	var out []Case
	for i := range n {
		code, wrong := g.slipped()
		out = append(out, Case{Text: fmt.Sprintf(formats[i%len(formats)], code, wrong), Rules: []string{"code-corrected"}})
	}
	return out
}

// shortGen draws the codeShortPositives.
func shortGen() gen { return seeded(20261207, 46) }

// codeShortPositives are codes of three digits right after the word for
// a code and its cue, ending the sentence (code-said-short).
func codeShortPositives(g gen, n int) []Case {
	three := func(g gen) string {
		for {
			if p := g.pick(digits, 3); rules.ValidLockCombination(p) {
				return p
			}
		}
	}
	out := shortPositives(g, n, "code-said-short", three,
		"ok ya está, te dejé la llave en el cajetín, el código es %s 😉",
		"Spind Azubis, Kombination: %s.",
		"for the bike shed the code is %s, don't tell the interns",
		"le code c'est %s !")
	for i, c := range out {
		if strings.HasPrefix(c.Text, "Spind") {
			out[i].Rules = append(c.Rules, "lock-combination") // a locker's combination of three
		}
	}
	return out
}

// codeShortNegatives are three digits after a word for a code that are
// no code.
func codeShortNegatives() []Case {
	return noted("three digits after a word for a code, no code",
		"the error code is 404.",
		"HTTP code 502, again",
		"the code is 500 lines",
		"Devis Somfy pour motoriser le portail : clavier à code 129 €",
		"exit code is 137.")
}

// linesGen draws the codeLinesPositives.
func linesGen() gen { return seeded(20261207, 47) }

// codeLinesPositives are codes split over the lines of a message, one
// digit to a line or two lines of two (code-lines).
func codeLinesPositives(g gen, n int) []Case {
	var out []Case
	for i := range n {
		code := g.unitCode()
		for len(code) != 4 {
			code = g.unitCode()
		}
		var text string
		switch i % 3 {
		case 0:
			text = "library staffroom door\n\n" + strings.Join(strings.Split(code, ""), "\n")
		case 1:
			text = "Code für den Laborkühlraum\n" + code[:2] + "\n" + code[2:] + "\n(zusammen, ohne Leerzeichen)"
		default:
			text = "Buzón de voz de la centralita, el PIN:\n" + strings.Join(strings.Split(code, ""), "\n")
		}
		out = append(out, Case{Text: text, Rules: []string{"code-lines"}})
	}
	return out
}

// codeLinesNegatives are numbers one or two to a line that are no code.
func codeLinesNegatives() []Case {
	return noted("numbers one or two to a line near a door or a code, no code",
		"Code review today:\n1\n2\n3\n4",
		"doors to check:\n12\n14\n15 and 120",
		"the code is\n0\n0\n0\n0",
		"gate numbers for tomorrow:\n12\n14\n16\n18")
}
