package eval

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/output"
)

// Source kinds, as ClassifySource tells them apart.
const (
	SourceName        = "name"        // a proper name: "Samantha Power", "the State Department"
	SourcePronoun     = "pronoun"     // "he", "they", "who"
	SourceDescription = "description" // "the US diplomat", "officials"
)

// SpeakerCounts are the speaker figures of one kind of gold source, over
// matched statement pairs.
type SpeakerCounts struct {
	// Pairs is the number of matched pairs whose gold source is of this
	// kind; InChain how many of those gold sources lie in a CoreNLP
	// coreference chain (overlap a mention of one); ChainHasName how many
	// of those chains hold a name mention.
	Pairs        int `json:"pairs"`
	InChain      int `json:"in_chain"`
	ChainHasName int `json:"chain_has_name"`
	// Named counts the pairs, among InChain, whose predicted speaker has a
	// name with a capitalized word (not "he", not absent).
	Named int `json:"named"`
	// Whosaid counts the pairs, among InChain, whose predicted speaker
	// name is a name of the chain; CoreNLP those whose chain's
	// representative mention is a name (CoreNLP's own choice of the name
	// to give); Both those where both hold.
	Whosaid int `json:"whosaid"`
	CoreNLP int `json:"corenlp"`
	Both    int `json:"both"`
}

func (c *SpeakerCounts) add(o SpeakerCounts) {
	c.Pairs += o.Pairs
	c.InChain += o.InChain
	c.ChainHasName += o.ChainHasName
	c.Named += o.Named
	c.Whosaid += o.Whosaid
	c.CoreNLP += o.CoreNLP
	c.Both += o.Both
}

// WhosaidRate is Whosaid / InChain (0 when InChain is 0).
func (c SpeakerCounts) WhosaidRate() float64 { return ratio(c.Whosaid, c.InChain) }

// WhosaidNameRate is Whosaid / ChainHasName: the share right among the
// pairs where the chain gives a name to find (0 when there are none).
func (c SpeakerCounts) WhosaidNameRate() float64 { return ratio(c.Whosaid, c.ChainHasName) }

// CoreNLPRate is CoreNLP / InChain (0 when InChain is 0).
func (c SpeakerCounts) CoreNLPRate() float64 { return ratio(c.CoreNLP, c.InChain) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// SpeakerReport measures speaker resolution on the matched statement pairs
// of a corpus (the pairs Score counts for statement partial), against
// CoreNLP's coreference chains.
type SpeakerReport struct {
	// Matched is the number of matched pairs; NoSource those whose gold
	// statement has no source; Names those whose gold source is a name
	// (not measured: the speaker is then written in the source itself).
	Matched  int `json:"matched"`
	NoSource int `json:"no_source"`
	Names    int `json:"names"`
	// Unanalysed counts matched pairs of articles CoreNLP has no analysis
	// for (not measured).
	Unanalysed int `json:"unanalysed"`
	// Pronoun and Description are the figures per kind of gold source;
	// All adds them up.
	Pronoun     SpeakerCounts `json:"pronoun"`
	Description SpeakerCounts `json:"description"`
	All         SpeakerCounts `json:"all"`
}

// ScoreSpeakers measures how often whosaid names the right speaker where
// the gold source is a pronoun or a description, taking CoreNLP's
// coreference chains as the reference.
//
// The statement pairs are those of Score: statements with content words,
// paired one to one greedily by decreasing content overlap, a pair
// counting when it shares at least half of the gold content's words. For
// each pair whose gold source is not a name, the gold source's chain is
// the chain of the CoreNLP mention overlapping it most (the shortest on a
// tie). Whosaid is right when a capitalized word of the predicted
// speaker's name (case and a final "'s" folded) is a name token of a
// mention of that chain: "Power" for a chain holding "Samantha Power".
// CoreNLP is right when the chain's representative mention is a name. A
// name token is a capitalized token tagged PERSON or ORGANIZATION by
// CoreNLP's NER.
//
// docs are whosaid's results, matched to gold articles by DocName(d.Doc).
func ScoreSpeakers(gold *Corpus, docs []output.Document, nlp *CoreNLP) *SpeakerReport {
	rep := &SpeakerReport{}
	byName := map[string]output.Document{}
	for _, d := range docs {
		byName[DocName(d.Doc)] = d
	}
	for _, g := range gold.Docs {
		d, ok := byName[g.Name]
		if !ok {
			continue
		}
		pred := FromOutput(d)
		pairs := MatchPairs(g, pred)
		rep.Matched += len(pairs)
		sents, analysed := nlp.Sentences[g.Name]
		a := newArticle(g.Text, sents, nlp.Chains[g.Name])
		for _, p := range pairs {
			gs := g.Gold[p[0]]
			if len(gs.Source) == 0 {
				rep.NoSource++
				continue
			}
			if !analysed {
				rep.Unanalysed++
				continue
			}
			var c *SpeakerCounts
			switch a.classify(gs.Source) {
			case SourceName:
				rep.Names++
				continue
			case SourcePronoun:
				c = &rep.Pronoun
			default:
				c = &rep.Description
			}
			c.Pairs++
			ch := a.chainOf(gs.Source)
			if ch < 0 {
				continue
			}
			c.InChain++
			names := a.chainNames(ch)
			if len(names) > 0 {
				c.ChainHasName++
			}
			name := ""
			if sp := d.Statements[p[1]].Speaker; sp != nil {
				name = sp.Name
			}
			if hasCapWord(name) {
				c.Named++
			}
			w := nameInChain(name, names)
			n := a.representativeIsName(ch)
			if w {
				c.Whosaid++
			}
			if n {
				c.CoreNLP++
			}
			if w && n {
				c.Both++
			}
		}
	}
	rep.All.add(rep.Pronoun)
	rep.All.add(rep.Description)
	return rep
}

// MatchPairs pairs an article's gold statements with predicted ones the
// way Score does for statement partial and returns the counted pairs as
// [gold index, predicted index], in pairing order.
func MatchPairs(d *Doc, pred []Statement) [][2]int {
	words := d.wordList()
	return pairSets(toSets(words, d.Gold), toSets(words, pred))
}

// article is one article's text with its CoreNLP analyses, for looking up
// gold spans.
type article struct {
	runes  []rune
	sents  [][]Token
	chains []Chain
}

func newArticle(text string, sents [][]Token, chains []Chain) *article {
	return &article{runes: []rune(text), sents: sents, chains: chains}
}

// surface returns the text of a token, or "" when its range lies outside
// the text.
func (a *article) surface(t Token) string {
	if t.Start < 0 || t.End > len(a.runes) || t.Start > t.End {
		return ""
	}
	return string(a.runes[t.Start:t.End])
}

// isName reports whether t is a name token: capitalized and tagged
// PERSON, ORGANIZATION or LOCATION ("Washington said").
func (a *article) isName(t Token) bool {
	if t.NER != "PERSON" && t.NER != "ORGANIZATION" && t.NER != "LOCATION" {
		return false
	}
	for _, r := range a.surface(t) {
		return unicode.IsUpper(r)
	}
	return false
}

// classify tells whether a gold source is a name, a pronoun or a
// description by its syntactic head, the first token of the span (in text
// order, punctuation skipped) whose dependency head lies outside it: a
// name when that head is a name token ("Trump campaign spokesman Jason
// Miller", "the State Department"; not "Clinton aides" nor "the US
// diplomat"); a pronoun when every word of the span is a personal,
// possessive or wh- pronoun; a description otherwise.
func (a *article) classify(span [][2]int) string {
	inSpan := func(t Token) bool {
		for _, p := range span {
			if t.Start < p[1] && p[0] < t.End {
				return true
			}
		}
		return false
	}
	var head *Token
	pronoun, other := false, false
	for _, s := range a.sents {
		for i := range s {
			t := s[i]
			if !inSpan(t) || !hasLetterOrDigit(a.surface(t)) {
				continue
			}
			if head == nil && (t.Head < 1 || t.Head > len(s) || !inSpan(s[t.Head-1])) {
				head = &s[i]
			}
			switch t.Tag {
			case "PRP", "PRP$", "WP", "WP$":
				pronoun = true
			default:
				other = true
			}
		}
	}
	switch {
	case head != nil && a.isName(*head):
		return SourceName
	case pronoun && !other:
		return SourcePronoun
	}
	return SourceDescription
}

func hasLetterOrDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) })
}

// mentionRange returns the code-point range of a chain mention, and false
// when the mention points outside the article's tokens.
func (a *article) mentionRange(m Mention) (start, end int, ok bool) {
	if m.Sentence < 1 || m.Sentence > len(a.sents) {
		return 0, 0, false
	}
	s := a.sents[m.Sentence-1]
	if m.Start < 1 || m.End <= m.Start || m.End-1 > len(s) || m.Head < m.Start || m.Head >= m.End {
		return 0, 0, false
	}
	return s[m.Start-1].Start, s[m.End-2].End, true
}

// chainOf returns the index of the chain whose mention overlaps the span
// most (the shortest mention on a tie), or -1.
func (a *article) chainOf(span [][2]int) int {
	best, bestOver, bestLen := -1, 0, 0
	for i, c := range a.chains {
		for _, m := range c {
			s, e, ok := a.mentionRange(m)
			if !ok {
				continue
			}
			over := 0
			for _, p := range span {
				over += max(0, min(e, p[1])-max(s, p[0]))
			}
			if over > bestOver || (over > 0 && over == bestOver && e-s < bestLen) {
				best, bestOver, bestLen = i, over, e-s
			}
		}
	}
	return best
}

// honorifics are words CoreNLP's NER often tags PERSON with the name they
// precede; they name no one, so they do not count as name tokens ("Mr."
// in a chain must not make "Mr. Kamin" right).
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "sen": true, "rep": true,
	"gov": true, "gen": true, "sir": true, "prof": true, "jr": true, "sr": true, "st": true,
	"president": true, "senator": true, "governor": true, "secretary": true,
}

// mentionNames returns the folded name tokens of a mention whose head
// token is a name ("Hillary Clinton 's" gives "hillary", "clinton"; "the
// US diplomat" gives nothing), honorifics left out.
func (a *article) mentionNames(m Mention) []string {
	var out []string
	s := a.sents[m.Sentence-1]
	if !a.isName(s[m.Head-1]) {
		return nil
	}
	for _, t := range s[m.Start-1 : m.End-1] {
		if a.isName(t) {
			if f := foldName(a.surface(t)); f != "" && !honorifics[f] {
				out = append(out, f)
			}
		}
	}
	return out
}

// chainNames returns the folded name tokens of all mentions of chain i.
func (a *article) chainNames(i int) map[string]bool {
	names := map[string]bool{}
	for _, m := range a.chains[i] {
		if _, _, ok := a.mentionRange(m); !ok {
			continue
		}
		for _, n := range a.mentionNames(m) {
			names[n] = true
		}
	}
	return names
}

// representativeIsName reports whether the representative mention of
// chain i holds a name token.
func (a *article) representativeIsName(i int) bool {
	for _, m := range a.chains[i] {
		if !m.Representative {
			continue
		}
		if _, _, ok := a.mentionRange(m); ok && len(a.mentionNames(m)) > 0 {
			return true
		}
	}
	return false
}

// foldName lower-cases a name word and drops a final possessive and
// surrounding punctuation: "Power's" gives "power".
func foldName(w string) string {
	w = strings.ToLower(w)
	w = strings.ReplaceAll(w, "’", "'")
	w = strings.TrimSuffix(w, "'s")
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// nameInChain reports whether a capitalized word of name is one of the
// chain's name tokens.
func nameInChain(name string, names map[string]bool) bool {
	for w := range strings.FieldsSeq(name) {
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) {
			continue
		}
		if f := foldName(w); f != "" && names[f] {
			return true
		}
	}
	return false
}

// hasCapWord reports whether name has a word starting with an upper-case
// letter.
func hasCapWord(name string) bool {
	for w := range strings.FieldsSeq(name) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// WriteTable writes the speaker figures as an aligned table, one row per
// kind of gold source.
func (r *SpeakerReport) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "speaker resolution on %d matched pairs: %d without gold source, %d with a name as gold source",
		r.Matched, r.NoSource, r.Names)
	if r.Unanalysed > 0 {
		fmt.Fprintf(&b, ", %d in articles without CoreNLP analyses", r.Unanalysed)
	}
	b.WriteString(" (not measured)\n")
	fmt.Fprintf(&b, "%-12s %6s %8s %10s %8s %25s %16s %6s\n", "gold source", "pairs", "in chain", "chain name", "named",
		"whosaid name in chain", "CoreNLP rep name", "both")
	row := func(name string, c SpeakerCounts) {
		fmt.Fprintf(&b, "%-12s %6d %8d %10d %8d %6d (%6.3f; %6.3f) %6d (%6.3f) %6d\n", name, c.Pairs, c.InChain, c.ChainHasName,
			c.Named, c.Whosaid, c.WhosaidRate(), c.WhosaidNameRate(), c.CoreNLP, c.CoreNLPRate(), c.Both)
	}
	row("pronoun", r.Pronoun)
	row("description", r.Description)
	row("all", r.All)
	b.WriteString("rates: of in chain; whosaid's second rate is of chain name (chains that hold a name)\n")
	_, err := io.WriteString(w, b.String())
	return err
}
