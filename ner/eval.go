package ner

import (
	"fmt"
	"strings"
)

// Counts are the matches of one name type: exact span and type (CoNLL
// style).
type Counts struct {
	TP, FP, FN int
}

// Precision returns TP / (TP + FP), or 0.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall returns TP / (TP + FN), or 0.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 returns the harmonic mean of precision and recall, or 0.
func (c Counts) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scores are the counts of each scored type.
type Scores struct {
	Types  []Type
	ByType [numTypes]Counts
}

// Total returns the counts summed over the scored types (micro average).
func (s *Scores) Total() Counts {
	var c Counts
	for _, t := range s.Types {
		c.TP += s.ByType[t].TP
		c.FP += s.ByType[t].FP
		c.FN += s.ByType[t].FN
	}
	return c
}

// String formats the scores as one line per type and a total.
func (s *Scores) String() string {
	var b strings.Builder
	line := func(name string, c Counts) {
		fmt.Fprintf(&b, "%-5s P %.4f R %.4f F1 %.4f (tp %d fp %d fn %d)\n", name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
	}
	for _, t := range s.Types {
		line(t.String(), s.ByType[t])
	}
	line("all", s.Total())
	return b.String()
}

// Add counts one sentence: a predicted name is right when a gold name has
// the same span and type. Names of types outside s.Types are ignored on
// both sides.
func (s *Scores) Add(gold, pred []Entity) {
	want := func(t Type) bool {
		for _, x := range s.Types {
			if x == t {
				return true
			}
		}
		return false
	}
	for _, p := range pred {
		if !want(p.Type) || p.Type >= numTypes {
			continue
		}
		hit := false
		for _, g := range gold {
			if g == p {
				hit = true
				break
			}
		}
		if hit {
			s.ByType[p.Type].TP++
		} else {
			s.ByType[p.Type].FP++
		}
	}
	for _, g := range gold {
		if !want(g.Type) || g.Type >= numTypes {
			continue
		}
		hit := false
		for _, p := range pred {
			if g == p {
				hit = true
				break
			}
		}
		if !hit {
			s.ByType[g.Type].FN++
		}
	}
}

// Evaluate tags the sentences and scores the names of the given types
// (default PER, ORG, LOC) against theirs.
func (t *Tagger) Evaluate(sents []Sentence, types ...Type) *Scores {
	if len(types) == 0 {
		types = []Type{PER, ORG, LOC}
	}
	s := &Scores{Types: types}
	var pred []Entity
	for _, x := range sents {
		pred = t.Tag(x.Words, pred[:0])
		s.Add(x.Entities, pred)
	}
	return s
}
