package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"encoding/xml"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The XMPP tests drive Debian's prosody (installed by `make test`, see
// .ci/deps) through the real chatdlp binary, with scripted clients that
// speak RFC 6120 themselves: one through the proxy, one straight to the
// server.

// xmppDomain offers STARTTLS (a certificate of its own); xmppPlain does not.
const (
	xmppDomain = "chat.test"
	xmppPlain  = "plain.test"
)

// xmppRules adds a rule for both directions, for the inbound case.
const xmppRules = `rules:
  - id: project-zeus
    description: Code name of an unannounced project
    severity: high
    pattern: '\bPROJECT-ZEUS\b'
    keywords: [project-zeus]
    direction: both
    action: block
    examples:
      match: ["about PROJECT-ZEUS"]
      no_match: ["zeus"]
`

// startProsody runs prosody in the foreground on a free loopback port
// for chat.test, with a certificate for it (returned as a PEM file), and
// plain.test without TLS; each with the users alice, bob and carol
// (password pw-<name>).
func startProsody(t testing.TB) (addr, certFile string) {
	t.Helper()
	bin, err := exec.LookPath("prosody")
	if err != nil {
		t.Fatalf("prosody is not installed (make test installs it): %v", err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeSelfSigned(t, certFile, keyFile, xmppDomain)
	addr = freePort(t)
	_, port, _ := net.SplitHostPort(addr)
	cfg := filepath.Join(dir, "prosody.cfg.lua")
	writeFileAtomic(t, cfg, fmt.Sprintf(`run_as_root = true
pidfile = %[1]q
data_path = %[2]q
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "presence"; "message"; "iq"; }
modules_disabled = { "s2s"; "offline"; "c2s_bosh"; "http"; "posix"; }
c2s_ports = { %[3]s }
c2s_interfaces = { "127.0.0.1" }
s2s_ports = {}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
log = { info = %[4]q }
VirtualHost %[5]q
  ssl = { certificate = %[6]q; key = %[7]q; }
VirtualHost %[8]q
  modules_disabled = { "tls"; }
`, filepath.Join(dir, "prosody.pid"), filepath.Join(dir, "data"), port, filepath.Join(dir, "prosody.log"), xmppDomain, certFile, keyFile, xmppPlain))
	if err := os.Mkdir(filepath.Join(dir, "data"), 0o750); err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{xmppDomain, xmppPlain} {
		for _, u := range []string{"alice", "bob", "carol"} {
			out, err := exec.Command("prosodyctl", "--config", cfg, "register", u, host, "pw-"+u).CombinedOutput()
			if err != nil {
				t.Fatalf("prosodyctl register %s@%s: %v\n%s", u, host, err, out)
			}
		}
	}
	cmd := exec.Command(bin, "-F", "--config", cfg)
	out := &lockedWriter{w: &strings.Builder{}}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start prosody: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			_ = c.Close()
			return addr, certFile
		}
		if time.Now().After(deadline) {
			t.Fatalf("prosody did not listen on %s: %v\n%s", addr, err, out.String())
		}
	}
}

// writeSelfSigned writes a self-signed ECDSA certificate for name.
func writeSelfSigned(t testing.TB, certFile, keyFile, name string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writeFileAtomic(t, certFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	writeFileAtomic(t, keyFile, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})))
	if err := os.Chmod(keyFile, 0o644); err != nil {
		t.Fatal(err)
	}
}

// xmppClient is a scripted XMPP client.
type xmppClient struct {
	t      testing.TB
	user   string
	domain string
	conn   net.Conn
	dec    *xml.Decoder
}

// xmppElem is a top-level element the client reads.
type xmppElem struct {
	XMLName xml.Name
	Type    string `xml:"type,attr"`
	ID      string `xml:"id,attr"`
	From    string `xml:"from,attr"`
	Body    string `xml:"body"`
	Inner   string `xml:",innerxml"`
}

// dialXMPP logs user@domain in on the server at addr, through the proxy
// when proxy is set; with starttls (trusting roots) before authenticating.
func dialXMPP(t testing.TB, proxy, addr, user, domain string, starttls bool, roots *x509.CertPool) *xmppClient {
	t.Helper()
	target := addr
	if proxy != "" {
		target = proxy
	}
	conn, err := net.DialTimeout("tcp", target, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	c := &xmppClient{t: t, user: user, domain: domain, conn: conn}
	if proxy != "" {
		if _, err := conn.Write([]byte("CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		pre := &ircClient{t: t, conn: conn, r: bufio.NewReader(conn)}
		pre.readConnectReply(addr)
	}
	c.open()
	if starttls {
		c.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
		if e := c.next(); e.XMLName.Local != "proceed" {
			t.Fatalf("%s: STARTTLS answered %s", user, e.XMLName.Local)
		}
		tc := tls.Client(c.conn, &tls.Config{ServerName: domain, RootCAs: roots, MinVersion: tls.VersionTLS12})
		if err := tc.Handshake(); err != nil {
			t.Fatalf("%s: TLS after STARTTLS: %v", user, err)
		}
		c.conn = tc
		c.open()
	}
	creds := base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00pw-" + user))
	c.write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + creds + "</auth>")
	if e := c.next(); e.XMLName.Local != "success" {
		t.Fatalf("%s: SASL answered %s %s", user, e.XMLName.Local, e.Inner)
	}
	c.open()
	c.write("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>test</resource></bind></iq>")
	c.until(func(e xmppElem) bool { return e.ID == "bind1" }, "bind")
	c.write("<presence/>")
	return c
}

// open sends a stream header and reads the server's up to its features.
func (c *xmppClient) open() {
	c.t.Helper()
	c.write("<?xml version='1.0'?><stream:stream to='" + c.domain + "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")
	c.dec = xml.NewDecoder(c.conn)
	_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		tok, err := c.dec.Token()
		if err != nil {
			c.t.Fatalf("%s: stream header: %v", c.user, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "stream" {
			break
		}
	}
	if e := c.next(); e.XMLName.Local != "features" {
		c.t.Fatalf("%s: got %s, want stream features", c.user, e.XMLName.Local)
	}
}

func (c *xmppClient) write(s string) {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(s)); err != nil {
		c.t.Fatalf("%s: write: %v", c.user, err)
	}
}

// next reads the next top-level element.
func (c *xmppClient) next() xmppElem {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	defer func() { _ = c.conn.SetReadDeadline(time.Time{}) }()
	for {
		tok, err := c.dec.Token()
		if err != nil {
			c.t.Fatalf("%s: read: %v", c.user, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			var e xmppElem
			if err := c.dec.DecodeElement(&e, &se); err != nil {
				c.t.Fatalf("%s: element: %v", c.user, err)
			}
			return e
		}
	}
}

// until reads elements until match accepts one; it returns those before.
func (c *xmppClient) until(match func(xmppElem) bool, what string) []xmppElem {
	c.t.Helper()
	var seen []xmppElem
	for {
		e := c.next()
		if match(e) {
			return seen
		}
		seen = append(seen, e)
	}
}

// say sends a chat message to user on the client's domain.
func (c *xmppClient) say(to, id, body string) {
	c.t.Helper()
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(body))
	c.write("<message to='" + to + "@" + c.domain + "' type='chat' id='" + id + "'><body>" + b.String() + "</body></message>")
}

func bodyIs(text string) func(xmppElem) bool {
	return func(e xmppElem) bool { return e.XMLName.Local == "message" && e.Body == text }
}

// TestServeXMPP: two clients on prosody, one through chatdlp, exchange
// messages: a plaintext client of a server without TLS, a plaintext
// client of a server that offers STARTTLS (chatdlp upgrades the server
// leg itself), and a client that asks for STARTTLS (intercepted on both
// legs). A card never reaches bob and bounces to the sender with
// <policy-violation/>; a clean message arrives; SASL PLAIN raises
// creds.cleartext (never the password) only where the server leg stays
// plaintext; a blocked inbound message is dropped and the receiver told.
func TestServeXMPP(t *testing.T) {
	server, certFile := startProsody(t)
	p, wd, proxyAddr, _ := startTunnelServe(t, certFile, map[string]string{"xmpp.yaml": xmppRules})
	ca := chatdlp(t, runOpts{dir: wd}, "ca", "export", "--dir", "ca")
	pool := x509.NewCertPool()
	if ca.code != 0 || !pool.AppendCertsFromPEM([]byte(ca.stdout)) {
		t.Fatalf("ca export: exit %d %s", ca.code, ca.stderr)
	}
	serverRoots := x509.NewCertPool()
	pemBytes, _ := os.ReadFile(certFile)
	serverRoots.AppendCertsFromPEM(pemBytes)

	bobs := map[string]*xmppClient{
		xmppDomain: dialXMPP(t, "", server, "bob", xmppDomain, true, serverRoots),
		xmppPlain:  dialXMPP(t, "", server, "bob", xmppPlain, false, nil),
	}
	for _, tt := range []struct {
		name, user, domain  string
		starttls, cleartext bool
	}{
		{name: "plaintext, server without TLS", user: "alice", domain: xmppPlain, cleartext: true},
		{name: "plaintext client, server leg upgraded", user: "alice", domain: xmppDomain},
		{name: "starttls intercepted", user: "carol", domain: xmppDomain, starttls: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			from := p.logs.len()
			bob := bobs[tt.domain]
			c := dialXMPP(t, proxyAddr, server, tt.user, tt.domain, tt.starttls, pool)
			c.say("bob", "m1", "hello from "+tt.user)
			bob.until(bodyIs("hello from "+tt.user), "the clean message")

			c.say("bob", "m2", "card 4012 8888 8888 1881")
			c.until(func(e xmppElem) bool {
				return e.ID == "m2" && e.Type == "error" && strings.Contains(e.Inner, "<policy-violation") && strings.Contains(e.Inner, "incident")
			}, "the bounce with policy-violation")
			c.say("bob", "m3", "marker "+tt.user)
			for _, e := range bob.until(bodyIs("marker "+tt.user), "the marker") {
				if strings.Contains(e.Body, "8888") {
					t.Errorf("bob received the card: %q", e.Body)
				}
			}
			block, next := p.logs.wait(t, from, "dlp.block", "warn")
			for block["rule_id"] != "payment-card" { // the log is read as it comes: skip the last case's inbound block
				block, next = p.logs.wait(t, next, "dlp.block", "warn")
			}
			if block["protocol"] != "xmpp" || block["direction"] != "outbound" {
				t.Errorf("dlp.block: %v", block)
			}
			cred, _ := p.logs.find(from, "creds.cleartext", "")
			switch {
			case tt.cleartext && (cred == nil || cred["mechanism"] != "sasl-plain" || cred["account"] != tt.user):
				t.Errorf("creds.cleartext on the plaintext leg: %v", cred)
			case !tt.cleartext && cred != nil:
				t.Errorf("creds.cleartext on a TLS server leg: %v", cred)
			}

			bob.write("<message to='" + tt.user + "@" + tt.domain + "' type='chat' id='in1'><body>about PROJECT-ZEUS</body></message>")
			bob.say(tt.user, "in2", "marker back")
			seen := c.until(bodyIs("marker back"), "the marker back")
			told := false
			for _, e := range seen {
				if strings.Contains(e.Body, "PROJECT-ZEUS") {
					t.Errorf("%s received the blocked message", tt.user)
				}
				told = told || e.Type == "headline" && strings.Contains(e.Body, "was not delivered")
			}
			if !told {
				t.Errorf("%s was not told of the dropped message: %+v", tt.user, seen)
			}
		})
	}
	for _, secret := range []string{"pw-alice", "pw-carol", base64.StdEncoding.EncodeToString([]byte("\x00alice\x00pw-alice")), "4012 8888 8888 1881"} {
		if strings.Contains(p.logs.dump(), secret) || strings.Contains(p.stderr.String(), secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}
