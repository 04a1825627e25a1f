//go:build !amd64

package learn

// addScaledVec does nothing where there is no vector version of
// addScaled (see scale_amd64.go); it returns 0.
func addScaledVec(s []float32, q []byte, sc float32) int { return 0 }

// prefetch does nothing where there is no prefetch instruction at hand.
func prefetch(b []byte, offs []int32, span int) {}

// axpyVec does nothing where there is no vector version of axpy; it
// returns 0.
func axpyVec(y, x []float32, a float32) int { return 0 }

// convRowVec does nothing where there is no vector version of the
// convolution's row; it returns false.
func convRowVec(z, in, km []float32) bool { return false }
