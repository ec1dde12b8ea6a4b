package inspect

import "testing"

// The eighth corpus (testdata/corpus8) is the held-out probe commissioned
// at the start of session 17: four sets of 50 chat messages that give
// away a password and 50 hard negatives, favouring logistics and a hotel
// chain, a plant and a tax office, shops and a university, an agency and
// a school, written by helpers from the brief alone and scored before
// anyone here read them. The test logs no text of them (show 0), so
// running it keeps them unread. See testdata/corpus8/README.md.
const corpus8Dir = "../testdata/corpus8"

// corpus8Sets are the sets of the eighth corpus.
var corpus8Sets = []string{"F-en", "F-de", "F-es", "F-fr"}

// corpus8Floors are the measured shares (a positive found, a negative
// quiet) per set, as corpus4Floors.
var corpus8Floors = map[string]float64{
	"F-en/password": 0.700, "F-en/negative": 1.000,
	"F-de/password": 0.780, "F-de/negative": 1.000,
	"F-es/password": 0.820, "F-es/negative": 0.977,
	"F-fr/password": 0.760, "F-fr/negative": 1.000,
}

// TestCorpus8 runs the built-in pack over the eighth corpus.
func TestCorpus8(t *testing.T) {
	runProbeSets(t, corpus8Dir, corpus8Sets, corpus8Floors, 0)
}
