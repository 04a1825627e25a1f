package attrib

import (
	"strings"

	"github.com/whosaid/whosaid/text"
)

// maxNP bounds a source noun phrase, in tokens, apart from an appositive.
const maxNP = 14

// maxAppositive bounds the appositive or relative clause of a source:
// "Eric Herzik, who chairs the political science department at the
// University of Nevada-Reno, said".
const maxAppositive = 24

// leftNP finds the noun phrase that ends just before token end, within
// the sentence starting at lo: the subject of a cue verb. It returns the
// start of the phrase and whether one was found.
func (v *view) leftNP(lo, end int) (int, bool) {
	t := end - 1
	if t < lo {
		return 0, false
	}
	if v.is(t, ",") {
		return v.appositive(lo, t)
	}
	return v.plainLeftNP(lo, end)
}

// appositive handles "NAME, APPOSITIVE," before a cue: comma is the index
// of the second comma. The whole stretch from the name to the comma is
// the source, as PolNeAR marks it.
func (v *view) appositive(lo, comma int) (int, bool) {
	for c := comma - 1; c >= lo && comma-c <= maxAppositive; c-- {
		if v.kind(c) == text.Quote {
			return 0, false
		}
		if !v.is(c, ",") {
			continue
		}
		if c+1 >= comma {
			return 0, false
		}
		// The appositive must look like one: a relative clause, a
		// description or a title.
		if !(v.is(c+1, "who", "whose", "which") || determiners[v.low(c+1)] || v.isCap(c+1) ||
			v.kind(c+1) == text.Number || v.is(c+1, "also", "herself", "himself", "themselves", "too", "meanwhile", "however")) {
			return 0, false
		}
		s, ok := v.plainLeftNP(lo, c)
		if !ok || !v.nameLike(s, c) {
			return 0, false
		}
		return s, true
	}
	return 0, false
}

// nameLike reports whether the phrase [s, e) holds a capitalized word or is
// a pronoun: a head an appositive can attach to.
func (v *view) nameLike(s, e int) bool {
	for i := s; i < e; i++ {
		if v.isCap(i) {
			return true
		}
	}
	return e-s == 1 && subjectPronouns[v.low(s)]
}

// plainLeftNP scans left from end-1 over a noun phrase without commas.
func (v *view) plainLeftNP(lo, end int) (int, bool) {
	t := end - 1
	if t < lo {
		return 0, false
	}
	if subjectPronouns[v.low(t)] && !v.isCap(t) || t == lo && subjectPronouns[v.low(t)] {
		if v.is(t, "it", "you") && t > lo && !v.isPunct(t-1) {
			// "called it", "told you": an object, not a subject.
			return 0, false
		}
		return t, true
	}
	good := -1
	for j := t; j >= lo && t-j < maxNP; j-- {
		w := v.low(j)
		k := v.kind(j)
		if k == text.Punct && w == ")" {
			// "Sen. Richard Blumenthal (D-Conn.)": skip the parenthesis.
			o := j - 1
			for o >= lo && !v.is(o, "(") && j-o < 8 {
				o--
			}
			if o < lo || !v.is(o, "(") || o == lo {
				break
			}
			j = o
			continue
		}
		if k == text.Number && j < t {
			good = j // "52 percent of voters"
			continue
		}
		if w == "." && j < t && v.initial(j-1) {
			continue // "Lisa M. Madigan"
		}
		if k == text.Dash && j < t && j > lo && v.isWord(j-1) && v.d.Tokens[j].Flags&text.SpaceBefore == 0 {
			continue // a hyphen inside a name
		}
		if k != text.Word {
			break
		}
		if npLinks[w] && j < t && j > lo {
			if w == "and" && !(v.isCap(j-1) && v.isCap(j+1)) {
				break
			}
			if w == "'s" {
				continue
			}
			// A link needs a phrase on both sides.
			if good < 0 {
				break
			}
			continue
		}
		if determiners[w] {
			good = j
			if v.is(j-1, "of", "for", "to") {
				continue
			}
			break
		}
		if v.stops(j, lo) {
			break
		}
		if _, isCue := lexiconWords[w]; isCue && j < t && !v.isCap(j) {
			break
		}
		good = j
	}
	if good < 0 {
		return 0, false
	}
	// Do not start on a link word.
	for good < end && npLinks[v.low(good)] {
		good++
	}
	if good >= end {
		return 0, false
	}
	return good, true
}

// rightNP finds the noun phrase that starts at token start, within a
// sentence ending at hi: the source after an inverted cue ("said Pauer").
// A time adverbial before it ("said on Thursday the official ...") is
// skipped. With appos, an appositive after a comma that runs to the end of
// the sentence joins the phrase ("said Mary Smith, a spokeswoman for the
// city.").
func (v *view) rightNP(start, hi int, appos bool) (text.Range, bool) {
	i := start
	// Skip "on Thursday", "in a statement", "last week".
	for k := i; k < hi && k-i < 4; k++ {
		if timeWords[v.low(k)] {
			if v.is(i, "on", "in", "at", "during", "last", "late", "earlier", "this") || k == i {
				i = k + 1
				if v.is(i, ",") {
					i++
				}
			}
			break
		}
	}
	j := i
	for j < hi && j-i < maxNP {
		w := v.low(j)
		k := v.kind(j)
		if k == text.Number && j > i {
			j++
			continue
		}
		if w == "." && j > i && v.initial(j-1) && v.isCap(j+1) {
			j++
			continue // "J. J. Price"
		}
		if k == text.Dash && j > i && v.d.Tokens[j].Flags&text.SpaceBefore == 0 {
			j++
			continue
		}
		if k == text.Punct && w == "(" {
			c := j + 1
			for c < hi && !v.is(c, ")") && c-j < 8 {
				c++
			}
			if c < hi && v.is(c, ")") {
				j = c + 1
				continue
			}
			break
		}
		if k != text.Word {
			break
		}
		if npLinks[w] && j > i {
			if w == "and" && !(v.isCap(j-1) && v.isCap(j+1)) {
				break
			}
			j++
			continue
		}
		if determiners[w] {
			j++
			continue
		}
		if v.stops(j, i) && !(j == i && subjectPronouns[w]) {
			break
		}
		if subjectPronouns[w] {
			j++
			break
		}
		// A verb ends the phrase: "Blackwell pointed to ...".
		if j > i && !v.isCap(j) && !determiners[v.low(j-1)] {
			if _, ok := lexiconWords[w]; ok || len(w) > 4 && strings.HasSuffix(w, "ed") {
				break
			}
		}
		j++
	}
	for j > i && npLinks[v.low(j-1)] {
		j--
	}
	if j == i || !v.nameLike(i, j) && !v.hasNoun(i, j) {
		return text.Range{}, false
	}
	// An appositive after a comma: "said Mary Smith, a spokeswoman for the
	// city."
	if appos && j+1 < hi && v.is(j, ",") && (v.isWord(j+1) || v.kind(j+1) == text.Number) && !v.is(j+1, "and", "but", "or", "so", "then", "adding", "saying") {
		e := j + 1
		for e < hi && (!v.is(e, ",", ".", ";", ":") || v.is(e, ".") && v.initial(e-1)) && v.kind(e) != text.Quote && e-j < maxAppositive {
			e++
		}
		if e >= hi || v.is(e, ".", ",") {
			if v.is(e, ",") {
				e++
			}
			j = e
		}
	}
	return text.Range{Start: i, End: j}, true
}

// accordingSource finds the source after "according to": everything up to
// the next comma or the end of the sentence, as PolNeAR marks it ("a
// January 2016 study by the Pew Research Center based on census data").
func (v *view) accordingSource(start, hi int) (text.Range, bool) {
	j := start
	for j < hi && j-start < maxAppositive && !v.is(j, ",", ";", ":", "(") && v.kind(j) != text.Quote && v.kind(j) != text.Dash {
		j++
	}
	if j == start || wordsIn(v, start, j) == 0 {
		return text.Range{}, false
	}
	if j-start >= maxAppositive {
		r, ok := v.rightNP(start, hi, false)
		return r, ok
	}
	// "according to its spokesman, Tom Reilly, the city ...": a name set
	// off by commas belongs to the source.
	if v.is(j, ",") {
		k := j + 1
		for k < hi && k-j <= 5 && (v.isCap(k) || v.initial(k-1) && v.is(k, ".")) {
			k++
		}
		if k > j+1 && k < hi && v.is(k, ",") && wordsIn(v, k+1, hi) >= 2 {
			j = k
		}
	}
	return text.Range{Start: start, End: j}, true
}

// initial reports whether token i is a single capital letter glued to a
// period after it: the initial of a name, which package text splits from
// its period.
func (v *view) initial(i int) bool {
	if !v.isCap(i) || i+1 >= v.n() || !v.is(i+1, ".") {
		return false
	}
	t := v.d.Tokens[i]
	return t.Byte.Len() == 1 && v.d.Tokens[i+1].Byte.Start == t.Byte.End
}

// hasNoun reports whether [s, e) holds a word that is neither a stop word
// nor a determiner: a description such as "the spokesman".
func (v *view) hasNoun(s, e int) bool {
	for i := s; i < e; i++ {
		w := v.low(i)
		if v.isWord(i) && !npStop[w] && !determiners[w] && !npLinks[w] {
			return true
		}
	}
	return false
}

// lexiconWords holds every form of every cue verb, for the noun phrase
// scanner to stop at.
var lexiconWords = newLexicon()
