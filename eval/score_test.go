package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// tenText has ten words: one [0,3) two [4,7) three [8,13) four [14,18)
// five [19,23) six [24,27) seven [28,33) eight [34,39) nine [40,44) ten
// [45,48), then a colon at 48.
const tenText = "one two three four five six seven eight nine ten: ok"

// w returns the piece covering words i through j of tenText.
func w(i, j int) [][2]int {
	starts := []int{0, 4, 8, 14, 19, 24, 28, 34, 40, 45}
	ends := []int{3, 7, 13, 18, 23, 27, 33, 39, 44, 48}
	return [][2]int{{starts[i], ends[j]}}
}

func mustCorpus(t testing.TB, gold []Statement) *Corpus {
	t.Helper()
	c, err := NewCorpus(Doc{Name: "ten", Text: tenText, Gold: gold})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestScore(t *testing.T) {
	type want struct {
		tokSource, tokCue, tokContent [3]int // matched, gold, pred
		spanSource, spanCue           [3]int
		partial, exact, full          [3]int
		srcAgree, cueAgree, pairs     int
	}
	tests := []struct {
		name       string
		gold, pred []Statement
		want       want
	}{
		{
			name: "nothing predicted",
			gold: []Statement{{Source: w(0, 0), Cue: w(1, 1), Content: w(2, 4)}},
			want: want{tokSource: [3]int{0, 1, 0}, tokCue: [3]int{0, 1, 0}, tokContent: [3]int{0, 3, 0},
				spanSource: [3]int{0, 1, 0}, spanCue: [3]int{0, 1, 0},
				partial: [3]int{0, 1, 0}, exact: [3]int{0, 1, 0}, full: [3]int{0, 1, 0}},
		},
		{
			name: "greedy pairing by decreasing overlap",
			gold: []Statement{{Content: w(0, 3)}, {Content: w(2, 5)}},
			pred: []Statement{{Content: w(2, 5)}, {Content: w(0, 1)}},
			// (gold 2, pred 1) overlap 4 first, exact; then (gold 1, pred 2)
			// overlap 2 = half of 4, counted.
			want: want{tokContent: [3]int{6, 6, 6},
				partial: [3]int{2, 2, 2}, exact: [3]int{1, 2, 2}, full: [3]int{1, 2, 2},
				srcAgree: 2, cueAgree: 2, pairs: 2},
		},
		{
			name: "overlap below half of the gold does not count",
			gold: []Statement{{Content: w(0, 5)}},
			pred: []Statement{{Content: w(0, 1)}},
			want: want{tokContent: [3]int{2, 6, 2}, partial: [3]int{0, 1, 1}, exact: [3]int{0, 1, 1}, full: [3]int{0, 1, 1}},
		},
		{
			name: "half of an odd gold rounds up",
			gold: []Statement{{Content: w(0, 4)}},
			pred: []Statement{{Content: w(0, 1)}, {Content: w(0, 2)}},
			// 2 shared of 5 fails; 3 of 5 passes, and is paired first.
			want: want{tokContent: [3]int{3, 5, 3}, partial: [3]int{1, 1, 2}, exact: [3]int{0, 1, 2}, full: [3]int{0, 1, 2},
				srcAgree: 1, cueAgree: 1, pairs: 1},
		},
		{
			name: "source and cue agreement on pairs",
			gold: []Statement{
				{Source: w(0, 1), Cue: w(2, 2), Content: w(3, 5)},
				{Cue: w(6, 6), Content: w(7, 9)},
			},
			pred: []Statement{
				{Source: w(1, 1), Cue: w(2, 2), Content: w(3, 5)}, // source shares a word
				{Source: w(6, 6), Content: w(7, 9)},               // source where gold has none, no cue
			},
			want: want{tokSource: [3]int{1, 2, 2}, tokCue: [3]int{1, 2, 1}, tokContent: [3]int{6, 6, 6},
				spanSource: [3]int{0, 1, 2}, spanCue: [3]int{1, 2, 1},
				partial: [3]int{2, 2, 2}, exact: [3]int{2, 2, 2}, full: [3]int{0, 2, 2},
				srcAgree: 1, cueAgree: 1, pairs: 2},
		},
		{
			name: "punctuation-only cue is absent",
			gold: []Statement{{Cue: [][2]int{{48, 49}}, Content: w(0, 2)}},
			pred: []Statement{{Content: w(0, 2)}},
			want: want{tokContent: [3]int{3, 3, 3},
				partial: [3]int{1, 1, 1}, exact: [3]int{1, 1, 1}, full: [3]int{1, 1, 1},
				srcAgree: 1, cueAgree: 1, pairs: 1},
		},
		{
			name: "statements without content count for tokens only",
			gold: []Statement{{Source: w(0, 0), Cue: w(1, 1)}},
			pred: []Statement{{Source: w(0, 0), Cue: w(1, 1)}},
			want: want{tokSource: [3]int{1, 1, 1}, tokCue: [3]int{1, 1, 1},
				spanSource: [3]int{1, 1, 1}, spanCue: [3]int{1, 1, 1}},
		},
		{
			name: "shared source span counts once per statement",
			gold: []Statement{{Source: w(0, 0), Content: w(2, 3)}, {Source: w(0, 0), Content: w(5, 6)}},
			pred: []Statement{{Source: w(0, 0), Content: w(2, 3)}},
			want: want{tokSource: [3]int{1, 1, 1}, tokContent: [3]int{2, 4, 2},
				spanSource: [3]int{1, 2, 1},
				partial:    [3]int{1, 2, 1}, exact: [3]int{1, 2, 1}, full: [3]int{1, 2, 1},
				srcAgree: 1, cueAgree: 1, pairs: 1},
		},
		{
			name: "discontinuous content equals the same words in one piece",
			gold: []Statement{{Content: [][2]int{{0, 7}, {8, 13}}}},
			pred: []Statement{{Content: w(0, 2)}},
			want: want{tokContent: [3]int{3, 3, 3},
				partial: [3]int{1, 1, 1}, exact: [3]int{1, 1, 1}, full: [3]int{1, 1, 1},
				srcAgree: 1, cueAgree: 1, pairs: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(mustCorpus(t, tt.gold), map[string][]Statement{"ten": tt.pred})
			check := func(name string, f PRF, want [3]int) {
				t.Helper()
				if got := [3]int{f.Matched, f.Gold, f.Pred}; got != want {
					t.Errorf("%s: matched, gold, pred = %v, want %v", name, got, want)
				}
			}
			check("token source", r.Token.Source, tt.want.tokSource)
			check("token cue", r.Token.Cue, tt.want.tokCue)
			check("token content", r.Token.Content, tt.want.tokContent)
			check("span source", r.ExactSpan.Source, tt.want.spanSource)
			check("span cue", r.ExactSpan.Cue, tt.want.spanCue)
			check("span content", r.ExactSpan.Content, tt.want.exact) // same words as exact statements here
			check("statement partial", r.Statement, tt.want.partial)
			check("statement exact", r.StatementExact, tt.want.exact)
			check("full exact", r.FullExact, tt.want.full)
			if got := [3]int{r.SourceAgreement.Agree, r.CueAgreement.Agree, r.SourceAgreement.Pairs}; got != [3]int{tt.want.srcAgree, tt.want.cueAgree, tt.want.pairs} {
				t.Errorf("source agree, cue agree, pairs = %v, want %v", got,
					[3]int{tt.want.srcAgree, tt.want.cueAgree, tt.want.pairs})
			}
		})
	}
}

func TestPRF(t *testing.T) {
	f := newPRF(3, 4, 6)
	if f.P != 0.5 || f.R != 0.75 || math.Abs(f.F1-0.6) > 1e-12 {
		t.Errorf("newPRF(3, 4, 6) = %+v, want P 0.5 R 0.75 F1 0.6", f)
	}
	if f := newPRF(0, 0, 0); f.P != 0 || f.R != 0 || f.F1 != 0 {
		t.Errorf("newPRF(0, 0, 0) = %+v, want zeros", f)
	}
}

func TestScoreDocuments(t *testing.T) {
	c, err := NewCorpus(
		Doc{Name: "b", Text: "alpha beta gamma", Gold: []Statement{{Content: [][2]int{{0, 10}}}}},
		Doc{Name: "a", Text: "delta epsilon", Gold: []Statement{{Content: [][2]int{{0, 13}}}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	pred := map[string][]Statement{
		"a":     {{Content: [][2]int{{0, 13}}}},
		"zeta":  {{Content: [][2]int{{0, 4}}}},
		"alpha": nil,
	}
	r := Score(c, pred)
	if r.Documents != 2 || r.Predicted != 1 {
		t.Errorf("documents, predicted = %d, %d, want 2, 1", r.Documents, r.Predicted)
	}
	if strings.Join(r.Unknown, ",") != "alpha,zeta" {
		t.Errorf("unknown = %v, want [alpha zeta]", r.Unknown)
	}
	if got := r.Statement; got.Matched != 1 || got.Gold != 2 || got.Pred != 1 {
		t.Errorf("statement = %+v, want 1 matched of 2 gold, 1 pred", got)
	}
	if len(r.Articles) != 2 || r.Articles[0].Doc != "a" || r.Articles[0].Statement.F1 != 1 || r.Articles[1].Statement.Gold != 1 {
		t.Errorf("articles = %+v", r.Articles)
	}
	// A corpus built by hand, without NewCorpus, scores the same.
	byHand := &Corpus{Docs: []*Doc{{Name: "a", Text: "delta epsilon", Gold: []Statement{{Content: [][2]int{{0, 13}}}}}}}
	if r := Score(byHand, pred); r.Statement.F1 != 1 {
		t.Errorf("hand-built corpus: statement = %+v, want F1 1", r.Statement)
	}
	if _, err := NewCorpus(Doc{Name: "a"}, Doc{Name: "a"}); err == nil {
		t.Error("NewCorpus accepted two documents with one name")
	}
}

func TestReportOutput(t *testing.T) {
	gold := []Statement{{Source: w(0, 0), Cue: w(1, 1), Content: w(2, 4)}}
	r := Score(mustCorpus(t, gold), map[string][]Statement{"ten": gold})
	var buf bytes.Buffer
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range []string{"token source", "exact span cue", "statement partial", "statement full-exact", "cue agreement", " 1.000 "} {
		if !strings.Contains(out, s) {
			t.Errorf("table lacks %q:\n%s", s, out)
		}
	}
	// Rows of the table line up: the F1 column ends at the same place.
	lines := strings.Split(out, "\n")
	var width int
	for _, l := range lines {
		if strings.HasPrefix(l, "token") || strings.HasPrefix(l, "statement") || strings.HasPrefix(l, "exact") {
			if width == 0 {
				width = len(l)
			} else if len(l) != width {
				t.Errorf("row %q is %d wide, want %d", l, len(l), width)
			}
		}
	}

	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"documents", "predicted", "token", "exact_span", "statement_partial", "statement_exact", "full_exact", "source_agreement", "cue_agreement", "articles"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks key %q: %s", k, b)
		}
	}
	tok, _ := m["token"].(map[string]any)
	src, _ := tok["source"].(map[string]any)
	if src["f1"] != 1.0 || src["matched"] != 1.0 {
		t.Errorf("token.source = %v, want f1 1 and matched 1", src)
	}
}
