package ner

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clusterBits is the width of a word's cluster code.
const clusterBits = 16

// lexEntry is what the lexicon knows of a lower-cased word.
type lexEntry struct {
	// cluster is a 16-bit code such that words used in similar contexts
	// tend to share its leading bits: bit b is the side of a random
	// hyperplane the word's context vector lies on (SimHash of positive
	// PMI counts of the neighbouring frequent words).
	cluster uint16
	// caps buckets how often the word is capitalized inside a sentence:
	// 0 unknown, 1 almost never, 2 seldom, 3 often, 4 almost always.
	caps  uint8
	known bool
}

// lexicon maps lower-cased words to entries. The zero value (or nil) knows
// no word.
type lexicon struct {
	words []string // sorted
	ents  []lexEntry
	index map[string]int32
}

func (l *lexicon) lookup(low []byte) lexEntry {
	if l == nil {
		return lexEntry{}
	}
	if i, ok := l.index[string(low)]; ok {
		return l.ents[i]
	}
	return lexEntry{}
}

// lexiconOptions bound what buildLexicon keeps.
type lexiconOptions struct {
	minCount int // words seen fewer times are left out
	maxWords int
	contexts int // number of frequent words used as contexts
}

// buildLexicon learns word clusters and capitalization rates from
// unlabeled sentences. It is deterministic.
func buildLexicon(sents [][]string, opt lexiconOptions) *lexicon {
	var buf []byte
	count := map[string]int{}
	lows := make([][]string, len(sents))
	for k, s := range sents {
		ls := make([]string, len(s))
		for i, w := range s {
			buf = appendLow(buf[:0], w)
			ls[i] = string(buf)
			count[ls[i]]++
		}
		lows[k] = ls
	}
	byFreq := make([]string, 0, len(count))
	for w := range count {
		byFreq = append(byFreq, w)
	}
	slices.SortFunc(byFreq, func(a, b string) int {
		if c := count[b] - count[a]; c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	vocab := map[string]int32{}
	for _, w := range byFreq {
		if count[w] < opt.minCount || len(vocab) >= opt.maxWords {
			break
		}
		vocab[w] = int32(len(vocab))
	}
	nctx := min(opt.contexts, len(byFreq))
	ctxID := make(map[string]int32, nctx)
	for i := 0; i < nctx; i++ {
		ctxID[byFreq[i]] = int32(i)
	}
	// Context dimensions: (frequent word, offset) for offsets -2, -1, +1,
	// +2, plus one "rare word" dimension per offset.
	const sides = 4
	dim := func(w string, side int) int32 {
		if c, ok := ctxID[w]; ok {
			return c*sides + int32(side)
		}
		return int32(nctx)*sides + int32(side)
	}
	ndim := (nctx + 1) * sides
	pairs := map[uint64]float64{}
	wordTotal := make([]float64, len(vocab))
	dimTotal := make([]float64, ndim)
	total := 0.0
	upper := make([]int, len(vocab))
	lower := make([]int, len(vocab))
	for k, ls := range lows {
		title := looksTitle(sents[k])
		for i, w := range ls {
			id, ok := vocab[w]
			if !ok {
				continue
			}
			for side, off := range [sides]int{-2, -1, 1, 2} {
				j := i + off
				c := "\x01pad"
				if j >= 0 && j < len(ls) {
					c = ls[j]
				}
				d := dim(c, side)
				pairs[uint64(id)<<32|uint64(d)]++
				wordTotal[id]++
				dimTotal[d]++
				total++
			}
			if title || i == 0 || isOpening(sents[k][i-1]) {
				continue
			}
			r, _ := utf8.DecodeRuneInString(sents[k][i])
			if unicode.IsUpper(r) {
				upper[id]++
			} else if unicode.IsLower(r) {
				lower[id]++
			}
		}
	}
	keys := make([]uint64, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	acc := make([]float64, len(vocab)*clusterBits)
	for _, k := range keys {
		id, d := int(k>>32), int(k&0xffffffff)
		pmi := math.Log(pairs[k] * total / (wordTotal[id] * dimTotal[d]))
		if pmi <= 0 {
			continue
		}
		// Hyperplane b weighs dimension d by +1 or -1.
		r := mix64(uint64(d)*0x9e3779b97f4a7c15 + 0x5eed)
		row := acc[id*clusterBits : (id+1)*clusterBits]
		for b := range row {
			if r>>b&1 == 1 {
				row[b] += pmi
			} else {
				row[b] -= pmi
			}
		}
	}
	lex := &lexicon{}
	words := make([]string, 0, len(vocab))
	for w := range vocab {
		words = append(words, w)
	}
	slices.Sort(words)
	for _, w := range words {
		id := vocab[w]
		var code uint16
		for b, v := range acc[int(id)*clusterBits : (int(id)+1)*clusterBits] {
			if v > 0 {
				code |= 1 << (clusterBits - 1 - b)
			}
		}
		lex.words = append(lex.words, w)
		lex.ents = append(lex.ents, lexEntry{cluster: code, caps: capsBucket(upper[id], lower[id]), known: true})
	}
	lex.reindex()
	return lex
}

func capsBucket(upper, lower int) uint8 {
	n := upper + lower
	if n < 2 {
		return 0
	}
	r := float64(upper) / float64(n)
	switch {
	case r < 0.05:
		return 1
	case r < 0.5:
		return 2
	case r < 0.95:
		return 3
	}
	return 4
}

// looksTitle reports whether most longer words of a sentence are
// capitalized, as in headlines.
func looksTitle(words []string) bool {
	upper, alpha := 0, 0
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(r) && len(w) > 3 {
			alpha++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return alpha >= 3 && upper*10 >= alpha*8
}

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func (l *lexicon) reindex() {
	l.index = make(map[string]int32, len(l.words))
	for i, w := range l.words {
		l.index[w] = int32(i)
	}
}

// appendBinary encodes the lexicon: uvarint count, then per word (in
// sorted order) uvarint length, bytes, uint16 LE cluster, caps byte.
func (l *lexicon) appendBinary(dst []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(l.words)))
	for i, w := range l.words {
		dst = binary.AppendUvarint(dst, uint64(len(w)))
		dst = append(dst, w...)
		dst = binary.LittleEndian.AppendUint16(dst, l.ents[i].cluster)
		dst = append(dst, l.ents[i].caps)
	}
	return dst
}

// decodeLexicon reads what appendBinary wrote and returns the rest.
func decodeLexicon(b []byte) (*lexicon, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, nil, errors.New("lexicon: bad count")
	}
	b = b[k:]
	if n > uint64(len(b))/4 { // every entry takes at least 4 bytes
		return nil, nil, fmt.Errorf("lexicon: %d words do not fit in %d bytes", n, len(b))
	}
	l := &lexicon{words: make([]string, 0, n), ents: make([]lexEntry, 0, n)}
	for i := uint64(0); i < n; i++ {
		m, k := binary.Uvarint(b)
		if k <= 0 || m > uint64(len(b)-k) || uint64(len(b)-k)-m < 3 {
			return nil, nil, fmt.Errorf("lexicon: word %d truncated", i)
		}
		b = b[k:]
		w := string(b[:m])
		b = b[m:]
		if len(l.words) > 0 && l.words[len(l.words)-1] >= w {
			return nil, nil, fmt.Errorf("lexicon: word %d (%q) out of order", i, w)
		}
		e := lexEntry{cluster: binary.LittleEndian.Uint16(b), caps: b[2], known: true}
		if e.caps > 4 {
			return nil, nil, fmt.Errorf("lexicon: word %d: capitalization class %d", i, e.caps)
		}
		b = b[3:]
		l.words = append(l.words, w)
		l.ents = append(l.ents, e)
	}
	l.reindex()
	return l, b, nil
}
