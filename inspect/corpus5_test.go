package inspect

import "testing"

// The fifth corpus (testdata/corpus5) is eight sets of 50 chat messages
// that give away a password and 50 hard negatives each, in English,
// German, Spanish and French, each written by a helper from the brief
// alone (testdata/corpus5/brief.md), reading nothing of this repository
// and running no scanner. They were scored before anyone here read them
// (B-fr was read in session 14, and in session 15 the misses a failing
// run prints were seen for every set): their floors are the measured
// recall, below the read probes' of corpus 4. See testdata/corpus5/README.md.
const corpus5Dir = "../testdata/corpus5"

// corpus5Floors are the measured shares (a positive found, a negative
// quiet) per set, as corpus4Floors.
var corpus5Floors = map[string]float64{
	"A-en/password": 0.960, "A-es/password": 0.900, "A-de/password": 0.980, "A-fr/password": 0.960,
	"B-en/password": 0.920, "B-de/password": 0.980, "B-es/password": 0.920, "B-fr/password": 0.920,
	"A-en/negative": 1.000, "A-en/bad-password-example": 0.800, "A-es/negative": 1.000, "A-es/bad-password-example": 1.000, "A-de/negative": 1.000, "A-de/bad-password-example": 1.000, "A-fr/negative": 1.000, "A-fr/bad-password-example": 1.000,
	"B-en/negative": 1.000, "B-en/bad-password-example": 1.000, "B-de/negative": 1.000, "B-de/bad-password-example": 1.000, "B-es/negative": 1.000, "B-es/bad-password-example": 0.800, "B-fr/negative": 1.000, "B-fr/bad-password-example": 1.000,
}

// TestCorpus5 runs the built-in pack over the fifth corpus.
func TestCorpus5(t *testing.T) {
	runProbeSets(t, corpus5Dir, []string{"A-en", "A-es", "A-de", "A-fr", "B-en", "B-de", "B-es", "B-fr"}, corpus5Floors, *corpus3Examples)
}
