package inspect

import "testing"

// Corpora 9 and 10 were commissioned in session 17 from the brief of
// corpora 5 to 8, four sets each of 50 chat messages that give away a
// password and 50 hard negatives. Corpus 9 (testdata/corpus9) is a
// development set: its misses were read and rules written from them, as
// corpus 5's. Corpus 10 (testdata/corpus10) is held out: it was scored
// before anyone read it, and its test logs no text (show 0). See their
// README.md.
const (
	corpus9Dir  = "../testdata/corpus9"
	corpus10Dir = "../testdata/corpus10"
)

// corpus9Sets and corpus10Sets are the sets of the two corpora.
var (
	corpus9Sets  = []string{"G-en", "G-de", "G-es", "G-fr"}
	corpus10Sets = []string{"H-en", "H-de", "H-es", "H-fr"}
)

// corpus9Floors and corpus10Floors are the measured shares (a positive
// found, a negative quiet) per set, as corpus4Floors.
var (
	corpus9Floors = map[string]float64{
		"G-en/password": 0.900, "G-en/negative": 1.000,
		"G-de/password": 0.900, "G-de/negative": 1.000,
		"G-es/password": 0.900, "G-es/negative": 1.000,
		"G-fr/password": 0.840, "G-fr/negative": 1.000,
	}
	corpus10Floors = map[string]float64{
		"H-en/password": 0.760, "H-en/negative": 1.000,
		"H-de/password": 0.880, "H-de/negative": 0.977,
		"H-es/password": 0.780, "H-es/negative": 0.977,
		"H-fr/password": 0.760, "H-fr/negative": 0.977,
	}
)

// TestCorpus9 runs the built-in pack over the ninth corpus (development).
func TestCorpus9(t *testing.T) {
	runProbeSets(t, corpus9Dir, corpus9Sets, corpus9Floors, 0)
}

// TestCorpus10 runs the built-in pack over the tenth corpus (held out).
func TestCorpus10(t *testing.T) {
	runProbeSets(t, corpus10Dir, corpus10Sets, corpus10Floors, 0)
}
