package speaker

import (
	"strings"

	"github.com/whosaid/whosaid/names"

	"github.com/whosaid/whosaid/text"
)

// cand is one mention of an entity that a later pronoun or description may
// refer to, weighted the way Lappin and Leass (1994) weigh antecedents.
type cand struct {
	ent  int     // index in resolver.ents
	sent int     // sentence of the mention
	tok  int     // first token of the mention
	w    float64 // salience before the decay by sentence distance
	// quoted marks a mention inside quotation marks.
	quoted bool
}

// Salience weights, after Lappin and Leass: every mention counts for
// recency; a subject, and the source of a statement (the last speaker
// quoted), count more; a name that only modifies a noun ("the Trump
// campaign", "Clinton's plan") counts little; a mention inside quotation
// marks counts half. An entity's salience adds up, over the sentences that
// mention it, its weightiest mention in each, halved with each sentence
// back and again by paragraphDecay across a paragraph break; mentions more
// than salienceSentences sentences back do not count.
const (
	wRecency          = 100
	wSubject          = 80
	wSpeaker          = 80
	wModifier         = 20
	salienceSentences = 4
	// paragraphDecay multiplies the weight of a mention in an earlier
	// paragraph (PolNeAR train, eval -speakers: 2495 right of 3183 with
	// no decay, 2508 at 0.5, 2516 from 0.35 down to 0.1).
	paragraphDecay = 0.25
	// candLookback bounds how many mentions back a search goes, so that
	// resolving stays linear in the length of the article.
	candLookback = 400
)

// addCand records a mention of entity k at token tok.
func (r *resolver) addCand(k, tok int, w float64, quoted bool) {
	r.cands = append(r.cands, cand{ent: k, sent: r.d.SentenceOf(tok), tok: tok, w: w, quoted: quoted})
}

// best returns the most salient entity accepted by ok for a mention at
// token tok: the highest sum of decayed weights over its mentions before
// tok in the last few sentences, the latest on a tie. Quoted mentions
// inside skip (the statement's own content: a speaker does not name
// himself in his own quotation) do not count; unquoted ones do, since an
// extracted content may run over the sentence that names the speaker. With far, when no
// entity qualifies in that window, the latest accepted mention at any
// distance wins. It returns -1 when none qualifies.
func (r *resolver) best(ok func(*entity) bool, tok int, skip []text.Range, far bool) int {
	sent := r.d.SentenceOf(tok)
	para := r.d.ParagraphOf(tok)
	if r.score == nil {
		r.score, r.perSent = map[int]float64{}, map[[2]int]float64{}
	}
	clear(r.score)
	clear(r.perSent)
	order := r.order[:0]
	fallback := -1
	for i, n := len(r.cands)-1, 0; i >= 0 && n < candLookback; i, n = i-1, n+1 {
		c := r.cands[i]
		if c.tok >= tok || c.quoted && inRanges(c.tok, skip) || !ok(&r.ents[c.ent]) {
			continue
		}
		if fallback < 0 {
			fallback = c.ent
		}
		dist := sent - c.sent
		if dist < 0 || dist > salienceSentences {
			continue
		}
		if _, seen := r.score[c.ent]; !seen {
			order = append(order, c.ent)
		}
		// Within a sentence an entity counts once, by its weightiest
		// mention: five mentions of a name in one paragraph do not
		// outweigh the speaker just quoted.
		key := [2]int{c.ent, c.sent}
		w := c.w / float64(int(1)<<dist)
		if r.d.ParagraphOf(c.tok) != para {
			// A paragraph break weighs like two more sentences: news
			// paragraphs open on a new speaker or topic.
			w *= paragraphDecay
		}
		r.perSent[key] = max(r.perSent[key], w)
	}
	for key, w := range r.perSent {
		r.score[key[0]] += w
	}
	r.order = order
	k, s := -1, 0.0
	for _, e := range order { // latest first, so ties keep the latest
		if r.score[e] > s {
			k, s = e, r.score[e]
		}
	}
	if k < 0 && far {
		return fallback
	}
	return k
}

func inRanges(i int, rs []text.Range) bool {
	for _, r := range rs {
		if r.Start <= i && i < r.End {
			return true
		}
	}
	return false
}

// personOK returns a filter accepting single people of gender g (or of
// unknown gender; any gender when g is 0).
func personOK(g names.Gender) func(*entity) bool {
	return func(e *entity) bool {
		return e.typ == Person && !e.plural && (g == 0 || e.gender == 0 || e.gender == g)
	}
}

// groupOK accepts what "they" can stand for: groups, organizations and
// governments.
func groupOK(e *entity) bool {
	return e.plural || e.typ == Organization || e.typ == Place
}

// orgOK accepts what "it" can stand for.
func orgOK(e *entity) bool {
	return !e.plural && (e.typ == Organization || e.typ == Place)
}

// honorificGender returns the gender an honorific gives, and whether w is
// an honorific at all.
func honorificGender(w string) (names.Gender, bool) { return names.Honorific(w) }

// roleGender returns the gender a role word gives: "spokeswoman" female,
// "congressman" and "father" male, "spokesperson" neither.
func roleGender(w string) names.Gender { return names.TitleGender(w) }

// titleGender returns the gender a folded title gives: "king" and
// "congressman" male, "princess" and "spokeswoman" female, else 0.
func titleGender(w string) names.Gender { return names.TitleGender(w) }

// scanTo notes the entities named in the text before token p, from where
// the previous call stopped, as candidates for later pronouns and
// descriptions: "Vance, the commissioner, listened to Mr. Brenner. She
// said" gives "She" a female candidate and a male one. A run of
// capitalized words makes a new person when something says it is one (an
// honorific, a known first name, a role before it or in apposition after
// it) and a new organization when it ends with an organization word; other
// runs only count when they name an entity already met.
func (r *resolver) scanTo(p int) {
	d := r.d
	i := r.scanned
	for i < p && i < len(d.Tokens) {
		if !isWordTok(d, i) {
			i++
			continue
		}
		if names.Pronoun(d.Form(i)) != names.Unknown {
			r.narrativePronoun(i)
			i++
			continue
		}
		if !isCap(d.Form(i)) {
			i++
			continue
		}
		e := i
		for e < p && e < len(d.Tokens) && e-i < 6 {
			f := d.Form(e)
			if isWordTok(d, e) && isCap(f) {
				e++
				continue
			}
			break
		}
		r.scanRun(i, e)
		i = e
	}
	if p > r.scanned {
		r.scanned = p
	}
}

// scanRun handles the run of capitalized words [s, e).
func (r *resolver) scanRun(s, e int) {
	d := r.d
	words := make([]string, 0, e-s)
	for k := s; k < e; k++ {
		words = append(words, d.Form(k))
	}
	// Honorifics and titles inside the run: the name follows the last one
	// ("Democratic Sen. Claire McCaskill", "Mr. Brenner").
	var gender names.Gender
	hon := false
	cut := 0
	for k, w := range words {
		if g, ok := honorificGender(w); ok {
			hon, gender, cut = true, g, k+1
		}
	}
	title := ""
	if cut > 0 {
		title = strings.Join(words[:cut], " ")
	}
	name := words[cut:]
	for len(name) > 0 && names.Opener(name[0]) {
		name = name[1:]
	}
	if len(name) == 0 || len(name) == 1 && !hon && names.SentenceOpener(name[0]) && d.SentenceOf(s) >= 0 && d.Sentences[d.SentenceOf(s)].Start == s {
		return
	}
	preStart, pre := r.roleBefore(s)
	// Capitalized roles before the name ("Agriculture Minister Pavel
	// Dremin", "Chancellor Merkel").
	if !hon {
		j := 0
		for j < len(name)-1 && (names.Role(name[j]) || j+1 < len(name)-1 && names.Role(name[j+1])) {
			j++
		}
		if j > 0 {
			title = strings.Join(name[:j], " ")
			name = name[j:]
		}
		// A run of three after a place or party ("Russia Maria
		// Zakharova") holds the name in its last two words, unless a
		// role just before it says where the name starts.
		if len(name) >= 3 && j == 0 && pre == "" && !hasInitial(name) && !firstThenTwo(name) && !r.orgPhrase(foldAll(name)) {
			title = strings.TrimSpace(title + " " + strings.Join(name[:len(name)-2], " "))
			name = name[len(name)-2:]
		}
	}
	after, appos := r.apposition(e)
	if pre != "" {
		title = strings.TrimSpace(pre + " " + title)
	}
	k := r.byName(name, gender)
	isOrg := r.orgPhrase(foldAll(name)) && !hon
	switch {
	case k >= 0:
		if isOrg != (r.ents[k].typ == Organization) && len(name) > 1 {
			k = -1 // "Clinton Foundation" is not Clinton
		}
	}
	if k < 0 {
		first := len(name) >= 2 && len(name) <= 3 && firstNames[fold(name[0])] != 0
		switch {
		case isOrg:
			k = r.newEntity(mention{kind: organization, typ: Organization, name: name})
		case places[fold(strings.Join(name, " "))]:
			return
		case hon || first || (r.anyRole(strings.Fields(fold(title))) || appos != "") && len(name) <= 3 && !allCaps(name):
			k = r.newEntity(mention{kind: named, typ: Person, name: name})
			if len(name) == 1 {
				if full := r.fullName(name[0], gender); full != nil {
					r.ents[k].words, r.ents[k].catalogued = full, true
				}
			}
		default:
			return
		}
	}
	ent := &r.ents[k]
	if ent.plural && (hon || firstNames[fold(name[0])] != 0 && len(name) > 1) {
		// "Sanders" taken for a group until "Sen. Bernie Sanders".
		ent.typ, ent.plural = Person, false
	}
	if ent.typ == Person {
		if title != "" {
			addTitle(ent, title)
		}
		if appos != "" {
			addTitle(ent, appos)
		}
		if gender != 0 {
			ent.hon[gender]++
		}
		if ent.gender == 0 {
			ent.gender = gender
		}
		if ent.gender == 0 {
			ent.gender = genderOf(ent)
		}
	}
	r.index(k)
	w := float64(wRecency)
	switch {
	case r.possessive(after):
		// "Mr. Obama's bet is ...": the possessor keeps its recency.
	case r.modifier(after):
		w = wModifier
	case r.subject(preStart, after):
		w += wSubject
	}
	q := r.inQuote(s)
	if q {
		w /= 2
	}
	r.addCand(k, s, w, q)
}

// allCaps reports whether a word of ws is written in capitals only
// ("INVESTIGATED HIM" in a shouted headline).
func allCaps(ws []string) bool {
	for _, w := range ws {
		if len(w) > 1 && strings.ToUpper(w) == w {
			return true
		}
	}
	return false
}

func foldAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fold(w)
	}
	return out
}

// roleBefore returns the lower-case role words just before token s
// ("spokeswoman" in "spokeswoman Maren Holt", "campaign spokesman"), or a
// role phrase set off by a comma ("a spokeswoman, Anna White"), and the
// token where they start; s and "" when there are none.
func (r *resolver) roleBefore(s int) (int, string) {
	d := r.d
	t := s
	role := false
	for t > 0 && s-t < 3 && isWordTok(d, t-1) && !isCap(d.Form(t-1)) {
		f := fold(d.Form(t - 1))
		if names.Role(f) {
			role = true
		} else if !names.Organization(f) {
			break
		}
		t--
	}
	if role {
		return t, d.Slice(text.Range{Start: t, End: s})
	}
	c := s - 1
	if c < 1 || d.Form(c) != "," || !isWordTok(d, c-1) || isCap(d.Form(c-1)) || !names.Role(fold(d.Form(c-1))) {
		return s, ""
	}
	for t = c - 1; t > 0 && c-t < 6; t-- {
		switch fold(d.Form(t)) {
		case "a", "an", "the", "its", "his", "her", "their":
			return t, d.Slice(text.Range{Start: t, End: c})
		}
		if !isWordTok(d, t) {
			break
		}
	}
	return s, ""
}

// apposition looks after a name ending at token e for a parenthesis
// ("(D-Mo.)") and a role in apposition (", the agriculture commissioner,",
// ", president of the caucus,"). It returns the token after them and the
// role, or "".
func (r *resolver) apposition(e int) (after int, role string) {
	d := r.d
	n := len(d.Tokens)
	if e < n && d.Form(e) == "(" {
		k := e + 1
		for k < n && k-e < 8 && d.Form(k) != ")" {
			k++
		}
		if k < n && d.Form(k) == ")" {
			e = k + 1
		}
	}
	if e >= n || d.Form(e) != "," {
		return e, ""
	}
	k := e + 1
	hasRole := false
	for k < n && k-e <= 10 {
		f := d.Form(k)
		if f == "," || f == "." || f == ";" || !isWordTok(d, k) && f != "-" && f != "'s" && f != "’s" {
			break
		}
		if k-e <= 4 && names.Role(fold(f)) {
			hasRole = true
		}
		k++
	}
	if !hasRole || k >= n || d.Form(k) != "," {
		return e, ""
	}
	first := fold(d.Form(e + 1))
	if isWordTok(d, e+1) && isCap(d.Form(e+1)) && !names.Role(first) && first != "the" && first != "a" && first != "an" {
		return e, "" // a list of names, not a role
	}
	return k + 1, strings.TrimSpace(d.Slice(text.Range{Start: e + 1, End: k}))
}

// modifier reports whether the name before token a only modifies what
// follows: an organization or role word ("the Trump
// campaign", "Trump campaign spokesman Jason Miller").
func (r *resolver) modifier(a int) bool {
	d := r.d
	if a >= len(d.Tokens) {
		return false
	}
	f := fold(d.Form(a))
	return isWordTok(d, a) && (names.Organization(f) || names.Role(f)) && !isCap(d.Form(a))
}

// possessive reports whether token a marks the name before it as a
// possessor ("Clinton's plan").
func (r *resolver) possessive(a int) bool {
	if a >= len(r.d.Tokens) {
		return false
	}
	f := r.d.Form(a)
	return f == "'s" || f == "’s" || f == "'" || f == "’"
}

// subject reports whether a name starting at token s and followed at token
// a is likely a main-clause subject: it opens its sentence or clause
// (after a comma, a quotation mark, a coordinating or temporal conjunction
// or a determiner) and a lower-case word that is not a preposition follows
// it. The subject of a "that" or "because" clause does not count: "Mr.
// Trump claimed that President Obama wanted ... , he said" is about Trump.
func (r *resolver) subject(s, a int) bool {
	d := r.d
	if a >= len(d.Tokens) || !isWordTok(d, a) || isCap(d.Form(a)) {
		return false
	}
	switch fold(d.Form(a)) {
	case "of", "and", "or", "in", "on", "at", "for", "to", "from", "with", "by":
		return false
	}
	if s <= 0 {
		return true
	}
	if sn := d.SentenceOf(s); sn >= 0 && d.Sentences[sn].Start >= s {
		return true
	}
	p := fold(d.Form(s - 1))
	if !isWordTok(d, s-1) {
		return p != "(" // a comma, a quotation mark, a dash
	}
	switch p {
	case "the", "and", "but", "then", "when", "while", "as":
		return true
	}
	return false
}

// inQuote reports whether token i lies inside quotation marks. Calls come
// with increasing i, so a cursor over the quotes keeps it linear.
func (r *resolver) inQuote(i int) bool {
	qs := r.d.Quotes
	for r.qpos < len(qs) && qs[r.qpos].Inner.End <= i {
		r.qpos++
	}
	for k := r.qpos; k < len(qs) && qs[k].Inner.Start <= i; k++ {
		if i < qs[k].Inner.End {
			return true
		}
	}
	return false
}
