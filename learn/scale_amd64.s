#include "textflag.h"

// func addScaledSSE(s *float32, q *byte, n int, sc float32)
// For i < n (a multiple of 4): s[i] += float32(int8(q[i])) * sc, four at
// a time with SSE2 (every amd64 CPU has it). Each lane does what the Go
// loop does: an exact conversion, a product rounded to float32, a sum
// rounded to float32; no fused multiply-add, so the results are the same
// bits.
TEXT ·addScaledSSE(SB), NOSPLIT, $0-28
	MOVQ	s+0(FP), DI
	MOVQ	q+8(FP), SI
	MOVQ	n+16(FP), CX
	MOVSS	sc+24(FP), X0
	SHUFPS	$0, X0, X0 // sc in all four lanes
	SHRQ	$2, CX
	JZ	done

loop:
	MOVSS	(SI), X1 // four int8 weights in the low lane
	PUNPCKLBW	X1, X1
	PUNPCKLWL	X1, X1 // each weight in the top byte of a lane
	PSRAL	$24, X1 // sign-extended to int32
	CVTPL2PS	X1, X1
	MULPS	X0, X1
	MOVUPS	(DI), X2
	ADDPS	X1, X2
	MOVUPS	X2, (DI)
	ADDQ	$4, SI
	ADDQ	$16, DI
	DECQ	CX
	JNZ	loop

done:
	RET

// func prefetchSSE(base *byte, offs *int32, n int, span int)
// Asks for the cache lines of base[offs[i]] and base[offs[i]+span], i < n,
// without waiting for them (PREFETCHT0 never faults).
TEXT ·prefetchSSE(SB), NOSPLIT, $0-32
	MOVQ	base+0(FP), DI
	MOVQ	offs+8(FP), SI
	MOVQ	n+16(FP), CX
	MOVQ	span+24(FP), DX
	TESTQ	CX, CX
	JZ	pdone

ploop:
	MOVLQSX	(SI), AX
	ADDQ	DI, AX
	PREFETCHT0	(AX)
	PREFETCHT0	(AX)(DX*1)
	ADDQ	$4, SI
	DECQ	CX
	JNZ	ploop

pdone:
	RET

// func axpySSE(y *float32, x *float32, n int, a float32)
// For i < n (a multiple of 4): y[i] += a * x[i], four at a time with SSE2.
// Each lane rounds the product to float32 and then the sum, as the Go loop
// does (no fused multiply-add), so the results are the same bits.
TEXT ·axpySSE(SB), NOSPLIT, $0-28
	MOVQ	y+0(FP), DI
	MOVQ	x+8(FP), SI
	MOVQ	n+16(FP), CX
	MOVSS	a+24(FP), X0
	SHUFPS	$0, X0, X0 // a in all four lanes
	SHRQ	$2, CX
	JZ	adone

aloop:
	MOVUPS	(SI), X1
	MULPS	X0, X1
	MOVUPS	(DI), X2
	ADDPS	X1, X2
	MOVUPS	X2, (DI)
	ADDQ	$16, SI
	ADDQ	$16, DI
	DECQ	CX
	JNZ	aloop

adone:
	RET

// func convRowSSE(z, in, km *float32, h int)
// For i < h, when in[i] != 0 (NaN included): z[j] += in[i] * km[i*h+j]
// for j < h (h a multiple of 4), four lanes at a time with SSE2, i in
// order: the same operations in the same order as the Go loop of
// Encoder.forward, so the same bits.
TEXT ·convRowSSE(SB), NOSPLIT, $0-32
	MOVQ	z+0(FP), DI
	MOVQ	in+8(FP), SI
	MOVQ	km+16(FP), DX
	MOVQ	h+24(FP), CX
	MOVQ	CX, R8
	SHLQ	$2, R8 // bytes of a row of km
	MOVQ	CX, R9 // rows left
	XORPS	X7, X7
	TESTQ	R9, R9
	JZ	cdone

crow:
	MOVSS	(SI), X0
	UCOMISS	X7, X0
	JNE	cdo
	JP	cdo // NaN: not equal to zero
	JMP	cnext

cdo:
	SHUFPS	$0, X0, X0 // in[i] in all four lanes
	MOVQ	DI, R10
	MOVQ	DX, R11
	MOVQ	CX, R12
	SHRQ	$2, R12

cinner:
	MOVUPS	(R11), X1
	MULPS	X0, X1
	MOVUPS	(R10), X2
	ADDPS	X1, X2
	MOVUPS	X2, (R10)
	ADDQ	$16, R10
	ADDQ	$16, R11
	DECQ	R12
	JNZ	cinner

cnext:
	ADDQ	$4, SI
	ADDQ	R8, DX
	DECQ	R9
	JNZ	crow

cdone:
	RET
