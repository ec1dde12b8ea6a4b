// Macros shared by the AVX2 kernels.

// K defines name as 32 copies of the byte repeated in the 8-byte value v.
#define K(name, v) \
	DATA name<>+0(SB)/8, $v; DATA name<>+8(SB)/8, $v; \
	DATA name<>+16(SB)/8, $v; DATA name<>+24(SB)/8, $v; \
	GLOBL name<>(SB), (NOPTR+RODATA), $32

// NIBBLES splits the bytes of src into their low (lo) and high (hi)
// nibbles; mask holds 0x0f in every byte. lo may be src.
#define NIBBLES(src, mask, lo, hi) \
	VPSRLW $4, src, hi; \
	VPAND mask, src, lo; \
	VPAND mask, hi, hi

// LOOKUP ANDs the nibble tables tlo and thi, indexed by lo and hi, into
// dst: the class bits of each byte. Clobbers tmp.
#define LOOKUP(lo, hi, tlo, thi, dst, tmp) \
	VPSHUFB lo, tlo, tmp; \
	VPSHUFB hi, thi, dst; \
	VPAND tmp, dst, dst
