package proxy

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chatdlp/chatdlp/config"
)

func TestReload(t *testing.T) {
	e := newEnv(t, nil)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer up.Close()
	get := func() int {
		tr := e.transport()
		tr.DisableKeepAlives = true
		resp, err := (&http.Client{Transport: tr}).Get("http://" + hostPort("chat.test", up) + "/")
		if err != nil {
			t.Fatalf("Get(): %v", err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := get(); got != 200 {
		t.Fatalf("before reload: got %d, want 200", got)
	}
	cfg := config.Default()
	cfg.Services.Overrides = map[string]string{"slack": "block"}
	cfg.Services.Hosts = map[string][]string{"slack": {"chat.test"}}
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatalf("Reload(): %v", err)
	}
	if got := get(); got != 403 {
		t.Errorf("after reload blocking slack: got %d, want 403", got)
	}
	bad := config.Default()
	bad.Clients.Auth.Htpasswd = "/nonexistent/htpasswd"
	if err := e.srv.Reload(bad); err == nil {
		t.Errorf("Reload(invalid): got nil error")
	}
	if got := get(); got != 403 {
		t.Errorf("after a refused reload: got %d, want 403 (policy kept)", got)
	}
}

// TestShutdown: an in-flight request completes; Shutdown returns once it
// has, and new connections are refused.
func TestShutdown(t *testing.T) {
	e := newEnv(t, nil)
	release := make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		_, _ = io.WriteString(w, "done")
	}))
	defer up.Close()
	type result struct {
		code int
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := e.client().Get("http://" + hostPort("chat.test", up) + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- result{code: resp.StatusCode, body: string(b)}
	}()
	time.Sleep(200 * time.Millisecond) // the request is in flight
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- e.srv.Shutdown(ctx)
	}()
	time.Sleep(100 * time.Millisecond)
	close(release)
	if r := <-res; r.err != nil || r.code != 200 || r.body != "done" {
		t.Errorf("in-flight request during Shutdown: got %d %q %v", r.code, r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown(): %v", err)
	}
}
