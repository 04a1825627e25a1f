package store

import (
	"slices"
	"strconv"
	"strings"
)

// This file holds the rules that make one speaker of a collection from
// the speakers of its articles (issue 11 item 2): Identify. Store.Reidentify
// applies them to a whole store; Put keys the speakers of new articles by
// their name alone until the next Reidentify.

// ArticleSpeaker is one speaker of one article, as doc_speakers holds it,
// with the number of statements the article credits to it.
type ArticleSpeaker struct {
	Doc        int64  // documents.id
	SID        string // the article's speaker id ("e3")
	Name       string
	Type       string // person, organization, place or other
	Unnamed    bool   // a description only (output.Speaker.Unnamed)
	Statements int
}

// Collection is one speaker of a collection: the key its article speakers
// share, the name and type shown, and the names they were given.
type Collection struct {
	Key  string
	Name string
	Type string
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
//   - Two full names are never joined: "Bill Clinton" and "Hillary
//     Clinton" are two speakers.
//   - The name shown is the most frequent full form among the names
//     joined (by article speakers, then by statements, then the
//     lexicographically smallest), and the type the most frequent type
//     (ties in the order person, organization, place, other), so neither
//     depends on the order of ingest.
func Identify(sps []ArticleSpeaker) (keys []string, groups map[string]*Collection) {
	keys = make([]string, len(sps))
	// Full names of people by last word (suffixes such as "jr" skipped),
	// with their statements.
	bySurname := map[string]map[string]int{}
	for i, sp := range sps {
		k := NameKey(sp.Name)
		if sp.Unnamed || k == "" {
			keys[i] = "~" + strconv.FormatInt(sp.Doc, 10) + ":" + k
			continue
		}
		keys[i] = k
		if w := strings.Fields(k); len(w) >= 2 && sp.Type == "person" {
			s := surname(w)
			if bySurname[s] == nil {
				bySurname[s] = map[string]int{}
			}
			bySurname[s][k] += max(sp.Statements, 1)
		}
	}
	for i, sp := range sps {
		k := keys[i]
		if strings.HasPrefix(k, "~") || strings.Contains(k, " ") || sp.Type != "person" && sp.Type != "other" {
			continue
		}
		if full := dominant(bySurname[k]); full != "" {
			keys[i] = full
		}
	}
	groups = map[string]*Collection{}
	names := map[string]map[string][2]int{} // key -> name -> article speakers, statements
	types := map[string]map[string]int{}
	for i, sp := range sps {
		k := keys[i]
		g := groups[k]
		if g == nil {
			g = &Collection{Key: k, Unnamed: strings.HasPrefix(k, "~")}
			groups[k] = g
			names[k] = map[string][2]int{}
			types[k] = map[string]int{}
		}
		g.Documents++
		g.Statements += sp.Statements
		c := names[k][sp.Name]
		names[k][sp.Name] = [2]int{c[0] + 1, c[1] + sp.Statements}
		types[k][sp.Type]++
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
	}
	return keys, groups
}

// surname returns the last word of a name key that is not a suffix.
func surname(w []string) string {
	n := len(w)
	if n > 2 && nameSuffixes[w[n-1]] {
		n--
	}
	return w[n-1]
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
