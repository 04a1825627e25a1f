package tag

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/learn"
)

// Feature templates. Changing, adding or removing one changes the
// fingerprint, so that an old model is refused rather than misread.
const (
	fBias uint32 = iota + 1
	fLow
	fForm
	fSuf1
	fSuf2
	fSuf3
	fSuf4
	fPre1
	fPre2
	fPre3
	fShape
	fFlags
	fLowM1
	fLowM2
	fLowP1
	fLowP2
	fSuf3M1
	fSuf3P1
	fTagM1
	fTagM2
	fTagM1M2
	fTagM1Low
	fLowLowP1
	fLowM1Low
	fShapeM1
	fShapeP1
	fQuote
	fTagM1LowP1
	// Extra templates of the UPOS model, which sees the XPOS just chosen.
	fX
	fXLow
	fUM1
	fXUM1
	fXSuf3
	// Lexicon templates (classes of tags a word was seen with).
	fAmb
	fAmbLow
	fAmbP1
	fAmbP2
	fAmbM1
	fTagM1Amb
	fAmbAmbP1
	fLowAmbP1
	fNews
	fNewsP1
	fNewsM1
	// Second pass: first-pass tags.
	fR1
	fR2
	fR1R2
	fLowR1
	fSelf
	fSelfU
	fL1R1
	fUR1
)

// templates names the templates in order; it feeds the fingerprint.
const templates = "tag v1: bias low form suf1-4 pre1-3 shape flags low-2..+2 suf3-1,+1 " +
	"t-1 t-2 t-1t-2 t-1low low+low+1 low-1+low shape-1,+1 quote t-1low+1 | x xlow u-1 xu-1 xsuf3; " +
	"norm: curly quotes, dashes, ellipsis, straight quote parity; lex: amb amblow amb+1 amb+2 amb-1 t-1amb amb+amb+1 low+amb+1 news news+1 news-1; " +
	"pass 2: x+1 x+2 x+1x+2 low+x+1 self selfu t-1x+1 u+1"

var fingerprint = learn.Fingerprint(templates)

// span is a [start, end) range of scratch.arena.
type span struct{ s, e int32 }

// Sentinel context words, outside any real word's normalized form.
const (
	startWord = "\x00S"
	endWord   = "\x00E"
)

// scratch holds one call's working memory; Tagger keeps them in a pool.
type scratch struct {
	arena  []byte
	low    []span // normalized, lower-cased forms
	form   []span // normalized forms
	shape  []span
	quote  []byte // 0; 'o', 'c': opening, closing curly quote; 'e', 'f': straight quote after an even, odd number of them
	feats  []uint64
	scores []float32
	xp, up []int
	xp1    []int // first-pass tags, for the second pass
	up1    []int
	margin []float32 // first-pass margins
	words  []string  // training: words with curly quotes swapped in
	sent   []string  // TagDoc: the words of the sentence being tagged
	amb    []string  // tag class of the form in the training lexicon, or unknownClass
	ambLow []string  // same for the lower-cased form
	news   []string  // tag class of the lower-cased form in the news lexicon
	dictX  []int32   // dictionary XPOS id of the word, or -1
	dictU  []int32   // dictionary UPOS id of the word
	// kept holds the first pass's features of the words the second pass
	// tags again (see keep), kepts[i] where word i's are.
	kept  []uint64
	kepts []kept
	// tagAt are the offsets in feats of the features of the word last
	// given features that read tags.
	tagAt [nTagFeatures]int32
}

// kept locates one word's features in scratch.kept: kept[start:end], the
// features reading tags at offsets tagAt from start; end is 0 for a word
// not kept.
type kept struct {
	start, end int32
	tagAt      [nTagFeatures]int32
}

// unknownClass is the tag class of a word missing from a lexicon.
const unknownClass = "?"

// lexicon maps a normalized form to the tags it was seen with.
type lexicon map[string]string

// wordInfo returns what t's lexicons say of w.
func (t *Tagger) wordInfo(w string) wordInfo {
	if i, ok := t.words[w]; ok {
		return i
	}
	return wordInfo{x: -1, u: -1}
}

// formInfo is wordInfo for a form in bytes; it does not allocate.
func (t *Tagger) formInfo(b []byte) wordInfo {
	if i, ok := t.words[string(b)]; ok {
		return i
	}
	return wordInfo{x: -1, u: -1}
}

// prepare fills the per-word views of words, looking them up in t's
// lexicons.
func (sc *scratch) prepare(words []string, t *Tagger) {
	n := len(words)
	sc.arena = sc.arena[:0]
	sc.low = grow(sc.low, n)
	sc.form = grow(sc.form, n)
	sc.shape = grow(sc.shape, n)
	sc.quote = grow(sc.quote, n)
	sc.xp = grow(sc.xp, n)
	sc.up = grow(sc.up, n)
	sc.margin = grow(sc.margin, n)
	sc.amb = grow(sc.amb, n)
	sc.ambLow = grow(sc.ambLow, n)
	sc.news = grow(sc.news, n)
	sc.dictX = grow(sc.dictX, n)
	sc.dictU = grow(sc.dictU, n)
	sc.kept = sc.kept[:0]
	sc.kepts = grow(sc.kepts, n)
	clear(sc.kepts)
	straight := 0 // straight double quotes so far
	for i, w := range words {
		s := int32(len(sc.arena))
		sc.arena, sc.quote[i] = appendNorm(sc.arena, w)
		e := int32(len(sc.arena))
		sc.form[i] = span{s, e}
		if f := sc.arena[s:e]; sc.quote[i] == 0 && (string(f) == `"` || string(f) == "''") {
			// A straight quote has no direction; whether an odd number
			// came before in the sentence is the best hint.
			sc.quote[i] = 'e' + byte(straight%2)
			straight++
		}
		// Lower-case the normalized form.
		for j := s; j < e; {
			c := sc.arena[j]
			if c < utf8.RuneSelf {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				sc.arena = append(sc.arena, c)
				j++
				continue
			}
			r, size := utf8.DecodeRune(sc.arena[j:e])
			sc.arena = utf8.AppendRune(sc.arena, unicode.ToLower(r))
			j += int32(size)
		}
		sc.low[i] = span{e, int32(len(sc.arena))}
		s = int32(len(sc.arena))
		sc.arena = appendShape(sc.arena, sc.arena[sc.form[i].s:sc.form[i].e])
		sc.shape[i] = span{s, int32(len(sc.arena))}
		// Most words are their own normalized and lower-cased forms:
		// then one lookup serves all.
		form, low := sc.bytesOf(sc.form[i]), sc.bytesOf(sc.low[i])
		fi := t.formInfo(form)
		wi, li := fi, fi
		if string(form) != w {
			wi = t.wordInfo(w)
		}
		if !bytes.Equal(low, form) {
			li = t.formInfo(low)
		}
		sc.dictX[i], sc.dictU[i] = wi.x, wi.u
		sc.amb[i] = t.classes[fi.lex]
		sc.ambLow[i] = t.classes[li.lexLow]
		sc.news[i] = t.classes[li.news]
	}
}

// classAt returns the class in classes of word i, or a sentinel outside
// the sentence.
func classAt(classes []string, i int) string {
	switch {
	case i < 0:
		return startWord
	case i >= len(classes):
		return endWord
	}
	return classes[i]
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}

// appendNorm appends the feature form of w: curly quotes become ASCII
// quotes, dashes "--" or "-", the ellipsis "...", so that news text meets
// the forms of the web treebank. It also reports whether w opens ('o') or
// closes ('c') with a curly quote, a direction the ASCII form loses.
func appendNorm(dst []byte, w string) ([]byte, byte) {
	var q byte
	for i, r := range w {
		switch r {
		case '“', '„', '«', '‘', '‚':
			if i == 0 {
				q = 'o'
			}
		case '”', '»', '’', '‛':
			if i == 0 {
				q = 'c'
			}
		}
		switch r {
		case '“', '”', '„', '‟', '«', '»', '″':
			dst = append(dst, '"')
		case '‘', '’', '‚', '‛', '′':
			dst = append(dst, '\'')
		case '—', '―', '⸺':
			dst = append(dst, '-', '-')
		case '–', '‐', '‑', '−':
			dst = append(dst, '-')
		case '…':
			dst = append(dst, '.', '.', '.')
		case '\u00a0':
			dst = append(dst, ' ')
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	if w == "``" {
		q = 'o'
	}
	return dst, q
}

// appendShape appends the shape of a normalized form: upper-case letters
// become X, lower-case x, digits d, other characters stay; runs of the same
// shape character are cut to two ("Xxx" for "Hello", "d.dd" for "3.1415").
func appendShape(dst []byte, w []byte) []byte {
	var last byte
	run := 0
	for len(w) > 0 {
		r, size := utf8.DecodeRune(w)
		w = w[size:]
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == last {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		last = c
		dst = append(dst, c)
	}
	return dst
}

// bytesOf returns the bytes of span p.
func (sc *scratch) bytesOf(p span) []byte { return sc.arena[p.s:p.e] }

// lowAt returns the lower-cased form of word i, or a sentinel outside the
// sentence.
func (sc *scratch) lowAt(h *learn.Hasher, i int) {
	switch {
	case i < 0:
		h.Str(startWord)
	case i >= len(sc.low):
		h.Str(endWord)
	default:
		h.Bytes(sc.bytesOf(sc.low[i]))
	}
}

// suffix hashes the last n bytes of word i's lower-cased form (all of it
// when shorter).
func (sc *scratch) suffix(h *learn.Hasher, i, n int) {
	if i < 0 || i >= len(sc.low) {
		h.Str("")
		return
	}
	b := sc.bytesOf(sc.low[i])
	if len(b) > n {
		b = b[len(b)-n:]
	}
	h.Bytes(b)
}

func (sc *scratch) shapeAt(h *learn.Hasher, i int) {
	switch {
	case i < 0:
		h.Str(startWord)
	case i >= len(sc.shape):
		h.Str(endWord)
	default:
		h.Bytes(sc.bytesOf(sc.shape[i]))
	}
}

// tagName returns the name of tag id t of labels, or a sentinel for the
// positions before the sentence.
func tagName(labels []string, tags []int, i int) string {
	if i < 0 {
		return startWord
	}
	return labels[tags[i]]
}

// features sets sc.feats to the features of word i shared by both models;
// xlabels names the XPOS ids in sc.xp. A word's features that read no tag
// are hashed once per sentence: for a word the first pass kept (see keep),
// only those that read tags are hashed again.
func (sc *scratch) features(i int, xlabels []string) {
	if k := sc.kepts[i]; k.end > 0 {
		sc.feats = append(sc.feats[:0], sc.kept[k.start:k.end]...)
		sc.tagAt = k.tagAt
		sc.tagFeatures(i, xlabels)
		return
	}
	f := sc.feats[:0]
	var h learn.Hasher
	add := func() { f = append(f, h.Sum()) }
	// tagged leaves room for the next feature that reads tags.
	n := 0
	tagged := func() {
		sc.tagAt[n] = int32(len(f))
		f = append(f, 0)
		n++
	}

	h.Reset(fBias)
	add()
	low := sc.bytesOf(sc.low[i])
	h.Reset(fLow)
	h.Bytes(low)
	add()
	h.Reset(fForm)
	h.Bytes(sc.bytesOf(sc.form[i]))
	add()
	for k, t := range [...]uint32{fSuf1, fSuf2, fSuf3, fSuf4} {
		if k < len(low) {
			h.Reset(t)
			h.Bytes(low[len(low)-k-1:])
			add()
		}
	}
	for k, t := range [...]uint32{fPre1, fPre2, fPre3} {
		if k < len(low) {
			h.Reset(t)
			h.Bytes(low[:k+1])
			add()
		}
	}
	h.Reset(fShape)
	sc.shapeAt(&h, i)
	add()
	h.Reset(fFlags)
	h.Int(sc.flags(i))
	add()
	for _, t := range [...]struct {
		tmpl uint32
		d    int
	}{{fLowM1, -1}, {fLowM2, -2}, {fLowP1, 1}, {fLowP2, 2}} {
		h.Reset(t.tmpl)
		sc.lowAt(&h, i+t.d)
		add()
	}
	h.Reset(fSuf3M1)
	sc.suffix(&h, i-1, 3)
	add()
	h.Reset(fSuf3P1)
	sc.suffix(&h, i+1, 3)
	add()
	tagged() // fTagM1
	tagged() // fTagM2
	tagged() // fTagM1M2
	tagged() // fTagM1Low
	h.Reset(fLowLowP1)
	h.Bytes(low)
	sc.lowAt(&h, i+1)
	add()
	h.Reset(fLowM1Low)
	sc.lowAt(&h, i-1)
	h.Bytes(low)
	add()
	h.Reset(fShapeM1)
	sc.shapeAt(&h, i-1)
	add()
	h.Reset(fShapeP1)
	sc.shapeAt(&h, i+1)
	add()
	if q := sc.quote[i]; q != 0 {
		h.Reset(fQuote)
		h.Int(int(q))
		add()
	}
	tagged() // fTagM1LowP1

	amb := sc.amb[i]
	ambP1 := classAt(sc.amb, i+1)
	h.Reset(fAmb)
	h.Str(amb)
	add()
	h.Reset(fAmbLow)
	h.Str(sc.ambLow[i])
	add()
	h.Reset(fAmbP1)
	h.Str(ambP1)
	add()
	h.Reset(fAmbP2)
	h.Str(classAt(sc.amb, i+2))
	add()
	h.Reset(fAmbM1)
	h.Str(classAt(sc.amb, i-1))
	add()
	tagged() // fTagM1Amb
	h.Reset(fAmbAmbP1)
	h.Str(amb)
	h.Str(ambP1)
	add()
	h.Reset(fLowAmbP1)
	h.Bytes(low)
	h.Str(ambP1)
	add()
	h.Reset(fNews)
	h.Str(sc.news[i])
	add()
	h.Reset(fNewsP1)
	h.Str(classAt(sc.news, i+1))
	add()
	h.Reset(fNewsM1)
	h.Str(classAt(sc.news, i-1))
	add()
	sc.feats = f
	sc.tagFeatures(i, xlabels)
}

// nTagFeatures is the number of shared features that read tags.
const nTagFeatures = 6

// tagFeatures hashes the shared features of word i that read tags into
// sc.feats at the offsets sc.tagAt, in template order.
func (sc *scratch) tagFeatures(i int, xlabels []string) {
	f, at := sc.feats, &sc.tagAt
	var h learn.Hasher
	low := sc.bytesOf(sc.low[i])
	t1 := tagName(xlabels, sc.xp, i-1)
	t2 := tagName(xlabels, sc.xp, i-2)
	h.Reset(fTagM1)
	h.Str(t1)
	f[at[0]] = h.Sum()
	h.Reset(fTagM2)
	h.Str(t2)
	f[at[1]] = h.Sum()
	h.Reset(fTagM1M2)
	h.Str(t1)
	h.Str(t2)
	f[at[2]] = h.Sum()
	h.Reset(fTagM1Low)
	h.Str(t1)
	h.Bytes(low)
	f[at[3]] = h.Sum()
	h.Reset(fTagM1LowP1)
	h.Str(t1)
	sc.lowAt(&h, i+1)
	f[at[4]] = h.Sum()
	h.Reset(fTagM1Amb)
	h.Str(t1)
	h.Str(sc.amb[i])
	f[at[5]] = h.Sum()
}

// keep keeps the first n features of sc.feats, those features gave word
// i, for the second pass to reuse.
func (sc *scratch) keep(i, n int) {
	start := len(sc.kept)
	sc.kept = append(sc.kept, sc.feats[:n]...)
	sc.kepts[i] = kept{start: int32(start), end: int32(len(sc.kept)), tagAt: sc.tagAt}
}

// uposFeatures appends to sc.feats the UPOS model's own features for word
// i, whose XPOS is already in sc.xp.
func (sc *scratch) uposFeatures(i int, xlabels, ulabels []string) {
	f := sc.feats
	var h learn.Hasher
	x := xlabels[sc.xp[i]]
	u1 := tagName(ulabels, sc.up, i-1)
	h.Reset(fX)
	h.Str(x)
	f = append(f, h.Sum())
	h.Reset(fXLow)
	h.Str(x)
	h.Bytes(sc.bytesOf(sc.low[i]))
	f = append(f, h.Sum())
	h.Reset(fUM1)
	h.Str(u1)
	f = append(f, h.Sum())
	h.Reset(fXUM1)
	h.Str(x)
	h.Str(u1)
	f = append(f, h.Sum())
	h.Reset(fXSuf3)
	h.Str(x)
	sc.suffix(&h, i, 3)
	f = append(f, h.Sum())
	sc.feats = f
}

// flags packs a few orthographic facts about word i.
func (sc *scratch) flags(i int) int {
	v := 0
	if i == 0 {
		v |= 1
	}
	form := sc.bytesOf(sc.form[i])
	upper, lower, digit, hyphen := 0, 0, 0, false
	for _, c := range form {
		switch {
		case 'A' <= c && c <= 'Z':
			upper++
		case 'a' <= c && c <= 'z':
			lower++
		case '0' <= c && c <= '9':
			digit++
		case c == '-':
			hyphen = true
		}
	}
	if digit > 0 {
		v |= 2
	}
	if hyphen {
		v |= 4
	}
	if upper > 0 && lower == 0 {
		v |= 8
	}
	if len(form) > 0 && 'A' <= form[0] && form[0] <= 'Z' && lower > 0 {
		v |= 16
	}
	return v
}

// rightFeatures appends to sc.feats the second pass's view of the first
// pass's tags: those of the words to the right, and word i's own.
func (sc *scratch) rightFeatures(i int, xlabels, ulabels []string) {
	f := sc.feats
	var h learn.Hasher
	add := func() { f = append(f, h.Sum()) }
	r1 := rightTag(xlabels, sc.xp1, i+1)
	r2 := rightTag(xlabels, sc.xp1, i+2)
	h.Reset(fR1)
	h.Str(r1)
	add()
	h.Reset(fR2)
	h.Str(r2)
	add()
	h.Reset(fR1R2)
	h.Str(r1)
	h.Str(r2)
	add()
	h.Reset(fLowR1)
	h.Bytes(sc.bytesOf(sc.low[i]))
	h.Str(r1)
	add()
	h.Reset(fSelf)
	h.Str(xlabels[sc.xp1[i]])
	add()
	h.Reset(fSelfU)
	h.Str(ulabels[sc.up1[i]])
	add()
	h.Reset(fL1R1)
	h.Str(tagName(xlabels, sc.xp, i-1))
	h.Str(r1)
	add()
	h.Reset(fUR1)
	h.Str(rightTag(ulabels, sc.up1, i+1))
	add()
	sc.feats = f
}

// rightTag returns the name of tag i of tags, or a sentinel past the end.
func rightTag(labels []string, tags []int, i int) string {
	if i >= len(tags) {
		return endWord
	}
	return labels[tags[i]]
}
