package main

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// TestSoakShort runs the soak briefly (15 s of load from 40 clients) with
// its pass criteria: no lost, corrupted or leaked message or file, faults
// with their expected outcomes only, the proxy's goroutines back to idle
// and its RSS bounded, a probe answered every second.
func TestSoakShort(t *testing.T) {
	if testing.Short() {
		t.Skip("a 15 s soak")
	}
	o := defaultOptions()
	o.soak, o.soakClients = 15*time.Second, 40
	if v := os.Getenv("CHATDLP_SOAK"); v != "" { // a longer run: CHATDLP_SOAK=2m
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("CHATDLP_SOAK: %v", err)
		}
		o.soak = d
	}
	var out bytes.Buffer
	pass, err := runSoak(o, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatalf("runSoak: %v", err)
	}
	if !pass {
		t.Errorf("the soak failed its checks (see the report)")
	}
}

// TestCheckIntegrity: the comparison of what was sent with what arrived
// finds every kind of loss.
func TestCheckIntegrity(t *testing.T) {
	want := map[string]soakWant{
		"ok":      {kind: "post", sha: "a", size: 1, arrive: true},
		"lost":    {kind: "post", sha: "b", size: 1, arrive: true},
		"changed": {kind: "upload", sha: "c", size: 1, arrive: true},
		"twice":   {kind: "post", sha: "d", size: 1, arrive: true},
		"blocked": {kind: "post card", sha: "e", size: 1},
		"leaked":  {kind: "post card", sha: "f", size: 1},
	}
	got := soakReceived{Items: map[string]soakArrival{
		"ok":      {SHA: "a", Size: 1, Count: 1},
		"changed": {SHA: "x", Size: 1, Count: 1},
		"twice":   {SHA: "d", Size: 1, Count: 2},
		"leaked":  {SHA: "f", Size: 1, Count: 1},
		"extra":   {SHA: "g", Size: 1, Count: 1},
	}}
	in := checkIntegrity(want, got)
	if in.arrived["post"] != 1 || in.lost != 1 || in.corrupted != 1 || in.duplicated != 1 || in.leaked != 1 ||
		in.blocked["post card"] != 1 || in.unaccounted != 1 || len(in.examples) != 4 {
		t.Errorf("checkIntegrity: got %+v", in)
	}
}
