// Package tag assigns part-of-speech tags to words: a Universal POS tag
// (UPOS, "NOUN") and a Penn Treebank tag (XPOS, "NNS") for each.
//
// The tagger is greedy, left to right, with two averaged perceptrons from
// package learn: one picks the XPOS from the words around and the tags
// already chosen, the other the UPOS from the same features plus that
// XPOS. Frequent words that the training data always tags the same way
// take their tags from a dictionary. Forms are normalized for the features
// only (curly quotes, dashes, ellipsis become their ASCII forms), so news
// typography gets the tags the web treebank gives to ASCII punctuation.
package tag

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/models"
)

// Tagger tags sentences. It is read-only once loaded and safe for
// concurrent use.
type Tagger struct {
	xpos, upos *learn.Model
	// dict maps a word form to its tags (XPOS id, UPOS id) when the
	// training data gives it always the same ones.
	dict map[string]dictEntry
	pool sync.Pool
}

type dictEntry struct{ x, u int32 }

func newTagger(xpos, upos *learn.Model, dict map[string]dictEntry) *Tagger {
	t := &Tagger{xpos: xpos, upos: upos, dict: dict}
	t.pool.New = func() any {
		return &scratch{
			feats:  make([]uint64, 0, 64),
			scores: make([]float32, max(xpos.Classes(), upos.Classes())),
		}
	}
	return t
}

// XPOSLabels returns the Penn tags the tagger can assign.
func (t *Tagger) XPOSLabels() []string { return t.xpos.Labels() }

// UPOSLabels returns the universal tags the tagger can assign.
func (t *Tagger) UPOSLabels() []string { return t.upos.Labels() }

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
	t.tag(sc, words, nil, nil, 0)
	xl, ul := t.xpos.Labels(), t.upos.Labels()
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
	t.tag(sc, words, nil, nil, 0)
	copy(xpos, sc.xp)
	copy(upos, sc.up)
	t.pool.Put(sc)
}

// tag runs the greedy tagger over words, leaving the tags in sc.xp and
// sc.up. With gold tags (training), it updates the models after each word
// by step and counts no dictionary words as examples.
func (t *Tagger) tag(sc *scratch, words []string, goldX, goldU []int, step float32) {
	sc.prepare(words)
	xl, ul := t.xpos.Labels(), t.upos.Labels()
	nx, nu := t.xpos.Classes(), t.upos.Classes()
	for i, w := range words {
		if e, ok := t.dict[w]; ok {
			sc.xp[i], sc.up[i] = int(e.x), int(e.u)
			continue
		}
		sc.features(i, xl)
		scores := sc.scores[:nx]
		clear(scores)
		t.xpos.Score(sc.feats, scores)
		x := t.xpos.Best(scores, nil)
		if goldX != nil {
			t.xpos.Update(sc.feats, goldX[i], x, step)
			x = goldX[i]
		}
		sc.xp[i] = x
		sc.uposFeatures(i, xl, ul)
		scores = sc.scores[:nu]
		clear(scores)
		t.upos.Score(sc.feats, scores)
		u := t.upos.Best(scores, nil)
		if goldU != nil {
			if goldU[i] >= 0 {
				t.upos.Update(sc.feats, goldU[i], u, step)
				u = goldU[i]
			}
		}
		sc.up[i] = u
	}
}

// The tagger file: "WSTG", uint16 version, uint64 template fingerprint,
// the dictionary (uvarint count, then form, XPOS id, UPOS id), then the
// XPOS and UPOS models as uvarint length + learn format.
const (
	fileMagic   = "WSTG"
	fileVersion = 1
)

// MarshalBinary encodes the tagger.
func (t *Tagger) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(fileMagic)
	b.Write(binary.LittleEndian.AppendUint16(nil, fileVersion))
	b.Write(binary.LittleEndian.AppendUint64(nil, fingerprint))
	forms := make([]string, 0, len(t.dict))
	for w := range t.dict {
		forms = append(forms, w)
	}
	slices.Sort(forms)
	b.Write(binary.AppendUvarint(nil, uint64(len(forms))))
	for _, w := range forms {
		e := t.dict[w]
		b.Write(binary.AppendUvarint(nil, uint64(len(w))))
		b.WriteString(w)
		b.Write(binary.AppendUvarint(nil, uint64(e.x)))
		b.Write(binary.AppendUvarint(nil, uint64(e.u)))
	}
	for _, m := range []*learn.Model{t.xpos, t.upos} {
		data, err := m.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("tag: %w", err)
		}
		b.Write(binary.AppendUvarint(nil, uint64(len(data))))
		b.Write(data)
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
	p := data[14:]
	uvarint := func() (uint64, error) {
		v, n := binary.Uvarint(p)
		if n <= 0 {
			return 0, errors.New("truncated")
		}
		p = p[n:]
		return v, nil
	}
	bytesN := func() ([]byte, error) {
		n, err := uvarint()
		if err != nil {
			return nil, err
		}
		if n > uint64(len(p)) {
			return nil, errors.New("truncated")
		}
		b := p[:n]
		p = p[n:]
		return b, nil
	}
	n, err := uvarint()
	if err != nil {
		return nil, fmt.Errorf("dictionary: %v", err)
	}
	if n > uint64(len(p)) {
		return nil, fmt.Errorf("dictionary of %d words in %d bytes", n, len(p))
	}
	type raw struct {
		w    string
		x, u uint64
	}
	entries := make([]raw, 0, n)
	for k := uint64(0); k < n; k++ {
		w, err := bytesN()
		if err != nil {
			return nil, fmt.Errorf("dictionary word %d: %v", k, err)
		}
		x, err1 := uvarint()
		u, err2 := uvarint()
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("dictionary word %d: truncated", k)
		}
		entries = append(entries, raw{string(w), x, u})
	}
	var ms [2]*learn.Model
	for k := range ms {
		b, err := bytesN()
		if err != nil {
			return nil, fmt.Errorf("model %d: %v", k, err)
		}
		if ms[k], err = learn.Load(b); err != nil {
			return nil, fmt.Errorf("model %d: %v", k, err)
		}
		if ms[k].Fingerprint() != fingerprint {
			return nil, fmt.Errorf("model %d: feature fingerprint %x, want %x", k, ms[k].Fingerprint(), fingerprint)
		}
	}
	if len(p) != 0 {
		return nil, fmt.Errorf("%d bytes after the models", len(p))
	}
	dict := make(map[string]dictEntry, len(entries))
	for _, e := range entries {
		if e.x >= uint64(ms[0].Classes()) || e.u >= uint64(ms[1].Classes()) {
			return nil, fmt.Errorf("dictionary word %q: tag id beyond the labels", e.w)
		}
		dict[e.w] = dictEntry{int32(e.x), int32(e.u)}
	}
	return newTagger(ms[0], ms[1], dict), nil
}

// Default decodes the tagger embedded in package models. It decodes on
// every call (about a tenth of a second): call it once and share the
// Tagger.
func Default() (*Tagger, error) {
	return Load(models.Tag())
}
