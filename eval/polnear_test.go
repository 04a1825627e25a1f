package eval

import (
	"math"
	"testing"

	"github.com/whosaid/whosaid/internal/testenv"
)

// loadSplit reads a split ("train", "dev") of PolNeAR from the shared
// data, skipping the test when it is absent (failing it when the
// environment requires the data).
func loadSplit(tb testing.TB, split string) *Corpus {
	tb.Helper()
	c, err := LoadGold(testenv.DataDir(tb, "polnear", split))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// devBase returns the path of the PolNeAR dev folder, which is also the
// base name of its CoreNLP analyses (dev.conllu, dev.coref.jsonl), after
// checking that all three are there.
func devBase(tb testing.TB) string {
	tb.Helper()
	testenv.DataDir(tb, "polnear", "dev.conllu")
	testenv.DataDir(tb, "polnear", "dev.coref.jsonl")
	return testenv.DataDir(tb, "polnear", "dev")
}

// near reports whether got rounds to want at two decimals.
func near(got, want float64) bool { return math.Abs(got-want) <= 0.005 }

// TestPolNeARCounts checks the reader against the counts of the data README.
func TestPolNeARCounts(t *testing.T) {
	for _, x := range []struct {
		split                            string
		docs, relations, withContent, no int
		punctCues                        int
	}{
		{"dev", 84, 2193, 2192, 127, 47},
		{"train", 840, 19868, 19831, 1507, 168}, // README: "about 170"
	} {
		c := loadSplit(t, x.split)
		rel, noSource, punct := 0, 0, 0
		for _, d := range c.Docs {
			rel += len(d.Gold)
			for _, s := range d.Gold {
				if len(s.Source) == 0 {
					noSource++
				}
				if len(s.Cue) > 0 && len(cover(d.words, s.Cue)) == 0 {
					punct++
				}
			}
		}
		if punct != x.punctCues {
			t.Errorf("%s: %d punctuation-only cues, want %d", x.split, punct, x.punctCues)
		}
		self := Score(c, c.Predictions(0))
		if len(c.Docs) != x.docs || rel != x.relations || self.Statement.Gold != x.withContent || noSource != x.no {
			t.Errorf("%s: docs %d relations %d with content words %d without source %d, want %d %d %d %d",
				x.split, len(c.Docs), rel, self.Statement.Gold, noSource, x.docs, x.relations, x.withContent, x.no)
		}
	}
}

// TestPolNeARSelf checks that the gold scored against itself gives 1.0 on
// every figure.
func TestPolNeARSelf(t *testing.T) {
	c := loadSplit(t, "dev")
	r := Score(c, c.Predictions(0))
	for name, f := range map[string]float64{
		"token source": r.Token.Source.F1, "token cue": r.Token.Cue.F1, "token content": r.Token.Content.F1,
		"span source": r.ExactSpan.Source.F1, "span cue": r.ExactSpan.Cue.F1, "span content": r.ExactSpan.Content.F1,
		"statement partial": r.Statement.F1, "statement exact": r.StatementExact.F1, "full exact": r.FullExact.F1,
		"source agreement": r.SourceAgreement.Rate, "cue agreement": r.CueAgreement.Rate,
		"token source P": r.Token.Source.P, "statement R": r.Statement.R,
	} {
		if f != 1 {
			t.Errorf("%s = %v, want 1", name, f)
		}
	}
}

// TestHumanAgreement reproduces the human-agreement figures of the data
// README, to two decimals.
func TestHumanAgreement(t *testing.T) {
	type fig struct {
		name      string
		got, want float64
	}
	checkAll := func(what string, figs []fig) {
		t.Helper()
		for _, f := range figs {
			if !near(f.got, f.want) {
				t.Errorf("%s: %s F1 = %.4f, want %.2f", what, f.name, f.got, f.want)
			}
		}
	}
	main5 := func(r *Report, want [5]float64) []fig {
		return []fig{
			{"token source", r.Token.Source.F1, want[0]},
			{"token cue", r.Token.Cue.F1, want[1]},
			{"token content", r.Token.Content.F1, want[2]},
			{"statement partial", r.Statement.F1, want[3]},
			{"statement exact", r.StatementExact.F1, want[4]},
		}
	}

	dev := loadSplit(t, "dev")
	r := Agreement(dev)
	if r.Documents != 2 || r.Pairs != 60 {
		t.Errorf("dev agreement: %d articles, %d pairs, want 2 and 60", r.Documents, r.Pairs)
	}
	checkAll("dev, pooled pairs", main5(r, [5]float64{0.92, 0.83, 0.97, 0.92, 0.86}))
	// The first file as prediction, the second as gold.
	r = Score(dev.Annotator(1), dev.Predictions(0))
	checkAll("dev, first against second", main5(r, [5]float64{0.97, 0.82, 0.97, 0.89, 0.85}))

	if testing.Short() {
		return
	}
	train := loadSplit(t, "train")
	r = Agreement(train)
	if r.Documents != 16 || r.Pairs != 470 {
		t.Errorf("train agreement: %d articles, %d pairs, want 16 and 470", r.Documents, r.Pairs)
	}
	checkAll("train, pooled pairs", main5(r, [5]float64{0.80, 0.70, 0.91, 0.83, 0.68}))
	// The second file as prediction, the first (the gold) as gold, on the
	// articles with several annotators.
	r = Score(train.Annotator(1).Annotator(0), train.Predictions(1))
	checkAll("train, second against first", []fig{
		{"exact span source", r.ExactSpan.Source.F1, 0.78},
		{"exact span cue", r.ExactSpan.Cue.F1, 0.71},
		{"exact span content", r.ExactSpan.Content.F1, 0.67},
		{"full exact", r.FullExact.F1, 0.56},
	})
}

func BenchmarkScoreDev(b *testing.B) {
	c := loadSplit(b, "dev")
	// Predictions: the gold with every content cut to its first half, so the
	// pairing and the partial matching do real work.
	pred := map[string][]Statement{}
	var size int64
	for _, d := range c.Docs {
		size += int64(len(d.Text))
		for _, s := range d.Gold {
			cut := s
			if len(s.Content) > 0 {
				p := s.Content[0]
				cut.Content = [][2]int{{p[0], p[0] + (p[1]-p[0])/2}}
			}
			pred[d.Name] = append(pred[d.Name], cut)
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var r *Report
	for b.Loop() {
		r = Score(c, pred)
	}
	if r.Statement.Matched == 0 || r.Statement.Matched == r.Statement.Gold {
		b.Fatalf("implausible benchmark score: %+v", r.Statement)
	}
}

func BenchmarkLoadGoldDev(b *testing.B) {
	dir := testenv.DataDir(b, "polnear", "dev")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadGold(dir); err != nil {
			b.Fatal(err)
		}
	}
}
