package learned

import (
	"sort"
	"strconv"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/text"
)

// featureVersion names the feature templates; it goes into the models'
// fingerprint so that a model trained with other templates is refused.
const featureVersion = "attrib/learned v4 atoms"

// Cue labels and role labels.
var (
	cueLabels  = []string{"O", "B", "I"}
	roleLabels = []string{"O", "B-SRC", "I-SRC", "B-CON", "I-CON"}
)

const (
	lO = iota
	lB
	lI
)

const (
	rO = iota
	rBS
	rIS
	rBC
	rIC
)

// fb accumulates the feature ids of one example.
type fb struct {
	h     learn.Hasher
	feats []uint64
}

func (f *fb) reset()                  { f.feats = f.feats[:0] }
func (f *fb) start(t uint32)          { f.h.Reset(t) }
func (f *fb) i(n int) *fb             { f.h.Int(n); return f }
func (f *fb) done()                   { f.feats = append(f.feats, f.h.Sum()) }
func (f *fb) a(h uint64) *fb          { f.h.Atom(h); return f }
func (f *fb) add1(t uint32, h uint64) { f.start(t); f.a(h); f.done() }

// Atoms of the strings that features share (see learn.AtomOf): the words,
// shapes and tags of a document are hashed once, in newPrep.
var (
	atomBias     = learn.AtomOf("bias")
	atomStart    = learn.AtomOf("<s>")
	atomEnd      = learn.AtomOf("</s>")
	atomL        = learn.AtomOf("L")
	atomR        = learn.AtomOf("R")
	atomC        = learn.AtomOf("C")
	atomStartRng = learn.AtomOf("b")
	atomInRng    = learn.AtomOf("i")
	roleAtoms    = func() (a [len(roleNames)]uint64) {
		for k, n := range roleNames {
			a[k] = learn.AtomOf(n)
		}
		return a
	}()
)

// bucket compresses a distance: 0..4 exactly, then powers of two.
func bucket(n int) int {
	neg := n < 0
	if neg {
		n = -n
	}
	b := n
	switch {
	case n > 64:
		b = 9
	case n > 32:
		b = 8
	case n > 16:
		b = 7
	case n > 8:
		b = 6
	case n > 4:
		b = 5
	}
	if neg {
		return -b
	}
	return b
}

// counts holds prefix counts over a document for constant-time "how many
// between" questions.
type counts struct {
	comma, quote, colon, sentEnd []int32
}

func newCounts(p *prep) *counts {
	n := len(p.low)
	c := &counts{
		comma: make([]int32, n+1), quote: make([]int32, n+1),
		colon: make([]int32, n+1), sentEnd: make([]int32, n+1),
	}
	for i := range n {
		c.comma[i+1] = c.comma[i]
		c.quote[i+1] = c.quote[i]
		c.colon[i+1] = c.colon[i]
		c.sentEnd[i+1] = c.sentEnd[i]
		switch l := p.low[i]; {
		case l == ",":
			c.comma[i+1]++
		case p.d.Tokens[i].Kind == text.Quote:
			c.quote[i+1]++
		case l == ":" || l == "-":
			c.colon[i+1]++
		case l == "." || l == "?" || l == "!":
			c.sentEnd[i+1]++
		}
	}
	return c
}

func between(pre []int32, a, b int) int {
	if a > b {
		a, b = b, a
	}
	return int(pre[b] - pre[a])
}

// cueFeatures fills f with the features of token i for the cue tagger;
// prev is the label of token i-1.
func (x *Extractor) cueFeatures(f *fb, p *prep, i, prev int) {
	f.reset()
	w := p.low[i]
	wh := p.lowH[i]
	f.add1(1, atomBias)
	f.add1(2, wh)
	f.add1(3, p.lowHAt(i-1))
	f.add1(4, p.lowHAt(i+1))
	f.add1(5, p.lowHAt(i-2))
	f.add1(6, p.lowHAt(i+2))
	f.start(7)
	f.a(p.lowHAt(i - 1)).a(wh).done()
	f.start(8)
	f.a(wh).a(p.lowHAt(i + 1)).done()
	f.add1(9, p.shapeH[i])
	if len(w) > 3 {
		f.add1(10, p.sufH[i])
	}
	role := roleAtoms[p.role[i]]
	st := atomInRng
	if p.ruleStart[i] {
		st = atomStartRng
	}
	f.start(11)
	f.a(role).a(st).done()
	f.start(12)
	f.a(role).a(wh).done()
	rp, rn := atomStart, atomEnd
	if i > 0 {
		rp = roleAtoms[p.role[i-1]]
	}
	if i+1 < len(p.low) {
		rn = roleAtoms[p.role[i+1]]
	}
	f.start(13)
	f.a(rp).a(role).a(rn).done()
	lex := p.lexAt(i)
	f.start(14)
	f.i(int(lex)).done()
	f.start(15)
	f.i(int(lex)).a(role).done()
	q := p.quote[i] >= 0
	f.start(16)
	f.i(b2i(q)).i(int(p.kindAt(i - 1))).i(int(p.kindAt(i + 1))).done()
	f.start(17)
	f.i(prev).done()
	f.start(18)
	f.i(prev).a(wh).done()
	s := p.d.Sentences[p.sent[i]]
	f.start(19)
	f.i(bucket(i - s.Start)).i(bucket(s.End - 1 - i)).done()
	f.start(20)
	f.i(int(lex)).i(b2i(q)).a(rp).done()
	f.start(21)
	f.a(p.lowHAt(i - 1)).i(int(lex)).done()
	f.start(22)
	f.i(int(p.lexAt(i - 1))).i(int(lex)).i(prev).done()
	f.start(23)
	f.i(int(p.lexAt(i + 1))).i(int(lex)).done()
	f.start(24)
	f.a(p.shapeH[i]).a(p.lowHAt(i + 1)).a(role).done()
	if p.pos != nil {
		t := p.posH[i]
		f.start(25)
		f.a(t).done()
		f.start(26)
		f.a(p.posHAt(i - 1)).a(t).done()
		f.start(27)
		f.a(t).a(p.posHAt(i + 1)).done()
		f.start(28)
		f.a(t).i(int(lex)).a(role).done()
		f.start(29)
		f.a(t).a(p.lowHAt(i + 1)).done()
		f.start(30)
		f.a(p.posHAt(i - 1)).a(t).a(p.posHAt(i + 1)).i(prev).done()
		if len(w) > 3 {
			f.start(31)
			f.a(t).a(p.sufH[i]).done()
		}
	}
	if p.dprob != nil {
		denseCueFeatures(f, p, i, prev, lex, role)
	}
	if x.frame {
		frameCueFeatures(f, p, i, prev, lex)
	}
}

// roleCtx is what the role tagger knows about one cue.
type roleCtx struct {
	cs, ce   int    // cue tokens
	ws, we   int    // window
	cueWord  uint64 // atom of the folded cue words, joined
	ruleSt   int    // rule statement with this cue, or -1
	ruleRole []uint8
	cueQuote int32
	cueSent  int32
	cueLex   int
}

func (x *Extractor) newRoleCtx(p *prep, cs, ce int, buf []uint8) *roleCtx {
	n := len(p.low)
	c := &roleCtx{cs: cs, ce: ce, ruleSt: -1, cueQuote: p.quote[cs], cueSent: p.sent[cs]}
	w := p.low[cs]
	for i := cs + 1; i < ce && i < cs+4; i++ {
		w += " " + p.low[i]
	}
	c.cueWord = learn.AtomOf(w)
	for i := cs; i < ce; i++ {
		c.cueLex = max(c.cueLex, int(p.lexAt(i)))
	}
	c.ws, c.we = window(p, cs, ce)
	for i := cs; i < ce; i++ {
		if p.ruleCue[i] >= 0 {
			c.ruleSt = int(p.ruleCue[i])
			break
		}
	}
	if cap(buf) < c.we-c.ws {
		buf = make([]uint8, c.we-c.ws)
	}
	c.ruleRole = buf[:c.we-c.ws]
	clear(c.ruleRole)
	if c.ruleSt >= 0 {
		st := p.rules[c.ruleSt]
		for _, set := range []struct {
			rs []text.Range
			r  uint8
		}{{st.Content, roleContent}, {st.Source, roleSource}} {
			for _, r := range set.rs {
				for i := max(r.Start, c.ws); i < min(r.End, c.we, n); i++ {
					v := set.r * 2
					if i == r.Start {
						v++
					}
					c.ruleRole[i-c.ws] = v
				}
			}
		}
	}
	return c
}

// Bounds on the tokens the role tagger looks at before and after a cue.
const (
	maxBefore = 200
	maxAfter  = 300
	// quoteLookback is how far before the window a quotation may start
	// and still widen it.
	quoteLookback = 2000
)

// window returns the tokens around a cue that may hold its source and
// content: its sentence and the next one, widened to whole quotations
// that reach into them. The sentence before is left out: it holds under 2%
// of the gold sources and contents but cost 30% of the role tagger's work.
func window(p *prep, cs, ce int) (int, int) {
	d := p.d
	k := int(p.sent[cs])
	ws := d.Sentences[k].Start
	we := d.Sentences[min(int(p.sent[max(ce-1, cs)])+1, len(d.Sentences)-1)].End
	// Quotes starting after the last token the window may reach cannot
	// change it, nor can (in practice) those starting far before: both
	// bounds keep the work per cue constant on a huge text.
	hi := ce + maxAfter
	lo := sort.Search(len(d.Quotes), func(j int) bool { return d.Quotes[j].Inner.Start >= cs-maxBefore-quoteLookback })
	for _, q := range d.Quotes[lo:] {
		if q.Inner.Start >= we || q.Inner.Start >= hi {
			break
		}
		if q.Inner.End > ws {
			if q.Open >= 0 {
				ws = min(ws, q.Open)
			} else {
				ws = min(ws, q.Inner.Start)
			}
			we = max(we, q.Inner.End+b2i(q.Close >= 0))
		}
	}
	// "He said:" and a colon cue introduce a block that may run over
	// the next paragraph.
	for i := ce; i < min(ce+3, len(p.low)); i++ {
		if p.low[i] == ":" {
			if pi := d.ParagraphOf(min(we, len(p.low)-1)); pi >= 0 {
				we = max(we, d.Paragraphs[pi].End)
			}
			break
		}
	}
	ws = max(ws, cs-maxBefore, 0)
	we = min(we, ce+maxAfter, len(p.low))
	return ws, we
}

// roleFeatures fills f with the features of token i for the role tagger
// of cue c; prev is the label of token i-1 (rO at the window start).
func (x *Extractor) roleFeatures(f *fb, p *prep, cn *counts, cueTok []bool, cuePre []int32, c *roleCtx, i, prev int) {
	f.reset()
	w := p.lowH[i]
	var rel int
	var dir uint64
	switch {
	case i < c.cs:
		rel, dir = i-c.cs, atomL
	case i >= c.ce:
		rel, dir = i-c.ce+1, atomR
	default:
		dir = atomC
	}
	rb := bucket(rel)
	rr := c.ruleRole[i-c.ws]
	f.add1(1, atomBias)
	f.start(2)
	f.i(rb).done()
	f.start(3)
	f.a(dir).a(w).done()
	f.start(4)
	f.a(dir).a(p.lowHAt(i - 1)).done()
	f.start(5)
	f.a(dir).a(p.lowHAt(i + 1)).done()
	f.start(6)
	f.a(dir).a(p.shapeH[i]).done()
	f.start(7)
	f.i(int(rr)).done()
	f.start(8)
	f.i(int(rr)).i(prev).done()
	f.start(9)
	f.i(int(rr)).a(dir).i(b2i(c.ruleSt >= 0)).done()
	f.start(10)
	f.a(dir).i(prev).done()
	f.start(11)
	f.a(dir).i(prev).a(w).done()
	f.start(12)
	f.a(c.cueWord).a(dir).done()
	f.start(13)
	f.a(c.cueWord).a(dir).i(prev).done()
	inQ := p.quote[i]
	sameQ := inQ >= 0 && inQ == c.cueQuote
	f.start(14)
	f.a(dir).i(b2i(inQ >= 0)).i(b2i(sameQ)).i(b2i(c.cueQuote >= 0)).i(prev).done()
	sameS := p.sent[i] == c.cueSent
	f.start(15)
	f.a(dir).i(b2i(sameS)).i(prev).done()
	a, b := i, c.cs
	if i >= c.ce {
		a, b = c.ce, i
	}
	nc, nq, ncol, nse := between(cn.comma, a, b), between(cn.quote, a, b), between(cn.colon, a, b), between(cn.sentEnd, a, b)
	f.start(16)
	f.a(dir).i(min(nc, 3)).i(min(nq, 3)).i(min(ncol, 2)).i(min(nse, 2)).done()
	f.start(17)
	f.a(dir).i(min(nq, 3)).i(b2i(inQ >= 0)).i(prev).done()
	f.start(18)
	f.a(dir).i(min(nse, 2)).i(b2i(inQ >= 0)).i(prev).done()
	other := cueTok[i] && (i < c.cs || i >= c.ce)
	f.start(19)
	f.a(dir).i(b2i(other)).i(prev).done()
	// Another cue between this token and the cue.
	oc := 0
	if i < c.cs {
		oc = between(cuePre, i+1, c.cs)
	} else if i >= c.ce {
		oc = between(cuePre, c.ce, i)
	}
	f.start(20)
	f.a(dir).i(min(oc, 2)).i(prev).done()
	f.start(21)
	f.a(dir).i(rb).i(prev).done()
	f.start(22)
	f.a(dir).a(roleAtoms[p.role[i]]).i(prev).done()
	f.start(23)
	f.a(dir).a(p.shapeH[i]).i(prev).a(p.lowHAt(i - 1)).done()
	f.start(24)
	f.a(dir).i(int(rr)).a(w).done()
	f.start(25)
	f.a(c.cueWord).a(dir).i(rb).done()
	f.start(26)
	f.i(c.cueLex).a(dir).i(int(rr)).i(prev).done()
	f.start(27)
	f.a(dir).i(int(p.kindAt(i))).i(b2i(inQ >= 0)).i(prev).done()
	f.start(28)
	f.a(dir).a(p.lowHAt(i - 1)).a(w).done()
	// Lookahead: where the sentence, clause or quotation ends.
	se := p.d.Sentences[p.sent[i]].End
	f.start(29)
	f.a(dir).i(bucket(se - 1 - i)).i(prev).done()
	f.start(30)
	f.a(dir).a(p.lowHAt(i + 1)).a(p.lowHAt(i + 2)).i(prev).done()
	f.start(31)
	f.a(dir).i(int(p.kindAt(i + 1))).i(b2i(i+1 < len(p.low) && cueTok[i+1])).i(b2i(sameS)).i(prev).done()
	f.start(32)
	f.a(dir).a(roleAtoms[p.role[i]]).i(int(rr)).a(w).done()
	if p.pos != nil {
		t := p.posH[i]
		f.start(33)
		f.a(dir).a(t).i(prev).done()
		f.start(34)
		f.a(dir).a(t).a(p.posHAt(i + 1)).i(prev).done()
		f.start(35)
		f.a(dir).a(p.posHAt(i - 1)).a(t).i(b2i(sameS)).done()
		f.start(36)
		f.a(dir).a(t).i(rb).i(int(rr)).done()
	}
	if p.rprob != nil {
		encRoleFeatures(f, p, i, prev, dir, rr, sameS)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// templateNames lists the templates for the fingerprint.
func templateNames() []string {
	names := make([]string, 0, 60)
	for i := 1; i <= 31; i++ {
		names = append(names, "cue"+strconv.Itoa(i))
	}
	for i := 1; i <= 36; i++ {
		names = append(names, "role"+strconv.Itoa(i))
	}
	return names
}

// fingerprint returns the fingerprint of the perceptrons' templates: with
// a dense cue scorer or a contextual encoder, its stacked templates and
// input layout count too, and
// so do the frame templates when frame is set.
func fingerprint(d *denseScorer, e *encScorer, frame bool) uint64 {
	parts := append([]string{featureVersion}, templateNames()...)
	if d != nil {
		parts = append(append(parts, denseTemplateNames...), d.l.fingerprintName)
	}
	if e != nil {
		parts = append(append(parts, denseTemplateNames...), e.l.fpName)
		if e.l.flags&encMulti != 0 {
			parts = append(parts, encRoleTemplateNames...)
		}
	}
	if frame {
		parts = append(parts, frameTemplateNames...)
	}
	return learn.Fingerprint(parts...)
}
