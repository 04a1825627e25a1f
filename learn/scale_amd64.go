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

// axpySSE adds a*x[i] to y[i] for i < n, n a multiple of 8, in assembly
// (scale_amd64.s).
//
//go:noescape
func axpySSE(y, x *float32, n int, a float32)

// axpyVec does the first len(x) &^ 7 additions of axpy with SSE2 and
// returns how many it did; len(y) must be at least len(x).
func axpyVec(y, x []float32, a float32) int {
	n := len(x) &^ 7
	if n == 0 || len(y) < n {
		return 0
	}
	axpySSE(&y[0], &x[0], n, a)
	return n
}

// gemv32SSE adds x[j]*w[32j:32j+32] to y[:32] for each j < n with x[j]
// != 0, in order of j, in assembly (scale_amd64.s).
//
//go:noescape
func gemv32SSE(y, x, w *float32, n int)

// gemvVec does what gemv does when the rows are 32 wide, with SSE2, and
// reports whether it did; otherwise it does nothing.
func gemvVec(y, x, w []float32) bool {
	if len(y) != 32 || len(x) == 0 || len(w) < 32*len(x) {
		return false
	}
	gemv32SSE(&y[0], &x[0], &w[0], len(x))
	return true
}
