package certs

import (
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
)

// benchHost numbers the new hosts of BenchmarkLeafMiss across all its runs.
var benchHost atomic.Uint64

// benchIssuers are the issuer variants the benchmarks compare: the default
// (ECDSA CA, one ECDSA leaf key per issuer), a fresh leaf key per leaf, and an
// RSA-3072 CA.
func benchIssuers(b *testing.B) []struct {
	name string
	iss  *Issuer
} {
	b.Helper()
	perLeaf := NewIssuer(testCA(b), IssuerOptions{})
	perLeaf.leafKey = nil
	dir := sharedRSACADir(b)
	rsaCA, err := LoadCA(filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName))
	if err != nil {
		b.Fatal(err)
	}
	return []struct {
		name string
		iss  *Issuer
	}{
		{"ecdsa-ca/shared-leaf-key", NewIssuer(testCA(b), IssuerOptions{})},
		{"ecdsa-ca/key-per-leaf", perLeaf},
		{"rsa3072-ca/shared-leaf-key", NewIssuer(rsaCA, IssuerOptions{})},
	}
}

// BenchmarkLeafMiss mints a leaf for a new host each iteration.
func BenchmarkLeafMiss(b *testing.B) {
	for _, v := range benchIssuers(b) {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := processCPUTime()
			for b.Loop() {
				n := benchHost.Add(1)
				if _, err := v.iss.Leaf("h" + strconv.FormatUint(n, 10) + ".example.com"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(processCPUTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkLeafHit serves a cached leaf, from one goroutine and in parallel.
func BenchmarkLeafHit(b *testing.B) {
	iss := NewIssuer(testCA(b), IssuerOptions{})
	if _, err := iss.Leaf("chat.example.com:443"); err != nil {
		b.Fatal(err)
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := iss.Leaf("chat.example.com:443"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := iss.Leaf("chat.example.com:443"); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
