package inspect

import "golang.org/x/sys/cpu"

// classifyAVX2 is classifyBlocks in AVX2 (classify_amd64.s).
//
//go:noescape
func classifyAVX2(s string, out []uint64, stride int) uint8

// classifyBlocks classifies s, whose length is a multiple of 64, one word
// per 64-byte block and class: the word of block b and class k (bit k of
// byteClass) goes to out[k*stride+b]. It returns the byte flags of s.
var classifyBlocks = func() func(s string, out []uint64, stride int) uint8 {
	if cpu.X86.HasAVX2 {
		return classifyAVX2
	}
	return classifyGeneric
}()
