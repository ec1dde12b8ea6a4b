package main

import (
	"strings"
)

// The swift-bic rule's cases have their own generator, seeded apart, so
// that adding them left every earlier case of the corpus as it was.

// bicCountries are ISO 3166 countries of SWIFT members (a sample).
var bicCountries = []string{"DE", "FR", "GB", "US", "CH", "NL", "IT", "ES", "BE", "AT", "SE", "PL", "JP", "SG", "HK", "AU", "CA", "BR", "ZA", "AE"}

func bicGen() gen { return seeded(20261216, 7) }

// bic is a fake SWIFT/BIC code: bank, country, location, optional branch.
func (g gen) bic() string {
	b := g.pick(upper, 4) + g.one(bicCountries...) + g.pick(upper+digits, 2)
	switch g.r.IntN(3) {
	case 0:
		return b + "XXX"
	case 1:
		return b + g.pick(upper[:23]+digits, 1) + g.pick(upper+digits, 2)
	}
	return b
}

// bicPositives are n messages with a BIC next to SWIFT or BIC.
func bicPositives(g gen, n int) []Case {
	formats := []string{"SWIFT: %s", "swift code %s for the wire", "BIC %s, IBAN to follow", "bank: Example Bank plc, BIC/SWIFT %s",
		"die BIC ist %s", "code BIC : %s", "the swift/bic is %s, reference INV-2291"}
	var out []Case
	for i := 0; i < n; i++ {
		out = append(out, Case{Text: strings.ReplaceAll(formats[i%len(formats)], "%s", g.bic()), Rules: []string{"swift-bic"}})
	}
	return append(out, Case{Text: padded(g, "swift code "+g.bic()), Rules: []string{"swift-bic"}, Note: "long"})
}

// bicNegatives are codes without a keyword, invalid countries, and upper-
// case words next to the keywords.
func bicNegatives(g gen) []Case {
	var out []Case
	for i := 0; i < 10; i++ {
		code := g.bic()
		bad := code[:4] + g.one("XX", "UK", "EU", "ZZ", "QQ") + code[6:]
		out = append(out,
			Case{Text: "wire to " + code + " today", Note: "bic without keyword"},
			Case{Text: "swift code " + bad, Note: "bic with invalid country"},
		)
	}
	for _, l := range []string{"SWIFT and BIC go in the supplier form", "the swift team shipped SWIFTUI to CUSTOMERS",
		"what's the BIC? ask ACCOUNTS", "swift transfers take 2 days, see the FAQ"} {
		out = append(out, Case{Text: l, Note: "bic keyword chat"})
	}
	return out
}
