#include "textflag.h"

// Constants, 32 copies of one byte each.
#define K(name, v) \
	DATA name<>+0(SB)/8, $v; DATA name<>+8(SB)/8, $v; \
	DATA name<>+16(SB)/8, $v; DATA name<>+24(SB)/8, $v; \
	GLOBL name<>(SB), (NOPTR+RODATA), $32

K(k08, 0x0808080808080808) // '\t'-1
K(k0e, 0x0e0e0e0e0e0e0e0e) // '\r'+1
K(k1f, 0x1f1f1f1f1f1f1f1f) // the last C0 control
K(k20, 0x2020202020202020) // ' ', and the case bit
K(k25, 0x2525252525252525) // '%'
K(k26, 0x2626262626262626) // '&'
K(k2b, 0x2b2b2b2b2b2b2b2b) // '+'
K(k2d, 0x2d2d2d2d2d2d2d2d) // '-'
K(k2e, 0x2e2e2e2e2e2e2e2e) // '.'
K(k2f, 0x2f2f2f2f2f2f2f2f) // '/', '0'-1
K(k3a, 0x3a3a3a3a3a3a3a3a) // '9'+1
K(k3c, 0x3c3c3c3c3c3c3c3c) // '<'
K(k5f, 0x5f5f5f5f5f5f5f5f) // '_'
K(k60, 0x6060606060606060) // 'a'-1
K(k7b, 0x7b7b7b7b7b7b7b7b) // 'z'+1
K(k7f, 0x7f7f7f7f7f7f7f7f) // DEL

// CLASSIFY classifies the 32 bytes at off(SI), left in Y0 (their high bits
// are the non-ASCII plane), into Y1 (digits), Y2 (run class), Y5 (base64),
// Y9 (letters) and Y10 (whitespace), and ORs the flag
// vectors into Y12 (controls), Y13 (HTML), Y14 ('%') and Y15 (high bit).
// Signed compares are right for all bytes: those from 0x80 are negative.
#define CLASSIFY(off) \
	VMOVDQU off(SI), Y0; \
	VPOR Y0, Y15, Y15; \
	VPCMPGTB k2f<>(SB), Y0, Y1; \
	VMOVDQU k3a<>(SB), Y2; \
	VPCMPGTB Y0, Y2, Y2; \
	VPAND Y2, Y1, Y1; \
	VPCMPEQB k20<>(SB), Y0, Y10; \
	VPCMPEQB k2e<>(SB), Y0, Y3; \
	VPCMPEQB k2d<>(SB), Y0, Y4; \
	VPOR Y3, Y10, Y2; \
	VPOR Y4, Y2, Y2; \
	VPOR Y1, Y2, Y2; \
	VPOR k20<>(SB), Y0, Y3; \
	VPCMPGTB k60<>(SB), Y3, Y9; \
	VMOVDQU k7b<>(SB), Y6; \
	VPCMPGTB Y3, Y6, Y6; \
	VPAND Y6, Y9, Y9; \
	VPOR Y1, Y9, Y5; \
	VPOR Y4, Y5, Y5; \
	VPCMPEQB k2b<>(SB), Y0, Y6; \
	VPOR Y6, Y5, Y5; \
	VPCMPEQB k2f<>(SB), Y0, Y6; \
	VPOR Y6, Y5, Y5; \
	VPCMPEQB k5f<>(SB), Y0, Y6; \
	VPOR Y6, Y5, Y5; \
	VPCMPGTB k08<>(SB), Y0, Y6; \
	VMOVDQU k0e<>(SB), Y7; \
	VPCMPGTB Y0, Y7, Y7; \
	VPAND Y7, Y6, Y6; \
	VPOR Y6, Y10, Y10; \
	VPMINUB k1f<>(SB), Y0, Y7; \
	VPCMPEQB Y7, Y0, Y7; \
	VPANDN Y7, Y6, Y7; \
	VPCMPEQB k7f<>(SB), Y0, Y8; \
	VPOR Y8, Y7, Y7; \
	VPOR Y7, Y12, Y12; \
	VPCMPEQB k3c<>(SB), Y0, Y7; \
	VPCMPEQB k26<>(SB), Y0, Y8; \
	VPOR Y8, Y7, Y7; \
	VPOR Y7, Y13, Y13; \
	VPCMPEQB k25<>(SB), Y0, Y7; \
	VPOR Y7, Y14, Y14

// JOIN stores the mask of Y into word off(R8) of its plane: the low half
// of the block from lo, the high half from Y.
#define JOIN(y, lo, dst) \
	VPMOVMSKB y, R12; \
	SHLQ $32, R12; \
	ORQ  lo, R12; \
	MOVQ R12, dst

// func classifyAVX2(s string, out []uint64, stride int) uint8
// len(s) is a positive multiple of 64; out holds 6 planes of stride words.
TEXT ·classifyAVX2(SB), NOSPLIT, $0-49
	MOVQ s_base+0(FP), SI
	MOVQ s_len+8(FP), CX
	SHRQ $6, CX          // blocks
	MOVQ out_base+16(FP), R8
	MOVQ stride+40(FP), R9
	SHLQ $3, R9         // plane stride in bytes
	LEAQ (R9)(R9*2), R10 // three planes
	VPXOR Y12, Y12, Y12
	VPXOR Y13, Y13, Y13
	VPXOR Y14, Y14, Y14
	VPXOR Y15, Y15, Y15

loop:
	CLASSIFY(0)
	VPMOVMSKB Y1, AX
	VPMOVMSKB Y2, BX
	VPMOVMSKB Y5, DX
	VPMOVMSKB Y9, DI
	VPMOVMSKB Y10, R11
	VPMOVMSKB Y0, R13
	CLASSIFY(32)
	JOIN(Y1, AX, (R8))
	JOIN(Y2, BX, (R8)(R9*1))
	JOIN(Y5, DX, (R8)(R9*2))
	JOIN(Y9, DI, (R8)(R10*1))
	JOIN(Y10, R11, (R8)(R9*4))
	LEAQ (R8)(R9*4), DI
	JOIN(Y0, R13, (DI)(R9*1))
	ADDQ $64, SI
	ADDQ $8, R8
	DECQ CX
	JNZ  loop

	// Flags, as in byteFlags: flagCtrl 1, flagHTML 2, flagPct 4, flagHigh 8.
	XORQ AX, AX
	VPMOVMSKB Y12, BX
	TESTL BX, BX
	JZ   noctrl
	ORQ  $1, AX

noctrl:
	VPMOVMSKB Y13, BX
	TESTL BX, BX
	JZ   nohtml
	ORQ  $2, AX

nohtml:
	VPMOVMSKB Y14, BX
	TESTL BX, BX
	JZ   nopct
	ORQ  $4, AX

nopct:
	VPMOVMSKB Y15, BX
	TESTL BX, BX
	JZ   done
	ORQ  $8, AX

done:
	VZEROUPPER
	MOVB AX, ret+48(FP)
	RET
