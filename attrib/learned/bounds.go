package learned

import (
	"slices"
	"strings"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/text"
)

// A bound is one rule about where a found statement's content begins and
// ends, or whether what the role tagger found is a statement at all. The
// rules run in the order of bounds over the candidate statements of a
// document (in text order of their cues), before repeats drops the
// candidates whose contents other cues already claim, so that a content
// cut back frees the words of the statement it had swallowed.
type bound struct {
	name string
	// fix adjusts candidate k of sts (its content only) and reports
	// whether it is still a statement.
	fix func(p *prep, sts []attrib.Statement, k int) bool
}

// bounds are the rules, in the order they run. Each one's effect on
// PolNeAR dev and train is in QUALITY.md ("Issue 9 item 3"). Each looks
// at a bounded stretch of tokens around its statement (a sentence, a
// cue's window, a few words), never at a whole content, which may be
// long: a 16 MB text has hundreds of thousands of candidates, and the
// rules stay linear in the document (see owners).
var bounds = []bound{
	{"circumstance", func(p *prep, sts []attrib.Statement, k int) bool {
		return sts[k].Kind != attrib.Indirect || !onlyCircumstance(p, sts[k].Content)
	}},
	{"next statement", stopAtNextStatement},
	{"time", func(p *prep, sts []attrib.Statement, k int) bool {
		return sts[k].Kind != attrib.Indirect || !onlyTime(p, sts[k].Content)
	}},
	{"recipient and time", notRecipientAndTime},
	{"apposition", func(p *prep, sts []attrib.Statement, k int) bool {
		return cutTrailing(p, &sts[k], appositionAt)
	}},
	{"noun subject", stopAtMainVerb},
	{"listener", startAfterListener},
	{"opener", takeOpener},
}

// applyBounds runs the rules of bounds over the candidates, except those
// whose bit is set in skip (an ablation; see Extractor.skipBounds), and
// returns the candidates that remain statements, with keep filtered
// alike (keep[k] belongs to sts[k]).
func applyBounds(p *prep, sts []attrib.Statement, keep []int, skip uint64) ([]attrib.Statement, []int) {
	for b, rule := range bounds {
		if skip&(1<<b) != 0 {
			continue
		}
		n := 0
		for k := range sts {
			if !rule.fix(p, sts, k) || len(sts[k].Content) == 0 {
				continue
			}
			sts[n], keep[n] = sts[k], keep[k]
			n++
		}
		sts, keep = sts[:n], keep[:n]
	}
	return sts, keep
}

// stopAtNextStatement ends a content that runs on into a later statement
// of the same window: "Mr. Hale said the plan would fail, while Ms. Ortiz
// said it would succeed" is two statements, and PolNeAR never nests one
// statement's cue inside another's content (no gold content of train
// holds another relation's cue). The content stops before the later
// statement's source (when it stands just before its cue) or cue, and
// before the words that join the two ("and", "while", a comma). Only a
// later verb cue outside quotation marks, whose own content follows it
// and which such a word joins to the content, cuts: a quotation may
// report what someone else said, and in "showed that Hale asked ...",
// "footage of Trump saying ..." or "his decision to ..." the later cue
// is part of what was said (on train, cutting there too made more
// contents wrong than right).
func stopAtNextStatement(p *prep, sts []attrib.Statement, k int) bool {
	st := &sts[k]
	ce := st.Cue[0].End
	for ri, r := range st.Content {
		if r.End <= ce {
			continue
		}
		// Cues come in text order; those after the cue's window are no
		// concern of this content.
		// A later cue right after the content counts too: the content
		// may have stopped at it but taken its source ("said the plan
		// would work and Mr. Hale | said it would not").
		stop := min(r.End+1, ce+maxAfter)
		for j := k + 1; j < len(sts) && sts[j].Cue[0].Start < stop; j++ {
			o := sts[j]
			c := o.Cue[0]
			if c.Start <= max(r.Start, ce) || p.quote[c.Start] >= 0 || len(o.Content) == 0 || o.Content[0].Start < c.End {
				continue
			}
			cut := c.Start
			if len(o.Source) > 0 && o.Source[0].End <= c.Start && o.Source[0].Start > r.Start && o.Source[0].Start < cut {
				cut = o.Source[0].Start
			}
			if cut-1 <= r.Start || !(joiners[p.low[cut-1]] || joinerMark(p, cut-1)) || !verbAt(p, c.Start) {
				continue // not a statement of its own: "said that Hale asked ...", "his decision to ..."
			}
			for cut > r.Start && (joiners[p.low[cut-1]] || joinerMark(p, cut-1)) {
				cut--
			}
			if cut <= r.Start || cut >= r.End {
				continue
			}
			// A new slice: the content may be the rules' statement's.
			st.Content = append(slices.Clone(st.Content[:ri]), text.Range{Start: r.Start, End: cut})
			st.Kind = kindOf(p, st.Content)
			return true
		}
	}
	return true
}

// verbAt reports whether token i is tagged a verb.
func verbAt(p *prep, i int) bool {
	return i < len(p.pos) && len(p.pos[i]) >= 2 && p.pos[i][:2] == "VB"
}

// joinerMark reports whether token i is punctuation or a dash (a comma,
// a semicolon), not a quotation mark, which belongs to its quotation.
func joinerMark(p *prep, i int) bool {
	k := p.d.Tokens[i].Kind
	return k == text.Punct || k == text.Dash
}

// joiners are the words that join two statements of a sentence, left out
// of both: "A said X, while B said Y".
var joiners = setOf("and", "but", "while", "whereas", "or", "yet", "so", "though", "although")

// onlyTime reports whether a content is only a phrase of time ("this
// week", "last month", "in 1992", "back in 2008"): when the statement was
// made, not what was said.
func onlyTime(p *prep, content []text.Range) bool {
	if len(content) != 1 {
		return false
	}
	r := content[0]
	return timeFrom(p, r) == r.Start
}

// timeFrom returns where the phrase of time that ends r starts ("CNN |
// this week"), or r.End if r does not end in one. The phrase holds only
// time words and their modifiers, at least one of them a time word or a
// year.
func timeFrom(p *prep, r text.Range) int {
	e := r.End
	for e > r.Start && p.d.Tokens[e-1].Kind == text.Punct {
		e-- // a period after it
	}
	start, head, year := r.End, false, false
	for i := e - 1; i >= max(r.Start, e-maxTimeWords) && isWordTok(p, i); i-- {
		w := p.low[i]
		switch {
		case (timeWords[w] || timeUnits[w]) && !allCaps(p.d.Form(i)):
			head = true // not USA TODAY
		case isYear(p, i):
			year = true
		case !timeMods[w]:
			i = r.Start // a word of another kind ends the phrase
			continue
		}
		start = i
	}
	// A year alone may be what was talked about: "think back to | 2008".
	if !head && (!year || start == e-1) {
		return r.End
	}
	return start
}

// maxTimeWords bounds the length of a phrase of time ("earlier this
// week", "back in the fall of 2008").
const maxTimeWords = 8

// allCaps reports whether a word of two or more letters is all capitals.
func allCaps(w string) bool {
	return len(w) > 1 && strings.ToUpper(w) == w && strings.ToLower(w) != w
}

// isYear reports whether token i is a number of four digits from 1900 to
// 2099.
func isYear(p *prep, i int) bool {
	w := p.low[i]
	return p.d.Tokens[i].Kind == text.Number && len(w) == 4 && (w[:2] == "19" || w[:2] == "20")
}

// isWordTok reports whether token i is a word or a number.
func isWordTok(p *prep, i int) bool {
	k := p.d.Tokens[i].Kind
	return k == text.Word || k == text.Number
}

// notRecipientAndTime reports whether candidate k is more than the
// listener of a cue that names one and a phrase of time: "told CNN this
// week" says to whom and when, not what.
func notRecipientAndTime(p *prep, sts []attrib.Statement, k int) bool {
	st := sts[k]
	if st.Kind != attrib.Indirect || len(st.Content) != 1 || p.pos == nil || !listenerCues[p.low[st.Cue[0].Start]] {
		return true
	}
	r := st.Content[0]
	t := timeFrom(p, r)
	if t == r.End || t == r.Start {
		return true
	}
	words := 0
	for i := r.Start; i < t; i++ {
		if !isWordTok(p, i) {
			continue
		}
		words++
		if !nominal[p.pos[i]] || words > maxListener {
			return true
		}
	}
	return false
}

// maxListener bounds the words of a listener: "told | the Senate panel |
// Wednesday".
const maxListener = 3

var (
	// timeUnits and timeMods, with timeWords, make the phrases of time
	// that are not what was said.
	timeUnits = setOf("day", "days", "week", "weeks", "month", "months", "year", "years",
		"january", "february", "april", "june", "july", "august", "september",
		"october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.")
	timeMods = setOf("this", "last", "next", "earlier", "later", "past", "coming", "early", "late",
		"back", "in", "on", "at", "during", "ago", "the", "a", "same", "previous")
	// listenerCues are the forms of the cue verbs whose object is the
	// listener: told reporters (that) ...
	listenerCues = setOf("told", "tell", "tells", "telling", "assure", "assured", "assures", "assuring",
		"reassure", "reassured", "reassures", "reassuring", "warn", "warned", "warns", "warning",
		"inform", "informed", "informs", "informing", "remind", "reminded", "reminds", "reminding")
	// nominal are the tags of the words of a listener: a name, a noun, a
	// pronoun, a determiner.
	nominal = setOf("NNP", "NNPS", "NN", "NNS", "PRP", "DT", "PRP$", "POS", "JJ", "CD")
	// nouns are the tags of the head of a noun phrase.
	nouns = setOf("NNP", "NNPS", "NN", "NNS")
	// subjectOpeners are the tags of a word that may start the subject of
	// a relative clause without "that": a claim | his rivals reject.
	subjectOpeners = setOf("DT", "PRP", "PRP$", "NNP")
)

// cutTrailing ends an indirect content before a comma that starts a
// trailing phrase which at says is not part of what was said, the last
// comma of the content's last piece that is followed by words alone. It
// reports true: the statement stays.
func cutTrailing(p *prep, st *attrib.Statement, at func(p *prep, i int, r text.Range) bool) bool {
	if st.Kind != attrib.Indirect || len(st.Content) == 0 || p.pos == nil {
		return true
	}
	last := st.Content[len(st.Content)-1]
	if last.Start < st.Cue[0].End {
		return true // before its cue: "X, a claim ..., he said" is another construction
	}
	e := last.End
	for e > last.Start && p.d.Tokens[e-1].Kind == text.Punct && !commaAt(p, e-1) {
		e-- // a period after it
	}
	if e == last.Start {
		return true
	}
	// The phrase and the clause it follows lie in the content's last
	// sentence.
	start := max(last.Start, p.d.Sentences[p.sent[e-1]].Start)
	for i := e - 1; i > start+1; i-- {
		if isWordTok(p, i) {
			continue
		}
		if !commaAt(p, i) || i+1 >= e || !at(p, i+1, text.Range{Start: start, End: i}) {
			return true
		}
		cut := append(slices.Clone(st.Content[:len(st.Content)-1]), text.Range{Start: last.Start, End: i})
		st.Content = cut
		return true
	}
	return true
}

// commaAt reports whether token i is a comma.
func commaAt(p *prep, i int) bool { return p.low[i] == "," }

// appositionAt reports whether the words from i, after a comma that ends
// the clause before (head), are a noun phrase set beside it: "said the
// bill was dead, the latest sign of trouble", "said the vote was fair, a
// claim his rivals reject".
func appositionAt(p *prep, i int, head text.Range) bool {
	if !hasFinite(p, head) || listLike(p, head) || commaAfterVerb(p, head) {
		return false
	}
	if w := p.low[i]; w == "the" {
		// "the latest sign", "the first time": a definite phrase names a
		// thing of the clause ("the Affordable Care Act") unless it ranks.
		if i+1 >= len(p.pos) || !(p.pos[i+1] == "JJS" || ordinals[p.low[i+1]]) {
			return false
		}
	} else if !appositionOpeners[w] {
		return false
	}
	// The phrase runs to the end of its sentence; it may hold a relative
	// clause ("a claim his rivals reject"), not be a clause itself ("a
	// recount could not be done") or a list ("a speech, a push or a vote").
	end := int(p.d.Sentences[p.sent[i]].End)
	for j := i + 1; j < end; j++ {
		switch {
		case p.low[j] == "and" || p.low[j] == "or":
			if j+1 < end && appositionOpeners[p.low[j+1]] {
				return false
			}
		case finite(p, j):
			// A relative clause: a subject of its own starts after a
			// noun of the phrase ("a claim | his rivals reject").
			for s := j; s > i+1 && nominal[p.pos[s-1]]; s-- {
				if subjectOpeners[p.pos[s-1]] && nouns[p.pos[s-2]] {
					return true
				}
			}
			return false
		}
	}
	return true
}

// commaAfterVerb reports whether r holds a comma after its last finite
// verb: the comma before the phrase then closes another phrase ("denied
// Merrick Garland, President Obama's nominee, a hearing").
func commaAfterVerb(p *prep, r text.Range) bool {
	for j := r.End - 1; j >= r.Start; j-- {
		if finite(p, j) {
			return false
		}
		if commaAt(p, j) {
			return true
		}
	}
	return false
}

// listLike reports whether r holds a colon, a semicolon or a comma before
// "and" or "or": the commas of a list, not of a phrase set beside it.
func listLike(p *prep, r text.Range) bool {
	for j := r.Start; j < r.End; j++ {
		switch p.low[j] {
		case ":", ";":
			return true
		case ",":
			if j+1 < r.End && (p.low[j+1] == "and" || p.low[j+1] == "or") {
				return true
			}
		}
	}
	return false
}

// hasFinite reports whether r holds a finite verb or a modal.
func hasFinite(p *prep, r text.Range) bool {
	for i := r.Start; i < r.End; i++ {
		if finite(p, i) {
			return true
		}
	}
	return false
}

// appositionOpeners are the determiners that open a noun phrase set
// beside a clause.
var appositionOpeners = setOf("a", "an", "another")

// ordinals rank what they name, like a superlative.
var ordinals = setOf("first", "second", "third", "last", "latest", "only", "next", "final")

// stopAtMainVerb ends the content of a noun cue that is the subject of its
// sentence before the sentence's own verb: in "His claim that the vote was
// rigged has been rejected by the courts", what was claimed ends at
// "rigged". The content must be a "that" clause right after the cue, and
// the cue must come before any finite verb of its sentence; the clause
// ends at the first finite verb after its own one with nothing that could
// start another clause between them (a conjunction, a relative word, a
// comma).
func stopAtMainVerb(p *prep, sts []attrib.Statement, k int) bool {
	st := &sts[k]
	c := st.Cue[0]
	if p.pos == nil || st.Kind != attrib.Indirect || len(st.Content) != 1 || !nouns[p.pos[c.End-1]] {
		return true
	}
	for i := c.Start; i < c.End; i++ {
		if verbAt(p, i) || finite(p, i) {
			return true // "acknowledged Sunday that ..."
		}
	}
	if c.Start > 0 && !determiners[p.pos[c.Start-1]] {
		return true // a noun cue has its determiner: "his claim", "the agency's warning"
	}
	r := st.Content[0]
	if r.Start != c.End || p.low[r.Start] != "that" {
		return true
	}
	sent := p.d.Sentences[p.sent[c.Start]]
	for i := sent.Start; i < c.Start; i++ {
		if finite(p, i) {
			return true // the cue is not the subject: "He rejected the claim that ..."
		}
	}
	own := -1
	for i := r.Start + 1; i < min(r.End, sent.End); i++ {
		switch {
		case clauseBreaks[p.low[i]]:
			if own >= 0 {
				return true
			}
		case finite(p, i):
			if own < 0 {
				own = i
				continue
			}
			if i-1 > own {
				st.Content = []text.Range{{Start: r.Start, End: i}}
			}
			return true
		}
	}
	return true
}

// determiners are the tags of the word before a noun cue: a determiner,
// a possessive, an adjective.
var determiners = setOf("DT", "PRP$", "POS", "JJ")

// clauseBreaks are the words and marks that may start another clause
// inside a "that" clause, after which a finite verb is not the sentence's.
var clauseBreaks = setOf("that", "which", "who", "whom", "whose", "when", "where", "if", "because",
	"and", "or", "but", ",", ";", ":", "as", "while", "than", "whether", "what", "how", "why", "-", "—", "–", "(")

// startAfterListener starts a content after the listener its cue names,
// who heard the statement, not what was said: "assured the American
// people | that the claims are false", "warned Clinton | that ...". The
// listener is a short noun phrase right after a cue that takes one
// (listenerCues), followed by "that" not followed by a verb ("told the
// agencies that dealt with it to ..." is a relative clause). Other
// objects stay: PolNeAR's gold keeps them in the content ("urged
// Democrats to vote", "rejected the notion that ...": on train, starting
// those contents at "to" or "that" made 85 fewer exact).
func startAfterListener(p *prep, sts []attrib.Statement, k int) bool {
	st := &sts[k]
	if p.pos == nil || st.Kind != attrib.Indirect || len(st.Content) == 0 || !listenerCues[p.low[st.Cue[0].End-1]] {
		return true
	}
	c, r := st.Cue[0], st.Content[0]
	if r.Start != c.End {
		return true
	}
	for m := r.Start + 1; m < min(r.End-1, r.Start+1+maxListener); m++ {
		if !nominal[p.pos[m-1]] {
			return true
		}
		if p.low[m] == "that" && !verbAt(p, m+1) {
			st.Content = append([]text.Range{{Start: m, End: r.End}}, st.Content[1:]...)
			return true
		}
	}
	return true
}

// takeOpener adds to a content the word that opens its sentence and
// links it to what came before ("But", "Instead", "Now") when the cue and
// its source stand between them, set off by commas: PolNeAR's gold holds
// "But" and "the plan would fail" in "But, he said, the plan would fail".
// In "But Hale said the plan would fail" the word joins the saying, and
// in "But the plan will fail, he said" the gold keeps it about as often
// as not (on train, taking it there too, and "So" and "Still", gave 6
// fewer exact contents than no rule at all). Only an indirect content
// takes it: a quotation's content is what is inside the marks.
func takeOpener(p *prep, sts []attrib.Statement, k int) bool {
	st := &sts[k]
	if st.Kind != attrib.Indirect || len(st.Content) == 0 {
		return true
	}
	r := st.Content[0]
	sent := p.d.Sentences[p.sent[r.Start]]
	o := sent.Start
	if r.Start <= o || !openers[p.low[o]] || r.Start-o > maxOpenerGap {
		return true
	}
	between := false
	for i := o + 1; i < r.Start; i++ {
		switch {
		case holds(st.Cue, i) || holds(st.Source, i):
			between = true
		case p.d.Tokens[i].Kind != text.Punct:
			return true
		}
	}
	if between && commaAt(p, o+1) && commaAt(p, r.Start-1) {
		st.Content = append([]text.Range{{Start: o, End: o + 1}}, st.Content...)
	}
	return true
}

// maxOpenerGap bounds the tokens between an opener and its content: a
// comma, a cue and a source of a few words, a comma.
const maxOpenerGap = 12

// openers are the sentence-initial words that link a statement to the one
// before it.
var openers = setOf("but", "and", "instead", "now", "yet")
