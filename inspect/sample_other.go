//go:build !amd64

package inspect

// sampleBlocks would hash every trigram by vector: not on this
// architecture, where the sampled search reads every other one.
func sampleBlocks(string, *[1 << (triBits2 - 6)]uint64, []uint64) int { return 0 }

// vectorSample: sampleBlocks has a vector unit to run on.
var vectorSample = false
