package proxy

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's chromium, which `make deps` (.ci/deps) installs.
const chromiumPath = "/usr/bin/chromium"

// browserChatPage is a web chat client: on load its script sends a clean
// message and a card number with fetch() (Slack's JSON chat.postMessage),
// then both again over a WebSocket, and writes what each got into #log,
// one line each; #log gets data-done when all four are over. The card is
// built in the script so that the page itself carries no card number.
const browserChatPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>chat</title></head><body>
<pre id="log"></pre>
<script>
"use strict";
const logEl = document.getElementById("log");
const log = (line) => { logEl.textContent += line + "\n"; };
window.addEventListener("error", (ev) => log("error: " + ev.message));
const card = ["4012", "8888", "8888", "1881"].join(" ");

async function post(label, text) {
  try {
    const r = await fetch("/api/chat.postMessage", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({channel: "C024BE91L", text: text}),
    });
    const body = await r.json().catch(() => ({}));
    if (r.ok) {
      log(label + ": " + r.status + " ok=" + body.ok);
    } else {
      log(label + ": " + r.status + " incident=" + r.headers.get("X-Chatdlp-Incident") +
        " body_incident=" + body.incident_id);
    }
  } catch (e) {
    log(label + ": fetch failed: " + e);
  }
}

function socket(label, text) {
  return new Promise((resolve) => {
    const msg = JSON.stringify({type: "message", channel: "C024BE91L", text: text});
    let over = false;
    const finish = (what) => {
      if (!over) { over = true; log(label + ": " + what); resolve(); }
    };
    const s = new WebSocket("wss://" + location.host + "/socket");
    s.onopen = () => s.send(msg);
    s.onmessage = (ev) => {
      finish(ev.data === msg ? "echoed" : "got another message: " + ev.data);
      s.close(1000);
    };
    s.onclose = (ev) => finish("closed " + ev.code + " " + ev.reason);
    setTimeout(() => { finish("no answer in 10s"); s.close(); }, 10000);
  });
}

(async () => {
  await post("fetch clean", "lunch at noon?");
  await post("fetch card", "my card is " + card);
  await socket("ws clean", "lunch at noon?");
  await socket("ws card", "my card is " + card);
  logEl.dataset.done = "1";
})();
</script>
</body></html>
`

// browserComposePage posts a message with a plain HTML form: a navigation.
const browserComposePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>compose</title></head><body>
<form id="compose" method="post" action="/api/chat.postMessage">
<input type="hidden" name="channel" value="C024BE91L">
<textarea id="text" name="text"></textarea>
<button id="send" type="submit">Send</button>
</form>
</body></html>
`

// TestBrowser drives headless Chromium through the proxy, trusting the
// proxy's CA through an NSS database as a managed desktop would, against
// a local HTTPS chat (chat.test, which only the proxy resolves: Chromium
// sends CONNECT chat.test:port). A page's fetch() and WebSocket deliver
// clean messages and are refused a card number (403 with the incident
// header readable by the page; close 1008), and a form post of a card
// shows the HTML block page.
func TestBrowser(t *testing.T) {
	e := inspectEnv(t, nil)
	chat := &fakeChat{}
	echo := &wsEcho{}
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write([]byte(body))
		}
	}
	mux.HandleFunc("GET /{$}", page(browserChatPage))
	mux.HandleFunc("GET /compose", page(browserComposePage))
	mux.Handle("/api/", chat)
	mux.Handle("/socket", echo)
	up := tlsUpstream(t, e.up.valid(t, "chat.test"), mux)
	origin := "https://" + hostPort("chat.test", up)

	ctx := startChromium(t, e)

	// blocked is the incident ids of the proxy's dlp.block events by protocol.
	blocked := func(protocol string) []string {
		var ids []string
		for _, ev := range e.events("dlp.block") {
			m := ev.ContextMap()
			if m["protocol"] == protocol {
				id, _ := m["incident_id"].(string)
				ids = append(ids, id)
			}
		}
		return ids
	}
	cardReached := func(t *testing.T) {
		t.Helper()
		chat.mu.Lock()
		defer chat.mu.Unlock()
		for _, r := range chat.got {
			if strings.Contains(string(r.body), "8888") {
				t.Errorf("the card reached the chat server: %s %q", r.path, r.body)
			}
		}
		for _, m := range echo.received() {
			if strings.Contains(m, "8888") {
				t.Errorf("the card reached the WebSocket server: %q", m)
			}
		}
	}

	// Chromium's own account of the page's WebSockets (DevTools Network
	// events): why it failed a socket, which the page only sees as 1006.
	var (
		wsMu     sync.Mutex
		wsErrors []string
	)
	if err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventWebSocketFrameError); ok {
			wsMu.Lock()
			wsErrors = append(wsErrors, ev.ErrorMessage)
			wsMu.Unlock()
		}
	}); err != nil {
		t.Fatalf("listen to Chromium's network events: %v", err)
	}

	var lines map[string]string // label -> what the page logged
	t.Run("page loads through the proxy with the company CA trusted", func(t *testing.T) {
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		resp, err := chromedp.Run(sctx, chromedp.NavigateResponse(origin+"/"))
		if err != nil {
			t.Fatalf("navigate to %s: %v (a certificate error means Chromium did not trust the proxy's CA from the NSS database)", origin, err)
		}
		if resp.Status != http.StatusOK {
			t.Fatalf("page: status %d, want 200", resp.Status)
		}
		if resp.SecurityState != security.StateSecure || resp.SecurityDetails == nil ||
			resp.SecurityDetails.Issuer != e.ca.Certificate().Subject.CommonName {
			issuer := ""
			if resp.SecurityDetails != nil {
				issuer = resp.SecurityDetails.Issuer
			}
			t.Fatalf("page: security state %q, issuer %q; want secure, issued by the proxy's CA %q",
				resp.SecurityState, issuer, e.ca.Certificate().Subject.CommonName)
		}
		// The script's own timeouts end each step within 10 s.
		readLog := chromedp.Evaluate[string](`document.getElementById("log").textContent`)
		if err := chromedp.Do(sctx, chromedp.WaitReady(chromedp.CSS(`#log[data-done="1"]`))); err != nil {
			text, _ := chromedp.Run(ctx, readLog)
			t.Fatalf("the page's log did not complete: %v; it has:\n%s", err, text)
		}
		text, err := chromedp.Run(sctx, readLog)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("page log:\n%s", text)
		lines = map[string]string{}
		for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
			label, rest, _ := strings.Cut(l, ": ")
			lines[label] = rest
		}
		if errs, ok := lines["error"]; ok {
			t.Errorf("the page's script failed: %s", errs)
		}
	})
	if lines == nil {
		t.FailNow()
	}

	t.Run("fetch clean message is delivered", func(t *testing.T) {
		if got := lines["fetch clean"]; got != "200 ok=true" {
			t.Errorf("page logged fetch clean: %q, want 200 ok=true", got)
		}
		chat.mu.Lock()
		defer chat.mu.Unlock()
		found := false
		for _, r := range chat.got {
			if r.path == "/api/chat.postMessage" && strings.Contains(string(r.body), `"lunch at noon?"`) {
				found = true
			}
		}
		if !found {
			t.Errorf("the chat server did not get the clean message; it got %d requests", len(chat.got))
		}
	})

	t.Run("fetch card is refused with the incident header readable by the page", func(t *testing.T) {
		got := lines["fetch card"]
		var incident, bodyIncident string
		if _, err := fmt.Sscanf(got, "403 incident=%s body_incident=%s", &incident, &bodyIncident); err != nil {
			t.Fatalf("page logged fetch card: %q, want 403 incident=<id> body_incident=<id>", got)
		}
		if incident == "" || incident == "null" {
			t.Errorf("the page could not read X-Chatdlp-Incident: %q", got)
		}
		if bodyIncident != incident {
			t.Errorf("header incident %q, Slack body incident_id %q: want the same", incident, bodyIncident)
		}
		if ids := blocked("https"); !slices.Contains(ids, incident) {
			t.Errorf("incident %q is not in the proxy's https dlp.block events %v", incident, ids)
		}
		cardReached(t)
	})

	t.Run("websocket clean message is echoed", func(t *testing.T) {
		if got := lines["ws clean"]; got != "echoed" {
			t.Errorf("page logged ws clean: %q, want echoed", got)
		}
		if !slices.Contains(echo.received(), `{"type":"message","channel":"C024BE91L","text":"lunch at noon?"}`) {
			t.Errorf("the WebSocket server did not get the clean message: %q", echo.received())
		}
	})

	t.Run("websocket card is refused and closes the socket", func(t *testing.T) {
		if got := lines["ws card"]; !strings.HasPrefix(got, "closed ") {
			t.Errorf("page logged ws card: %q, want the socket closed", got)
		}
		if len(blocked("websocket")) == 0 {
			t.Errorf("no websocket dlp.block event")
		}
		cardReached(t)
	})

	// The close the page sees must be the proxy's 1008 with the incident,
	// so that a web client can tell its user why. Chromium fails a socket
	// on any frame after a close frame ("Close received after close") and
	// then reports 1006 with no reason: the relay must send nothing to the
	// client after its own close (not the server's close reply either).
	t.Run("websocket card: the page's close event is 1008 naming the incident", func(t *testing.T) {
		got := lines["ws card"]
		if !strings.HasPrefix(got, "closed 1008 ") {
			wsMu.Lock()
			defer wsMu.Unlock()
			t.Fatalf("page logged ws card: %q, want closed 1008 <reason>; Chromium's WebSocket errors: %q "+
				"(\"Close received after close\": the relay sent the client a second close frame, the server's reply to its own)", got, wsErrors)
		}
		ids := blocked("websocket")
		if len(ids) == 0 || !strings.Contains(got, "(incident "+ids[len(ids)-1]+")") {
			t.Errorf("close reason %q does not name the incident of the websocket dlp.block events %v", got, ids)
		}
	})

	t.Run("form post of a card shows the block page", func(t *testing.T) {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, chromedp.Navigate(origin+"/compose")); err != nil {
			t.Fatalf("navigate to the compose page: %v", err)
		}
		resp, err := chromedp.RunResponse(sctx,
			chromedp.SetValue(chromedp.ID("text"), "my card is "+luhnCard),
			chromedp.Click(chromedp.ID("send")),
		)
		if err != nil {
			t.Fatalf("submit the form: %v", err)
		}
		if resp.Status != http.StatusForbidden {
			t.Errorf("form post: status %d, want 403", resp.Status)
		}
		title, err := chromedp.Run(sctx, chromedp.Title())
		if err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS("body")))
		if err != nil {
			t.Fatal(err)
		}
		if title != "Blocked by company policy" || !strings.Contains(text, "Blocked by company policy") {
			t.Errorf("after the form post: title %q, text %q; want chatdlp's block page", title, text)
		}
		ids := blocked("https")
		if len(ids) == 0 || !strings.Contains(text, "Incident: "+ids[len(ids)-1]) {
			t.Errorf("block page text %q does not show the incident of the last https dlp.block %v", text, ids)
		}
		if strings.Contains(text, "8888 8888") { // not "8888": the incident id may hold that
			t.Errorf("the block page shows the matched value: %q", text)
		}
		cardReached(t)
	})

	t.Run("form post of a clean message is delivered", func(t *testing.T) {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, chromedp.Navigate(origin+"/compose")); err != nil {
			t.Fatalf("navigate to the compose page: %v", err)
		}
		_, before := chat.last()
		resp, err := chromedp.RunResponse(sctx,
			chromedp.SetValue(chromedp.ID("text"), "see you at the standup"),
			chromedp.Click(chromedp.ID("send")),
		)
		if err != nil {
			t.Fatalf("submit the form: %v", err)
		}
		if resp.Status != http.StatusOK {
			t.Errorf("form post: status %d, want 200", resp.Status)
		}
		last, n := chat.last()
		if n != before+1 || last.body == nil || !strings.Contains(string(last.body), "text=see+you+at+the+standup") {
			t.Errorf("the chat server got %d new requests, the last %q; want the form post", n-before, last.body)
		}
	})
}

// startChromium starts headless Chromium that sends everything through
// e's proxy and trusts e's CA, and returns its tab's context. It fails
// (never skips) when Chromium or certutil is missing: `make deps`
// installs them. The browser is bounded by a deadline and ended at
// cleanup.
func startChromium(t *testing.T, e *env) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is missing (%v): run `make deps` (installs Debian's chromium and libnss3-tools for proxy/browser_test.go)", err)
	}
	certutil, err := exec.LookPath("certutil")
	if err != nil {
		t.Fatalf("certutil is missing (%v): run `make deps` (installs Debian's libnss3-tools and chromium for proxy/browser_test.go)", err)
	}

	// The CA goes into an NSS database in a fresh HOME: Chromium on
	// Linux trusts the roots of $HOME/.pki/nssdb, as README's "Installing
	// the CA" tells administrators. No certificate error is ignored.
	home := t.TempDir()
	nssdb := filepath.Join(home, ".pki", "nssdb")
	if err := os.MkdirAll(nssdb, 0o700); err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(home, "chatdlp-ca.pem")
	if err := os.WriteFile(caFile, e.ca.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-d", "sql:" + nssdb, "-N", "--empty-password"},
		{"-d", "sql:" + nssdb, "-A", "-t", "C,,", "-n", "chatdlp test CA", "-i", caFile},
	} {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		out, err := exec.CommandContext(cctx, certutil, args...).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("certutil %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	output := &chromiumOutput{max: 16 << 10}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", "new"),
		chromedp.Flag("no-sandbox", true), // root, in a container
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("proxy-server", "http://"+e.addr),
		// Even loopback goes through the proxy; chat.test is resolved by
		// the proxy only, so Chromium never tries it itself.
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Env("HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
			"XDG_CACHE_HOME="+filepath.Join(home, ".cache")),
		chromedp.CombinedOutput(output),
	}
	deadline, cancelDeadline := context.WithTimeout(context.Background(), 50*time.Second)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(deadline, opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// Registered after the proxy and the temp dirs, so it runs before
	// them: the browser is gone (cancelAlloc waits for it) before its
	// profile is removed and the proxy shuts down.
	t.Cleanup(func() {
		// Browser.close first, so that Chromium ends its own child
		// processes; then the contexts, which kill whatever is left.
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		if err := chromedp.Cancel(cctx); err != nil {
			t.Logf("closing Chromium: %v", err)
		}
		cancel()
		cancelCtx()
		cancelAlloc()
		cancelDeadline()
		if t.Failed() {
			t.Logf("chromium output (last %d bytes):\n%s", output.max, output.String())
		}
	})
	// The first action starts the browser; it lives until the deadline
	// or the cleanup, whichever comes first.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v\n%s", chromiumPath, err, output.String())
	}
	return ctx
}

// chromiumOutput keeps the last max bytes written to it.
type chromiumOutput struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *chromiumOutput) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *chromiumOutput) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
