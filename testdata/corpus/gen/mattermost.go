package main

import (
	"encoding/base32"
)

// The Mattermost rules (tokens and incoming webhooks) have their own
// generator, seeded apart, so that adding them left every earlier case
// of the corpus as it was.

// mattermostIDs is the encoding of Mattermost's ids (model.NewId): the
// z-base-32 alphabet, unpadded. An id is 16 random bytes, 26 characters.
var mattermostIDs = base32.NewEncoding("ybndrfg8ejkmcpqxot1uwisza345h769").WithPadding(base32.NoPadding)

// mattermostGen returns the generator of the Mattermost set.
func mattermostGen() gen { return seeded(20261206, 47) }

// mattermostID is a fresh Mattermost id, as the server makes one.
func (g gen) mattermostID() string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(g.r.IntN(256))
	}
	return mattermostIDs.EncodeToString(b)
}

// mattermostTemplates are, per rule, the ways a token or a webhook shows
// up in chat: the value is always a fresh id.
func mattermostTemplates() map[string][]template {
	id := func(g gen) string { return g.token(3.8, func(g gen) string { return g.mattermostID() }) }
	fs := valueTemplates(map[string]func(g gen) string{"mattermost-token": id, "mattermost-webhook": id})
	return map[string][]template{
		"mattermost-token": fs("mattermost-token", "MATTERMOST_TOKEN=%s",
			"mattermost bot token for the deploy notifier: %s",
			"curl -H 'Authorization: Bearer %s' https://mattermost.acme.example/api/v4/users/me",
			"mmctl auth login https://chat.acme.example --name prod --username ci-bot --access-token %s",
			"Cookie: MMAUTHTOKEN=%s; MMUSERID=",
			`{"id":"hbtzw3ekcpr4mdxq9sy1ouf8ja","token":"%s","user_id":"k7wqm5ubpfgxjrn3y4ict8dsoe","description":"mattermost ci"}`,
			"here's my mattermost personal access token %s, it expires friday"),
		"mattermost-webhook": fs("mattermost-webhook",
			`curl -i -X POST -H 'Content-Type: application/json' -d '{"text": "deploy done"}' https://chat.acme.example/hooks/%s`,
			"MATTERMOST_WEBHOOK_URL=https://mattermost.corp.example/hooks/%s",
			"incoming webhook for ~alerts: https://mm.acme.io/hooks/%s",
			"alertmanager: url: 'https://chat.northwind.example/hooks/%s'"),
	}
}

// mattermostPositives are n messages per rule of the set and one long one each.
func mattermostPositives(g gen, n int) []Case {
	return tokenPositives(g, n, mattermostTemplates(), saasAlsoFound)
}

// mattermostNegatives are hard negatives: Mattermost ids that are not
// secrets (channel, user, post and token ids), placeholders, and prose.
func mattermostNegatives(g gen) []Case {
	lines := []string{
		"mattermost channel id for the alerts bot: " + g.mattermostID(),
		"the mattermost user id of the deploy bot is " + g.mattermostID(),
		"mattermost token id " + g.mattermostID() + " was revoked, the token itself is in the vault",
		`{"id":"` + g.mattermostID() + `","token_id":"` + g.mattermostID() + `","mattermost":true}`,
		"mattermost permalink: https://chat.acme.example/acme/pl/" + g.mattermostID(),
		"mattermost: token refresh failed for channel " + g.mattermostID(),
		"MATTERMOST_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxx",
		"mattermost tokens are 26 characters, paste yours into the bot settings",
		"incoming webhooks look like https://your-mattermost-server.com/hooks/xxx-generatedkey-xxx",
		"https://chat.acme.example/hooks/xxxxxxxxxxxxxxxxxxxxxxxxxx",
		"gitlab hook: https://gitlab.acme.example/acme/api/hooks/4821/edit",
		"mattermost token " + g.pick(lowerDigits, 12),
	}
	var out []Case
	for _, l := range lines {
		out = append(out, Case{Text: l, Note: "mattermost id, placeholder or prose"})
	}
	return out
}
