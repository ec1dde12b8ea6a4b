package inspect

import "golang.org/x/sys/cpu"

// threeAVX2 is threeBlocks in AVX2 (three_amd64.s).
//
//go:noescape
func threeAVX2(text string, tab *[6][32]byte, out []uint64) int

// threeBlocks writes to out, for each 64-byte block of text followed by
// two more bytes, the positions where a 3-byte pattern of tab may begin
// (see threeTable), and returns how many blocks it did; none without
// AVX2.
func threeBlocks(text string, tab *[6][32]byte, out []uint64) int {
	if !vectorThrees {
		return 0
	}
	return threeAVX2(text, tab, out)
}

// vectorThrees: threeBlocks has a vector unit to run on.
var vectorThrees = cpu.X86.HasAVX2
