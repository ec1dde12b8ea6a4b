// Command compare measures chatdlp's engine against gitleaks on the same
// secrets corpus: recall on testdata/corpus/secrets.txt (one credential
// message per blank-line-separated block) and throughput (MB/s) on a
// larger file of those messages mixed with clean chat. gitleaks must be on
// PATH or in $(go env GOPATH)/bin:
//
//	go install github.com/zricethezav/gitleaks/v8@latest
//	go run ./testdata/corpus/compare
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/rules"
)

// block is one message of a corpus file and its 1-based line range.
type block struct {
	text       string
	start, end int
}

func main() {
	corpus := flag.String("corpus", "testdata/corpus", "corpus directory")
	pack := flag.String("rules", "rules/builtin/*.yaml", "rule files")
	size := flag.Int("mb", 8, "size of the throughput file in MB")
	bin := flag.String("gitleaks", "", "gitleaks binary (default: PATH, then GOPATH/bin)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of chatdlp's throughput run")
	flag.Parse()
	set, err := rules.Load([]string{*pack}, false)
	if err != nil {
		log.Fatal(err)
	}
	eng, err := inspect.NewEngine(set, inspect.Options{})
	if err != nil {
		log.Fatal(err)
	}
	secretsPath := filepath.Join(*corpus, "secrets.txt")
	data, err := os.ReadFile(secretsPath)
	if err != nil {
		log.Fatal(err)
	}
	secrets := blocks(string(data))
	tmp, err := os.MkdirTemp("", "chatdlp-compare")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	bigPath := filepath.Join(tmp, "mixed.txt")
	big := mixed(string(data), filepath.Join(*corpus, "negatives.jsonl"), *size<<20)
	if err := os.WriteFile(bigPath, []byte(big), 0o600); err != nil {
		log.Fatal(err)
	}

	fmt.Printf("secrets corpus: %s, %d messages, %d bytes; throughput files: mixed (clean chat incl. base64 images + secrets) %d bytes, secrets-only\n", secretsPath, len(secrets), len(data), len(big))
	found, _ := chatdlpScan(eng, secrets)
	onlyPath := filepath.Join(tmp, "secrets-only.txt")
	only := strings.Repeat(string(data), max(1, (*size<<20)/len(data)))
	if err := os.WriteFile(onlyPath, []byte(only), 0o600); err != nil {
		log.Fatal(err)
	}
	stop := startProfile(*profile)
	fmt.Printf("chatdlp : recall %d/%d = %.3f\n", found, len(secrets), float64(found)/float64(len(secrets)))
	for _, f := range []struct{ name, text string }{{"mixed", big}, {"secrets-only", only}} {
		cpu0 := cpuTime()
		_, dur := chatdlpScan(eng, blocks(f.text))
		cpu := cpuTime() - cpu0
		fmt.Printf("chatdlp : %-12s %.1f MB/s wall, %.1f MB/s per CPU-second (one goroutine, %v)\n",
			f.name, mbps(len(f.text), dur), mbps(len(f.text), cpu), dur.Round(time.Millisecond))
	}
	stop()

	gl := gitleaksBinary(*bin)
	if gl == "" {
		fmt.Println("gitleaks: not installed (go install github.com/zricethezav/gitleaks/v8@latest)")
		return
	}
	lines, _, _, err := gitleaksScan(gl, secretsPath, tmp)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range []struct{ name, path string }{{"mixed", bigPath}, {"secrets-only", onlyPath}} {
		st, _ := os.Stat(f.path)
		_, gdur, gcpu, err := gitleaksScan(gl, f.path, tmp)
		if err != nil {
			log.Fatal(err)
		}
		n := int(st.Size())
		fmt.Printf("gitleaks: %-12s %.1f MB/s wall, %.1f MB/s per CPU-second (whole process, %v)\n",
			f.name, mbps(n, gdur), mbps(n, gcpu), gdur.Round(time.Millisecond))
	}
	labels := labelsOf(filepath.Join(*corpus, "positives.jsonl"))
	gfound, missed := 0, map[string]int{}
	for _, b := range secrets {
		if hitIn(lines, b) {
			gfound++
		} else {
			missed[labels[b.text]]++
		}
	}
	defer fmt.Printf("gitleaks misses by chatdlp rule: %v\n", missed)
	fmt.Printf("gitleaks: recall %d/%d = %.3f\n", gfound, len(secrets), float64(gfound)/float64(len(secrets)))
}

// blocks splits text into blank-line-separated messages.
func blocks(text string) []block {
	var out []block
	var cur []string
	start := 1
	for i, line := range strings.Split(text, "\n") {
		if line == "" {
			if len(cur) > 0 {
				out = append(out, block{strings.Join(cur, "\n"), start, i})
			}
			cur, start = nil, i+2
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, block{strings.Join(cur, "\n"), start, start + len(cur) - 1})
	}
	return out
}

// mixed repeats the secret messages and the negatives' texts, one clean
// message per blank-line block, up to size bytes.
func mixed(secrets, negativesPath string, size int) string {
	data, err := os.ReadFile(negativesPath)
	if err != nil {
		log.Fatal(err)
	}
	var clean strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var c struct{ Text string }
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(&clean, "%s\n\n", strings.ReplaceAll(c.Text, "\n\n", "\n"))
	}
	unit := clean.String() + secrets
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(unit)
	}
	return b.String()
}

// chatdlpScan inspects each block as one outbound message and returns how
// many had a finding and the time taken.
func chatdlpScan(eng *inspect.Engine, bs []block) (int, time.Duration) {
	found := 0
	start := time.Now()
	for _, b := range bs {
		v, err := eng.Inspect(context.Background(), inspect.Message{Text: b.text, Direction: rules.DirectionOutbound, Service: "slack"})
		if err != nil {
			log.Fatal(err)
		}
		if len(v.Findings) > 0 {
			found++
		}
	}
	return found, time.Since(start)
}

func gitleaksBinary(flagged string) string {
	if flagged != "" {
		return flagged
	}
	if p, err := exec.LookPath("gitleaks"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		return ""
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "bin", "gitleaks")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// gitleaksScan runs gitleaks on one file with a redacted JSON report and
// returns the findings' line ranges, the wall time and the CPU time.
func gitleaksScan(bin, path, tmp string) ([][2]int, time.Duration, time.Duration, error) {
	report := filepath.Join(tmp, "report.json")
	cmd := exec.Command(bin, "dir", path, "--no-banner", "--redact", "--log-level", "error",
		"--report-format", "json", "--report-path", report, "--exit-code", "0")
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return nil, 0, 0, fmt.Errorf("gitleaks: %w", err)
	}
	dur := time.Since(start)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	data, err := os.ReadFile(report)
	if err != nil {
		return nil, 0, 0, err
	}
	var findings []struct{ StartLine, EndLine int }
	if err := json.Unmarshal(data, &findings); err != nil {
		return nil, 0, 0, errors.New("gitleaks: unreadable report")
	}
	lines := make([][2]int, len(findings))
	for i, f := range findings {
		lines[i] = [2]int{f.StartLine, f.EndLine}
	}
	return lines, dur, cpu, nil
}

// labelsOf maps each positive's text to its first expected rule id.
func labelsOf(path string) map[string]string {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var c struct {
			Text  string
			Rules []string
		}
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			log.Fatal(err)
		}
		if len(c.Rules) > 0 {
			out[c.Text] = c.Rules[0]
		}
	}
	return out
}

func hitIn(lines [][2]int, b block) bool {
	for _, l := range lines {
		if l[0] <= b.end && l[1] >= b.start {
			return true
		}
	}
	return false
}

func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mbps(n int, d time.Duration) float64 { return float64(n) / 1e6 / d.Seconds() }
