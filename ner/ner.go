// Package ner finds names in tokenized sentences: persons (PER),
// organizations (ORG) and locations (LOC); a model trained with MISC also
// finds other names (nationalities, events, works).
//
// The tagger is a greedy, left-to-right BILOU sequence labeller: one
// averaged perceptron (package learn) scores the labels of each word from
// hashed features of the word, its neighbours, the labels already chosen,
// a lexicon learned from unlabeled text (word clusters and how often a word
// is capitalized inside a sentence) and a gazetteer of the names of the
// training data. Only label sequences that form well-nested spans can be
// chosen, so the output needs no repair. It needs no part-of-speech tags.
//
// Use:
//
//	t, err := ner.Load(models.NER()) // once; t is safe for concurrent use
//	ents = t.Tag(words, ents[:0])    // per sentence: word forms as in the text
//	ner.IOB2(ents, tags, len(words)) // "B-PER", "I-PER", "O", ... per word
//
// The embedded model is trained by Train on the data Recipe reads (the
// CoreNLP names of PolNeAR train), in about two minutes on one core.
package ner

import (
	"fmt"
	"sync"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/names"
)

// Type is the type of a name.
type Type uint8

// The name types. None is the type of words outside any name.
const (
	None Type = iota
	PER
	ORG
	LOC
	MISC
	numTypes
)

var typeNames = [numTypes]string{"O", "PER", "ORG", "LOC", "MISC"}

// String returns "PER", "ORG", "LOC", "MISC", or "O" for None.
func (t Type) String() string {
	if t < numTypes {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// ParseType returns the type named s ("PER", "ORG", "LOC", "MISC", also
// CoreNLP's "PERSON", "ORGANIZATION", "LOCATION"); any other string gives
// None and false.
func ParseType(s string) (Type, bool) {
	switch s {
	case "PER", "PERSON":
		return PER, true
	case "ORG", "ORGANIZATION":
		return ORG, true
	case "LOC", "LOCATION", "GPE":
		return LOC, true
	case "MISC":
		return MISC, true
	}
	return None, false
}

// Entity is a name: the words Start..End-1 of a sentence (token indexes,
// end exclusive) and its type.
type Entity struct {
	Start, End int
	Type       Type
}

// Tagger finds names. It is read-only once loaded and safe for concurrent
// use; per-call buffers come from a pool.
type Tagger struct {
	model *learn.Model
	lex   *lexicon
	gaz   *gazetteer
	// class id -> (type, position), and the transition table.
	cls   []class
	valid []bool // valid[prev*nc+next]; prev == nc is the sentence start
	begin int    // class id of O, the label before the first word
	prev  *prevTable
	pool  sync.Pool
}

// position is a BILOU position.
type position uint8

const (
	posO position = iota
	posB
	posI
	posL
	posU
)

var posNames = [...]string{"O", "B", "I", "L", "U"}

type class struct {
	typ Type
	pos position
}

// labelNames lists the classes of a model, in class-id order.
func labelNames(types []Type) []string {
	names := []string{"O"}
	for _, t := range types {
		for _, p := range []position{posB, posI, posL, posU} {
			names = append(names, posNames[p]+"-"+t.String())
		}
	}
	return names
}

// newTagger wires a model and lexicon; the labels must be those of
// labelNames.
func newTagger(m *learn.Model, lex *lexicon, gaz *gazetteer) (*Tagger, error) {
	labels := m.Labels()
	t := &Tagger{model: m, lex: lex, gaz: gaz, begin: -1}
	for i, l := range labels {
		var c class
		switch {
		case l == "O":
			t.begin = i
		case len(l) > 2 && l[1] == '-':
			typ, ok := ParseType(l[2:])
			if !ok {
				return nil, fmt.Errorf("ner: model label %q has an unknown type", l)
			}
			c.typ = typ
			switch l[0] {
			case 'B':
				c.pos = posB
			case 'I':
				c.pos = posI
			case 'L':
				c.pos = posL
			case 'U':
				c.pos = posU
			default:
				return nil, fmt.Errorf("ner: model label %q is not BILOU", l)
			}
		default:
			return nil, fmt.Errorf("ner: model label %q is not BILOU", l)
		}
		t.cls = append(t.cls, c)
	}
	if t.begin < 0 {
		return nil, fmt.Errorf("ner: model has no O label")
	}
	nc := len(labels)
	t.valid = make([]bool, (nc+1)*nc)
	for p := 0; p <= nc; p++ {
		for n := 0; n < nc; n++ {
			t.valid[p*nc+n] = validAfter(t.cls, p, n)
		}
	}
	t.prev = newPrevTable(labels)
	t.pool.New = func() any { return &scratch{} }
	return t, nil
}

// validAfter reports whether class n may follow class p (p == len(cls)
// for the sentence start). Inside a name (after B or I) only I or L of the
// same type may come; elsewhere anything but I or L.
func validAfter(cls []class, p, n int) bool {
	next := cls[n]
	inside := p < len(cls) && (cls[p].pos == posB || cls[p].pos == posI)
	if inside {
		return (next.pos == posI || next.pos == posL) && next.typ == cls[p].typ
	}
	return next.pos != posI && next.pos != posL
}

// validEnd reports whether a sentence may end after class p.
func (t *Tagger) validEnd(p int) bool {
	return t.cls[p].pos != posB && t.cls[p].pos != posI
}

// Types returns the name types the tagger can find.
func (t *Tagger) Types() []Type {
	var ts []Type
	for _, c := range t.cls {
		if c.pos == posU {
			ts = append(ts, c.typ)
		}
	}
	return ts
}

// Tag finds the names of one sentence, given as its words (token forms as
// they appear in the text), and appends them to dst in sentence order. It
// does not allocate once dst and the tagger's buffers are large enough.
// Any string is accepted, including empty strings and invalid UTF-8.
func (t *Tagger) Tag(words []string, dst []Entity) []Entity {
	if len(words) == 0 {
		return dst
	}
	sc := t.pool.Get().(*scratch)
	t.run(sc, words, nil)
	n := len(dst)
	dst = t.entities(sc.labels, dst)
	t.pool.Put(sc)
	return trimPersons(words, dst, n)
}

// trimPersons applies whosaid's one notion of a person's name (package
// names, shared with package speaker) to the person names dst[from:] found
// in words: a clause opener, a day or a possessive token at the edge of a
// name is no part of it ("Maybe Trump" is "Trump", "Wednesday Smith" is
// "Smith"; see names.Bounds). A name left with no word is dropped.
func trimPersons(words []string, dst []Entity, from int) []Entity {
	out := dst[:from]
	for _, e := range dst[from:] {
		if e.Type == PER {
			i, j := names.Bounds(words[e.Start:e.End])
			if i == j {
				continue
			}
			e.Start, e.End = e.Start+i, e.Start+j
		}
		out = append(out, e)
	}
	return out
}

// entities turns a valid class sequence into names.
func (t *Tagger) entities(labels []int, dst []Entity) []Entity {
	start := -1
	for i, l := range labels {
		c := t.cls[l]
		switch c.pos {
		case posU:
			dst = append(dst, Entity{Start: i, End: i + 1, Type: c.typ})
			start = -1
		case posB:
			start = i
		case posL:
			if start >= 0 {
				dst = append(dst, Entity{Start: start, End: i + 1, Type: c.typ})
			}
			start = -1
		}
	}
	return dst
}

// run labels words greedily, leaving the class ids in sc.labels. With gold
// labels (training) it updates the model at each word, keeps the gold label
// as history, and returns how many words it labelled right before the
// update. Prediction and training share this loop so that they cannot
// drift apart.
func (t *Tagger) run(sc *scratch, words []string, gold []int) (right int) {
	t.prepare(sc, words)
	nc := t.model.Classes()
	sc.scores = grow(sc.scores, nc)
	prev := nc
	for i := range words {
		sc.features(i)
		sc.labelFeatures(i, t.prev)
		scores := sc.scores[:nc]
		clear(scores)
		t.model.Score(sc.feats, scores)
		best := t.best(scores, prev, i == len(words)-1)
		if gold != nil {
			if best == gold[i] {
				right++
			}
			t.model.Update(sc.feats, gold[i], best, 1)
			best = gold[i]
		}
		sc.labels[i] = best
		prev = best
	}
	return right
}

// best returns the highest scoring class that may follow prev (and end the
// sentence when last is set), ties to the lowest id.
func (t *Tagger) best(scores []float32, prev int, last bool) int {
	nc := len(scores)
	ok := t.valid[prev*nc : (prev+1)*nc]
	b := -1
	var bs float32
	for i, s := range scores {
		if !ok[i] || s != s || (last && !t.validEnd(i)) {
			continue
		}
		if b < 0 || s > bs {
			b, bs = i, s
		}
	}
	if b < 0 { // cannot happen with a well-formed label set; stay safe
		b = t.begin
	}
	return b
}

// IOB2 writes the IOB2 tag of each word ("O", "B-PER", "I-PER", ...) of a
// sentence of n words with names ents into tags, which must have at least
// n elements. The strings are shared constants; it does not allocate.
// Names outside 0..n are ignored.
func IOB2(ents []Entity, tags []string, n int) {
	for i := 0; i < n && i < len(tags); i++ {
		tags[i] = "O"
	}
	for _, e := range ents {
		if e.Start < 0 || e.End > n || e.Start >= e.End || e.Type == None || e.Type >= numTypes {
			continue
		}
		tags[e.Start] = iobNames[e.Type][0]
		for i := e.Start + 1; i < e.End; i++ {
			tags[i] = iobNames[e.Type][1]
		}
	}
}

var iobNames = [numTypes][2]string{
	{"O", "O"},
	{"B-PER", "I-PER"},
	{"B-ORG", "I-ORG"},
	{"B-LOC", "I-LOC"},
	{"B-MISC", "I-MISC"},
}

// ParseIOB appends the names of a sentence given as one IOB2 (or IOB1) tag
// per word, CoNLL style: "I-X" after a tag of another type starts a new
// name; tags of unknown types count as "O".
func ParseIOB(tags []string, dst []Entity) []Entity {
	start, typ := -1, None
	flush := func(end int) {
		if start >= 0 {
			dst = append(dst, Entity{Start: start, End: end, Type: typ})
		}
		start, typ = -1, None
	}
	for i, tag := range tags {
		if len(tag) < 3 || tag[1] != '-' {
			flush(i)
			continue
		}
		ty, ok := ParseType(tag[2:])
		if !ok {
			flush(i)
			continue
		}
		switch tag[0] {
		case 'B', 'U', 'S':
			flush(i)
			start, typ = i, ty
		case 'I', 'L', 'E':
			if start < 0 || typ != ty {
				flush(i)
				start, typ = i, ty
			}
		default:
			flush(i)
		}
		if tag[0] == 'L' || tag[0] == 'E' || tag[0] == 'U' || tag[0] == 'S' {
			flush(i + 1)
		}
	}
	flush(len(tags))
	return dst
}

// bilou returns the gold class ids of a sentence of n words with names
// ents (names of types the model lacks become O, overlapping names are
// skipped).
func (t *Tagger) bilou(ents []Entity, n int, dst []int) []int {
	dst = grow(dst, n)
	for i := range dst {
		dst[i] = t.begin
	}
	for _, e := range ents {
		if e.Start < 0 || e.End > n || e.Start >= e.End {
			continue
		}
		free := true
		for i := e.Start; i < e.End; i++ {
			free = free && dst[i] == t.begin
		}
		if !free {
			continue
		}
		for i := e.Start; i < e.End; i++ {
			p := posI
			switch {
			case e.End-e.Start == 1:
				p = posU
			case i == e.Start:
				p = posB
			case i == e.End-1:
				p = posL
			}
			dst[i] = t.classOf(e.Type, p)
		}
	}
	return dst
}

func (t *Tagger) classOf(typ Type, p position) int {
	for i, c := range t.cls {
		if c.typ == typ && c.pos == p {
			return i
		}
	}
	return t.begin
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}
