package parse

import (
	"fmt"
	"strings"
)

// Scores counts the words of an evaluation and those whose head, and head
// and relation, are right. Punctuation counts, as in the CoNLL 2018 shared
// task.
type Scores struct {
	Words   int // words scored
	Heads   int // words with the right head
	Labeled int // right head and right universal relation (the part before ':')
	Full    int // right head and right relation, subtype included
}

// UAS returns the unlabelled attachment score in percent.
func (s Scores) UAS() float64 { return pct(s.Heads, s.Words) }

// LAS returns the labelled attachment score in percent, comparing
// universal relations only (nsubj:pass counts as nsubj), as the CoNLL 2018
// evaluation does.
func (s Scores) LAS() float64 { return pct(s.Labeled, s.Words) }

// LASFull returns the labelled attachment score in percent comparing whole
// relations, subtypes included.
func (s Scores) LASFull() float64 { return pct(s.Full, s.Words) }

// String formats the scores on one line.
func (s Scores) String() string {
	return fmt.Sprintf("words %d UAS %.2f LAS %.2f LAS(full relations) %.2f", s.Words, s.UAS(), s.LAS(), s.LASFull())
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// universal returns the universal part of a relation.
func universal(l string) string {
	if i := strings.IndexByte(l, ':'); i >= 0 {
		return l[:i]
	}
	return l
}

// Evaluate parses the words and tags of each gold sentence with p and
// scores the result against the gold heads and relations. Sentences whose
// slices differ in length are reported in the error and not scored.
func Evaluate(p *Parser, gold []Sentence) (Scores, error) {
	var sc Scores
	var heads []int
	var labels []string
	bad := 0
	for _, s := range gold {
		n := len(s.Words)
		if len(s.UPOS) != n || len(s.XPOS) != n || len(s.Heads) != n || len(s.Labels) != n {
			bad++
			continue
		}
		heads = append(heads[:0], make([]int, n)...)
		labels = append(labels[:0], make([]string, n)...)
		if err := p.Parse(s.Words, s.UPOS, s.XPOS, heads, labels); err != nil {
			bad++
			continue
		}
		for i := range n {
			sc.Words++
			if heads[i] != s.Heads[i] {
				continue
			}
			sc.Heads++
			if universal(labels[i]) == universal(s.Labels[i]) {
				sc.Labeled++
			}
			if labels[i] == s.Labels[i] {
				sc.Full++
			}
		}
	}
	if bad > 0 {
		return sc, fmt.Errorf("parse: evaluate: %d of %d sentences have slices of different lengths", bad, len(gold))
	}
	return sc, nil
}
