package speaker

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/names"
	"github.com/whosaid/whosaid/text"
)

// mentionKind tells what a source mention is made of.
type mentionKind uint8

const (
	named        mentionKind = iota // holds a name: "Secretary of State John Kerry"
	pronoun                         // he, she, they, it, who
	description                     // no name: "the us diplomat", "US Ambassador to the UN"
	organization                    // an institution: "the Russian foreign Ministry"
	noSpeaker                       // a page label: "WATCH", "READ MORE"
)

// mention is one source of a statement as the resolver sees it.
type mention struct {
	r     text.Range // the whole source phrase
	kind  mentionKind
	name  []string // the words of the name, as written
	title string   // the rest of the phrase: "the official representative of ..."
	head  string   // folded head word of a description or pronoun
	typ   Type
	// gender is what an honorific or role word of the phrase says
	// ("Mr. King", "the spokeswoman"); plural marks a group.
	gender names.Gender
	plural bool
	// hon is the gender an honorific of the phrase gives ("Mrs. Lind").
	hon names.Gender
	// content is the statement's content, where the speaker's antecedent
	// cannot be.
	content []text.Range
}

// Resolve groups the sources of stmts into the entities of the article. It
// returns the entities, each with its fullest name, mentions and titles,
// and of, where of[i] is the index in ents of statement i's speaker or -1
// when the statement has no source or it could not be resolved. Statements
// sharing a source share an entity. Resolve never fails; ranges outside d
// are ignored.
func Resolve(d *text.Doc, stmts []attrib.Statement) (ents []Entity, of []int) {
	of = make([]int, len(stmts))
	r := &resolver{d: d, catalog: catalog(d), byFull: map[string]int{},
		byLast: map[string][]int{}, bySound: map[string][]int{}, byTitleKey: map[string]int{}}
	for i, st := range stmts {
		of[i] = -1
		if len(st.Source) == 0 {
			continue
		}
		src := st.Source[0]
		if src.Start < 0 || src.End > len(d.Tokens) || src.Len() <= 0 {
			continue
		}
		r.scanTo(src.Start)
		m := r.analyze(src)
		m.content = st.Content
		of[i] = r.resolve(m)
		r.scanned = max(r.scanned, src.End)
	}
	r.mergeHeadline(of, stmts)
	// The rest of the article, after the last source: its honorifics,
	// titles and pronouns are evidence of its people's gender.
	r.scanTo(len(d.Tokens))
	// Keep the entities that speak: people only named in the text served
	// as antecedents of pronouns.
	renum := make([]int, len(r.ents))
	for i := range r.ents {
		e := &r.ents[i]
		renum[i] = -1
		if len(e.mentions) == 0 {
			continue
		}
		renum[i] = len(ents)
		g, ev := e.genderEvidence()
		ents = append(ents, Entity{Name: e.name(), Type: e.typ, Mentions: e.mentions, Titles: e.titles, Gender: g, GenderEvidence: ev, Unnamed: e.unnamed()})
	}
	for i, k := range of {
		if k >= 0 {
			of[i] = renum[k]
		}
	}
	return ents, of
}

// entity is an entity being built.
type entity struct {
	words []string // the fullest name met, word by word
	// catalogued is true when words is not a name the entity was
	// mentioned by but the article's full name for its surname
	// (fullName).
	catalogued bool
	desc       string // for an entity with no name: its description
	typ        Type
	mentions   []text.Range
	titles     []string
	gender     names.Gender // 0 unknown, male or female
	plural     bool         // a group: "Delegates", "environmental groups"
	// The article's evidence of a person's gender, counted by gender:
	// honorifics of its mentions ("Mr. Lund"), gendered role words of
	// descriptions resolved to it ("the spokeswoman"), and pronouns
	// resolved to it ("he said").
	hon, role, pron [3]int
	// narr counts the subject pronouns of the narrative resolved to the
	// person (narrativePronoun).
	narr [3]int
}

// name returns the entity's name for display: its words, a name written
// in capitals in its usual case ("JOHN SMITH" is John Smith), or its
// description.
func (e *entity) name() string {
	if len(e.words) > 0 {
		return strings.Join(names.Display(e.words), " ")
	}
	return e.desc
}

// resolver holds the state of one Resolve call.
type resolver struct {
	d    *text.Doc
	ents []entity
	// catalog maps a folded last word to the distinct runs of two to four
	// capitalized words in the text ending with it, in text order: the
	// full names a surname can point to.
	catalog map[string][][]string
	// catalogSound indexes the catalog's keys by Soundex code, built on
	// first need.
	catalogSound map[string][]string
	// Indexes of ents, so that resolving stays linear in the number of
	// mentions: by folded full name (the latest entity), by folded last
	// word and by its Soundex code (in creation order), by folded title.
	byFull     map[string]int
	byLast     map[string][]int
	bySound    map[string][]int
	byTitleKey map[string]int
	// cands are the mentions met so far, for the salience of antecedents;
	// score, perSent and order are scratch space of best.
	cands   []cand
	score   map[int]float64
	perSent map[[2]int]float64
	order   []int
	// scanned is the token up to which scanTo has read the text; qpos is
	// the cursor of inQuote.
	scanned int
	qpos    int
}

func isCap(s string) bool {
	c, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(c)
}

func isWordTok(d *text.Doc, i int) bool { return d.Tokens[i].Kind == text.Word }

// catalog indexes the runs of two to four capitalized words in d by their
// last word, keeping the distinct runs of each in text order (at most
// maxRuns): candidate full names a surname can point to. A first name
// coordinated with a full name ("Khizr and Ghazala Khan") gives a full
// name of its own ("Khizr Khan"), before the other.
func catalog(d *text.Doc) map[string][][]string {
	out := map[string][][]string{}
	var run []string
	add := func(full []string) {
		k := fold(full[len(full)-1])
		for _, have := range out[k] {
			if slices.Equal(have, full) {
				return
			}
		}
		if len(out[k]) < maxRuns {
			out[k] = append(out[k], append([]string(nil), full...))
		}
	}
	flush := func(i int) {
		// The name follows the last honorific or title ("Vermont Sen.
		// Bernie Sanders"), without clause openers and days ("Wednesday
		// Acme").
		if len(run) >= 2 {
			run = names.Split(run).Name
		}
		if len(run) >= 2 && len(run) <= 4 {
			// i is the token after the run; the run starts len(run)
			// words before it (initials' dots are part of their word).
			if first := coordinatedFirst(d, i, run); first != "" {
				add([]string{first, run[len(run)-1]})
			}
			add(run)
		}
		run = run[:0]
	}
	for i := range d.Tokens {
		f := d.Form(i)
		if isWordTok(d, i) && isCap(f) {
			run = append(run, f)
			continue
		}
		if f == "." && len(run) > 0 && utf8.RuneCountInString(run[len(run)-1]) == 1 {
			run[len(run)-1] += "."
			continue
		}
		flush(i)
	}
	flush(len(d.Tokens))
	return out
}

// maxRuns is the most full names the catalog keeps for one surname.
const maxRuns = 4

// coordinatedFirst returns the first name coordinated with the full name
// run that ends before token end ("Khizr" in "Khizr and Ghazala Khan"), or
// "": a capitalized word that may be a first name, then "and", right
// before a run of two.
func coordinatedFirst(d *text.Doc, end int, run []string) string {
	start := end
	for n := 0; start > 0 && n < len(run); start-- {
		if isWordTok(d, start-1) {
			n++
		}
	}
	if start < 2 || len(run) != 2 || fold(d.Form(start-1)) != "and" || !isWordTok(d, start-2) {
		return ""
	}
	w := d.Form(start - 2)
	if !isCap(w) || start >= 3 && isWordTok(d, start-3) && isCap(d.Form(start-3)) {
		return ""
	}
	// A first name of the tables, or a word no table knows ("Khizr"),
	// but no place, organization, role, party or plural ("Israel and
	// Benjamin Netanyahu", "Republicans and Donald Trump").
	f := fold(w)
	if !names.IsFirstName(w) && (places[f] || names.Organization(f) || names.Role(f) || names.Party(w) || looksPlural(f) || names.Opener(w)) {
		return ""
	}
	return w
}

// channelWords open an apposition that tells how a statement came, not
// who the speaker is: "Schilling, through a spokeswoman,".
var channelWords = map[string]bool{"through": true, "via": true, "by": true, "in": true, "on": true,
	"at": true, "with": true, "from": true, "during": true, "after": true}

var pronouns = map[string]Type{
	"he": Person, "she": Person, "him": Person, "her": Person, "i": Person,
	"his": Person, "hers": Person, "my": Person, "me": Person,
	"they": Other, "them": Other, "their": Other, "it": Organization,
	"its": Organization, "we": Other, "our": Other, "us": Other,
	"who": Other, "which": Organization, "you": Other,
}

// analyze splits a source phrase into title and name.
func (r *resolver) analyze(src text.Range) mention {
	d := r.d
	m := mention{r: src}
	// "Mayor Jane Smith on Tuesday", "Clinton's": a trailing time phrase
	// and a possessive ending are no part of the source's name.
	src.End = trimTail(d, src.Start, src.End)
	// The head phrase ends at the first comma: "NAME, the mayor," or
	// "NAME, who ...".
	end := src.End
	for i := src.Start; i < src.End; i++ {
		if d.Form(i) == "," && i > src.Start {
			end = i
			break
		}
	}
	// "WATCH", "READ MORE": a page's furniture names no speaker.
	if names.PageLabel(d.Slice(text.Range{Start: src.Start, End: end})) {
		m.kind = noSpeaker
		return m
	}
	var appos string
	if end < src.End && hasTimeWord(d, src.Start, end) && hasCapWord(d, end+1, src.End) {
		// "Florida Friday, Clinton": a setting of place and time before
		// the comma, the speaker after it.
		n := r.analyze(text.Range{Start: end + 1, End: src.End})
		n.r = src
		return n
	}
	if end < src.End {
		appos = strings.Trim(d.Slice(text.Range{Start: end + 1, End: src.End}), " ,")
		if w := strings.Fields(appos); len(w) > 0 && channelWords[fold(w[0])] {
			// "Schilling, through a spokeswoman,", "the senator, in a
			// statement,": how the statement came, not who the speaker
			// is.
			appos = ""
		}
		// "its spokesman, Tom Reilly", "the US ambassador to the United
		// Nations, Helena Marchetti": a description first (no name, or a
		// role) and a name after the comma.
		roleFirst := r.anyRole(strings.Fields(fold(d.Slice(text.Range{Start: src.Start, End: end})))) &&
			end+1 < src.End && isCap(d.Form(end+1)) && !names.Opener(d.Form(end+1))
		if !hasCapWord(d, src.Start, end) || roleFirst {
			e2 := end + 1
			for e2 < src.End && d.Form(e2) != "," {
				e2++
			}
			if hasCapWord(d, end+1, e2) {
				inner := mention{r: text.Range{Start: end + 1, End: e2}}
				n := r.analyze(inner.r)
				if n.kind == named && (!roleFirst || len(n.name) >= 2 && n.typ == Person) {
					n.r = src
					n.title = strings.TrimSpace(strings.Trim(d.Slice(text.Range{Start: src.Start, End: end}), ","))
					return n
				}
			}
		}
	}
	if end-src.Start == 1 {
		w := fold(d.Form(src.Start))
		if strings.HasPrefix(w, "i'") {
			w = "i" // "I've", "I'm"
		}
		if t, ok := pronouns[w]; ok {
			m.kind, m.head, m.typ = pronoun, w, t
			if w == "who" || w == "which" {
				r.antecedent(&m)
			}
			return m
		}
		if w == "that" {
			// "a poll that found": the phrase the relative pronoun
			// stands for.
			if a := r.relativeAntecedent(src.Start); a.Len() > 0 {
				n := r.analyze(a)
				n.r = src
				return n
			}
		}
	}
	// "Some", "Both", "Others": a quantifier or clause opener alone names
	// no one.
	if onlyOpeners(d.Slice(text.Range{Start: src.Start, End: end})) {
		m.kind = noSpeaker
		return m
	}
	// "lawyers for Donald and Ivana Trump", "aides to the senator": a
	// group named by what it does for someone is a description.
	if g := groupHead(d, src.Start, end); g >= 0 {
		m.kind, m.typ, m.plural = description, Other, true
		m.title = strings.TrimSpace(d.Slice(text.Range{Start: src.Start, End: end}))
		m.head = fold(d.Form(g))
		return m
	}
	// "Mr. Grassley and Mr. Leahy": two people speaking together are a
	// group, which "they" can take up.
	if k := conjoinedNames(d, src.Start, end); k >= 0 {
		m.kind, m.typ, m.plural = named, Other, true
		m.name = strings.Fields(d.Slice(text.Range{Start: k, End: end}))
		m.title = strings.TrimSpace(d.Slice(text.Range{Start: src.Start, End: k}))
		if onlyOpeners(m.title) {
			m.title = ""
		}
		return m
	}
	// "Dan Keller at the National Review": a person's name, then where
	// the person works. The name ends at the preposition.
	if j := r.placeOfWork(src.Start, end); j > 0 {
		end = j
	}
	// The name: the last run of capitalized words of the head phrase.
	// A parenthesis ("(D-Conn.)") and trailing punctuation end no name.
	e := end
	for e > src.Start {
		f := d.Form(e - 1)
		if f == ")" {
			k := e - 1
			for k > src.Start && d.Form(k-1) != "(" && e-k < 8 {
				k--
			}
			if k > src.Start && d.Form(k-1) == "(" {
				e = k - 1
				continue
			}
		}
		if isWordTok(d, e-1) || f == "." || f == ")" {
			break
		}
		e--
	}
	s := e
	for s > src.Start {
		f := d.Form(s - 1)
		if isWordTok(d, s-1) && isCap(f) && !(s-1 == src.Start && names.Opener(f)) {
			s--
			continue
		}
		if f == "." && s-2 >= src.Start && utf8.RuneCountInString(d.Form(s-2)) == 1 && isCap(d.Form(s-2)) {
			s -= 2 // an initial: "Lisa M. Madigan"
			continue
		}
		break
	}
	var words []string
	for i := s; i < e; i++ {
		f := d.Form(i)
		if f == "." && len(words) > 0 {
			words[len(words)-1] += "."
			continue
		}
		words = append(words, f)
	}
	// Titles written before the name are not part of it, but an
	// honorific tells the gender and that a person is meant ("Mr. King"
	// is no king). Clause openers, days and months name no one: "Maybe
	// Trump", "a poll released Saturday" (names.Split).
	parts := names.Split(words)
	hon := parts.Honorific
	if parts.Gender != 0 {
		m.gender, m.hon = parts.Gender, parts.Gender
	}
	words = parts.Name
	title := strings.TrimSpace(d.Slice(text.Range{Start: src.Start, End: s}) + " " + titleText(parts.Title))
	headWords := strings.Fields(fold(d.Slice(text.Range{Start: src.Start, End: end})))
	// An organization when its head, the last word, says so ("the
	// Russian foreign Ministry") and no role comes before it ("US
	// Ambassador to the UN" is a person).
	isOrg := r.orgPhrase(headWords)
	// "The New Yorker", "The Hill": a name after a bare "the", with no
	// first name or honorific, is an organization's.
	theName := fold(title) == "the" && !hon && len(words) > 0 && len(words) <= 3 && firstNames[fold(words[0])] == 0
	if isOnlyArticle(title) {
		title = ""
	}
	orgWords := trimArticle(strings.Fields(d.Slice(text.Range{Start: src.Start, End: end})))
	switch {
	case isOrg && (!hasCapWord(d, src.Start, end) || len(orgWords) > 0 && !isCap(orgWords[0])):
		// "the ministry", "a study by economists at Duke University":
		// a description of an organization, or of what it wrote; a name
		// starts with a capital.
		m.kind, m.typ = description, Organization
		m.title = strings.TrimSpace(d.Slice(text.Range{Start: src.Start, End: end}))
		m.head = headWords[len(headWords)-1]
		return m
	case isOrg:
		m.kind, m.typ = organization, Organization
		// The name of an organization is the phrase without its article.
		m.name = orgWords
		if appos != "" {
			m.title = appos
		}
		return m
	case len(words) == 0 || len(words) == 1 && !hon && (r.roleName(words[0], title) || shouted(words[0]) || names.Document(words[0])) ||
		!hon && names.Party(words[len(words)-1]) &&
			(!names.IsFirstName(words[0]) || places[fold(strings.Join(words[:len(words)-1], " "))]):
		// No name, a role, or a party's member ("a Nevada Democrat").
		m.kind, m.typ = description, Other
		m.title = strings.TrimSpace(d.Slice(text.Range{Start: src.Start, End: end}))
		if len(words) == 1 && shouted(words[0]) {
			m.title = fold(m.title) // "EXPERTS" are experts
		}
		if len(headWords) > 0 {
			m.head = headWords[len(headWords)-1]
		}
		if appos != "" {
			m.title += ", " + appos
		}
		switch {
		case looksPlural(m.head):
			m.plural = true
		case names.Role(m.head) || r.anyRole(headWords):
			m.typ = Person
			m.gender = roleGender(m.head)
		case names.Party(m.head):
			m.typ = Person
		}
		return m
	}
	// A run of three or more after a title or place ("of Russia Maria
	// Zakharova", "the President Dmitry Peskov") holds the name in its
	// last two words.
	if len(words) >= 3 && !hasInitial(words) && !firstThenTwo(words) {
		cut := len(words) - 2
		title = strings.TrimSpace(title + " " + strings.Join(words[:cut], " "))
		words = words[cut:]
	}
	m.kind, m.typ, m.name = named, Person, words
	switch {
	case places[fold(strings.Join(words, " "))]:
		m.typ = Place
	case theName:
		m.kind, m.typ = organization, Organization
	case !hon && groupNouns[fold(words[len(words)-1])]:
		// "Nevada Democrats", "Americans": a group.
		m.typ, m.plural = Other, true
	case len(words) == 1 && !hon && onlyOpeners(title) && looksPlural(words[0]) && r.catalog[fold(words[0])] == nil:
		// "Delegates questioned", "Protesters said": a group, not a
		// surname, when no run of capitalized words in the article ends
		// with it.
		m.typ, m.plural = Other, true
	}
	m.title = title
	if appos != "" {
		if m.title != "" {
			m.title += ", "
		}
		m.title += appos
	}
	return m
}

// conjoinedNames returns where the names start when [s, e) is two names
// joined by "and" or "&" (capitalized words on both sides, the phrase
// ending with a name), or -1. The names start at the run of capitalized
// words before the conjunction, clause openers left out: "Democratic
// candidates Hillary Clinton and Bernie Sanders", "Both Clinton and
// Sanders".
func conjoinedNames(d *text.Doc, s, e int) int {
	if e-s < 3 || !isWordTok(d, e-1) || !isCap(d.Form(e-1)) {
		return -1
	}
	for i := s + 1; i < e-1; i++ {
		f := d.Form(i)
		if (f == "and" || f == "&") && isWordTok(d, i-1) && isCap(d.Form(i-1)) && isCap(d.Form(i+1)) && !names.Opener(d.Form(i-1)) {
			k := i
			for k > s {
				switch f := d.Form(k - 1); {
				case isWordTok(d, k-1) && isCap(f) || f == ".":
					k--
					continue
				case k-2 > s && names.Link(f) && isCap(d.Form(k-2)):
					k-- // "Ivo Lund of Tarnia and ...": a place of the first name
					continue
				case k-2 >= s && isWordTok(d, k-1) && isCap(d.Form(k-2)) && names.Organization(fold(d.Form(k))):
					// "the Russian foreign Ministry and ...": a lower-case
					// word inside an organization's name.
					k--
					continue
				}
				break
			}
			for k < i && (names.Opener(d.Form(k)) || d.Form(k) == ".") {
				k++
			}
			return k
		}
	}
	return -1
}

// shouted reports whether w is a plural noun written in capitals:
// "EXPERTS", "OFFICIALS" in a headline name no one.
func shouted(w string) bool {
	return utf8.RuneCountInString(w) >= 5 && strings.ToUpper(w) == w && looksPlural(w)
}

// titleText joins the words of a title that Split took from a name,
// leaving out the honorifics of address ("Mr.", "Ms."), which say how
// to address a person, not what the person is.
func titleText(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		if g, _ := names.Honorific(w); g != 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// timePhrase are words of a time phrase after a name besides days and
// months: "on Tuesday morning", "last week".
var timePhrase = map[string]bool{
	"on": true, "at": true, "in": true, "during": true, "last": true,
	"this": true, "next": true, "early": true, "late": true, "earlier": true,
	"later": true, "morning": true, "afternoon": true, "evening": true,
	"night": true, "week": true, "weekend": true, "month": true, "year": true,
	"'s": true, "’s": true, ",": true,
}

// trimTail returns the end of [s, e) without a trailing time phrase ("on
// Tuesday", "last week", "Tuesday night") or possessive ending ("'s"),
// keeping at least one token.
func trimTail(d *text.Doc, s, e int) int {
	for e-s > 1 {
		f := fold(d.Form(e - 1))
		if f == "'s" || f == "’s" || f == "'" || f == "’" {
			e--
			continue
		}
		break
	}
	k, cut := e, e
	for k-s > 1 {
		f := fold(d.Form(k - 1))
		if names.Time(f) || f == "week" || f == "month" || f == "year" || f == "weekend" {
			// A time word, or "last week": cut before the phrase it ends.
			k--
			for k-s > 1 && timePhrase[fold(d.Form(k-1))] && !names.Time(d.Form(k-1)) {
				k--
			}
			if f == "week" || f == "month" || f == "year" || f == "weekend" {
				if x := fold(d.Form(k)); x != "last" && x != "this" && x != "next" && !names.Time(x) {
					break
				}
			}
			cut = k
			continue
		}
		if timePhrase[f] && k < e {
			k--
			continue
		}
		break
	}
	for cut < e && cut-s > 1 {
		switch fold(d.Form(cut - 1)) {
		case "on", "at", "in", "during", ",", "last", "this", "next", "early", "late":
			cut--
			continue
		}
		break
	}
	return cut
}

// groupHead returns the index of a lower-case plural noun opening [s, e)
// (after an optional determiner) and followed by a preposition, or -1.
func groupHead(d *text.Doc, s, e int) int {
	i := s
	switch fold(d.Form(i)) {
	case "the", "a", "an", "some", "two", "three", "several", "many", "his", "her", "their", "its":
		i++
	}
	if i+1 >= e || !isWordTok(d, i) || isCap(d.Form(i)) && i != s || !looksPlural(d.Form(i)) {
		return -1
	}
	switch fold(d.Form(i + 1)) {
	case "for", "of", "to", "at", "with", "from":
		return i
	}
	return -1
}

// placeOfWork returns the index of a link word ("of", "at", "from",
// "with": names.Link) in [s, e) when the run of capitalized words just
// before it names a person ("Dan Keller at", "Mr. Burman of", "Senator Ted
// Cruz of Texas", "House Speaker Paul D. Ryan of Wisconsin") and no
// preposition comes before that run ("a spokesman for Mayor Ivo Lund of
// Tarn" is the spokesman), or -1.
func (r *resolver) placeOfWork(s, e int) int {
	d := r.d
	for j := s + 2; j < e-1; j++ {
		if !isWordTok(d, j) || !names.Link(d.Form(j)) {
			continue
		}
		k, words := capRunBefore(d, s, j)
		for i := s; i < k; i++ {
			if names.Preposition(d.Form(i)) {
				return -1
			}
		}
		if names.Split(words).Person() {
			return j
		}
		// A run of two or three capitalized words that is no role,
		// organization or place ("Dan Keller at") is a name too; but
		// "of" also joins titles to places ("Secretary of State"), so
		// only the form of a person's name counts before it.
		if n := len(words); fold(d.Form(j)) == "of" || n < 2 || n > 3 {
			return -1
		}
		ws := foldAll(words)
		if r.orgPhrase(ws) || r.anyRole(ws) || places[strings.Join(ws, " ")] {
			return -1
		}
		return j
	}
	return -1
}

// capRunBefore returns the start k of the run of capitalized words and
// initials ("Paul D. Ryan") that ends just before token j (and starts at
// s or later, clause openers left out), and its words, an initial's
// period attached ("D.").
func capRunBefore(d *text.Doc, s, j int) (k int, words []string) {
	k = j
	for k > s {
		f := d.Form(k - 1)
		if isWordTok(d, k-1) && isCap(f) && !names.Opener(f) {
			k--
			continue
		}
		if f == "." && k-2 >= s && utf8.RuneCountInString(d.Form(k-2)) == 1 && isCap(d.Form(k-2)) {
			k -= 2
			continue
		}
		break
	}
	for i := k; i < j; i++ {
		if f := d.Form(i); f == "." && len(words) > 0 {
			words[len(words)-1] += "."
		} else {
			words = append(words, f)
		}
	}
	return k, words
}

// hasTimeWord reports whether [s, e) holds a day or month name.
func hasTimeWord(d *text.Doc, s, e int) bool {
	for i := s; i < e; i++ {
		if names.Time(fold(d.Form(i))) {
			return true
		}
	}
	return false
}

// roleName reports whether a lone capitalized word is a role, not a name:
// "the President", "US Ambassador to the UN" (whose last capitalized word,
// UN, follows a link word).
func (r *resolver) roleName(w, title string) bool {
	if names.Role(fold(w)) {
		return true
	}
	t := strings.Fields(fold(title))
	if len(t) > 0 {
		switch t[len(t)-1] {
		case "of", "to", "for", "at", "the":
			return len(t) > 1 // "Ambassador to the UN"; "the Power" stays a name
		}
	}
	return false
}

// orgPhrase reports whether a head phrase (folded words) names an
// organization: an organization word with no role before it ("US
// Ambassador to the UN" is a person) and at most one capitalized word after
// it ("the Agriculture Ministry of Norland", but not "the Ministry of Russia
// Maria Zakharova").
func (r *resolver) orgPhrase(ws []string) bool {
	k := -1
	for i, w := range ws {
		if names.Organization(w) {
			k = i
		}
	}
	if k < 0 || r.anyRole(ws[:k]) {
		return false
	}
	tail := ws[k+1:]
	if len(tail) == 0 {
		return true
	}
	switch tail[0] {
	case "of", "for", "on", "in":
	default:
		return false
	}
	n := 0
	for _, w := range tail[1:] {
		if w != "the" {
			n++
		}
	}
	return n <= 1
}

func (r *resolver) anyRole(ws []string) bool {
	for _, w := range ws {
		if names.Role(w) {
			return true
		}
	}
	return false
}

// hasCapWord reports whether [s, e) holds a capitalized word that is not a
// sentence opener.
func hasCapWord(d *text.Doc, s, e int) bool {
	for i := s; i < e; i++ {
		if isWordTok(d, i) && isCap(d.Form(i)) && !names.Opener(d.Form(i)) && !isHonorific(fold(d.Form(i))) {
			return true
		}
	}
	return false
}

// onlyOpeners reports whether a title is empty or made of clause openers
// and quantifiers only: "Some", "Both", "the".
func onlyOpeners(t string) bool {
	for w := range strings.FieldsSeq(t) {
		if !names.Opener(w) {
			return false
		}
	}
	return true
}

// isOnlyArticle reports whether a title is empty or a lone article.
func isOnlyArticle(t string) bool {
	switch fold(strings.TrimSpace(t)) {
	case "", "the", "a", "an":
		return true
	}
	return false
}

// firstThenTwo reports whether three words are a first name and two more
// ("Hillary Rodham Clinton"), a name to keep whole.
func firstThenTwo(words []string) bool {
	return len(words) == 3 && firstNames[fold(words[0])] != 0
}

func hasInitial(words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(w, ".") && utf8.RuneCountInString(w) == 2 {
			return true
		}
	}
	return false
}

func trimArticle(ws []string) []string {
	if len(ws) > 1 {
		switch fold(ws[0]) {
		case "the", "a", "an", "its", "their", "his", "her":
			return ws[1:]
		}
	}
	return ws
}

// relativeAntecedent returns the noun phrase before a relative "that" at
// token i ("a new poll that found", "the report, that said"): the words
// back to a determiner, or an empty range when there is none within six
// words.
func (r *resolver) relativeAntecedent(i int) text.Range {
	d := r.d
	e := i
	if e > 0 && d.Form(e-1) == "," {
		e--
	}
	for t := e - 1; t >= 0 && e-t <= 6 && isWordTok(d, t); t-- {
		switch fold(d.Form(t)) {
		case "the", "a", "an", "this", "these", "those", "its", "his", "her", "their":
			if t+1 < e {
				return text.Range{Start: t, End: e}
			}
			return text.Range{}
		case "said", "says", "that", "and", "or", "but", "which", "who":
			return text.Range{}
		}
	}
	return text.Range{}
}

// antecedent fills a relative pronoun's mention with the name just before
// it: "the French representative Francois Delattre, who said".
func (r *resolver) antecedent(m *mention) {
	d := r.d
	i := m.r.Start - 1
	if i >= 0 && d.Form(i) == "," {
		i--
	}
	e := i + 1
	s := e
	for s > 0 && isWordTok(d, s-1) && isCap(d.Form(s-1)) && !names.Opener(d.Form(s-1)) {
		s--
	}
	if s == e && i >= 0 && isWordTok(d, i) && !isCap(d.Form(i)) {
		// "McConnell, now the Senate majority leader, who": the name
		// before an apposition.
		j := i
		for j > 0 && i-j < 10 && d.Form(j) != "," && d.Form(j) != "." {
			j--
		}
		if j > 0 && d.Form(j) == "," && i-j < 10 {
			e = j
			s = e
			for s > 0 && isWordTok(d, s-1) && isCap(d.Form(s-1)) && !names.Opener(d.Form(s-1)) {
				s--
			}
		}
	}
	if s == e {
		return
	}
	var words []string
	for k := s; k < e; k++ {
		words = append(words, d.Form(k))
	}
	// "it was Mr. Trump who", "President Obama, who": the name without
	// honorifics, titles and openers (names.Split), which stay in the
	// title found below.
	parts := names.Split(words)
	for len(words) > len(parts.Name) && !slices.Equal(words[len(words)-len(parts.Name):], parts.Name) {
		words = words[:len(words)-1] // a day or possessive at the end
		e--
	}
	if len(parts.Name) == 0 {
		return
	}
	words = parts.Name
	if parts.Gender != 0 {
		m.gender, m.hon = parts.Gender, parts.Gender
	}
	if len(words) >= 3 && !firstThenTwo(words) {
		words = words[len(words)-2:]
	}
	m.kind, m.typ, m.name = named, Person, words
	for _, w := range words {
		if names.Organization(fold(w)) {
			m.kind, m.typ = organization, Organization
		}
	}
	// The title before the name: words back to a determiner ("the French
	// representative to the UN Francois Delattre"), or capitalized titles
	// ("Mayor Elena Varga").
	ns := e - len(words)
	t, det, role := ns, false, false
	for t > 0 && ns-t < 10 && isWordTok(d, t-1) {
		t--
		f := fold(d.Form(t))
		role = role || names.Role(f)
		if f == "the" || f == "a" || f == "an" {
			det = true
			if t > 0 && !role {
				switch fold(d.Form(t - 1)) {
				case "to", "of", "for", "at":
					continue // "representative to the UN"
				}
			}
			break
		}
	}
	if !det {
		t = ns
		for t > 0 && ns-t < 4 && isWordTok(d, t-1) && isCap(d.Form(t-1)) && !names.Opener(d.Form(t-1)) {
			t--
		}
	}
	if t < ns {
		m.title = strings.TrimSpace(d.Slice(text.Range{Start: t, End: ns}))
	}
	if g, _ := names.Honorific(m.title); isOnlyArticle(m.title) || g != 0 {
		m.title = "" // "Mr." is how to address a person, not a title
	}
	switch {
	case places[fold(strings.Join(words, " "))]:
		m.typ = Place
	case m.hon == 0 && groupNouns[fold(words[len(words)-1])]:
		// "four in 10 Iowa Republicans who": a group, as for a source.
		m.typ, m.plural = Other, true
	}
}

// unnamed reports whether the entity has no name: a description ("the
// spokeswoman"), a plural common noun ("Officials", "Critics"), unlike a
// group's name ("Democrats", "Americans"), or people named together
// ("Rubio and Cruz"), whom a collection must not take for one speaker.
func (e *entity) unnamed() bool {
	if len(e.words) == 0 || names.Conjoined(e.words) {
		return true // a description, or people named together ("Rubio and Cruz")
	}
	return len(e.words) == 1 && e.plural && !properGroups[fold(e.words[0])]
}

// properGroups are the plurals of groupNouns that name a group: parties,
// movements, nations and faiths.
var properGroups = map[string]bool{
	"democrats": true, "republicans": true, "conservatives": true,
	"liberals": true, "progressives": true, "independents": true,
	"americans": true, "europeans": true, "russians": true, "saudis": true,
	"israelis": true, "palestinians": true, "iranians": true, "syrians": true,
	"mexicans": true, "latinos": true, "hispanics": true, "muslims": true,
	"christians": true, "evangelicals": true, "catholics": true, "jews": true,
	"libertarians": true, "socialists": true, "tories": true,
}

// groupNouns are capitalized plurals that name groups, never a surname:
// "Nevada Democrats", "Americans".
var groupNouns = map[string]bool{
	"democrats": true, "republicans": true, "conservatives": true,
	"liberals": true, "progressives": true, "independents": true,
	"americans": true, "europeans": true, "russians": true, "saudis": true,
	"israelis": true, "palestinians": true, "iranians": true, "syrians": true,
	"mexicans": true, "latinos": true, "hispanics": true, "muslims": true,
	"christians": true, "evangelicals": true, "catholics": true, "jews": true,
	"libertarians": true, "socialists": true, "tories": true, "officials": true,
	"voters": true, "delegates": true, "protesters": true, "demonstrators": true,
	"lawmakers": true, "senators": true, "supporters": true, "critics": true,
}

// looksPlural reports whether a folded word looks like a plural noun:
// "delegates", "officials", not "boss", "status" or "analysis".
func looksPlural(w string) bool {
	w = fold(w)
	if len(w) < 5 || !strings.HasSuffix(w, "s") {
		return false
	}
	for _, x := range []string{"ss", "us", "is", "'s", "’s"} {
		if strings.HasSuffix(w, x) {
			return false
		}
	}
	return true
}

// utteranceNouns are heads of descriptions that stand for what their
// possessor said or wrote: "her account", "his statement".
var utteranceNouns = map[string]bool{
	"account": true, "statement": true, "submission": true, "letter": true,
	"tweet": true, "tweets": true, "book": true, "memoir": true, "website": true,
	"remarks": true, "speech": true, "testimony": true, "post": true,
	"filing": true, "lawsuit": true, "interview": true, "comments": true,
	"words": true, "campaign": true, "ad": true, "video": true, "op-ed": true,
	"message": true, "release": true, "answer": true, "response": true,
}

// possessor resolves a description that stands for its possessor's words
// ("according to her account") to the possessor, or returns -1.
func (r *resolver) possessor(m mention) int {
	d := r.d
	if m.r.Len() < 2 {
		return -1
	}
	// The noun after the possessive, or the head: "her submission to the
	// court", "her own account".
	if !utteranceNouns[fold(d.Form(m.r.Start+1))] && !utteranceNouns[m.head] {
		return -1
	}
	first := fold(d.Form(m.r.Start))
	switch first {
	case "his", "her":
		return r.best(personOK(pronounGender(first)), m.r.Start, m.content, true)
	case "its":
		return r.best(orgOK, m.r.Start, m.content, true)
	case "their":
		return r.best(groupOK, m.r.Start, m.content, true)
	}
	return -1
}

// resolve finds or makes the entity of a mention and returns its index.
func (r *resolver) resolve(m mention) int {
	k := -1
	switch m.kind {
	case noSpeaker:
		return -1
	case pronoun:
		switch m.typ {
		case Person:
			switch m.head {
			case "i", "my", "me":
				return -1
			}
			k = r.best(personOK(pronounGender(m.head)), m.r.Start, m.content, true)
		case Organization:
			k = r.best(orgOK, m.r.Start, m.content, true)
		default:
			switch m.head {
			case "they", "them", "their", "we", "our", "us":
				k = r.best(groupOK, m.r.Start, m.content, true)
			}
		}
		if k < 0 {
			return -1
		}
		if g := pronounGender(m.head); g != 0 && r.ents[k].gender == 0 {
			r.ents[k].gender = g
		}
	case named:
		if m.plural && len(m.name) > 1 {
			// "Google and Facebook" is neither Google nor Facebook.
			if x, ok := r.byFull[nameKey(m.name)]; ok {
				k = x
			}
		} else {
			k = r.byName(m.name, m.hon)
		}
		if k < 0 {
			k = r.newEntity(m)
			if len(m.name) == 1 {
				// A surname: the full name met in the article, if any.
				if full := r.fullName(m.name[0], m.hon); full != nil {
					r.ents[k].words, r.ents[k].catalogued = full, true
				}
			}
		}
	case organization:
		k = r.byName(m.name, 0)
		if k < 0 {
			k = r.newEntity(m)
		}
	case description:
		k = r.possessor(m)
		if k < 0 {
			k = r.byTitle(m)
		}
		if k < 0 {
			k = r.newEntity(m)
		}
	}
	e := &r.ents[k]
	e.mentions = append(e.mentions, m.r)
	switch {
	case m.kind == pronoun:
		e.pron[pronounGender(m.head)]++
	case m.hon != 0:
		e.hon[m.hon]++
	case m.kind == description && m.gender != 0:
		e.role[m.gender]++
	}
	switch {
	case m.kind == named && len(m.name) > len(e.words):
		e.words, e.catalogued = m.name, false
	case m.kind == named && len(m.name) == 1 && m.hon != 0 && e.catalogued && otherName(e.words, m.hon):
		// "Obama" took the article's "Michelle Obama", and now "Mr.
		// Obama" says otherwise: another full name of the article, or
		// the surname alone.
		full := r.fullName(m.name[0], m.hon)
		if full == nil {
			full = m.name
		}
		if x, ok := r.byFull[nameKey(e.words)]; ok && x == k {
			delete(r.byFull, nameKey(e.words))
		}
		e.words, e.catalogued = full, len(full) > 1
	}
	if m.title != "" && m.kind != pronoun {
		addTitle(e, m.title)
	}
	if e.typ == Other && m.typ != Other && !(e.plural && len(e.words) > 1) {
		e.typ = m.typ
	}
	if e.gender == 0 && e.typ == Person {
		e.gender = m.gender
	}
	if e.gender == 0 && e.typ == Person {
		e.gender = genderOf(e)
	}
	r.index(k)
	r.addCand(k, m.r.Start, wRecency+wSubject+wSpeaker, false)
	return k
}

func addTitle(e *entity, t string) {
	t = strings.TrimSpace(strings.Trim(t, ","))
	if t == "" {
		return
	}
	for _, x := range e.titles {
		if fold(x) == fold(t) {
			return
		}
	}
	e.titles = append(e.titles, t)
}

func (r *resolver) newEntity(m mention) int {
	e := entity{typ: m.typ, gender: m.gender, plural: m.plural}
	if m.kind == named || m.kind == organization {
		e.words = m.name
	} else {
		e.desc = m.title
	}
	r.ents = append(r.ents, e)
	return len(r.ents) - 1
}

// byName finds the entity a name refers to: the same name, a surname of a
// full name, a full name of a surname, or a near miss of a surname
// ("Pauer" for "Power"). The latest matching entity wins.
func (r *resolver) byName(name []string, hon names.Gender) int {
	if len(name) == 0 {
		return -1
	}
	if k, ok := r.byFull[nameKey(name)]; ok {
		return k
	}
	last := fold(name[len(name)-1])
	ks := r.byLast[last]
	// The latest that fits, one whose first name leans to the
	// honorific's sex first: "Mrs. Clinton" after Hillary and then Bill
	// Clinton is Hillary, "Mr. Graham" after Lindsey Graham alone is him.
	fallback := -1
	for i := len(ks) - 1; i >= 0; i-- {
		e := &r.ents[ks[i]]
		if (len(name) == 1 || len(e.words) == 1) && e.typ != Organization && !(e.plural && len(e.words) > 1) && !e.otherSex(hon) && !otherName(name, e.honSex()) {
			if !otherName(e.words, hon) {
				return ks[i]
			}
			if fallback < 0 {
				fallback = ks[i]
			}
		}
	}
	if fallback >= 0 {
		return fallback
	}
	if len(name) == 1 {
		ks := r.bySound[soundex(last)]
		for i := len(ks) - 1; i >= 0; i-- {
			e := &r.ents[ks[i]]
			if e.typ == Person && nearMiss(e.words[len(e.words)-1], name[0]) && !e.otherSex(hon) {
				return ks[i]
			}
		}
	}
	return -1
}

// otherSex reports whether a surname with an honorific of gender hon
// ("Mr. Obama") cannot be the person e ("Michelle Obama"): the article's
// honorifics and role words for e say only the other gender. Pronouns,
// which a resolver can misread, do not count, nor does e's first name
// (the article's "Mr. Graham" is Lindsey Graham); without an honorific
// nothing is ruled out.
func (e *entity) otherSex(hon names.Gender) bool {
	if hon != names.Male && hon != names.Female {
		return false
	}
	other := names.Male
	if hon == names.Male {
		other = names.Female
	}
	return e.hon[other]+e.role[other] > 0 && e.hon[hon]+e.role[hon] == 0
}

// honSex returns the sex the article's honorifics and role words give e
// when they give only one, else Unknown.
func (e *entity) honSex() names.Gender {
	f, m := e.hon[names.Female]+e.role[names.Female], e.hon[names.Male]+e.role[names.Male]
	switch {
	case f > 0 && m == 0:
		return names.Female
	case m > 0 && f == 0:
		return names.Male
	}
	return names.Unknown
}

// otherName reports whether the first name of words is given to the sex
// other than hon (male or female) in at least [names.LeanRatio] of births.
func otherName(words []string, hon names.Gender) bool {
	if len(words) < 2 || hon != names.Male && hon != names.Female {
		return false
	}
	lean, share := names.NameLean(words[0])
	return lean != names.Unknown && lean != hon && share >= names.LeanRatio
}

// nameKey is the key of a name in byFull: its folded words without single
// middle initials ("Donald J. Trump" is "donald trump").
func nameKey(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 && i < len(words)-1 && len(words) > 2 && isInitial(w) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(fold(w))
	}
	return b.String()
}

// isInitial reports whether w is one letter, with or without its dot.
func isInitial(w string) bool {
	w = strings.TrimSuffix(w, ".")
	return utf8.RuneCountInString(w) == 1
}

// index records the current name and titles of entity k in the indexes.
func (r *resolver) index(k int) {
	e := &r.ents[k]
	if len(e.words) > 0 {
		r.byFull[nameKey(e.words)] = k
		last := fold(e.words[len(e.words)-1])
		if ks := r.byLast[last]; len(ks) == 0 || ks[len(ks)-1] != k {
			r.byLast[last] = append(ks, k)
		}
		sx := soundex(last)
		if ks := r.bySound[sx]; len(ks) == 0 || ks[len(ks)-1] != k {
			r.bySound[sx] = append(ks, k)
		}
	}
	for _, t := range e.titles {
		r.byTitleKey[fold(t)] = k
	}
}

// fullName returns the first run of capitalized words in the article that
// ends with surname and may name a person of gender hon (Unknown: any):
// not one whose first name leans to the other sex, nor the name of an
// entity the article's honorifics give the other sex. It returns nil when
// there is none.
func (r *resolver) fullName(surname string, hon names.Gender) []string {
	if names.Party(surname) || groupNouns[fold(surname)] {
		return nil // "Republicans" is no "New Hampshire Republican"
	}
	runs := r.catalog[fold(surname)]
	if runs == nil {
		// A near miss: "McLenney" for "Tyresha McClenney". The smallest
		// matching key wins, so that the choice does not follow map order.
		if r.catalogSound == nil {
			r.catalogSound = map[string][]string{}
			for k := range r.catalog {
				sx := soundex(k)
				r.catalogSound[sx] = append(r.catalogSound[sx], k)
			}
		}
		best := ""
		for _, k := range r.catalogSound[soundex(surname)] {
			if nearMiss(k, surname) && (best == "" || k < best) {
				best = k
			}
		}
		runs = r.catalog[best]
	}
	for _, run := range runs {
		if r.personName(run, hon) {
			return run
		}
	}
	return nil
}

// personName reports whether a run of the catalog can be the full name of
// a person of gender hon (see fullName).
func (r *resolver) personName(run []string, hon names.Gender) bool {
	if len(run) > 3 || otherName(run, hon) || places[fold(strings.Join(run[:len(run)-1], " "))] {
		return false
	}
	for _, w := range run[:len(run)-1] {
		if names.Organization(fold(w)) || places[fold(w)] || names.Role(fold(w)) {
			return false
		}
	}
	if k, ok := r.byFull[nameKey(run)]; ok && r.ents[k].otherSex(hon) {
		return false
	}
	return true
}

// byTitle finds the entity a description refers to: one that carries the
// same title or a title with the same head word, else the latest person
// for a definite description of a role ("the us diplomat") met within
// three sentences.
func (r *resolver) byTitle(m mention) int {
	t := fold(m.title)
	lo := max(0, len(r.ents)-recentEntities)
	if m.typ == Organization {
		// "the ministry": the latest organization with that word.
		for k := len(r.ents) - 1; k >= lo; k-- {
			e := &r.ents[k]
			if e.typ != Organization {
				continue
			}
			for _, w := range e.words {
				if fold(w) == m.head {
					return k
				}
			}
		}
		return -1
	}
	if k, ok := r.byTitleKey[t]; ok {
		return k
	}
	if m.head != "" && names.Role(m.head) {
		ok := personOK(roleGender(m.head))
		for k := len(r.ents) - 1; k >= lo; k-- {
			if !ok(&r.ents[k]) {
				continue
			}
			for _, x := range r.ents[k].titles {
				if strings.Contains(expandTitle(fold(x)), m.head) {
					return k
				}
			}
		}
		if strings.HasPrefix(t, "the ") && m.typ == Person {
			return r.best(ok, m.r.Start, m.content, false)
		}
	}
	return -1
}

// titleWords spell out abbreviated titles, so that "Sen. Bernie Sanders"
// is "the senator".
var titleWords = map[string]string{
	"sen.": "senator", "rep.": "representative congressman congresswoman lawmaker",
	"gov.": "governor", "gen.": "general", "dr.": "doctor", "prof.": "professor",
	"lt.": "lieutenant", "col.": "colonel", "capt.": "captain", "pres.": "president",
}

// expandTitle returns a folded title with its abbreviations spelled out.
func expandTitle(t string) string {
	var b strings.Builder
	for w := range strings.FieldsSeq(t) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if x, ok := titleWords[w]; ok {
			w = x
		}
		b.WriteString(w)
	}
	return b.String()
}

// recentEntities bounds how far back a description looks for an entity
// with a matching title word: descriptions point to people of the last
// few paragraphs, and the bound keeps resolution linear.
const recentEntities = 64

// mergeHeadline joins a headline's description of a person ("US
// Ambassador to the UN") to the first named person of the article's next
// paragraph, the news convention of naming in the lead who the headline
// describes.
func (r *resolver) mergeHeadline(of []int, stmts []attrib.Statement) {
	d := r.d
	if len(d.Paragraphs) < 2 {
		return
	}
	for i, k := range of {
		if k < 0 || d.ParagraphOf(stmts[i].Source[0].Start) != 0 {
			continue
		}
		e := &r.ents[k]
		if len(e.words) > 0 || e.typ != Person {
			continue
		}
		for j := i + 1; j < len(of); j++ {
			t := of[j]
			if t < 0 || t == k || d.ParagraphOf(stmts[j].Source[0].Start) != 1 {
				continue
			}
			n := &r.ents[t]
			if n.typ != Person || len(n.words) == 0 {
				continue
			}
			for _, ti := range e.titles {
				addTitle(n, ti)
			}
			n.mentions = append(e.mentions, n.mentions...)
			e.mentions, e.titles, e.desc = nil, nil, ""
			for x := range of {
				if of[x] == k {
					of[x] = t
				}
			}
			return
		}
	}
}
