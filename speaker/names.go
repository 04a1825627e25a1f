package speaker

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold returns the form of a name used to compare names: lower case, with
// curly apostrophes and dashes written plainly ("O’brien" and "O'Brien"
// compare equal).
func fold(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.ReplaceAll(s, "‘", "'")
	return s
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

// titleAbbrevs are titles written before a name that are not part of it.
var titleAbbrevs = map[string]bool{
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "sen.": true,
	"rep.": true, "gov.": true, "gen.": true, "lt.": true, "col.": true,
	"sgt.": true, "capt.": true, "prof.": true, "rev.": true, "pres.": true,
	"sir": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"sens.": true, "reps.": true, "govs.": true,
}

// orgWords mark a phrase naming an organization or institution.
var orgWords = map[string]bool{
	"ministry": true, "department": true, "committee": true, "council": true,
	"party": true, "campaign": true, "agency": true, "office": true,
	"administration": true, "government": true, "commission": true,
	"bureau": true, "court": true, "senate": true, "congress": true,
	"house": true, "parliament": true, "union": true, "association": true,
	"institute": true, "university": true, "foundation": true, "center": true,
	"centre": true, "company": true, "corporation": true, "corp.": true,
	"inc.": true, "group": true, "network": true, "newspaper": true,
	"times": true, "post": true, "news": true, "journal": true, "press": true,
	"magazine": true, "service": true, "army": true, "police": true,
	"authority": true, "board": true, "fund": true, "bank": true,
	"kremlin": true, "pentagon": true, "coalition": true, "organization": true,
	"organisation": true, "team": true, "staff": true, "spokesperson's": true,
	"cnn": true, "fbi": true, "cia": true, "nato": true, "un": true,
	"gop": true, "dnc": true, "rnc": true, "ap": true, "reuters": true,
	"cooperative": true, "co-op": true, "federation": true, "alliance": true,
	"trust": true, "league": true, "society": true, "caucus": true,
	"firm": true, "club": true, "hospital": true, "church": true,
	"airline": true, "airlines": true, "industries": true, "council's": true,
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

// roleWords are heads of descriptions that stand for a person: "the US
// diplomat", "a spokesman".
var roleWords = map[string]bool{
	"diplomat": true, "ambassador": true, "minister": true, "secretary": true,
	"spokesman": true, "spokeswoman": true, "spokesperson": true,
	"representative": true, "president": true, "director": true,
	"mayor": true, "senator": true, "governor": true, "official": true,
	"chairman": true, "chairwoman": true, "chair": true, "leader": true,
	"candidate": true, "nominee": true, "adviser": true, "advisor": true,
	"aide": true, "envoy": true, "general": true, "chief": true,
	"executive": true, "head": true, "commissioner": true, "judge": true,
	"lawmaker": true, "congressman": true, "congresswoman": true,
	"strategist": true, "manager": true, "pollster": true, "analyst": true,
	"professor": true, "expert": true, "businessman": true, "mogul": true,
	"billionaire": true, "frontrunner": true, "front-runner": true,
	"attorney": true, "prosecutor": true, "officer": true, "source": true,
	"deputy": true, "premier": true, "king": true, "queen": true,
	"prince": true, "chancellor": true, "speaker": true, "founder": true,
	"ceo": true, "economist": true, "author": true, "writer": true,
	"columnist": true, "host": true, "anchor": true, "reporter": true,
	"activist": true, "lawyer": true, "scientist": true, "sheriff": true,
	"dockworker": true, "worker": true, "man": true, "woman": true,
}

// Genders of people, for choosing the antecedent of "he" and "she".
const (
	male   uint8 = 1
	female uint8 = 2
)

// firstNames gives the gender of common first names: those that
// CoreNLP's coreference chains over PolNeAR's train articles
// (train.coref.jsonl) join at least three times to "he" or "she" and
// nine times more often to one than to the other.
var firstNames = func() map[string]uint8 {
	m := map[string]uint8{}
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
func pronounGender(p string) uint8 {
	switch p {
	case "he", "him", "his", "himself":
		return male
	case "she", "her", "hers", "herself":
		return female
	}
	return 0
}

// genderOf guesses an entity's gender from its first name or titles, or
// returns 0.
func genderOf(e *entity) uint8 {
	if len(e.words) >= 2 {
		if g := firstNames[fold(e.words[0])]; g != 0 {
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
