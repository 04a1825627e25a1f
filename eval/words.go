package eval

import (
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"
)

// word is one \w+ run of a text, [start, end) in code points.
type word struct{ start, end int32 }

// isWordRune reports whether r belongs to a \w+ run as Python's re module
// matches it on str patterns: letters and numbers of any script (what
// str.isalnum accepts) and the underscore. Combining marks are not word
// characters, so "é" written as "e" plus U+0301 splits a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// splitWords returns the \w+ runs of text in order, with code-point offsets.
// An invalid UTF-8 byte counts as one code point and is not a word rune.
func splitWords(text string) []word {
	words := make([]word, 0, len(text)/5)
	cp := int32(0)
	in := false
	var start int32
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		w := r != utf8.RuneError && isWordRune(r)
		switch {
		case w && !in:
			in, start = true, cp
		case !w && in:
			in = false
			words = append(words, word{start, cp})
		}
		i += size
		cp++
	}
	if in {
		words = append(words, word{start, cp})
	}
	return words
}

// wordSet is a sorted list of distinct word indices. A nil or empty set
// means the role is absent (or covers no word, which counts the same).
type wordSet []int32

// cover returns the indices of the words lying wholly inside one of the
// pieces. Pieces with start > end, or outside the text, cover nothing.
func cover(words []word, pieces [][2]int) wordSet {
	var set wordSet
	for _, p := range pieces {
		s, e := p[0], p[1]
		if s >= e {
			continue
		}
		// First word starting at or after s.
		lo, _ := slices.BinarySearchFunc(words, s, func(w word, s int) int {
			return int(w.start) - s
		})
		for i := lo; i < len(words) && int(words[i].end) <= e; i++ {
			set = append(set, int32(i))
		}
	}
	if len(pieces) > 1 && len(set) > 1 {
		slices.Sort(set)
		set = slices.Compact(set)
	}
	return set
}

// intersect returns the number of indices a and b share.
func intersect(a, b wordSet) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// bitset marks word indices of one document.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) add(s wordSet) {
	for _, i := range s {
		b[i>>6] |= 1 << (uint(i) & 63)
	}
}

func (b bitset) count() int {
	n := 0
	for _, x := range b {
		n += bits.OnesCount64(x)
	}
	return n
}

func (b bitset) and(c bitset) int {
	n := 0
	for i := range b {
		n += bits.OnesCount64(b[i] & c[i])
	}
	return n
}
