package attrib

import "strings"

// class tells how a cue verb takes its content.
type class uint8

const (
	// speech verbs take a clause or a quotation: said (that) ..., "...," he said.
	speech class = iota
	// recipient verbs name a listener before the clause: told reporters (that) ...
	recipient
	// object verbs take their content as an object: urged the party to ...,
	// accused him of ..., called on members to ...; they never come after a
	// quotation with an inverted subject.
	object
)

// cueVerb describes one inflected form of a cue verb.
type cueVerb struct {
	class class
	// particle is a word that joins the verb into the cue when it follows
	// it: called on, called for, pointed out.
	particles []string
	// needParticle, quoteOnly, needNext and weak as in verbSpec.
	needParticle, quoteOnly, weak bool
	needNext                      string
}

// verbSpec lists a cue verb by its lemma, with the forms that the regular
// rules get wrong ("said", "told", "wrote").
type verbSpec struct {
	lemma     string
	irregular []string // every form when the verb is irregular, else nil
	class     class
	particles []string
	// needParticle: the verb is a cue only with its particle (pointed out).
	needParticle bool
	// quoteOnly: the verb is a cue only next to a quotation (“...,” he
	// continued).
	quoteOnly bool
	// needNext: the verb is a cue only when this word follows it, outside
	// the cue ("plans to", "found that").
	needNext string
	// weak: a verb of thought, intention or evidence, whose statements
	// yield to those of speech verbs where they overlap ("..., a state
	// she hoped to carry, the race will be tight, said X").
	weak bool
}

// cueVerbs is the verb cue lexicon. The lemmas are the verb heads of the
// gold cue spans of PolNeAR's train split (840 articles, 19,868 relations)
// that occur at least 15 times and mostly introduce a clause or a
// quotation, in decreasing order of frequency: say alone heads 4,482 cue
// spans, tell 409, write 249, ask 238, call 238, add 220. Verbs of
// perception and feeling that PolNeAR also marks (see, want, think) are
// left out: alone they find more non-statements than statements.
var cueVerbs = []verbSpec{
	{lemma: "say", irregular: []string{"say", "says", "said", "saying"}},
	{lemma: "tell", irregular: []string{"tell", "tells", "told", "telling"}, class: recipient},
	{lemma: "write", irregular: []string{"write", "writes", "wrote", "writing", "written"}},
	{lemma: "ask", class: object, particles: []string{"about", "for"}},
	{lemma: "call", class: object, particles: []string{"on", "for"}},
	{lemma: "add"},
	{lemma: "report", irregular: []string{"reported", "reports", "reporting"}},
	{lemma: "note"},
	{lemma: "announce"},
	{lemma: "suggest"},
	{lemma: "tweet", irregular: []string{"tweeted", "tweeting"}},
	{lemma: "argue"},
	{lemma: "explain"},
	{lemma: "acknowledge"},
	{lemma: "accuse", class: object},
	{lemma: "criticize", class: object},
	{lemma: "declare"},
	{lemma: "respond", particles: []string{"to"}},
	{lemma: "recall"},
	{lemma: "cite", class: object},
	{lemma: "conclude"},
	{lemma: "claim"},
	{lemma: "urge", class: object},
	{lemma: "warn", class: recipient, particles: []string{"of"}},
	{lemma: "insist"},
	{lemma: "state", irregular: []string{"stated"}},
	{lemma: "reply"},
	{lemma: "predict"},
	{lemma: "promise"},
	{lemma: "pledge"},
	{lemma: "vow"},
	{lemma: "reveal"},
	{lemma: "stress"},
	{lemma: "emphasize"},
	{lemma: "confirm"},
	{lemma: "deny"},
	{lemma: "admit"},
	{lemma: "assert"},
	{lemma: "contend"},
	{lemma: "maintain"},
	{lemma: "observe"},
	{lemma: "remark", irregular: []string{"remarked", "remarking"}},
	{lemma: "mention"},
	{lemma: "point", particles: []string{"out"}, needParticle: true},
	{lemma: "complain"},
	{lemma: "agree"},
	{lemma: "propose"},
	{lemma: "believe"},
	{lemma: "announce"},
	{lemma: "indicate"},
	{lemma: "estimate"},
	{lemma: "charge"},
	{lemma: "allege"},
	{lemma: "assure", class: recipient},
	{lemma: "inform", class: recipient},
	{lemma: "remind", class: recipient},
	{lemma: "testify"},
	{lemma: "concede"},
	{lemma: "exclaim"},
	{lemma: "joke"},
	{lemma: "quip"},
	{lemma: "shout"},
	{lemma: "continue", quoteOnly: true},
	{lemma: "blame", class: object},
	{lemma: "praise", class: object},
	{lemma: "condemn", class: object},
	{lemma: "demand"},
	{lemma: "reiterate"},
	{lemma: "signal"},
	{lemma: "speculate"},
	{lemma: "wonder"},
	{lemma: "hint"},
	{lemma: "boast"},
	{lemma: "lament"},
	{lemma: "recount"},
	{lemma: "counter"},
	{lemma: "retort"},
	{lemma: "caution"},
	// Verbs of thought, intention and evidence that PolNeAR marks too.
	{lemma: "think", irregular: []string{"think", "thinks", "thought", "thinking"}, weak: true},
	{lemma: "want", weak: true},
	{lemma: "hope", weak: true},
	{lemma: "show", irregular: []string{"show", "shows", "showed", "shown", "showing"}, weak: true},
	{lemma: "find", irregular: []string{"finds", "found"}, needNext: "that", weak: true},
	{lemma: "describe", class: object, weak: true},
	{lemma: "endorse", class: object, weak: true},
	{lemma: "support", irregular: []string{"supports", "supported", "supporting"}, class: object, weak: true},
	{lemma: "decline", weak: true},
	{lemma: "expect", weak: true},
	{lemma: "know", irregular: []string{"know", "knows", "knew"}, weak: true},
	{lemma: "see", irregular: []string{"see", "sees", "saw", "seen"}, weak: true},
	{lemma: "plan", irregular: []string{"plans", "planned", "planning"}, needNext: "to", weak: true},
	{lemma: "refuse", weak: true},
	{lemma: "defend", class: object, weak: true},
	{lemma: "oppose", class: object, weak: true},
	{lemma: "fear", weak: true},
	{lemma: "worry", irregular: []string{"worry", "worries", "worried"}, weak: true},
	{lemma: "feel", irregular: []string{"feel", "feels", "felt"}, weak: true},
	{lemma: "reject", class: object, weak: true},
	{lemma: "dismiss", class: object, weak: true},
	{lemma: "attack", irregular: []string{"attacked", "attacking"}, class: object, weak: true},
	{lemma: "seem", irregular: []string{"seems", "seemed"}, weak: true},
	{lemma: "appear", irregular: []string{"appears", "appeared"}, weak: true},
	{lemma: "consider", weak: true},
	{lemma: "express", class: object, weak: true},
	{lemma: "seek", irregular: []string{"seeks", "sought", "seeking"}, weak: true},
	{lemma: "suspect", weak: true},
	{lemma: "doubt", weak: true},
	{lemma: "recommend", weak: true},
	{lemma: "encourage", class: object, weak: true},
	{lemma: "question", irregular: []string{"questioned", "questioning"}, class: object, weak: true},
	{lemma: "discuss", class: object, weak: true},
	{lemma: "talk", particles: []string{"about"}, weak: true},
	{lemma: "speak", irregular: []string{"spoke", "speaks"}, particles: []string{"about", "of"}, needParticle: true, weak: true},
	{lemma: "understand", irregular: []string{"understand", "understands", "understood"}, weak: true},
	{lemma: "guess", weak: true},
	{lemma: "imagine", weak: true},
	{lemma: "assume", weak: true},
	{lemma: "learn", weak: true},
	{lemma: "decide", weak: true},
	{lemma: "threaten", weak: true},
	{lemma: "invite", class: object, weak: true},
	{lemma: "blast", irregular: []string{"blasted", "blasting"}, class: object, weak: true},
	{lemma: "denounce", class: object, weak: true},
	{lemma: "back", irregular: []string{"backed", "backing"}, class: object, weak: true},
	{lemma: "echo", irregular: []string{"echoed", "echoing"}, weak: true},
	{lemma: "mock", irregular: []string{"mocked", "mocking"}, class: object, weak: true},
	{lemma: "refer", irregular: []string{"refers", "referred", "referring"}, particles: []string{"to"}, needParticle: true, weak: true},
	{lemma: "repeat", irregular: []string{"repeated", "repeating"}, weak: true},
	{lemma: "order", irregular: []string{"ordered"}, class: object, weak: true},
	{lemma: "vote", irregular: []string{"voted"}, particles: []string{"for", "against"}, needParticle: true, weak: true},
}

// verbForms returns the forms of a regular verb: lemma, -s, -ed, -ing.
func verbForms(l string) []string {
	switch {
	case strings.HasSuffix(l, "e"):
		return []string{l, l + "s", l + "d", l[:len(l)-1] + "ing"}
	case strings.HasSuffix(l, "y") && len(l) > 2 && !strings.ContainsRune("aeiou", rune(l[len(l)-2])):
		return []string{l, l[:len(l)-1] + "ies", l[:len(l)-1] + "ied", l + "ing"}
	case l == "admit" || l == "quip" || l == "allot":
		return []string{l, l + "s", l + l[len(l)-1:] + "ed", l + l[len(l)-1:] + "ing"}
	case strings.HasSuffix(l, "sh") || strings.HasSuffix(l, "ss") || strings.HasSuffix(l, "ch"):
		return []string{l, l + "es", l + "ed", l + "ing"}
	}
	return []string{l, l + "s", l + "ed", l + "ing"}
}

// auxiliaries and adverbs that sit between a source and its cue verb and
// belong to the cue in PolNeAR ("has said" 63 times in train, "also said"
// 36, "has also called on").
var cueModifiers = set(
	"has", "have", "had", "is", "was", "are", "were", "will", "would", "had",
	"also", "later", "repeatedly", "previously", "recently", "publicly",
	"then", "just", "already", "often", "once", "again", "still", "never",
	"reportedly", "quickly", "only", "even", "first", "further", "flatly",
	"privately", "openly", "explicitly", "frequently", "initially",
	"subsequently", "simply", "bluntly", "angrily", "directly", "specifically",
	"formally", "separately", "similarly", "likewise", "immediately",
	"correctly", "falsely", "wrongly", "famously", "notably", "elsewhere",
	"has", "did", "does", "do", "not", "n't", "might", "may", "can", "could",
	"should", "must", "now", "since", "long", "also", "both", "all",
)

// set builds a lookup set.
func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// lexicon maps lower-case forms to their cue verb.
type lexicon map[string]cueVerb

func newLexicon() lexicon {
	lx := lexicon{}
	for _, v := range cueVerbs {
		forms := v.irregular
		if forms == nil {
			forms = verbForms(v.lemma)
		}
		for _, f := range forms {
			lx[f] = cueVerb{class: v.class, particles: v.particles, needParticle: v.needParticle, quoteOnly: v.quoteOnly, weak: v.weak, needNext: v.needNext}
		}
	}
	return lx
}
