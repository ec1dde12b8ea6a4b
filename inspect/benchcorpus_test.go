package inspect

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Deterministic chat corpus for the benchmarks: ~2 KB messages of ordinary
// team chat (times, ticket and order numbers, URLs, code, the odd emoji,
// accented name, '&' and '%'), one in hitEvery carrying a secret or an ID.

var chatLines = []string{
	"hey, can you take a look at the PR for the billing service when you get a chance?",
	"standup moved to 10:30 tomorrow, same room as last week",
	"I think the flaky test is in the retry logic, it times out after 30s on CI",
	"lunch? the new place on 5th street does a decent ramen",
	"deploy of v2.14.3 to staging is done, prod rollout at 16:00 UTC",
	"ticket JIRA-48213 is blocked on the vendor, they said maybe Friday",
	"order 1234 5678 shipped, tracking 1Z999AA10123456784 according to the portal",
	"can someone share the dashboard link? https://grafana.example.com/d/abc123/latency?orgId=1&from=now-6h",
	"the build is green again 🎉 thanks for fixing the lint errors",
	"José and Zoë are out until Monday, ping Ana for anything urgent",
	"CPU went to 95% on db-3 around 02:14, looks like the nightly vacuum",
	"R&D sync notes are in the doc, section 4.2 covers the migration plan",
	"if err != nil { return fmt.Errorf(\"load: %w\", err) } is the pattern we use everywhere",
	"meeting notes: 1) budget for Q3 2) hiring plan 3) on-call rotation changes",
	"call me at +1 (555) 010-2368 if the pager goes off again",
	"the customer asked about invoice INV-2024-00917, amount was 1,249.00 EUR",
	"I pushed a fix, commit 3f9a2c1e7b, can you re-run the pipeline?",
	"reminder: security training is due by the 30th, it takes about 45 minutes",
	"the UUID for the failing job is 7c9e6679-7425-40de-944b-e07fc1f90ae7",
	"what do you think about switching the cache TTL to 300 seconds?",
	"sprint review is at 14:00, demo the new search filters please",
	"docs say the API key goes in the X-Api-Key header, not in the query string",
	"the password reset email template has a typo in the footer",
	"token refresh fails when the clock skew is more than 5 minutes",
}

var chatHits = []string{
	"here is the card for the hotel booking: 4012 8888 8888 1881 exp 12/27",
	"aws creds for the sandbox: AKIAIOSFODNN7EXAMPLE, don't share",
	"db url is postgres://admin:S3cr3tPassw0rd@db.internal:5432/prod",
	"my SSN is 078-05-1120 for the HR form",
	"use ghp_16C7e42F292c6912E7710c838347Ae178B4a to clone",
	"password=Tr0ub4dor&3xYz!9 for the shared mailbox",
	"IBAN GB82 WEST 1234 5698 7654 32 for the refund",
	"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98F2P\n-----END RSA PRIVATE KEY-----",
}

const (
	benchMsgSize = 2048
	hitEvery     = 20
)

// chatCorpus returns n deterministic messages of about benchMsgSize bytes.
func chatCorpus(n int) []string {
	rng := rand.New(rand.NewPCG(42, 7))
	msgs := make([]string, n)
	for i := range msgs {
		var sb strings.Builder
		hit := -1
		if i%hitEvery == hitEvery-1 {
			hit = rng.IntN(benchMsgSize - 200)
		}
		for sb.Len() < benchMsgSize {
			if hit >= 0 && sb.Len() >= hit {
				sb.WriteString(chatHits[rng.IntN(len(chatHits))])
				hit = -1
			} else {
				sb.WriteString(chatLines[rng.IntN(len(chatLines))])
			}
			sb.WriteString(sep(rng))
		}
		msgs[i] = sb.String()
	}
	return msgs
}

func sep(rng *rand.Rand) string {
	switch rng.IntN(6) {
	case 0:
		return "\n"
	case 1:
		return fmt.Sprintf(" (%d) ", rng.IntN(100))
	default:
		return " "
	}
}
