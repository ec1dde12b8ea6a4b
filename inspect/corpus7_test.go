package inspect

import "testing"

// The seventh corpus (testdata/corpus7) is the held-out probe commissioned
// in session 16, once corpus 6 had been scored: sets of 50 chat messages
// that give away a password and 50 hard negatives each, favouring a
// clinic and a city council, written by helpers from the same brief alone
// and scored before anyone here read them. The test logs no text of them
// (show 0), so running it, verbosely or failing, keeps them unread. See
// testdata/corpus7/README.md.
const corpus7Dir = "../testdata/corpus7"

// corpus7Sets are the sets of the seventh corpus.
var corpus7Sets = []string{"E-en", "E-de", "E-es", "E-fr"}

// corpus7Floors are the measured shares (a positive found, a negative
// quiet) per set, as corpus4Floors.
var corpus7Floors = map[string]float64{
	"E-en/password": 0.820, "E-en/negative": 0.977,
	"E-de/password": 0.800, "E-de/negative": 0.978,
	"E-es/password": 0.800, "E-es/negative": 0.977,
	"E-fr/password": 0.740, "E-fr/negative": 0.977,
}

// TestCorpus7 runs the built-in pack over the seventh corpus.
func TestCorpus7(t *testing.T) {
	runProbeSets(t, corpus7Dir, corpus7Sets, corpus7Floors, 0)
}
