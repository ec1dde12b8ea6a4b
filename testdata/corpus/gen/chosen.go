package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// The password-shaped rule (a password a person chose, sent with no word
// about it) has its own generator, seeded apart, so that adding it left
// every earlier case of the corpus as it was.

// chosenGen returns the generator of the password-shaped set.
func chosenGen() gen { return seeded(20261207, 53) }

// chosenWords are words people build passwords from.
var chosenWords = []string{"falcon", "harbor", "compressor", "tartelette", "nighthawk", "ravenfall", "cadastre", "lagerhalle",
	"pelican", "marigold", "copper", "gaviota", "tournesol", "eisvogel", "brujula", "kestrel", "lantern", "walrus", "meadow", "orchid"}

// chosenPassword is a password as a person makes one: words with a
// number and a symbol, words joined by underscores with a number, or a
// number between two words ("Falcon88north", "Compressor!2291",
// "Hopper_Nighthawks_1942"); never one word and a number alone.
func (g gen) chosenPassword() string {
	title := func(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
	a, b := g.one(chosenWords...), g.one(chosenWords...)
	switch g.r.IntN(4) {
	case 0:
		return title(a) + g.pick(digits, 2) + b
	case 1:
		return title(a) + g.one("!", "#", "&", "+", "?") + g.pick(digits, 4)
	case 2:
		return title(a) + "_" + title(b) + "_" + g.pick(digits, 2)
	}
	return title(a) + g.one("!", "#", "*", "@") + title(b) + g.pick(digits, 1)
}

// chosenPositives are n messages of the rule, a password sent with
// nothing naming it: the answer to a question asked before, a login set
// up for someone, a correction. None is long: the rule reads chat-sized
// messages only (max_length), a paste holds identifiers of every shape.
func chosenPositives(g gen, n int) []Case {
	return shortPositives(g, n, "password-shaped", gen.chosenPassword,
		"sorry for the late reply, was driving. Its %s for the ubnt controller",
		"right: %s",
		"I set them up as brightpath_hvac with %s, can you check it works?",
		"try %s, that one worked for me yesterday",
		"ok the real one is %s (zero not O)",
		"for the sandbox just use sales.demo@ with %s, it's a throwaway tenant",
		"lo que me pediste: %s, no lo reenvíes",
		"c'est %s, tu me diras si ça marche",
		"hier: %s, gilt bis Freitag")
}

// shortPositives are n messages of rule, formats in turn, each with a
// fresh value in place of %s.
func shortPositives(g gen, n int, rule string, value func(gen) string, formats ...string) []Case {
	var out []Case
	for i := 0; i < n; i++ {
		out = append(out, Case{Text: strings.ReplaceAll(formats[i%len(formats)], "%s", value(g)), Rules: []string{rule}})
	}
	return out
}

// noted are hard negatives, one per line, with note.
func noted(note string, lines ...string) []Case {
	var out []Case
	for _, l := range lines {
		out = append(out, Case{Text: l, Note: note})
	}
	return out
}

// chosenNegatives are hard negatives: generated tokens and ids of both
// cases, file names, releases, options, JSON values and the weak
// password that advice quotes.
func chosenNegatives(g gen) []Case {
	return noted("token, file, release or advice, not a chosen password",
		"session id "+g.pick(alnum, 20)+" expired, refresh the page",
		"build artefact Schichtplan_KW"+g.pick(digits, 2)+"_final_v2.xlsx is on the share",
		"release 1.3.0-rc.5+build."+g.pick(digits, 4)+" is out",
		"title ID 0x4F2A"+g.pick("0123456789ABCDEF", 4)+", waiting on MS",
		"export P4TICKET=$(vault kv get -field=p4 secret/buildagents)",
		`{"Owner": "Alvis_Hackett`+g.pick(digits, 2)+`", "Status": "Active"}`,
		"Sommer"+g.one("2024", "2025")+"! erfüllt die Richtlinie, ist aber trotzdem schlecht",
		"hast du den 2FA-Code bekommen? Der kommt per SMS",
		"swarm join token SWMTKN-1-1qbyp"+g.pick(lowerDigits, 4),
		"upgrade the kiosks to Windows11 before Friday",
		"the flowcell is HVKJ3DSX7, pool LP-2291-B, sheet SampleSheet_0412_v3.csv",
		"mail ops@Backup2024.lan if the job fails",
	)
}

// caseHintGen returns the generator of the password-case-hint set.
func caseHintGen() gen { return seeded(20261207, 59) }

// caseHintWords are lowercase words people use as a password whole.
var caseHintWords = []string{"quietriverbend", "gelulerose", "tournesol", "dunkelbock", "tortugaverde", "moonriver", "papillon",
	"sonnenblume", "kangaroo", "mariposa", "pinecone", "lighthouse"}

// caseHintPositives are n messages of a lowercase password given with a
// hint about its case.
func caseHintPositives(g gen, n int) []Case {
	return shortPositives(g, n, "password-case-hint", func(g gen) string { return g.one(caseHintWords...) },
		"pwd is all lowercase: %s",
		"le mdp c'est tout en minuscule : %s",
		"la clave del router, todo en minúsculas: %s",
		"Passwort ist alles kleingeschrieben: %s",
		"c'est %s (tout en minuscules), rien de plus",
		"the guest one is %s (all lowercase)")
}

// caseHintNegatives are hints about case that give no password.
func caseHintNegatives(g gen) []Case {
	return noted("a hint about case, no password",
		"usernames are all lowercase: firstname.lastname",
		"type it all lowercase: the system is case sensitive",
		"the hostname (all lowercase) is fine",
		"tout en minuscules : c'est plus simple",
		"e-mail addresses, all lowercase: "+g.one("j.doe", "m.keller")+"@example.com",
	)
}

// codeSaidGen returns the generator of the code-said set.
func codeSaidGen() gen { return seeded(20261207, 61) }

// codeSaidPositives are n messages of a code given after the word for a
// code, with nothing saying what it opens.
func codeSaidPositives(g gen, n int) []Case {
	return shortPositives(g, n, "code-said", gen.codeSaid,
		"the combo changed again, now %s",
		"Kombination vom Materialwagen ist jetzt %s",
		"der PIN bleibt %s bis Montag",
		"la combinación nueva quedó en %s",
		"le code a été changé hier soir, désormais %s",
		"the PIN stays %s until Monday")
}

// codeSaid is a code of 4 to 6 digits that the pin validator takes: no
// run of a sequence, no digit repeated throughout.
func (g gen) codeSaid() string {
	code := ""
	for code == "" || strings.Contains("0123456789 9876543210", code) || strings.Count(code, code[:1]) == len(code) {
		code = g.pick(digits, 4+g.r.IntN(3))
	}
	return code
}

// codeSaidNegatives are numbers near a word for a code that are no code:
// an extension, a case number, an example, an error or an order code.
func codeSaidNegatives(g gen) []Case {
	return noted("a number near a word for a code, no code",
		"la clave no te la puedo pasar por acá, te llamo al anexo "+g.pick(digits, 4)+" y te la dicto",
		"Merci de ne pas partager le PIN de votre badge. En cas de perte, prévenez la sécurité au poste "+g.pick(digits, 4)+".",
		"using your birthday as your PIN is a bad idea, e.g. 1987 or 0412, those get guessed",
		"the code review for ticket "+g.pick(digits, 4)+" is at 3",
		"error code "+g.pick(digits, 5)+" again on the printer",
		"código de seguimiento del pedido: "+g.pick(digits, 8),
	)
}

// codePlaceSaidGen returns the generator of the code-place-said set.
func codePlaceSaidGen() gen { return seeded(20261207, 67) }

// codePlaceSaidPositives are n messages of a code in the same sentence as
// the alarm, keypad, gate or service mode it opens, with no word for a
// code.
func codePlaceSaidPositives(g gen, n int) []Case {
	return shortPositives(g, n, "code-place-said", gen.codeSaid,
		"Wer heute als letztes geht: Alarmanlage mit %s scharf schalten und dann Taste Abwesend drücken",
		"the side gate takes %s# from the keypad, the fob reader is broken again",
		"ojo que la de la alarma de la nave cambió, ahora es %s",
		"la taquilla del vestuario se abre marcando %s y esperando el pitido",
		"Wartungsmodus geht am Display mit %s",
		"the alarm panel in the depot wants %s before you open the shutter")
}

// codePlaceSaidNegatives are numbers in the same sentence as an alarm, a
// gate or a safe that open nothing: a time, a year, a number to call, a
// ticket, a count, a gate's or a locker's own number.
func codePlaceSaidNegatives(g gen) []Case {
	return noted("a number near a thing a code opens, no code",
		"boarding at gate 12 closes at 1545, the alarm on my phone is set",
		"the alarm went off in 2019 and again last week",
		"Utilisez le coffre Keepass de l'équipe ou appelez le support au "+g.pick(digits, 4)+".",
		"Alarmanlage: Ticket "+g.pick(digits, 5)+" beim Hersteller offen",
		"locker room is closed, the new ones hold 2400 items",
		"is it safe to deploy after 1630?",
		"the alarm panel logged "+g.pick(digits, 4)+" events last month",
		"gate B12 boarding 1430, delayed to 1515",
		"locker 1208 is free, take it",
	)
}

// labelLineGen returns the generator of the password-label-line set.
func labelLineGen() gen { return seeded(20261207, 71) }

// labelLineValue is a password of two lowercase words with a digit
// between them ("tortuga4verde"): no shape tells it, the line does.
func (g gen) labelLineValue() string {
	return g.one(chosenWords...) + g.pick(digits, 1) + g.one(chosenWords...)
}

// labelLinePositives are n lines that open with a word for a password
// and close with the value, whatever stands between. A line where "for",
// "of", "de"… follows the word ("password for the shared calendar
// account, the one in the lobby: …") is password-disclosure's, which
// this fallback rule then leaves.
func labelLinePositives(g gen, n int) []Case {
	return shortPositives(g, n, "password-label-line", gen.labelLineValue,
		"psw correo de biblioteca: %s",
		"Passwort Kassensystem Filiale Nord: %s",
		"clave portátil de campo, brigada 3 (la de siempre): %s",
		"password staging jump host, same as the wiki says → %s",
		"mdp imprimante 2e étage (celle du couloir) : %s")
}

// labelLineNegatives are lines that open with a word for a password and
// end in a value that is none: a policy, a manager, a path, a day, a
// ticket, a host.
func labelLineNegatives(g gen) []Case {
	return noted("a line about passwords, no password",
		"Password policy: min12chars",
		"Password manager rollout: phase"+g.pick(digits, 1),
		"password is in the repo under: src/main.go",
		"password stored in: ~/.netrc",
		"pw change reminder: Friday",
		"password change for the service accounts, done in ticket: INC"+g.pick(digits, 4),
		"Kennwort-Tresor läuft jetzt auf: vault0"+g.pick(digits, 1),
	)
}

// pairLists are lines of chat with two things joined by " / " or " + "
// near a word about logins, accounts or passwords, and no credential in
// them: lists of hosts, plans, teams, files, rotas, tickets
// ("SSO login fails on two hosts, it's web01 / web02-prod."). A helper
// wrote them to review credential-pair-near (session 31); these are the
// ones no rule flags.
//
//go:embed pairlists.txt
var pairLists string

// pairListNegatives are pairLists as hard negatives.
func pairListNegatives() []Case {
	return noted("two things joined by a slash or a plus, no credential pair", strings.Split(strings.TrimSpace(pairLists), "\n")...)
}

// review32 holds chat a helper wrote, apart from the rules, to review
// the code and weak-password rules of session 32: numbers near doors,
// keypads, safes and alarms that are no code (room numbers, counts,
// times, extensions, error codes), and host, group, test and file names,
// policies and placeholders near a word about passwords. These are the
// lines no rule flags; one JSON object per line, as some span lines.
//
//go:embed review32.jsonl
var review32 string

// review32Negatives are review32's lines as hard negatives.
func review32Negatives() []Case {
	return noted("a door number, a count, a host or a policy near a word about codes or passwords, none given", jsonTexts("review32.jsonl", review32)...)
}

// review33 holds chat helpers wrote, apart from the rules, to review the
// password rules of session 33: a word and a number named as a password
// nobody can use now (expired, cracked, sprayed, banned, an example, a
// story, a joke), names that look like one (users, networks, projects,
// models), and talk about passwords with a value-shaped token and no
// value (a vault entry, a placeholder, a log line, a policy, a masked
// value). These are the lines no rule flags.
//
//go:embed review33.jsonl
var review33 string

// review33Negatives are review33's lines as hard negatives.
func review33Negatives() []Case {
	return noted("a password nobody can use now, a look-alike name or talk about passwords, none given", jsonTexts("review33.jsonl", review33)...)
}

// jsonTexts are the texts of data, one JSON object with a text field per line.
func jsonTexts(name, data string) []string {
	var texts []string
	for line := range strings.SplitSeq(strings.TrimSpace(data), "\n") {
		var v struct{ Text string }
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			panic(fmt.Sprintf("%s: %v", name, err))
		}
		texts = append(texts, v.Text)
	}
	return texts
}

// chatNegatives are lines of tech chat about passwords, codes and the
// Wi-Fi that give none: a path where "pwd" is the command, a quarter, a
// network's new name, a combo box, a policy, a count, a ticket, a tenant,
// a rate.
func chatNegatives() []Case {
	return noted("tech chat about passwords and codes, none given",
		"pwd of the build container: /home/runner/work",
		"clave del informe trimestral: Q3-2024",
		"wifi guest network renamed to Guest-2024 for the event",
		"the combo box on the settings page lists 2048 options",
		"the password reset flow is broken on staging since v2.14.3",
		"mot de passe expiré pour 12 comptes, cf. ticket INC0045512",
		"PIN pad firmware 4.2.1 rolled out to all stores",
		"el código del proyecto es PRJ-2024-118, ponlo en el asunto",
		"password manager migration: 312 of 400 users done",
		"pw policy: 14 chars min, no reuse of last 5",
		"Kennwort muss mindestens 12 Zeichen lang sein, z. B. mit Sonderzeichen",
		"new laptop login is your employee ID, e.g. E12345",
		"our SSO login now uses Okta, tenant acme-prod-2024",
		"our combination of Kafka and Redis handles 12000 msgs/s",
		"code coverage went from 6120 to 6480 lines",
		"Kombination aus Mail und SMS kostet uns 4500 Euro im Jahr",
		"la combinación de colores del logo es la 2024 nueva",
		"le code de la route impose 1500 m de distance",
		"codes QR imprimés : 2500 exemplaires",
		"the PIN diagram is on page 1184 of the manual",
		"Code-Review-Termin: Raum 4102, 14 Uhr",
		"the code freeze starts 1512, no merges after that",
		"der Code läuft auf 4096 Kernen",
		"combo meal was 1290 yen",
		"new passwords must not contain your username or Company2024",
		"password123 is still the most common password in the breach list",
	)
}

// doorSaidGen returns the generator of the code-door-said,
// code-device-said, dial-combination and bitlocker-key-named sets.
func doorSaidGen() gen { return seeded(20261207, 73) }

// doorSaidPositives are n messages of a code in the same sentence as the
// door, building or intercom it opens, with no word for a code; n of the
// same for a printer, tablet or voicemail; n of a dial lock's turns near its safe; n of a BitLocker key
// with a group no real key has, named as one.
func doorSaidPositives(g gen, n int) []Case {
	return concat(
		shortPositives(g, n, "code-door-said", gen.codeSaid,
			"Haustür geht jetzt mit %s auf, bitte weitersagen",
			"our building's main entrance now takes %s, the old one is dead",
			"el portal del edificio ahora es %s y luego la tecla de campana",
			"pour le portail de la résidence c'est %s puis la touche clé"),
		shortPositives(g, n, "code-device-said", gen.codeSaid,
			"voicemail for the front desk is now %s",
			"Kopierer im zweiten OG will %s, dann Taste Start",
			"the conference room iPad is locked with %s, ask me if it wants more",
			"la impresora de recepción pide ahora %s y luego aceptar"),
		shortPositives(g, n, "dial-combination", gen.dialTurns,
			"safe in the branch office, cash box fund: %s. don't write it down",
			"Tresor im Lager: Kombi %s, danach Griff nach unten",
			"la caja fuerte de la oficina: %s",
			"coffre de la régie : %s"),
		shortPositives(g, n, "bitlocker-key-named", gen.bitLockerMadeUp,
			"la clé de chiffrement du disque (BitLocker) : %s",
			"BitLocker on Tom's laptop asks again, this one should do it: %s",
			"Festplatte vom Kassen-PC gesperrt, BitLocker will %s",
			"el disco del portátil de caja pide BitLocker, prueba con %s"),
	)
}

// dialTurns is a dial lock's combination told as three or four turns
// ("L 22, R 71, L 9", "rechts 41 links 17 rechts 88").
func (g gen) dialTurns() string {
	dirs := [][2]string{{"L", "R"}, {"links", "rechts"}, {"izquierda", "derecha"}, {"G", "D"}, {"left", "right"}}
	d := dirs[g.r.IntN(len(dirs))]
	sep := g.one(", ", " ", " - ", ", then ")
	turns, first := make([]string, 3+g.r.IntN(2)), g.r.IntN(2)
	for i := range turns {
		turns[i] = fmt.Sprintf("%s %d", d[(i+first)%2], g.num(1, 99))
	}
	return strings.Join(turns, sep)
}

// bitLockerMadeUp is eight groups of six digits, one of them above what a
// real BitLocker key's group can be (bitlocker-recovery-key refuses it).
func (g gen) bitLockerMadeUp() string {
	groups := make([]string, 8)
	for i := range groups {
		groups[i] = fmt.Sprintf("%06d", g.num(100000, 720895))
	}
	groups[g.r.IntN(8)] = fmt.Sprintf("%06d", g.num(720896, 999999))
	return strings.Join(groups, "-")
}

// doorSaidNegatives are numbers near a door, a building, a printer or a
// lock that open nothing: tags, addresses, counters, counts, times.
func doorSaidNegatives(g gen) []Case {
	return noted("a number near a door, building or printer, or turns near no lock, not a code",
		"the printer is on floor 2, asset tag: "+g.pick(digits, 5),
		"building: 4410 Main Street, suite 200",
		"Kopierer Zählerstand: "+g.pick(digits, 5),
		"the lift takes 1200 people a day",
		"Tiefgarage mit 1200 Stellplätzen",
		"Gebäude mit 4500 m2 Fläche",
		"Drucker braucht 2400 Blatt pro Woche",
		"portal: "+g.pick(digits, 4)+" new signups this week",
		"la puerta del almacén 3 se cierra a las 2200",
		"the door opened at 0730 with 1500 people waiting",
		"the safe route to the depot: left at the lights, then right",
		"batch serials 418627-093412-556281-702934-118305-640271-389920-971544 from the export",
		// A review's lines (session 30): numbers on a door or printer, to
		// call, of a cost centre, a time; seats and margins left and right;
		// a key's ID.
		"To check your voicemail from a desk phone, dial 5000 and follow the prompts.",
		"The printer with 4471 on the sticker is the broken one, don't send jobs there.",
		"Der Drucker mit 4471 auf dem Aufkleber ist der kaputte, bitte nicht mehr hinschicken.",
		"Reception at the main entrance: 4410, ask for Maria if nobody picks up.",
		"Kostenstelle fürs Gebäude ist 4410, bitte immer angeben.",
		"Lift maintenance got moved, it's now 1530 on Thursday instead of Wednesday.",
		"Got the dinner and show combo tickets, seats L 12, L 13, L 14 in the stalls.",
		"The combo dropdown margins are left 8, right 8, left 16 on the tablet breakpoint.",
		// A BitLocker recovery key's ID, read out to the helpdesk.
		"El ID de la clave de recuperación es 6F3A2B1C, llama a soporte a la extensión 4410.",
		"L'identifiant de la clé de récupération est 6F3A2B1C, appelle le support au 4410.",
		"the recovery key ID is 6F3A2B1C, call the helpdesk",
	)
}
