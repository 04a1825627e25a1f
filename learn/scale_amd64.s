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
