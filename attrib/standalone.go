package attrib

import (
	"slices"

	"github.com/whosaid/whosaid/text"
)

// StandAlone gives each stand-alone quotation paragraph to the speaker of
// the quoted statement it follows. An article quoting a speaker at length
// names them once: "“We will win,” she said." and then, in the next
// paragraph, "“Nobody thought we could.”" with no cue of its own.
//
// A paragraph is stand-alone when it is one quotation of two words or more
// (nothing but punctuation outside it) and no statement holds any of its
// tokens. It continues statement i when the paragraph just before it ends
// in i (a role of i lies in its last sentence), i's content ends inside
// quotation marks (a direct statement, or a mixed one ending in a
// quotation: not "called for pay to be “clawed back” for executives"), and
// i's speaker is known (of[i] >= 0); a paragraph it took on may be
// continued in turn.
//
// The paragraph becomes one more content piece of statement i, the form
// PolNeAR's annotation gives it. A statement of its own, without cue or
// source, was measured too: on PolNeAR train it lowers full-exact F1 and
// cue agreement where this form raises token content F1 from 0.897 to
// 0.900 (see QUALITY.md). stmts are the document's statements in text
// order and of their speakers, as speaker.Resolve returns them; stmts are
// changed in place, of is only read. Ranges outside d are ignored.
func StandAlone(d *text.Doc, stmts []Statement, of []int) {
	if d == nil || len(stmts) == 0 || !quoteParagraph(d) {
		return
	}
	v := newView(d)
	used := make([]bool, len(d.Tokens))
	mark := func(rs []text.Range) {
		for _, r := range rs {
			for i := max(r.Start, 0); i < min(r.End, len(used)); i++ {
				used[i] = true
			}
		}
	}
	// last[p] is the statement whose content ends latest in paragraph p,
	// or -1.
	last := make([]int, len(d.Paragraphs))
	for i := range last {
		last[i] = -1
	}
	lastEnd := make([]int, len(d.Paragraphs))
	for i, st := range stmts {
		mark(st.Cue)
		mark(st.Content)
		mark(st.Source)
		if len(st.Content) == 0 {
			continue
		}
		end := st.Content[len(st.Content)-1].End
		if end <= 0 || end > len(d.Tokens) {
			continue
		}
		if p := d.ParagraphOf(end - 1); p >= 0 && end >= lastEnd[p] {
			last[p], lastEnd[p] = i, end
		}
	}
	x := &extraction{v: v, used: used}
	for p := 1; p < len(d.Paragraphs); p++ {
		prev := last[p-1]
		if prev < 0 || prev >= len(of) || of[prev] < 0 || stmts[prev].Kind == Indirect {
			continue
		}
		r, ok := x.standAlone(p)
		if !ok || !reachesEnd(d, stmts[prev], d.Paragraphs[p-1]) || !x.endsQuoted(stmts[prev]) {
			continue
		}
		mark([]text.Range{r})
		st := &stmts[prev]
		// Clipped: a content may share its array with another statement.
		st.Content = append(slices.Clip(st.Content), r)
		st.Kind = x.kindOf(st.Content)
		last[p], lastEnd[p] = prev, r.End
	}
}

// standAlone returns the quotation making up paragraph p, marks included,
// when p is a stand-alone quotation: it opens with a quotation mark, has
// only punctuation outside that quotation, no token already used and no
// cue word outside quotation marks.
func (x *extraction) standAlone(p int) (text.Range, bool) {
	v := x.v
	pr := v.d.Paragraphs[p]
	q := x.quoteOpeningAt(pr.Start)
	if q < 0 {
		return text.Range{}, false
	}
	r := x.region(q)
	for i := r.End; i < pr.End; i++ {
		if v.isWord(i) || v.kind(i) == text.Number {
			return text.Range{}, false
		}
	}
	r.End = min(r.End, pr.End)
	if wordsIn(v, r.Start, r.End) < 2 || !x.free(text.Range{Start: pr.Start, End: pr.End}) {
		return text.Range{}, false
	}
	return r, true
}

// reachesEnd reports whether a role of st holds a token of the last
// sentence of paragraph pr: the statement ends the paragraph, so that a
// quotation in the next paragraph carries it on.
func reachesEnd(d *text.Doc, st Statement, pr text.Range) bool {
	if pr.Len() <= 0 {
		return false
	}
	s := d.SentenceOf(pr.End - 1)
	if s < 0 {
		return false
	}
	lo := max(d.Sentences[s].Start, pr.Start)
	for _, rs := range [][]text.Range{st.Cue, st.Source, st.Content} {
		for _, r := range rs {
			if r.Start < pr.End && r.End > lo {
				return true
			}
		}
	}
	return false
}

// endsQuoted reports whether the last word of st's content lies inside
// quotation marks: a direct statement, or a mixed one ending in a
// quotation ("called it “a disgrace to all of us.”").
func (x *extraction) endsQuoted(st Statement) bool {
	for k := len(st.Content) - 1; k >= 0; k-- {
		r := st.Content[k]
		for i := min(r.End, x.v.n()) - 1; i >= max(r.Start, 0); i-- {
			if x.v.isWord(i) || x.v.kind(i) == text.Number {
				return x.v.quoted(i)
			}
		}
	}
	return false
}

// quoteParagraph reports whether a paragraph after the first opens with a
// quotation mark: only then can there be a stand-alone quotation, and the
// rules' view of the document is worth building.
func quoteParagraph(d *text.Doc) bool {
	for _, p := range d.Paragraphs[min(1, len(d.Paragraphs)):] {
		if p.Start < p.End && p.Start < len(d.Tokens) && d.Tokens[p.Start].Kind == text.Quote {
			return true
		}
	}
	return false
}
