package main

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// hardNegatives are generators of look-alikes that must produce no
// finding: numbers and tokens that share a shape with a detector's target.
func hardNegatives() map[string]template {
	hex := "0123456789abcdef"
	return map[string]template{
		"uuid": func(g gen) string {
			return fmt.Sprintf("the UUID for the failing job is %s-%s-4%s-%s%s-%s", g.pick(hex, 8), g.pick(hex, 4), g.pick(hex, 3), g.pick("89ab", 1), g.pick(hex, 3), g.pick(hex, 12))
		},
		"timestamp": func(g gen) string {
			return fmt.Sprintf("deployed at 2026-%02d-%02dT%02d:%02d:%02d.%03dZ (epoch %d, ms %d)", g.num(1, 12), g.num(1, 28), g.num(0, 23), g.num(0, 59), g.num(0, 59), g.num(0, 999), g.num(1600000000, 1800000000), g.num(1600000000, 1800000000)*1000+g.num(0, 999))
		},
		"digit-groups": func(g gen) string {
			// Eight groups of six digits with one past a BitLocker word.
			groups := make([]string, 8)
			for i := range groups {
				groups[i] = fmt.Sprintf("%06d", g.num(0, 720895))
			}
			groups[g.r.IntN(8)] = fmt.Sprintf("%06d", g.num(720896, 999999))
			return "batch serials " + strings.Join(groups, "-") + " from the scanner export"
		},
		"order": func(g gen) string {
			return fmt.Sprintf("order #%s shipped, invoice INV-2026-%05d, amount %d.%02d EUR", g.pick(digits, g.num(8, 12)), g.num(1, 99999), g.num(1, 9999), g.num(0, 99))
		},
		"code-of-prose": func(g gen) string {
			// Codes that are no secrets: tracking, promo, ticket, postal.
			return g.one(fmt.Sprintf("Su código de seguimiento es ENV-2026-%06d. Puede consultarlo en la web.", g.num(0, 999999)),
				fmt.Sprintf("use code SUMMER%02d at checkout", g.num(10, 99)), fmt.Sprintf("the code for the hotfix: PR-%d", g.num(1000, 9999)),
				fmt.Sprintf("le code postal c'est %05d", g.num(10000, 95999)), fmt.Sprintf("error code is %d, the usual timeout", g.num(5000, 5999)),
				fmt.Sprintf("the code for this feature is %d lines long", g.num(1000, 9999)))
		},
		"phone": func(g gen) string {
			return g.one(fmt.Sprintf("call me at +1 (555) %03d-%04d", g.num(100, 999), g.num(0, 9999)), fmt.Sprintf("UK office +44 20 7946 %04d", g.num(0, 9999)),
				fmt.Sprintf("mobile +49 151 %08d", g.num(0, 99999999)), fmt.Sprintf("+91 98%03d %05d on whatsapp", g.num(0, 999), g.num(0, 99999)), fmt.Sprintf("tel 555-%03d-%04d", g.num(100, 999), g.num(0, 9999)))
		},
		"ups": func(g gen) string {
			return fmt.Sprintf("UPS tracking 1Z%s%s%s according to the portal", g.pick(upper+digits, 6), g.pick(digits, 2), g.pick(digits, 8))
		},
		"fedex": func(g gen) string {
			return fmt.Sprintf("FedEx tracking number %s, delivery tomorrow", g.pick(digits, 12))
		},
		"usps": func(g gen) string {
			d := "94" + g.pick(digits, 20)
			return fmt.Sprintf("USPS %s %s %s %s %s %s", d[:4], d[4:8], d[8:12], d[12:16], d[16:20], d[20:])
		},
		"git-sha": func(g gen) string {
			return fmt.Sprintf("I pushed a fix, commit %s, can you re-run the pipeline?", g.pick(hex, 40))
		},
		"sha256": func(g gen) string { return fmt.Sprintf("sha256: %s  chatdlp-linux-amd64.tar.gz", g.pick(hex, 64)) },
		"isbn": func(g gen) string {
			return g.one("ISBN 978-3-16-148410-0", "ISBN-13: 9780306406157", "isbn 0-306-40615-2", "ISBN 978-1-4028-9462-6")
		},
		"version": func(g gen) string {
			return fmt.Sprintf("deploy of v%d.%d.%d to staging is done; windows build %d.0.%d.%d", g.num(1, 9), g.num(0, 30), g.num(0, 30), g.num(6, 10), g.num(10000, 22631), g.num(1, 4000))
		},
		"ip": func(g gen) string {
			return fmt.Sprintf("db-3 is at %d.%d.%d.%d, v6 2001:db8:%x:%x::%x", g.num(10, 223), g.num(0, 255), g.num(0, 255), g.num(1, 254), g.num(0, 65535), g.num(0, 65535), g.num(1, 65535))
		},
		"base64-image": func(g gen) string {
			raw := make([]byte, g.num(200, 600))
			for i := range raw {
				raw[i] = byte(g.r.IntN(256))
			}
			return "pasted image: data:image/png;base64," + base64.StdEncoding.EncodeToString(append([]byte("\x89PNG\r\n\x1a\n"), raw...))
		},
		"bad-luhn-card": func(g gen) string {
			d := g.card()
			last := d[len(d)-1]
			return "card " + d[:len(d)-1] + string('0'+(last-'0'+1)%10) + " declined"
		},
		"bad-iban": func(g gen) string {
			s := g.iban(false)
			return "IBAN " + s[:2] + fmt.Sprintf("%02d", (int(s[2]-'0')*10+int(s[3]-'0')+1)%97+2) + s[4:]
		},
		"email": func(g gen) string {
			return fmt.Sprintf("mail %s.%s@example.com about it", g.one("ana", "jose", "li"), g.pick("abcdefgh", 5))
		},
		"placeholder": func(g gen) string {
			return g.one("password: ********", "password=${DB_PASSWORD}", "api_key: <your key here>", "postgres://user:password@localhost/db", "token: ${GITHUB_TOKEN}", "AccountKey=<key>", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
		},
		"aws-doc-example": func(g gen) string {
			id := g.one("AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "ASIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE")
			sec := g.one("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")
			return g.one(
				fmt.Sprintf("the docs use %s / %s in every example, don't copy them", id, sec),
				fmt.Sprintf("[default]\naws_access_key_id = %s\naws_secret_access_key = %s", id, sec),
				fmt.Sprintf("export AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s", id, sec),
				fmt.Sprintf(`{"AccessKeyId": "%s", "SecretAccessKey": "%s"}`, id, sec),
				fmt.Sprintf("$ aws configure\nAWS Access Key ID [None]: %s\nAWS Secret Access Key [None]: %s", id, sec))
		},
		"placeholder-key": func(g gen) string {
			id := g.one("AKIAXXXXXXXXXXXXXXXX", "AKIAAAAAAAAAAAAAAAAA", "AKIAABCDEFGHIJKLMNOP", "ASIAXXXXXXXXXXXXXXXX")
			sec := g.one(strings.Repeat("x", 40), strings.Repeat("X", 40), strings.Repeat("0", 40), "your_secret_access_key_here_0000000000000"[:40], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")
			return g.one(
				fmt.Sprintf("aws_access_key_id = %s", id),
				fmt.Sprintf("aws_secret_access_key = %s", sec),
				fmt.Sprintf("AWS_SECRET_ACCESS_KEY=%s # fill in", sec),
				fmt.Sprintf("template: key id %s, secret %s", id, sec),
				"password: your_password_here", "pwd = changeme", "the password is <password>", "DB_PASSWORD=xxxxxxxx", "password: 0123456789")
		},
		"token-40-lookalike": func(g gen) string {
			return g.one(
				fmt.Sprintf("session eyJhbGciOiJIUzI1NiJ9.%s.%s expired", g.pick(alnum, 40), g.pick(alnum+"-_", 43)),
				fmt.Sprintf("artifact sha1 %s", g.pick(hex, 40)),
				fmt.Sprintf("the build id is %s-%s", g.pick(alnum, 40), g.pick(digits, 6)),
				fmt.Sprintf("blob https://cdn.corp.example/u/%s/%s.png", g.pick(alnum, 24), g.pick(alnum, 40)),
				fmt.Sprintf("test fixture key = %s", "abcdefghijABCDEFGHIJ0123456789abcdefghij"))
		},
		"money": func(g gen) string {
			return fmt.Sprintf("budget for Q3 is %d,%03d,%03d.00 USD", g.num(1, 99), g.num(0, 999), g.num(0, 999))
		},
		"zip-time": func(g gen) string {
			return fmt.Sprintf("ship to 9410%d-%04d by %02d:%02d", g.num(0, 9), g.num(0, 9999), g.num(0, 23), g.num(0, 59))
		},
	}
}

// chatLines are ordinary messages with no sensitive data.
var chatLines = []string{
	"hey, can you take a look at the PR for the billing service when you get a chance?",
	"standup moved to 10:30 tomorrow, same room as last week",
	"the password reset email template has a typo in the footer",
	"token refresh fails when the clock skew is more than 5 minutes",
	"docs say the API key goes in the X-Api-Key header, not in the query string",
	"where do I put the private key file for the staging box?",
	"our Asia team ships on Monday, the secret is good planning",
	"we had a ddos last night, ops is on it; scan the logs for the source",
	"can someone share the dashboard link? https://grafana.example.com/d/abc123/latency?orgId=1&from=now-6h",
	"if err != nil { return fmt.Errorf(\"load: %w\", err) } is the pattern we use everywhere",
}

// keywordChat mention what detectors look for without containing it:
// keywords next to numbers, fields and values that are not secrets.
var keywordChat = []string{
	"the SSN field is required on the onboarding form, format 123-45-xxxx",
	"password must be at least 12 characters and contain a digit",
	"the token expired at 2026-01-01T00:00:00Z, refresh it",
	"secret: true",
	"api_key: null",
	"card ending in 1881 was declined, please retry",
	"visa application number 2026-0012345 is pending",
	"SIN: pending until the paperwork arrives",
	"call NHS 111 if it gets worse, or 999",
	"aadhaar is linked to PAN since 2023",
	"routing table has 10.0.0.0/8 via 192.168.1.1 metric 100",
	"IBAN and BIC go in the supplier form, section 3",
	"Amazon order 112-4837261-9023847 arrives thursday",
	"set AWS_REGION=eu-west-1 and AWS_PROFILE=sandbox",
	"the GitHub token scopes are repo and read:org",
	"slack webhooks live under hooks.slack.com, ask IT for one",
	"pk_live_ keys are publishable, they can go in the frontend",
	"connection string: Server=db01;Database=sales;Integrated Security=true",
	"redis://cache.internal:6379/0 is the new cache",
	"-----BEGIN CERTIFICATE----- blocks are fine to share, private keys are not",
	"eyJ is how base64 JSON starts, funny right?",
	"!help lists the bot commands",
	"my pin is not going in chat lol",
	"passport number goes in the travel tool, not here",
	"ticket SEC-4821: rotate the prod secret by friday",
	"opts := Options{User: user, Password: cfg.Password, Timeout: 30}",
	"password = utf16.Encode([]rune(s)) before hashing",
	"Password: password, // from the flag",
	"token: null",
	"order 4012 8888 8888 1882 failed validation",
	"I forgot my password again, can you reset it?",
	"password reset link sent to your email",
	"the password policy requires 12 characters and a symbol",
	"what's the wifi password?",
	"the password is required for this step",
	"password must contain 1 uppercase letter and 1 digit",
	"your password expires in 7 days",
	"password protected PDF attached, ask me for it on the phone",
	"the password is in the vault under team/ops",
	"Passwort vergessen? Bitte an den Helpdesk wenden",
	"the password is incorrect",
	"the password is expired, can you reset it?",
	"the password is changing tomorrow.",
	"the password is different for staging",
	"the password is basically useless",
	"the password is sixteen characters long",
	"the password is somewhere in confluence",
	"the password is attached.",
	"the password is below:",
	"the password is case sensitive",
	"the password is optional",
	"password: REQUIRED",
	"das Passwort ist abgelaufen",
	"das Passwort ist falsch",
	"das Passwort ist leider gesperrt",
	"le mot de passe est incorrect",
	"la contraseña es obligatoria",
	"la contraseña es incorrecta",
	"the pass is expensive",
	"le mot de passe est trop court",
	"¿olvidaste tu contraseña? escribe a soporte",
	"the login page is down again",
	"use SSO to log in, not the local account",
	"user admin has no password set yet",
	"we moved to 1Password last year",
	"run pwd /tmp to check where you are",
	"mysql -u root -p and then type it when asked",
	"creds are in the vault, don't paste them here",
	"https://grafana.example.com:3000/d/abc123/latency is the dashboard",
	"clone https://alice@git.corp.example/team/app.git",
	"ports: 5432:5432 in the compose file",
	"pgpass format is hostname:port:database:username:password",
	"the pass rate of the test suite is 98%",
	"I'll pass on lunch today",
	"psql --password prompts for it",
	"what's the password for the guest wifi?\nno idea, ask Ana",
	"jdbc:postgresql://db.internal:5432/app?user=app&ssl=true works from the VPN",
	"mongodb://cluster0.x7k2p.mongodb.net/app?retryWrites=true",
	"REDIS_URL=redis://cache.internal:6379/0",
	"Server=db01;Database=sales;Trusted_Connection=True;",
	"amqp://guest:guest@localhost:5672/ is the local default",
	"postgres://user:pass@localhost/db in the README",
	"DATABASE_URL=postgres://app:${DB_PASSWORD}@db/prod",
	"CREATE USER 'app'@'%' IDENTIFIED BY PASSWORD '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9';",
	"CREATE ROLE etl WITH LOGIN PASSWORD 'md5a3556571e93b0d20722ba62be61e8c2d';",
	"cur.execute(\"ALTER USER %s IDENTIFIED BY %s\", (user, new_pw))",
	"create a user with a strong password and send it via the vault, not here",
	"users are identified by their employee number in the HR export",
	"ALTER ROLE app PASSWORD NULL; -- disables password login",
}

// ircChat are inbound IRC lines that are not bot commands.
var ircChat = []string{"!help", "!weather london", ".seen bob", "!quote add that was fun", "anyone tried the new ddos protection?", "please login to the vpn first", "!uptime", "!download is broken on the website", "NICK bob_away", "NICK [away]carol", "JOIN #ops"}

func negatives(g gen) []Case {
	var out []Case
	hn := hardNegatives()
	for k, v := range euIDNegatives() {
		hn[k] = v
	}
	for _, name := range sortedKeys(hn) {
		for i := 0; i < 25; i++ {
			out = append(out, Case{Text: hn[name](g), Note: name})
		}
	}
	for _, l := range chatLines {
		out = append(out, Case{Text: l, Note: "chat"})
	}
	for _, l := range keywordChat {
		out = append(out, Case{Text: l, Note: "keyword chat"})
	}
	for _, l := range ircChat {
		out = append(out, Case{Text: l, Direction: "inbound", Service: "irc", Note: "irc chat"})
	}
	return out
}

// evasion are positives disguised by encodings the normaliser must undo.
func evasion(g gen) []Case {
	card := "4532015112830366"
	spaced := card[:4] + " " + card[4:8] + " " + card[8:12] + " " + card[12:]
	fw := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, spaced)
	key := g.pemKey()
	b64key := base64.StdEncoding.EncodeToString([]byte(key))
	aws := g.awsKeyID()
	out := []Case{
		{Text: "card " + strings.Join(strings.Split(card, ""), "\u200b"), Rules: []string{"payment-card"}, Note: "zero-width spaces"},
		{Text: "card " + card[:4] + "\u200c" + card[4:8] + "\u2060" + card[8:12] + "\ufeff" + card[12:], Rules: []string{"payment-card"}, Note: "zero-width joiners"},
		{Text: "card " + fw, Rules: []string{"payment-card"}, Note: "full-width digits"},
		{Text: "<p>card <b>" + card[:4] + "</b> " + card[4:8] + " <span>" + card[8:12] + "</span> " + card[12:] + "</p>", Rules: []string{"payment-card"}, Note: "html-split"},
		{Text: "card &#52;532 0151 1283 0366", Rules: []string{"payment-card"}, Note: "html entity"},
		{Text: "card%20" + card[:4] + "%20" + card[4:8] + "%20" + card[8:12] + "%20" + card[12:], Rules: []string{"payment-card"}, Note: "percent-encoded"},
		{Text: "card \x02" + card[:8] + "\x02\x0304" + card[8:] + "\x03", Rules: []string{"payment-card"}, Note: "irc formatting"},
		{Text: "card \u202e" + spaced + "\u202c", Rules: []string{"payment-card"}, Note: "bidi controls"},
		{Text: "here is the backup: " + b64key, Rules: []string{"private-key"}, Note: "base64-wrapped key"},
		{Text: "creds " + base64.StdEncoding.EncodeToString([]byte("AWS_ACCESS_KEY_ID="+aws+"\n")), Rules: []string{"aws-access-key-id"}, Note: "base64-wrapped aws key"},
		{Text: "ssn 536\u200b-22\u200b-1234", Rules: []string{"us-ssn"}, Note: "zero-width in ssn"},
	}
	// Values split by markup, rejoined by the normaliser: a few cards each.
	for k := 0; k < 4; k++ {
		d := strings.NewReplacer(" ", "", "-", "", ".", "").Replace(g.card())
		for len(d) != 16 {
			d = strings.NewReplacer(" ", "", "-", "", ".", "").Replace(g.card())
		}
		a, b, c, e := d[:4], d[4:8], d[8:12], d[12:]
		pct := func(s string) string {
			var out strings.Builder
			for _, ch := range s {
				fmt.Fprintf(&out, "%%%02X", ch)
			}
			return out.String()
		}
		out = append(out,
			Case{Text: "card " + a + "<b>" + b + "</b>" + c + " " + e, Rules: []string{"payment-card"}, Note: "html tag inside a group"},
			Case{Text: "<div>card " + a + "<span>" + b + "</span> <i>" + c + "</i>" + e + "</div>", Rules: []string{"payment-card"}, Note: "html tags between groups"},
			Case{Text: "card " + a + "&#" + fmt.Sprint(int(b[0])) + ";" + b[1:] + " " + c + "&#x" + fmt.Sprintf("%x", e[0]) + ";" + e[1:], Rules: []string{"payment-card"}, Note: "html entities inside groups"},
			Case{Text: "card *" + a + "* *" + b + "* *" + c + "* *" + e + "*", Rules: []string{"payment-card"}, Note: "markdown bold groups"},
			Case{Text: "card " + a + "`" + b + "`" + c + "`" + e, Rules: []string{"payment-card"}, Note: "backticks between groups"},
			Case{Text: "card _" + a + "_~" + b + "~" + c + "*" + e + "*", Rules: []string{"payment-card"}, Note: "mixed slack formatting"},
			Case{Text: "card=" + pct(d), Rules: []string{"payment-card"}, Note: "every digit percent-encoded"},
			Case{Text: "pay?card=" + a + "+" + b + "+" + c + "+" + e + "&exp=12%2F27", Rules: []string{"payment-card"}, Note: "form-encoded spaces"},
		)
	}
	id := g.awsKeyID()
	out = append(out,
		Case{Text: "key id " + id[:4] + "`" + id[4:12] + "`" + id[12:], Rules: []string{"aws-access-key-id"}, Note: "backticks inside an aws key id"},
		Case{Text: "key id " + id[:8] + "<b>" + id[8:] + "</b>", Rules: []string{"aws-access-key-id"}, Note: "html tag inside an aws key id"},
		Case{Text: "ssn *536*-*22*-*1234*", Rules: []string{"us-ssn"}, Note: "markdown around ssn groups"},
	)
	return out
}
