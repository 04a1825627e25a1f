package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parts is a run of capitalized words split into its name and what
// surrounds it.
type Parts struct {
	// Title holds the words before the name that are a title or role:
	// "President", "Sen.", "U.S. District Judge".
	Title []string
	// Name holds the words of the name; empty when the run held none.
	Name []string
	// Honorific is set when an honorific came before the name ("Mr.",
	// "Sen."); Gender is what it gives.
	Honorific bool
	Gender    Gender
	// Dropped counts the words removed that are neither title nor name:
	// clause openers, days and months, a possessive ending.
	Dropped int
}

// A rule is one of the small matchers Split applies: it looks at p and, if
// it applies, changes it and reports true. (It takes and returns Parts by
// value, so that Split's Parts stays on the stack.)
type rule struct {
	name  string
	apply func(p Parts) (Parts, bool)
}

// rules are Split's matchers, applied in this order, each repeated while
// it applies, and the whole list again until none applies.
var rules = []rule{
	// "Hillary Clinton's", "Sanders’": a possessor is named without the
	// possessive ending.
	{"possessive", func(p Parts) (Parts, bool) {
		n := len(p.Name)
		if n == 0 {
			return p, false
		}
		w := p.Name[n-1]
		switch w {
		case "'s", "’s", "'", "’":
			p.Name = p.Name[:n-1]
			p.Dropped++
			return p, true
		}
		for _, suf := range []string{"'s", "’s", "'S", "’S"} {
			if b, ok := strings.CutSuffix(w, suf); ok && b != "" {
				p.Name = append(p.Name[:n-1:n-1], b)
				p.Dropped++
				return p, true
			}
		}
		for _, suf := range []string{"s'", "s’"} {
			if strings.HasSuffix(w, suf) && len(w) > 3 {
				p.Name = append(p.Name[:n-1:n-1], strings.TrimRight(w, "'’"))
				p.Dropped++
				return p, true
			}
		}
		return p, false
	}},
	// "Maybe Trump", "Why Obama", "Both Clinton": a clause opener is no
	// part of a name.
	{"opener", func(p Parts) (Parts, bool) {
		if len(p.Name) == 0 || !Opener(p.Name[0]) {
			return p, false
		}
		p.Name = p.Name[1:]
		p.Dropped++
		return p, true
	}},
	// "Wednesday Acme", "United States Tuesday": days and months name no
	// one.
	{"time", func(p Parts) (Parts, bool) {
		switch n := len(p.Name); {
		case n == 0:
			return p, false
		case Time(p.Name[0]):
			p.Name = p.Name[1:]
		case Time(p.Name[n-1]):
			p.Name = p.Name[:n-1]
		default:
			return p, false
		}
		p.Dropped++
		return p, true
	}},
	// "Democrat Sen. Benjamin L. Cardin", "Mr. Smith": the name follows
	// the last honorific.
	{"honorific", func(p Parts) (Parts, bool) {
		k := -1
		for i := 0; i < len(p.Name)-1; i++ {
			if g, ok := Honorific(p.Name[i]); ok {
				k = i
				p.Gender = g
			}
		}
		if k < 0 {
			return p, false
		}
		p.Honorific = true
		p.Title = append(p.Title, p.Name[:k+1]...)
		p.Name = p.Name[k+1:]
		return p, true
	}},
	// "President Obama", "U.S. District Judge James C. Cacheris", "Senate
	// Minority Leader Harry M. Reid": the name follows the last title.
	{"title", func(p Parts) (Parts, bool) {
		k := -1
		for i := 0; i < len(p.Name)-1; i++ {
			if TitleBefore(p.Name, i) {
				k = i
			}
		}
		if k < 0 {
			return p, false
		}
		for _, w := range p.Name[k+1:] {
			if Organization(w) {
				return p, false // "Justice Department"
			}
		}
		p.Title = append(p.Title, p.Name[:k+1]...)
		p.Name = p.Name[k+1:]
		return p, true
	}},
	// "Wisconsin Republican Ron Johnson", "State John F. Kerry" (of
	// "Secretary of State John F. Kerry"): a word that is no first name
	// before a first name and at least one more word is a description.
	{"before a first name", func(p Parts) (Parts, bool) {
		n := len(p.Name)
		if n < 3 || Party(p.Name[n-1]) {
			return p, false
		}
		for j := 1; j < n-1; j++ {
			w := p.Name[j-1]
			if IsFirstName(w) || Particle(w) || isInitial(w) || !allLetters(w) && !Party(w) {
				return p, false
			}
			if IsFirstName(p.Name[j]) && !Particle(p.Name[j]) && !isInitial(p.Name[j]) {
				p.Title = append(p.Title, p.Name[:j]...)
				p.Name = p.Name[j:]
				return p, true
			}
		}
		return p, false
	}},
}

// Split splits a run of capitalized words (with any initials' periods
// attached: "C.") into title and name by the rules above, in order:
// possessive endings, clause openers and days are dropped; honorifics,
// titles and descriptions before a first name go to the title. Split never
// changes ws; Name may share its array.
func Split(ws []string) Parts { return split(ws, rules) }

// edgeRules are the rules of Split that take off what is never part of a
// name whatever convention a tagger follows: possessive endings, clause
// openers, days. Honorifics and titles are part of a person's name in
// CoreNLP's convention, which package ner learned ("Mr. Smith" is one
// PERSON); taking honorifics off its names too scores 0.5436 instead of
// 0.5427 F1 on UNER EWT test but 0.8823 instead of 0.8852 in agreement
// with CoreNLP on PolNeAR dev.
var edgeRules = rules[:3]

func split(ws []string, rs []rule) Parts {
	p := Parts{Name: ws[:len(ws):len(ws)]}
	for changed := true; changed; {
		changed = false
		for _, r := range rs {
			for {
				q, ok := r.apply(p)
				if !ok {
					break
				}
				p, changed = q, true
			}
		}
	}
	return p
}

// Bounds returns where the name of a run of words lies in it, by the
// rules of Split that hold for any tagger (possessive endings, clause
// openers, days; see edgeRules): ws[i:j] is the name. i == j when the run holds no
// name. A possessive ending written inside the last word ("Clinton's")
// stays in ws[j-1].
func Bounds(ws []string) (i, j int) {
	p := split(ws, edgeRules)
	if len(p.Name) == 0 {
		return 0, 0
	}
	for i = len(p.Title); i < len(ws); i++ {
		if ws[i] == p.Name[0] || len(p.Name) == 1 && strings.HasPrefix(ws[i], p.Name[0]) {
			break
		}
	}
	j = min(i+len(p.Name), len(ws))
	return i, j
}

// Person reports whether the parts of a run name a person by their form
// alone, whatever follows them: an honorific before the name ("Mr.
// Burk"), or a name of two to four words, with no organization word, that
// opens with a first name ("Ted Cruz") or follows a title ("Senator Ivo
// Lund", "House Speaker Paul D. Ryan"). A title alone ("Secretary" of "Secretary of State") or an
// organization ("Bank", "Royal Bank") is no person.
func (p Parts) Person() bool {
	n := len(p.Name)
	if n == 0 || n > 4 {
		return false
	}
	for _, w := range p.Name {
		if Organization(w) {
			return false
		}
	}
	if p.Honorific {
		return true
	}
	if n < 2 || isInitial(p.Name[0]) || Particle(p.Name[0]) {
		return false
	}
	return IsFirstName(p.Name[0]) || len(p.Title) > 0
}

// Conjoined reports whether the words of a name join two or more names
// by "and" or "&" ("Rubio and Cruz", "Mr. Smith and Mr. Jones"): a group
// of people, never one person, and the name of no one speaker.
func Conjoined(ws []string) bool {
	for i := 1; i < len(ws)-1; i++ {
		if w := ws[i]; (w == "and" || w == "&") && isCapWord(ws[i-1]) && isCapWord(ws[i+1]) {
			return true
		}
	}
	return false
}

func isCapWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// RuleNames lists the names of Split's rules, in the order they apply.
func RuleNames() []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.name
	}
	return out
}

func isInitial(w string) bool {
	return strings.HasSuffix(w, ".") && utf8.RuneCountInString(w) == 2
}

func allLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// Display returns the words of a name as they should be shown: a name of
// two or more words written all in capitals ("JOHN SMITH", "AUSTRALIAN
// OLYMPIC TEAM") in its usual case ("John Smith", "Australian Olympic
// Team"). Acronyms stay as written: a name of one word ("CNN", "NAACP",
// "AFL-CIO"), a word with periods ("F.B.I."), a word of at most three
// letters that is no first name ("USA TODAY" is "USA Today", "AL GORE" is
// "Al Gore"). A name with any lower-case letter is left alone ("McCain").
func Display(ws []string) []string {
	if len(ws) < 2 {
		return ws
	}
	for _, w := range ws {
		for _, r := range w {
			if unicode.IsLower(r) {
				return ws
			}
		}
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		n := 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				n++
			}
		}
		switch {
		case strings.Contains(strings.TrimSuffix(w, "."), "."), n <= 3 && !IsFirstName(w) && !Opener(w):
			out[i] = w
		default:
			out[i] = titleCase(w)
		}
	}
	return out
}

// titleCase writes a word in capitals in its usual case: "SMITH" Smith,
// "O'BRIEN" O'Brien, "SMITH-JONES" Smith-Jones, "MCCAIN" Mccain (the
// inner capital of Mc and Mac names cannot be told from the capitals).
func titleCase(w string) string {
	var b strings.Builder
	start := true
	for _, r := range w {
		if start {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = !unicode.IsLetter(r)
	}
	return b.String()
}
