package main

import (
	"fmt"
	"strings"

	"github.com/chatdlp/chatdlp/rules"
)

// verhoeff tables, for fake Aadhaar numbers.
var (
	vD = [10][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}
	vP = [8][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}}
	vInv = [10]int{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}
)

func (g gen) aadhaar() string {
	d := g.pick("23456789", 1) + g.pick(digits, 10)
	c := 0
	for i := 0; i < len(d); i++ {
		c = vD[c][vP[(i+1)%8][int(d[len(d)-1-i]-'0')]]
	}
	d += fmt.Sprint(vInv[c])
	return d[:4] + g.one(" ", "-", "") + d[4:8] + g.one(" ", "") + d[8:]
}

// password returns a plausible human password with mixed classes.
func (g gen) password() string {
	words := []string{"Summer", "Winter", "Dragon", "Falcon", "Monkey", "Coffee", "Purple", "Rocket", "Tiger", "Maple"}
	switch g.r.IntN(3) {
	case 0:
		return g.one(words...) + fmt.Sprint(g.num(10, 2099)) + g.one("!", "#", "$", "@", "*", "?")
	case 1:
		for {
			// Two * in a word read as emphasis around what is between
			// (the engine's markdown stage removes them, as Slack hides them).
			if p := g.pick(alnum+"!#$%&*", g.num(10, 20)); strings.Count(p, "*") < 2 {
				return p
			}
		}
	}
	return g.pick(alnum, 4) + g.one(words...) + g.pick(digits, 3)
}

// wordPassword is a password of letters alone, as people pick them.
func (g gen) wordPassword() string {
	w := g.one("sunflower", "kangaroo", "marigold", "pinecone", "moonriver", "tigerlilies", "pistachio", "blueberry",
		"snowstorm", "papillon", "mariposa", "sonnenblume", "lighthouse", "starfish", "horsebattery", "quicksilver",
		"dragonfruit", "waterfall", "pumpkinpie", "bluewhale", "honeybee", "raspberry", "overlook", "cinnamon")
	switch g.r.IntN(3) {
	case 0:
		return strings.ToUpper(w[:1]) + w[1:]
	case 1:
		return w
	}
	return w
}

// entropic returns n characters of s whose entropy passes the rules'
// thresholds (resampling the rare low-entropy draw).
func (g gen) entropic(s string, n int, minBits float64) string {
	for {
		v := g.pick(s, n)
		if entropy(v) >= minBits && strings.ContainsAny(v, digits) {
			return v
		}
	}
}

func (g gen) awsKeyID() string {
	return g.one("AKIA", "AKIA", "ASIA") + g.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
}

func (g gen) slackToken() string {
	for {
		t := g.slackTokenDraw()
		if !cardIn(t) {
			return t
		}
		// Its digit groups spell a Luhn-valid card number: a real
		// ambiguity, not a Slack token sample.
	}
}

// cardIn reports a run of 13 to 19 digits with a valid Luhn digit.
func cardIn(s string) bool {
	for _, run := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		if len(run) >= 13 && len(run) <= 19 && luhnDigit(run[:len(run)-1]) == run[len(run)-1:] {
			return true
		}
	}
	return false
}

func (g gen) slackTokenDraw() string {
	if g.r.IntN(2) == 0 {
		return "xoxb-" + g.pick(digits, 11) + "-" + g.pick(digits, 13) + "-" + g.pick(alnum, 24)
	}
	return "xoxp-" + g.pick(digits, 10) + "-" + g.pick(digits, 10) + "-" + g.pick(digits, 12) + "-" + g.pick("0123456789abcdef", 32)
}

func (g gen) slackWebhook() string {
	return "https://hooks.slack.com/services/T" + g.pick(upper+digits, 8) + "/B" + g.pick(upper+digits, 10) + "/" + g.pick(alnum, 24)
}

func (g gen) dbURL() string {
	scheme := g.one("postgres", "postgresql", "postgresql+psycopg2", "mysql", "mysql+pymysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss",
		"amqp", "amqps", "mssql", "sqlserver", "clickhouse", "cockroachdb", "neo4j", "nats", "mqtt", "couchbase")
	host := g.one("db.internal", "10.2.3.4", "cluster0.x7k2p.mongodb.net", "cache.corp.example", "mq.corp.example")
	port := g.one("", ":5432", ":3306", ":6379", ":5672", ":27017")
	user := g.one("admin", "app", "svc_billing", "root", "etl")
	if strings.HasPrefix(scheme, "redis") && g.r.IntN(3) == 0 {
		user = "" // redis://:password@host
	}
	return fmt.Sprintf("%s://%s:%s@%s%s/%s", scheme, user, g.dbPassword(), host, port, g.one("prod", "app", "0", "orders", ""))
}

// dbPassword is a generated database password.
func (g gen) dbPassword() string { return g.entropic(alnum+"!*-_~", g.num(10, 24), 3) }

// jdbcURL is a JDBC URL with its password among the parameters (true) or
// in Oracle's thin user/password@ form (false).
func (g gen) jdbcURL() (string, bool) {
	pw := g.dbPassword()
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("jdbc:postgresql://db.internal:5432/%s?user=%s&password=%s&ssl=true", g.one("app", "orders"), g.one("app", "etl"), pw), true
	case 1:
		return fmt.Sprintf("jdbc:sqlserver://sql01.corp:1433;databaseName=%s;user=sa;password=%s;encrypt=true", g.one("sales", "hr"), pw), true
	case 2:
		return fmt.Sprintf("jdbc:mysql://db.internal:3306/%s?useSSL=true&user=%s&password=%s", g.one("app", "shop"), g.one("app", "root"), pw), true
	}
	return fmt.Sprintf("jdbc:oracle:thin:%s/%s@db.corp:1521:ORCL", g.one("scott", "hr", "app"), pw), false
}

// odbcString is an ODBC or ADO.NET connection string with a password.
func (g gen) odbcString() string {
	pw := g.dbPassword()
	return g.one(
		fmt.Sprintf("Server=tcp:sql01.corp,1433;Database=%s;User Id=%s;Password=%s;Encrypt=true;", g.one("sales", "hr"), g.one("sa", "report"), pw),
		fmt.Sprintf("Data Source=sql01;Initial Catalog=%s;User ID=%s;Password=%s", g.one("sales", "hr"), g.one("sa", "report"), pw),
		fmt.Sprintf("Driver={ODBC Driver 18 for SQL Server};Server=sql01;Database=%s;Uid=%s;Pwd=%s;", g.one("sales", "hr"), g.one("sa", "report"), pw),
		fmt.Sprintf("Host=pg.internal;Port=5432;Database=%s;Username=%s;Password=%s", g.one("app", "shop"), g.one("app", "etl"), pw))
}

// capPassword is a password as people type it after a bare "pwd" or
// "password": starting with a capital or a digit.
func (g gen) capPassword() string {
	p := g.password()
	if p[0] >= 'a' && p[0] <= 'z' {
		p = strings.ToUpper(p[:1]) + p[1:]
	}
	return p
}

// urlPassword is a password that can stand in a URL unescaped.
func (g gen) urlPassword() string {
	return g.pick(alnum, g.num(4, 8)) + g.one("!", "*", "-", "_", "~", "") + g.pick(alnum, g.num(4, 10)) + g.pick(digits, 2)
}

// pwWithDigit is a password with a digit or a symbol, which tells it from
// a product name after "use ... to log in".
func (g gen) pwWithDigit() string {
	p := g.password()
	if !strings.ContainsAny(p, digits+"!#$%&*") {
		p += g.pick(digits, 2)
	}
	return p
}

// splitPassword is a strong password sent in two pieces on lines of their
// own.
func (g gen) splitPassword() string {
	p := g.strongPassword()
	cut := len(p)/2 + g.r.IntN(2)
	return p[:cut] + "\n" + p[cut:]
}

// bitLockerKey is a BitLocker recovery password: eight groups of six
// digits, each a 16-bit word times 11.
func (g gen) bitLockerKey() string {
	groups := make([]string, 8)
	for i := range groups {
		groups[i] = fmt.Sprintf("%06d", 11*g.num(0, 65535))
	}
	return strings.Join(groups, "-")
}

// pin is a door, alarm or phone PIN of four to eight digits, neither one
// digit repeated nor a run (1234) that the pin validator takes for a
// placeholder.
// doorCode is a digicode or a service code of capitals and digits,
// letters and digits mixed as the door-code validator takes them: 4B728,
// 36A91, 7K4P-92QX.
func (g gen) doorCode() string {
	const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	code := g.pick(digits, 1) + g.pick(letters, 1) + g.pick(digits, 3)
	if g.r.IntN(2) == 0 {
		code += "-" + g.pick(digits, 1) + g.pick(letters, 2) + g.pick(digits, 1)
	}
	return code
}

func (g gen) pin() string {
	for {
		p := g.pick(digits, 4+g.r.IntN(5))
		// Not a placeholder the pack drops (one digit, a sequence, steps of
		// one mostly: 88987895).
		if strings.Count(p, p[:1]) != len(p) && !rules.IsPlaceholder(p) {
			return p
		}
	}
}

// unitCode is a pin that is not a year, 19xx or 20xx (code-compound
// reads "Service-Code 2024" as one, code-typed "enter 2024").
func (g gen) unitCode() string {
	for {
		if p := g.pin(); len(p) != 4 || !strings.HasPrefix(p, "20") && !strings.HasPrefix(p, "19") {
			return p
		}
	}
}

// keyedCode is a pin as it is typed on a keypad: its digits apart (a
// space or a hyphen between each), or closed by # (code-keyed).
func (g gen) keyedCode() string {
	p := g.pin()
	switch g.r.IntN(3) {
	case 0:
		return strings.Join(strings.Split(p, ""), " ")
	case 1:
		return strings.Join(strings.Split(p, ""), "-")
	}
	return p + "#"
}

// labelledSecret is what a label such as "app password" or "BitLocker
// recovery key" names: a recovery key, an app password, a passphrase or a
// password.
func (g gen) labelledSecret() string {
	const lower = "abcdefghijklmnopqrstuvwxyz"
	switch g.r.IntN(4) {
	case 0:
		return g.bitLockerKey()
	case 1:
		return strings.Join([]string{g.pick(lower, 4), g.pick(lower, 4), g.pick(lower, 4), g.pick(lower, 4)}, g.one(" ", "-"))
	case 2:
		words := []string{"falcon", "meadow", "lantern", "biscuit", "walrus", "copper", "glacier", "mirabelle", "brioche", "gewitter", "tortuga", "pelican"}
		g.r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
		return strings.Join(words[:3+g.r.IntN(2)], g.one("-", ".", " "))
	}
	return g.pwWithDigit()
}

// strongPassword is a password of letters in both cases, digits and a
// symbol, as a login pair gives it.
func (g gen) strongPassword() string {
	const lower, upper = "abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ"
	return g.pick(upper, 1) + g.pick(lower, 5) + g.pick(digits, 2) + g.one("!", "#", "%", "&", "?", "+") + g.pick(upper+lower, 3)
}

// lowerPassword is a lowercase word and digits, as a case hint follows it.
func (g gen) lowerPassword() string {
	return g.one("copper", "walrus", "baguette", "fahrrad", "montana", "gazpacho", "schneemann", "tournesol") + g.pick(digits, 3)
}

// wordNumber is a word and a number with no symbol, as a
// password-word-number value: Hirschgeweih88, visio2025, MaisonZen2023.
func (g gen) wordNumber() string {
	words := []string{"hirschgeweih", "visio", "recette", "brujula", "moustache", "reifenwechsel", "cafeconleche", "schraubenzieher", "tortuga", "copper"}
	w := words[g.r.IntN(len(words))]
	switch g.r.IntN(3) {
	case 0:
		w = strings.ToUpper(w[:1]) + w[1:]
	case 1:
		w = strings.ToUpper(w[:1]) + w[1:] + g.one("Zen", "Azul", "Nord", "Bleu")
	}
	return w + g.one("1", "2", "3", "4", "5", "6", "7", "8", "9") + g.pick(digits, 1+g.r.IntN(3)) // from 1 to 9: lager01 is a user
}

// lowerWordNumber is wordNumber in lowercase (cafeconleche2025).
func (g gen) lowerWordNumber() string { return strings.ToLower(g.wordNumber()) }

// passphrase is three lowercase words and hyphens, or two capitalised
// words and a number, as a passphrase-nearby value.
func (g gen) passphrase() string {
	words := []string{"tournesol", "caramel", "brique", "koala", "lantern", "meadow", "glacier", "tortuga", "gewitter", "pelican", "biscuit", "walrus"}
	g.r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	if g.r.IntN(2) == 0 {
		return strings.Join(words[:3], "-")
	}
	return strings.ToUpper(words[0][:1]) + words[0][1:] + "-" + strings.ToUpper(words[1][:1]) + words[1][1:] + "-" + g.pick(digits, 2)
}
