#include "textflag.h"
#include "simd_amd64.h"

K(t20, 0x2020202020202020) // the case bit
K(t0f, 0x0f0f0f0f0f0f0f0f) // a nibble

// POS ANDs into acc the buckets whose k-th byte the 32 bytes at off(SI)
// may be: lo and hi are that position's nibble tables. Clobbers Y0-Y2.
#define POS(off, lo, hi, acc) \
	VMOVDQU off(SI), Y0; \
	VPOR Y14, Y0, Y0; \
	NIBBLES(Y0, Y15, Y0, Y1); \
	LOOKUP(Y0, Y1, lo, hi, Y0, Y2); \
	VPAND Y0, acc, acc

// HALF leaves in dst a bit for each of the 32 positions from off(SI)
// where three bytes of some bucket begin.
#define HALF(off, dst) \
	VPCMPEQB Y3, Y3, Y3; \
	POS(off, Y8, Y9, Y3); \
	POS(off+1, Y10, Y11, Y3); \
	POS(off+2, Y12, Y13, Y3); \
	VPCMPEQB Y7, Y3, Y3; \
	VPMOVMSKB Y3, dst; \
	NOTL dst

// For each 64-byte block of text with two more bytes after it, and while
// out has room, writes to out the bitmap of the positions where the
// three bytes (case bit set) may be those of a bucket: byte k's low
// nibble must have the bucket's bit in tab[2k], its high nibble in
// tab[2k+1]. Returns the number of blocks written.
// func threeAVX2(text string, tab *[6][32]byte, out []uint64) int
TEXT ·threeAVX2(SB), NOSPLIT, $0-56
	MOVQ text_base+0(FP), SI
	MOVQ text_len+8(FP), CX
	MOVQ tab+16(FP), AX
	MOVQ out_base+24(FP), DI
	MOVQ out_len+32(FP), R8
	VMOVDQU 0(AX), Y8
	VMOVDQU 32(AX), Y9
	VMOVDQU 64(AX), Y10
	VMOVDQU 96(AX), Y11
	VMOVDQU 128(AX), Y12
	VMOVDQU 160(AX), Y13
	VMOVDQU t20<>(SB), Y14
	VMOVDQU t0f<>(SB), Y15
	VPXOR Y7, Y7, Y7
	XORQ DX, DX // blocks written

loop:
	CMPQ DX, R8
	JGE  done
	MOVQ DX, R9
	SHLQ $6, R9
	ADDQ $66, R9
	CMPQ R9, CX
	JGT  done
	HALF(0, BX)
	HALF(32, R10)
	SHLQ $32, R10
	ORQ  BX, R10
	MOVQ R10, (DI)(DX*8)
	ADDQ $64, SI
	INCQ DX
	JMP  loop

done:
	VZEROUPPER
	MOVQ DX, ret+48(FP)
	RET
