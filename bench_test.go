package whosaid

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/text"
)

// devDocs reads the PolNeAR dev articles (84, about 940 tokens each).
func devDocs(b *testing.B) []Doc {
	b.Helper()
	files, err := filepath.Glob(filepath.Join(testenv.DataDir(b, "polnear", "dev", "text"), "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no PolNeAR dev texts: %v", err)
	}
	docs := make([]Doc, len(files))
	for k, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs[k] = Doc{ID: filepath.Base(f), Text: string(t)}
	}
	return docs
}

// reportRate reports articles per second and per CPU second of the
// process (steadier on a shared machine) for n articles per iteration.
func reportRate(b *testing.B, n int, cpu time.Duration) {
	articles := float64(b.N * n)
	b.ReportMetric(articles/b.Elapsed().Seconds(), "articles/s")
	if cpu > 0 {
		b.ReportMetric(articles/cpu.Seconds(), "articles/cpu-s")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/articles, "µs/article")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkExtractDev measures the whole default pipeline over the
// PolNeAR dev articles, one after the other (run with GOMAXPROCS=1 for
// the figure per core).
func BenchmarkExtractDev(b *testing.B) {
	docs := devDocs(b)
	for _, bc := range []struct {
		name string
		opts Options
	}{{"learned", Options{}}, {"rules", Options{RulesOnly: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			p, err := New(bc.opts)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			cpu := testenv.CPUTime()
			for b.Loop() {
				for _, d := range docs {
					if _, err := p.Extract(context.Background(), d); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportRate(b, len(docs), testenv.CPUTime()-cpu)
		})
	}
}

// BenchmarkStages measures each stage of the default pipeline alone over
// the PolNeAR dev articles, the layers it reads computed beforehand:
// text (text.New), then the stages of Pipeline in order.
func BenchmarkStages(b *testing.B) {
	docs := devDocs(b)
	p, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	// before[k] holds each article's layers up to the stage being run.
	before := make([]layers, len(docs))
	b.Run("text", func(b *testing.B) {
		b.ReportAllocs()
		cpu := testenv.CPUTime()
		for b.Loop() {
			for k, d := range docs {
				before[k] = layers{doc: text.New(d.Text)}
			}
		}
		reportRate(b, len(docs), testenv.CPUTime()-cpu)
	})
	for k, d := range docs {
		before[k] = layers{doc: text.New(d.Text)}
	}
	for _, st := range p.stages() {
		b.Run(st.name, func(b *testing.B) {
			l := make([]layers, len(docs))
			b.ReportAllocs()
			cpu := testenv.CPUTime()
			for b.Loop() {
				copy(l, before)
				for k := range l {
					st.run(p, &l[k])
				}
			}
			reportRate(b, len(docs), testenv.CPUTime()-cpu)
		})
		for k := range before {
			st.run(p, &before[k])
		}
	}
}
