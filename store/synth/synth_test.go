package synth

import "testing"

// TestSpans checks that every span of the invented documents cuts exactly
// its text, in code points, and that a seed gives the same collection.
func TestSpans(t *testing.T) {
	c, c2 := New(3, 100), New(3, 100)
	for i := 0; i < 200; i++ {
		d := c.Doc(i)
		if d2 := c2.Doc(i); d2.Text != d.Text {
			t.Fatalf("doc %d differs between two collections of one seed", i)
		}
		runes := []rune(d.Text)
		if len(d.Statements) != c.StatementsPerDoc {
			t.Fatalf("doc %d: %d statements, want %d", i, len(d.Statements), c.StatementsPerDoc)
		}
		for _, st := range d.Statements {
			for _, sp := range []struct {
				role string
				s    [2]int
				text string
			}{{"cue", st.Cue.Spans[0], st.Cue.Text}, {"source", st.Source.Spans[0], st.Source.Text}, {"content", st.Content.Spans[0], st.Content.Text}} {
				if got := string(runes[sp.s[0]:sp.s[1]]); got != sp.text {
					t.Fatalf("doc %d %s %s: span %v cuts %q, want %q", i, st.ID, sp.role, sp.s, got, sp.text)
				}
			}
		}
	}
}
