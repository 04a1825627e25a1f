package ner

import (
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/learn"
)

// refLabelFeatures is labelFeatures as the embedded model was trained
// with it: every feature hashed from the label names.
func refLabelFeatures(sc *scratch, i int, labels []string, fs []uint64) []uint64 {
	p1, p2 := "\x01^", "\x01^"
	if i > 0 {
		p1 = labels[sc.labels[i-1]]
	}
	if i > 1 {
		p2 = labels[sc.labels[i-2]]
	}
	var h learn.Hasher
	h.Reset(fPrev)
	h.Str(p1)
	fs = append(fs, h.Sum())
	h.Reset(fPrev2)
	h.Str(p2)
	h.Str(p1)
	fs = append(fs, h.Sum())
	h.Reset(fPrevLow)
	h.Str(p1)
	sc.lowAt(&h, i)
	fs = append(fs, h.Sum())
	h.Reset(fPrevShape)
	h.Str(p1)
	sc.shapeAt(&h, i)
	fs = append(fs, h.Sum())
	h.Reset(fGazPrev)
	h.Str(p1)
	h.Int(int(sc.gaz[i]))
	fs = append(fs, h.Sum())
	h.Reset(fPrevCap)
	h.Str(p1)
	if sc.lex[i].known {
		h.Int(int(sc.lex[i].caps))
	} else {
		h.Int(-1)
	}
	fs = append(fs, h.Sum())
	return fs
}

// TestLabelFeatures checks the label features taken from the prefix
// table against their definition, for every pair of previous labels.
func TestLabelFeatures(t *testing.T) {
	tg := trainFixture(t)
	labels := tg.model.Labels()
	nc := len(labels)
	for _, s := range fixture(t)[:5] {
		sc := &scratch{}
		tg.prepare(sc, s.Words)
		for i := range s.Words {
			for p := range nc * nc {
				if (i == 0 && p > 0) || (i == 1 && p >= nc) {
					break // the labels before the sentence start are fixed
				}
				if i > 0 {
					sc.labels[i-1] = p % nc
				}
				if i > 1 {
					sc.labels[i-2] = p / nc
				}
				sc.feats = sc.feats[:0]
				sc.labelFeatures(i, tg.prev)
				if want := refLabelFeatures(sc, i, labels, nil); !slices.Equal(sc.feats, want) {
					t.Fatalf("word %d of %q, labels %d: features %x, want %x", i, s.Words, p, sc.feats, want)
				}
			}
		}
	}
}

// benchSentences returns the benchmark paragraph prepared by tg, one
// scratch per sentence.
func benchSentences(tg *Tagger) []*scratch {
	var scs []*scratch
	for _, line := range strings.Split(benchText, "\n") {
		sc := &scratch{}
		tg.prepare(sc, strings.Fields(line))
		scs = append(scs, sc)
	}
	return scs
}

// BenchmarkLabelFeatures compares the label features from the prefix
// table with hashing the label names (ref), per word of the benchmark
// paragraph.
func BenchmarkLabelFeatures(b *testing.B) {
	tg := embedded(b)
	scs := benchSentences(tg)
	var fs []uint64
	for _, sub := range []string{"table", "ref"} {
		b.Run(sub, func(b *testing.B) {
			b.ReportAllocs()
			words := 0
			for b.Loop() {
				for _, sc := range scs {
					for i := range sc.words {
						if sub == "ref" {
							fs = refLabelFeatures(sc, i, tg.model.Labels(), fs[:0])
						} else {
							sc.feats = sc.feats[:0]
							sc.labelFeatures(i, tg.prev)
						}
						words++
					}
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(words), "ns/word")
		})
	}
}
