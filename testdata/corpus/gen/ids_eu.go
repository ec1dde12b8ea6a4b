package main

import (
	"fmt"
	"strings"
)

// The national identifiers of the EU member states
// (rules/builtin/national-ids-europe.yaml): fake values with valid check
// digits and birth dates, the ways people write them in chat (English and
// the country's language), and hard negatives (a wrong check, the right
// number without its keyword, numbers that look alike).

// euCompact are, per rule, fake values without separators; euIDTemplates
// formats them.
func euCompact() map[string]func(g gen) string {
	return map[string]func(g gen) string{
		"at-svnr":            gen.atSVNR,
		"be-national-number": gen.beNationalNumber,
		"bg-egn":             gen.bgEGN,
		"hr-oib":             func(g gen) string { return withMod11x10(g.pick(digits, 10)) },
		"cz-sk-birth-number": gen.czBirthNumber,
		"dk-cpr":             gen.dkCPR,
		"ee-isikukood":       gen.eeIsikukood,
		"lt-asmens-kodas":    gen.eeIsikukood,
		"fi-hetu":            gen.fiHetu,
		"fr-nir":             func(g gen) string { return g.noCard(gen.frNIR) },
		"de-tax-id":          gen.deTaxID,
		"de-id-card":         gen.deIDCard,
		"gr-amka":            gen.grAMKA,
		"hu-taj":             gen.huTAJ,
		"hu-tax-id":          gen.huTaxID,
		"ie-ppsn":            gen.iePPSN,
		"it-codice-fiscale":  gen.itCodiceFiscale,
		"lv-personas-kods":   gen.lvPersonasKods,
		"lu-matricule":       func(g gen) string { return g.noCard(gen.luMatricule) },
		"mt-id-card":         func(g gen) string { return g.pick(digits, g.num(6, 7)) + g.pick("MGAPLHBZ", 1) },
		"nl-bsn":             gen.nlBSN,
		"pl-pesel":           gen.plPESEL,
		"pl-nip":             gen.plNIP,
		"pt-nif":             gen.ptNIF,
		"pt-cc":              gen.ptCC,
		"ro-cnp":             func(g gen) string { return g.noCard(gen.roCNP) },
		"si-emso":            func(g gen) string { return g.noCard(gen.siEMSO) },
		"es-dni":             gen.esDNI,
		"es-nie":             gen.esNIE,
		"se-personnummer":    gen.sePersonnummer,
	}
}

// euIDTemplates are, per rule, the ways a value shows up in chat.
func euIDTemplates() map[string][]template {
	v := euCompact()
	f := func(format string, value func(g gen) string) template {
		return func(g gen) string { return fmt.Sprintf(format, value(g)) }
	}
	// grouped formats a compact value into groups of the given sizes.
	grouped := func(id, sep string, sizes ...int) func(g gen) string {
		return func(g gen) string { return group(v[id](g), sep, sizes...) }
	}
	c := func(id string) func(g gen) string { return v[id] }
	return map[string][]template{
		"at-svnr": {f("meine SVNR: %s", grouped("at-svnr", " ", 4, 6)), f("Sozialversicherungsnummer %s für die Anmeldung", c("at-svnr")),
			f("e-card Nummer: %s", grouped("at-svnr", " ", 4, 6)), f("my Austrian social insurance number is %s", c("at-svnr"))},
		"be-national-number": {f("mijn rijksregisternummer is %s", gen.beDotted), f("numéro national : %s", c("be-national-number")),
			f("INSZ %s voor de mutualiteit", gen.beDotted), f("national number %s", grouped("be-national-number", " ", 2, 2, 2, 3, 2))},
		"bg-egn": {f("EGN: %s", c("bg-egn")), f("моето ЕГН (EGN) е %s", c("bg-egn")), f("%s e egn-to na deteto", c("bg-egn"))},
		"hr-oib": {f("OIB: %s", c("hr-oib")), f("moj oib je %s", c("hr-oib")), f("osobni identifikacijski broj %s, hvala", c("hr-oib"))},
		"cz-sk-birth-number": {f("rodné číslo %s", grouped("cz-sk-birth-number", "/", 6, 4)), f("RČ / rodne cislo: %s", c("cz-sk-birth-number")),
			f("birth number %s", grouped("cz-sk-birth-number", " / ", 6, 4)), f("moje rodné číslo je %s", grouped("cz-sk-birth-number", "/", 6, 4))},
		"dk-cpr":       {f("mit CPR-nummer er %s", grouped("dk-cpr", "-", 6, 4)), f("cpr: %s", c("dk-cpr")), f("CPR nr. %s står på sundhedskortet", grouped("dk-cpr", "-", 6, 4))},
		"ee-isikukood": {f("isikukood: %s", c("ee-isikukood")), f("minu isikukood on %s", c("ee-isikukood")), f("Estonian personal code %s", c("ee-isikukood"))},
		"lt-asmens-kodas": {f("asmens kodas %s", c("lt-asmens-kodas")), f("mano asmens kodas: %s", c("lt-asmens-kodas")),
			f("Lithuanian personal code %s", c("lt-asmens-kodas"))},
		"fi-hetu": {f("hetu %s", c("fi-hetu")), f("henkilötunnus: %s", c("fi-hetu")), f("my Finnish personal identity code is %s", c("fi-hetu")),
			f("%s on mun hetu", c("fi-hetu"))},
		"fr-nir": {f("mon numéro de sécurité sociale : %s", grouped("fr-nir", " ", 1, 2, 2, 2, 3, 3, 2)), f("NIR %s", c("fr-nir")),
			f("n° INSEE %s", c("fr-nir")), f("voici mon num de secu %s pour la mutuelle", grouped("fr-nir", " ", 1, 2, 2, 2, 3, 3, 2))},
		"de-tax-id": {f("meine Steuer-ID ist %s", grouped("de-tax-id", " ", 2, 3, 3, 3)), f("IdNr: %s", c("de-tax-id")),
			f("steuerliche Identifikationsnummer %s", c("de-tax-id")), f("my German tax ID is %s", c("de-tax-id"))},
		"de-id-card": {f("Personalausweis %s", c("de-id-card")), f("Ausweisnummer: %s", c("de-id-card")), f("ID card no. %s", c("de-id-card"))},
		"gr-amka":    {f("AMKA: %s", c("gr-amka")), f("o AMKA mou einai %s", c("gr-amka")), f("ΑΜΚΑ %s για το ραντεβού (amka)", c("gr-amka"))},
		"hu-taj":     {f("TAJ szám: %s", grouped("hu-taj", " ", 3, 3, 3)), f("taj %s", c("hu-taj")), f("a TAJ-om %s", grouped("hu-taj", "-", 3, 3, 3))},
		"hu-tax-id":  {f("adóazonosító jel: %s", c("hu-tax-id")), f("adoazonosito %s", c("hu-tax-id")), f("Hungarian tax ID %s", c("hu-tax-id"))},
		"ie-ppsn":    {f("my PPS number is %s", c("ie-ppsn")), f("PPSN: %s", c("ie-ppsn")), f("personal public service no. %s", c("ie-ppsn"))},
		"it-codice-fiscale": {f("codice fiscale %s", c("it-codice-fiscale")), f("il mio CF è %s", c("it-codice-fiscale")),
			f("C.F. %s", c("it-codice-fiscale")), f("cod. fisc. %s, grazie", func(g gen) string { return strings.ToLower(v["it-codice-fiscale"](g)) })},
		"lv-personas-kods": {f("personas kods: %s", grouped("lv-personas-kods", "-", 6, 5)), f("mans personas kods ir %s", c("lv-personas-kods")),
			f("Latvian personal code %s", grouped("lv-personas-kods", "-", 6, 5))},
		"lu-matricule": {f("matricule %s", c("lu-matricule")), f("numéro de matricule : %s", grouped("lu-matricule", " ", 4, 4, 3, 2)),
			f("Luxembourg national ID %s", c("lu-matricule"))},
		"mt-id-card": {f("ID card %s", c("mt-id-card")), f("karta tal-identità %s", c("mt-id-card")), f("Maltese ID: %s", c("mt-id-card"))},
		"nl-bsn": {f("mijn BSN is %s", c("nl-bsn")), f("burgerservicenummer: %s", grouped("nl-bsn", ".", 4, 2, 3)), f("BSN %s", grouped("nl-bsn", " ", 3, 3, 3)),
			f("%s is my citizen service number", c("nl-bsn"))},
		"pl-pesel": {f("PESEL: %s", c("pl-pesel")), f("mój pesel to %s", c("pl-pesel")), f("%s (nr PESEL)", c("pl-pesel"))},
		"pl-nip":   {f("NIP: %s", grouped("pl-nip", "-", 3, 3, 2, 2)), f("nip firmy %s", c("pl-nip")), f("NIP %s na fakturze", grouped("pl-nip", "-", 3, 3, 2, 2))},
		"pt-nif":   {f("NIF: %s", c("pt-nif")), f("número de contribuinte %s", grouped("pt-nif", " ", 3, 3, 3)), f("o meu nif é %s", c("pt-nif"))},
		"pt-cc":    {f("cartão de cidadão %s", grouped("pt-cc", " ", 8, 1, 3)), f("CC nº %s", c("pt-cc")), f("citizen card %s", grouped("pt-cc", " ", 8, 1, 3))},
		"ro-cnp":   {f("CNP: %s", c("ro-cnp")), f("codul numeric personal %s", c("ro-cnp")), f("cnp-ul meu e %s", c("ro-cnp"))},
		"si-emso":  {f("EMSO: %s", c("si-emso")), f("moja emso je %s", c("si-emso")), f("emso stevilka %s", c("si-emso"))},
		"es-dni":   {f("mi DNI es %s", c("es-dni")), f("NIF: %s", gen.esDNIDotted), f("dni %s para la reserva", c("es-dni")), f("DNI/NIF %s", gen.esDNIDashed)},
		"es-nie":   {f("mi NIE es %s", c("es-nie")), f("NIE: %s", gen.esNIEDashed), f("tarjeta de residencia %s", c("es-nie"))},
		"se-personnummer": {f("personnummer %s", c("se-personnummer")), f("mitt personnummer är %s", c("se-personnummer")),
			f("samordningsnummer %s", gen.seCoordination), f("Swedish personal number %s", c("se-personnummer"))},
	}
}

// group splits s into groups of the given sizes joined by sep; the rest
// of s, if any, goes to the last group.
func group(s, sep string, sizes ...int) string {
	var parts []string
	for i, n := range sizes {
		if i == len(sizes)-1 || n >= len(s) {
			parts = append(parts, s)
			break
		}
		parts = append(parts, s[:n])
		s = s[n:]
	}
	return strings.Join(parts, sep)
}

// noCard draws values until one holds no Luhn-valid card number (a
// thirteen- or fifteen-digit identifier may spell one by chance: a real
// ambiguity, not a sample of the identifier).
func (g gen) noCard(draw func(g gen) string) string {
	for {
		if v := draw(g); !cardIn(v) {
			return v
		}
	}
}

// euKeyPhrases are, per rule, a phrase with one of its keywords.
var euKeyPhrases = map[string]string{
	"at-svnr": "SVNR:", "be-national-number": "rijksregisternummer", "bg-egn": "EGN", "hr-oib": "OIB:", "cz-sk-birth-number": "rodné číslo",
	"dk-cpr": "CPR-nr.", "ee-isikukood": "isikukood", "lt-asmens-kodas": "asmens kodas", "fi-hetu": "hetu", "fr-nir": "n° de sécurité sociale",
	"de-tax-id": "Steuer-ID", "de-id-card": "Ausweisnummer", "gr-amka": "AMKA", "hu-taj": "TAJ szám", "hu-tax-id": "adóazonosító jel",
	"ie-ppsn": "PPS number", "it-codice-fiscale": "codice fiscale", "lv-personas-kods": "personas kods", "lu-matricule": "matricule",
	"mt-id-card": "ID card", "nl-bsn": "BSN", "pl-pesel": "PESEL", "pl-nip": "NIP", "pt-nif": "NIF", "pt-cc": "cartão de cidadão",
	"ro-cnp": "CNP", "si-emso": "EMSO", "es-dni": "DNI", "es-nie": "NIE", "se-personnummer": "personnummer",
}

// euBreak returns the compact value s of rule id with its check (or, for
// the rules without one, its date or number) made invalid.
func euBreak(id, s string) string {
	b := []byte(s)
	next := func(i int, alphabet string) {
		b[i] = alphabet[(strings.IndexByte(alphabet, b[i])+1)%len(alphabet)]
	}
	switch id {
	case "at-svnr":
		next(3, digits)
	case "dk-cpr":
		b[0], b[1] = '3', '2'
	case "mt-id-card":
		copy(b, strings.Repeat("0", len(b)-1))
	case "ie-ppsn":
		next(7, "ABCDEFGHIJKLMNOPQRSTUVW")
	case "fi-hetu":
		next(10, "0123456789ABCDEFHJKLMNPRSTUVWXY")
	case "es-dni", "es-nie":
		next(8, "TRWAGMYFPDXBNJZSQVHLCKE")
	case "it-codice-fiscale":
		next(15, upper)
	default:
		next(len(b)-1, digits)
	}
	return string(b)
}

// euIDNegatives are hard negatives of the EU rules, each cycling through
// the rules in turn: a wrong check next to the keyword, a valid number
// without any keyword, and keywords next to numbers of other kinds.
func euIDNegatives() map[string]template {
	v := euCompact()
	ids := sortedKeys(v)
	cycle := func() func() string {
		i := 0
		return func() string { i++; return ids[(i-1)%len(ids)] }
	}
	nextBad, nextBare := cycle(), cycle()
	lookalikes := []string{
		"BSN-afspraak gemaakt, bel 020 794 6095 als het niet lukt",
		"PESEL office hours 08:00-16:00, room 101, ext. 4412",
		"Steuer-ID kommt per Post, Aktenzeichen 2026/0413-77",
		"codice fiscale: lo trovi sulla tessera sanitaria, scadenza 31/12/2027",
		"DNI caducado, cita previa el 12/03/2026 a las 10:30, tel 912 345 678",
		"NIE en trámite, número de expediente 2026-00012345",
		"personnummer behövs inte, ring 08-123 456 78",
		"hetu puuttuu lomakkeesta, tilausnumero 2026-4471",
		"numéro de sécurité sociale à mettre à jour, ticket 2026-118734",
		"CPR-kursus den 14.05.2026 kl. 09:00, lokale 2.14",
		"NIP i REGON firmy podamy później, zamówienie 4471/2026",
		"NIF pedido no balcão, senha 0042, tel. 213 456 789",
		"AMKA και ΑΦΜ στο έντυπο, τηλ. 210 123 4567",
		"TAJ kártya megújítás, ügyszám 2026/00451",
		"OIB tvrtke je u ugovoru br. 2026-0087",
		"EMSO bo na obrazcu, zadeva 0101-2026",
		"rijksregisternummer staat op de eID, kaartnummer volgt",
		"ID card renewal at the office, bring two photos (35x45 mm)",
	}
	nextLook := 0
	bad := func(g gen) string {
		id := nextBad()
		return fmt.Sprintf("%s %s", euKeyPhrases[id], euBreak(id, v[id](g)))
	}
	bare := func(g gen) string {
		id := nextBare()
		return fmt.Sprintf(g.one("order %s shipped", "ticket #%s closed", "ref %s, see the invoice", "tracking %s"), v[id](g))
	}
	// Two names per kind: the corpus takes 25 cases of each, 50 cover
	// every rule.
	return map[string]template{
		"eu-id-bad-check-a": bad, "eu-id-bad-check-b": bad,
		"eu-id-no-keyword-a": bare, "eu-id-no-keyword-b": bare,
		"eu-id-lookalike": func(g gen) string {
			nextLook++
			return lookalikes[(nextLook-1)%len(lookalikes)]
		},
	}
}
