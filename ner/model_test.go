package ner

import (
	"reflect"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/models"
)

func embedded(tb testing.TB) *Tagger {
	tb.Helper()
	b := models.NER()
	if b == nil {
		tb.Fatal("models/ner.model is not embedded: the shipped model is missing from the repository")
	}
	t, err := Load(b)
	if err != nil {
		tb.Fatalf("loading the embedded model: %v", err)
	}
	return t
}

// TestEmbeddedModel tags sentences written for this test with the
// embedded model.
func TestEmbeddedModel(t *testing.T) {
	tg := embedded(t)
	tests := []struct {
		sentence string
		want     string
	}{
		{"Senator Elizabeth Warren told reporters in Boston on Tuesday that the Federal Reserve had waited too long .",
			"[PER Elizabeth Warren] [LOC Boston] [ORG Federal Reserve]"},
		{"“ We will not back down , ” said Maria Lopez , a spokeswoman for the Department of Justice .",
			"[PER Maria Lopez] [ORG Department of Justice]"},
		{"The weather was mild and nobody complained .", ""},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.sentence)
		var got []string
		for _, e := range tg.Tag(words, nil) {
			got = append(got, "["+e.Type.String()+" "+strings.Join(words[e.Start:e.End], " ")+"]")
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("Tag(%q) = %q, want %q", tt.sentence, g, tt.want)
		}
	}
}

// TestConcurrentTag checks that a shared tagger gives the same answers
// from several goroutines (run with -race).
func TestConcurrentTag(t *testing.T) {
	tg := embedded(t)
	words := strings.Fields("Prime Minister Kofi Mensah met the board of Acme Corp. in Geneva .")
	want := tg.Tag(words, nil)
	done := make(chan []Entity)
	for range 4 {
		go func() {
			var got []Entity
			for range 50 {
				got = tg.Tag(words, got[:0])
			}
			done <- got
		}()
	}
	for range 4 {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Errorf("concurrent Tag = %v, want %v", got, want)
		}
	}
}

// benchText is a paragraph written for the benchmark, one sentence a line.
const benchText = `Governor Helen Park said on Monday that the state would sue the Environmental Protection Agency over the new rules .
“ This is not about politics , ” Park told reporters in Sacramento , adding that the National Guard was ready .
Republicans in Congress , led by Representative Tom Ellis of Ohio , called the lawsuit a stunt .
A spokesman for the White House declined to comment , but officials at the Treasury Department said talks with Mexico and Canada would go on .
The company , Northwind Energy , has offices in Houston , London and Singapore and employs 4,000 people .`

func BenchmarkTag(b *testing.B) {
	tg := embedded(b)
	var sents [][]string
	words, size := 0, 0
	for _, line := range strings.Split(benchText, "\n") {
		sents = append(sents, strings.Fields(line))
		words += len(sents[len(sents)-1])
		size += len(line)
	}
	var out []Entity
	b.SetBytes(int64(size))
	b.ReportAllocs()
	cpu := testenv.CPUTime()
	for b.Loop() {
		for _, s := range sents {
			out = tg.Tag(s, out[:0])
		}
	}
	b.ReportMetric(float64(b.N*words)/b.Elapsed().Seconds(), "words/s")
	// The machine is shared: words per CPU second of this process is the
	// steadier figure (one goroutine, so one core).
	if c := testenv.CPUTime() - cpu; c > 0 {
		b.ReportMetric(float64(b.N*words)/c.Seconds(), "words/cpu-s")
	}
}

func BenchmarkLoad(b *testing.B) {
	data := models.NER()
	if data == nil {
		b.Fatal("models/ner.model is not embedded: the shipped model is missing from the repository")
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data); err != nil {
			b.Fatal(err)
		}
	}
}
