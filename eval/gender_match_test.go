package eval

import (
	"testing"

	"github.com/whosaid/whosaid/output"
)

// TestFindSpeaker checks how a label's name finds its speaker: exactly, or
// up to case and middle initials, never when two speakers would fit.
func TestFindSpeaker(t *testing.T) {
	sps := []output.Speaker{{Name: "Dana Holm"}, {Name: "Ivo Lund"}, {Name: "Ivo K. Lund"}, {Name: "Tarn Vell"}, {Name: "Tarn Q. Vell Jr."}}
	tests := []struct {
		label, want string
	}{
		{"Dana Holm", "Dana Holm"},
		{"Dana J. Holm", "Dana Holm"},
		{"DANA HOLM", "Dana Holm"},
		{"Ivo K. Lund", "Ivo K. Lund"}, // exact beats the initial-free match
		{"Ivo P. Lund", ""},            // two speakers would fit
		{"Dana Holmes", ""},
		{"Holm", ""},
		{"Tarn Vell Jr.", "Tarn Q. Vell Jr."},
	}
	for _, tt := range tests {
		got := ""
		if sp := findSpeaker(sps, tt.label); sp != nil {
			got = sp.Name
		}
		if got != tt.want {
			t.Errorf("findSpeaker(%q) = %q, want %q", tt.label, got, tt.want)
		}
	}
}
