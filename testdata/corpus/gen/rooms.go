package main

import (
	"fmt"
	"strings"
)

// roomGen draws the cases of session 35 (code-room-said, dial turns told
// number first, a padlock's combination after a fridge lock, a Schloss or
// a combi, and as the reply to a question) from a source of their own, so
// that the cases before them keep their values.
func roomGen() gen { return seeded(20261207, 36) }

// dialTurnsAfter is a dial lock's combination told number first, the
// directions alternating ("18 derecha, 42 izquierda, 07 derecha", "36 L,
// 12 R, 58 L", "19 à droite, 42 à gauche, 7 à droite").
func (g gen) dialTurnsAfter() string {
	dirs := [][2]string{{"L", "R"}, {"links", "rechts"}, {"izquierda", "derecha"}, {"à gauche", "à droite"}, {"left", "right"}, {"G", "D"}}
	d := dirs[g.r.IntN(len(dirs))]
	sep := g.one(", ", " / ", " - ", ", then ")
	turns, first := make([]string, 3+g.r.IntN(2)), g.r.IntN(2)
	for i := range turns {
		turns[i] = fmt.Sprintf("%d %s", g.num(1, 99), d[(i+first)%2])
	}
	return strings.Join(turns, sep)
}

// roomPositives are n messages of a code after the room, store, cupboard,
// cage, shed, cellar or back door it opens, with no word for a code.
func roomPositives(g gen, n int) []Case {
	return shortPositives(g, n, "code-room-said", gen.unitCode,
		"Fahrradkeller Pflegeheim: %s",
		"Bike cage behind the school hall - %s - please shut it properly",
		"Sala de bicis del hospital (la de los trabajadores, junto a urgencias): %s",
		"Forklift key cabinet - %s",
		"Cuarto de la lavandería: la cerradura pide %s. La lavadora 2 está rota",
		"Hintertür ist jetzt %s, Licht ist links",
		"Rack room = %s",
		"Trastero de la oficina (el del fondo): %s")
}

// lockMorePositives are n messages of a padlock's or a dial lock's
// combination in the forms of session 35: turns told number first, a
// fridge or trolley lock, a Schloss, a combi, and the reply below a
// question about a padlock.
func lockMorePositives(g gen, n int) []Case {
	return concat(
		shortPositives(g, n/2, "dial-combination", gen.dialTurnsAfter,
			"Para la caja fuerte de dirección: %s",
			"The record room safe (where the awards are) %s",
			"Le coffre du bureau (caution véhicules de prêt) : %s"),
		shortPositives(g, n-n/2, "lock-combination", gen.lockCombo,
			"green room fridge padlock %s lol",
			"Gaskäfig Stapler: Schloss %s",
			"recepción noche: la caja chica del mostrador tiene combi %s. no la dejéis abierta",
			"¿alguien sabe la clave del candado de la cámara frigorífica?\n> %s",
			"Jérémy: le cadenas de l'armoire à outils spéciaux ?\nMoi: %s"),
	)
}

// roomNegatives are numbers near a room, a store, a cage or a lock that
// are no code: counts, room and order numbers, times, and dial talk.
func roomNegatives(g gen) []Case {
	return noted("a number near a room, a store, a cage or a lock, no code",
		"the server room has 4500 cables and one label printer",
		"Sala 3: 1430, bring the slides",
		"sala de reuniones grande: 1430, traed el portátil",
		"Fahrradkeller: 40 Stellplätze, 2 davon frei",
		"Lagerraum 4: Bestellung "+g.pick(digits, 5)+" angekommen",
		"cupboard stock - 2400 items in total",
		"Motor: 2400 rpm, Editor: Vim",
		"Zeitraum: 2023 bis 2025",
		"the safe stock: 12 L, 40 L and 8 L of sanitiser",
		"lock timeout 300 ms on the orders table",
		"the bike shed holds 120 bikes, the cage 40",
		"the fridge lock broke, ordered a new one for 35 €")
}

// codeWordGen draws the codeWordPositives from a source of their own.
func codeWordGen() gen { return seeded(20261207, 37) }

// codeWordPositives are n messages of the code forms widened in session
// 35: a German compound that names the code (Öffnungscode, Managercode,
// Abholcode, Einmalcode), a code after "code" and a word naming it with
// its digits in groups ("code participant 482 119 08#"), a code near a
// cloakroom, a toilet or a conference call, and a PUK after a remark in
// brackets.
func codeWordPositives(g gen, n int) []Case {
	per := n / 4
	return concat(
		shortPositives(g, per, "code-compound-role", gen.unitCode,
			"Kopierer-Abteilungscode Pflegedienstleitung %s – bitte nur für PDL-Ausdrucke",
			"Kassen-Schublade Studio-Theke (falls Chef nicht da): Managercode %s",
			"Paketschrank im Foyer, Fach 8 für die Ersatzschlüssel. Abholcode %s",
			"Einmalcode für dein neues Lagerverwaltungs-Konto (LVS): %s – gilt nur heute"),
		shortPositives(g, per, "code-given", gen.keyedCode,
			"TPE du snack bloqué après la mise à jour, code superviseur %s pour relancer",
			"Casier consigne colis devant l'EHPAD : code de retrait %s"),
		shortPositives(g, per, "code-nearby", gen.unitCode,
			"Grüezi mitenand, de Code für d'Garderobe im Untergschoss isch neu %s",
			"Kundenklo Filiale: Code steht auf dem Bon, für uns Personal ist es immer %s"),
		shortPositives(g, n-3*per, "unlock-code", gen.unitCode,
			"PUK de la SIM del teléfono de guardia (se bloqueó otra vez 🙄): %s",
			"PUK de la SIM du téléphone d'astreinte (il a été bloqué cette nuit) : %s"),
	)
}

// replyGen draws the codeReplyPositives from a source of their own.
func replyGen() gen { return seeded(20261207, 38) }

// codeReplyPositives are n messages of a code given as the reply below a
// question about a key safe, a safe, an alarm or a keypad, with no word
// for a code in the question (session 35).
func codeReplyPositives(g gen, n int) []Case {
	return shortPositives(g, n, "code-reply", gen.unitCode,
		"who knows the after school club keysafe?\n\n> %s I think",
		"weiß jemand den Tresor im Büro?\n> %s",
		"¿alguien sabe la caja fuerte de recepción?\n— %s creo")
}

// thenKeyGen draws the codeThenKeyPositives from a source of their own.
func thenKeyGen() gen { return seeded(20261207, 39) }

// codeThenKeyPositives are n messages of a code followed by the step or
// key that finishes it, near a door, an alarm, a keypad or a display
// (code-then-key).
func codeThenKeyPositives(g gen, n int) []Case {
	return shortPositives(g, n, "code-then-key", gen.unitCode,
		"Praxis-Alarm scharf schalten: erst *, dann %s, dann Haken. Unscharf genauso.",
		"Zugang Arzneimittelkühlschrank: Display antippen → %s → OK",
		"Warehouse alarm — unset %s then press ✔️, you've got 30 seconds",
		"Kühlraum Küche: erst %s, dann OK",
		"Tor Lager Süd: erst %s dann Schlüsselsymbol, Tor braucht 20 sek")
}

// codeThenKeyNegatives are numbers followed by a step near a door or an
// alarm that are no code.
func codeThenKeyNegatives() []Case {
	return noted("a number then a step near a door or an alarm, no code",
		"door sensor: see ticket 4412 then press OK to close it",
		"the gate is 1234 then OK",
		"alarm panel model 2024 then the green one",
		"door 12 and 14 are closed",
		"Alarm um 0630 und dann Frühstück")
}
