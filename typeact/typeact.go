// Package typeact labels attributed statements with their type (speech,
// writing, thought, stance, evidence), their act (assert, warn, demand,
// ...), whether their cue is negated, and their target: whom the act is
// addressed to or aimed at when the text names it.
//
// It runs after speaker resolution and reads only what earlier stages
// wrote: the document's tokens, the statements' cue, source and content
// ranges, and the article's entities. The rules are data: a table of cue
// lemmas (lexicon.go) gives each head word a type, an act and a target
// frame, and a short ordered table of context rules (rules.go) adjusts
// them: a written medium near the cue, a source that is a poll or a
// newspaper, a negation before the cue, "called on X to", a content that is
// a question. The definitions are those of issue 10, as written down in
// eval/testdata/typeact/README.md.
//
// It reads words, not part-of-speech tags: the pipeline does not pass the
// tagger's tags down (attrib/learned tags the document inside itself), and
// the cue's lemma (regular suffixes undone) and its head word carry the
// rules beyond the words listed. No model is learned: at 235 labelled
// statements to tune on, rules are easier to read and to check.
package typeact

import (
	"strings"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/text"
)

// Type is the medium or nature of a statement.
type Type uint8

// Statement types.
const (
	Speech   Type = iota // said aloud, or the medium is not stated
	Writing              // written or published: wrote, tweeted, in a statement
	Thought              // a belief, feeling, perception, memory or expectation
	Stance               // what the source wants, decides, supports or opposes
	Evidence             // findings of polls, studies, records; impersonal hedges
)

var typeNames = [...]string{"speech", "writing", "thought", "stance", "evidence"}

// String returns the type's name as written in whosaid's output.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "speech"
}

// Types returns the names of all types, in the order of their values.
func Types() []string { return append([]string(nil), typeNames[:]...) }

// Act is what a statement does.
type Act uint8

// Statement acts.
const (
	Assert Act = iota
	Warn
	Demand
	Accuse
	Criticize
	Praise
	Deny
	Promise
	Ask
	Announce
	Concede
)

var actNames = [...]string{"assert", "warn", "demand", "accuse", "criticize", "praise", "deny", "promise", "ask", "announce", "concede"}

// String returns the act's name as written in whosaid's output.
func (a Act) String() string {
	if int(a) < len(actNames) {
		return actNames[a]
	}
	return "assert"
}

// Acts returns the names of all acts, in the order of their values.
func Acts() []string { return append([]string(nil), actNames[:]...) }

// Label is what the stage says of one statement.
type Label struct {
	Type Type
	Act  Act
	// Negated is true when the cue itself is negated ("did not deny",
	// "never asked", "has no idea"). The act of a negated statement is
	// Assert: it reports that the act did not happen.
	Negated bool
	// Target is the noun phrase the act is addressed to or aimed at, as
	// token ranges (usually one), or nil.
	Target []text.Range
	// Entity is the index in the entities given to Label of the entity
	// the target names, or -1.
	Entity int
	// Quote is true when the statement is a quote in a news reader's
	// sense: set by MarkQuotes, not Label (see quote.go).
	Quote bool
}

// Labeler labels statements with the tables of this package. Its zero
// value (and New's result) is ready to use; it holds no state across calls
// and is safe for concurrent use.
type Labeler struct{}

// New returns a Labeler.
func New() *Labeler { return &Labeler{} }

// Label returns one Label per statement of stmts, in order. ents are the
// article's entities (as speaker.Resolve returns them), which targets are
// resolved to; it may be nil. Ranges outside d are ignored, so any input
// is safe.
func (l *Labeler) Label(d *text.Doc, stmts []attrib.Statement, ents []speaker.Entity) []Label {
	out := make([]Label, len(stmts))
	v := &view{d: d, lower: make([]string, len(d.Tokens)), done: make([]bool, len(d.Tokens))}
	for i := range stmts {
		st := clip(d, stmts[i])
		out[i] = l.label(v, &st, ents)
	}
	return out
}

// clip returns st with its ranges cut to the document's tokens.
func clip(d *text.Doc, st attrib.Statement) attrib.Statement {
	n := len(d.Tokens)
	cut := func(rs []text.Range) []text.Range {
		var out []text.Range
		for _, r := range rs {
			r.Start, r.End = max(r.Start, 0), min(r.End, n)
			if r.Start < r.End {
				out = append(out, r)
			}
		}
		return out
	}
	st.Cue, st.Source, st.Content = cut(st.Cue), cut(st.Source), cut(st.Content)
	return st
}

// ranges is a role's token ranges.
type ranges []text.Range

// has reports whether token i lies in one of the ranges.
func (rs ranges) has(i int) bool {
	for _, r := range rs {
		if i >= r.Start && i < r.End {
			return true
		}
	}
	return false
}

// view gives the lower-case forms of a document's tokens, computed once
// each on demand.
type view struct {
	d     *text.Doc
	lower []string
	done  []bool
}

// word returns the lower-case form of token i with curly apostrophes made
// straight, or "" outside the document.
func (v *view) word(i int) string {
	if i < 0 || i >= len(v.d.Tokens) {
		return ""
	}
	if v.done[i] {
		return v.lower[i]
	}
	w := v.d.Form(i)
	if needsFolding(w) {
		w = strings.ReplaceAll(strings.ToLower(w), "’", "'")
	}
	v.lower[i], v.done[i] = w, true
	return w
}

// needsFolding reports whether w has an upper-case ASCII letter or a
// non-ASCII byte: only then does word need to fold it.
func needsFolding(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return true
		}
	}
	return false
}

// isWord reports whether token i is a word.
func (v *view) isWord(i int) bool {
	return i >= 0 && i < len(v.d.Tokens) && v.d.Tokens[i].Kind == text.Word
}

// capitalized reports whether token i starts with an upper-case letter.
func (v *view) capitalized(i int) bool {
	if !v.isWord(i) {
		return false
	}
	f := v.d.Form(i)
	return f != "" && f[0] >= 'A' && f[0] <= 'Z'
}

// sentenceEnd returns the end of the sentence holding token i.
func (v *view) sentenceEnd(i int) int {
	s := v.d.SentenceOf(i)
	if s < 0 {
		return min(i+1, len(v.d.Tokens))
	}
	return v.d.Sentences[s].End
}

// stmt is one statement being labelled: its ranges and what the rules
// have found so far.
type stmt struct {
	v                *view
	st               *attrib.Statement
	cueStart, cueEnd int // token bounds of the whole cue; cueEnd <= cueStart when none
	head             int // token index of the cue's head word, or -1
	lemma            string
	entry            entry
	known            bool // lemma is in the table
	content, cue     ranges
	source           ranges
	sourceWords      []int // the source's tokens before its first comma, "of" or relative pronoun
	label            Label
	targetDone       bool
	ents             []speaker.Entity
}

func (l *Labeler) label(v *view, st *attrib.Statement, ents []speaker.Entity) Label {
	s := &stmt{v: v, st: st, head: -1, ents: ents, cue: st.Cue, content: st.Content, source: st.Source}
	s.label.Entity = -1
	s.cueStart, s.cueEnd = -1, -1
	for _, r := range st.Cue {
		if s.cueStart < 0 || r.Start < s.cueStart {
			s.cueStart = r.Start
		}
		s.cueEnd = max(s.cueEnd, r.End)
	}
	s.findHead(cueLemmas)
	s.findSource()
	s.label.Type, s.label.Act = s.entry.typ, s.entry.act
	for _, r := range contextRules {
		if r.when(s) {
			r.then(s)
		}
	}
	if !s.targetDone {
		s.label.Target = s.frameTarget(s.entry.target)
	}
	s.resolve()
	return s.label
}

// findHead picks the cue's head word among its words other than
// auxiliaries, adverbs and function words: the first whose lemma the table
// gives an act other than assert ("continued to refute", "released a
// statement confirming"), else the first it gives a type other than
// speech ("maintain a large degree of fondness for"), else the first it
// knows, else the last word. The type is the head's, or writing when a
// word of the cue is a verb or noun of writing ("wrote a harsh rebuke").
func (s *stmt) findHead(lemmas map[string]entry) {
	v := s.v
	last := -1
	var act, typ, known struct {
		i     int
		lemma string
	}
	act.i, typ.i, known.i = -1, -1, -1
	for _, r := range s.st.Cue {
		for i := r.Start; i < r.End; i++ {
			w := v.word(i)
			if !v.isWord(i) || cueFillers[w] {
				continue
			}
			last = i
			lm, ok := lemmaOf(w, lemmas)
			if !ok {
				continue
			}
			e := lemmas[lm]
			if act.i < 0 && e.act != Assert {
				act.i, act.lemma = i, lm
			}
			if typ.i < 0 && e.typ != Speech {
				typ.i, typ.lemma = i, lm
			}
			if known.i < 0 {
				known.i, known.lemma = i, lm
			}
		}
	}
	switch {
	case act.i >= 0:
		s.head, s.lemma = act.i, act.lemma
	case typ.i >= 0:
		s.head, s.lemma = typ.i, typ.lemma
	case known.i >= 0:
		s.head, s.lemma = known.i, known.lemma
	default:
		s.head = last
		if last >= 0 {
			s.lemma = v.word(last)
		}
		s.entry = entry{Speech, Assert, noTarget}
		return
	}
	s.known = true
	s.entry = lemmas[s.lemma]
	if typ.i >= 0 && lemmas[typ.lemma].typ == Writing {
		s.entry.typ = Writing // a written medium anywhere in the cue
	}
}

// lemmaOf returns the lemma of w that the table knows, undoing the
// regular suffixes (-s, -es, -ies, -ed, -ied, -ing, doubled consonants),
// and whether there is one.
func lemmaOf(w string, lemmas map[string]entry) (string, bool) {
	if l, ok := irregular[w]; ok {
		w = l
	}
	if _, ok := lemmas[w]; ok {
		return w, true
	}
	for _, c := range stems(w) {
		if _, ok := lemmas[c]; ok {
			return c, true
		}
	}
	return w, false
}

// stems returns candidate lemmas of an inflected form, most likely first.
func stems(w string) []string {
	var out []string
	undouble := func(s string) {
		if n := len(s); n >= 3 && s[n-1] == s[n-2] && !strings.ContainsRune("aeiouls", rune(s[n-1])) {
			out = append(out, s[:n-1])
		}
	}
	switch {
	case strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied"):
		out = append(out, w[:len(w)-3]+"y")
	case strings.HasSuffix(w, "ing") && len(w) > 4:
		b := w[:len(w)-3]
		out = append(out, b, b+"e")
		undouble(b)
	case strings.HasSuffix(w, "ed") && len(w) > 3:
		b := w[:len(w)-2]
		out = append(out, w[:len(w)-1], b)
		undouble(b)
	case strings.HasSuffix(w, "es") && len(w) > 3:
		out = append(out, w[:len(w)-1], w[:len(w)-2])
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 2:
		out = append(out, w[:len(w)-1])
	case strings.HasSuffix(w, "ly") && len(w) > 4:
		out = append(out, w[:len(w)-2])
	}
	return out
}

// findSource keeps the words of the source before its first comma, "of",
// parenthesis or relative pronoun: the part that says what the source is
// ("the 2009 paper", not "Richard Curtin, the chief economist for the
// Michigan Survey").
func (s *stmt) findSource() {
	v := s.v
	for _, r := range s.st.Source {
		for i := r.Start; i < r.End; i++ {
			w := v.word(i)
			if w == "," || w == "(" || w == "of" || w == "who" || w == "which" || w == "that" {
				return
			}
			s.sourceWords = append(s.sourceWords, i)
		}
	}
}

// frameTarget returns the target a cue's frame gives: the noun phrase
// after the cue for addressee, aimed and objectTo frames (the content
// itself when an aimed cue takes a noun phrase for content).
func (s *stmt) frameTarget(f target) []text.Range {
	if f == noTarget || s.cueEnd <= 0 {
		return nil
	}
	start := s.cueEnd
	if f == aimed && len(s.st.Content) == 1 && s.st.Content[0].Start == start && s.contentIsPhrase() {
		return s.st.Content
	}
	if w := s.v.word(start); f == addressee && (w == "to" || w == "with") {
		start++ // complained to the host, apologized to the passengers
	}
	if f == addressee && s.content.has(start) && s.entry.act != Demand {
		return nil // warns of port strike: the content, not an addressee
	}
	r, next := s.np(start)
	if r.Len() == 0 || s.source.has(r.Start) {
		// No phrase; or the source after its cue ("“...,” warned
		// Clinton"; a translation's "This statement ... condemned the
		// Russian foreign Ministry"), which the statement is not aimed at.
		return nil
	}
	if f == objectTo {
		if w := s.v.word(next); w != "to" && w != "from" && w != "that" {
			return nil
		}
	}
	return []text.Range{r}
}

// contentIsPhrase reports whether the content is short and opens like a
// noun phrase: no complementizer, no quotation mark, at most 15 tokens.
func (s *stmt) contentIsPhrase() bool {
	n := 0
	for _, r := range s.st.Content {
		n += r.Len()
	}
	if n == 0 || n > 15 || len(s.st.Content) > 1 {
		return false
	}
	first := s.st.Content[0].Start
	w := s.v.word(first)
	if !s.v.isWord(first) || targetStops[w] || targetStarts[w] {
		return false
	}
	for i := s.st.Content[0].Start; i < s.st.Content[0].End; i++ {
		if clauseMarkers[s.v.word(i)] {
			return false
		}
	}
	return true
}

// np returns the noun phrase starting at token i, ending before a
// preposition, complementizer, verb of the stop list, punctuation or the
// sentence end, at most 10 tokens; and the index of the token after it.
// "and" joins two capitalized names (Hillary And The Media).
func (s *stmt) np(i int) (text.Range, int) {
	v := s.v
	if i >= len(v.d.Tokens) || targetStarts[v.word(i)] {
		return text.Range{}, i
	}
	end := v.sentenceEnd(i)
	j := i
	for ; j < end && j-i < 10; j++ {
		w := v.word(j)
		k := v.d.Tokens[j].Kind
		if k != text.Word && k != text.Number {
			break
		}
		if s.cue.has(j) || j > i && s.content.has(j) && !s.content.has(i) {
			break
		}
		if targetStops[w] {
			if (w == "and" || w == "of") && j > i && v.capitalized(j+1) && v.capitalized(j-1) {
				continue
			}
			break
		}
	}
	return text.Range{Start: i, End: j}, j
}

// resolve finds the entity the target names: one with a mention inside
// the target, else one whose name, or the last word of whose name, is the
// target's last word.
func (s *stmt) resolve() {
	if len(s.label.Target) == 0 {
		return
	}
	for ei, e := range s.ents {
		for _, m := range e.Mentions {
			for _, t := range s.label.Target {
				if m.Start < t.End && t.Start < m.End {
					s.label.Entity = ei
					return
				}
			}
		}
	}
	t := s.label.Target[0]
	if !s.v.capitalized(t.End - 1) {
		return
	}
	last := s.v.word(t.End - 1)
	whole := strings.ToLower(s.v.d.Slice(t))
	for ei, e := range s.ents {
		name := strings.ToLower(e.Name)
		if name == whole || strings.HasSuffix(whole, " "+name) {
			s.label.Entity = ei
			return
		}
		if f := strings.Fields(name); len(f) > 0 && f[len(f)-1] == last {
			s.label.Entity = ei
			return
		}
	}
}
