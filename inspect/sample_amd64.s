#include "textflag.h"

// The constants of triHash2, one per dword.
#define D(name, v) \
	DATA name<>+0(SB)/4, $v; DATA name<>+4(SB)/4, $v; \
	DATA name<>+8(SB)/4, $v; DATA name<>+12(SB)/4, $v; \
	DATA name<>+16(SB)/4, $v; DATA name<>+20(SB)/4, $v; \
	DATA name<>+24(SB)/4, $v; DATA name<>+28(SB)/4, $v; \
	GLOBL name<>(SB), (NOPTR+RODATA), $32

D(s20, 0x00202020) // the case bits of three bytes
D(sff, 0x00ffffff) // three bytes
D(smul, 0x85ebca6b) // triHash2's multiplier
D(s1f, 0x0000001f) // a bit number in a dword

// QUAD leaves in the low 8 bits of dst a bit for each of the positions
// off, off+4, ..., off+28 from SI whose trigram's second hash is set in
// the table at AX, and deposits them at every fourth bit from off's with
// the pdep mask dep. Clobbers Y0-Y4. Y3 is zeroed before the gather,
// which merges into its destination: else each gather would wait for the
// one before it (from 17 to 12 ns a 64-byte block on Zen 4).
#define QUAD(off, dep, dst) \
	VMOVDQU off(SI), Y0; \
	VPOR Y15, Y0, Y0; \
	VPAND Y14, Y0, Y0; \
	VPMULLD Y13, Y0, Y0; \
	VPSRLD $16, Y0, Y0; \
	VPSRLD $5, Y0, Y1; \
	VPANDN Y12, Y0, Y0; \
	VPCMPEQD Y2, Y2, Y2; \
	VPXOR Y3, Y3, Y3; \
	VPGATHERDD Y2, (AX)(Y1*4), Y3; \
	VPSLLVD Y0, Y3, Y3; \
	VMOVMSKPS Y3, dst; \
	PDEPL dep, dst, dst

// HALF leaves in dst a bit for each of the 16 even positions of the 32
// from off(SI).
#define HALF(off, dst) \
	QUAD(off, R11, dst); \
	QUAD(off+2, R13, R9); \
	ORL R9, dst

// For each 64-byte block of text with three more bytes after it, and while
// out has room, writes to out the bitmap of the even positions whose
// trigram (case bits set) has its triHash2 bit set in tab. Returns the number of
// blocks written.
// func sampleAVX2(text string, tab *[1024]uint64, out []uint64) int
TEXT ·sampleAVX2(SB), NOSPLIT, $0-56
	MOVQ text_base+0(FP), SI
	MOVQ text_len+8(FP), CX
	MOVQ tab+16(FP), AX
	MOVQ out_base+24(FP), DI
	MOVQ out_len+32(FP), R8
	VMOVDQU s20<>(SB), Y15
	VMOVDQU sff<>(SB), Y14
	VMOVDQU smul<>(SB), Y13
	// Y12: 31 per dword; VPANDN Y12, h gives ^h & 31 = 31 - h&31, the
	// shift that moves bit h&31 to the sign.
	VMOVDQU s1f<>(SB), Y12
	MOVL $0x11111111, R11
	MOVL $0x44444444, R13
	XORQ DX, DX // blocks written

loop:
	CMPQ DX, R8
	JGE  done
	MOVQ DX, R9
	SHLQ $6, R9
	ADDQ $67, R9
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
