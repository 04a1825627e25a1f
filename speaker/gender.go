package speaker

import (
	"fmt"
	"math"
	"strings"

	"github.com/whosaid/whosaid/names"
)

// The kinds of evidence of a person's gender, in the order they are
// trusted: the article's own words first, the first name last.
const (
	// EvidenceHonorific: an honorific of a mention ("Mr. Lund", "Ms.
	// Lind"), more often one way than the other.
	EvidenceHonorific = "honorific"
	// EvidenceTitle: a gendered title or role word the article gives the
	// person ("congresswoman", "King", "the spokeswoman").
	EvidenceTitle = "title"
	// EvidencePronouns: the pronouns of the statements resolved to the
	// person ("he said"), at least twice as many of one gender as of the
	// other.
	EvidencePronouns = "pronouns"
	// EvidenceName is followed by a space and the share of births of
	// that sex among the babies given the person's first name in the US
	// Social Security records, 1920-2005, rounded down to two decimals:
	// "name 0.99" (see names.NameGender; at least names.NameRatio).
	EvidenceName = "name"
	// EvidenceNarrative: failing all those, the subject pronouns of the
	// article's narrative ("He was elected in 2010.") that stand for the
	// person, as the most salient person before them, at least twice and
	// three times as many of one gender as of the other.
	EvidenceNarrative = "narrative pronouns"
)

// genderEvidence returns the gender of a person entity and what it rests
// on, or names.Unknown and "" when nothing is decisive or the entity is
// not a single person.
func (e *entity) genderEvidence() (names.Gender, string) {
	if e.typ != Person || e.plural {
		return names.Unknown, ""
	}
	if g := majority(e.hon, 1); g != 0 {
		return g, EvidenceHonorific
	}
	title := e.role
	for _, t := range e.titles {
		for _, w := range strings.Fields(t) {
			if g := names.TitleGender(strings.Trim(w, ",.;:()")); g != 0 {
				title[g]++
			}
		}
	}
	if g := majority(title, 1); g != 0 {
		return g, EvidenceTitle
	}
	if g := majority(e.pron, 2); g != 0 {
		return g, EvidencePronouns
	}
	var lean names.Gender
	if len(e.words) >= 2 {
		first := e.words[0]
		if strings.HasSuffix(first, ".") && len(e.words) >= 3 {
			first = e.words[1] // "J. Robert Oppenheimer"
		}
		g, share := names.NameLean(first)
		if share >= names.NameRatio {
			return g, fmt.Sprintf("%s %.2f", EvidenceName, math.Floor(share*100)/100)
		}
		if share >= names.LeanRatio {
			lean = g
		}
	}
	// The narrative's pronouns, unless the first name leans the other
	// way: "Terry Sullivan" (0.81 boys) given "she" by a wrong antecedent.
	if g := majority(e.narr, 3); g != 0 && e.narr[g] >= 2 && (lean == 0 || lean == g) {
		return g, EvidenceNarrative
	}
	return names.Unknown, ""
}

// majority returns the gender counted at least factor times as often as
// the other (and at least once), or names.Unknown.
func majority(c [3]int, factor int) names.Gender {
	m, f := c[names.Male], c[names.Female]
	switch {
	case m > 0 && m >= factor*f && m > f:
		return names.Male
	case f > 0 && f >= factor*m && f > m:
		return names.Female
	}
	return names.Unknown
}
