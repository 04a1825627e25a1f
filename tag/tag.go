// Package tag assigns part-of-speech tags to words: a Universal POS tag
// (UPOS, "NOUN") and a Penn Treebank tag (XPOS, "NNS") for each.
//
// The tagger is greedy, left to right, with an averaged perceptron from
// package learn whose classes are the XPOS tags and the UPOS tags: it
// picks the XPOS from the words around and the tags already chosen, then
// the UPOS from the same features plus a few that see that XPOS. A second
// pass, with its own model, tags the sentence again seeing the first
// pass's tags of the words to the right; it skips the words the first pass
// was sure of. Frequent words that the training data
// always tags the same way take their tags from a dictionary, and tag
// classes of words (from the training data and from automatically tagged
// news) are features. Forms are normalized for the features only (curly
// quotes, dashes, ellipsis become their ASCII forms), so news typography
// gets the tags the web treebank gives to ASCII punctuation.
//
// Train builds a tagger from CoNLL-U files; Default loads the one embedded
// in package models.
package tag

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/text"
)

// Tagger tags sentences. It is read-only once loaded and safe for
// concurrent use.
type Tagger struct {
	// m1 and m2 score the first and second pass (m2 nil for one pass).
	// Each has the XPOS classes then the UPOS classes ("x:NN", "u:NOUN"):
	// one table row per feature serves both decisions, so scoring reads
	// memory once where two models would read it twice.
	m1, m2 *learn.Model
	nx     int      // number of XPOS classes
	xl, ul []string // XPOS and UPOS labels, unprefixed
	// skip is the first-pass margin (score of the best XPOS and UPOS over
	// the runner-up) above which the second pass keeps the first pass's
	// tags: it changes them rarely, and skipping saves most of its time.
	skip float32
	lexicons
	pool sync.Pool
}

// lexicons are the word lists a Tagger keeps beside its models.
type lexicons struct {
	// dict maps a word form to its tags (XPOS id, UPOS id) when the
	// training data gives it always the same ones.
	dict map[string]dictEntry
	// lex and lexLow give the tag classes of normalized forms (exact
	// and lower-cased) in the training data, news those of lower-cased
	// forms in automatically tagged news text.
	lex, lexLow, news lexicon

	// words indexes all of the above for tagging: one lookup of a string
	// gives what each list says of it (see wordInfo), and a form that is
	// its own normalized and lower-cased form, as most are, takes one
	// lookup where the lists took four. classes names the class ids.
	words   map[string]wordInfo
	classes []string
}

// wordInfo is what the lexicons say of one string: its dictionary tags
// (x < 0 if it is not in the dictionary) when it is a word as written,
// and its classes (ids into lexicons.classes, 0 for unknownClass) in lex
// when it is a normalized form, in lexLow and news when it is a
// normalized lower-cased form.
type wordInfo struct {
	x, u              int32
	lex, lexLow, news uint16
}

// indexWords builds lx.words and lx.classes from the lists.
func (lx *lexicons) indexWords() error {
	lx.words = make(map[string]wordInfo, len(lx.lex)+len(lx.news))
	lx.classes = []string{unknownClass}
	ids := map[string]uint16{unknownClass: 0}
	info := func(w string) wordInfo {
		if i, ok := lx.words[w]; ok {
			return i
		}
		return wordInfo{x: -1, u: -1}
	}
	for w, e := range lx.dict {
		i := info(w)
		i.x, i.u = e.x, e.u
		lx.words[w] = i
	}
	for _, l := range []struct {
		lex lexicon
		set func(*wordInfo, uint16)
	}{
		{lx.lex, func(i *wordInfo, c uint16) { i.lex = c }},
		{lx.lexLow, func(i *wordInfo, c uint16) { i.lexLow = c }},
		{lx.news, func(i *wordInfo, c uint16) { i.news = c }},
	} {
		for w, c := range l.lex {
			id, ok := ids[c]
			if !ok {
				if len(lx.classes) > math.MaxUint16 {
					return fmt.Errorf("more than %d tag classes", math.MaxUint16)
				}
				id = uint16(len(lx.classes))
				ids[c] = id
				lx.classes = append(lx.classes, c)
			}
			i := info(w)
			l.set(&i, id)
			lx.words[w] = i
		}
	}
	return nil
}

type dictEntry struct{ x, u int32 }

// Class label prefixes of the two tag sets in a model.
const (
	xPrefix = "x:"
	uPrefix = "u:"
)

// jointLabels returns the class labels of a model over both tag sets.
func jointLabels(xlabels, ulabels []string) []string {
	var l []string
	for _, x := range xlabels {
		l = append(l, xPrefix+x)
	}
	for _, u := range ulabels {
		l = append(l, uPrefix+u)
	}
	return l
}

// newTagger returns a tagger over one or two pass models with nx XPOS
// classes, or an error if the labels do not fit.
func newTagger(ms []*learn.Model, nx int, lx lexicons) (*Tagger, error) {
	m1 := ms[0]
	labels := m1.Labels()
	if nx < 1 || nx >= len(labels) {
		return nil, fmt.Errorf("%d XPOS classes of %d", nx, len(labels))
	}
	if lx.words == nil {
		if err := lx.indexWords(); err != nil {
			return nil, err
		}
	}
	t := &Tagger{m1: m1, nx: nx, lexicons: lx, skip: float32(math.Inf(1))}
	for i, l := range labels {
		p := xPrefix
		if i >= nx {
			p = uPrefix
		}
		if len(l) <= len(p) || l[:len(p)] != p {
			return nil, fmt.Errorf("class %d: label %q lacks prefix %q", i, l, p)
		}
		if i < nx {
			t.xl = append(t.xl, l[len(p):])
		} else {
			t.ul = append(t.ul, l[len(p):])
		}
	}
	if len(ms) == 2 {
		if !slices.Equal(ms[1].Labels(), labels) {
			return nil, errors.New("the two passes have different labels")
		}
		t.m2 = ms[1]
	}
	t.pool.New = func() any {
		return &scratch{
			feats:  make([]uint64, 0, 64),
			scores: make([]float32, len(labels)),
		}
	}
	return t, nil
}

// FirstPass returns a tagger running only t's first pass, sharing its
// models: faster (about 1.3x, as the second pass skips most words), and on
// EWT 0.1 to 0.3 points less accurate.
// For a one-pass t it returns an equivalent tagger.
func (t *Tagger) FirstPass() *Tagger {
	f, _ := newTagger([]*learn.Model{t.m1}, t.nx, t.lexicons) // t's labels were checked
	return f
}

// XPOSLabels returns the Penn tags the tagger can assign.
func (t *Tagger) XPOSLabels() []string { return t.xl }

// UPOSLabels returns the universal tags the tagger can assign.
func (t *Tagger) UPOSLabels() []string { return t.ul }

// Tag tags the words of one sentence (token forms, as in the text) and
// stores the tags in upos and xpos, which must have len(words) elements;
// either may be nil when the caller needs only the other. The tag strings
// are shared and must not be modified. Any string is accepted, including
// the empty one and invalid UTF-8.
func (t *Tagger) Tag(words []string, upos, xpos []string) {
	if len(words) == 0 {
		return
	}
	sc := t.pool.Get().(*scratch)
	t.tag(sc, words, nil, nil, 0, upos != nil)
	xl, ul := t.xl, t.ul
	for i := range words {
		if xpos != nil {
			xpos[i] = xl[sc.xp[i]]
		}
		if upos != nil {
			upos[i] = ul[sc.up[i]]
		}
	}
	t.pool.Put(sc)
}

// TagIDs is Tag giving class ids into XPOSLabels and UPOSLabels; it never
// allocates once the tagger's buffers have grown to the sentence length.
func (t *Tagger) TagIDs(words []string, upos, xpos []int) {
	if len(words) == 0 {
		return
	}
	sc := t.pool.Get().(*scratch)
	t.tag(sc, words, nil, nil, 0, true)
	copy(xpos, sc.xp)
	copy(upos, sc.up)
	t.pool.Put(sc)
}

// TagDoc tags every sentence of d and returns the Penn tag (XPOS) of each
// token in xpos, grown or cut to len(d.Tokens); a token outside a
// sentence of d gets "". The tags are those Tag gives sentence by
// sentence; TagDoc leaves out the universal tags of the last pass, which
// it does not return. It allocates only when xpos is too short or a
// sentence is longer than any before.
func (t *Tagger) TagDoc(d *text.Doc, xpos []string) []string {
	n := len(d.Tokens)
	if cap(xpos) < n {
		xpos = make([]string, n)
	}
	xpos = xpos[:n]
	clear(xpos)
	sc := t.pool.Get().(*scratch)
	for _, s := range d.Sentences {
		if s.Len() <= 0 || s.Start < 0 || s.End > n {
			continue
		}
		sc.sent = d.Words(sc.sent[:0], s)
		t.tag(sc, sc.sent, nil, nil, 0, false)
		for i, x := range sc.xp {
			xpos[s.Start+i] = t.xl[x]
		}
	}
	t.pool.Put(sc)
	return xpos
}

// tag runs the greedy tagger over words, leaving the tags in sc.xp and
// sc.up. With gold tags (training), it updates the models after each word
// by step and counts no dictionary words as examples. Without withU, the
// last pass leaves the universal tags of sc.up undecided (the first pass
// of two decides them: the second reads them).
func (t *Tagger) tag(sc *scratch, words []string, goldX, goldU []int, step float32, withU bool) {
	sc.prepare(words, t)
	t.pass(sc, words, t.m1, false, withU || t.m2 != nil, goldX, goldU, step)
	if t.m2 != nil {
		sc.xp1 = append(sc.xp1[:0], sc.xp...)
		sc.up1 = append(sc.up1[:0], sc.up...)
		t.pass(sc, words, t.m2, true, withU, goldX, goldU, step)
	}
}

// pass tags words left to right with one model; the second pass also sees
// the first pass's tags of the words to the right. Without withU it
// decides the XPOS tags only.
func (t *Tagger) pass(sc *scratch, words []string, m *learn.Model, second, withU bool, goldX, goldU []int, step float32) {
	xl, ul, nx := t.xl, t.ul, t.nx
	for i := range words {
		if x := sc.dictX[i]; x >= 0 {
			sc.xp[i], sc.up[i] = int(x), int(sc.dictU[i])
			continue
		}
		if second && goldX == nil && sc.margin[i] >= t.skip {
			// The first pass was sure: keep its tags.
			sc.xp[i], sc.up[i] = sc.xp1[i], sc.up1[i]
			continue
		}
		sc.features(i, xl)
		if second {
			sc.rightFeatures(i, xl, ul)
		}
		scores := sc.scores[:m.Classes()]
		clear(scores)
		m.Score(sc.feats, scores)
		x := m.Best(scores[:nx], nil)
		if goldX != nil {
			// The history stays the guess, as at tagging time.
			m.Update(sc.feats, goldX[i], x, step)
		}
		sc.xp[i] = x
		if !withU {
			continue
		}
		if !second {
			sc.margin[i] = margin(scores[:nx], x)
		}
		// The UPOS columns already hold the shared features' scores (an
		// XPOS update leaves them alone); add the UPOS-only features.
		k := len(sc.feats)
		sc.uposFeatures(i, xl, ul)
		m.Score(sc.feats[k:], scores)
		u := m.Best(scores[nx:], nil)
		if goldU != nil && goldU[i] >= 0 {
			m.Update(sc.feats, nx+goldU[i], nx+u, step)
		}
		sc.up[i] = u
		if !second {
			sc.margin[i] = min(sc.margin[i], margin(scores[nx:], u))
			if t.m2 != nil && (goldX != nil || sc.margin[i] < t.skip) {
				// The second pass tags this word again.
				sc.keep(i, k)
			}
		}
	}
}

// margin returns how far the score of class best is above all others.
func margin(scores []float32, best int) float32 {
	m := float32(math.Inf(1))
	for i, s := range scores {
		if i != best {
			m = min(m, scores[best]-s)
		}
	}
	return m
}

// The tagger file: "WSTG", uint16 version, uint64 template fingerprint,
// then a flate stream of: the second pass's skip margin (float32 bits as
// uvarint), the number of XPOS classes, the dictionary (uvarint count, then form, XPOS
// id, UPOS id), the lexicons lex, lexLow and news (uvarint count, then
// form and class), the number of models (1, or 2 with a second pass) and
// the model of each pass (uvarint length + learn format).
const (
	fileMagic   = "WSTG"
	fileVersion = 5
	// maxFile bounds the decompressed size Load accepts.
	maxFile = 256 << 20
)

// MarshalBinary encodes the tagger.
func (t *Tagger) MarshalBinary() ([]byte, error) {
	var body []byte
	str := func(s string) {
		body = binary.AppendUvarint(body, uint64(len(s)))
		body = append(body, s...)
	}
	body = binary.AppendUvarint(body, uint64(math.Float32bits(t.skip)))
	body = binary.AppendUvarint(body, uint64(t.nx))
	forms := slices.Sorted(maps.Keys(t.dict))
	body = binary.AppendUvarint(body, uint64(len(forms)))
	for _, w := range forms {
		e := t.dict[w]
		str(w)
		body = binary.AppendUvarint(body, uint64(e.x))
		body = binary.AppendUvarint(body, uint64(e.u))
	}
	for _, l := range []lexicon{t.lex, t.lexLow, t.news} {
		forms := slices.Sorted(maps.Keys(l))
		body = binary.AppendUvarint(body, uint64(len(forms)))
		for _, w := range forms {
			str(w)
			str(l[w])
		}
	}
	ms := t.models()
	body = binary.AppendUvarint(body, uint64(len(ms)))
	for _, m := range ms {
		data, err := m.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("tag: %w", err)
		}
		str(string(data))
	}
	var b bytes.Buffer
	b.WriteString(fileMagic)
	b.Write(binary.LittleEndian.AppendUint16(nil, fileVersion))
	b.Write(binary.LittleEndian.AppendUint64(nil, fingerprint))
	zw, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	zw.Write(body)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ErrFormat is wrapped by the errors Load returns for data that is not a
// tagger model of this version.
var ErrFormat = errors.New("invalid tagger model")

// Load decodes a tagger written by MarshalBinary. It never panics; bad
// data gives an error wrapping ErrFormat.
func Load(data []byte) (*Tagger, error) {
	t, err := load(data)
	if err != nil {
		return nil, fmt.Errorf("tag: %w: %v", ErrFormat, err)
	}
	return t, nil
}

func load(data []byte) (*Tagger, error) {
	if len(data) < 14 || string(data[:4]) != fileMagic {
		return nil, errors.New("bad magic")
	}
	if v := binary.LittleEndian.Uint16(data[4:]); v != fileVersion {
		return nil, fmt.Errorf("version %d, want %d", v, fileVersion)
	}
	if fp := binary.LittleEndian.Uint64(data[6:]); fp != fingerprint {
		return nil, fmt.Errorf("feature fingerprint %x, want %x (model from another version)", fp, fingerprint)
	}
	br := bytes.NewReader(data[14:])
	p, err := io.ReadAll(io.LimitReader(flate.NewReader(br), maxFile+1))
	if err != nil {
		return nil, fmt.Errorf("decompressing: %v", err)
	}
	if br.Len() != 0 {
		return nil, fmt.Errorf("%d bytes after the compressed data", br.Len())
	}
	if len(p) > maxFile {
		return nil, errors.New("too large")
	}
	var rerr error
	uvarint := func() uint64 {
		if rerr != nil {
			return 0
		}
		v, n := binary.Uvarint(p)
		if n <= 0 {
			rerr = errors.New("truncated")
			return 0
		}
		p = p[n:]
		return v
	}
	str := func() string {
		n := uvarint()
		if rerr != nil {
			return ""
		}
		if n > uint64(len(p)) {
			rerr = errors.New("truncated")
			return ""
		}
		s := string(p[:n])
		p = p[n:]
		return s
	}
	// count reads an entry count, refusing more entries than bytes left.
	count := func(what string) uint64 {
		n := uvarint()
		if rerr == nil && n > uint64(len(p)) {
			rerr = fmt.Errorf("%s of %d entries in %d bytes", what, n, len(p))
		}
		return n
	}
	type raw struct {
		w    string
		x, u uint64
	}
	skipBits := uvarint()
	skip := math.Float32frombits(uint32(skipBits))
	if rerr == nil && (skipBits > math.MaxUint32 || math.IsNaN(float64(skip)) || skip < 0) {
		return nil, fmt.Errorf("bad skip margin %v", skip)
	}
	nx := uvarint()
	n := count("dictionary")
	var entries []raw
	for k := uint64(0); k < n && rerr == nil; k++ {
		w := str()
		x := uvarint()
		u := uvarint()
		entries = append(entries, raw{w, x, u})
	}
	var lx lexicons
	for _, l := range []*lexicon{&lx.lex, &lx.lexLow, &lx.news} {
		n := count("lexicon")
		*l = make(lexicon, min(n, 1<<16))
		for k := uint64(0); k < n && rerr == nil; k++ {
			w := str()
			(*l)[w] = str()
		}
	}
	nm := uvarint()
	if rerr == nil && nm != 1 && nm != 2 {
		return nil, fmt.Errorf("%d models, want 1 or 2", nm)
	}
	ms := make([]*learn.Model, nm)
	for k := range ms {
		b := str()
		if rerr != nil {
			return nil, fmt.Errorf("model %d: %v", k, rerr)
		}
		if ms[k], err = learn.Load([]byte(b)); err != nil {
			return nil, fmt.Errorf("model %d: %v", k, err)
		}
		if ms[k].Fingerprint() != fingerprint {
			return nil, fmt.Errorf("model %d: feature fingerprint %x, want %x", k, ms[k].Fingerprint(), fingerprint)
		}
	}
	if rerr != nil {
		return nil, rerr
	}
	if len(p) != 0 {
		return nil, fmt.Errorf("%d bytes after the models", len(p))
	}
	if nx >= uint64(ms[0].Classes()) {
		return nil, fmt.Errorf("%d XPOS classes of %d", nx, ms[0].Classes())
	}
	lx.dict = make(map[string]dictEntry, len(entries))
	for _, e := range entries {
		if e.x >= nx || e.u >= uint64(ms[0].Classes())-nx {
			return nil, fmt.Errorf("dictionary word %q: tag id beyond the labels", e.w)
		}
		lx.dict[e.w] = dictEntry{int32(e.x), int32(e.u)}
	}
	t, err := newTagger(ms, int(nx), lx)
	if err != nil {
		return nil, err
	}
	t.skip = skip
	return t, nil
}

// Default decodes the tagger embedded in package models. It decodes on
// every call (about half a second): call it once and share the
// Tagger.
func Default() (*Tagger, error) {
	return Load(models.Tag())
}

// models returns the tagger's models, one per pass.
func (t *Tagger) models() []*learn.Model {
	if t.m2 != nil {
		return []*learn.Model{t.m1, t.m2}
	}
	return []*learn.Model{t.m1}
}
