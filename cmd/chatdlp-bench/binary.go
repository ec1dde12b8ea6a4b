package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// spawnBinary runs a built chatdlp (`chatdlp serve --config FILE`) as a
// chatdlp target instead of the in-process proxy.New child: the whole
// product, with its logger, admin listener and metrics, as deployed. With
// inspecting it loads the built-in rules; without, services.default allow
// turns inspection off (the closest a configuration gets to no inspector).
func spawnBinary(bin, dir string, inspecting bool) (*child, error) {
	listen, err := freePort()
	if err != nil {
		return nil, err
	}
	admin, err := freePort()
	if err != nil {
		return nil, err
	}
	services := "inspect"
	if !inspecting {
		services = "allow"
	}
	cfg := fmt.Sprintf(`listen: %s
admin: %s
ca: {cert: %q, key: %q}
upstream: {roots: [%q]}
builtin_rules: %t
services: {default: %s}
files: {max_scan_bytes: %d}
log: {level: error}
`, listen, admin, filepath.Join(dir, proxyCACert), filepath.Join(dir, proxyCAKey), filepath.Join(dir, upstreamCA),
		inspecting, services, benchMaxScan)
	file := filepath.Join(dir, fmt.Sprintf("chatdlp-%s.yaml", services))
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	cmd := exec.Command(bin, "serve", "--config", file) //nolint:gosec // the binary the operator named with -chatdlp-bin
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start %s: %w", bin, err)
	}
	role := "chatdlp"
	if !inspecting {
		role = "chatdlp-noinspect"
	}
	c := &child{role: role, addr: listen, cmd: cmd, in: in}
	if err := waitListening(listen, 15*time.Second); err != nil {
		c.stop()
		return nil, fmt.Errorf("bench: %s serve: %w", bin, err)
	}
	return c, nil
}

// freePort returns a loopback address with a port free right now.
func freePort() (string, error) {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("bench: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitListening polls addr until it accepts a connection.
func waitListening(addr string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not listening on %s: %w", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
