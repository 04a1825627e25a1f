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
	if len(e.words) >= 2 {
		first := e.words[0]
		if strings.HasSuffix(first, ".") && len(e.words) >= 3 {
			first = e.words[1] // "J. Robert Oppenheimer"
		}
		if g, share := names.NameGender(first); g != 0 {
			return g, fmt.Sprintf("%s %.2f", EvidenceName, math.Floor(share*100)/100)
		}
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
