package parse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/conllu"
)

const ewtDir = "/work/shared/data/ud-ewt"

// ewt reads a split of UD English EWT, skipping the test when the shared
// data is absent.
func ewt(tb testing.TB, split string) []Sentence {
	tb.Helper()
	name := filepath.Join(ewtDir, "en_ewt-ud-"+split+".conllu")
	if _, err := os.Stat(name); err != nil {
		tb.Skipf("no shared data: %v", err)
	}
	ss, err := conllu.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return FromCoNLLU(ss, UPOS)
}

func BenchmarkParseEWT(b *testing.B) {
	model := os.Getenv("PARSE_MODEL")
	if model == "" {
		b.Skip("PARSE_MODEL not set")
	}
	data, err := os.ReadFile(model)
	if err != nil {
		b.Fatal(err)
	}
	p, err := Load(data)
	if err != nil {
		b.Fatal(err)
	}
	dev := ewt(b, "dev")
	words := 0
	for _, s := range dev {
		words += len(s.Words)
	}
	heads := make([]int, 1000)
	labels := make([]string, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, s := range dev {
			n := len(s.Words)
			if err := p.Parse(s.Words, s.Tags, heads[:n], labels[:n]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
}
