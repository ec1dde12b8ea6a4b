package main

import (
	"fmt"
	"strings"
)

// Session 37: passwords given as the reply to a question asking for them,
// below a blank line, a quote mark, a thread arrow, a chat log's nick or
// a few words and a colon. The batch draws from a source of its own, so
// the values of every earlier batch stay as they are.

// replyPwGen draws the passwordReplyPositives.
func replyPwGen() gen { return seeded(20261208, 1) }

// hashGen draws the hashCodePositives.
func hashGen() gen { return seeded(20261208, 3) }

// lockWordsGen draws the lockWordsPositives.
func lockWordsGen() gen { return seeded(20261208, 4) }

// pukGen draws the pukPositives.
func pukGen() gen { return seeded(20261208, 5) }

// replyCodeGen draws the replyCodePositives.
func replyCodeGen() gen { return seeded(20261208, 6) }

// pwArrowGen draws the pwArrowPositives.
func pwArrowGen() gen { return seeded(20261208, 7) }

// remoteGen draws the remoteSupportPositives.
func remoteGen() gen { return seeded(20261208, 8) }

// keyedBoxGen draws the keyedBoxPositives.
func keyedBoxGen() gen { return seeded(20261208, 9) }

// dialTurnsGen draws the dialTurnsPositives.
func dialTurnsGen() gen { return seeded(20261208, 2) }

// passwordReplyPositives are n questions for a password and their reply
// (password-reply), in four languages.
func passwordReplyPositives(g gen, n int) []Case {
	return shortPositives(g, n, "password-reply", gen.replyPassword,
		"wie ist das pw vom buchhaltungs-rechner?\n\n> %s … steht aber eigentlich im Ordner",
		"[09:12] <jonas> wie war nochmal das pw für den messrechner?\n[09:13] <petra> %s\n[09:13] <jonas> danke!",
		"Hat jemand das Passwort für den Avid-Rechner im Schnittraum 2?\n↳ Antwort im Thread: ja, ist %s",
		"oye y la contraseña del NAS de video?\n\nla puse en mayúsculas todo: %s",
		"does anyone have the password for the staging db?\n\n> sure: %s (don't paste it anywhere else)",
		"c'est quoi le mdp du routeur de l'entrepôt ?\n\noui c'est %s",
		"anyone know the jenkins admin password?\n> yep, %s — rotate it after the release")
}

// passwordReplyNegatives are questions about a password and replies that
// give none.
func passwordReplyNegatives() []Case {
	return noted("a question about a password and a reply without one",
		"what's the password for the staging db?\n\n> ask Tom, it's in the vault",
		"wie ist das pw vom drucker?\n\n> keine Ahnung, frag die IT",
		"does the password policy apply to service accounts?\n\nyes: see the wiki",
		"[09:12] <jonas> pw für den messrechner?\n[09:13] <petra> 2024-03-01 geändert, frag Tom",
		"¿me pasas la contraseña del NAS?\n\n> ahora no puedo, en 10 min",
		"password reset done?\n\n> yes, ticket INC-20931 closed")
}

// replyPassword is a password of the shapes the rules that read a word
// near it leave out, one word and a few more characters: "LagerhalleQ4",
// "kestrel_2023", "FALCON9HARBOR", "marigold4-Walrus77".
func (g gen) replyPassword() string {
	title := func(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
	a, b := g.one(chosenWords...), g.one(chosenWords...)
	switch g.r.IntN(4) {
	case 0:
		return title(a) + g.pick("ABCDEFGHKMQRXZ", 1) + g.pick("123456789", 1)
	case 1:
		return a + "_20" + g.pick("12", 1) + g.pick(digits, 1)
	case 2:
		return strings.ToUpper(a) + g.pick("123456789", 1) + strings.ToUpper(b)
	}
	return a + g.pick("123456789", 1) + "-" + title(b) + g.pick(digits, 2)
}

// dialTurnsPositives are n dial combinations told as turns in words
// (dial-turns), in four languages: "right to 14, left past 14 to 33,
// right to 8", "3x links auf 25, …", "2 vueltas a la derecha hasta el 25".
func dialTurnsPositives(g gen, n int) []Case {
	// Each format takes the three numbers of a dial as %[1]d, %[2]d, %[3]d.
	formats := []string{
		"padlock on the seed shed: right to %[1]d, left past %[1]d to %[2]d, right to %[3]d. then pull",
		"The combination for the lost property safe (left 3 times to %[1]d, right twice to %[2]d, left to %[3]d), log what you take",
		"Tresor mit Wählscheibe im Bürgerbüro: 3x links auf %[1]d, 2x rechts auf %[2]d, links auf %[3]d bis Anschlag.",
		"Vorhängeschloss Futtercontainer: rechts auf %[1]d, links auf %[2]d, wieder rechts auf %[3]d.",
		"Caja fuerte del concesionario: 2 vueltas a la derecha hasta el %[1]d, 1 a la izquierda hasta el %[2]d, derecha hasta el %[3]d",
		"Candado de la taquilla: derecha hasta %[1]d, izquierda pasando una vuelta hasta %[2]d, derecha hasta %[3]d y tira.",
		"le coffre de la régie : tourner à droite jusqu'au %[1]d, à gauche sur %[2]d, à droite sur %[3]d",
	}
	var out []Case
	for i := range n {
		a, b, c := g.num(1, 39), g.num(1, 39), g.num(1, 39)
		out = append(out, Case{Text: fmt.Sprintf(formats[i%len(formats)], a, b, c), Rules: []string{"dial-turns"}})
	}
	return out
}

// dialTurnsNegatives are directions and amounts told left and right near
// a safe or a lock, and a dead combination.
func dialTurnsNegatives() []Case {
	return noted("turns near a safe or a lock that are no combination",
		"from the safe house turn left to 14th street, right to 9th avenue, left to 61st",
		"the safe route: left 2 km, right 3 km, left 1 km",
		"Tresor-Lieferung: links auf 2 Paletten, rechts auf 3 Paletten, links auf 1 Palette",
		"the old safe combination (right to 14, left past 14 to 33, right to 8) no longer works since the new lock",
		"candado del portón: a la derecha hasta el fondo, luego a la izquierda",
		"Der Code vom Geräteraum wurde nach dem Diebstahl gesperrt. Die alte 5 5 1 0 bitte vergessen, ab sofort nur mit Schlüssel",
		"the staff room keypad got replaced, the old 4 7 1 9 - forget it, use your badge now")
}

// hashCodePositives are n codes with the keypad's # among their digits
// ("96#31", "20#58#3"), after a door or the word for a code.
func hashCodePositives(g gen, n int) []Case {
	formats := []struct{ format, rule string }{
		{"Gepäckband-Büro, Zahlentastatur neben der Stahltür: %s – die Raute gehört mitten rein", "code-room-said"},
		{"Guests asking for the gym? It's level 2, door code %s, tell them it closes at 11", "code-nearby"},
		{"la puerta del almacén ahora se abre con %s, la almohadilla va en medio", "code-nearby"},
	}
	var out []Case
	for i := range n {
		code := g.unitCode()
		for len(code) < 4 {
			code = g.unitCode()
		}
		k := 1 + g.r.IntN(len(code)-2)
		code = code[:k+1] + "#" + code[k+1:]
		f := formats[i%len(formats)]
		out = append(out, Case{Text: fmt.Sprintf(f.format, code), Rules: []string{f.rule}})
	}
	return out
}

// lockWordsPositives are n combinations of three digits after a fridge or
// trolley lock, a lock emoji or arrow, "réglé sur", "auf … stellen" or
// the Spanish "candao" (lock-combination).
func lockWordsPositives(g gen, n int) []Case {
	formats := []string{
		"green room fridge lock %s lol",
		"Medication trolley lock %s, please spin it after",
		"Zahlenschloss Werkzeugkasten Kamerawagen 🔒 ➡️ %s",
		"le cadenas du chariot de déco est réglé sur %s (j'ai changé le 000 d'usine)",
		"Abstellraum Fahrräder: Schloss auf %s stellen",
		"la bici la tienes en el cuarto del sótano, el candao es %s",
	}
	var out []Case
	for i := range n {
		var c string
		for c == "" || strings.Trim(c, c[:1]) == "" || c == "123" || c == "000" || c[0] == '1' && c[1] == '2' {
			c = g.pick(digits, 3)
		}
		if i%3 == 1 {
			c = c[:1] + " " + c[1:2] + " " + c[2:]
		}
		out = append(out, Case{Text: strings.ReplaceAll(formats[i%len(formats)], "%s", c), Rules: []string{"lock-combination"}})
	}
	return out
}

// pukPositives are n PUKs of eight digits after "PUK", a device named
// with a digit ("router 4G", "n°4") or a long way before the value
// (unlock-code).
func pukPositives(g gen, n int) []Case {
	formats := []string{
		"El PUK de la SIM del router 4G del depósito es %s, lo he sacado de la tarjeta",
		"PUK de la SIM du terminal de piste n°4 : %s, à garder pour toi hein",
		"PUK de la tarjeta del móvil de la emisora móvil (la unidad exterior) por si se vuelve a bloquear: %s. Lo dejo aquí",
		"PUK vom 5G-Router im Bauwagen Nr. 2: %s",
	}
	return shortPositives(g, n, "unlock-code", gen.puk, formats...)
}

// puk is a PUK: eight digits, the first not 0.
func (g gen) puk() string { return g.pick("123456789", 1) + g.pick(digits, 7) }

// replyCodePositives are n codes given below the question that names them
// after "yeah", "claro" or "same as …," (code-reply).
func replyCodePositives(g gen, n int) []Case {
	formats := []string{
		"> Does anyone have the car park barrier code for visitors?\nyeah it's %s",
		"> ¿Y el teclado del office de enfermería?\nel mismo que la sala de médicos, %s",
		"what's the code for the linen cupboard?\nsame as the sluice room, %s",
		"¿alguien tiene la clave de la alarma del almacén?\nclaro, %s, la desactivas al entrar",
		"Pasame el código del locker de llaves de afuera que viene un cliente\n\nDale, es %s, decile que cierre bien",
		"send me the alarm code for the Elm St site pls\n> %s",
	}
	return shortPositives(g, n, "code-reply", gen.unitCode, formats...)
}

// pwArrowPositives are n passwords after "pw for" a thing named in up to
// eight words and an arrow or a pointing emoji (password-chat).
func pwArrowPositives(g gen, n int) []Case {
	return shortPositives(g, n, "password-chat", gen.replyPassword,
		"pw for the projector pc in seminar room 3 👉 %s",
		"pw für den alten Laptop im Lager hinten links → %s",
		"pw pour le poste de la salle de réunion ➜ %s")
}

// remoteSupportPositives are n passwords of a remote support session,
// near a word for remote support rather than a tool (meeting-passcode).
func remoteSupportPositives(g gen, n int) []Case {
	formats := []string{
		"je lui ai ouvert la télémaintenance : ID %s, mot de passe %s. Il a 30 min",
		"Fernwartung für den Kassenrechner läuft, ID %s, Kennwort %s",
		"le dejé el soporte remoto abierto al técnico: ID %s, contraseña %s",
	}
	var out []Case
	for i := range n {
		id := g.pick("123456789", 1) + g.pick(digits, 2) + " " + g.pick(digits, 3) + " " + g.pick(digits, 3)
		pw := g.pick("abcdefghkmnpqrstuvwxyz", 2) + g.pick("23456789", 1) + g.pick("abcdefghkmnpqrstuvwxyz", 2) + g.pick("23456789", 1)
		out = append(out, Case{Text: fmt.Sprintf(formats[i%len(formats)], id, pw), Rules: []string{"meeting-passcode"}})
	}
	return out
}

// keyedBoxPositives are n codes typed digit by digit near a key box, a
// cash box or the dials of a lock (code-keyed).
func keyedBoxPositives(g gen, n int) []Case {
	formats := []struct{ format, sep string }{
		{"Cajero de seguridad del bar de la piscina → %s", " "},
		{"Pour le boîtier à clés du parc camions, tourne les molettes sur %s", "-"},
		{"cash box in the ticket office: %s, bring it back by 6", " "},
		{"Bike-Raum Coworking Hinterhof: %s 😉🚲", "-"},
		{"la verja de la nave es %s y luego tiráis fuerte", "-"},
		{"Physio room is %s now, don't tell the visitors", " "},
	}
	var out []Case
	for i := range n {
		f := formats[i%len(formats)]
		code := g.unitCode()
		out = append(out, Case{Text: fmt.Sprintf(f.format, strings.Join(strings.Split(code, ""), f.sep)), Rules: []string{"code-keyed"}})
	}
	return out
}
