// Macros shared by the AVX2 kernels.

// K defines name as 32 copies of the byte repeated in the 8-byte value v.
#define K(name, v) \
	DATA name<>+0(SB)/8, $v; DATA name<>+8(SB)/8, $v; \
	DATA name<>+16(SB)/8, $v; DATA name<>+24(SB)/8, $v; \
	GLOBL name<>(SB), (NOPTR+RODATA), $32
