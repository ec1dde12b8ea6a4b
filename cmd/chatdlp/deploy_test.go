package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatdlp/chatdlp/config"
	"go.yaml.in/yaml/v3"
)

// TestDeployExamples: the shipped deployment examples stay true: the
// configuration file and the one in the Kubernetes ConfigMap load as
// chatdlp configurations, the Deployment runs several replicas probed on
// the admin endpoints, and the systemd unit and the container file start
// `chatdlp serve` with a configuration.
func TestDeployExamples(t *testing.T) {
	deploy := filepath.Join("..", "..", "deploy")
	if _, err := config.LoadFile(filepath.Join(deploy, "chatdlp.yaml")); err != nil {
		t.Errorf("deploy/chatdlp.yaml: %v", err)
	}
	raw, err := os.ReadFile(filepath.Join(deploy, "kubernetes", "chatdlp.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]map[string]any{}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("kubernetes/chatdlp.yaml: %v", err)
		}
		kinds[doc["kind"].(string)+"/"+doc["metadata"].(map[string]any)["name"].(string)] = doc
	}
	cm, dep := kinds["ConfigMap/chatdlp-config"], kinds["Deployment/chatdlp"]
	if cm == nil || dep == nil || kinds["Service/chatdlp"] == nil {
		t.Fatalf("kubernetes/chatdlp.yaml has %v, want the ConfigMap, Deployment and Service", keys(kinds))
	}
	cfg := filepath.Join(t.TempDir(), "chatdlp.yaml")
	if err := os.WriteFile(cfg, []byte(cm["data"].(map[string]any)["chatdlp.yaml"].(string)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := config.LoadFile(cfg); err != nil {
		t.Errorf("the ConfigMap's chatdlp.yaml: %v", err)
	}
	spec := dep["spec"].(map[string]any)
	if spec["replicas"].(int) < 2 {
		t.Errorf("Deployment: %v replicas, want several", spec["replicas"])
	}
	pod := spec["template"].(map[string]any)["spec"].(map[string]any)
	c := pod["containers"].([]any)[0].(map[string]any)
	if c["readinessProbe"].(map[string]any)["httpGet"].(map[string]any)["path"] != "/readyz" ||
		c["livenessProbe"].(map[string]any)["httpGet"].(map[string]any)["path"] != "/healthz" {
		t.Errorf("Deployment: probes %v %v, want /readyz and /healthz", c["readinessProbe"], c["livenessProbe"])
	}
	for _, f := range []struct{ file, want string }{
		{filepath.Join(deploy, "systemd", "chatdlp.service"), "ExecStart=/usr/local/bin/chatdlp serve --config /etc/chatdlp/chatdlp.yaml"},
		{filepath.Join(deploy, "Containerfile"), `CMD ["serve", "--config", "/etc/chatdlp/chatdlp.yaml"]`},
	} {
		b, err := os.ReadFile(f.file)
		if err != nil || !strings.Contains(string(b), f.want) {
			t.Errorf("%s: %v, want %q", f.file, err, f.want)
		}
	}
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
