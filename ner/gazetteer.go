package ner

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// maxPhrase is the longest name, in words, the gazetteer holds.
const maxPhrase = 6

// gazetteer maps names seen in the training data (lower-cased words
// joined by spaces) to their usual type.
type gazetteer struct {
	phrases map[string]Type
	// look holds the phrases and every start of a phrase that ends before
	// one of its spaces: the value is the phrase's type (None for a start
	// only), plus extends when a longer phrase starts with the key and a
	// space. match stops extending a key that a longer phrase cannot
	// start with.
	look map[string]uint8
}

// extends marks a look entry that begins a longer phrase.
const extends = 0x80

// index builds g.look from g.phrases.
func (g *gazetteer) index() {
	g.look = make(map[string]uint8, len(g.phrases))
	for p, t := range g.phrases {
		g.look[p] |= uint8(t)
		for i := 0; i < len(p); i++ {
			if p[i] == ' ' {
				g.look[p[:i]] |= extends
			}
		}
	}
}

// buildGazetteer collects the names of the sentences for which keep
// reports true, keeping those seen at least minCount times whose most
// frequent type covers at least 70% of their uses.
func buildGazetteer(sents []Sentence, keep func(k int) bool, minCount int) *gazetteer {
	counts := map[string]*[numTypes]int{}
	var buf []byte
	for k, s := range sents {
		if !keep(k) {
			continue
		}
		for _, e := range s.Entities {
			if e.Start < 0 || e.End > len(s.Words) || e.End-e.Start > maxPhrase || e.Start >= e.End {
				continue
			}
			buf = buf[:0]
			for i := e.Start; i < e.End; i++ {
				if i > e.Start {
					buf = append(buf, ' ')
				}
				buf = appendLow(buf, s.Words[i])
			}
			c := counts[string(buf)]
			if c == nil {
				c = new([numTypes]int)
				counts[string(buf)] = c
			}
			if e.Type < numTypes {
				c[e.Type]++
			}
		}
	}
	g := &gazetteer{phrases: map[string]Type{}}
	for p, c := range counts {
		best, total := None, 0
		for t := range numTypes {
			total += c[t]
			if c[t] > c[best] {
				best = t
			}
		}
		if total >= minCount && best != None && c[best]*10 >= total*7 {
			g.phrases[p] = best
		}
	}
	g.index()
	return g
}

// match marks the words of the sentence covered by gazetteer names,
// longest match first from the left: sc.gaz[i] is type*8 + BILOU position,
// or 0.
func (sc *scratch) match(g *gazetteer) {
	n := len(sc.low)
	sc.gaz = grow(sc.gaz, n)
	clear(sc.gaz)
	if g == nil || len(g.phrases) == 0 {
		return
	}
	for i := 0; i < n; {
		found, typ := 0, None
		sc.key = sc.key[:0]
		for l := 1; l <= maxPhrase && i+l <= n; l++ {
			if l > 1 {
				sc.key = append(sc.key, ' ')
			}
			sc.key = append(sc.key, sc.lowB(i+l-1)...)
			v, ok := g.look[string(sc.key)]
			if !ok {
				break
			}
			if t := Type(v &^ extends); t != None {
				found, typ = l, t
			}
			if v&extends == 0 {
				break
			}
		}
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
			sc.gaz[j] = uint8(typ)*8 + uint8(p)
		}
		i += found
	}
}

// appendBinary encodes the gazetteer: uvarint count, then per phrase (in
// sorted order) uvarint length, bytes, type byte.
func (g *gazetteer) appendBinary(dst []byte) []byte {
	if g == nil {
		return binary.AppendUvarint(dst, 0)
	}
	ps := make([]string, 0, len(g.phrases))
	for p := range g.phrases {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	dst = binary.AppendUvarint(dst, uint64(len(ps)))
	for _, p := range ps {
		dst = binary.AppendUvarint(dst, uint64(len(p)))
		dst = append(dst, p...)
		dst = append(dst, byte(g.phrases[p]))
	}
	return dst
}

// decodeGazetteer reads what appendBinary wrote and returns the rest.
func decodeGazetteer(b []byte) (*gazetteer, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, nil, errors.New("gazetteer: bad count")
	}
	b = b[k:]
	if n > uint64(len(b))/3 {
		return nil, nil, fmt.Errorf("gazetteer: %d names do not fit in %d bytes", n, len(b))
	}
	g := &gazetteer{phrases: make(map[string]Type, n)}
	prev := ""
	for i := uint64(0); i < n; i++ {
		m, k := binary.Uvarint(b)
		if k <= 0 || m == 0 || m > uint64(len(b)-k) || uint64(len(b)-k)-m < 1 {
			return nil, nil, fmt.Errorf("gazetteer: name %d truncated", i)
		}
		b = b[k:]
		p := string(b[:m])
		t := Type(b[m])
		b = b[m+1:]
		if i > 0 && p <= prev {
			return nil, nil, fmt.Errorf("gazetteer: name %d (%q) out of order", i, p)
		}
		if t == None || t >= numTypes {
			return nil, nil, fmt.Errorf("gazetteer: name %d (%q) has type %d", i, p, t)
		}
		if strings.Count(p, " ") >= maxPhrase {
			return nil, nil, fmt.Errorf("gazetteer: name %d has more than %d words", i, maxPhrase)
		}
		g.phrases[p] = t
		prev = p
	}
	g.index()
	return g, b, nil
}
