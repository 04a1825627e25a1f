package ner

import (
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/learn"
)

// refAt adds the form of word i given by spans, or a sentinel outside
// the sentence, as the features of the embedded model were hashed.
func refAt(h *learn.Hasher, sc *scratch, spans []span, i int) {
	switch {
	case i < 0:
		h.Str(padBefore)
	case i >= len(spans):
		h.Str(padAfter)
	default:
		h.Bytes(sc.arena[spans[i].s:spans[i].e])
	}
}

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
	refAt(&h, sc, sc.low, i)
	fs = append(fs, h.Sum())
	h.Reset(fPrevShape)
	h.Str(p1)
	refAt(&h, sc, sc.shape, i)
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

// TestPadded checks the padded forms against the spans and sentinels.
func TestPadded(t *testing.T) {
	tg := trainFixture(t)
	sc := &scratch{}
	words := []string{"Anna", "went", "to", "Paris", "."}
	for _, ws := range [][]string{words, words[:1], words[:3]} {
		tg.prepare(sc, ws)
		for i := -pad; i < len(ws)+pad; i++ {
			var h, ref learn.Hasher
			h.Bytes(sc.lowOf(i))
			h.Bytes(sc.shapeOf(i))
			refAt(&ref, sc, sc.low, i)
			refAt(&ref, sc, sc.shape, i)
			if h != ref {
				t.Errorf("%q word %d: padded forms %q %q hash apart from the spans", ws, i, sc.lowOf(i), sc.shapeOf(i))
			}
		}
	}
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

// refMatch is match as the embedded model was trained with it: every
// key of up to maxPhrase words looked up. It writes into gaz, which must
// be as long as the sentence, and returns it.
func refMatch(sc *scratch, g *gazetteer, gaz []uint8) []uint8 {
	n := len(sc.low)
	clear(gaz)
	for i := 0; i < n; {
		found, typ := 0, None
		key := sc.key[:0]
		for l := 1; l <= maxPhrase && i+l <= n; l++ {
			if l > 1 {
				key = append(key, ' ')
			}
			key = append(key, sc.lowB(i+l-1)...)
			if t, ok := g.phrases[string(key)]; ok {
				found, typ = l, t
			}
		}
		sc.key = key
		if found == 0 {
			i++
			continue
		}
		for j := i; j < i+found; j++ {
			p := posI
			switch {
			case found == 1:
				p = posU
			case j == i:
				p = posB
			case j == i+found-1:
				p = posL
			}
			gaz[j] = uint8(typ)*8 + uint8(p)
		}
		i += found
	}
	return gaz
}

// TestMatch checks the gazetteer match, which stops at keys no phrase
// starts with, against looking up every key.
func TestMatch(t *testing.T) {
	g := &gazetteer{phrases: map[string]Type{
		"new york":                LOC,
		"new york times":          ORG,
		"the new york times co":   ORG,
		"maria":                   PER,
		"maria de la cruz":        PER,
		"a b c d e f":             MISC,
		"united states":           LOC,
		"x y":                     LOC, // also matched by the one word "x y"
		"bank of america merrill": ORG,
		"america":                 LOC,
	}}
	g.index()
	tg := trainFixture(t)
	sents := [][]string{
		{"The", "New", "York", "Times", "Co", "said", "so"},
		{"New", "York", "Times", "reporters", "in", "New", "York"},
		{"Maria", "de", "la", "Cruz", "and", "Maria", "de", "la"},
		{"a", "b", "c", "d", "e", "f", "g"},
		{"x y", "x", "y", "United", "States", "of", "America"},
		{"Bank", "of", "America", "Merrill", "Lynch", "Bank", "of", "America"},
		{"", "new", "", "york"},
	}
	for _, s := range fixture(t) {
		sents = append(sents, s.Words)
	}
	if len(tg.gaz.phrases) == 0 {
		t.Fatal("the fixture's gazetteer is empty")
	}
	for _, gz := range []*gazetteer{g, tg.gaz} {
		matched := 0
		for _, words := range sents {
			sc := &scratch{}
			tg.prepare(sc, words)
			sc.match(gz)
			if want := refMatch(sc, gz, make([]uint8, len(words))); !slices.Equal(sc.gaz, want) {
				t.Errorf("match %q = %v, want %v", words, sc.gaz, want)
			}
			for _, v := range sc.gaz {
				if v != 0 {
					matched++
				}
			}
		}
		if matched == 0 {
			t.Errorf("no word matched the gazetteer of %d names", len(gz.phrases))
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

// BenchmarkMatch compares the gazetteer match that stops at keys no name
// starts with against looking up every key (ref).
func BenchmarkMatch(b *testing.B) {
	tg := embedded(b)
	scs := benchSentences(tg)
	gaz := make([]uint8, 100)
	for _, sub := range []string{"stop", "ref"} {
		b.Run(sub, func(b *testing.B) {
			b.ReportAllocs()
			words := 0
			for b.Loop() {
				for _, sc := range scs {
					if sub == "ref" {
						refMatch(sc, tg.gaz, gaz[:len(sc.words)])
					} else {
						sc.match(tg.gaz)
					}
					words += len(sc.words)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(words), "ns/word")
		})
	}
}

// BenchmarkFeatures measures the features of every word of the benchmark
// paragraph, label features included.
func BenchmarkFeatures(b *testing.B) {
	tg := embedded(b)
	scs := benchSentences(tg)
	b.ReportAllocs()
	words := 0
	for b.Loop() {
		for _, sc := range scs {
			for i := range sc.words {
				sc.features(i)
				sc.labelFeatures(i, tg.prev)
				words++
			}
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(words), "ns/word")
}
