// Command gen writes chatdlp's labelled detection corpus: positives for
// every built-in rule, hard negatives, evasion cases and a secrets file
// for the gitleaks comparison. Every value is a generated fake with a
// valid format and checksum, from a fixed seed, so the output is stable.
//
//	go run ./testdata/corpus/gen -out testdata/corpus
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Case is one labelled message: the rule ids the built-in pack must find
// in Text (none for a negative), and the message's scope.
type Case struct {
	Text      string   `json:"text"`
	Rules     []string `json:"rules"`
	Direction string   `json:"direction,omitempty"` // default outbound
	Service   string   `json:"service,omitempty"`   // default slack
	Note      string   `json:"note,omitempty"`
}

func main() {
	out := flag.String("out", "testdata/corpus", "output directory")
	n := flag.Int("n", 20, "positives per rule")
	flag.Parse()
	g := gen{rand.New(rand.NewPCG(20261125, 3))}
	sg, sg2, sg3, bg, mg, cg, hg, kg, pg, lg := saasGen(), saas2Gen(), saas3Gen(), bicGen(), mattermostGen(), chosenGen(), caseHintGen(), codeSaidGen(), codePlaceSaidGen(), labelLineGen()
	dg, lkg, ug, rg := doorSaidGen(), lockGen(), unlockGen(), roomGen()
	files := map[string][]Case{
		"positives.jsonl": concat(positives(g, *n), saasPositives(sg, *n), saas2Positives(sg2, *n), bicPositives(bg, *n), saas3Positives(sg3, *n), mattermostPositives(mg, *n), chosenPositives(cg, *n), caseHintPositives(hg, *n), codeSaidPositives(kg, *n), codePlaceSaidPositives(pg, *n), labelLinePositives(lg, *n), doorSaidPositives(dg, *n), lockPositives(lkg, *n), unlockPositives(ug, *n), roomPositives(rg, *n), lockMorePositives(rg, *n), codeWordPositives(codeWordGen(), *n), codeReplyPositives(replyGen(), *n), codeThenKeyPositives(thenKeyGen(), *n), codeSpelledPositives(spelledGen(), *n), codeCorrectedPositives(correctedGen(), *n), bareCodePositives(bareGen(), *n), codeInUsePositives(goneGen(), *n), sonarPositives(sonarGen(), *n), bareMorePositives(bare2Gen(), *n), codeShortPositives(shortGen(), *n), codeLinesPositives(linesGen(), *n), passwordReplyPositives(replyPwGen(), *n), dialTurnsPositives(dialTurnsGen(), *n), hashCodePositives(hashGen(), *n), lockWordsPositives(lockWordsGen(), *n), pukPositives(pukGen(), *n), replyCodePositives(replyCodeGen(), *n), pwArrowPositives(pwArrowGen(), *n), remoteSupportPositives(remoteGen(), *n), keyedBoxPositives(keyedBoxGen(), *n)),
		"negatives.jsonl": concat(negatives(g), saasNegatives(sg), saas2Negatives(sg2), bicNegatives(bg), saas3Negatives(sg3), mattermostNegatives(mg), chosenNegatives(cg), caseHintNegatives(hg), codeSaidNegatives(kg), codePlaceSaidNegatives(pg), labelLineNegatives(lg), doorSaidNegatives(dg), lockNegatives(lkg), unlockNegatives(ug), roomNegatives(rg), codeThenKeyNegatives(), chatNegatives(), pairListNegatives(), review32Negatives(), review33Negatives(), session36Negatives(), codeGoneNegatives(), codeShortNegatives(), codeLinesNegatives(), passwordReplyNegatives(), dialTurnsNegatives()),
		"evasion.jsonl":   append(evasion(g), saas2Evasion(sg2)...),
	}
	wg := worldGen()
	files["positives.jsonl"] = append(files["positives.jsonl"], worldPositives(wg, *n)...)
	files["negatives.jsonl"] = append(files["negatives.jsonl"], worldNegatives(wg)...)
	for i, c := range files["positives.jsonl"] {
		if !slices.Contains(c.Rules, "code-then-key") && !slices.Contains(c.Rules, "alarm-disarm-code") && thenKeyIn.MatchString(c.Text) {
			// A code, then the key that confirms it ("… puis la touche
			// clé"), is also code-then-key's, whichever set it is from,
			// unless alarm-disarm-code, which knows more, reports it.
			files["positives.jsonl"][i].Rules = append(c.Rules, "code-then-key")
		}
	}
	for name, cases := range files {
		if err := writeJSONL(filepath.Join(*out, name), cases); err != nil {
			log.Fatal(err)
		}
	}
	if err := writeSecrets(filepath.Join(*out, "secrets.txt"), files["positives.jsonl"]); err != nil {
		log.Fatal(err)
	}
}

func concat(parts ...[]Case) []Case {
	var out []Case
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func writeJSONL(path string, cases []Case) error {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, c := range cases {
		if c.Rules == nil {
			c.Rules = []string{}
		}
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// secretRules are the credential rules, the ones gitleaks also looks for.
var secretRules = map[string]bool{
	"private-key": true, "aws-access-key-id": true, "aws-secret-key": true, "github-token": true,
	"github-fine-grained-token": true, "gitlab-token": true, "slack-token": true, "slack-webhook": true,
	"stripe-secret-key": true, "google-api-key": true, "azure-storage-key": true, "jwt": true,
	"database-url": true, "db-connection-string": true, "generic-secret": true, "password-assignment": true, "password-disclosure": true, "password-word": true, "password-word-for": true,
	"credential-pair": true, "login-phrase": true, "pgpass-entry": true, "url-credentials": true,
	"password-change": true, "password-chat": true, "login-with": true,
	// saas-tokens.yaml
	"openai-api-key": true, "anthropic-api-key": true, "npm-token": true, "pypi-token": true, "docker-hub-token": true,
	"twilio-api-key": true, "sendgrid-api-key": true, "mailgun-api-key": true, "shopify-token": true, "atlassian-api-token": true,
	"vault-token": true, "terraform-cloud-token": true, "digitalocean-token": true, "huggingface-token": true,
	"datadog-api-key": true, "newrelic-api-key": true, "sentry-auth-token": true, "telegram-bot-token": true,
	"discord-bot-token": true, "heroku-api-key": true, "okta-api-token": true, "linear-api-key": true,
	// saas-tokens-more.yaml
	"azure-client-secret": true, "gcp-service-account": true, "pagerduty-api-key": true, "mailchimp-api-key": true,
	"postman-api-key": true, "grafana-token": true, "pulumi-access-token": true, "doppler-token": true,
	"databricks-token": true, "notion-token": true, "airtable-token": true, "supabase-token": true,
	"planetscale-token": true, "square-token": true, "braintree-access-token": true, "mapbox-secret-token": true,
	"hubspot-token": true, "age-secret-key": true, "contentful-token": true, "dynatrace-token": true,
	"tailscale-key": true, "circleci-token": true, "stripe-webhook-secret": true, "cloudflare-origin-ca-key": true,
	"alibaba-access-key-id": true, "flyio-token": true, "buildkite-token": true, "rubygems-api-key": true,
	"google-oauth-client-secret": true, "google-oauth-token": true, "groq-api-key": true, "figma-token": true, "sonarqube-token": true,
	"cloudflare-api-token": true, "docker-swarm-token": true, "onepassword-service-token": true,
	"bitbucket-app-password": true, "brevo-api-key": true,
}

// writeSecrets writes the credential positives, one message per block
// separated by blank lines, for scanning by both chatdlp and gitleaks.
func writeSecrets(path string, cases []Case) error {
	var b strings.Builder
	for _, c := range cases {
		if len(c.Rules) > 0 && secretRules[c.Rules[0]] {
			fmt.Fprintf(&b, "%s\n\n", c.Text)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func entropy(s string) float64 {
	counts := map[rune]int{}
	for _, r := range s {
		counts[r]++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(len(s))
		h -= p * math.Log2(p)
	}
	return h
}

// seeded is a generator drawing from the fixed PCG stream (seed, stream):
// each batch of cases has a stream of its own, so a batch added later
// leaves the values of the cases before it as they are.
func seeded(seed, stream uint64) gen {
	return gen{rand.New(rand.NewPCG(seed, stream))} //nolint:gosec // a fixed seed: the corpus is reproducible
}
