#include "textflag.h"
#include "simd_amd64.h"

// Nibble tables, in both lanes: a byte c below 0x80 is in class bit b if
// lo[c&15] and hi[c>>4] both have b. First set: 0x01 digits, 0x02 '-' '.',
// 0x04 ' ', 0x08 '\t'-'\r', 0x10 A-O a-o, 0x20 P-Z p-z, 0x40 '+' '-' '/',
// 0x80 '_'. Second set, for the flags: 0x01 C0 0x00-0x08 0x0e 0x0f, 0x02
// C0 0x10-0x1f, 0x04 DEL, 0x08 '<', 0x10 '&', 0x20 '%', 0x40 0x80-0xff.
// Third set, for flags only: 0x01 '*', 0x02 '_', 0x04 '`', 0x08 '~' (the
// Markdown markers), 0x10 '&', 0x20 '@', 0x80 ':' '=' (a plane, not a
// flag: where a label may end; the top bit, taken as it is). A byte from 0x80 is in no class of the first and third
// sets: no bit is set for its high nibble. TestClassify and FuzzClassify
// check the kernel against byteClass and byteFlags.
DATA lo1<>+0(SB)/8, $0x3131313131313125
DATA lo1<>+8(SB)/8, $0xd0125a1858383931
DATA lo1<>+16(SB)/8, $0x3131313131313125
DATA lo1<>+24(SB)/8, $0xd0125a1858383931
GLOBL lo1<>(SB), (NOPTR+RODATA), $32
DATA hi1<>+0(SB)/8, $0x2010a01001460008
DATA hi1<>+8(SB)/8, $0x0000000000000000
DATA hi1<>+16(SB)/8, $0x2010a01001460008
DATA hi1<>+24(SB)/8, $0x0000000000000000
GLOBL hi1<>(SB), (NOPTR+RODATA), $32
DATA lo2<>+0(SB)/8, $0x4353634343434343
DATA lo2<>+8(SB)/8, $0x4743424a42424243
DATA lo2<>+16(SB)/8, $0x4353634343434343
DATA lo2<>+24(SB)/8, $0x4743424a42424243
GLOBL lo2<>(SB), (NOPTR+RODATA), $32
DATA hi2<>+0(SB)/8, $0x0400000008300201
DATA hi2<>+8(SB)/8, $0x4040404040404040
DATA hi2<>+16(SB)/8, $0x0400000008300201
DATA hi2<>+24(SB)/8, $0x4040404040404040
GLOBL hi2<>(SB), (NOPTR+RODATA), $32
DATA lo3<>+0(SB)/8, $0x0010000000000024
DATA lo3<>+8(SB)/8, $0x0208800000810000
DATA lo3<>+16(SB)/8, $0x0010000000000024
DATA lo3<>+24(SB)/8, $0x0208800000810000
GLOBL lo3<>(SB), (NOPTR+RODATA), $32
DATA hi3<>+0(SB)/8, $0x0804022080110000
DATA hi3<>+8(SB)/8, $0x0000000000000000
DATA hi3<>+16(SB)/8, $0x0804022080110000
DATA hi3<>+24(SB)/8, $0x0000000000000000
GLOBL hi3<>(SB), (NOPTR+RODATA), $32

K(k0f, 0x0f0f0f0f0f0f0f0f)     // a nibble
K(k7f, 0x7f7f7f7f7f7f7f7f)     // lifts any non-zero byte to its top bit
K(mrun, 0x0707070707070707)    // digits, '-' '.', ' '
K(mb64, 0xf1f1f1f1f1f1f1f1)    // digits, letters, '+' '-' '/', '_'
K(mletter, 0x3030303030303030) // letters
K(mspace, 0x0c0c0c0c0c0c0c0c)  // ' ', '\t'-'\r'
K(mctrl, 0x0707070707070707)   // second set: controls
K(mhtml, 0x0808080808080808)   // second set: '<'
K(mpct, 0x2020202020202020)    // second set: '%'
K(mhigh, 0x4040404040404040)   // second set: 0x80-0xff
K(mmark, 0x0f0f0f0f0f0f0f0f)   // third set: * _ ` ~
K(mamp, 0x1010101010101010)    // third set: '&'
K(mat, 0x2020202020202020)     // third set: '@'

// PLANE stores at dst the 32-bit mask of the bytes whose class (Y3) has a
// bit of mask.
#define PLANE(mask, dst) \
	VPAND mask<>(SB), Y3, Y5; \
	VPADDUSB Y13, Y5, Y5; \
	VPMOVMSKB Y5, AX; \
	MOVL AX, dst

// CLASSIFY classifies the 32 bytes at off(SI): it ORs their flag classes
// into Y12 and their marker classes into Y15 (the third set's tables are
// read from memory: no register is left for them), and stores the masks of each plane
// at byte off/8 of the block's word (the low or high half); the last plane,
// ':' '=', is the third set's.
#define CLASSIFY(off) \
	VMOVDQU off(SI), Y0; \
	NIBBLES(Y0, Y14, Y2, Y1); \
	VMOVDQU lo3<>(SB), Y6; \
	VMOVDQU hi3<>(SB), Y7; \
	LOOKUP(Y2, Y1, Y6, Y7, Y6, Y5); \
	VPOR Y6, Y15, Y15; \
	LOOKUP(Y2, Y1, Y8, Y9, Y3, Y4); \
	LOOKUP(Y2, Y1, Y10, Y11, Y4, Y5); \
	VPOR Y4, Y12, Y12; \
	VPSLLW $7, Y3, Y5; \
	VPMOVMSKB Y5, AX; \
	MOVL AX, off/8(R8); \
	PLANE(mrun, off/8(R8)(R9*1)); \
	PLANE(mb64, off/8(R8)(R9*2)); \
	PLANE(mletter, off/8(R8)(R10*1)); \
	PLANE(mspace, off/8(R8)(R9*4)); \
	VPMOVMSKB Y0, AX; \
	MOVL AX, off/8(R8)(R11*1); \
	VPMOVMSKB Y6, AX; \
	MOVL AX, off/8(R8)(R12*1)

// FLAG sets bit in BX if a byte of acc has a bit of mask.
#define FLAG(acc, mask, bit) \
	VPAND mask<>(SB), acc, Y5; \
	VPTEST Y5, Y5; \
	SETNE DX; \
	SHLQ $bit, DX; \
	ORQ DX, BX

// func classifyAVX2(s string, out []uint64, stride int) uint8
// len(s) is a positive multiple of 64; out holds 7 planes of stride words.
TEXT ·classifyAVX2(SB), NOSPLIT, $0-49
	MOVQ s_base+0(FP), SI
	MOVQ s_len+8(FP), CX
	SHRQ $6, CX              // blocks
	MOVQ out_base+16(FP), R8
	MOVQ stride+40(FP), R9
	SHLQ $3, R9              // plane stride in bytes
	LEAQ (R9)(R9*2), R10     // three planes
	LEAQ (R9)(R9*4), R11     // five planes
	LEAQ (R9)(R9*2), R12
	SHLQ $1, R12             // six planes
	VMOVDQU lo1<>(SB), Y8
	VMOVDQU hi1<>(SB), Y9
	VMOVDQU lo2<>(SB), Y10
	VMOVDQU hi2<>(SB), Y11
	VPXOR Y12, Y12, Y12
	VMOVDQU k7f<>(SB), Y13
	VMOVDQU k0f<>(SB), Y14
	VPXOR Y15, Y15, Y15

loop:
	CLASSIFY(0)
	CLASSIFY(32)
	ADDQ $64, SI
	ADDQ $8, R8
	DECQ CX
	JNZ  loop

	// Flags, as in byteFlags: flagCtrl 1, flagHTML 2, flagPct 4, flagHigh
	// 8, flagMark 16, flagAmp 32, flagAt 64.
	XORQ BX, BX
	XORQ DX, DX
	FLAG(Y12, mctrl, 0)
	FLAG(Y12, mhtml, 1)
	FLAG(Y12, mpct, 2)
	FLAG(Y12, mhigh, 3)
	FLAG(Y15, mmark, 4)
	FLAG(Y15, mamp, 5)
	FLAG(Y15, mat, 6)
	VZEROUPPER
	MOVB BX, ret+48(FP)
	RET
