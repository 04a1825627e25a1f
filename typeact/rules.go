package typeact

import (
	"strings"

	"github.com/whosaid/whosaid/text"
)

// rule is one context condition: when it holds for a statement, then
// adjusts its label. The rules run in table order after the cue lemma has
// given the type, act and target frame; a later rule sees what the earlier
// ones did.
type rule struct {
	name string
	when func(*stmt) bool
	then func(*stmt)
}

// contextRules is the rule table, in the order the rules apply.
var contextRules = []rule{
	// A cue of punctuation only: a headline's or a transcript's colon.
	{"punctuation cue", func(s *stmt) bool { return s.head < 0 }, func(s *stmt) { s.label.Type, s.label.Act = Speech, Assert }},
	// "called on X to", "called for": a demand; "called X Y" stays assert.
	{"call on, call for", callOnFor, func(s *stmt) {
		s.label.Act = Demand
		s.entry.target = objectTo
	}},
	// "called the ruling absurd", "described him as a liar": criticize
	// or praise by the judgement named.
	{"call X Y", calledJudgement, func(s *stmt) {}},
	// "agreed that ...": said; "agreed to ..." stays a stance.
	{"agree that", func(s *stmt) bool { return s.lemma == "agree" && s.v.word(s.head+1) == "that" }, func(s *stmt) { s.label.Type = Speech }},
	// "The senator has been criticized for ...", "a banker who was
	// accused of ...": the one aimed at is the passive verb's subject.
	{"passive aimed", passiveAimed, func(s *stmt) {}},
	// "asked X to ...": a demand, not a question.
	{"ask X to", askTo, func(s *stmt) { s.label.Act = Demand }},
	// "uttering charges", "expanded on the accusations": an act noun
	// right after a neutral cue names the act.
	{"act noun after the cue", actNounAfter, func(s *stmt) {}},
	// A poll, study, record or share of respondents as source: a finding.
	{"evidence source", evidenceSource, func(s *stmt) {
		if s.label.Type != Writing {
			s.label.Type = Evidence
		}
	}},
	// A newspaper, a document or a law as source: writing.
	{"written source", writtenSource, func(s *stmt) {
		if s.label.Type == Speech || s.label.Type == Evidence && !s.known {
			s.label.Type = Writing
		}
	}},
	// "in a statement", "issued a letter", "released a statement
	// confirming": a written medium next to the cue.
	{"written medium", writtenMedium, func(s *stmt) {
		if s.label.Type == Speech {
			s.label.Type = Writing
		}
	}},
	// "his letter", "the email", "a news release" in the cue itself.
	{"written cue noun", writtenCueNoun, func(s *stmt) {
		if s.label.Type == Speech {
			s.label.Type = Writing
		}
	}},
	// "are expected to", "is thought to" with no source: an impersonal
	// hedge.
	{"hedge without source", func(s *stmt) bool {
		return len(s.st.Source) == 0 && s.label.Type == Thought && s.lemma == "expect"
	}, func(s *stmt) { s.label.Type = Evidence }},
	// "said in an interview with X", "in a letter to X": an addressee.
	{"medium with addressee", mediumAddressee, func(s *stmt) {}},
	// "told CBS on Sunday, saying ...", "spoke to donors and stressed
	// ...": a participle or coordinated verb shares the addressee of the
	// verb it continues.
	{"shared addressee", sharedAddressee, func(s *stmt) {}},
	// A content that is one direct question.
	{"question content", questionContent, func(s *stmt) { s.label.Act = Ask }},
	// A negated cue reports that the act did not happen: assert.
	{"negation", negated, func(s *stmt) {
		s.label.Negated = true
		s.label.Act = Assert
	}},
}

// callOnFor reports whether the cue is "call" followed by "on" or "for",
// inside the cue or right after it.
func callOnFor(s *stmt) bool {
	if s.lemma != "call" {
		return false
	}
	w := s.v.word(s.head + 1)
	return w == "on" || w == "for"
}

// askTo reports whether an "ask" cue is followed by a noun phrase and
// "to": asked the council to act.
func askTo(s *stmt) bool {
	if s.lemma != "ask" || s.cueEnd <= 0 {
		return false
	}
	r, next := s.np(s.cueEnd)
	return r.Len() > 0 && s.v.word(next) == "to"
}

// actNouns are the nouns that name an act when they follow a neutral cue
// ("uttering charges", "raised concerns", "offered an apology").
var actNouns = set(
	"charge", "accusation", "allegation", "criticism", "attack", "warning",
	"concern", "demand", "apology", "denial", "praise", "compliment", "promise",
	"pledge", "question", "threat", "approval",
)

// actNounAfter reports whether a neutral (assert) cue is followed, within
// three tokens of its own phrase, by a noun naming an act, and sets the
// act to it.
func actNounAfter(s *stmt) bool {
	if s.label.Act != Assert || s.cueEnd <= 0 {
		return false
	}
	for i := s.cueEnd; i < s.cueEnd+3; i++ {
		if !s.v.isWord(i) {
			return false
		}
		w := s.v.word(i)
		lm, ok := lemmaOf(w, cueLemmas)
		// a noun: the lemma itself or its plural, not "attacking"
		if ok && actNouns[lm] && (w == lm || irregular[w] == lm || w == lm+"s") {
			s.label.Act = cueLemmas[lm].act
			return true
		}
	}
	return false
}

// evidenceSource reports whether the source is a poll, study, record or
// the like, or a share of people ("40% of voters", "a majority").
func evidenceSource(s *stmt) bool {
	for _, r := range s.st.Source {
		for i := r.Start; i < r.End; i++ {
			if percents[s.v.word(i)] {
				return true
			}
		}
	}
	for _, i := range s.sourceWords {
		if shares[s.v.word(i)] {
			return true
		}
	}
	for _, i := range s.sourceWords {
		if evidenceSources[s.v.word(i)] {
			return true
		}
	}
	return false
}

// writtenSource reports whether the source is a publication ("The Daily
// Bugle", "the Washington Post") or a document ("the memo", "the bill",
// "the Constitution").
func writtenSource(s *stmt) bool {
	for k, i := range s.sourceWords {
		w := s.v.word(i)
		// "the Washington Post", "the Associated Press"; not "Press
		// Secretary Dmitry Peskov".
		if publications[w] && s.v.capitalized(i) && (k+1 == len(s.sourceWords) || !s.v.capitalized(s.sourceWords[k+1])) {
			return true
		}
		// The head noun: last, or followed by a participle ("the article
		// published Friday"); "law enforcement officials" is no law.
		head := k+1 == len(s.sourceWords) || strings.HasSuffix(s.v.word(s.sourceWords[k+1]), "ed") || afterHead[s.v.word(s.sourceWords[k+1])]
		if head && writtenMedia[w] && (!s.v.capitalized(i) || k > 0 && determiners[s.v.word(s.sourceWords[k-1])]) {
			return true
		}
	}
	return false
}

// afterHead are words that follow the head noun of a source: "a report
// by the agency", "the letter from the mayor".
var afterHead = set("by", "from", "in", "on", "to", "released", "published", "obtained", "sent", "filed", "issued")

// determiners open a noun phrase.
var determiners = set("the", "a", "an", "this", "that", "his", "her", "their", "its", "our", "my", "your")

// mediumIntroducers are the words that put a medium next to a cue: "in a
// statement", "issued a letter", "via email".
var mediumIntroducers = set("in", "issued", "released", "posted", "published", "via", "through", "sent", "wrote", "signed")

// writtenMedium reports whether a written medium is named in the cue or
// near it in its sentence, outside the content: "said in a statement",
// "In the order, the judge said", "released a statement confirming".
func writtenMedium(s *stmt) bool {
	if s.head < 0 {
		return false
	}
	v := s.v
	sent := v.d.SentenceOf(s.head)
	if sent < 0 {
		return false
	}
	sr := v.d.Sentences[sent]
	lo, hi := max(sr.Start, s.cueStart-8), min(sr.End, s.cueEnd+8)
	for i := lo; i < hi; i++ {
		if s.content.has(i) || !mediumIntroducers[v.word(i)] {
			continue
		}
		// Before the cue, only a phrase opening the sentence or a clause
		// ("In a letter, she wrote"), not "the course that appeared in
		// his book was wrong, but he said".
		if i < s.cueStart && i > sr.Start && v.word(i-1) != "," && s.cueStart-i > 6 {
			continue
		}
		// introducer, optional determiner and adjectives, medium
		for j := i + 1; j < min(hi, i+5); j++ {
			if s.content.has(j) || !v.isWord(j) {
				break
			}
			w := v.word(j)
			if writtenMedia[w] && (j > i+1 || v.word(i) != "in") {
				return true
			}
			if j == i+1 && !determiners[w] && v.word(i) == "in" {
				break // "in order to", "in writing"
			}
		}
	}
	return false
}

// addresseeMedia are the nouns of "said in an interview with X", "in a
// letter to X", "on a conference call with X".
var addresseeMedia = set("interview", "conversation", "call", "letter", "message", "email", "meeting", "remarks",
	"speaking", "spoke", "talking", "talked", "explaining")

// mediumAddressee reports whether, when the cue's frame gives no target,
// the words of its sentence near the cue, outside the content, name an
// addressee through a medium or a verb of speaking ("in an interview with
// X", "Speaking to reporters, she said"), and sets the target.
func mediumAddressee(s *stmt) bool {
	if s.entry.target != noTarget || s.cueEnd <= 0 || s.label.Type == Thought || s.label.Type == Evidence {
		return false
	}
	v := s.v
	sent := v.d.SentenceOf(s.cueEnd - 1)
	if sent < 0 {
		return false
	}
	sr := v.d.Sentences[sent]
	lo, end := max(sr.Start, s.cueStart-10), min(sr.End, s.cueEnd+8)
	for i := lo; i+1 < end; i++ {
		if s.content.has(i) || s.cue.has(i) {
			continue
		}
		w, next := v.word(i), v.word(i+1)
		if addresseeMedia[w] && (next == "with" || next == "to") {
			r, _ := s.np(i + 2)
			if r.Len() > 0 && !s.content.has(r.Start) {
				s.label.Target = []text.Range{r}
				s.targetDone = true
				return true
			}
			return false
		}
	}
	return false
}

// questionContent reports whether the content is a single direct
// question: its last token before a closing quotation mark is "?" and it
// lies in one sentence.
func questionContent(s *stmt) bool {
	if s.label.Act != Assert || len(s.st.Content) == 0 {
		return false
	}
	v := s.v
	first := s.st.Content[0].Start
	last := s.st.Content[len(s.st.Content)-1].End - 1
	for last > first && v.d.Tokens[last].Kind == text.Quote {
		last--
	}
	if v.d.Form(last) != "?" {
		return false
	}
	for i := first; i < last; i++ {
		if f := v.d.Form(i); (f == "." || f == "!" || f == "?") && s.content.has(i) {
			return false
		}
	}
	return true
}

// negated reports whether the cue is negated: a negator in the cue ("did
// not deny", "have no idea"), just before it past auxiliaries and adverbs
// ("did not even say"), or a source that is nobody.
func negated(s *stmt) bool {
	v := s.v
	for _, r := range s.st.Cue {
		for i := r.Start; i < r.End; i++ {
			if negators[v.word(i)] {
				return true
			}
		}
	}
	for i, n := s.cueStart-1, 0; i >= 0 && n < 3 && v.isWord(i) && !s.content.has(i); i, n = i-1, n+1 {
		w := v.word(i)
		if negators[w] {
			return true
		}
		if !cueFillers[w] {
			break
		}
	}
	if len(s.sourceWords) > 0 {
		w := v.word(s.sourceWords[0])
		if w == "nobody" || w == "none" || w == "no" && len(s.sourceWords) > 1 && v.word(s.sourceWords[1]) == "one" {
			return true
		}
	}
	return false
}

// percents, anywhere in a source, and shares, heading it, make it a share
// of respondents: "a third of independents, 33%,", "a majority".
var (
	percents = set("%", "percent", "percentage")
	shares   = set("third", "half", "quarter", "majority", "plurality")
)

// addressingVerbs name an addressee right after them ("told the panel")
// or after "to"/"with" ("spoke to donors").
var addressingVerbs = set("told", "tells", "tell", "spoke", "speaking", "talked", "talking", "wrote", "writing")

// addressing reports whether w is a verb that can name an addressee: one
// of addressingVerbs, or a form of a speech verb of the table ("boasted
// to reporters").
func addressing(w string) bool {
	if addressingVerbs[w] {
		return true
	}
	lm, ok := lemmaOf(w, cueLemmas)
	return ok && w != lm && cueLemmas[lm].typ == Speech
}

// sharedAddressee reports whether a cue without a target of its own is a
// participle or a verb after "and" that continues an earlier verb of its
// sentence naming an addressee, and sets the target to that addressee.
func sharedAddressee(s *stmt) bool {
	if len(s.label.Target) > 0 || s.entry.target != noTarget || s.head < 0 || s.label.Type != Speech && s.label.Type != Writing {
		return false
	}
	v := s.v
	w := v.word(s.head)
	continues := len(w) > 4 && w[len(w)-3:] == "ing" || v.word(s.cueStart-1) == "and" || v.word(s.cueStart-1) == ","
	if !continues {
		return false
	}
	sent := v.d.SentenceOf(s.head)
	if sent < 0 {
		return false
	}
	for i := s.cueStart - 1; i >= v.d.Sentences[sent].Start && i >= s.cueStart-25; i-- {
		if s.content.has(i) || !addressing(v.word(i)) {
			continue
		}
		at := i + 1
		if p := v.word(at); p == "to" || p == "with" {
			at++
		} else if w := v.word(i); w != "told" && w != "tells" && w != "tell" {
			continue
		}
		if r, _ := s.np(at); r.Len() > 0 && r.End <= s.cueStart && !s.content.has(r.Start) {
			s.label.Target = []text.Range{r}
			s.targetDone = true
			return true
		}
		return false
	}
	return false
}

// namingVerbs are the cue lemmas of "called X Y", "described X as Y".
var namingVerbs = set("call", "describe", "refer", "label", "brand", "characterize", "dub")

// negativeJudgements and positiveJudgements are the words that make
// "called X Y" a criticism or a praise: common evaluative adjectives and
// nouns of political news (an open list; a word not listed leaves assert).
var (
	negativeJudgements = set(
		"liar", "liars", "lie", "lies", "disgrace", "disgraceful", "absurd", "ridiculous",
		"clumsy", "reckless", "dangerous", "disaster", "disastrous", "failure", "terrible",
		"horrible", "pathetic", "stupid", "dishonest", "corrupt", "crooked", "unfair",
		"outrageous", "shameful", "racist", "bigot", "fraud", "joke", "nonsense", "weak",
		"incompetent", "unacceptable", "irresponsible", "insane", "crazy", "hypocrite",
		"hypocritical", "illegal", "unconstitutional", "mistake", "wrong", "bad", "worst",
		"traitor", "extremist", "radical", "hater", "loser", "sham", "hoax", "witch",
		"despicable", "deplorable", "insult", "insulting", "offensive", "cowardly",
	)
	positiveJudgements = set(
		"great", "brilliant", "hero", "heroes", "excellent", "wonderful", "fantastic",
		"tremendous", "outstanding", "courageous", "brave", "remarkable", "best",
		"extraordinary", "admirable", "terrific", "historic", "visionary",
	)
)

// calledJudgement reports whether a naming cue ("called", "described
// ... as") is followed in its sentence, within eight tokens, by a judgement
// word, and sets the act and the target: the noun phrase named.
func calledJudgement(s *stmt) bool {
	if !namingVerbs[s.lemma] || s.label.Act != Assert || s.cueEnd <= 0 {
		return false
	}
	v := s.v
	end := min(v.sentenceEnd(s.cueEnd-1), s.cueEnd+8)
	for i := s.cueEnd; i < end; i++ {
		w := v.word(i)
		if v.capitalized(i) {
			continue // a name: the “Great Satan”
		}
		act := Assert
		switch {
		case negativeJudgements[w]:
			act = Criticize
		case positiveJudgements[w]:
			act = Praise
		default:
			continue
		}
		s.label.Act = act
		start := s.cueEnd
		if w := v.word(start); w == "to" { // referring to X as
			start++
		}
		if r, _ := s.np(start); r.Len() > 0 && r.End <= i {
			s.label.Target = []text.Range{r}
			s.targetDone = true
		}
		return true
	}
	return false
}

// passiveAimed reports whether an aimed cue is a passive participle ("has
// been criticized", "was accused") and sets the target to its subject: the
// relative pronoun, or the words just before the cue back to a
// punctuation mark or a function word, at most six.
func passiveAimed(s *stmt) bool {
	if s.entry.target != aimed || s.head < 0 || s.cueStart <= 0 {
		return false
	}
	v := s.v
	w := v.word(s.head)
	if !strings.HasSuffix(w, "ed") {
		return false
	}
	passive, from := false, s.cueStart
	for i := s.cueStart; i < s.head; i++ {
		if b := v.word(i); b == "been" || b == "was" || b == "were" || b == "is" || b == "are" || b == "be" {
			passive = true
		}
	}
	if b := v.word(s.cueStart - 1); b == "been" || b == "was" || b == "were" || b == "is" || b == "are" {
		passive = true
		from-- // the auxiliary outside the cue
	}
	if !passive {
		return false
	}
	end := from
	for end > 0 && cueFillers[v.word(end-1)] && v.word(end-1) != "who" {
		end-- // has been, had long been
	}
	if end <= 0 {
		return false
	}
	if r := v.word(end - 1); r == "who" || r == "which" || r == "that" {
		s.label.Target = []text.Range{{Start: end - 1, End: end}}
		s.targetDone = true
		return true
	}
	start := end
	for start > 0 && end-start < 6 && v.isWord(start-1) && !targetStops[v.word(start-1)] && !s.cue.has(start-1) && !s.content.has(start-1) {
		start--
	}
	if start == end {
		return false
	}
	s.label.Target = []text.Range{{Start: start, End: end}}
	s.targetDone = true
	return true
}

// cueMedia are the nouns of a written medium that make a cue writing when
// the cue holds them ("in his letter", "the email", "a news release").
// Fewer than writtenMedia: "note" (sounded a cautious note), "message"
// (her message of ...) and "order" are often not written.
var cueMedia = set(
	"statement", "statements", "letter", "letters", "memo", "memos", "email", "emails",
	"e-mail", "e-mails", "tweet", "tweets", "blog", "op-ed", "column", "editorial",
	"filing", "lawsuit", "release", "article", "book", "memoir", "ad", "ads",
	"advertisement", "platform", "plank", "post", "posts",
)

// writtenCueNoun reports whether a word of the cue, in lower case in the
// text, is a written medium.
func writtenCueNoun(s *stmt) bool {
	for _, r := range s.st.Cue {
		for i := r.Start; i < r.End; i++ {
			if cueMedia[s.v.word(i)] && !s.v.capitalized(i) {
				return true
			}
		}
	}
	return false
}
