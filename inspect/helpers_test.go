package inspect

import "encoding/base64"

func b64std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
