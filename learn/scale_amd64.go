package learn

// addScaledSSE adds float32(int8(q[i]))*sc to s[i] for i < n, n a
// multiple of 4, in assembly (scale_amd64.s).
//
//go:noescape
func addScaledSSE(s *float32, q *byte, n int, sc float32)

// addScaledVec does the first len(q) &^ 3 additions of addScaled with
// SSE2 and returns how many it did; len(s) must be at least len(q).
func addScaledVec(s []float32, q []byte, sc float32) int {
	n := len(q) &^ 3
	if n == 0 || len(s) < n {
		return 0
	}
	addScaledSSE(&s[0], &q[0], n, sc)
	return n
}

// prefetchSSE asks for the cache lines holding base[offs[i]] and
// base[offs[i]+span] for i < n, in assembly (scale_amd64.s).
//
//go:noescape
func prefetchSSE(base *byte, offs *int32, n int, span int)

// prefetch asks the processor to bring into cache the bytes
// b[o:o+span+1] for each o in offs (within b), without waiting for them,
// so that the reads of many rows overlap.
func prefetch(b []byte, offs []int32, span int) {
	if len(offs) == 0 || len(b) == 0 {
		return
	}
	prefetchSSE(&b[0], &offs[0], len(offs), span)
}

// axpySSE adds a*x[i] to y[i] for i < n, n a multiple of 4, in assembly
// (scale_amd64.s).
//
//go:noescape
func axpySSE(y, x *float32, n int, a float32)

// axpyVec does the first len(x) &^ 3 additions of axpy with SSE2 and
// returns how many it did; len(y) must be at least len(x).
func axpyVec(y, x []float32, a float32) int {
	n := len(x) &^ 3
	if n == 0 || len(y) < n {
		return 0
	}
	axpySSE(&y[0], &x[0], n, a)
	return n
}

// convRowSSE adds in[i]*km[i*h:(i+1)*h] to z for each i < h whose in[i]
// is not zero, in assembly (scale_amd64.s); h is a multiple of 4.
//
//go:noescape
func convRowSSE(z, in, km *float32, h int)

// convRowVec adds in[i]*km[i*h:(i+1)*h] to z (h = len(z) = len(in)) for
// each i whose in[i] is not zero, in order, with SSE2, and reports
// whether it did: not when h is not a multiple of 4 or km is short.
func convRowVec(z, in, km []float32) bool {
	h := len(z)
	if h == 0 || h%4 != 0 || len(in) != h || len(km) < h*h {
		return false
	}
	convRowSSE(&z[0], &in[0], &km[0], h)
	return true
}
