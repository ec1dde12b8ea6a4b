package extract

import (
	"os"
	"strings"
	"testing"
)

// BenchmarkExtractSocket reads the WebSocket messages the relay sees most:
// a client's Mattermost post action (the shape cmd/chatdlp-bench echoes)
// and a posted event with its post in a JSON string. With a Scratch, as
// the relay extracts, a message reuses the last one's memory.
func BenchmarkExtractSocket(b *testing.B) {
	posted, err := os.ReadFile("testdata/mattermost/ws_posted.json")
	if err != nil {
		b.Fatal(err)
	}
	bodies := map[string][]byte{
		"action": []byte(`{"seq":7,"action":"post","data":{"channel_id":"4xp9fdt77pncbef59f4k1qe83o",` +
			`"message":"Hi team, the quarterly numbers are in the shared drive under finance/q3. Please review before Thursday.",` +
			`"props":{"from_bot":false},"root_id":""}}`),
		"posted": posted,
	}
	for _, name := range []string{"action", "posted", "action/scratch", "posted/scratch"} {
		kind, scratch := strings.CutSuffix(name, "/scratch")
		body := bodies[kind]
		b.Run(name, func(b *testing.B) {
			in := Input{Service: "mattermost", Path: "/api/v4/websocket", Direction: Inbound, Body: body, Fixed: true}
			if scratch {
				in.Scratch = new(Scratch)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				d, err := ExtractSocket(&in)
				if err != nil || len(d.Messages) != 1 || len(d.Messages[0].Parts) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}
