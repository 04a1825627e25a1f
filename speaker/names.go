package speaker

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/names"
)

// fold returns the form of a name used to compare names: lower case, with
// curly apostrophes written plainly ("O’brien" and "O'Brien" compare
// equal).
func fold(s string) string { return names.Fold(s) }

// isHonorific reports whether w is an honorific or abbreviated title
// written before a name ("Mr.", "Sen.").
func isHonorific(w string) bool {
	_, ok := names.Honorific(w)
	return ok
}

// soundex returns the American Soundex code of a word: its first letter
// and three digits for the consonant sounds that follow ("Power" and
// "Pauer" are both P600). Letters outside A-Z are skipped.
func soundex(w string) string {
	code := func(r rune) byte {
		switch r {
		case 'b', 'f', 'p', 'v':
			return '1'
		case 'c', 'g', 'j', 'k', 'q', 's', 'x', 'z':
			return '2'
		case 'd', 't':
			return '3'
		case 'l':
			return '4'
		case 'm', 'n':
			return '5'
		case 'r':
			return '6'
		case 'h', 'w':
			return 'h' // neither a separator nor coded
		}
		return 0 // vowels and y separate equal codes
	}
	out := make([]byte, 0, 4)
	var last byte
	for _, r := range strings.ToLower(w) {
		if r < 'a' || r > 'z' {
			continue
		}
		c := code(r)
		if len(out) == 0 {
			out = append(out, byte(unicode.ToUpper(r)))
			if c != 'h' {
				last = c
			}
			continue
		}
		switch {
		case c == 'h':
			continue
		case c == 0:
			last = 0
		case c != last:
			out = append(out, c)
			last = c
		}
		if len(out) == 4 {
			break
		}
	}
	if len(out) == 0 {
		return ""
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out)
}

// editDistance returns the Levenshtein distance between a and b, counted
// in code points.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// nearMiss reports whether two single-word names are likely the same name
// spelled two ways ("Pauer" and "Power"): same first letter and Soundex
// code, and at most two edits apart. Names shorter than five letters are
// never near misses: "Bush" and "Bash" are different people.
func nearMiss(a, b string) bool {
	a, b = fold(a), fold(b)
	if a == b {
		return true
	}
	if utf8.RuneCountInString(a) < 5 || utf8.RuneCountInString(b) < 5 {
		return false
	}
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if ra != rb || soundex(a) != soundex(b) {
		return false
	}
	return editDistance(a, b) <= 2
}

// places are countries and capitals often used for their governments
// ("Washington urged", "Moscow denied").
var places = map[string]bool{
	"washington": true, "moscow": true, "beijing": true, "london": true,
	"paris": true, "berlin": true, "tehran": true, "damascus": true,
	"kiev": true, "kyiv": true, "ankara": true, "tokyo": true,
	"pyongyang": true, "seoul": true, "brussels": true, "jerusalem": true,
	"russia": true, "china": true, "iran": true, "syria": true, "turkey": true,
	"france": true, "germany": true, "britain": true, "israel": true,
	"ukraine": true, "japan": true, "mexico": true, "canada": true,
	"america": true, "europe": true, "united states": true, "u.s.": true,
	"united kingdom": true, "european union": true,
	// American states, often named for their governments or voters.
	"alabama": true, "alaska": true, "arizona": true, "arkansas": true,
	"california": true, "colorado": true, "connecticut": true, "delaware": true,
	"florida": true, "georgia": true, "hawaii": true, "idaho": true,
	"illinois": true, "indiana": true, "iowa": true, "kansas": true,
	"kentucky": true, "louisiana": true, "maine": true, "maryland": true,
	"massachusetts": true, "michigan": true, "minnesota": true,
	"mississippi": true, "missouri": true, "montana": true, "nebraska": true,
	"nevada": true, "new hampshire": true, "new jersey": true,
	"new mexico": true, "new york": true, "north carolina": true,
	"north dakota": true, "ohio": true, "oklahoma": true, "oregon": true,
	"pennsylvania": true, "rhode island": true, "south carolina": true,
	"south dakota": true, "tennessee": true, "texas": true, "utah": true,
	"vermont": true, "virginia": true, "west virginia": true,
	"wisconsin": true, "wyoming": true,
}

// Genders of people, for choosing the antecedent of "he" and "she".
const (
	male   = names.Male
	female = names.Female
)

// firstNames gives the gender of common first names: those that
// CoreNLP's coreference chains over PolNeAR's train articles
// (train.coref.jsonl) join at least three times to "he" or "she" and
// nine times more often to one than to the other.
var firstNames = func() map[string]names.Gender {
	m := map[string]names.Gender{}
	for _, n := range strings.Fields(`alan alex barack ben bernie bob brian carlos
		charles chris chuck corey dan david donald douglas edward eric gary
		geoff george glenn harry howard jack james jared jason jay jeb jeff jim
		joe john joseph josh kevin marc marco mark martin matt merrick michael
		mike mitt muhammad omar paul peter rahm reince richard rick robert
		rupert scott sheldon stephen steve steven ted thomas tim tom vladimir
		william`) {
		m[n] = male
	}
	for _, n := range strings.Fields(`carly chelsea christine debbie elizabeth
		hillary jennifer maria mary rachel sarah`) {
		m[n] = female
	}
	// Common English first names of one gender, added by hand beyond
	// those CoreNLP's chains showed often enough.
	for _, n := range strings.Fields(`andrew anthony benjamin bill bobby daniel
		dennis ed frank fred greg hank henry jerry jimmy jonathan keith
		kenneth larry newt nick patrick roger ron rudy ryan sam sean tony`) {
		m[n] = male
	}
	for _, n := range strings.Fields(`amy angela ann anne barbara catherine
		claire diane donna emily ivanka janet jessica jill julie karen kate
		kathleen kellyanne laura linda lisa loretta margaret melania michelle
		nancy nikki patricia patti susan theresa tina`) {
		m[n] = female
	}
	return m
}()

// pronounGender returns the gender a pronoun gives, or 0.
func pronounGender(p string) names.Gender { return names.Pronoun(p) }

// genderOf guesses an entity's gender from its first name or titles, or
// returns 0.
func genderOf(e *entity) names.Gender {
	if len(e.words) >= 2 {
		if g := firstNames[fold(e.words[0])]; g != 0 {
			return g
		}
		if g, _ := names.NameGender(e.words[0]); g != 0 {
			return g
		}
	}
	for _, t := range e.titles {
		for _, w := range strings.Fields(fold(t)) {
			switch w {
			case "mr.", "mr", "sir":
				return male
			case "mrs.", "ms.", "mrs", "ms":
				return female
			}
			if g := titleGender(w); g != 0 {
				return g
			}
		}
	}
	return 0
}
