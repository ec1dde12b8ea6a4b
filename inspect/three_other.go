//go:build !amd64

package inspect

// threeBlocks would find 3-byte patterns by vector: not on this
// architecture, where the sampled search's bigrams find them.
func threeBlocks(string, *[6][32]byte, []uint64) int { return 0 }

// vectorThrees: threeBlocks has a vector unit to run on.
var vectorThrees = false
