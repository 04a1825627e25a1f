package text

import (
	"sort"
)

// quoteDir tells whether the quotation mark at token j opens (+1) or closes
// (-1) a quotation, or 0 when neither its glyph nor its surroundings say.
//
// The surroundings win over the glyph: machine-translated and hand-typed
// news often uses ” to open or “ to close, but a mark glued to the word
// after it and not to the word before it opens, whatever its shape.
func quoteDir(d *Doc, j int) int {
	f := d.Form(j)
	switch f {
	case "„", "‚", "«", "‹", "``", "`":
		return +1
	case "»", "›":
		return -1
	}
	t := d.Tokens[j]
	leftTight := j > 0 && t.Flags&SpaceBefore == 0 && !opener(d, j-1)
	rightTight := false
	if j+1 < len(d.Tokens) {
		n := d.Tokens[j+1]
		rightTight = n.Flags&SpaceBefore == 0 && (n.Kind == Word || n.Kind == Number || n.Kind == Symbol ||
			n.Kind == Quote || n.Kind == Punct && (d.Form(j+1) == "(" || d.Form(j+1) == "[" || d.Form(j+1) == "..." || d.Form(j+1) == "…"))
	}
	switch {
	case leftTight && !rightTight:
		return -1
	case !leftTight && rightTight:
		return +1
	}
	switch f {
	case "“", "‘", "‟", "‛", "〝":
		return +1
	case "”", "’", "〞":
		return -1
	}
	return 0
}

// opener reports whether token i is an opening bracket, dash or quote, after
// which a quotation mark opens even without a space.
func opener(d *Doc, i int) bool {
	t := d.Tokens[i]
	switch {
	case t.Kind == Dash:
		return true
	case t.Kind == Quote:
		f := d.Form(i)
		return f == "„" || f == "«" || f == "“" || f == "‘"
	}
	f := d.Form(i)
	return f == "(" || f == "[" || f == "{"
}

// opensQuote reports whether token j, a quotation mark, opens a quotation.
func opensQuote(d *Doc, j int) bool { return quoteDir(d, j) > 0 }

// singleMark reports whether a quotation mark is a single one (‘ ’ ‚ ‹ › ').
func singleMark(f string) bool {
	switch f {
	case "‘", "’", "‚", "‹", "›", "'", "‛", "`":
		return true
	}
	return false
}

// pairQuotes pairs the quotation marks of each paragraph into regions.
//
// Within a paragraph marks are matched with a stack, double marks with
// double and single with single. A closing mark with no opening one starts
// its region after the previous quotation of the paragraph or at the start
// of its sentence, whichever is later, and after the sentence's short
// introduction if it has one ("According to him, ...”"). An opening mark never closed runs to
// the end of the paragraph when the next paragraph opens a quotation too
// (the convention for a quotation over several paragraphs) or ends within
// three sentences; otherwise it runs to the end of its sentence. An unclosed
// single mark is taken for an apostrophe (’90s), and ASCII apostrophes are
// never paired: they are far more often apostrophes.
func pairQuotes(d *Doc) []QuoteRegion {
	var qs []QuoteRegion
	type open struct {
		tok    int
		single bool
	}
	var stack []open
	for pi, p := range d.Paragraphs {
		stack = stack[:0]
		lastEnd := p.Start
		for j := p.Start; j < p.End; j++ {
			if d.Tokens[j].Kind != Quote {
				continue
			}
			f := d.Form(j)
			if f == "'" {
				continue
			}
			single := singleMark(f)
			dir := quoteDir(d, j)
			// k: the innermost open mark of the same family, or -1.
			k := len(stack) - 1
			for k >= 0 && stack[k].single != single {
				k--
			}
			if dir == 0 {
				dir = +1
				if k >= 0 {
					dir = -1
				}
			}
			if single && dir < 0 && k < 0 {
				continue // an apostrophe: Jones’ book
			}
			if dir > 0 {
				if !single && k >= 0 && k == len(stack)-1 {
					// A double mark opening while one is open: the earlier
					// one's closing mark is missing. End it here.
					qs = append(qs, QuoteRegion{Open: stack[k].tok, Close: -1,
						Inner: Range{stack[k].tok + 1, j}, Depth: k})
					stack = stack[:k]
				}
				stack = append(stack, open{j, single})
				continue
			}
			if k < 0 {
				// A closing mark with no opening one.
				start := lastEnd
				if s := d.SentenceOf(j); s >= 0 && d.Sentences[s].Start > start {
					start = introEnd(d, d.Sentences[s].Start, j)
				}
				if start < j {
					qs = append(qs, QuoteRegion{Open: -1, Close: j, Inner: Range{start, j}, Depth: 0})
				}
				lastEnd = j + 1
				continue
			}
			// Marks opened inside this one and never closed end here.
			for m := len(stack) - 1; m > k; m-- {
				if stack[m].single {
					continue // an apostrophe (’90s), most likely
				}
				qs = append(qs, QuoteRegion{Open: stack[m].tok, Close: -1,
					Inner: Range{stack[m].tok + 1, j}, Depth: m})
			}
			qs = append(qs, QuoteRegion{Open: stack[k].tok, Close: j,
				Inner: Range{stack[k].tok + 1, j}, Depth: k})
			stack = stack[:k]
			if k == 0 {
				lastEnd = j + 1
			}
		}
		for m, o := range stack {
			if o.single {
				continue
			}
			end := unclosedEnd(d, pi, o.tok)
			qs = append(qs, QuoteRegion{Open: o.tok, Close: -1,
				Inner: Range{o.tok + 1, end}, Depth: m})
		}
	}
	sort.SliceStable(qs, func(a, b int) bool {
		if qs[a].Inner.Start != qs[b].Inner.Start {
			return qs[a].Inner.Start < qs[b].Inner.Start
		}
		return qs[a].Depth < qs[b].Depth
	})
	// Drop empty regions ("“”").
	out := qs[:0]
	for _, q := range qs {
		if q.Inner.Len() > 0 {
			out = append(out, q)
		}
	}
	return out
}

// maxIntro bounds the tokens of a sentence's introduction before the
// opening quotation mark an article left out.
const maxIntro = 6

// introEnd returns where the quotation closed at token j, whose opening
// mark is missing, starts in the sentence starting at s: after a short
// introduction ended by a comma or colon ("According to him, ...”",
// "He added: ...”"), or else at s, the sentence's start.
func introEnd(d *Doc, s, j int) int {
	for i := s; i < j && i-s <= maxIntro; i++ {
		if d.Tokens[i].Kind == Quote {
			break
		}
		if f := d.Form(i); (f == "," || f == ":") && i > s {
			if i+1 < j {
				return i + 1
			}
			break
		}
	}
	return s
}

// unclosedEnd returns where a quotation opened at token o of paragraph pi
// and never closed ends.
func unclosedEnd(d *Doc, pi, o int) int {
	p := d.Paragraphs[pi]
	if pi+1 < len(d.Paragraphs) {
		n := d.Paragraphs[pi+1].Start
		if d.Tokens[n].Kind == Quote && quoteDir(d, n) > 0 {
			return p.End
		}
	}
	s := d.SentenceOf(o)
	if s < 0 {
		return p.End
	}
	last := d.SentenceOf(p.End - 1)
	if last-s < 3 {
		return p.End
	}
	return d.Sentences[s].End
}
