package ner

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/learn"
)

// Feature templates. Changing, adding or removing one changes the
// fingerprint, so that an old model is refused at load.
const (
	fBias uint32 = iota + 1
	fForm
	fLow
	fShape
	fPre2
	fPre3
	fPre4
	fSuf2
	fSuf3
	fSuf4
	fLowM1
	fLowP1
	fLowM2
	fLowP2
	fShapeM1
	fShapeP1
	fShape3
	fBigramM1
	fBigramP1
	fLowM1Shape
	fClus4
	fClus8
	fClus12
	fClus16
	fClusM1
	fClusP1
	fCap
	fCapInitial
	fCapTitle
	fInitialShape
	fTitleLow
	fPrev
	fPrev2
	fPrevLow
	fPrevShape
	fPrevCap
	fLen
	fLowP1Shape
	fGaz
	fGazShape
	fGazM1
	fGazP1
	fGazPrev
)

// templateVersion names the feature set in the model fingerprint.
const templateVersion = "ner-features-v1"

func fingerprint() uint64 {
	return learn.Fingerprint(templateVersion, "43 templates", "bilou", "lexicon-v1", "gazetteer-v1")
}

// span is a byte range in a scratch arena.
type span struct{ s, e int32 }

// Sentinels for positions before and after the sentence.
const (
	padBefore = "\x01<s>"
	padAfter  = "\x01</s>"
)

// scratch holds one call's buffers; taggers keep them in a pool.
type scratch struct {
	arena  []byte
	low    []span
	shape  []span
	lex    []lexEntry
	labels []int
	gold   []int
	feats  []uint64
	scores []float32
	title  bool // the sentence looks like a headline in title case
	words  []string
	gaz    []uint8 // gazetteer match of each word (see match)
	key    []byte
	// jack, when set, replaces the tagger's gazetteer (training: names
	// from other sentences only, so that the model does not learn to
	// trust the gazetteer more than it deserves).
	jack *gazetteer
}

// prepare normalizes the words into the arena: lower case with digits as
// '0', a compressed shape, and the lexicon entry of each word.
func (t *Tagger) prepare(sc *scratch, words []string) {
	n := len(words)
	sc.words = words
	sc.arena = sc.arena[:0]
	sc.low = grow(sc.low, n)
	sc.shape = grow(sc.shape, n)
	sc.lex = grow(sc.lex, n)
	sc.labels = grow(sc.labels, n)
	upper, alpha := 0, 0
	for i, w := range words {
		s := int32(len(sc.arena))
		sc.arena = appendLow(sc.arena, w)
		sc.low[i] = span{s, int32(len(sc.arena))}
		s = int32(len(sc.arena))
		sc.arena = appendShape(sc.arena, w)
		sc.shape[i] = span{s, int32(len(sc.arena))}
		sc.lex[i] = t.lex.lookup(sc.arena[sc.low[i].s:sc.low[i].e])
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(r) && len(w) > 3 {
			alpha++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	sc.title = alpha >= 3 && upper*10 >= alpha*8
	if sc.jack != nil {
		sc.match(sc.jack)
	} else {
		sc.match(t.gaz)
	}
}

// appendLow appends w lower-cased with every digit as '0'. Words longer
// than 64 bytes are cut: nothing is learned from their tails.
func appendLow(dst []byte, w string) []byte {
	if len(w) > 64 {
		w = w[:64]
	}
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			} else if '0' <= c && c <= '9' {
				c = '0'
			}
			dst = append(dst, c)
		case unicode.IsDigit(r):
			dst = append(dst, '0')
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	return dst
}

// appendShape appends the shape of w: X for upper-case letters, x for
// other letters, d for digits, the character itself for other ASCII and *
// for other runes, with runs of more than two of a class cut to two:
// "Washington" gives "Xxx", "McCain" "XxXxx", "9/11" "d/dd".
func appendShape(dst []byte, w string) []byte {
	var last byte
	run := 0
	n := 0
	for _, r := range w {
		if n++; n > 32 {
			break
		}
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == last {
			if run++; run > 2 {
				continue
			}
		} else {
			last, run = c, 1
		}
		dst = append(dst, c)
	}
	return dst
}

func (sc *scratch) lowB(i int) []byte   { return sc.arena[sc.low[i].s:sc.low[i].e] }
func (sc *scratch) shapeB(i int) []byte { return sc.arena[sc.shape[i].s:sc.shape[i].e] }

// lowAt adds the lower-cased word at i, or a sentinel outside the sentence.
func (sc *scratch) lowAt(h *learn.Hasher, i int) {
	switch {
	case i < 0:
		h.Str(padBefore)
	case i >= len(sc.low):
		h.Str(padAfter)
	default:
		h.Bytes(sc.lowB(i))
	}
}

func (sc *scratch) shapeAt(h *learn.Hasher, i int) {
	switch {
	case i < 0:
		h.Str(padBefore)
	case i >= len(sc.shape):
		h.Str(padAfter)
	default:
		h.Bytes(sc.shapeB(i))
	}
}

func (sc *scratch) clusterAt(i int) int {
	if i < 0 || i >= len(sc.lex) {
		return -1
	}
	if !sc.lex[i].known {
		return -2
	}
	return int(sc.lex[i].cluster)
}

// prefix adds the first n runes of the lower-cased word at i.
func (sc *scratch) prefix(h *learn.Hasher, i, n int) {
	b := sc.lowB(i)
	k := 0
	for j := 0; j < n && k < len(b); j++ {
		_, sz := utf8.DecodeRune(b[k:])
		k += sz
	}
	h.Bytes(b[:k])
}

// suffix adds the last n runes of the lower-cased word at i.
func (sc *scratch) suffix(h *learn.Hasher, i, n int) {
	b := sc.lowB(i)
	k := len(b)
	for j := 0; j < n && k > 0; j++ {
		_, sz := utf8.DecodeLastRune(b[:k])
		k -= sz
	}
	h.Bytes(b[k:])
}

// maxFeatures is the most features a word has: 43 templates, fBias
// counting once.
const maxFeatures = 43

// features fills sc.feats with the label-independent features of word i.
func (sc *scratch) features(i int) {
	// The features go to a local slice, which stays in registers, with
	// room for them all.
	fs := slices.Grow(sc.feats[:0], maxFeatures)
	var h learn.Hasher
	h.Reset(fBias)
	fs = append(fs, h.Sum())

	h.Reset(fForm)
	w := sc.words[i]
	if len(w) > 64 {
		w = w[:64]
	}
	h.Str(w)
	fs = append(fs, h.Sum())

	h.Reset(fLow)
	sc.lowAt(&h, i)
	fs = append(fs, h.Sum())

	h.Reset(fShape)
	sc.shapeAt(&h, i)
	fs = append(fs, h.Sum())

	for k, n := range [3]int{2, 3, 4} {
		h.Reset(fPre2 + uint32(k))
		sc.prefix(&h, i, n)
		fs = append(fs, h.Sum())
		h.Reset(fSuf2 + uint32(k))
		sc.suffix(&h, i, n)
		fs = append(fs, h.Sum())
	}
	for _, d := range [4]struct {
		t   uint32
		off int
	}{{fLowM1, -1}, {fLowP1, 1}, {fLowM2, -2}, {fLowP2, 2}} {
		h.Reset(d.t)
		sc.lowAt(&h, i+d.off)
		fs = append(fs, h.Sum())
	}
	h.Reset(fShapeM1)
	sc.shapeAt(&h, i-1)
	fs = append(fs, h.Sum())
	h.Reset(fShapeP1)
	sc.shapeAt(&h, i+1)
	fs = append(fs, h.Sum())
	h.Reset(fShape3)
	sc.shapeAt(&h, i-1)
	sc.shapeAt(&h, i)
	sc.shapeAt(&h, i+1)
	fs = append(fs, h.Sum())
	h.Reset(fBigramM1)
	sc.lowAt(&h, i-1)
	sc.lowAt(&h, i)
	fs = append(fs, h.Sum())
	h.Reset(fBigramP1)
	sc.lowAt(&h, i)
	sc.lowAt(&h, i+1)
	fs = append(fs, h.Sum())
	h.Reset(fLowM1Shape)
	sc.lowAt(&h, i-1)
	sc.shapeAt(&h, i)
	fs = append(fs, h.Sum())
	h.Reset(fLowP1Shape)
	sc.shapeAt(&h, i)
	sc.lowAt(&h, i+1)
	fs = append(fs, h.Sum())

	c := sc.clusterAt(i)
	if c >= 0 {
		for k, bits := range [4]int{4, 8, 12, 16} {
			h.Reset(fClus4 + uint32(k))
			h.Int(c >> (clusterBits - bits))
			fs = append(fs, h.Sum())
		}
	}
	h.Reset(fClusM1)
	h.Int(sc.clusterAt(i - 1))
	fs = append(fs, h.Sum())
	h.Reset(fClusP1)
	h.Int(sc.clusterAt(i + 1))
	fs = append(fs, h.Sum())

	capb := -1
	if sc.lex[i].known {
		capb = int(sc.lex[i].caps)
	}
	initial := i == 0 || isOpening(sc.words[i-1])
	h.Reset(fCap)
	h.Int(capb)
	h.Bytes(sc.shapeB(i))
	fs = append(fs, h.Sum())
	h.Reset(fCapInitial)
	h.Int(capb)
	h.Int(b2i(initial))
	fs = append(fs, h.Sum())
	h.Reset(fCapTitle)
	h.Int(capb)
	h.Int(b2i(sc.title))
	fs = append(fs, h.Sum())
	h.Reset(fInitialShape)
	h.Int(b2i(initial))
	sc.shapeAt(&h, i)
	fs = append(fs, h.Sum())
	if sc.title {
		h.Reset(fTitleLow)
		sc.lowAt(&h, i)
		fs = append(fs, h.Sum())
	}
	h.Reset(fGaz)
	h.Int(int(sc.gaz[i]))
	fs = append(fs, h.Sum())
	h.Reset(fGazShape)
	h.Int(int(sc.gaz[i]))
	sc.shapeAt(&h, i)
	fs = append(fs, h.Sum())
	h.Reset(fGazM1)
	h.Int(sc.gazAt(i - 1))
	h.Int(int(sc.gaz[i]))
	fs = append(fs, h.Sum())
	h.Reset(fGazP1)
	h.Int(int(sc.gaz[i]))
	h.Int(sc.gazAt(i + 1))
	fs = append(fs, h.Sum())
	h.Reset(fLen)
	h.Int(min(len(sc.words), 5))
	h.Int(min(i, 3))
	fs = append(fs, h.Sum())
	sc.feats = fs
}

// prevTable holds, for each previous label, the label features hashed as
// far as the label goes, so that labelFeatures hashes only what follows
// it. Index nc (the number of classes) stands for the sentence start.
type prevTable struct {
	nc    int
	prev  []uint64          // fPrev, complete
	prev2 []uint64          // fPrev2, complete: [p2*(nc+1)+p1]
	after [][4]learn.Hasher // fPrevLow, fPrevShape, fGazPrev, fPrevCap after Str(p1)
}

// startLabel is the label of the positions before the sentence.
const startLabel = "\x01^"

// newPrevTable hashes the label prefixes of the classes labels.
func newPrevTable(labels []string) *prevTable {
	nc := len(labels)
	name := func(c int) string {
		if c == nc {
			return startLabel
		}
		return labels[c]
	}
	pt := &prevTable{
		nc:    nc,
		prev:  make([]uint64, nc+1),
		prev2: make([]uint64, (nc+1)*(nc+1)),
		after: make([][4]learn.Hasher, nc+1),
	}
	var h learn.Hasher
	for p1 := range nc + 1 {
		h.Reset(fPrev)
		h.Str(name(p1))
		pt.prev[p1] = h.Sum()
		for p2 := range nc + 1 {
			h.Reset(fPrev2)
			h.Str(name(p2))
			h.Str(name(p1))
			pt.prev2[p2*(nc+1)+p1] = h.Sum()
		}
		for k, tmpl := range [4]uint32{fPrevLow, fPrevShape, fGazPrev, fPrevCap} {
			h.Reset(tmpl)
			h.Str(name(p1))
			pt.after[p1][k] = h
		}
	}
	return pt
}

// labelFeatures appends the features that read the labels chosen before
// word i. They hash as if built from the label names: fPrev and fPrev2 are
// looked up whole, the others continue from the hash of their label.
func (sc *scratch) labelFeatures(i int, pt *prevTable) {
	p1, p2 := pt.nc, pt.nc
	if i > 0 {
		p1 = sc.labels[i-1]
	}
	if i > 1 {
		p2 = sc.labels[i-2]
	}
	fs := sc.feats
	fs = append(fs, pt.prev[p1])
	fs = append(fs, pt.prev2[p2*(pt.nc+1)+p1])
	after := &pt.after[p1]
	h := after[0]
	sc.lowAt(&h, i)
	fs = append(fs, h.Sum())
	h = after[1]
	sc.shapeAt(&h, i)
	fs = append(fs, h.Sum())
	h = after[2]
	h.Int(int(sc.gaz[i]))
	fs = append(fs, h.Sum())
	h = after[3]
	if sc.lex[i].known {
		h.Int(int(sc.lex[i].caps))
	} else {
		h.Int(-1)
	}
	sc.feats = append(fs, h.Sum())
}

// isOpening reports whether a word that follows w starts a sentence or
// quotation, where capitals say nothing about names.
func isOpening(w string) bool {
	switch w {
	case ".", "!", "?", ":", "\"", "“", "‘", "'", "``", "(", "-LRB-", "—", "–", "--", "-":
		return true
	}
	return false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (sc *scratch) gazAt(i int) int {
	if i < 0 || i >= len(sc.gaz) {
		return -1
	}
	return int(sc.gaz[i])
}
