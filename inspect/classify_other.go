//go:build !amd64

package inspect

// classifyBlocks classifies s, whose length is a multiple of 64, one word
// per 64-byte block and class: the word of block b and class k (bit k of
// byteClass) goes to out[k*stride+b]. It returns the byte flags of s.
var classifyBlocks = classifyGeneric
