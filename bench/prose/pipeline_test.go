package prose

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jdkato/prose/v3/tokenize"
	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/internal/testenv"
)

// devTexts reads the PolNeAR dev articles.
func devTexts(tb testing.TB) []whosaid.Doc {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(testenv.DataDir(tb, "polnear", "dev", "text"), "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no PolNeAR dev texts: %v", err)
	}
	docs := make([]whosaid.Doc, len(files))
	for k, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		docs[k] = whosaid.Doc{ID: filepath.Base(f), Text: string(b)}
	}
	return docs
}

// BenchmarkPipeline runs, in each iteration and on the same PolNeAR dev
// articles, whosaid's default pipeline (text, tagger, rules, learned
// extractor, speakers, type and act: Pipeline.Extract) and then prose v3's
// tokenizer, tagger and named-entity extracter over the whole text (what
// prose.NewDocument does without sentence segmentation, the models loaded
// once), and reports the articles per CPU second of each (process
// CPU time, so run with GOMAXPROCS=1) and their ratio, speed-ratio: how
// many times faster whosaid's whole pipeline is than prose's tag+NER.
//
//	cd bench/prose && GOMAXPROCS=1 go test -run '^$' -bench Pipeline -count 6 .
func BenchmarkPipeline(b *testing.B) {
	docs := devTexts(b)
	p, err := whosaid.New(whosaid.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	pt := newProse(b)
	tk := tokenize.New()
	var wCPU, pCPU, wWall, pWall time.Duration
	var wPer, pPer []float64 // CPU seconds per article, each iteration
	for b.Loop() {
		c0, t0 := cpuTime(), time.Now()
		for _, d := range docs {
			if _, err := p.Extract(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
		c1, t1 := cpuTime(), time.Now()
		for _, d := range docs {
			toks := tk.Tokenize(d.Text)
			pt.tagger.TagTokens(toks)
			pt.ext.Label(toks)
			pt.ext.Chunk(d.Text, toks)
		}
		c2, t2 := cpuTime(), time.Now()
		wCPU += c1 - c0
		pCPU += c2 - c1
		wWall += t1.Sub(t0)
		pWall += t2.Sub(t1)
		wPer = append(wPer, (c1 - c0).Seconds())
		pPer = append(pPer, (c2 - c1).Seconds())
	}
	n := float64(b.N * len(docs))
	if wCPU > 0 && pCPU > 0 {
		b.ReportMetric(n/wCPU.Seconds(), "whosaid-articles/cpu-s")
		b.ReportMetric(n/pCPU.Seconds(), "prose-articles/cpu-s")
		b.ReportMetric(pCPU.Seconds()/wCPU.Seconds(), "speed-ratio")
		// The ratio of the iteration medians, less sensitive to a burst
		// of load during one phase.
		b.ReportMetric(median(pPer)/median(wPer), "median-ratio")
	}
	b.ReportMetric(n/wWall.Seconds(), "whosaid-articles/s")
	b.ReportMetric(n/pWall.Seconds(), "prose-articles/s")
	b.ReportMetric(0, "ns/op")
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
