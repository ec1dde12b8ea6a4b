package urls

import (
	"strings"
	"testing"
)

// chatMessage is about 2 KB of ordinary chat prose with three links.
var chatMessage = func() string {
	prose := "Hi team, quick update on the Q3 numbers: revenue is up 4.2% and the churn work is on track. " +
		"I'll share the deck before Friday; please review sections 2.1 to 2.4 and add comments (not edits). " +
		"Bob's on leave until the 14th, so ping Alice for anything urgent. Thanks! "
	var b strings.Builder
	for b.Len() < 1800 {
		b.WriteString(prose)
	}
	b.WriteString("Links: https://docs.example.com/d/1abc/edit?usp=sharing and <https://bit.ly/3xYz|the survey> plus status.example.org/incidents.")
	return b.String()
}()

func BenchmarkExtract(b *testing.B) {
	if n := len(Extract(chatMessage)); n != 3 {
		b.Fatalf("%d links, want 3", n)
	}
	b.SetBytes(int64(len(chatMessage)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(chatMessage)
	}
}
