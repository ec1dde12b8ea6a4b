package main

import (
	"strings"

	"github.com/chatdlp/chatdlp/rules"
)

// lockGen draws the lock-combination cases (session 34) from a source of
// their own, so that the cases before them keep their values.
func lockGen() gen { return seeded(20261207, 34) }

// lockCombo is the combination of a padlock: three digits, together or
// apart ("718", "0-3-9", "5 - 9 - 2", "8 2 6"), that the lock-combination
// validator takes.
func (g gen) lockCombo() string {
	for {
		p := g.pick(digits, 3)
		if !rules.ValidLockCombination(p) {
			continue
		}
		switch g.r.IntN(4) {
		case 0:
			return p
		case 1:
			return strings.Join(strings.Split(p, ""), "-")
		case 2:
			return strings.Join(strings.Split(p, ""), " - ")
		default:
			return strings.Join(strings.Split(p, ""), " ")
		}
	}
}

// lockPositives are n messages of a padlock's or a combination lock's
// combination after the lock.
func lockPositives(g gen, n int) []Case {
	return shortPositives(g, n, "lock-combination", gen.lockCombo,
		"Sorry forgot to say the minibar store padlock is %s 🙂",
		"Container Baustelle Lindenstr: Vorhängeschloss ist %s 🔒",
		"Biberonnerie : le cadenas du frigo à lait c'est %s, Sandrine l'a changé ce matin",
		"El candado del armario del desfibrilador de la UCI: %s. No lo cerréis con llave.",
		"Locker 14 in the staff changing room is yours Beth, combination %s",
		"Neuer Mitarbeiter Tom: Spind 27, Zahlenschloss steht auf %s, bitte selbst umstellen")
}

// lockNegatives are numbers near a lock or a locker that are no
// combination.
func lockNegatives(g gen) []Case {
	return noted("a number near a padlock, a combination lock or a locker, no combination",
		"Spind "+g.pick(digits, 3)+" ist ab Montag deiner",
		"the padlock cost 12.50 at the hardware store",
		"Zahlenschloss seit 2019 kaputt, bitte neues bestellen",
		"a combination of 250 samples and 3 controls",
		"la combinación ganadora fue 3 - 1 en el partido",
		"padlock is 111, the factory default, change it",
		"we ordered 300 padlocks for the lockers",
		"casier 214 au vestiaire, le tien c'est le 215",
		"combination therapy in 120 patients, results in May",
		"Vorhängeschloss für 9,99 € im Baumarkt",
		"la taquilla 112 está rota, usa la 113",
		"combination lock with 4 digits, set your own on day one")
}

// unlockGen draws the unlock-code cases (session 34) from a source of
// their own.
func unlockGen() gen { return seeded(20261207, 35) }

// unlockPositives are n messages of a PIN or PUK that unlocks a phone, a
// tablet or a SIM card.
func unlockPositives(g gen, n int) []Case {
	return shortPositives(g, n, "unlock-code", gen.unitCode,
		"Site manager's tablet for the permits app - unlock %s, don't change it",
		"Handy vom Nachtdienst ist wieder gesperrt gewesen 🙄 entsperren mit %s",
		"Hola Sonia, te dejo la tablet de registro de constantes, desbloqueo %s, tu usuario ya está creado",
		"DECT du 1er étage : si il se verrouille, déverrouillage %s",
		"PUK fürs Stationshandy falls es wieder gesperrt ist: %s")
}

// unlockNegatives are numbers near "unlock" or "PUK" that are no code.
func unlockNegatives(g gen) []Case {
	return noted("a time, a count, a year or a phone number near unlock or PUK, no code",
		"we unlock the side door at 0800 every morning",
		"PUK 3 mal falsch eingegeben, jetzt ist die SIM tot",
		"the unlock code has 8 digits, ask IT for yours",
		"entsperren mit 2024er Firmware geht nicht mehr",
		"desbloqueo del móvil: llama al 5512 de soporte",
		"unlocked "+g.pick(digits, 4)+" accounts after the outage",
		"déverrouillage automatique à 1900 tous les soirs")
}
