package inspect

import "testing"

// The sixth corpus (testdata/corpus6) is the held-out probe commissioned
// once corpus 5 had been read: eight sets of 50 chat messages that give
// away a password and 50 hard negatives each, in English, German, French
// and Spanish, written by helpers from the same brief alone and scored
// before anyone here read them. The test logs no text of them (show 0),
// so running it, verbosely or failing, keeps them unread. See
// testdata/corpus6/README.md.
const corpus6Dir = "../testdata/corpus6"

// corpus6Sets are the sets of the sixth corpus.
var corpus6Sets = []string{"C-es", "D-es", "D-de", "D-en", "C-en", "C-de", "C-fr", "D-fr"}

// corpus6Floors are the measured shares (a positive found, a negative
// quiet) per set, as corpus4Floors.
var corpus6Floors = map[string]float64{
	"C-es/password": 0.800, "C-es/negative": 1.000,
	"D-es/password": 0.760, "D-es/negative": 0.955,
	"D-de/password": 0.720, "D-de/negative": 0.977,
	"D-en/password": 0.780, "D-en/negative": 0.978,
	"C-en/password": 0.860, "C-en/negative": 1.000,
	"C-de/password": 0.800, "C-de/negative": 0.977,
	"C-fr/password": 0.940, "C-fr/negative": 0.978,
	"D-fr/password": 0.780, "D-fr/negative": 1.000,
}

// TestCorpus6 runs the built-in pack over the sixth corpus.
func TestCorpus6(t *testing.T) {
	runProbeSets(t, corpus6Dir, corpus6Sets, corpus6Floors, 0)
}
