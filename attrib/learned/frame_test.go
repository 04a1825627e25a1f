package learned

import (
	"testing"

	"github.com/whosaid/whosaid/text"
)

// TestFrames checks the complement marker, its distance and the subject
// class of cue words that are not speech verbs, on invented sentences
// with their tags given.
func TestFrames(t *testing.T) {
	tests := []struct {
		text string
		tags []string
		word string // the token whose frame is checked
		fr   uint8
		dist uint8
		subj uint8
		tc   uint8
	}{
		{"His claim that the pier is unsafe.", []string{"PRP$", "NN", "IN", "DT", "NN", "VBZ", "JJ", "."}, "claim", frThat, 1, sjNone, tcNoun},
		{"Ortiz was critical of the plan.", []string{"NNP", "VBD", "JJ", "IN", "DT", "NN", "."}, "critical", frPrep, 1, sjName, tcAdj},
		{"The plan drew criticism for its cost.", []string{"DT", "NN", "VBD", "NN", "IN", "PRP$", "NN", "."}, "drew", frPrep, 2, sjNoun, tcVerb},
		{"She told reporters on Tuesday that it failed.", []string{"PRP", "VBD", "NNS", "IN", "NNP", "IN", "PRP", "VBD", "."}, "told", frThat, 4, sjPronoun, tcVerb},
		{"He urged them to wait.", []string{"PRP", "VBD", "PRP", "TO", "VB", "."}, "urged", frTo, 2, sjPronoun, tcVerb},
		{"They wrote: “Wait.”", []string{"PRP", "VBD", ":", "``", "VB", ".", "''"}, "wrote", frColon, 1, sjPronoun, tcVerb},
		{"The mayor left. That was all.", []string{"DT", "NN", "VBD", ".", "DT", "VBD", "DT", "."}, "left", frNone, 0, sjNoun, tcVerb},
		{"Asked whether it works, he smiled.", []string{"VBN", "IN", "PRP", "VBZ", ",", "PRP", "VBD", "."}, "asked", frWh, 1, sjNone, tcVerb},
	}
	for _, tc := range tests {
		d := text.New(tc.text)
		if len(d.Tokens) != len(tc.tags) {
			t.Fatalf("%q: %d tokens, %d tags", tc.text, len(d.Tokens), len(tc.tags))
		}
		p := newPrep(d, nil, tc.tags, nil)
		p.setFrames()
		i := -1
		for k := range p.low {
			if p.low[k] == tc.word {
				i = k
				break
			}
		}
		if i < 0 {
			t.Fatalf("%q: no token %q", tc.text, tc.word)
		}
		got := [4]uint8{p.frame[i], p.frameDist[i], p.subj[i], p.tagc[i]}
		want := [4]uint8{tc.fr, tc.dist, tc.subj, tc.tc}
		if got != want {
			t.Errorf("%q at %q: frame, distance, subject, tag class = %v, want %v", tc.text, tc.word, got, want)
		}
	}
}
