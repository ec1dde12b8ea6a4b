package inspect

import "testing"

// The probe corpora after the fifth: sets of 50 chat messages that give
// away a password and 50 hard negatives each, in English, German, Spanish
// and French, written by helpers from the brief of corpus 5 alone (each
// corpus's brief.md), reading nothing of this repository and running no
// scanner. All but corpus 9 are held out: scored before anyone here read
// them, and their tests log no text (show 0), so running them, verbosely
// or failing, keeps them unread. Each corpus's README.md has its figures
// per set and per binary.
type probeCorpus struct {
	dir  string
	sets []string
	// floors are the measured shares (a positive found, a negative or a
	// weak password quoted as what not to use quiet) per set, as
	// corpus4Floors.
	floors map[string]float64
	show   int // misses a failing run prints: 0 keeps a held-out corpus unread
}

// run runs the built-in pack over the corpus.
func (c probeCorpus) run(t *testing.T) { runProbeSets(t, c.dir, c.sets, c.floors, c.show) }

var (
	// corpus6 was commissioned once corpus 5 had been read (sessions 15
	// and 16).
	corpus6 = probeCorpus{dir: "../testdata/corpus6",
		sets: []string{"C-es", "D-es", "D-de", "D-en", "C-en", "C-de", "C-fr", "D-fr"},
		floors: map[string]float64{
			"C-es/password": 0.860, "C-es/negative": 1.000, "C-es/bad-password-example": 0.800,
			"D-es/password": 0.820, "D-es/negative": 0.977, "D-es/bad-password-example": 1.000,
			"D-de/password": 0.740, "D-de/negative": 0.977, "D-de/bad-password-example": 0.800,
			"D-en/password": 0.880, "D-en/negative": 0.978, "D-en/bad-password-example": 0.750,
			"C-en/password": 0.900, "C-en/negative": 1.000, "C-en/bad-password-example": 0.800,
			"C-de/password": 0.940, "C-de/negative": 0.977, "C-de/bad-password-example": 0.600, // session 28: code-said flags one (the count of negatives flagged in the held-out corpora is unchanged)
			"C-fr/password": 0.960, "C-fr/negative": 0.978, "C-fr/bad-password-example": 1.000,
			"D-fr/password": 0.840, "D-fr/negative": 1.000, "D-fr/bad-password-example": 0.800,
		}}
	// corpus7 favours a clinic and a city council (session 16).
	corpus7 = probeCorpus{dir: "../testdata/corpus7",
		sets: []string{"E-en", "E-de", "E-es", "E-fr"},
		floors: map[string]float64{
			"E-en/password": 0.880, "E-en/negative": 0.977, "E-en/bad-password-example": 0.600,
			"E-de/password": 0.860, "E-de/negative": 0.978, "E-de/bad-password-example": 0.500,
			"E-es/password": 0.840, "E-es/negative": 0.977, "E-es/bad-password-example": 0.600,
			"E-fr/password": 0.800, "E-fr/negative": 1.000, "E-fr/bad-password-example": 1.000,
		}}
	// corpus8 favours logistics and hotels, a plant and a tax office,
	// shops and a university, an agency and a lycée (session 17).
	corpus8 = probeCorpus{dir: "../testdata/corpus8",
		sets: []string{"F-en", "F-de", "F-es", "F-fr"},
		floors: map[string]float64{
			"F-en/password": 0.780, "F-en/negative": 1.000, "F-en/bad-password-example": 1.000,
			"F-de/password": 0.860, "F-de/negative": 1.000, "F-de/bad-password-example": 0.750,
			"F-es/password": 0.880, "F-es/negative": 0.977, "F-es/bad-password-example": 0.400,
			"F-fr/password": 0.840, "F-fr/negative": 1.000, "F-fr/bad-password-example": 0.750,
		}}
	// corpus9 is a development set (session 17): its misses were read and
	// rules written from them, as corpus 5's.
	corpus9 = probeCorpus{dir: "../testdata/corpus9",
		sets: []string{"G-en", "G-de", "G-es", "G-fr"},
		floors: map[string]float64{
			"G-en/password": 0.960, "G-en/negative": 1.000, "G-en/bad-password-example": 0.800,
			"G-de/password": 0.960, "G-de/negative": 1.000, "G-de/bad-password-example": 1.000,
			"G-es/password": 0.960, "G-es/negative": 1.000, "G-es/bad-password-example": 1.000,
			"G-fr/password": 0.900, "G-fr/negative": 1.000, "G-fr/bad-password-example": 0.800,
		}}
	// corpus10 favours a law firm and a lab, a public office and a
	// startup, a hospital and a call centre, transport and a charity
	// (session 17).
	corpus10 = probeCorpus{dir: "../testdata/corpus10",
		sets: []string{"H-en", "H-de", "H-es", "H-fr"},
		floors: map[string]float64{
			"H-en/password": 0.840, "H-en/negative": 1.000, "H-en/bad-password-example": 1.000,
			"H-de/password": 0.900, "H-de/negative": 0.977, "H-de/bad-password-example": 0.800,
			"H-es/password": 0.840, "H-es/negative": 0.977, "H-es/bad-password-example": 0.400,
			"H-fr/password": 0.820, "H-fr/negative": 0.977, "H-fr/bad-password-example": 0.600,
		}}
	// corpus11 is a development set (session 18): a construction firm and
	// a game studio, an insurer and an electrician, a utility and a
	// football club, a newsroom and an architects' office.
	corpus11 = probeCorpus{dir: "../testdata/corpus11",
		sets: []string{"I-en", "I-de", "I-es", "I-fr"},
		floors: map[string]float64{
			"I-en/password": 0.940, "I-en/negative": 0.977, "I-en/bad-password-example": 1.000,
			"I-de/password": 0.960, "I-de/negative": 1.000, "I-de/bad-password-example": 0.800,
			"I-es/password": 0.920, "I-es/negative": 0.977, "I-es/bad-password-example": 0.800,
			"I-fr/password": 0.980, "I-fr/negative": 1.000, "I-fr/bad-password-example": 1.000,
		}, show: 20}
	// corpus12 favours airport ground operations and a recruiting agency,
	// a municipal utility and a dental practice, a supermarket chain and
	// an IT consultancy, a farm cooperative and a veterinary clinic
	// (session 18).
	corpus12 = probeCorpus{dir: "../testdata/corpus12",
		sets: []string{"J-en", "J-de", "J-es", "J-fr"},
		floors: map[string]float64{
			"J-en/password": 0.860, "J-en/negative": 0.977, "J-en/bad-password-example": 0.800,
			"J-de/password": 0.900, "J-de/negative": 1.000, "J-de/bad-password-example": 1.000,
			"J-es/password": 0.780, "J-es/negative": 1.000, "J-es/bad-password-example": 0.600,
			"J-fr/password": 0.820, "J-fr/negative": 1.000, "J-fr/bad-password-example": 0.800,
		}}
	// corpus13 favours a regional hospital and a container port, a public
	// pool operator and a law firm, a wine exporter and language
	// academies, a bus operator and a bakery chain (session 19).
	corpus13 = probeCorpus{dir: "../testdata/corpus13",
		sets: []string{"K-en", "K-de", "K-es", "K-fr"},
		floors: map[string]float64{
			"K-en/password": 0.920, "K-en/negative": 1.000, "K-en/bad-password-example": 0.750,
			"K-de/password": 0.920, "K-de/negative": 0.978, "K-de/bad-password-example": 0.750,
			"K-es/password": 0.860, "K-es/negative": 0.977, "K-es/bad-password-example": 0.800,
			"K-fr/password": 0.820, "K-fr/negative": 1.000, "K-fr/bad-password-example": 0.800,
		}}
	// corpus14 is a development set (session 19): a car dealership and a
	// SaaS startup, a ski resort and a pharmacy chain, a school network
	// and a restaurant group, a property manager and a ferry terminal.
	corpus14 = probeCorpus{dir: "../testdata/corpus14",
		sets: []string{"L-en", "L-de", "L-es", "L-fr"},
		floors: map[string]float64{
			"L-en/password": 0.940, "L-en/negative": 0.977, "L-en/bad-password-example": 0.600,
			"L-de/password": 0.960, "L-de/negative": 1.000, "L-de/bad-password-example": 0.800,
			"L-es/password": 0.940, "L-es/negative": 0.977, "L-es/bad-password-example": 0.800,
			"L-fr/password": 0.900, "L-fr/negative": 1.000, "L-fr/bad-password-example": 0.800,
		}, show: 20}
	// corpus15 favours a whisky distillery and an insurance broker, a
	// brewery and a shipping agency, a call centre and a tile factory,
	// a hockey arena and an aerospace subcontractor (session 20).
	corpus15 = probeCorpus{dir: "../testdata/corpus15",
		sets: []string{"M-en", "M-de", "M-es", "M-fr"},
		floors: map[string]float64{
			"M-en/password": 0.840, "M-en/negative": 1.000, "M-en/bad-password-example": 0.666,
			"M-de/password": 0.760, "M-de/negative": 1.000, "M-de/bad-password-example": 0.600,
			"M-es/password": 0.820, "M-es/negative": 0.955, "M-es/bad-password-example": 0.800,
			"M-fr/password": 0.780, "M-fr/negative": 1.000, "M-fr/bad-password-example": 1.000,
		}}
	// corpus16 is a development set (session 20): a genomics lab and a
	// film crew, a Vienna hotel and a coworking space, a mining company
	// and dental clinics, an NGO and a logistics warehouse.
	corpus16 = probeCorpus{dir: "../testdata/corpus16",
		sets: []string{"N-en", "N-de", "N-es", "N-fr"},
		floors: map[string]float64{
			"N-en/password": 0.900, "N-en/negative": 1.000, "N-en/bad-password-example": 1.000,
			"N-de/password": 0.940, "N-de/negative": 1.000, "N-de/bad-password-example": 0.800,
			"N-es/password": 0.880, "N-es/negative": 0.977, "N-es/bad-password-example": 0.800,
			"N-fr/password": 0.960, "N-fr/negative": 0.955, "N-fr/bad-password-example": 1.000,
		}, show: 20}
	// corpus17 favours a university IT department and a bakery chain, a
	// law firm and a car dealership, a hospital lab and a radio station,
	// a ski resort and a software consultancy (session 21).
	corpus17 = probeCorpus{dir: "../testdata/corpus17",
		sets: []string{"O-en", "O-de", "O-es", "O-fr"},
		floors: map[string]float64{
			"O-en/password": 0.880, "O-en/negative": 0.977, "O-en/bad-password-example": 0.800,
			"O-de/password": 0.820, "O-de/negative": 1.000, "O-de/bad-password-example": 0.800,
			"O-es/password": 0.880, "O-es/negative": 0.977, "O-es/bad-password-example": 0.800,
			"O-fr/password": 0.960, "O-fr/negative": 1.000, "O-fr/bad-password-example": 0.400,
		}}
	// corpus18 is a development set (session 21): an art museum and a
	// fintech startup, a supermarket chain and a veterinary practice, a
	// construction company and a theatre, a school district and a data
	// centre operator.
	corpus18 = probeCorpus{dir: "../testdata/corpus18",
		sets: []string{"P-en", "P-de", "P-es", "P-fr"},
		floors: map[string]float64{
			"P-en/password": 0.880, "P-en/negative": 1.000, "P-en/bad-password-example": 1.000,
			"P-de/password": 0.920, "P-de/negative": 1.000, "P-de/bad-password-example": 0.666,
			"P-es/password": 0.800, "P-es/negative": 1.000, "P-es/bad-password-example": 0.800,
			"P-fr/password": 0.960, "P-fr/negative": 0.977, "P-fr/bad-password-example": 0.800,
		}, show: 20}
	// corpus19 favours a container port and a dental clinic group, a
	// municipal utility (Stadtwerke) and an architecture office, a coastal
	// hotel chain and a farming cooperative, an insurance brokerage and a
	// film production company (session 22).
	corpus19 = probeCorpus{dir: "../testdata/corpus19",
		sets: []string{"Q-en", "Q-de", "Q-es", "Q-fr"},
		floors: map[string]float64{
			"Q-en/password": 0.860, "Q-en/negative": 1.000, "Q-en/bad-password-example": 0.800,
			"Q-de/password": 0.820, "Q-de/negative": 1.000, "Q-de/bad-password-example": 0.600,
			"Q-es/password": 0.900, "Q-es/negative": 1.000, "Q-es/bad-password-example": 0.800,
			"Q-fr/password": 0.840, "Q-fr/negative": 0.978, "Q-fr/bad-password-example": 0.500,
		}}
	// corpus20 is a development set (session 22): a public library system
	// and a video game studio, a craft brewery and a tax advisory firm, a
	// football club and a telecom call centre, a pharmacy chain and an
	// aerospace parts supplier.
	corpus20 = probeCorpus{dir: "../testdata/corpus20",
		sets: []string{"R-en", "R-de", "R-es", "R-fr"},
		floors: map[string]float64{
			"R-en/password": 0.860, "R-en/negative": 0.978, "R-en/bad-password-example": 1.000,
			"R-de/password": 0.900, "R-de/negative": 1.000, "R-de/bad-password-example": 1.000,
			"R-es/password": 0.920, "R-es/negative": 1.000, "R-es/bad-password-example": 1.000,
			"R-fr/password": 0.900, "R-fr/negative": 1.000, "R-fr/bad-password-example": 1.000,
		}, show: 20}
	// corpus21 favours a veterinary hospital network and a logistics
	// startup, a car dealership group and a university research lab, a
	// wine cooperative and a fintech startup, a ski resort and a law firm
	// (session 23).
	corpus21 = probeCorpus{dir: "../testdata/corpus21",
		sets: []string{"S-en", "S-de", "S-es", "S-fr"},
		floors: map[string]float64{
			"S-en/password": 0.840, "S-en/negative": 0.955, "S-en/bad-password-example": 0.400,
			"S-de/password": 0.860, "S-de/negative": 1.000, "S-de/bad-password-example": 0.800,
			"S-es/password": 0.840, "S-es/negative": 0.955, "S-es/bad-password-example": 0.600,
			"S-fr/password": 0.920, "S-fr/negative": 1.000, "S-fr/bad-password-example": 0.500,
		}}
	// corpus22 is a development set (session 23): a newsroom and a
	// property management company, a hospital pharmacy and a web agency, a
	// school district and an e-commerce warehouse, a bakery chain and a
	// regional public transport operator.
	corpus22 = probeCorpus{dir: "../testdata/corpus22",
		sets: []string{"T-en", "T-de", "T-es", "T-fr"},
		floors: map[string]float64{
			"T-en/password": 0.840, "T-en/negative": 1.000, "T-en/bad-password-example": 1.000,
			"T-de/password": 0.920, "T-de/negative": 1.000, "T-de/bad-password-example": 0.600,
			"T-es/password": 0.920, "T-es/negative": 0.977, "T-es/bad-password-example": 0.800,
			"T-fr/password": 0.900, "T-fr/negative": 1.000, "T-fr/bad-password-example": 1.000,
		}, show: 20}
)

// TestCorpus6 runs the built-in pack over the sixth corpus (held out).
func TestCorpus6(t *testing.T) { corpus6.run(t) }

// TestCorpus7 runs the built-in pack over the seventh corpus (held out).
func TestCorpus7(t *testing.T) { corpus7.run(t) }

// TestCorpus8 runs the built-in pack over the eighth corpus (held out).
func TestCorpus8(t *testing.T) { corpus8.run(t) }

// TestCorpus9 runs the built-in pack over the ninth corpus (development).
func TestCorpus9(t *testing.T) { corpus9.run(t) }

// TestCorpus10 runs the built-in pack over the tenth corpus (held out).
func TestCorpus10(t *testing.T) { corpus10.run(t) }

// TestCorpus11 runs the built-in pack over the eleventh corpus
// (development).
func TestCorpus11(t *testing.T) { corpus11.run(t) }

// TestCorpus12 runs the built-in pack over the twelfth corpus (held out).
func TestCorpus12(t *testing.T) { corpus12.run(t) }

// TestCorpus13 runs the built-in pack over the thirteenth corpus (held
// out).
func TestCorpus13(t *testing.T) { corpus13.run(t) }

// TestCorpus14 runs the built-in pack over the fourteenth corpus
// (development).
func TestCorpus14(t *testing.T) { corpus14.run(t) }

// TestCorpus15 runs the built-in pack over the fifteenth corpus (held
// out).
func TestCorpus15(t *testing.T) { corpus15.run(t) }

// TestCorpus16 runs the built-in pack over the sixteenth corpus
// (development).
func TestCorpus16(t *testing.T) { corpus16.run(t) }

// TestCorpus17 runs the built-in pack over the seventeenth corpus (held
// out).
func TestCorpus17(t *testing.T) { corpus17.run(t) }

// TestCorpus18 runs the built-in pack over the eighteenth corpus
// (development).
func TestCorpus18(t *testing.T) { corpus18.run(t) }

// TestCorpus19 runs the built-in pack over the nineteenth corpus (held
// out).
func TestCorpus19(t *testing.T) { corpus19.run(t) }

// TestCorpus20 runs the built-in pack over the twentieth corpus
// (development).
func TestCorpus20(t *testing.T) { corpus20.run(t) }

// TestCorpus21 runs the built-in pack over the twenty-first corpus (held
// out).
func TestCorpus21(t *testing.T) { corpus21.run(t) }

// TestCorpus22 runs the built-in pack over the twenty-second corpus
// (development).
func TestCorpus22(t *testing.T) { corpus22.run(t) }
