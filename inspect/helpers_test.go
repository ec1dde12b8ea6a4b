package inspect

import (
	"encoding/base64"
	"time"
)

func b64std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// slowMachine is the match timeout of tests that run the whole pack over
// whole corpora to check what is found, not how fast: a loaded 2-core CI
// machine under -race can stall a regex past the 100 ms default.
const slowMachine = 30 * time.Second
