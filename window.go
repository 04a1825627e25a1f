package whosaid

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/text"
	"github.com/whosaid/whosaid/typeact"
)

// WindowBytes is the size of the windows a long document is processed in.
// A text of at most WindowBytes bytes (eight times PolNeAR's longest
// article) is processed whole. A longer one is cut into windows of at most
// WindowBytes bytes, processed one after the other as if each were an
// article of its own, so that the memory Extract works in is that of one
// window whatever the document's length (see [Pipeline.Extract]).
const WindowBytes = 128 << 10

// windowEnd returns the length of the first window of s: all of s when it
// is at most max bytes long. Otherwise it returns the length of a prefix of
// at most max bytes that ends where, by order of preference:
//   - a paragraph starts that does not open with a quotation mark (such a
//     paragraph may continue the quotation of the one before, or be
//     credited to its speaker);
//   - any paragraph starts;
//   - a sentence starts outside quotation marks;
//   - any sentence starts (package text cuts a run of more than
//     text.MaxSentenceTokens tokens into sentences, so a single
//     100,000-word sentence is cut too);
//   - a token after a space starts;
//
// and failing all those (a single token longer than max bytes) at the last
// rune boundary before max. The result is positive when s is not empty.
func windowEnd(s string, max int) int {
	if len(s) <= max {
		return len(s)
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	if n == 0 {
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	d := text.New(s[:n])
	// A candidate is a token after a space: every token before it is
	// tokenized as in the whole text. Only the last tokens of the prefix,
	// cut off by its end, may differ.
	cut := func(t int) bool { return t > 0 && d.Tokens[t].Flags&text.SpaceBefore != 0 }
	at := func(t int) int { return int(d.Tokens[t].Byte.Start) }

	anyPara := -1
	for k := len(d.Paragraphs) - 1; k >= 1; k-- {
		t := d.Paragraphs[k].Start
		if !cut(t) {
			continue
		}
		if d.Tokens[t].Kind != text.Quote {
			return at(t)
		}
		if anyPara < 0 {
			anyPara = t
		}
	}
	if anyPara >= 0 {
		return at(anyPara)
	}

	quoted := make([]bool, len(d.Tokens))
	for _, q := range d.Quotes {
		for i := q.Inner.Start; i < q.Inner.End; i++ {
			quoted[i] = true
		}
	}
	anySent := -1
	for k := len(d.Sentences) - 1; k >= 1; k-- {
		t := d.Sentences[k].Start
		if !cut(t) {
			continue
		}
		if !quoted[t] {
			return at(t)
		}
		if anySent < 0 {
			anySent = t
		}
	}
	if anySent >= 0 {
		return at(anySent)
	}

	for t := len(d.Tokens) - 1; t >= 1; t-- {
		if cut(t) {
			return at(t)
		}
	}
	if len(d.Tokens) > 0 && d.Tokens[0].Byte.Start > 0 {
		return at(0) // white space, then one token too long for a window
	}
	return n
}

// assembly collects the output of the windows of one document, in
// document order: statement ids run on from window to window, offsets are
// shifted to the whole text, and a speaker of a later window with the same
// name as one of an earlier window is that same speaker.
type assembly struct {
	stmts    []output.Statement
	speakers []output.Speaker
	windows  int            // windows added
	byName   map[string]int // index in speakers of a name of an earlier window
	named    int            // speakers[:named] are in byName
}

// add converts the statements and entities of one window whose text starts
// cp code points into the document and appends them, with the statements'
// labels (type, act, negation, target) when there is one per statement. A
// window's entities are the token ranges and names speaker.Resolve found
// in the window alone.
func (a *assembly) add(doc *text.Doc, cp int, stmts []attrib.Statement, ents []speaker.Entity, of []int, labels []typeact.Label) {
	if a.windows == 0 {
		a.stmts = make([]output.Statement, 0, len(stmts))
		a.speakers = make([]output.Speaker, 0, len(ents))
	}
	a.windows++
	// The names of earlier windows; those of this window join later
	// windows, not this one: two entities speaker.Resolve kept apart stay
	// apart. (A document of one window needs no index.)
	if a.named < len(a.speakers) && a.byName == nil {
		a.byName = map[string]int{}
	}
	for ; a.named < len(a.speakers); a.named++ {
		if _, ok := a.byName[a.speakers[a.named].Name]; !ok {
			a.byName[a.speakers[a.named].Name] = a.named
		}
	}
	// global[i] is the index in a.speakers of the window's entity i; nil
	// when no entity joins an earlier one (the first window).
	var global []int
	if a.byName != nil {
		global = make([]int, len(ents))
	}
	first := len(a.speakers)
	for i, e := range ents {
		mentions := make([][2]int, 0, len(e.Mentions))
		for _, m := range e.Mentions {
			if m.Len() > 0 {
				mentions = append(mentions, [2]int{cp + int(doc.Tokens[m.Start].Start), cp + int(doc.Tokens[m.End-1].End)})
			}
		}
		if k, ok := a.byName[e.Name]; ok {
			s := &a.speakers[k]
			s.Mentions = append(s.Mentions, mentions...)
			for _, t := range e.Titles {
				if !slices.Contains(s.Titles, t) {
					s.Titles = append(s.Titles, t)
				}
			}
			if s.Gender == output.UnknownGender && e.Gender != 0 {
				s.Gender, s.GenderEvidence = e.Gender.String(), e.GenderEvidence
			}
			global[i] = k
			continue
		}
		// Clipped: a later window adding a title copies them first.
		titles := slices.Clip(e.Titles)
		if titles == nil {
			titles = []string{}
		}
		if global != nil {
			global[i] = len(a.speakers)
		}
		sp := output.Speaker{
			ID:       "e" + strconv.Itoa(len(a.speakers)+1),
			Name:     e.Name,
			Type:     e.Type.String(),
			Mentions: mentions,
			Titles:   titles,
			Unnamed:  e.Unnamed,
		}
		if e.Type == speaker.Person {
			sp.Gender, sp.GenderEvidence = e.Gender.String(), e.GenderEvidence
		}
		a.speakers = append(a.speakers, sp)
	}
	// entity returns the speaker of the window's entity e.
	entity := func(e int) *output.Speaker {
		if global != nil {
			return &a.speakers[global[e]]
		}
		return &a.speakers[first+e]
	}
	base := len(a.stmts)
	for i, st := range stmts {
		o := output.Statement{
			ID:      "s" + strconv.Itoa(base+i+1),
			Kind:    st.Kind.String(),
			Cue:     span(doc, cp, st.Cue),
			Source:  span(doc, cp, st.Source),
			Content: span(doc, cp, st.Content),
		}
		if i < len(of) && of[i] >= 0 && of[i] < len(ents) {
			s := entity(of[i])
			o.Speaker = &output.SpeakerRef{ID: s.ID, Name: s.Name}
		}
		if i < len(labels) {
			lb := labels[i]
			o.Type, o.Act, o.Negated = lb.Type.String(), lb.Act.String(), lb.Negated
			o.Quote = lb.Quote // issue 10: the quote flag
			o.Target = span(doc, cp, lb.Target)
			if o.Target != nil && lb.Entity >= 0 && lb.Entity < len(ents) {
				o.Target.Entity = entity(lb.Entity).ID
			}
		}
		if st.Parent >= 0 && st.Parent < len(stmts) && st.Parent != i {
			id := "s" + strconv.Itoa(base+st.Parent+1)
			o.Parent = &id
		}
		a.stmts = append(a.stmts, o)
	}
}

// span converts token ranges of a window starting cp code points into the
// document to an output span, or nil for none.
func span(doc *text.Doc, cp int, rs []text.Range) *output.Span {
	var s output.Span
	var parts []string
	for _, r := range rs {
		if r.Len() <= 0 || r.Start < 0 || r.End > len(doc.Tokens) {
			continue
		}
		s.Spans = append(s.Spans, [2]int{cp + int(doc.Tokens[r.Start].Start), cp + int(doc.Tokens[r.End-1].End)})
		parts = append(parts, doc.Slice(r))
	}
	if len(s.Spans) == 0 {
		return nil
	}
	s.Text = strings.Join(parts, " ")
	return &s
}
