package learned

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/text"
)

// Rule roles of a token with respect to the rule extractor's statements.
const (
	roleNone uint8 = iota
	roleCue
	roleSource
	roleContent
)

var roleNames = [...]string{"-", "C", "S", "N"}

// prep holds the per-document views that both taggers read: lower-cased
// forms, shapes, sentence and quotation of each token, and what the rule
// extractor says about it.
type prep struct {
	d     *text.Doc
	low   []string
	shape []string
	pos   []string // Penn tags, or nil without a tagger
	// lowH, shapeH, sufH and posH are the atoms (learn.AtomOf) of each
	// token's folded form, shape, last three bytes of the folded form
	// (when it is longer) and tag: hashed once here for all the
	// features that read them.
	lowH, shapeH, sufH, posH []uint64
	sent                     []int32
	quote                    []int32 // innermost quotation region holding the token, or -1
	// paraStart[i] tells whether token i starts a paragraph (after a
	// blank line).
	paraStart []bool
	// rules are the rule extractor's statements; ruleCue[i] is the
	// statement whose cue holds token i (-1 if none), role[i] the token's
	// strongest role in any rule statement, ruleStart[i] whether it starts
	// that role's range.
	// lex is the cue-lexicon bucket of each token (0 when not in it).
	lex       []uint8
	rules     []attrib.Statement
	ruleCue   []int32
	role      []uint8
	ruleStart []bool
	// frame, frameDist, subj and tagc are the frame features of each
	// token (see frame.go), or nil without them.
	frame, frameDist, subj, tagc []uint8
	// dprob holds the dense cue scorer's probabilities of B and I at
	// each token, or nil without one.
	dprob [][2]float32
	// rprob holds the contextual encoder's probabilities of B-SRC,
	// I-SRC, B-CON and I-CON at each token (its second head), or nil
	// without one.
	rprob [][4]float32
	// rctx says that the role features read rprob at the next token too
	// (the encoder's RoleContext).
	rctx bool
}

// fold maps typographic quotes and dashes to ASCII, so that features do not
// depend on the article's typography.
func fold(s string) string {
	switch s {
	case "“", "”", "„", "«", "»", "‟", "″", "''", "``":
		return "\""
	case "‘", "’", "‚", "‹", "›", "‛", "′":
		return "'"
	case "—", "–", "--", "―":
		return "-"
	}
	if strings.ContainsRune(s, '’') {
		s = strings.ReplaceAll(s, "’", "'")
	}
	return strings.ToLower(s)
}

// shapeOf gives a coarse shape: Xx, x, X, d, p, with a length cap.
func shapeOf(s string) string {
	var b [8]byte
	n := 0
	var last byte
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = 'p'
			if r < utf8.RuneSelf {
				c = byte(r)
			}
		}
		if c == last {
			continue
		}
		last = c
		if n < len(b) {
			b[n] = c
			n++
		}
	}
	return string(b[:n])
}

func newPrep(d *text.Doc, rules []attrib.Statement, xpos []string, lex map[string]uint8) *prep {
	n := len(d.Tokens)
	p := &prep{
		d:         d,
		pos:       xpos,
		low:       make([]string, n),
		lowH:      make([]uint64, n),
		shapeH:    make([]uint64, n),
		sufH:      make([]uint64, n),
		lex:       make([]uint8, n),
		shape:     make([]string, n),
		sent:      make([]int32, n),
		quote:     make([]int32, n),
		rules:     rules,
		ruleCue:   make([]int32, n),
		role:      make([]uint8, n),
		ruleStart: make([]bool, n),
		paraStart: make([]bool, n),
	}
	for _, r := range d.Paragraphs {
		if r.Start >= 0 && r.Start < n {
			p.paraStart[r.Start] = true
		}
	}
	for i := range n {
		f := d.Form(i)
		p.low[i] = fold(f)
		p.lex[i] = lex[p.low[i]]
		p.shape[i] = shapeOf(f)
		p.lowH[i] = learn.AtomOf(p.low[i])
		p.shapeH[i] = learn.AtomOf(p.shape[i])
		if w := p.low[i]; len(w) > 3 {
			p.sufH[i] = learn.AtomOf(w[len(w)-3:])
		}
		p.quote[i] = -1
		p.ruleCue[i] = -1
	}
	if xpos != nil {
		p.posH = make([]uint64, n)
		for i := range min(n, len(xpos)) {
			p.posH[i] = learn.AtomOf(xpos[i])
		}
	}
	for k, s := range d.Sentences {
		for i := max(s.Start, 0); i < min(s.End, n); i++ {
			p.sent[i] = int32(k)
		}
	}
	// Quotes are ordered by start; an inner one comes after its outer one,
	// so the last writer is the innermost.
	for k, q := range d.Quotes {
		for i := max(q.Inner.Start, 0); i < min(q.Inner.End, n); i++ {
			p.quote[i] = int32(k)
		}
	}
	set := func(rs []text.Range, role uint8, k int) {
		for _, r := range rs {
			for i := max(r.Start, 0); i < min(r.End, n); i++ {
				if role == roleContent && p.role[i] != roleNone {
					continue
				}
				if role == roleSource && p.role[i] == roleCue {
					continue
				}
				p.role[i] = role
				p.ruleStart[i] = i == r.Start
				if role == roleCue && p.ruleCue[i] < 0 {
					p.ruleCue[i] = int32(k)
				}
			}
		}
	}
	// Layout statements (transcript turns, bylines) are not features: the
	// extractor adds them after tagging, and the shipped model was trained
	// without them (retrained with them, it loses 0.003 statement F1).
	for k, st := range rules {
		if !st.Layout {
			set(st.Cue, roleCue, k)
		}
	}
	for k, st := range rules {
		if !st.Layout {
			set(st.Source, roleSource, k)
		}
	}
	for k, st := range rules {
		if !st.Layout {
			set(st.Content, roleContent, k)
		}
	}
	return p
}

// posAt returns the Penn tag of token i, or a boundary marker.
func (p *prep) posAt(i int) string {
	switch {
	case p.pos == nil:
		return ""
	case i < 0:
		return "<s>"
	case i >= len(p.pos):
		return "</s>"
	}
	return p.pos[i]
}

// posHAt returns the atom of posAt(i).
func (p *prep) posHAt(i int) uint64 {
	switch {
	case p.pos == nil:
		return 0
	case i < 0:
		return atomStart
	case i >= len(p.posH):
		return atomEnd
	}
	return p.posH[i]
}

// lowHAt returns the atom of lowAt(i).
func (p *prep) lowHAt(i int) uint64 {
	if i < 0 {
		return atomStart
	}
	if i >= len(p.lowH) {
		return atomEnd
	}
	return p.lowH[i]
}

// lexAt returns the cue-lexicon bucket of token i, or 0 outside the
// document.
func (p *prep) lexAt(i int) uint8 {
	if i < 0 || i >= len(p.lex) {
		return 0
	}
	return p.lex[i]
}

// kindAt returns token i's kind, or Symbol outside the document.
func (p *prep) kindAt(i int) text.Kind {
	if i < 0 || i >= len(p.low) {
		return text.Symbol
	}
	return p.d.Tokens[i].Kind
}
