package attrib

import (
	"os"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/text"
)

// spanOf returns the token range of the n-th (from 0) occurrence of s in
// d's text, which must start and end on token boundaries.
func spanOf(t *testing.T, d *text.Doc, s string, n int) text.Range {
	t.Helper()
	at := -1
	for k := 0; k <= n; k++ {
		i := strings.Index(d.Text[at+1:], s)
		if i < 0 {
			t.Fatalf("%q (occurrence %d) not in %q", s, n, d.Text)
		}
		at += 1 + i
	}
	r := text.Range{Start: -1, End: -1}
	for i, tok := range d.Tokens {
		if int(tok.Byte.Start) == at {
			r.Start = i
		}
		if int(tok.Byte.End) == at+len(s) {
			r.End = i + 1
		}
	}
	if r.Start < 0 || r.End < 0 {
		t.Fatalf("%q is not on token boundaries", s)
	}
	return r
}

// TestStandAlone checks which paragraphs of quotation StandAlone gives to
// the statement before them. Each case's statement is written by hand as
// cue|source|content|kind; the want is the statement's content pieces
// after StandAlone.
func TestStandAlone(t *testing.T) {
	type stmt struct {
		cue, source string
		content     []string
		kind        Kind
		speaker     int
	}
	tests := []struct {
		name  string
		text  string
		stmts []stmt
		want  [][]string // content pieces of each statement after StandAlone
	}{
		{"joined",
			"“We will win,” Mara Lind said.\n\n“Nobody thought we could.”\n\nThe vote is on Monday.",
			[]stmt{{"said", "Mara Lind", []string{"“We will win,”"}, Direct, 0}},
			[][]string{{"“We will win,”", "“Nobody thought we could.”"}}},
		{"chained",
			"“We will win,” Mara Lind said.\n\n“Nobody thought we could.”\n\n“Now they do.”",
			[]stmt{{"said", "Mara Lind", []string{"“We will win,”"}, Direct, 0}},
			[][]string{{"“We will win,”", "“Nobody thought we could.”", "“Now they do.”"}}},
		{"mixed ending in a quotation",
			"Lind said the plan was “a gift to our rivals.”\n\n“They will thank us.”",
			[]stmt{{"said", "Lind", []string{"the plan was “a gift to our rivals.”"}, Mixed, 0}},
			[][]string{{"the plan was “a gift to our rivals.”", "“They will thank us.”"}}},
		{"indirect before",
			"Lind said the plan would fail.\n\n“They will thank us.”",
			[]stmt{{"said", "Lind", []string{"the plan would fail"}, Indirect, 0}},
			[][]string{{"the plan would fail"}}},
		{"mixed ending unquoted",
			"Lind called for pay to be “clawed back” for executives.\n\n“Any bank can be broken up.”",
			[]stmt{{"called for", "Lind", []string{"pay to be “clawed back” for executives"}, Mixed, 0}},
			[][]string{{"pay to be “clawed back” for executives"}}},
		{"speaker unknown",
			"“We will win,” one said.\n\n“Nobody thought we could.”",
			[]stmt{{"said", "one", []string{"“We will win,”"}, Direct, -1}},
			[][]string{{"“We will win,”"}}},
		{"words after the quotation",
			"“We will win,” Lind said.\n\n“Nobody thought we could.” The crowd cheered.",
			[]stmt{{"said", "Lind", []string{"“We will win,”"}, Direct, 0}},
			[][]string{{"“We will win,”"}}},
		{"paragraph between",
			"“We will win,” Lind said.\n\nThe crowd cheered.\n\n“Nobody thought we could.”",
			[]stmt{{"said", "Lind", []string{"“We will win,”"}, Direct, 0}},
			[][]string{{"“We will win,”"}}},
		{"statement not ending its paragraph",
			"“We will win,” Lind said. The crowd cheered.\n\n“Nobody thought we could.”",
			[]stmt{{"said", "Lind", []string{"“We will win,”"}, Direct, 0}},
			[][]string{{"“We will win,”"}}},
		{"paragraph with its own statement",
			"“We will win,” Lind said.\n\n“Nobody thought we could,” Ray Oduya said.",
			[]stmt{
				{"said", "Lind", []string{"“We will win,”"}, Direct, 0},
				{"said", "Ray Oduya", []string{"“Nobody thought we could,”"}, Direct, 1},
			},
			[][]string{{"“We will win,”"}, {"“Nobody thought we could,”"}}},
		{"one word",
			"“We will win,” Lind said.\n\n“Never.”",
			[]stmt{{"said", "Lind", []string{"“We will win,”"}, Direct, 0}},
			[][]string{{"“We will win,”"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := text.New(tt.text)
			var stmts []Statement
			var of []int
			for _, s := range tt.stmts {
				st := Statement{
					Cue:    []text.Range{spanOf(t, d, s.cue, 0)},
					Source: []text.Range{spanOf(t, d, s.source, 0)},
					Kind:   s.kind,
					Parent: -1,
				}
				for _, c := range s.content {
					st.Content = append(st.Content, spanOf(t, d, c, 0))
				}
				stmts = append(stmts, st)
				of = append(of, s.speaker)
			}
			StandAlone(d, stmts, of)
			for i, st := range stmts {
				var got []string
				for _, r := range st.Content {
					got = append(got, d.Slice(r))
				}
				if strings.Join(got, " + ") != strings.Join(tt.want[i], " + ") {
					t.Errorf("statement %d: content %q, want %q", i, got, tt.want[i])
				}
			}
		})
	}
}

// TestStandAloneKind checks that a statement taking on a quotation
// paragraph is direct or mixed as its pieces are, and that StandAlone does
// not write into a content array another statement shares.
func TestStandAloneKind(t *testing.T) {
	d := text.New("Lind said the plan was “a gift to our rivals.”\n\n“They will thank us.”")
	shared := []text.Range{spanOf(t, d, "the plan was “a gift to our rivals.”", 0), {}}[:1]
	stmts := []Statement{{Cue: []text.Range{spanOf(t, d, "said", 0)}, Source: []text.Range{spanOf(t, d, "Lind", 0)}, Content: shared, Kind: Direct, Parent: -1}}
	StandAlone(d, stmts, []int{0})
	if len(stmts[0].Content) != 2 || stmts[0].Kind != Mixed {
		t.Fatalf("content %v kind %v, want two pieces, mixed", stmts[0].Content, stmts[0].Kind)
	}
	if got := shared[:2][1]; got != (text.Range{}) {
		t.Errorf("the shared array was written: %v", got)
	}
}

// FuzzStandAlone checks that StandAlone, on the rules' statements of any
// text and any speakers, never panics and keeps every range in the
// document, in order.
func FuzzStandAlone(f *testing.F) {
	f.Add("“We will win,” Lind said.\n\n“Nobody thought we could.”\n\n“Now they do.”", int64(0))
	f.Add("“A b c,” Lind said. “D e.”\n\n“F g h”\n\n“", int64(-1))
	f.Fuzz(func(t *testing.T, s string, seed int64) {
		d := text.New(s)
		stmts := New().Extract(d)
		of := make([]int, len(stmts))
		for i := range of {
			of[i] = int((seed>>(i%60))&1) - 1 // some known (0), some not (-1)
		}
		StandAlone(d, stmts, of)
		for _, st := range stmts {
			checkStatement(t, d, st)
		}
	})
}

func BenchmarkStandAlone(b *testing.B) {
	raw, err := os.ReadFile("../examples/aleppo.txt")
	if err != nil {
		b.Skip(err)
	}
	d := text.New(string(raw))
	stmts := New().Extract(d)
	of := make([]int, len(stmts))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		StandAlone(d, stmts, of)
	}
}
