package testenv

import "testing"

// CheckFigure asserts that a published figure (an F1, an accuracy, a rate)
// is still what was measured: got must lie within tolerance of measured.
//
// Below measured-tolerance is a regression. Above measured+tolerance is an
// improvement that was not recorded: the test fails too, asking for the
// measured constant (and QUALITY.md, which quotes it) to be raised in the
// same commit, so that the floor follows every improvement and the
// published figures stay true.
func CheckFigure(tb testing.TB, name string, got, measured, tolerance float64) {
	tb.Helper()
	switch {
	case got < measured-tolerance:
		tb.Errorf("%s = %.4f, below its floor %.4f (measured %.4f, tolerance %.4f): a regression",
			name, got, measured-tolerance, measured, tolerance)
	case got > measured+tolerance:
		tb.Errorf("%s = %.4f, above the measured %.4f by more than %.4f: an improvement; raise the measured figure of this test, and QUALITY.md, to %.4f in the same commit",
			name, got, measured, tolerance, got)
	}
}
