package store

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/output"
)

// This file holds the rules that make one speaker of a collection from
// the speakers of its articles (issue 11 item 2): Identify. Put applies
// them to the part of the collection a batch touches (settle.go), and
// Store.Reidentify to the whole store; both give the same store.

// ArticleSpeaker is one speaker of one article, as doc_speakers holds it,
// with the number of statements the article credits to it.
type ArticleSpeaker struct {
	Doc     int64  // documents.id
	SID     string // the article's speaker id ("e3")
	Name    string
	Type    string // person, organization, place or other
	Unnamed bool   // a description only (output.Speaker.Unnamed)
	Gender  string // output.Speaker.Gender: female, male, unknown or ""
	// GenderEvidence is output.Speaker.GenderEvidence: "honorific",
	// "title", "pronouns", or "name" and a share.
	GenderEvidence string
	Statements     int
}

// Collection is one speaker of a collection: the key its article speakers
// share, the name, type and gender shown, and the names they were given.
type Collection struct {
	Key  string
	Name string
	Type string
	// Gender is female, male or unknown for a person ([CollectionGender]),
	// "" for any other type.
	Gender string
	// Unnamed marks a description kept as a speaker of its own article
	// ("the company" of one article): collection views list it as
	// unnamed, never merged with the same description elsewhere.
	Unnamed bool
	// Variants are the distinct names of its article speakers, most
	// frequent first.
	Variants []string
	// Documents and Statements count its article speakers and their
	// statements.
	Documents, Statements int
	// Person is the id of the person of the people list it is linked to,
	// or "" ([linkPeople]); GenderEvidence is "list" when its gender is
	// the list's, else "" (its article speakers').
	Person, GenderEvidence string
}

// Dominance is the share of the statements of the people of one surname
// that one of them must hold for a surname given alone ("Trump") to be
// taken for that person across articles: an article that never gives the
// full name means the person the collection quotes under that surname
// almost always.
const Dominance = 0.9

// Identify assigns each article speaker the key of its collection speaker
// (keys[i] for sps[i]) and returns the collection speakers by key. The
// result does not depend on the order of sps. The rules:
//
//   - A description (Unnamed, or a name without a letter) is a speaker of
//     its own article: key "~" + document + ":" + its name key, so "the
//     company" of two articles is two speakers.
//   - A name's key is [NameKey]: case, punctuation, leading honorifics, a
//     possessive and a single middle initial do not count ("Barack H.
//     Obama" and "Barack Obama" are one).
//   - A surname alone, for a person ("Obama"; "President Obama", whose
//     title package speaker moves to titles), joins the one person of the
//     collection whose full name ends with it, or the person holding at
//     least [Dominance] of the statements of all who do. When no one
//     does, it stays a speaker of its own; when several share the surname
//     without one dominating ("Clinton": Hillary and Bill), it stays apart
//     from all of them.
//   - A person's full name with middle names ("Hillary Rodham Clinton")
//     joins the same first name and surname without them ("Hillary
//     Clinton") when the collection has that person
//     ([withoutMiddleNames]: initials and suffixes are no middle names).
//   - Other full names are never joined: "Bill Clinton" and "Hillary
//     Clinton" are two speakers.
//   - The name shown is the most frequent full form among the names
//     joined (by article speakers, then by statements, then the
//     lexicographically smallest), and the type the most frequent type
//     (ties in the order person, organization, place, other), so neither
//     depends on the order of ingest. The gender is [CollectionGender] of
//     its article speakers.
//
// Every rule looks only at article speakers of one partition ([partKey]:
// a description's article, or a name's surname), which is what lets Put
// apply them to the partitions a batch touches alone.
func Identify(sps []ArticleSpeaker) (keys []string, groups map[string]*Collection) {
	ms := make([]member, len(sps))
	for i, sp := range sps {
		ms[i] = member{part: partKey(sp.Doc, sp.Name, sp.Unnamed), name: sp.Name, typ: sp.Type, gender: sp.Gender,
			byName: byName(sp.GenderEvidence), unnamed: sp.Unnamed, articles: 1, statements: sp.Statements, weight: max(sp.Statements, 1)}
	}
	return identify(ms)
}

// member is one or more article speakers of one partition that every rule
// of Identify treats alike: the same name, type, gender, kind of gender
// evidence and description flag. articles counts them, statements their
// statements, weight the sum of max(statements, 1) over them (the weight
// of a full name under its surname).
type member struct {
	part, name, typ, gender string
	byName                  bool // the gender rests on the first name alone
	unnamed                 bool
	speakerID               int64 // the collection speaker the rows point to now (0: none)
	articles, statements    int
	weight                  int
}

// partKey returns the partition of an article speaker: "~" and the
// document for a description or a name without a letter, else the
// surname of its [NameKey] (its last word not a suffix; the one word of a
// one-word name). Every collection speaker's article speakers share one
// partition.
func partKey(doc int64, name string, unnamed bool) string {
	k := NameKey(name)
	if unnamed || k == "" {
		return "~" + strconv.FormatInt(doc, 10)
	}
	return surname(strings.Fields(k))
}

// identify is Identify over members.
func identify(ms []member) (keys []string, groups map[string]*Collection) {
	keys = make([]string, len(ms))
	// Each name's key, and the people named by a first name and a surname
	// alone.
	twoWords := map[string]bool{}
	for i, m := range ms {
		keys[i] = NameKey(m.name)
		if m.typ == "person" && !strings.HasPrefix(m.part, "~") && strings.Count(keys[i], " ") == 1 {
			twoWords[keys[i]] = true
		}
	}
	// Full names of people by last word (suffixes such as "jr" skipped),
	// with their statements.
	bySurname := map[string]map[string]int{}
	for i, m := range ms {
		k := keys[i]
		if legacyIdentity && k != "" {
			keys[i] = speakerKey(m.name)
			continue
		}
		if strings.HasPrefix(m.part, "~") {
			keys[i] = m.part + ":" + k
			continue
		}
		if short := withoutMiddleNames(k); m.typ == "person" && twoWords[short] {
			k = short
		}
		keys[i] = k
		if w := strings.Fields(k); len(w) >= 2 && m.typ == "person" {
			s := surname(w)
			if bySurname[s] == nil {
				bySurname[s] = map[string]int{}
			}
			bySurname[s][k] += m.weight
		}
	}
	for i, m := range ms {
		k := keys[i]
		if strings.HasPrefix(k, "~") || strings.Contains(k, " ") || m.typ != "person" && m.typ != "other" {
			continue
		}
		if full := dominant(bySurname[k]); full != "" {
			keys[i] = full
		}
	}
	groups = map[string]*Collection{}
	names := map[string]map[string][2]int{} // key -> name -> article speakers, statements
	types := map[string]map[string]int{}
	genders := map[string]map[[2]string]int{} // key -> (gender, "name" or "") -> article speakers
	for i, m := range ms {
		k := keys[i]
		g := groups[k]
		if g == nil {
			g = &Collection{Key: k, Unnamed: strings.HasPrefix(k, "~")}
			groups[k] = g
			names[k] = map[string][2]int{}
			types[k] = map[string]int{}
			genders[k] = map[[2]string]int{}
		}
		g.Documents += m.articles
		g.Statements += m.statements
		c := names[k][m.name]
		names[k][m.name] = [2]int{c[0] + m.articles, c[1] + m.statements}
		types[k][m.typ] += m.articles
		if m.typ == "person" {
			ev := ""
			if m.byName {
				ev = "name"
			}
			genders[k][[2]string{m.gender, ev}] += m.articles
		}
	}
	for k, g := range groups {
		g.Variants = rankNames(names[k])
		g.Name = g.Variants[0]
		for _, n := range g.Variants {
			if len(strings.Fields(NameKey(n))) >= 2 {
				g.Name = n // the most frequent full form
				break
			}
		}
		g.Type = topType(types[k])
		if g.Type == "person" {
			gs := genders[k]
			f, m := gs[[2]string{output.Female, ""}], gs[[2]string{output.Male, ""}]
			if f+m == 0 {
				// No article's own evidence: the first name.
				f, m = gs[[2]string{output.Female, "name"}], gs[[2]string{output.Male, "name"}]
			}
			g.Gender = CollectionGender(f, m)
		}
	}
	return keys, groups
}

// CollectionGender decides the gender of a person of the collection from
// the genders of its article speakers: female when more of them are
// female than male, male when more are male than female, unknown on a tie
// (none decided, or as many of each). Article speakers of unknown gender
// do not count: an article that gives no evidence says nothing against
// one that does, and a single article's mistake is outvoted by the
// others.
//
// Identify counts first the article speakers whose gender rests on the
// article's own evidence (an honorific, a gendered title, pronouns), and
// only when none has such evidence those whose gender rests on the first
// name alone: one "Mr. Graham" outweighs any number of guesses from
// "Lindsey".
func CollectionGender(female, male int) string {
	switch {
	case female > male:
		return output.Female
	case male > female:
		return output.Male
	}
	return output.UnknownGender
}

// legacyIdentity, set by tests only, makes identify key each name by
// speakerKey alone, as Put did before schema version 4, to write a store
// as older versions did.
var legacyIdentity = false

// byName reports whether a gender evidence ([output.Speaker].
// GenderEvidence) is the first name alone ("name 0.97").
func byName(evidence string) bool {
	return strings.HasPrefix(evidence, output.EvidenceName)
}

// surname returns the last word of a name key that is not a suffix.
func surname(w []string) string {
	n := len(w)
	if n > 2 && nameSuffixes[w[n-1]] {
		n--
	}
	return w[n-1]
}

// withoutMiddleNames returns the key of a person's first name and surname
// when key holds middle names between them ("hillary rodham clinton" is
// "hillary clinton"), else "". Initials do not count as middle names
// ("george h w bush" stays itself), and a name ending with a suffix
// ("jr") is left alone: it tells a son from his father.
func withoutMiddleNames(key string) string {
	w := strings.Fields(key)
	n := len(w)
	if n < 3 || nameSuffixes[w[n-1]] {
		return ""
	}
	for _, m := range w[1 : n-1] {
		if utf8.RuneCountInString(m) < 3 {
			return ""
		}
	}
	return w[0] + " " + w[n-1]
}

// dominant returns the full name that a surname alone stands for: the only
// one, or the one holding at least Dominance of the statements; "" when
// there is none.
func dominant(full map[string]int) string {
	best, total, top := "", 0, 0
	for k, n := range full {
		total += n
		if n > top || n == top && k < best {
			best, top = k, n
		}
	}
	if best == "" || float64(top) < Dominance*float64(total) {
		return ""
	}
	return best
}

// rankNames orders names by article speakers, then statements, then
// lexicographically.
func rankNames(m map[string][2]int) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b string) int {
		ca, cb := m[a], m[b]
		switch {
		case ca[0] != cb[0]:
			return cb[0] - ca[0]
		case ca[1] != cb[1]:
			return cb[1] - ca[1]
		}
		return strings.Compare(a, b)
	})
	return out
}

var typeOrder = []string{"person", "organization", "place", "other"}

// topType returns the most frequent type; ties go to the earlier of
// typeOrder, then to the smaller name.
func topType(m map[string]int) string {
	rank := func(t string) int {
		if i := slices.Index(typeOrder, t); i >= 0 {
			return i
		}
		return len(typeOrder)
	}
	best := ""
	for t, c := range m {
		if best == "" || c > m[best] || c == m[best] && (rank(t) < rank(best) || rank(t) == rank(best) && t < best) {
			best = t
		}
	}
	return best
}
