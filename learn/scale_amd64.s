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

// func axpySSE(y, x *float32, n int, a float32)
// For i < n (a multiple of 8): y[i] += a * x[i], eight at a time in two
// SSE2 registers. Each lane rounds the product to float32 and then the
// sum, as the Go loop does (no fused multiply-add): the same bits.
TEXT ·axpySSE(SB), NOSPLIT, $0-28
	MOVQ	y+0(FP), DI
	MOVQ	x+8(FP), SI
	MOVQ	n+16(FP), CX
	MOVSS	a+24(FP), X0
	SHUFPS	$0, X0, X0 // a in all four lanes
	SHRQ	$3, CX
	JZ	adone

aloop:
	MOVUPS	(SI), X1
	MOVUPS	16(SI), X2
	MULPS	X0, X1
	MULPS	X0, X2
	MOVUPS	(DI), X3
	MOVUPS	16(DI), X4
	ADDPS	X3, X1 // the product first, as Go's scalar code: of two NaNs the product's is kept
	ADDPS	X4, X2
	MOVUPS	X1, (DI)
	MOVUPS	X2, 16(DI)
	ADDQ	$32, SI
	ADDQ	$32, DI
	DECQ	CX
	JNZ	aloop

adone:
	RET

// func gemv32SSE(y, x, w *float32, n int)
// y[0:32] += x[j] * w[32j : 32j+32] for each j < n whose x[j] != 0, in
// order of j: the loop of axpy calls over the rows of w, with y kept in
// eight registers instead of loaded and stored for each row. Each lane
// rounds the product and then the sum to float32 as the Go loop does (no
// fused multiply-add), so the sums are the same bits (a NaN's payload
// aside).
TEXT ·gemv32SSE(SB), NOSPLIT, $0-32
	MOVQ	y+0(FP), DI
	MOVQ	x+8(FP), SI
	MOVQ	w+16(FP), DX
	MOVQ	n+24(FP), CX
	MOVUPS	0(DI), X0
	MOVUPS	16(DI), X1
	MOVUPS	32(DI), X2
	MOVUPS	48(DI), X3
	MOVUPS	64(DI), X4
	MOVUPS	80(DI), X5
	MOVUPS	96(DI), X6
	MOVUPS	112(DI), X7
	XORPS	X15, X15
	TESTQ	CX, CX
	JZ	gstore

gloop:
	MOVSS	(SI), X8
	UCOMISS	X15, X8
	JNE	grow // not zero
	JPS	grow // NaN: not zero either
	JMP	gnext

grow:
	SHUFPS	$0, X8, X8 // x[j] in all four lanes
	MOVUPS	0(DX), X9
	MOVUPS	16(DX), X10
	MOVUPS	32(DX), X11
	MOVUPS	48(DX), X12
	MULPS	X8, X9
	MULPS	X8, X10
	MULPS	X8, X11
	MULPS	X8, X12
	ADDPS	X9, X0
	ADDPS	X10, X1
	ADDPS	X11, X2
	ADDPS	X12, X3
	MOVUPS	64(DX), X9
	MOVUPS	80(DX), X10
	MOVUPS	96(DX), X11
	MOVUPS	112(DX), X12
	MULPS	X8, X9
	MULPS	X8, X10
	MULPS	X8, X11
	MULPS	X8, X12
	ADDPS	X9, X4
	ADDPS	X10, X5
	ADDPS	X11, X6
	ADDPS	X12, X7

gnext:
	ADDQ	$4, SI
	ADDQ	$128, DX
	DECQ	CX
	JNZ	gloop

gstore:
	MOVUPS	X0, 0(DI)
	MOVUPS	X1, 16(DI)
	MOVUPS	X2, 32(DI)
	MOVUPS	X3, 48(DI)
	MOVUPS	X4, 64(DI)
	MOVUPS	X5, 80(DI)
	MOVUPS	X6, 96(DI)
	MOVUPS	X7, 112(DI)
	RET
