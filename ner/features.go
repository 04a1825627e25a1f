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
	lows   [][]byte // the words of low, padded (see padded)
	shapes [][]byte // the words of shape, padded
	lex    []lexEntry
	labels []int
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
	sc.lows = padded(sc.lows, sc.arena, sc.low)
	sc.shapes = padded(sc.shapes, sc.arena, sc.shape)
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

// Sentinels as bytes: Bytes hashes them as Str does.
var padBeforeB, padAfterB = []byte(padBefore), []byte(padAfter)

// pad is how far outside the sentence the features look.
const pad = 2

// padded sets dst to the forms of the spans in arena, with pad sentinels
// on each side: dst[i+pad] is the form of word i.
func padded(dst [][]byte, arena []byte, spans []span) [][]byte {
	dst = grow(dst, len(spans)+2*pad)
	for k := range pad {
		dst[k], dst[len(dst)-1-k] = padBeforeB, padAfterB
	}
	for i, sp := range spans {
		dst[i+pad] = arena[sp.s:sp.e:sp.e]
	}
	return dst
}

// lowOf returns the lower-cased word at i, or a sentinel outside the
// sentence (up to pad words away).
func (sc *scratch) lowOf(i int) []byte { return sc.lows[i+pad] }

// shapeOf returns the shape of the word at i, or a sentinel outside the
// sentence (up to pad words away).
func (sc *scratch) shapeOf(i int) []byte { return sc.shapes[i+pad] }

func (sc *scratch) clusterAt(i int) int {
	if i < 0 || i >= len(sc.lex) {
		return -1
	}
	if !sc.lex[i].known {
		return -2
	}
	return int(sc.lex[i].cluster)
}

// prefix returns the first n runes of the lower-cased word at i.
func (sc *scratch) prefix(i, n int) []byte {
	b := sc.lowB(i)
	k := 0
	for j := 0; j < n && k < len(b); j++ {
		_, sz := utf8.DecodeRune(b[k:])
		k += sz
	}
	return b[:k]
}

// suffix returns the last n runes of the lower-cased word at i.
func (sc *scratch) suffix(i, n int) []byte {
	b := sc.lowB(i)
	k := len(b)
	for j := 0; j < n && k > 0; j++ {
		_, sz := utf8.DecodeLastRune(b[:k])
		k -= sz
	}
	return b[k:]
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
	h.Bytes(sc.lowOf(i))
	fs = append(fs, h.Sum())

	h.Reset(fShape)
	h.Bytes(sc.shapeOf(i))
	fs = append(fs, h.Sum())

	for k, n := range [3]int{2, 3, 4} {
		h.Reset(fPre2 + uint32(k))
		h.Bytes(sc.prefix(i, n))
		fs = append(fs, h.Sum())
		h.Reset(fSuf2 + uint32(k))
		h.Bytes(sc.suffix(i, n))
		fs = append(fs, h.Sum())
	}
	for _, d := range [4]struct {
		t   uint32
		off int
	}{{fLowM1, -1}, {fLowP1, 1}, {fLowM2, -2}, {fLowP2, 2}} {
		h.Reset(d.t)
		h.Bytes(sc.lowOf(i + d.off))
		fs = append(fs, h.Sum())
	}
	h.Reset(fShapeM1)
	h.Bytes(sc.shapeOf(i - 1))
	fs = append(fs, h.Sum())
	h.Reset(fShapeP1)
	h.Bytes(sc.shapeOf(i + 1))
	fs = append(fs, h.Sum())
	h.Reset(fShape3)
	h.Bytes(sc.shapeOf(i - 1))
	h.Bytes(sc.shapeOf(i))
	h.Bytes(sc.shapeOf(i + 1))
	fs = append(fs, h.Sum())
	h.Reset(fBigramM1)
	h.Bytes(sc.lowOf(i - 1))
	h.Bytes(sc.lowOf(i))
	fs = append(fs, h.Sum())
	h.Reset(fBigramP1)
	h.Bytes(sc.lowOf(i))
	h.Bytes(sc.lowOf(i + 1))
	fs = append(fs, h.Sum())
	h.Reset(fLowM1Shape)
	h.Bytes(sc.lowOf(i - 1))
	h.Bytes(sc.shapeOf(i))
	fs = append(fs, h.Sum())
	h.Reset(fLowP1Shape)
	h.Bytes(sc.shapeOf(i))
	h.Bytes(sc.lowOf(i + 1))
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
	h.Bytes(sc.shapeOf(i))
	fs = append(fs, h.Sum())
	if sc.title {
		h.Reset(fTitleLow)
		h.Bytes(sc.lowOf(i))
		fs = append(fs, h.Sum())
	}
	h.Reset(fGaz)
	h.Int(int(sc.gaz[i]))
	fs = append(fs, h.Sum())
	h.Reset(fGazShape)
	h.Int(int(sc.gaz[i]))
	h.Bytes(sc.shapeOf(i))
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
	h.Bytes(sc.lowOf(i))
	fs = append(fs, h.Sum())
	h = after[1]
	h.Bytes(sc.shapeOf(i))
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
