package prose

import (
	"strings"
	"testing"
	"time"

	prosener "github.com/jdkato/prose/v3/ner"
	prosetag "github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/token"
	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/ner"
)

// corpus is one test set: sentences with gold names.
type corpus struct {
	name  string
	sents []ner.Sentence
	words int
}

func loadCorpora(tb testing.TB) []corpus {
	tb.Helper()
	uner, err := ner.ReadIOB2File(testenv.DataDir(tb, "uner-ewt", "en_ewt-ud-test.iob2"))
	if err != nil {
		tb.Fatal(err)
	}
	dev, err := ner.ReadCoreNLP(testenv.DataDir(tb, "polnear", "dev.conllu"), testenv.DataDir(tb, "polnear", "dev", "text"))
	if err != nil {
		tb.Fatal(err)
	}
	cs := []corpus{{name: "uner-test", sents: uner}, {name: "polnear-dev", sents: dev}}
	for i := range cs {
		for _, s := range cs[i].sents {
			cs[i].words += len(s.Words)
		}
	}
	return cs
}

func loadWhosaid(tb testing.TB) *ner.Tagger {
	tb.Helper()
	t, err := ner.Load(models.NER())
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// proseNER runs prose's tagger and extracter on given words, as a
// sentence made of the words joined by spaces.
type proseNER struct {
	tagger *prosetag.Tagger
	ext    *prosener.Extracter
	toks   []token.Token
}

func newProse(tb testing.TB) *proseNER {
	tb.Helper()
	tg, err := prosetag.New()
	if err != nil {
		tb.Fatal(err)
	}
	ext, err := prosener.New()
	if err != nil {
		tb.Fatal(err)
	}
	return &proseNER{tagger: tg, ext: ext}
}

// tokens lays the words out in a source string and returns both.
func (p *proseNER) tokens(words []string) string {
	var b strings.Builder
	p.toks = p.toks[:0]
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		p.toks = append(p.toks, token.Token{Text: w, Start: b.Len()})
		b.WriteString(w)
	}
	return b.String()
}

// names maps prose's entities back to word ranges and our types: PERSON
// to PER, ORGANIZATION to ORG, and GPE, GSP, LOCATION and FACILITY to LOC
// (UNER counts facilities as locations); other labels are dropped.
func (p *proseNER) names(ents []prosener.Entity, dst []ner.Entity) []ner.Entity {
	for _, e := range ents {
		var typ ner.Type
		switch e.Label {
		case "PERSON":
			typ = ner.PER
		case "ORGANIZATION":
			typ = ner.ORG
		case "GPE", "GSP", "LOCATION", "FACILITY":
			typ = ner.LOC
		default:
			continue
		}
		s, end := -1, -1
		for i, t := range p.toks {
			if t.Start == e.Start {
				s = i
			}
			if t.End() == e.End() {
				end = i + 1
			}
		}
		if s >= 0 && end > s {
			dst = append(dst, ner.Entity{Start: s, End: end, Type: typ})
		}
	}
	return dst
}

// TestCompare prints the F1 of both taggers on both test sets.
func TestCompare(t *testing.T) {
	cs := loadCorpora(t)
	w := loadWhosaid(t)
	p := newProse(t)
	labels := map[string]int{}
	for _, c := range cs {
		ws := ner.Scores{Types: []ner.Type{ner.PER, ner.ORG, ner.LOC}}
		ps := ner.Scores{Types: ws.Types}
		var we, pe []ner.Entity
		for _, s := range c.sents {
			we = w.Tag(s.Words, we[:0])
			ws.Add(s.Entities, we)
			src := p.tokens(s.Words)
			p.tagger.TagTokens(p.toks)
			p.ext.Label(p.toks)
			ents := p.ext.Chunk(src, p.toks)
			for _, e := range ents {
				labels[e.Label]++
			}
			pe = p.names(ents, pe[:0])
			ps.Add(s.Entities, pe)
		}
		t.Logf("%s (%d sentences, %d words)\nwhosaid ner:\n%sprose v3 tag+ner:\n%s", c.name, len(c.sents), c.words, ws.String(), ps.String())
		if ws.Total().F1() < 0.3 {
			t.Errorf("%s: whosaid F1 %.3f, below 0.3", c.name, ws.Total().F1())
		}
	}
	t.Logf("prose labels: %v", labels)
}

// BenchmarkCompare runs both taggers over both test sets in each
// iteration, timing each, and reports words per second, the speed ratio
// and the F1 (PER, ORG, LOC, exact span) of each.
func BenchmarkCompare(b *testing.B) {
	cs := loadCorpora(b)
	w := loadWhosaid(b)
	p := newProse(b)
	var wTime, pTime, pNERTime time.Duration
	var words int
	var wS, pS [2]ner.Scores
	for b.Loop() {
		words = 0
		for k, c := range cs {
			wS[k] = ner.Scores{Types: []ner.Type{ner.PER, ner.ORG, ner.LOC}}
			pS[k] = ner.Scores{Types: wS[k].Types}
			var we, pe []ner.Entity
			words += c.words
			start := time.Now()
			for _, s := range c.sents {
				we = w.Tag(s.Words, we[:0])
				wS[k].Add(s.Entities, we)
			}
			wTime += time.Since(start)
			for _, s := range c.sents {
				src := p.tokens(s.Words)
				start := time.Now()
				p.tagger.TagTokens(p.toks)
				mid := time.Now()
				p.ext.Label(p.toks)
				ents := p.ext.Chunk(src, p.toks)
				pTime += time.Since(start)
				pNERTime += time.Since(mid)
				pe = p.names(ents, pe[:0])
				pS[k].Add(s.Entities, pe)
			}
		}
	}
	n := float64(b.N * words)
	b.ReportMetric(n/wTime.Seconds(), "whosaid-words/s")
	b.ReportMetric(n/pTime.Seconds(), "prose-tag+ner-words/s")
	b.ReportMetric(n/pNERTime.Seconds(), "prose-ner-only-words/s")
	b.ReportMetric(pTime.Seconds()/wTime.Seconds(), "speed-ratio")
	for k, c := range cs {
		b.ReportMetric(wS[k].Total().F1(), "whosaid-F1-"+c.name)
		b.ReportMetric(pS[k].Total().F1(), "prose-F1-"+c.name)
	}
}

// BenchmarkWhosaidNER measures whosaid's tagger alone: words per second
// and allocations per word over the PolNeAR dev sentences.
func BenchmarkWhosaidNER(b *testing.B) {
	cs := loadCorpora(b)
	w := loadWhosaid(b)
	sents := cs[1].sents
	var out []ner.Entity
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		for _, s := range sents {
			out = w.Tag(s.Words, out[:0])
		}
	}
	b.ReportMetric(float64(b.N*cs[1].words)/b.Elapsed().Seconds(), "words/s")
	if c := cpuTime() - cpu; c > 0 {
		b.ReportMetric(float64(b.N*cs[1].words)/c.Seconds(), "words/cpu-s")
	}
	b.ReportMetric(float64(testing.AllocsPerRun(1, func() {
		for _, s := range sents {
			out = w.Tag(s.Words, out[:0])
		}
	}))/float64(cs[1].words), "allocs/word")
}

// BenchmarkProseNER measures prose's tagger and extracter on the same
// sentences.
func BenchmarkProseNER(b *testing.B) {
	cs := loadCorpora(b)
	p := newProse(b)
	sents := cs[1].sents
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		for _, s := range sents {
			src := p.tokens(s.Words)
			p.tagger.TagTokens(p.toks)
			p.ext.Label(p.toks)
			p.ext.Chunk(src, p.toks)
		}
	}
	b.ReportMetric(float64(b.N*cs[1].words)/b.Elapsed().Seconds(), "words/s")
	if c := cpuTime() - cpu; c > 0 {
		b.ReportMetric(float64(b.N*cs[1].words)/c.Seconds(), "words/cpu-s")
	}
}
