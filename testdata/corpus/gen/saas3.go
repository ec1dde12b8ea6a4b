package main

import (
	"encoding/base64"
	"fmt"
)

// The third set of SaaS token rules (the rules appended to
// rules/builtin/saas-tokens-more.yaml in session 14: Google OAuth, Groq,
// Figma, Cloudflare's scannable tokens, Docker Swarm, 1Password, Bitbucket,
// Brevo) and GitLab's other token prefixes has its own generator, seeded
// apart, so that adding it left every earlier case of the corpus as it was.

const lowerDigits = "abcdefghijklmnopqrstuvwxyz0123456789"

// saas3Gen returns the generator of the third SaaS token set.
func saas3Gen() gen { return seeded(20261205, 31) }

// onePasswordToken is ops_ and the base64url of a service account's sign-in document.
func (g gen) onePasswordToken() string {
	doc := fmt.Sprintf(`{"signInAddress":"%s.1password.%s","userAuth":{"method":"SRPg-4096","alg":"PBES2g-HS256","iterations":650000,"salt":"%s"},"email":"%s@1passwordserviceaccounts.com","srpX":"%s","muk":{"alg":"A256GCM","ext":true,"k":"%s","key_ops":["encrypt","decrypt"],"kty":"oct","kid":"mp"},"secretKey":"A3-%s-%s"}`,
		g.one("acme", "corp", "northwind"), g.one("com", "eu"), g.pick(base64url, 22), g.pick("abcdefghijklmnopqrstuvwxyz", 12),
		g.pick(hexLower, 64), g.pick(base64url, 43), g.pick(upper+digits, 6), g.pick(upper+digits, 11))
	return "ops_" + base64.RawURLEncoding.EncodeToString([]byte(doc))
}

// gitlabToken is one of GitLab's other token types.
func (g gen) gitlabToken() string {
	switch g.r.IntN(6) {
	case 0:
		return "glcbt-" + fmt.Sprint(g.num(1, 9999)) + "_" + g.pick(base64url, 20)
	case 1:
		return "GR1348941" + g.pick(alnum+"_-", 20)
	}
	return g.one("glft-", "glimt-", "glagent-", "glsoat-", "glffct-", "glrtr-", "glwt-") + g.pick(alnum+"_-", g.num(20, 50))
}

// saas3Values are, per rule, fake tokens in the vendor's published format.
func saas3Values() map[string]func(g gen) string {
	t := func(minBits float64, draw func(g gen) string) func(g gen) string {
		return func(g gen) string { return g.token(minBits, draw) }
	}
	return map[string]func(g gen) string{
		"google-oauth-client-secret": t(4, func(g gen) string { return "GOCSPX-" + g.pick(base64url, 28) }),
		"google-oauth-token":         t(4.3, func(g gen) string { return "ya29." + g.one("a0", "c.", "A0") + g.pick(base64url, g.num(60, 200)) }),
		"groq-api-key":               t(4.3, func(g gen) string { return "gsk_" + g.pick(alnum, 52) }),
		"figma-token":                t(4.2, func(g gen) string { return "figd_" + g.pick(base64url, 40) }),
		"cloudflare-api-token":       t(4.3, func(g gen) string { return g.one("cfut_", "cfat_", "cfk_") + g.pick(alnum, 48) }),
		"docker-swarm-token": t(4, func(g gen) string {
			if g.r.IntN(4) == 0 {
				return "SWMKEY-1-" + g.pick(alnum+"+/", 43)
			}
			return "SWMTKN-1-" + g.pick(lowerDigits, 50) + "-" + g.pick(lowerDigits, 25)
		}),
		"onepassword-service-token": func(g gen) string { return g.onePasswordToken() },
		"bitbucket-app-password":    t(4, func(g gen) string { return "ATBB" + g.pick(alnum, 24) + g.pick("0123456789ABCDEF", 8) }),
		"brevo-api-key": t(3.8, func(g gen) string {
			return g.one("xkeysib-", "xkeysib-", "xsmtpsib-") + g.pick(hexLower, 64) + "-" + g.pick(alnum, 16)
		}),
		"gitlab-token": t(3.8, func(g gen) string { return g.gitlabToken() }),
	}
}

// saas3Templates are, per rule, the ways a token shows up in chat.
func saas3Templates() map[string][]template {
	v := saas3Values()
	fs := valueTemplates(v)
	return map[string][]template{
		"google-oauth-client-secret": fs("google-oauth-client-secret", "GOOGLE_CLIENT_SECRET=%s",
			`{"installed":{"client_id":"81234567890-abc.apps.googleusercontent.com","client_secret":"%s","redirect_uris":["http://localhost"]}}`,
			"the oauth client secret for the SSO app is %s", "--client-secret %s"),
		"google-oauth-token": fs("google-oauth-token", "Authorization: Bearer %s", "$ gcloud auth print-access-token\n%s",
			"curl -H \"Authorization: Bearer %s\" https://www.googleapis.com/drive/v3/files", "access_token=%s&token_type=Bearer"),
		"groq-api-key": fs("groq-api-key", "GROQ_API_KEY=%s", "client = Groq(api_key=\"%s\")",
			"groq key for the hackathon: %s", "export GROQ_API_KEY='%s'"),
		"figma-token": fs("figma-token", "FIGMA_TOKEN=%s", "curl -H 'X-Figma-Token: %s' https://api.figma.com/v1/me",
			"figma PAT for the design-token export: %s", "use %s in the plugin settings"),
		"cloudflare-api-token": fs("cloudflare-api-token", "CLOUDFLARE_API_TOKEN=%s", "Authorization: Bearer %s",
			"cloudflare token for the DNS job: %s", "export CF_API_TOKEN=\"%s\""),
		"docker-swarm-token": fs("docker-swarm-token", "docker swarm join --token %s 10.0.4.12:2377",
			"worker join token: %s", "To add a manager to this swarm, run:\n\n    docker swarm join --token %s 192.168.1.20:2377",
			"swarm token %s (manager)"),
		"onepassword-service-token": fs("onepassword-service-token", "OP_SERVICE_ACCOUNT_TOKEN=%s",
			"export OP_SERVICE_ACCOUNT_TOKEN=\"%s\"", "1password service account token for CI: %s", "```\n%s\n```"),
		"bitbucket-app-password": fs("bitbucket-app-password", "BITBUCKET_APP_PASSWORD=%s",
			"bitbucket token for the pipeline: %s", "BB_TOKEN: %s  # repo read/write",
			"new bitbucket key %s, the old one is revoked"),
		"brevo-api-key": fs("brevo-api-key", "BREVO_API_KEY=%s", "curl -H 'api-key: %s' https://api.brevo.com/v3/account",
			"sendinblue key for the newsletter: %s", "smtp password: %s"),
		"gitlab-token": fs("gitlab-token", "CI_JOB_TOKEN=%s", "gitlab token %s", "gitlab-runner register --token %s",
			"here's the token: %s"),
	}
}

// saas3Positives are n messages per rule of the third set and one long one each.
func saas3Positives(g gen, n int) []Case {
	return tokenPositives(g, n, saas3Templates(), saasAlsoFound)
}

// saas3Negatives are hard negatives of the third set: placeholders, prose
// naming a prefix, values too short for the format.
func saas3Negatives(g gen) []Case {
	short := func(prefix, chars string) string { return prefix + g.pick(chars, g.num(8, 16)) }
	lines := []string{
		"GOOGLE_CLIENT_SECRET=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"google client secrets start with GOCSPX- since 2021",
		"Authorization: Bearer ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"ya29 tokens expire after an hour, use the refresh token",
		"GROQ_API_KEY=gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"the gsk_ prefix is groq's",
		"FIGMA_TOKEN=figd_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"figma PATs start with figd_, paste yours into the plugin",
		"CLOUDFLARE_API_TOKEN=cfut_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"cloudflare's new tokens start with cfut_ (user) or cfat_ (account)",
		"docker swarm join --token SWMTKN-1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxx 10.0.4.12:2377",
		"run `docker swarm join-token worker` to print the SWMTKN-1- token again",
		"OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ...",
		"1Password service account tokens start with ops_eyJ; keep them in the CI vault",
		"BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"ATBB is the prefix of bitbucket app passwords",
		"BREVO_API_KEY=xkeysib-0000000000000000000000000000000000000000000000000000000000000000-xxxxxxxxxxxxxxxx",
		"sendinblue became brevo; keys still start with xkeysib-",
		"CI_JOB_TOKEN=glcbt-xxxxxxxxxxxxxxxxxxxxxxxx",
		"GR1348941 is the prefix of the old runner registration tokens",
	}
	var out []Case
	for _, l := range lines {
		out = append(out, Case{Text: l, Note: "saas placeholder or prose"})
	}
	shorts := []func() string{
		func() string { return "google oauth client " + short("GOCSPX-", alnum) },
		func() string { return "token " + short("ya29.", alnum) },
		func() string { return "groq " + short("gsk_", alnum) },
		func() string { return "figma " + short("figd_", alnum) },
		func() string { return "cloudflare " + short("cfut_", alnum) },
		func() string { return "swarm " + short("SWMTKN-1-", lowerDigits) },
		func() string { return "bitbucket " + short("ATBB", alnum) },
		func() string { return "brevo " + short("xkeysib-", hexLower) },
		func() string { return "gitlab " + short("glft-", alnum) },
	}
	for i := 0; i < 2; i++ {
		for _, s := range shorts {
			out = append(out, Case{Text: s(), Note: "saas too short"})
		}
	}
	return out
}
