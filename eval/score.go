package eval

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"
)

// PRF is a precision/recall/F1 figure with the counts it comes from.
// Matched is the number of gold items found (words for token scores, spans
// or statements otherwise); matching is one to one, so it is also the
// number of correct predicted items.
type PRF struct {
	P       float64 `json:"p"`
	R       float64 `json:"r"`
	F1      float64 `json:"f1"`
	Matched int     `json:"matched"`
	Gold    int     `json:"gold"`
	Pred    int     `json:"pred"`
}

func newPRF(matched, gold, pred int) PRF {
	f := PRF{Matched: matched, Gold: gold, Pred: pred}
	if pred > 0 {
		f.P = float64(matched) / float64(pred)
	}
	if gold > 0 {
		f.R = float64(matched) / float64(gold)
	}
	if f.P+f.R > 0 {
		f.F1 = 2 * f.P * f.R / (f.P + f.R)
	}
	return f
}

// Roles holds one figure per role.
type Roles struct {
	Source  PRF `json:"source"`
	Cue     PRF `json:"cue"`
	Content PRF `json:"content"`
}

// Rate is a share of matched statement pairs.
type Rate struct {
	Rate  float64 `json:"rate"`
	Agree int     `json:"agree"`
	Pairs int     `json:"pairs"`
}

func newRate(agree, pairs int) Rate {
	r := Rate{Agree: agree, Pairs: pairs}
	if pairs > 0 {
		r.Rate = float64(agree) / float64(pairs)
	}
	return r
}

// Scores are the figures of the data README ("Prediction format and
// scoring"), micro-averaged over the articles they cover.
type Scores struct {
	// Token compares, per role, the set of words in any gold span of the
	// role with the same set from the predictions.
	Token Roles `json:"token"`
	// ExactSpan pairs spans of a role (as sets of words) one to one; a
	// predicted span counts when it equals an unpaired gold span.
	ExactSpan Roles `json:"exact_span"`
	// Statement pairs statements with content words greedily by decreasing
	// content overlap; a pair counts when it shares at least half of the
	// gold content's words.
	Statement PRF `json:"statement_partial"`
	// StatementExact counts the pairs whose content words are equal.
	StatementExact PRF `json:"statement_exact"`
	// FullExact counts the pairs whose content, source and cue words are
	// all equal (an absent role equals an absent role).
	FullExact PRF `json:"full_exact"`
	// SourceAgreement and CueAgreement are the shares of counted pairs
	// whose source (cue) shares a word with the gold's, or is absent in
	// both.
	SourceAgreement Rate `json:"source_agreement"`
	CueAgreement    Rate `json:"cue_agreement"`
}

// ArticleScores are the scores of one article.
type ArticleScores struct {
	Doc string `json:"doc"`
	Scores
}

// Report is the result of scoring predictions against a gold corpus.
type Report struct {
	// Documents is the number of gold articles scored; Predicted how many
	// of them had an entry in the predictions.
	Documents int `json:"documents"`
	Predicted int `json:"predicted"`
	// Unknown lists predicted documents that are not in the gold corpus
	// (they are not scored), sorted.
	Unknown []string `json:"unknown,omitempty"`
	// Pairs is the number of ordered annotator pairs pooled by Agreement
	// (zero for Score).
	Pairs int `json:"pairs,omitempty"`
	Scores
	// Articles holds the scores of each article, in corpus order.
	Articles []ArticleScores `json:"articles,omitempty"`
}

// counts are the raw numbers behind Scores; they add up across articles.
type counts struct {
	tok, span                        [3]struct{ tp, gold, pred int }
	stGold, stPred                   int
	partial, exact, full             int
	srcAgree, cueAgree, matchedPairs int
}

func (c *counts) add(o *counts) {
	for r := range 3 {
		c.tok[r].tp += o.tok[r].tp
		c.tok[r].gold += o.tok[r].gold
		c.tok[r].pred += o.tok[r].pred
		c.span[r].tp += o.span[r].tp
		c.span[r].gold += o.span[r].gold
		c.span[r].pred += o.span[r].pred
	}
	c.stGold += o.stGold
	c.stPred += o.stPred
	c.partial += o.partial
	c.exact += o.exact
	c.full += o.full
	c.srcAgree += o.srcAgree
	c.cueAgree += o.cueAgree
	c.matchedPairs += o.matchedPairs
}

func (c *counts) scores() Scores {
	roles := func(x [3]struct{ tp, gold, pred int }) Roles {
		return Roles{
			Source:  newPRF(x[source].tp, x[source].gold, x[source].pred),
			Cue:     newPRF(x[cue].tp, x[cue].gold, x[cue].pred),
			Content: newPRF(x[content].tp, x[content].gold, x[content].pred),
		}
	}
	return Scores{
		Token:           roles(c.tok),
		ExactSpan:       roles(c.span),
		Statement:       newPRF(c.partial, c.stGold, c.stPred),
		StatementExact:  newPRF(c.exact, c.stGold, c.stPred),
		FullExact:       newPRF(c.full, c.stGold, c.stPred),
		SourceAgreement: newRate(c.srcAgree, c.matchedPairs),
		CueAgreement:    newRate(c.cueAgree, c.matchedPairs),
	}
}

// Role indices.
const (
	source = iota
	cue
	content
)

// sets is a statement as word sets, indexed by role.
type sets [3]wordSet

func toSets(words []word, st []Statement) []sets {
	out := make([]sets, len(st))
	for i, s := range st {
		out[i] = sets{cover(words, s.Source), cover(words, s.Cue), cover(words, s.Content)}
	}
	return out
}

// Score scores predictions (statements keyed by article name) against the
// gold corpus. Every gold article is scored; one missing from pred predicts
// nothing. Predicted articles missing from gold are listed in
// Report.Unknown and otherwise ignored.
func Score(gold *Corpus, pred map[string][]Statement) *Report {
	rep := &Report{Documents: len(gold.Docs)}
	var total counts
	for _, d := range gold.Docs {
		p, ok := pred[d.Name]
		if ok {
			rep.Predicted++
		}
		words := d.wordList()
		c := scoreDoc(words, d.Gold, p)
		total.add(&c)
		rep.Articles = append(rep.Articles, ArticleScores{Doc: d.Name, Scores: c.scores()})
	}
	for name := range pred {
		if gold.Doc(name) == nil {
			rep.Unknown = append(rep.Unknown, name)
		}
	}
	slices.Sort(rep.Unknown)
	rep.Scores = total.scores()
	return rep
}

// scoreDoc counts one article.
func scoreDoc(words []word, goldSt, predSt []Statement) counts {
	var c counts
	g := toSets(words, goldSt)
	p := toSets(words, predSt)

	// Token scores: the words of each role, over all statements.
	gb, pb := newBitset(len(words)), newBitset(len(words))
	for r := range 3 {
		clear(gb)
		clear(pb)
		for _, s := range g {
			gb.add(s[r])
		}
		for _, s := range p {
			pb.add(s[r])
		}
		c.tok[r].tp, c.tok[r].gold, c.tok[r].pred = gb.and(pb), gb.count(), pb.count()
	}

	// Exact spans: a multiset of word sets per role, paired one to one.
	for r := range 3 {
		pool := map[string]int{}
		for _, s := range g {
			if len(s[r]) > 0 {
				pool[key(s[r])]++
				c.span[r].gold++
			}
		}
		for _, s := range p {
			if len(s[r]) == 0 {
				continue
			}
			c.span[r].pred++
			if k := key(s[r]); pool[k] > 0 {
				pool[k]--
				c.span[r].tp++
			}
		}
	}

	// Statements: those with content words, paired greedily by overlap.
	for _, s := range g {
		if len(s[content]) > 0 {
			c.stGold++
		}
	}
	for _, s := range p {
		if len(s[content]) > 0 {
			c.stPred++
		}
	}
	for _, x := range pairSets(g, p) {
		gs, ps := g[x[0]], p[x[1]]
		c.partial++
		c.matchedPairs++
		if equal(gs[content], ps[content]) {
			c.exact++
			if equal(gs[source], ps[source]) && equal(gs[cue], ps[cue]) {
				c.full++
			}
		}
		if agree(gs[source], ps[source]) {
			c.srcAgree++
		}
		if agree(gs[cue], ps[cue]) {
			c.cueAgree++
		}
	}
	return c
}

// pairSets pairs gold and predicted statements that have content words one
// to one, greedily by decreasing content overlap (ties in gold, then
// prediction order), and returns the [gold, pred] index pairs that count:
// those sharing at least half of the gold content's words.
func pairSets(g, p []sets) [][2]int {
	type pair struct{ gi, pi, overlap int }
	var cand []pair
	for i, gs := range g {
		if len(gs[content]) == 0 {
			continue
		}
		for j, ps := range p {
			if len(ps[content]) == 0 {
				continue
			}
			if o := intersect(gs[content], ps[content]); o > 0 {
				cand = append(cand, pair{i, j, o})
			}
		}
	}
	slices.SortStableFunc(cand, func(a, b pair) int { return cmp.Compare(b.overlap, a.overlap) })
	gUsed := make([]bool, len(g))
	pUsed := make([]bool, len(p))
	var out [][2]int
	for _, x := range cand {
		if gUsed[x.gi] || pUsed[x.pi] {
			continue
		}
		gUsed[x.gi], pUsed[x.pi] = true, true
		if 2*x.overlap >= len(g[x.gi][content]) {
			out = append(out, [2]int{x.gi, x.pi})
		}
	}
	return out
}

func equal(a, b wordSet) bool { return slices.Equal(a, b) }

// agree reports whether two role sets share a word or are both empty.
func agree(a, b wordSet) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return intersect(a, b) > 0
}

// key encodes a word set as a map key.
func key(s wordSet) string {
	b := make([]byte, 0, 4*len(s))
	for _, x := range s {
		b = binary.LittleEndian.AppendUint32(b, uint32(x))
	}
	return string(b)
}

// WriteTable writes the report as an aligned table: one row per measure,
// with P, R, F1 and the counts behind them, then the agreement rates.
func (r *Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d documents, %d with predictions", r.Documents, r.Predicted)
	if r.Pairs > 0 {
		fmt.Fprintf(&b, ", %d ordered annotator pairs pooled", r.Pairs)
	}
	if len(r.Unknown) > 0 {
		fmt.Fprintf(&b, ", %d predicted documents not in the gold (ignored)", len(r.Unknown))
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "%-22s %6s %6s %6s %8s %8s %8s\n", "measure", "P", "R", "F1", "matched", "gold", "pred")
	row := func(name string, f PRF) {
		fmt.Fprintf(&b, "%-22s %6.3f %6.3f %6.3f %8d %8d %8d\n", name, f.P, f.R, f.F1, f.Matched, f.Gold, f.Pred)
	}
	row("token source", r.Token.Source)
	row("token cue", r.Token.Cue)
	row("token content", r.Token.Content)
	row("exact span source", r.ExactSpan.Source)
	row("exact span cue", r.ExactSpan.Cue)
	row("exact span content", r.ExactSpan.Content)
	row("statement partial", r.Statement)
	row("statement exact", r.StatementExact)
	row("statement full-exact", r.FullExact)
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-22s %6s %22s\n", "on matched pairs", "rate", "agree / pairs")
	rate := func(name string, x Rate) {
		fmt.Fprintf(&b, "%-22s %6.3f %13d / %6d\n", name, x.Rate, x.Agree, x.Pairs)
	}
	rate("source agreement", r.SourceAgreement)
	rate("cue agreement", r.CueAgreement)
	_, err := io.WriteString(w, b.String())
	return err
}
