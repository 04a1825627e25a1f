package typeact

import (
	"strings"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/text"
)

// A quote, in a news reader's sense (issue 10), is a statement that
//   - is speech or writing, not a thought, stance or piece of evidence,
//     and its cue is not negated ("did not say" reports no statement);
//   - is attributed to a person or an organisation: it has a speaker (a
//     pronoun resolved to an entity counts) and its source is not a
//     document, a publication's text or a finding ("the memo says",
//     "records show");
//   - has for content a clause or a quotation, not a bare noun phrase
//     ("she told reporters this week", "praised the decision").
//
// Each condition is a table of small matchers over the statement's words
// and labels; quoteConditions lists them in order, all must hold.

// quoteCase is one statement being judged.
type quoteCase struct {
	v       *view
	st      *attrib.Statement
	label   *Label
	speaker int // index in ents, or -1
	ents    []speaker.Entity
	content ranges
	xpos    []string // Penn tags of the document's tokens, or nil
}

// quoteCondition is one condition of a quote.
type quoteCondition struct {
	name string
	ok   func(*quoteCase) bool
}

// quoteConditions must all hold for a quote.
var quoteConditions = []quoteCondition{
	{"speech or writing", func(q *quoteCase) bool {
		return (q.label.Type == Speech || q.label.Type == Writing) && !q.label.Negated
	}},
	{"person or organisation", personOrOrganisation},
	{"clause or quotation", clauseOrQuotation},
}

// nonPersonSources head a source that is a thing, not a person or an
// organisation: documents and media ("the memo", "the ad"), findings
// ("the poll", "data"), and web pages. Publications ("the Post") are
// organisations and not listed.
var nonPersonSources = union(writtenMedia, evidenceSources, set(
	"page", "pages", "site", "sites", "website", "websites", "transcript", "transcripts",
	"excerpt", "excerpts", "text", "caption", "headline", "headlines", "sign", "signs",
	"banner", "slogan", "graphic", "chart", "map", "list", "file", "files", "analysis",
	"tally", "count", "calculation", "calculations", "audit", "review", "investigation",
	"inquiry", "agreement", "deal", "treaty", "resolution", "legislation", "measure",
	"proposal", "plan", "draft", "policy", "guidelines", "rules", "rule", "regulation",
	"regulations", "amendment", "act", "charter", "manifesto", "petition", "form",
))

// personOrOrganisation reports whether the statement has a speaker and a
// source whose head word is not a thing (a document, a finding, a web
// page). Places count: "Russia said" speaks for a government.
func personOrOrganisation(q *quoteCase) bool {
	if q.speaker < 0 || q.speaker >= len(q.ents) || len(q.st.Source) == 0 || unresolvedNames[strings.ToLower(q.ents[q.speaker].Name)] {
		return false
	}
	// The head: the last word of the source's first piece before a
	// word of sourceHeadStops ("the memo", "a report by the agency";
	// "who" itself when it is the source).
	head := -1
	r := q.st.Source[0]
	for i := r.Start; i < r.End; i++ {
		w := q.v.word(i)
		if i > r.Start && sourceHeadStops[w] {
			break
		}
		if q.v.isWord(i) {
			head = i
		}
	}
	if head < 0 {
		return false
	}
	if e := q.ents[q.speaker]; e.Unnamed && nonPersonSources[descriptionHead(e.Name)] {
		// A relative pronoun resolved to a thing the article only
		// describes: "a letter that says ..." (the entity "a letter").
		return false
	}
	return !nonPersonSources[q.v.word(head)] || q.v.capitalized(head) && q.ents[q.speaker].Type != speaker.Other
}

// descriptionHead returns the last word of a description, lower-cased:
// "letter" of "a letter".
func descriptionHead(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(f[len(f)-1], ".,;:"))
}

// unresolvedNames are the names of an entity made of a pronoun the
// speaker stage could not resolve ("a letter that says ...": the entity
// "that"): nobody known.
var unresolvedNames = set("that", "which", "who", "whom", "it", "they", "he", "she", "this", "these", "those")

// sourceHeadStops end the head phrase of a source: "the memo, which",
// "a report by the agency", "lawyers for the mayor".
var sourceHeadStops = set(",", "(", "of", "by", "from", "for", "at", "in", "who", "which", "that")

// contentMatcher says whether a content is a clause or a quotation.
type contentMatcher struct {
	name string
	ok   func(*quoteCase) bool
}

// clauseMatchers recognise a clause or a quotation; a content none
// matches is a noun phrase (or a fragment: "this week").
var clauseMatchers = []contentMatcher{
	// Inside quotation marks: a quotation, whatever its grammar.
	{"direct", func(q *quoteCase) bool { return q.st.Kind == attrib.Direct }},
	// Partly quoted with a quotation of three words or more: “a gift to
	// Islamic State”; not a scare-quoted word ("the “reform” plan").
	{"quoted run", func(q *quoteCase) bool { return q.st.Kind == attrib.Mixed && q.longestQuoted() >= 3 }},
	// A complementizer, a wh-word or "to" opens a clause: that ...,
	// whether ..., to act.
	{"clause opener", func(q *quoteCase) bool { return clauseOpeners[q.v.word(q.firstWord())] }},
	// A subject pronoun and a word that is not a determiner: "he wants
	// ...", "they lost"; not "it a clumsy move" (called it ...).
	{"pronoun subject", func(q *quoteCase) bool {
		f := q.firstWord()
		return subjectPronouns[q.v.word(f)] && q.v.isWord(f+1) && !determinerWords[q.v.word(f+1)]
	}},
	// An auxiliary, a modal, a copula or a negation: a finite clause
	// ("the plan is dead", "Moscow would respond").
	{"finite verb word", func(q *quoteCase) bool { return q.anyWord(finiteWords) }},
	// An object and an infinitive: "(urged) both sides to return to the
	// table"; "to" and a word that opens no noun phrase, among the first
	// six words.
	{"infinitive", func(q *quoteCase) bool {
		n := 0
		for _, r := range q.content {
			for i := r.Start; i < r.End && n < 6; i++ {
				if !q.v.isWord(i) {
					continue
				}
				n++
				if q.v.word(i) == "to" && q.v.isWord(i+1) && !determinerWords[q.v.word(i+1)] && !q.v.capitalized(i+1) {
					return true
				}
			}
		}
		return false
	}},
	// A finite verb by its tag (VBD, VBZ, VBP, MD), when the pipeline
	// gives tags: "the mayor wants", "the plan went badly".
	{"finite verb tag", finiteTag},
	// A past form after the content's first word: "the talks failed"
	// (the tagger often reads such a word as a participle).
	{"verb after subject", verbAfterSubject},
	// Long contents are clauses: a noun phrase of fifteen words is rare
	// in what a cue reports.
	{"long", func(q *quoteCase) bool { return q.words() >= 15 }},
}

// clauseOpeners are the words that open a clause.
var clauseOpeners = set(
	"that", "whether", "if", "how", "why", "what", "when", "where", "who", "which",
	"to", "because", "no", "yes", "let", "please", "let's",
)

// subjectPronouns open a clause when a verb follows them.
var subjectPronouns = set("he", "she", "they", "we", "i", "you", "it", "there")

// finiteWords are the auxiliaries, modals, copulas and negations that
// mark a finite clause.
var finiteWords = set(
	"is", "are", "was", "were", "am", "be", "been", "being", "'s", "'re", "'m",
	"has", "have", "had", "'ve", "'d", "do", "does", "did", "will", "would", "'ll",
	"can", "could", "should", "shall", "must", "may", "might", "not", "n't", "won't",
	"can't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
)

// clauseOrQuotation reports whether one of clauseMatchers recognises the
// content.
func clauseOrQuotation(q *quoteCase) bool {
	if len(q.content) == 0 {
		return false
	}
	for _, m := range clauseMatchers {
		if m.ok(q) {
			return true
		}
	}
	return false
}

// firstWord returns the index of the content's first word or number, or
// -1.
func (q *quoteCase) firstWord() int {
	for _, r := range q.content {
		for i := r.Start; i < r.End; i++ {
			if q.v.isWord(i) || q.v.d.Tokens[i].Kind == text.Number {
				return i
			}
		}
	}
	return -1
}

// words counts the content's words and numbers.
func (q *quoteCase) words() int {
	n := 0
	for _, r := range q.content {
		for i := r.Start; i < r.End; i++ {
			if q.v.isWord(i) || q.v.d.Tokens[i].Kind == text.Number {
				n++
			}
		}
	}
	return n
}

// anyWord reports whether a word of the content is in the set.
func (q *quoteCase) anyWord(words map[string]bool) bool {
	for _, r := range q.content {
		for i := r.Start; i < r.End; i++ {
			if words[q.v.word(i)] {
				return true
			}
		}
	}
	return false
}

// longestQuoted returns the length in words of the longest run of the
// content's words inside quotation marks.
func (q *quoteCase) longestQuoted() int {
	best, run := 0, 0
	for _, r := range q.content {
		for i := r.Start; i < r.End; i++ {
			if !q.v.isWord(i) && q.v.d.Tokens[i].Kind != text.Number {
				continue
			}
			if q.v.d.QuoteAt(i) >= 0 {
				run++
				best = max(best, run)
			} else {
				run = 0
			}
		}
	}
	return best
}

// verbAfterSubject reports whether one of the content's second to sixth
// words is a past form (-ed, four letters or more, not after a
// determiner or a number): "the talks failed", "Moscow rejected the
// offer"; not "95 retired generals". A guess
// from word shapes: the pipeline gives this stage no part-of-speech tags.
func verbAfterSubject(q *quoteCase) bool {
	f := q.firstWord()
	if f < 0 {
		return false
	}
	n := 0
	for _, r := range q.content {
		for i := max(r.Start, f+1); i < r.End && n < 5; i++ {
			if !q.v.isWord(i) {
				continue
			}
			n++
			w := q.v.word(i)
			prev := i - 1
			if len(w) >= 4 && hasSuffix(w, "ed") && !hasSuffix(w, "eed") && !determinerWords[q.v.word(prev)] && q.v.d.Tokens[prev].Kind != text.Number {
				return true
			}
		}
	}
	return false
}

// finiteTags are the Penn tags of a finite verb or a modal.
var finiteTags = set("VBD", "VBZ", "VBP", "MD")

// finiteTag reports whether, with tags, a content word after the first is
// tagged a finite verb or a modal, before any relative pronoun: "Clinton
// needs to ...", not "loopholes that benefit others", whose verb is in a
// clause inside a noun phrase. The first word is left out: a content
// starting with a verb is a fragment of the cue's phrase.
func finiteTag(q *quoteCase) bool {
	if q.xpos == nil {
		return false
	}
	f := q.firstWord()
	for _, r := range q.content {
		for i := max(r.Start, f+1); i < r.End && i < len(q.xpos); i++ {
			if relativeWords[q.v.word(i)] {
				return false
			}
			if finiteTags[q.xpos[i]] {
				return true
			}
		}
	}
	return false
}

// relativeWords open a relative clause inside a noun phrase.
var relativeWords = set("that", "which", "who", "whom", "whose", "where", "when")

// determinerWords open a noun phrase: a word after one is its noun or
// adjective, not a verb.
var determinerWords = set("the", "a", "an", "this", "that", "these", "those", "his",
	"her", "its", "their", "our", "my", "your", "some", "any", "no", "every", "each")

// hasSuffix reports whether w ends with s.
func hasSuffix(w, s string) bool { return len(w) > len(s) && w[len(w)-len(s):] == s }

// union returns a set holding the words of all the sets.
func union(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range sets {
		for w := range s {
			out[w] = true
		}
	}
	return out
}

// MarkQuotes sets the Quote field of labels[i], the label Label gave
// statement i, to whether the statement is a quote in a news reader's
// sense (see quoteConditions). ents and of are the article's entities and
// each statement's speaker, as speaker.Resolve returns them. xpos, when
// not nil, holds the Penn tag of each token of d (the pipeline's tag
// layer): a finite verb tag then makes a content a clause, in place of
// the guess from word shapes. Any input is safe: statements without a
// label, ranges outside d, or tags not one per token (ignored) are
// skipped.
func (l *Labeler) MarkQuotes(d *text.Doc, stmts []attrib.Statement, ents []speaker.Entity, of []int, labels []Label, xpos []string) {
	if len(xpos) != len(d.Tokens) {
		xpos = nil
	}
	v := &view{d: d, lower: make([]string, len(d.Tokens)), done: make([]bool, len(d.Tokens))}
	for i := range stmts {
		if i >= len(labels) {
			return
		}
		st := clip(d, stmts[i])
		q := &quoteCase{v: v, st: &st, label: &labels[i], speaker: -1, ents: ents, content: st.Content, xpos: xpos}
		if i < len(of) {
			q.speaker = of[i]
		}
		labels[i].Quote = true
		for _, c := range quoteConditions {
			if !c.ok(q) {
				labels[i].Quote = false
				break
			}
		}
	}
}
