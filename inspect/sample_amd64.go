package inspect

import "golang.org/x/sys/cpu"

// sampleAVX2 is sampleBlocks in AVX2 and BMI2 (sample_amd64.s).
//
//go:noescape
func sampleAVX2(text string, tab *[1 << (triBits2 - 6)]uint64, out []uint64) int

// sampleBlocks writes to out, for each 64-byte block of text followed by
// three more bytes, the even positions whose trigram may be a pattern
// trigram by its second hash (bit i of word b for position 64b+i: inTri2),
// and
// returns how many blocks it did; none without a vector unit.
func sampleBlocks(text string, tab *[1 << (triBits2 - 6)]uint64, out []uint64) int {
	if !vectorSample {
		return 0
	}
	return sampleAVX2(text, tab, out)
}

// vectorSample: sampleBlocks has a vector unit to run on.
var vectorSample = cpu.X86.HasAVX2 && cpu.X86.HasBMI2
