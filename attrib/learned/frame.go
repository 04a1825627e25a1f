package learned

import "github.com/whosaid/whosaid/text"

// Frame features (Options.Frame) describe what a candidate cue takes
// rather than what it is, so that they carry over to cue words seen
// rarely or never in training: nouns ("his claim that"), adjectives
// ("critical of", "confident that") and phrases ("drew criticism for",
// "made mention of") as much as verbs. For each token they record the
// first complement marker among the next frameReach tokens of its
// sentence (a "that" or "whether" clause, a "to" infinitive, a quotation,
// a colon, an "on/about/for/of/over/against" complement) with its distance,
// the kind of word before it that could be its subject, and the coarse
// class of its tag.

// Complement markers.
const (
	frNone uint8 = iota
	frThat
	frWh // whether, if, how, why, what
	frTo
	frQuote
	frColon
	frPrep // on, about, for, of, over, against, with, regarding
	frComma
	nFrame
)

// framePriority ranks the markers when several follow a word: a clause
// or quotation ("told reporters on Tuesday that") over an infinitive over
// a prepositional complement over a comma.
var framePriority = [nFrame]uint8{frThat: 0, frWh: 0, frQuote: 0, frColon: 0, frTo: 1, frPrep: 2, frComma: 3}

// frameReach is how many tokens after a word its complement marker may
// be found ("told reporters on Tuesday that" reaches past the recipient).
const frameReach = 4

var frameWords = map[string]uint8{
	"that": frThat, "whether": frWh, "if": frWh, "how": frWh, "why": frWh, "what": frWh,
	"to": frTo, ":": frColon, ",": frComma,
	"on": frPrep, "about": frPrep, "for": frPrep, "of": frPrep, "over": frPrep,
	"against": frPrep, "with": frPrep, "regarding": frPrep,
}

// Subject classes of the words before a token.
const (
	sjNone uint8 = iota
	sjPronoun
	sjName
	sjNoun
	nSubj
)

// Coarse tag classes.
const (
	tcOther uint8 = iota
	tcVerb
	tcNoun
	tcAdj
	tcAdv
	tcPrep
	nTagClass
)

func tagClass(t string) uint8 {
	if t == "" {
		return tcOther
	}
	switch t[0] {
	case 'V', 'M':
		return tcVerb
	case 'N':
		return tcNoun
	case 'J':
		return tcAdj
	case 'R':
		return tcAdv
	}
	if t == "IN" || t == "TO" {
		return tcPrep
	}
	return tcOther
}

// setFrames fills p.frame, p.frameDist, p.subj and p.tagc, once.
func (p *prep) setFrames() {
	if p.frame != nil {
		return
	}
	n := len(p.low)
	p.frame = make([]uint8, n)
	p.frameDist = make([]uint8, n)
	p.subj = make([]uint8, n)
	p.tagc = make([]uint8, n)
	for i := range n {
		if p.pos != nil {
			p.tagc[i] = tagClass(p.pos[i])
		}
		end := p.d.Sentences[p.sent[i]].End
		for j := i + 1; j < min(i+1+frameReach, end, n); j++ {
			fr, ok := frameWords[p.low[j]]
			if p.d.Tokens[j].Kind == text.Quote {
				fr, ok = frQuote, true
			}
			if ok && (p.frame[i] == frNone || framePriority[fr] < framePriority[p.frame[i]]) {
				p.frame[i], p.frameDist[i] = fr, uint8(j-i)
			}
			if l := p.low[j]; l == "." || l == ";" {
				break
			}
		}
		start := p.d.Sentences[p.sent[i]].Start
		for j := i - 1; j >= max(i-3, start); j-- {
			l := p.low[j]
			if l == "," || l == ";" || l == ":" || l == "\"" {
				break
			}
			if p.pos == nil {
				continue
			}
			switch t := p.pos[j]; t {
			case "PRP":
				p.subj[i] = sjPronoun
			case "NNP", "NNPS":
				p.subj[i] = sjName
			case "NN", "NNS":
				p.subj[i] = sjNoun
			}
			if p.subj[i] != sjNone {
				break
			}
		}
	}
}

// frameCueFeatures adds the frame features of token i to the cue
// tagger's.
func frameCueFeatures(f *fb, p *prep, i, prev int, lex uint8) {
	tc, fr, fd, sj := int(p.tagc[i]), int(p.frame[i]), int(p.frameDist[i]), int(p.subj[i])
	f.start(40)
	f.i(tc).i(fr).i(fd).done()
	f.start(41)
	f.i(tc).i(fr).i(int(lex)).done()
	f.start(42)
	f.i(tc).i(sj).i(fr).done()
	f.start(43)
	f.i(tc).i(fr).i(fd).i(prev).a(roleAtoms[p.role[i]]).done()
}

// frameTemplateNames lists the frame templates for the fingerprint.
var frameTemplateNames = []string{"frame40", "frame41", "frame42", "frame43"}
