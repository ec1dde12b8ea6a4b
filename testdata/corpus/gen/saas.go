package main

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
)

// The SaaS token rules (rules/builtin/saas-tokens.yaml) get their own
// generator, seeded apart from the rest, so that adding them left every
// other case of the corpus as it was.

const (
	hexLower  = "0123456789abcdef"
	base64url = alnum + "_-"
)

// saasGen returns the generator of the SaaS token cases.
func saasGen() gen { return seeded(20261204, 10) }

// token draws values from draw until one has at least minBits of entropy
// (over the whole token, as the rules' entropy validators measure it) and
// no run of digits that reads as a Luhn-valid card number.
func (g gen) token(minBits float64, draw func(g gen) string) string {
	for {
		v := draw(g)
		if entropy(v) >= minBits && !cardIn(v) {
			return v
		}
	}
}

// saasValues are, per rule, fake tokens in the vendor's published format.
func saasValues() map[string]func(g gen) string {
	t := func(minBits float64, draw func(g gen) string) func(g gen) string {
		return func(g gen) string { return g.token(minBits, draw) }
	}
	return map[string]func(g gen) string{
		"openai-api-key": t(4.3, func(g gen) string {
			switch g.r.IntN(3) {
			case 0:
				return "sk-proj-" + g.pick(base64url, 74) + "T3BlbkFJ" + g.pick(base64url, 74)
			case 1:
				return g.one("sk-svcacct-", "sk-admin-") + g.pick(base64url, g.num(48, 160))
			}
			return "sk-" + g.pick(alnum, 20) + "T3BlbkFJ" + g.pick(alnum, 20)
		}),
		"anthropic-api-key": t(4.3, func(g gen) string { return "sk-ant-api03-" + g.pick(base64url, 93) + "AA" }),
		"npm-token":         t(4.3, func(g gen) string { return "npm_" + g.pick(alnum, 36) }),
		"pypi-token": t(4.3, func(g gen) string {
			return g.one("pypi-AgEIcHlwaS5vcmc", "pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw") + g.pick(base64url, g.num(120, 180))
		}),
		"docker-hub-token": t(4.1, func(g gen) string { return g.one("dckr_pat_", "dckr_pat_", "dckr_oat_") + g.pick(base64url, 27) }),
		"twilio-api-key":   t(3.4, func(g gen) string { return "SK" + g.pick(hexLower, 32) }),
		"sendgrid-api-key": t(4.3, func(g gen) string { return "SG." + g.pick(base64url, 22) + "." + g.pick(base64url, 43) }),
		"mailgun-api-key":  t(3.4, func(g gen) string { return "key-" + g.pick(hexLower, 32) }),
		"shopify-token":    t(3.4, func(g gen) string { return g.one("shpat_", "shpss_", "shpca_", "shppa_") + g.pick(hexLower, 32) }),
		"atlassian-api-token": t(4.3, func(g gen) string {
			return "ATATT3xFfGF0" + g.pick(base64url, g.num(150, 190)) + "=" + g.pick("0123456789ABCDEF", 8)
		}),
		"vault-token": t(4.1, func(g gen) string {
			if g.r.IntN(3) == 0 {
				return "hvs." + g.pick(alnum, 24)
			}
			return g.one("hvs.", "hvs.", "hvb.") + g.pick(base64url, g.num(90, 110))
		}),
		"terraform-cloud-token": t(4.3, func(g gen) string { return g.pick(alnum, 14) + ".atlasv1." + g.pick(alnum, 67) }),
		"digitalocean-token":    t(3.4, func(g gen) string { return g.one("dop_v1_", "dop_v1_", "doo_v1_", "dor_v1_") + g.pick(hexLower, 64) }),
		"huggingface-token":     t(4.3, func(g gen) string { return "hf_" + g.pick(alnum, 34) }),
		"datadog-api-key":       t(3.5, func(g gen) string { return g.pick(hexLower, 32) }),
		"newrelic-api-key":      t(3.9, func(g gen) string { return "NRAK-" + g.pick(upper+digits, 27) }),
		"sentry-auth-token": t(3.9, func(g gen) string {
			if g.r.IntN(2) == 0 {
				return "sntryu_" + g.pick(hexLower, 64)
			}
			claims := fmt.Sprintf(`{"iat":%d.0,"url":"https://sentry.io","region_url":"https://%s.sentry.io","org":"%s"}`,
				g.num(1600000000, 1800000000), g.one("us", "de"), g.one("acme", "corp", "example-org"))
			return "sntrys_" + base64.StdEncoding.EncodeToString([]byte(claims)) + "_" + g.pick(b64chars, 43)
		}),
		"telegram-bot-token": t(4.1, func(g gen) string {
			return g.pick("123456789", 1) + g.pick(digits, g.num(7, 9)) + ":AA" + g.pick(base64url, 33)
		}),
		"discord-bot-token": t(4.3, func(g gen) string {
			return g.one("M", "N", "O") + g.pick(base64url, g.num(23, 25)) + "." + g.pick(base64url, 6) + "." + g.pick(base64url, g.num(27, 38))
		}),
		"heroku-api-key": t(4.3, func(g gen) string { return "HRKU-AA" + g.pick(base64url, 58) }),
		"okta-api-token": t(4.3, func(g gen) string { return "00" + g.pick(base64url, 40) }),
		"linear-api-key": t(4.3, func(g gen) string { return "lin_api_" + g.pick(alnum, 40) }),
	}
}

// saasTemplates are, per rule, the ways a token shows up in chat: a
// message, an export line, a config paste.
func saasTemplates() map[string][]template {
	v := saasValues()
	f := func(format, id string) template {
		return func(g gen) string { return strings.ReplaceAll(format, "%s", v[id](g)) }
	}
	fs := func(id string, formats ...string) []template {
		out := make([]template, len(formats))
		for i, format := range formats {
			out[i] = f(format, id)
		}
		return out
	}
	return map[string][]template{
		"openai-api-key": fs("openai-api-key", "export OPENAI_API_KEY=%s", "here's the openai key for the demo, don't share it: %s",
			"OPENAI_API_KEY: %s", "client = OpenAI(api_key=\"%s\")", "curl https://api.openai.com/v1/models -H \"Authorization: Bearer %s\""),
		"anthropic-api-key": fs("anthropic-api-key", "export ANTHROPIC_API_KEY=%s", "claude key for the eval run: %s",
			"client = anthropic.Anthropic(api_key=\"%s\")", "x-api-key: %s"),
		"npm-token": fs("npm-token", "here's the npm token for CI: %s", "//registry.npmjs.org/:_authToken=%s",
			"NPM_TOKEN=%s npm publish", "use %s to publish the package"),
		"pypi-token": fs("pypi-token", "TWINE_PASSWORD=%s", "[pypi]\n  username = __token__\n  password = %s",
			"twine upload -u __token__ -p %s dist/*", "pypi upload token: %s"),
		"docker-hub-token": fs("docker-hub-token", "docker login -u ci-bot -p %s", "DOCKERHUB_TOKEN=%s",
			"echo %s | docker login --username ci-bot --password-stdin", "docker hub PAT: %s"),
		"twilio-api-key": fs("twilio-api-key", "TWILIO_API_KEY=%s", "twilio api key %s, the secret is in the vault",
			"Twilio sid for the SMS sender: %s", "client = twilio.Client(\"%s\", api_secret, account_sid)"),
		"sendgrid-api-key": fs("sendgrid-api-key", "SENDGRID_API_KEY=%s", "the sendgrid relay takes %s as its api key",
			"sendgrid key for the newsletter: %s", "Authorization: Bearer %s"),
		"mailgun-api-key": fs("mailgun-api-key", "MAILGUN_API_KEY=%s", "mailgun: api:%s",
			"curl -s --user 'api:%s' https://api.mailgun.net/v3/mg.corp.example/messages", "mailgun key is %s"),
		"shopify-token": fs("shopify-token", "X-Shopify-Access-Token: %s", "SHOPIFY_ACCESS_TOKEN=%s",
			"admin api token for the store: %s", "app secret %s"),
		"atlassian-api-token": fs("atlassian-api-token", "JIRA_API_TOKEN=%s", "curl -u me@corp.example:%s https://corp.atlassian.net/rest/api/3/myself",
			"confluence api token %s", "jira:\n  email: ops@corp.example\n  token: %s"),
		"vault-token": fs("vault-token", "VAULT_TOKEN=%s", "vault login %s",
			"root token for the dev cluster: %s", "X-Vault-Token: %s"),
		"terraform-cloud-token": fs("terraform-cloud-token", "TF_TOKEN_app_terraform_io=%s",
			"credentials \"app.terraform.io\" {\n  token = \"%s\"\n}", "terraform cloud team token %s", "TFE_TOKEN=%s"),
		"digitalocean-token": fs("digitalocean-token", "export DIGITALOCEAN_TOKEN=%s", "doctl auth init -t %s",
			"DO token for the droplets: %s", "Authorization: Bearer %s"),
		"huggingface-token": fs("huggingface-token", "HF_TOKEN=%s", "huggingface-cli login --token %s",
			"hf read token for the model repo: %s", "login(token=\"%s\")"),
		"datadog-api-key": fs("datadog-api-key", "DD_API_KEY=%s", "datadog api key for the staging agent: %s",
			"DD-API-KEY: %s", "datadog:\n  apiKey: %s"),
		"newrelic-api-key": fs("newrelic-api-key", "NEW_RELIC_API_KEY=%s", "API-Key: %s",
			"new relic user key %s", "newrelic profile add --apiKey %s"),
		"sentry-auth-token": fs("sentry-auth-token", "SENTRY_AUTH_TOKEN=%s", "sentry-cli --auth-token %s releases new 1.4.2",
			"sentry token for the source maps upload: %s", "[auth]\ntoken=%s"),
		"telegram-bot-token": fs("telegram-bot-token", "TELEGRAM_BOT_TOKEN=%s", "curl https://api.telegram.org/bot%s/getUpdates",
			"token of the alerts bot: %s", "telegram:\n  token: %s"),
		"discord-bot-token": fs("discord-bot-token", "DISCORD_TOKEN=%s", "discord bot token: %s",
			"client.run(\"%s\")  # discord", "Authorization: Bot %s (discord)"),
		"heroku-api-key": fs("heroku-api-key", "HEROKU_API_KEY=%s", "heroku token %s",
			"heroku auth:token printed %s", "heroku authorizations:create gave me %s"),
		"okta-api-token": fs("okta-api-token", "Authorization: SSWS %s", "OKTA_API_TOKEN=%s",
			"okta admin token for the SCIM sync: %s", "okta:\n  client:\n    token: %s"),
		"linear-api-key": fs("linear-api-key", "LINEAR_API_KEY=%s", "Authorization: %s",
			"linear personal key for the triage script: %s", "export LINEAR_API_KEY=\"%s\""),
	}
}

// saasPositives are n messages per SaaS token rule and one long one each.
func saasPositives(g gen, n int) []Case { return tokenPositives(g, n, saasTemplates(), saasAlsoFound) }

// tokenPositives are n messages per rule of a token set, from its
// templates in turn, and one long one each; also adds the other rules
// each message is expected to be found by.
func tokenPositives(g gen, n int, tmpls map[string][]template, also func(Case) Case) []Case {
	var out []Case
	for _, id := range sortedKeys(tmpls) {
		ts := tmpls[id]
		for i := 0; i < n; i++ {
			out = append(out, also(Case{Text: ts[i%len(ts)](g), Rules: []string{id}}))
		}
	}
	for _, id := range sortedKeys(tmpls) {
		out = append(out, also(Case{Text: padded(g, tmpls[id][0](g)), Rules: []string{id}, Note: "long"}))
	}
	return out
}

// valueTemplates returns, for a set's value generators, a maker of
// templates: each format with its %s replaced by a fresh value of rule id.
func valueTemplates(v map[string]func(g gen) string) func(id string, formats ...string) []template {
	return func(id string, formats ...string) []template {
		out := make([]template, len(formats))
		for i, format := range formats {
			out[i] = func(g gen) string { return strings.ReplaceAll(format, "%s", v[id](g)) }
		}
		return out
	}
}

// saasNegatives are hard negatives of the SaaS token rules: the vendors'
// prefixes with too-short or placeholder values, and docs prose.
func saasNegatives(g gen) []Case {
	short := func(prefix, chars string) string { return prefix + g.pick(chars, g.num(8, 16)) }
	lines := []string{
		"OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"set OPENAI_API_KEY=sk-... in your .env, project keys start with sk-proj-",
		"openai key: " + short("sk-proj-", alnum),
		"ANTHROPIC_API_KEY=sk-ant-api03-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXAA",
		"Anthropic keys look like sk-ant-api03-... and are shown once",
		"NPM_TOKEN=npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
		"npm token " + short("npm_", alnum) + " was truncated in the log",
		"read npm_config_registry and npm_package_version from the environment",
		"the pypi token is pypi-AgEIcHlwaS5vcmc... (the rest is in the vault)",
		"upload with a pypi- token, the username is __token__",
		"DOCKERHUB_TOKEN=dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"create a dckr_pat_ token under Account settings > Personal access tokens",
		"TWILIO_API_KEY=SK00000000000000000000000000000000",
		"twilio sends the SMS from +1 555 0100, see the console",
		"SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"SendGrid keys begin with SG. and have three parts",
		"MAILGUN_API_KEY=key-00000000000000000000000000000000",
		"mailgun bounced 12 messages from key-accounts@corp.example",
		"shopify admin tokens start with shpat_, app secrets with shpss_",
		"X-Shopify-Access-Token: shpat_00000000000000000000000000000000",
		"JIRA_API_TOKEN=ATATT3xFfGF0...",
		"Atlassian tokens begin with ATATT3xFfGF0, create one at id.atlassian.com",
		"VAULT_TOKEN=hvs.XXXXXXXXXXXXXXXXXXXXXXXX",
		"vault tokens are prefixed hvs. since 1.10, batch tokens hvb.",
		"token = \"xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
		"terraform cloud team tokens have .atlasv1. in the middle",
		"DIGITALOCEAN_TOKEN=dop_v1_0000000000000000000000000000000000000000000000000000000000000000",
		"DigitalOcean tokens start with dop_v1_ and are 71 characters",
		"HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"call hf_hub_download(repo_id=..., filename=...) with the cached token",
		"DD_API_KEY=<your datadog api key>",
		"datadog dashboards load slowly today, the p99 is 3s",
		"NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX",
		"new relic user keys start with NRAK-, license keys end in NRAL",
		"SENTRY_AUTH_TOKEN=sntrys_...",
		"sentry org tokens start with sntrys_, user tokens with sntryu_",
		"TELEGRAM_BOT_TOKEN=123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"the telegram bot replies within 2s, message id 4309118863",
		"DISCORD_TOKEN=MXXXXXXXXXXXXXXXXXXXXXXX.XXXXXX.XXXXXXXXXXXXXXXXXXXXXXXXXXX",
		"the discord bot is offline again, restart it",
		"HEROKU_API_KEY=HRKU-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
		"new Heroku tokens start with HRKU-, run heroku authorizations:create",
		"OKTA_API_TOKEN=00XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
		"okta: use the SSWS scheme with an API token from Security > API",
		"LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"linear personal keys start with lin_api_",
	}
	var out []Case
	for _, l := range lines {
		out = append(out, Case{Text: l, Note: "saas placeholder or prose"})
	}
	// Right prefixes, values too short for the format.
	shorts := []func() string{
		func() string { return "anthropic key " + short("sk-ant-api03-", base64url) },
		func() string { return "pypi token " + short("pypi-AgEIcHlwaS5vcmc", base64url) },
		func() string { return "docker login -p " + short("dckr_pat_", alnum) },
		func() string { return "twilio key " + short("SK", hexLower) },
		func() string { return "sendgrid SG." + g.pick(alnum, 22) + "." + g.pick(alnum, 12) },
		func() string { return "mailgun " + short("key-", hexLower) },
		func() string { return "shopify admin " + short("shpat_", hexLower) },
		func() string { return "jira cloud " + short("ATATT3xFfGF0", base64url) },
		func() string { return "vault login " + short("hvs.", alnum) },
		func() string { return "terraform cloud " + g.pick(alnum, 14) + ".atlasv1." + g.pick(alnum, 20) },
		func() string { return "doctl auth init -t " + short("dop_v1_", hexLower) },
		func() string { return "hugging face " + short("hf_", alnum) },
		func() string { return "datadog " + g.pick(hexLower, 20) },
		func() string { return "new relic " + short("NRAK-", upper+digits) },
		func() string { return "sentry-cli --auth-token " + short("sntryu_", hexLower) },
		func() string {
			return "telegram bot " + g.pick("123456789", 1) + g.pick(digits, 8) + ":AA" + g.pick(alnum, 12)
		},
		func() string { return "discord token " + "M" + g.pick(alnum, 23) + "." + g.pick(alnum, 6) },
		func() string { return "heroku token " + short("HRKU-AA", alnum) },
		func() string { return "okta SSWS " + short("00", alnum) },
		func() string { return "linear " + short("lin_api_", alnum) },
	}
	for i := 0; i < 2; i++ {
		for _, s := range shorts {
			out = append(out, Case{Text: s(), Note: "saas too short"})
		}
	}
	// Look-alikes: hex near Datadog that is a longer hash or a trace or
	// request id, a Telegram-shaped pair far from any mention of a bot.
	out = append(out,
		Case{Text: "datadog-agent_7.52.0-1_amd64.deb sha256 " + g.pick(hexLower, 64), Note: "saas look-alike"},
		Case{Text: "datadog trace_id=" + g.pick(hexLower, 32) + " shows the slow span", Note: "saas look-alike"},
		Case{Text: "in Datadog the trace " + g.pick(hexLower, 32) + " has 40 spans, request id " + g.pick(hexLower, 32), Note: "saas look-alike"},
		Case{Text: "job " + g.pick(digits, 9) + ":" + g.pick(alnum, 35) + " finished", Note: "saas look-alike"},
	)
	return out
}

// genericAssigned finds what generic-secret looks for: a secret-like key
// (a word, or the last part of an upper snake case name: SLACK_BOT_TOKEN),
// ':' or '=', and a value of 16 to 128 token characters.
var genericAssigned = regexp.MustCompile(`(?i)(?:\b|_)(?:secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|client[_-]?secret|secret[_-]?key|signing[_-]?key|bearer)["']?[ \t]{0,3}[:=][ \t]{0,3}["']?([A-Za-z0-9_+/=.-]{16,128})(?:[^A-Za-z0-9_+/=.-]|$)`)

// genericIn reports whether text gives a secret-like key a value with a
// digit and enough entropy, as generic-secret reports.
func genericIn(text string) bool {
	for _, m := range genericAssigned.FindAllStringSubmatch(text, -1) {
		if v := m[1]; strings.ContainsAny(v, digits) && entropy(v) >= 3.5 && !publishable.MatchString(v) {
			return true
		}
	}
	return false
}

// publishable is a publishable key, public by design: generic-secret's
// allowlist keeps it quiet.
var publishable = regexp.MustCompile(`^pk[._](?:live_|test_|eyJ)`)

// passwordAssigned finds a password key and ':' or '='.
var passwordAssigned = regexp.MustCompile(`(?i)password["']?[ \t]{0,3}[:=]`)

// saasAlsoFound is alsoFound for a SaaS token message: a token given as a
// password (TWINE_PASSWORD=...) is also a password assignment.
func saasAlsoFound(c Case) Case {
	c = alsoFound(c)
	if passwordAssigned.MatchString(c.Text) {
		c.Rules = append(c.Rules, "password-assignment")
	}
	return c
}
