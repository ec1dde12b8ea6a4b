package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The IRC tests drive Debian's ngircd (installed by `make test`, see
// .ci/deps) through the real chatdlp binary: clients that CONNECT through
// the proxy and clients that reach the server directly share a channel.

// startNgircd runs ngircd in the foreground on a free loopback port and
// returns its plaintext address; options are more lines after its
// [Options] section (options, or a further section such as [SSL]).
// A missing ngircd fails the test.
func startNgircd(t testing.TB, options ...string) string {
	t.Helper()
	bin, err := exec.LookPath("ngircd")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/ngircd"); err != nil {
			t.Fatalf("ngircd is not installed (make test installs it): %v", err)
		}
	}
	addr := freePort(t)
	_, port, _ := net.SplitHostPort(addr)
	dir := t.TempDir()
	conf := filepath.Join(dir, "ngircd.conf")
	writeFileAtomic(t, conf, fmt.Sprintf(`[Global]
	Name = irc.chatdlp.test
	Info = chatdlp test server
	Listen = 127.0.0.1
	Ports = %s
	Password = s3cretPassw0rd
[Limits]
	MaxNickLength = 30
	PingTimeout = 120
	PongTimeout = 20
[Options]
	DNS = no
	Ident = no
	PAM = no
	RequireAuthPing = no
%s
`, port, strings.Join(options, "\n")))
	if err := os.Chmod(conf, 0o644); err != nil { // ngircd reads it after dropping to nobody on reload
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-n", "-f", conf)
	out := &lockedWriter{w: &strings.Builder{}}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start ngircd: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			_ = c.Close()
			return addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("ngircd did not listen on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startTunnelServe runs `chatdlp serve` trusting roots for its upstream
// legs, with the built-in pack and rules (file name to YAML) in its rules
// directory; it returns the process, its directory and its addresses.
func startTunnelServe(t testing.TB, roots string, rules map[string]string) (p *serveProc, wd, proxyAddr, adminAddr string) {
	t.Helper()
	wd = t.TempDir()
	proxyAddr, adminAddr = freePort(t), freePort(t)
	cfgPath := filepath.Join(wd, "chatdlp.yaml")
	writeFileAtomic(t, cfgPath, serveConfig(proxyAddr, adminAddr, roots))
	if err := os.Mkdir(filepath.Join(wd, "rules"), 0o750); err != nil {
		t.Fatal(err)
	}
	for name, yaml := range rules {
		writeFileAtomic(t, filepath.Join(wd, "rules", name), yaml)
	}
	p = startServe(t, runOpts{dir: wd}, "--config", cfgPath)
	p.logs.wait(t, 0, "proxy.start", "info")
	return p, wd, proxyAddr, adminAddr
}

// ircClient is a scripted IRC client.
type ircClient struct {
	t    testing.TB
	nick string
	conn net.Conn
	r    *bufio.Reader
}

// dialIRC registers nick on the server at addr, directly or (proxy != "")
// through chatdlp: CONNECT and the first IRC lines go in one write.
func dialIRC(t testing.TB, proxy, addr, nick, first string) *ircClient {
	t.Helper()
	target := addr
	if proxy != "" {
		target = proxy
	}
	conn, err := net.DialTimeout("tcp", target, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", target, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	c := &ircClient{t: t, nick: nick, conn: conn, r: bufio.NewReader(conn)}
	user := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.ToLower(nick))
	hello := first + "NICK " + nick + "\r\nUSER u" + user + " 0 * :" + nick + "\r\n"
	if proxy != "" {
		hello = "CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n\r\n" + hello
	}
	if _, err := conn.Write([]byte(hello)); err != nil {
		t.Fatalf("write: %v", err)
	}
	if proxy != "" {
		c.readConnectReply(addr)
	}
	c.expect(func(l string) bool { return strings.Contains(l, " 001 ") }, "welcome")
	return c
}

// readConnectReply reads the proxy's answer to CONNECT.
func (c *ircClient) readConnectReply(addr string) {
	c.t.Helper()
	status, err := c.r.ReadString('\n')
	if err != nil || !strings.Contains(status, " 200 ") {
		c.t.Fatalf("CONNECT %s: %q %v", addr, status, err)
	}
	for l := ""; l != "\r\n"; {
		if l, err = c.r.ReadString('\n'); err != nil {
			c.t.Fatalf("CONNECT headers: %v", err)
		}
	}
}

func (c *ircClient) send(line string) {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(line + "\r\n")); err != nil {
		c.t.Fatalf("%s: write %q: %v", c.nick, line, err)
	}
}

// expect reads lines (answering PINGs) until match accepts one, and
// returns the lines read before it.
func (c *ircClient) expect(match func(string) bool, what string) []string {
	c.t.Helper()
	var seen []string
	_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	defer func() { _ = c.conn.SetReadDeadline(time.Time{}) }()
	for {
		l, err := c.r.ReadString('\n')
		if err != nil {
			c.t.Fatalf("%s: waiting for %s: %v; read %q", c.nick, what, err, seen)
		}
		if strings.HasPrefix(l, "PING ") {
			c.send("PONG " + strings.TrimSpace(l[5:]))
			continue
		}
		if match(l) {
			return seen
		}
		seen = append(seen, l)
	}
}

// join joins channel and waits for the end of its names list.
func (c *ircClient) join(channel string) {
	c.t.Helper()
	c.send("JOIN " + channel)
	c.expect(func(l string) bool { return strings.Contains(l, " 366 ") }, "names of "+channel)
}

func contains(sub string) func(string) bool {
	return func(l string) bool { return strings.Contains(l, sub) }
}

// TestServeIRC: IRC through chatdlp to ngircd. A card is never delivered
// and its sender gets a NOTICE; clean messages are; a NickServ IDENTIFY
// and a PASS on the plaintext leg raise creds.cleartext with no password
// anywhere; a DCC offer of setup.exe is dropped; a bot command arriving
// inbound is blocked by the built-in IRC rule.
func TestServeIRC(t *testing.T) {
	ircd := startNgircd(t)
	_, roots := upstream(t, "unused")
	p, _, proxyAddr, adminAddr := startTunnelServe(t, roots, nil)

	alice := dialIRC(t, proxyAddr, ircd, "alice", "PASS s3cretPassw0rd\r\n")
	bob := dialIRC(t, "", ircd, "bob", "PASS s3cretPassw0rd\r\n")
	alice.join("#ops")
	bob.join("#ops")
	alice.expect(contains("JOIN"), "bob's join")
	open, _ := p.logs.wait(t, 0, "tunnel.open", "info")
	if open["protocol"] != "irc" {
		t.Errorf("tunnel.open protocol: %v, want irc", open["protocol"])
	}

	t.Run("clean message delivered", func(t *testing.T) {
		alice.send("PRIVMSG #ops :hello team")
		bob.expect(contains("PRIVMSG #ops :hello team"), "the clean message")
	})
	t.Run("card blocked with a notice", func(t *testing.T) {
		alice.send("PRIVMSG #ops :my card 4012 8888 8888 1881 exp 12/29")
		notice := alice.expect(contains(":chatdlp NOTICE alice :"), "the block notice")
		_ = notice
		alice.send("PRIVMSG #ops :marker one")
		for _, l := range bob.expect(contains("marker one"), "the marker") {
			if strings.Contains(l, "8888") {
				t.Errorf("bob received the card: %q", l)
			}
		}
		block, _ := p.logs.wait(t, 0, "dlp.block", "warn")
		if block["protocol"] != "irc" || block["channel"] != "#ops" || block["rule_id"] != "payment-card" {
			t.Errorf("dlp.block: %v", block)
		}
	})
	t.Run("cleartext credentials", func(t *testing.T) {
		alice.send("PRIVMSG NickServ :IDENTIFY alice hunter2hunter2")
		alice.send("PRIVMSG #ops :marker two")
		bob.expect(contains("marker two"), "the marker")
		mechs := map[string]bool{}
		for i := 0; ; {
			l, next := p.logs.find(i, "creds.cleartext", "warn")
			if l == nil {
				break
			}
			mechs[fmt.Sprint(l["mechanism"])] = true
			i = next
		}
		if !mechs["pass"] || !mechs["nickserv"] {
			t.Errorf("creds.cleartext mechanisms: %v, want pass and nickserv", mechs)
		}
	})
	t.Run("dcc offer of an executable dropped", func(t *testing.T) {
		alice.send("PRIVMSG bob :\x01DCC SEND setup.exe 2130706433 5000 1000\x01")
		alice.expect(contains(":chatdlp NOTICE alice :"), "the block notice")
		alice.send("PRIVMSG bob :marker three")
		for _, l := range bob.expect(contains("marker three"), "the marker") {
			if strings.Contains(l, "DCC") {
				t.Errorf("bob received the offer: %q", l)
			}
		}
	})
	t.Run("inbound bot command blocked", func(t *testing.T) {
		bob.send("PRIVMSG #ops :!ddos 203.0.113.7 80 600")
		bob.send("PRIVMSG #ops :marker four")
		seen := alice.expect(contains("marker four"), "the marker")
		notified := false
		for _, l := range seen {
			if strings.Contains(l, "!ddos") {
				t.Errorf("alice received the bot command: %q", l)
			}
			notified = notified || strings.Contains(l, ":chatdlp NOTICE alice :") && strings.Contains(l, "not delivered")
		}
		if !notified {
			t.Errorf("alice got no notice of the dropped command: %q", seen)
		}
	})
	t.Run("bot nick and keyed join logged", func(t *testing.T) {
		bot := dialIRC(t, proxyAddr, ircd, "[USA|XP]123456", "PASS s3cretPassw0rd\r\n")
		bot.send("JOIN #b0tn3t s3cr3tk3y")
		bot.expect(contains(" 366 "), "names of #b0tn3t")
		found := map[string]bool{}
		for i := 0; ; {
			l, next := p.logs.find(i, "dlp.finding", "info")
			if l == nil {
				break
			}
			found[fmt.Sprint(l["rule_id"])] = true
			i = next
		}
		if !found["irc-bot-nick"] || !found["irc-keyed-join"] {
			t.Errorf("dlp.finding rules: %v, want irc-bot-nick and irc-keyed-join", found)
		}
	})
	if _, metrics := httpGet(t, "http://"+adminAddr+"/metrics"); !strings.Contains(metrics, `chatdlp_tunnels_total{protocol="irc"}`) ||
		!strings.Contains(metrics, `chatdlp_cleartext_credentials_total{protocol="irc"}`) {
		t.Errorf("/metrics has no IRC tunnel or clear-text credential series")
	}
	for _, secret := range []string{"hunter2hunter2", "s3cretPassw0rd", "4012 8888 8888 1881", "4012888888881881"} {
		if strings.Contains(p.logs.dump(), secret) || strings.Contains(p.stderr.String(), secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

// TestServeIRCServerSpeaksFirst: a client that waits for the server's
// greeting before registering (ngircd sends a NOTICE at once when told
// to) is not left hanging: the proxy sees the server speak, relays IRC,
// and the session is inspected as any other.
func TestServeIRCServerSpeaksFirst(t *testing.T) {
	ircd := startNgircd(t, "\tDNS = yes", "\tNoticeBeforeRegistration = yes")
	_, roots := upstream(t, "unused")
	p, _, proxyAddr, _ := startTunnelServe(t, roots, nil)

	conn, err := net.DialTimeout("tcp", proxyAddr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := &ircClient{t: t, nick: "dave", conn: conn, r: bufio.NewReader(conn)}
	start := time.Now()
	if _, err := conn.Write([]byte("CONNECT " + ircd + " HTTP/1.1\r\nHost: " + ircd + "\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	c.readConnectReply(ircd)
	c.expect(contains("NOTICE"), "the server's greeting")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the greeting took %v", d)
	}
	c.send("PASS s3cretPassw0rd")
	c.send("NICK dave")
	c.send("USER udave 0 * :dave")
	c.expect(contains(" 001 "), "welcome")
	c.join("#ops")
	c.send("PRIVMSG #ops :card 4012 8888 8888 1881")
	c.expect(contains(":chatdlp NOTICE dave :"), "the block notice")
	open, _ := p.logs.wait(t, 0, "tunnel.open", "info")
	if open["protocol"] != "irc" {
		t.Errorf("tunnel.open protocol: %v, want irc", open["protocol"])
	}
}

// TestServeIRCOverTLS: IRC over TLS through interception. The client
// trusts the company CA, chatdlp verifies ngircd's certificate, the
// session is inspected as ircs, and PASS on the encrypted upstream leg is
// no clear-text credential.
func TestServeIRCOverTLS(t *testing.T) {
	up, roots := upstream(t, "unused") // its certificate (127.0.0.1) is ngircd's
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "irc.pem"), filepath.Join(dir, "irc-key.pem")
	key, err := x509.MarshalPKCS8PrivateKey(up.TLS.Certificates[0].PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	writeFileAtomic(t, certFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: up.Certificate().Raw})))
	writeFileAtomic(t, keyFile, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key})))
	tlsAddr := freePort(t)
	_, tlsPort, _ := net.SplitHostPort(tlsAddr)
	startNgircd(t, "[SSL]", "\tCertFile = "+certFile, "\tKeyFile = "+keyFile, "\tPorts = "+tlsPort)
	p, wd, proxyAddr, _ := startTunnelServe(t, roots, nil)
	ca := chatdlp(t, runOpts{dir: wd}, "ca", "export", "--dir", "ca")
	pool := x509.NewCertPool()
	if ca.code != 0 || !pool.AppendCertsFromPEM([]byte(ca.stdout)) {
		t.Fatalf("ca export: exit %d %s", ca.code, ca.stderr)
	}

	raw, err := net.DialTimeout("tcp", proxyAddr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Write([]byte("CONNECT " + tlsAddr + " HTTP/1.1\r\nHost: " + tlsAddr + "\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	pre := &ircClient{t: t, conn: raw, r: bufio.NewReader(raw)}
	pre.readConnectReply(tlsAddr)
	if pre.r.Buffered() > 0 {
		t.Fatalf("bytes after the CONNECT reply before TLS")
	}
	tc := tls.Client(raw, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12})
	if err := tc.Handshake(); err != nil {
		t.Fatalf("TLS through the proxy: %v", err)
	}
	c := &ircClient{t: t, nick: "erin", conn: tc, r: bufio.NewReader(tc)}
	c.send("PASS s3cretPassw0rd")
	c.send("NICK erin")
	c.send("USER uerin 0 * :erin")
	c.expect(contains(" 001 "), "welcome")
	c.join("#sec")
	c.send("PRIVMSG #sec :card 4012 8888 8888 1881")
	c.expect(contains(":chatdlp NOTICE erin :"), "the block notice")
	block, _ := p.logs.wait(t, 0, "dlp.block", "warn")
	if block["protocol"] != "ircs" {
		t.Errorf("dlp.block protocol: %v, want ircs", block["protocol"])
	}
	if l, _ := p.logs.find(0, "creds.cleartext", ""); l != nil {
		t.Errorf("creds.cleartext on a TLS upstream leg: %v", l)
	}
}

// TestServeIRCWeeChat: a real IRC client, WeeChat (headless, from
// Debian's weechat-headless), set to use chatdlp as its HTTP proxy, talks
// to a user on ngircd: its clean messages arrive, the card between them
// does not, and the block is logged for its session.
func TestServeIRCWeeChat(t *testing.T) {
	weechat, err := exec.LookPath("weechat-headless")
	if err != nil {
		t.Fatalf("weechat-headless is not installed (make test installs it): %v", err)
	}
	ircd := startNgircd(t)
	_, roots := upstream(t, "unused")
	p, _, proxyAddr, _ := startTunnelServe(t, roots, nil)
	bob := dialIRC(t, "", ircd, "bob", "PASS s3cretPassw0rd\r\n")

	proxyHost, proxyPort, _ := net.SplitHostPort(proxyAddr)
	ircHost, ircPort, _ := net.SplitHostPort(ircd)
	args := []string{"--temp-dir", "--stdout", "--no-script", "-P", "irc"}
	for _, c := range []string{ // one -r each: -r splits its argument at unescaped semicolons
		"/proxy add chatdlp http " + proxyHost + " " + proxyPort,
		"/server add corp " + ircHost + "/" + ircPort + " -notls",
		"/set irc.server.corp.proxy chatdlp",
		"/set irc.server.corp.password s3cretPassw0rd",
		"/set irc.server.corp.nicks frank",
		"/set irc.server.corp.username ufrank",
		`/set irc.server.corp.command "/msg bob hello from weechat\;/msg bob card 4012 8888 8888 1881\;/msg bob after the card"`,
		"/connect corp",
	} {
		args = append(args, "-r", c)
	}
	cmd := exec.Command(weechat, args...)
	out := &lockedWriter{w: &strings.Builder{}}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start weechat: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("weechat:\n%s\nchatdlp:\n%s", out.String(), p.logs.dump())
		}
	})

	bob.expect(contains(":frank!"), "weechat's first message")
	seen := bob.expect(contains("after the card"), "weechat's last message")
	for _, l := range seen {
		if strings.Contains(l, "8888") {
			t.Errorf("bob received the card: %q", l)
		}
	}
	block, _ := p.logs.wait(t, 0, "dlp.block", "warn")
	if block["protocol"] != "irc" || block["channel"] != "bob" {
		t.Errorf("dlp.block: %v", block)
	}
}
