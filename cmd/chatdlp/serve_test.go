package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serveConfig is a chatdlp.yaml for the tests: random loopback ports, a CA in
// ./ca (created on first run), the test upstream's CA as the only root, and
// the rule files in ./rules.
func serveConfig(proxyAddr, adminAddr, roots string) string {
	return fmt.Sprintf(`# chatdlp test configuration
listen: %s
admin: %s
ca: {cert: ca/ca.pem, key: ca/ca-key.pem}
upstream:
  roots: [%s]
rules: [rules/*.yaml]
log: {level: debug}
`, proxyAddr, adminAddr, roots)
}

// httpGet fetches url directly (not through the proxy) and returns status and body.
func httpGet(t testing.TB, url string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

func TestServe(t *testing.T) {
	wd := t.TempDir()
	up, roots := upstream(t, "hello from upstream")
	proxyAddr, adminAddr := freePort(t), freePort(t)
	cfgPath := filepath.Join(wd, "chatdlp.yaml")
	tHTTP, tHTTPS := freePort(t), freePort(t)
	cfg := serveConfig(proxyAddr, adminAddr, roots) + fmt.Sprintf("transparent: {http: %q, https: %q}\n", tHTTP, tHTTPS)
	writeFileAtomic(t, cfgPath, cfg)
	if err := os.Mkdir(filepath.Join(wd, "rules"), 0o750); err != nil {
		t.Fatal(err)
	}
	rulePath := filepath.Join(wd, "rules", "corp.yaml")
	writeFileAtomic(t, rulePath, goodRule)

	p := startServe(t, runOpts{dir: wd, env: []string{"CHATDLP_CONFIG=" + cfgPath}})
	start, next := p.logs.wait(t, 0, "proxy.start", "info")
	for key, want := range map[string]string{"listen": proxyAddr, "admin": adminAddr, "transparent.http": tHTTP, "transparent.https": tHTTPS} {
		if start[key] != want {
			t.Errorf("proxy.start: got %s=%v, want %s", key, start[key], want)
		}
	}
	curl := func(t *testing.T) {
		t.Helper()
		r := curlThroughProxy(t, wd, proxyAddr, filepath.Join(wd, "ca"), up.URL+"/hello")
		if r.code != 0 || r.stdout != "hello from upstream" {
			t.Fatalf("curl through the proxy: got exit %d body %q stderr %q, want the upstream body; log:\n%s", r.code, r.stdout, r.stderr, p.logs.dump())
		}
	}

	t.Run("creates the CA on first run", func(t *testing.T) {
		ev, _ := p.logs.find(0, "ca.create", "")
		if ev == nil || ev["cert"] != "ca/ca.pem" {
			t.Errorf("ca.create: got %v, want an event naming ca/ca.pem", ev)
		}
		st, err := os.Stat(filepath.Join(wd, "ca", caKeyFile))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("CA key: got %v %v, want mode 0600", st, err)
		}
	})
	t.Run("rules loaded", func(t *testing.T) {
		ev, _ := p.logs.find(0, "rules.reload", "info")
		if ev == nil || ev["count"] == nil || ev["count"].(float64) < 2 || ev["builtin"] != true {
			t.Errorf("rules.reload: got %v, want the built-in pack and corp.yaml", ev)
		}
	})
	t.Run("admin", func(t *testing.T) {
		if code, _ := httpGet(t, "http://"+adminAddr+"/readyz"); code != http.StatusOK {
			t.Errorf("/readyz: got %d, want 200", code)
		}
		if _, body := httpGet(t, "http://"+adminAddr+"/metrics"); !strings.Contains(body, "chatdlp_build_info") {
			t.Errorf("/metrics: got no chatdlp_build_info")
		}
		if _, body := httpGet(t, "http://"+adminAddr+"/proxy.pac"); !strings.Contains(body, "FindProxyForURL") {
			t.Errorf("/proxy.pac: got %q, want a PAC file", body)
		}
	})
	t.Run("curl through the proxy", curl)

	t.Run("broken rule file keeps the old rules", func(t *testing.T) {
		writeFileAtomic(t, rulePath, strings.Replace(goodRule, "severity: medium", "severity: medium\n    colour: red", 1))
		p.signal(t, syscall.SIGHUP)
		ev, n := p.logs.wait(t, next, "rules.reload", "error")
		next = n
		if !strings.Contains(fmt.Sprint(ev["error"]), "corp.yaml") {
			t.Errorf("rules.reload error: got %v, want it to name the file", ev["error"])
		}
		curl(t)
		writeFileAtomic(t, rulePath, goodRule)
		p.signal(t, syscall.SIGHUP)
		_, next = p.logs.wait(t, next, "config.reload", "info")
	})
	t.Run("a new rule file reloads without a signal", func(t *testing.T) {
		extra := strings.ReplaceAll(goodRule, "falcon", "eagle")
		writeFileAtomic(t, filepath.Join(wd, "rules", "extra.yaml"), extra)
		for {
			ev, n := p.logs.wait(t, next, "rules.reload", "info")
			next = n
			if strings.Contains(fmt.Sprint(ev["files"]), "rules/extra.yaml") {
				break
			}
		}
	})
	t.Run("SIGHUP with a broken config keeps serving", func(t *testing.T) {
		writeFileAtomic(t, cfgPath, cfg+"no_such_key: 1\n")
		p.signal(t, syscall.SIGHUP)
		ev, n := p.logs.wait(t, next, "config.error", "error")
		next = n
		unknownLine := fmt.Sprintf("line %d", strings.Count(cfg, "\n")+1)
		if !strings.Contains(fmt.Sprint(ev["error"]), unknownLine) {
			t.Errorf("config.error: got %v, want %s (the unknown key)", ev["error"], unknownLine)
		}
		curl(t)
		if code, _ := httpGet(t, "http://"+adminAddr+"/readyz"); code != http.StatusOK {
			t.Errorf("/readyz after a refused reload: got %d, want 200", code)
		}
	})
	t.Run("SIGTERM exits 0", func(t *testing.T) {
		p.signal(t, syscall.SIGTERM)
		if code := p.exitCode(t); code != 0 {
			t.Errorf("exit code: got %d, want 0; stderr: %s", code, p.stderr.String())
		}
		if ev, _ := p.logs.find(next, "proxy.stop", ""); ev == nil {
			t.Errorf("proxy.stop: no event")
		}
	})
	p.logs.checkEvents(t)
	if testing.Verbose() {
		t.Logf("log:\n%s", p.logs.dump())
	}
}

func TestServeRefusesInvalidConfigBeforeListening(t *testing.T) {
	tests := []struct {
		name    string
		extra   string          // appended to the config
		prepare func(wd string) // files to create
		want    string          // in stderr
	}{
		{"unknown key", "colour: red\n", nil, "line 9"},
		{"bad value", "services: {default: maybe}\n", nil, "services.default"},
		{"broken rule file", "", func(wd string) {
			_ = os.WriteFile(filepath.Join(wd, "rules", "bad.yaml"), []byte("rules:\n  - id: x\n    pattern: '(a+'\n"), 0o600)
		}, "bad.yaml"},
		{"missing htpasswd", "clients: {auth: {htpasswd: missing.htpasswd}}\n", nil, "missing.htpasswd"},
		{"CA key readable by others", "", func(wd string) {
			c := command(t, runOpts{dir: wd}, "ca", "init", "--dir", "ca")
			if err := c.Run(); err != nil {
				t.Fatalf("ca init: %v", err)
			}
			_ = os.Chmod(filepath.Join(wd, "ca", caKeyFile), 0o644)
		}, "ca-key.pem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wd := t.TempDir()
			_, roots := upstream(t, "")
			proxyAddr, adminAddr := freePort(t), freePort(t)
			if err := os.Mkdir(filepath.Join(wd, "rules"), 0o750); err != nil {
				t.Fatal(err)
			}
			if tt.prepare != nil {
				tt.prepare(wd)
			}
			writeFileAtomic(t, filepath.Join(wd, "chatdlp.yaml"), serveConfig(proxyAddr, adminAddr, roots)+tt.extra)
			p := startServe(t, runOpts{dir: wd}, "--config", "chatdlp.yaml")
			if code := p.exitCode(t); code != exitError {
				t.Fatalf("exit code: got %d, want %d; log:\n%s", code, exitError, p.logs.dump())
			}
			if !strings.Contains(p.stderr.String(), tt.want) {
				t.Errorf("stderr: got %q, want it to contain %q", p.stderr.String(), tt.want)
			}
			if ev, _ := p.logs.find(0, "config.error", "error"); ev == nil {
				t.Errorf("config.error: no event in the log:\n%s", p.logs.dump())
			}
			if ev, _ := p.logs.find(0, "proxy.start", "info"); ev != nil {
				t.Errorf("proxy.start: got %v, want none", ev)
			}
			for _, addr := range []string{proxyAddr, adminAddr} {
				if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
					_ = c.Close()
					t.Errorf("%s: something listened, want nothing", addr)
				}
			}
			p.logs.checkEvents(t)
		})
	}
}

// A rules glob over a directory that does not exist yet is a warning: the
// proxy runs with the built-in pack and picks the directory up once it is
// created. A plain path that does not exist is refused.
func TestServeRulesPaths(t *testing.T) {
	t.Run("glob over a missing directory", func(t *testing.T) {
		wd := t.TempDir()
		_, roots := upstream(t, "")
		writeFileAtomic(t, filepath.Join(wd, "chatdlp.yaml"), serveConfig(freePort(t), freePort(t), roots))
		p := startServe(t, runOpts{dir: wd}, "--config", "chatdlp.yaml")
		warn, _ := p.logs.wait(t, 0, "rules.reload", "warn")
		if warn["glob"] != "rules/*.yaml" {
			t.Errorf("rules.reload warning: got %v, want glob rules/*.yaml", warn)
		}
		ev, _ := p.logs.wait(t, 0, "rules.reload", "info")
		if ev["builtin"] != true || ev["count"] == nil || ev["count"].(float64) < 1 {
			t.Errorf("rules.reload: got %v, want the built-in pack", ev)
		}
		_, next := p.logs.wait(t, 0, "proxy.start", "info")
		// The watcher may start after proxy.start: write until it reloads.
		deadline := time.Now().Add(serveWait)
		for loaded := false; !loaded; {
			if time.Now().After(deadline) {
				t.Fatalf("rules/corp.yaml never loaded; log:\n%s", p.logs.dump())
			}
			if err := os.MkdirAll(filepath.Join(wd, "rules"), 0o750); err != nil {
				t.Fatal(err)
			}
			writeFileAtomic(t, filepath.Join(wd, "rules", "corp.yaml"), goodRule)
			time.Sleep(300 * time.Millisecond)
			for ev, n := p.logs.find(next, "rules.reload", "info"); ev != nil; ev, n = p.logs.find(n, "rules.reload", "info") {
				loaded = loaded || strings.Contains(fmt.Sprint(ev["files"]), "rules/corp.yaml")
			}
		}
		p.logs.checkEvents(t)
	})
	t.Run("missing plain path", func(t *testing.T) {
		wd := t.TempDir()
		_, roots := upstream(t, "")
		cfg := strings.Replace(serveConfig(freePort(t), freePort(t), roots), "rules: [rules/*.yaml]", "rules: [rules/corp.yaml]", 1)
		writeFileAtomic(t, filepath.Join(wd, "chatdlp.yaml"), cfg)
		p := startServe(t, runOpts{dir: wd}, "--config", "chatdlp.yaml")
		if code := p.exitCode(t); code != exitError {
			t.Fatalf("exit code: got %d, want %d; log:\n%s", code, exitError, p.logs.dump())
		}
		if !strings.Contains(p.stderr.String(), "rules/corp.yaml: cannot read") {
			t.Errorf("stderr: got %q, want it to name rules/corp.yaml", p.stderr.String())
		}
		if ev, _ := p.logs.find(0, "proxy.start", "info"); ev != nil {
			t.Errorf("proxy.start: got %v, want none", ev)
		}
	})
}

func TestServeLogFile(t *testing.T) {
	wd := t.TempDir()
	_, roots := upstream(t, "")
	logFile := filepath.Join(wd, "logs", "chatdlp.log")
	cfg := serveConfig(freePort(t), freePort(t), roots) + "\n" + strings.Replace("log: {level: info, file: FILE}\n", "FILE", logFile, 1)
	cfg = strings.Replace(cfg, "log: {level: debug}\n", "", 1)
	if err := os.Mkdir(filepath.Join(wd, "rules"), 0o750); err != nil {
		t.Fatal(err)
	}
	writeFileAtomic(t, filepath.Join(wd, "chatdlp.yaml"), cfg)
	p := startServe(t, runOpts{dir: wd}, "--config", "chatdlp.yaml")
	deadline := time.Now().Add(serveWait)
	for {
		data, _ := os.ReadFile(logFile)
		if strings.Contains(string(data), `"event":"proxy.start"`) {
			break
		}
		select {
		case <-p.done:
			t.Fatalf("serve exited: %v; log file: %q; stderr: %s", p.err, data, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("log file: no proxy.start within %v: %q; stderr: %s", serveWait, data, p.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.signal(t, syscall.SIGTERM)
	if code := p.exitCode(t); code != 0 {
		t.Fatalf("exit code: got %d, want 0", code)
	}
	st, err := os.Stat(logFile)
	if err != nil {
		t.Fatalf("stat: %v", err)
	}
	if perm := st.Mode().Perm(); perm&0o037 != 0 {
		t.Errorf("log file mode: got %v, want 0600 or 0640", perm)
	}
	if n := p.logs.len(); n != 0 {
		t.Errorf("stdout: got %d log lines, want none (logs go to log.file):\n%s", n, p.logs.dump())
	}
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	for _, l := range logLines(t, string(data)) {
		if _, ok := l["event"].(string); !ok {
			t.Errorf("log file line without event: %v", l)
		}
	}
}

func TestServeListenFailureOpensNothing(t *testing.T) {
	wd := t.TempDir()
	_, roots := upstream(t, "")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	proxyAddr := freePort(t)
	if err := os.Mkdir(filepath.Join(wd, "rules"), 0o750); err != nil {
		t.Fatal(err)
	}
	// The admin address is taken: the proxy listener opened before it must be closed again.
	writeFileAtomic(t, filepath.Join(wd, "chatdlp.yaml"), serveConfig(proxyAddr, busy.Addr().String(), roots))
	p := startServe(t, runOpts{dir: wd}, "--config", "chatdlp.yaml")
	if code := p.exitCode(t); code != exitError {
		t.Fatalf("exit code: got %d, want %d; log:\n%s", code, exitError, p.logs.dump())
	}
	if !strings.Contains(p.stderr.String(), "admin") {
		t.Errorf("stderr: got %q, want it to name the admin listener", p.stderr.String())
	}
	if ev, _ := p.logs.find(0, "proxy.start", "error"); ev == nil {
		t.Errorf("proxy.start error: no event in the log:\n%s", p.logs.dump())
	}
	if c, err := net.DialTimeout("tcp", proxyAddr, time.Second); err == nil {
		_ = c.Close()
		t.Errorf("%s: the proxy listener stayed open, want it closed", proxyAddr)
	}
	p.logs.checkEvents(t)
}
