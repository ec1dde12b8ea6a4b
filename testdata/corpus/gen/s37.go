package main

import "strings"

// Session 37: passwords given as the reply to a question asking for them,
// below a blank line, a quote mark, a thread arrow, a chat log's nick or
// a few words and a colon. The batch draws from a source of its own, so
// the values of every earlier batch stay as they are.

// replyPwGen draws the passwordReplyPositives.
func replyPwGen() gen { return seeded(20261208, 1) }

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
