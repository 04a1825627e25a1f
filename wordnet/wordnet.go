// Package wordnet tells the WordNet lexicographer classes of English verbs
// and nouns ("say" → verb.communication, "spokesman" → noun.person), from a
// small table embedded in the binary, for use as features.
//
// The table (classes.dat, about 300 KB gzip-compressed, 1.1 MB of text) is
// derived from WordNet 3.0 (Princeton University) under the WordNet 3.0
// license, whose text is in the LICENSE file of this directory. It keeps:
//
//   - every verb lemma (11529, multi-word ones such as "call on" included);
//   - the 42040 noun lemmas having at least one sense in noun.act,
//     noun.cognition, noun.communication, noun.feeling, noun.group or
//     noun.person: the files of what is said and done ("statement",
//     "condemnation", "criticism", "position") and of who says it
//     ("spokesman", "ministry"). Keeping all 117798 nouns would make the
//     file 723 KB and the loaded table three times larger for classes
//     (animal, plant, food, artifact, ...) that say little about attribution;
//   - the verb.exc and noun.exc entries whose base forms are kept, so that
//     "said" finds "say" and "spokesmen" finds "spokesman".
//
// For each lemma it records the classes of all its senses and the class of
// its first sense, which WordNet orders by frequency in its tagged corpus.
// A kept noun lemma keeps all its noun classes, so "position" also has
// noun.location; a noun lemma not kept is not found.
//
// Regenerate the table, from the module root, with Debian's wordnet-base:
//
//	go run ./wordnet/internal/wngen -dict /usr/share/wordnet -o wordnet/classes.dat
//
// The table is decoded once, on the first call of Load or of a package-level
// lookup (about 40 ms, 5.7 MB of heap kept); a Lexicon is read-only
// afterwards and safe for concurrent use. A lookup takes about 100 ns and
// does not allocate (BenchmarkLookup).
package wordnet

import (
	_ "embed"
	"sync"

	"github.com/whosaid/whosaid/wordnet/internal/wnformat"
)

//go:embed classes.dat
var classesDat []byte

// POS is the coarse part of speech a lookup is made for.
type POS uint8

// The parts of speech a Lexicon knows.
const (
	Noun POS = iota + 1
	Verb
)

// Result is what a lookup found. The zero Result means not found.
type Result struct {
	Lemma   string // base form found, such as "say" for "said"; "" when none
	First   Class  // class of the first (most frequent) sense of Lemma
	Classes Set    // classes of all senses of Lemma
}

// Found reports whether the lookup found a lemma.
func (r Result) Found() bool { return r.Lemma != "" }

// entry holds what is known of one word form, for both parts of speech:
// its classes when it is a lemma, its base forms when it is an irregular
// form (the exception lists share the map so that a lookup costs one probe
// less).
type entry struct {
	lemma                string
	verbFirst, nounFirst Class
	verbs, nouns         Set
	exc                  *irregular // nil for all but 2.3k of 56k entries
}

// irregular holds the base forms of an irregular form.
type irregular struct {
	verbs, nouns []*entry
}

// Lexicon maps English word forms to WordNet classes. Its methods are safe
// for concurrent use; a nil *Lexicon finds nothing.
type Lexicon struct {
	words  map[string]*entry
	maxLen int // longest lemma or exception form, in bytes
}

// Decode builds a Lexicon from a data file written by wngen (the
// gzip-compressed format of package wordnet/internal/wnformat). It returns
// an error, never panics, when data is corrupt.
func Decode(data []byte) (*Lexicon, error) {
	d, err := wnformat.Decode(data)
	if err != nil {
		return nil, err
	}
	n := len(d.Verbs) + len(d.Nouns) + len(d.VerbExceptions) + len(d.NounExceptions)
	lx := &Lexicon{words: make(map[string]*entry, n)}
	slab := make([]entry, 0, n) // one allocation for all entries
	get := func(form string) *entry {
		e := lx.words[form]
		if e == nil {
			slab = append(slab, entry{lemma: form})
			e = &slab[len(slab)-1]
			lx.words[form] = e
			lx.maxLen = max(lx.maxLen, len(form))
		}
		return e
	}
	// Bit k of a file mask is lexfile k, which is Class k+1.
	for _, v := range d.Verbs {
		e := get(v.Lemma)
		e.verbFirst, e.verbs = Class(v.First+1), Set(v.Mask<<1)
	}
	for _, n := range d.Nouns {
		e := get(n.Lemma)
		e.nounFirst, e.nouns = Class(n.First+1), Set(n.Mask<<1)
	}
	bases := func(x wnformat.Exception) []*entry {
		es := make([]*entry, len(x.Bases))
		for i, b := range x.Bases {
			es[i] = lx.words[b] // present: wnformat.Decode checked it
		}
		return es
	}
	irr := func(form string) *irregular {
		e := get(form)
		if e.exc == nil {
			e.exc = new(irregular)
		}
		return e.exc
	}
	for _, x := range d.VerbExceptions {
		irr(x.Form).verbs = bases(x)
	}
	for _, x := range d.NounExceptions {
		irr(x.Form).nouns = bases(x)
	}
	return lx, nil
}

var embedded struct {
	once sync.Once
	lx   *Lexicon
	err  error
}

// Load returns the Lexicon of the embedded table, decoding it on the first
// call; later calls return the same Lexicon or the same error.
func Load() (*Lexicon, error) {
	embedded.once.Do(func() {
		embedded.lx, embedded.err = Decode(classesDat)
	})
	return embedded.lx, embedded.err
}

// Lookup looks word up in the embedded Lexicon (see Lexicon.Lookup). It
// returns the zero Result if the embedded table fails to load; call Load to
// see that error.
func Lookup(word string, pos POS) Result {
	lx, _ := Load()
	return lx.Lookup(word, pos)
}

// LookupPhrase looks a verb phrase up in the embedded Lexicon (see
// Lexicon.LookupPhrase).
func LookupPhrase(verb, rest string) Result {
	lx, _ := Load()
	return lx.LookupPhrase(verb, rest)
}

// Lookup returns the classes of word as a pos, after reducing it to a base
// form the way WordNet's morphy does: word is lower-cased (ASCII only: a
// word with other bytes is not found, as WordNet 3.0 lemmas are all ASCII;
// "_" counts as a space), then tried as an irregular form of the exception
// list, then as it is, then with each detachment rule in turn (verbs: -s,
// -ies→y, -es→e, -es, -ed→e, -ed, -ing→e, -ing; nouns: -s, -ses→s, -xes→x,
// -zes→z, -ches→ch, -shes→sh, -men→man, -ies→y). The first candidate that is
// a lemma of pos gives the Result.
//
// A verb with spaces ("pointed out") is a phrase: its first word is reduced
// and the rest kept, as in LookupPhrase. Lookup does not allocate.
func (lx *Lexicon) Lookup(word string, pos POS) Result {
	if lx == nil || len(word) == 0 || len(word) > lx.maxLen {
		return Result{}
	}
	var buf [wnformat.MaxLemma]byte
	key, ok := fold(buf[:0], word)
	if !ok {
		return Result{}
	}
	head := len(key)
	if pos == Verb {
		for i, c := range key {
			if c == ' ' {
				head = i
				break
			}
		}
	}
	return lx.morphy(key, head, pos)
}

// LookupPhrase returns the classes of the multi-word verb made of verb and
// rest ("called", "on" → "call on", verb.communication): verb is reduced as
// Lookup does, rest is only lower-cased. It does not allocate.
func (lx *Lexicon) LookupPhrase(verb, rest string) Result {
	if rest == "" {
		return lx.Lookup(verb, Verb)
	}
	if lx == nil || verb == "" || len(verb)+1+len(rest) > lx.maxLen {
		return Result{}
	}
	var buf [wnformat.MaxLemma]byte
	key, ok := fold(buf[:0], verb)
	if !ok {
		return Result{}
	}
	head := len(key)
	key = append(key, ' ')
	if key, ok = fold(key, rest); !ok {
		return Result{}
	}
	return lx.morphy(key, head, Verb)
}

// fold appends s to dst in lower case, with "_" as a space, and reports
// false if s has a byte that no lemma has (non-ASCII or control).
func fold(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '_':
			c = ' '
		case c < ' ' || c > '~':
			return dst, false
		}
		dst = append(dst, c)
	}
	return dst, true
}

type rule struct{ suffix, ending string }

// Morphy's detachment rules, in its order (morphy(7WN)).
var (
	verbRules = []rule{{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}}
	nounRules = []rule{{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}}
)

// morphy finds the first base form of key whose first word ends at head.
// key is lower case and at most MaxLemma bytes long.
func (lx *Lexicon) morphy(key []byte, head int, pos POS) Result {
	var rules []rule
	switch pos {
	case Verb:
		rules = verbRules
	case Noun:
		rules = nounRules
	default:
		return Result{}
	}
	// One probe gives the whole form as an irregular one ("said", "bade
	// farewell") and as a lemma.
	if e := lx.probe(key); e != nil {
		for _, b := range e.exceptions(pos) {
			if r := b.result(pos); r.Found() {
				return r
			}
		}
		if r := e.result(pos); r.Found() {
			return r
		}
	}
	word, tail := key[:head], key[head:]
	var cand [wnformat.MaxLemma]byte
	if head < len(key) {
		// A phrase: the first word as an irregular form ("told off").
		if e := lx.probe(word); e != nil {
			for _, b := range e.exceptions(pos) {
				c := append(append(cand[:0], b.lemma...), tail...)
				if r := lx.find(c, pos); r.Found() {
					return r
				}
			}
		}
	}
	for _, ru := range rules {
		stem, ok := trimSuffix(word, ru.suffix)
		if !ok {
			continue
		}
		c := append(append(append(cand[:0], stem...), ru.ending...), tail...)
		if r := lx.find(c, pos); r.Found() {
			return r
		}
	}
	return Result{}
}

// trimSuffix returns w without suffix, if w ends with it and something is
// left.
func trimSuffix(w []byte, suffix string) ([]byte, bool) {
	n := len(w) - len(suffix)
	if n <= 0 || string(w[n:]) != suffix {
		return nil, false
	}
	return w[:n], true
}

// probe returns the entry of key, or nil.
func (lx *Lexicon) probe(key []byte) *entry {
	if len(key) > lx.maxLen {
		return nil
	}
	return lx.words[string(key)]
}

// find returns the classes of key as a lemma of pos.
func (lx *Lexicon) find(key []byte, pos POS) Result {
	if e := lx.probe(key); e != nil {
		return e.result(pos)
	}
	return Result{}
}

// exceptions returns the base forms of e as an irregular form of pos.
func (e *entry) exceptions(pos POS) []*entry {
	switch {
	case e.exc == nil:
		return nil
	case pos == Verb:
		return e.exc.verbs
	}
	return e.exc.nouns
}

func (e *entry) result(pos POS) Result {
	switch {
	case pos == Verb && e.verbs != 0:
		return Result{Lemma: e.lemma, First: e.verbFirst, Classes: e.verbs}
	case pos == Noun && e.nouns != 0:
		return Result{Lemma: e.lemma, First: e.nounFirst, Classes: e.nouns}
	}
	return Result{}
}
