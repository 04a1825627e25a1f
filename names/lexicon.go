// Package names is whosaid's one notion of a person's or organization's
// name: the lexicon of the words that surround names without being part of
// them (honorifics, titles and roles, clause openers, days and months, page
// labels), the words that belong inside names (particles such as "de" and
// "van"), the rules that split a run of capitalized words into a title and
// a name ([Split]), the display form of a name ([Display]), and the
// evidence a name, an honorific or a title gives of a person's gender
// ([FirstName], [Honorific], [TitleGender]).
//
// Package speaker uses it to name the speakers of an article; package ner
// uses the same rules to trim the person names it finds. All lookups take
// a word as written and fold it (lower case, curly apostrophes made
// straight) themselves.
package names

import "strings"

// Fold returns the form of a word or name used to compare it: lower case,
// with curly apostrophes written plainly ("O’brien" and "O'Brien" fold
// equal).
func Fold(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.ReplaceAll(s, "‘", "'")
	return s
}

// in reports whether the folded form of w is in m, without allocating for
// words of up to 64 bytes: the lookups of the hot path (every capitalized
// word of an article) fold into a buffer on the stack.
func in(m map[string]bool, w string) bool {
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || len(b) == len(buf) {
			return m[Fold(w)] // curly quotes and other letters: the slow path
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return m[string(b)]
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(words) {
		m[w] = true
	}
	return m
}

// honorifics are abbreviated titles and forms of address written before a
// name and never part of it: "Mr.", "Sen.", "Dr.".
var honorifics = set(`mr. mrs. ms. dr. sen. rep. gov. gen. lt. col. sgt. capt.
	prof. rev. pres. sir mr mrs ms dr sens. reps. govs. miss mmes. messrs.
	adm. maj. cmdr. supt. atty. amb. hon. msgr. dame`)

// Honorific reports whether w is an honorific or abbreviated title
// ("Mr.", "Sen.", "Dame") and the gender it gives, if any: Male for "Mr."
// and "Sir", Female for "Mrs.", "Ms.", "Miss" and "Dame".
func Honorific(w string) (Gender, bool) {
	if len(w) > 7 || !in(honorifics, w) {
		return Unknown, false // the longest honorific, "messrs.", has 7 bytes
	}
	switch f := Fold(w); f {
	case "mr.", "mr", "sir", "messrs.":
		return Male, true
	case "mrs.", "ms.", "mrs", "ms", "miss", "mmes.", "dame":
		return Female, true
	}
	return Unknown, true
}

// roles are heads of descriptions that stand for a person ("the US
// diplomat", "a spokesman"), and the titles written before a name
// ("President Obama", "Judge Carlton Reeves").
var roles = set(`diplomat ambassador minister secretary spokesman spokeswoman
	spokesperson representative president director mayor senator governor
	official chairman chairwoman chair leader candidate nominee adviser
	advisor aide envoy general chief executive head commissioner judge
	lawmaker congressman congresswoman strategist manager pollster analyst
	professor expert businessman mogul billionaire frontrunner front-runner
	attorney prosecutor officer source deputy premier king queen prince
	chancellor speaker founder ceo economist author writer columnist host
	anchor reporter activist lawyer scientist sheriff dockworker worker man
	woman`)

// Role reports whether w is a role word: the head of a description of a
// person ("the spokeswoman") or a title before a name ("Mayor").
func Role(w string) bool { return in(roles, w) }

// titlesBefore are the capitalized roles that, written before a run of
// capitalized words, are a title and not part of the name: "President
// Obama", "Chief Justice John Roberts", "Senate Minority Leader Harry
// Reid". "General" is one only after another title word ("Attorney
// General Loretta Lynch"): "General Motors" is a name.
var titlesBefore = set(`president vice senator governor mayor judge justice
	speaker secretary ambassador minister chancellor sheriff commissioner director chairman chairwoman chair leader
	chief deputy admiral rabbi bishop cardinal reverend pastor imam
	professor coach detective sergeant lieutenant captain colonel
	representative congressman congresswoman councilman councilwoman
	councilmember candidate nominee spokesman spokeswoman spokesperson
	executive ceo founder economist analyst strategist pollster anchor host
	commentator activist lawyer attorney prosecutor adviser advisor aide
	envoy delegate superintendent chancellor premier officer magistrate
	assemblyman assemblywoman state-senator treasurer comptroller auditor
	inspector surgeon whip counsel manager editor producer
	correspondent counselor`)

// generalAfter are the words after which "General" is a title:
// "Attorney General", "Surgeon General".
var generalAfter = set(`attorney surgeon inspector solicitor accountant
	adjutant postmaster secretary consul`)

// TitleBefore reports whether the capitalized word ws[i] of a run is a
// title before the rest of the run, not part of a name.
func TitleBefore(ws []string, i int) bool {
	if strings.EqualFold(ws[i], "general") {
		return i > 0 && in(generalAfter, ws[i-1])
	}
	return in(titlesBefore, ws[i])
}

// parties are words for members of a party or movement, which describe a
// person without naming one: "a Wisconsin Republican".
var parties = set(`republican democrat democratic independent libertarian
	conservative liberal progressive socialist tory gop`)

// Party reports whether w names a member of a political party
// ("Republican", "Democrat").
func Party(w string) bool { return in(parties, w) }

// openers are function words, adverbs and quantifiers that can open a
// sentence or clause capitalized and never begin a name: "Maybe Trump",
// "Why Obama", "Both Clinton and Sanders", "According".
var openers = set(`the a an in on at but and or if when as for of to by with
	after before this that these those he she it they we i you his her their
	its our my your speaking according meanwhile however said says then
	while both also though although because since until unless once like
	unlike maybe perhaps why how what where whether yet plus instead indeed
	even still just only not no nor every each some many most all few
	several other others such here there thus hence so now whom whose which
	who besides despite during without within among amid via i'm i've i'd
	i'll one everything everyone everybody nothing nobody something someone
	somebody anything anyone anybody given including asked told added`)

// Opener reports whether w, capitalized, is a function word or clause
// opener that never begins a name ("The", "Maybe", "Why", "Both").
func Opener(w string) bool { return in(openers, w) }

// sentenceOpeners are capitalized words that, alone at the start of a
// sentence, are more likely a common word than a name ("May we ...",
// "Will it ..."), though they can be names elsewhere.
var sentenceOpeners = set(`may will can could would should must might so yet
	still now then here there what why how who where while since last next
	one many some most all both no not even just only also today yesterday
	each every such`)

// SentenceOpener reports whether w, alone at the start of a sentence, is
// more likely a common word than a name ("May", "Will").
func SentenceOpener(w string) bool { return in(sentenceOpeners, w) }

// times are days, months and other words of time, which set a scene and
// name no one: "a poll released Saturday", "Wednesday Acme".
var times = set(`monday tuesday wednesday thursday friday saturday sunday
	today yesterday tonight tomorrow january february march april june july
	august september october november december mon. tue. tues. wed. thu.
	thur. thurs. fri. sat. sun. jan. feb. mar. apr. jun. jul. aug. sep.
	sept. oct. nov. dec.`)

// Time reports whether w is a day, a month (but "May", also a name) or
// "today", "yesterday", "tonight", "tomorrow".
func Time(w string) bool {
	if in(times, w) {
		return true
	}
	// "Tuesday's", "Monday’s".
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if b, ok := strings.CutSuffix(w, suf); ok {
			return in(times, b)
		}
	}
	return false
}

// particles are lower-case words that belong inside a name: "Ludwig van
// Beethoven", "Charles de Gaulle", "Osama bin Laden".
var particles = set(`de da das do dos del della der di du la le van von den
	ter ten bin ibn al el st. y zu`)

// Particle reports whether w is a name particle ("van", "de", "bin").
func Particle(w string) bool { return in(particles, w) }

// pageLabels are the words of a web page's furniture that a text
// extraction leaves in an article ("WATCH:", "READ MORE"), never a
// speaker.
var pageLabels = set(`watch read more related advertisement video photo
	photos listen click here subscribe share see also updated update
	breaking exclusive byline`)

// interviewLabels mark the turns of an interview printed as questions
// and answers ("Q: How did it go?" "A: Badly."): the interviewer, or the
// person interviewed, whom the label does not name.
var interviewLabels = set(`q q. a a.`)

// PageLabel reports whether a phrase is made only of page labels: "WATCH",
// "READ MORE", "Related", "Advertisement"; or is an interview's label
// alone: "Q", "A".
func PageLabel(phrase string) bool {
	if f := strings.Trim(strings.TrimSpace(phrase), ":"); f != "" && in(interviewLabels, f) {
		return true
	}
	n := 0
	for w := range strings.FieldsSeq(Fold(phrase)) {
		w = strings.Trim(w, ":.|-—–»›>")
		if w == "" {
			continue
		}
		if !pageLabels[w] {
			return false
		}
		n++
	}
	return n > 0
}

// organizations are words that mark a phrase naming an organization or
// institution: "the Justice Department", "the Clinton campaign".
var organizations = set(`ministry department committee council party campaign agency office
	administration government commission bureau court senate congress house
	parliament union association institute university foundation center
	centre company corporation corp. inc. group network newspaper times post
	news journal press magazine service army police authority board fund
	bank kremlin pentagon coalition organization organisation team staff
	spokesperson's cnn fbi cia nato un gop dnc rnc ap reuters cooperative
	co-op federation alliance trust league society caucus firm club hospital
	church airline airlines industries council's politico politifact
	breitbart watch state`)

// Organization reports whether w marks a phrase naming an organization
// ("ministry", "campaign", "Inc.").
func Organization(w string) bool { return in(organizations, w) }

// documents are nouns for what is written or counted, which speak without
// being anyone: "Poll: Clinton leads", "Report says".
var documents = set(`poll polls survey surveys study studies report reports
	analysis memo audit data census filing ad ads statement`)

// Document reports whether w is a noun for a document, poll or study
// ("Poll", "Report").
func Document(w string) bool { return in(documents, w) }

// prepositions are the words that, before a run of capitalized words, make
// it the complement of a description: "a spokesman for Mayor Ivo Lund",
// "aides to Senator Dana Holm".
var prepositions = set(`for to of at with from by on in behind about`)

// Preposition reports whether w is a preposition that makes the name
// after it the complement of a description ("for", "to", "by").
func Preposition(w string) bool { return in(prepositions, w) }

// links are the lower-case words that, after a person's name, open a
// phrase saying where the person comes from or works, which is no part of
// the name: "Senator Ted Cruz of Texas", "Dan Keller at the Harbor
// Review", "Ada Lind from Acme".
var links = set(`of at from with`)

// Link reports whether w, after a person's name, opens a phrase of origin
// or workplace ("of", "at", "from", "with").
func Link(w string) bool { return in(links, w) }
