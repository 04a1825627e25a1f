package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParagraphBefore is set on the first token after a blank line.
const ParagraphBefore uint8 = 1 << 3

// tokenize appends the tokens of text to dst in text order. Tokens never
// overlap and never cover whitespace.
func tokenize(text string, dst []Token) []Token {
	var (
		flags   uint8
		newline int // line breaks seen since the last token
		cpBase  int // code points before byte bBase
		bBase   int
	)
	emit := func(start, end int, kind Kind, extra uint8) {
		cpBase += utf8.RuneCountInString(text[bBase:start])
		cs := cpBase
		cpBase += utf8.RuneCountInString(text[start:end])
		bBase = end
		f := flags | extra
		if newline > 0 {
			f |= NewlineBefore
		}
		if newline > 1 {
			f |= ParagraphBefore
		}
		dst = append(dst, Token{
			Byte:  Span{int32(start), int32(end)},
			Start: int32(cs), End: int32(cpBase),
			Kind: kind, Flags: f,
		})
		flags, newline = 0, 0
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			newline++
			flags |= SpaceBefore
			i += size
			continue
		case r == '\r' || r == '\u2028' || r == '\u2029':
			if r != '\r' {
				newline++
			}
			flags |= SpaceBefore
			i += size
			continue
		case unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b' || r == 0:
			flags |= SpaceBefore
			i += size
			continue
		}
		start := i
		switch {
		case r == utf8.RuneError && size == 1:
			emit(start, i+1, Symbol, 0)
			i++
		case isWordStart(text, i, r):
			end := scanWord(text, i)
			i = splitWord(text, start, end, emit)
		case (r == '\'' || r == '`') && i+1 < len(text) && text[i+1] == byte(r):
			// '' and `` stand for double quotation marks in some news
			// and in treebank-style text.
			emit(start, i+2, Quote, 0)
			i += 2
		case isQuote(r) || r == '`':
			emit(start, i+size, Quote, 0)
			i += size
		case r == '-' && i+1 < len(text) && text[i+1] == '-':
			j := i
			for j < len(text) && text[j] == '-' {
				j++
			}
			emit(start, j, Dash, 0)
			i = j
		case isDash(r):
			emit(start, i+size, Dash, 0)
			i += size
		case r == '.' && strings.HasPrefix(text[i:], "..."):
			j := i
			for j < len(text) && text[j] == '.' {
				j++
			}
			emit(start, j, Punct, 0)
			i = j
		case unicode.IsPunct(r):
			emit(start, i+size, Punct, 0)
			i += size
		default:
			emit(start, i+size, Symbol, 0)
			i += size
		}
	}
	return dst
}

// isQuote reports whether r is a quotation mark. The ASCII apostrophe is
// one only where it does not sit inside a word (scanWord takes those).
func isQuote(r rune) bool {
	switch r {
	case '"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‚', '‹', '›', '‟', '‛', '〝', '〞', '＂':
		return true
	}
	return false
}

func isDash(r rune) bool {
	switch r {
	case '-', '—', '–', '‒', '―', '−', '⸺', '⸻':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) ||
		unicode.Is(unicode.Mc, r) || r == '_' || unicode.IsNumber(r)
}

// isWordStart reports whether a word token starts at byte i (rune r).
func isWordStart(text string, i int, r rune) bool {
	if isWordRune(r) {
		return true
	}
	// Hashtags and handles: #Aleppo, @StateDept.
	if (r == '#' || r == '@') && i+1 < len(text) {
		if i > 0 {
			p, _ := utf8.DecodeLastRuneInString(text[:i])
			if isWordRune(p) {
				return false
			}
		}
		n, _ := utf8.DecodeRuneInString(text[i+1:])
		return unicode.IsLetter(n)
	}
	return false
}

// scanWord returns the end of the word starting at byte i: letters and
// digits joined by inner hyphens (al-Nusra), apostrophes (O’brien, don't),
// periods between single letters (U.S.), and number separators (1,000,
// 3.5, 9/11, 10:30). URLs and e-mail addresses stay whole.
func scanWord(text string, i int) int {
	start := i
	if text[i] == '#' || text[i] == '@' {
		i++
	}
	if j := scanURL(text, i); j > i {
		return j
	}
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			i += size
			continue
		}
		if i == start {
			break
		}
		prev, _ := utf8.DecodeLastRuneInString(text[start:i])
		next, nsize := rune(utf8.RuneError), 0
		if i+size < len(text) {
			next, nsize = utf8.DecodeRuneInString(text[i+size:])
		}
		_ = nsize
		join := false
		switch r {
		case '-', '‐', '‑':
			// al-Nusra, Secretary-General, 29-year-old; not "word--word".
			join = isWordRune(prev) && isWordRune(next)
		case '\'', '’':
			join = unicode.IsLetter(prev) && unicode.IsLetter(next)
		case '.':
			// U.S., e.g., 3.5; initials: a single letter before the period.
			if unicode.IsDigit(prev) && unicode.IsDigit(next) {
				join = true
			} else if unicode.IsLetter(next) && isInitials(text[start:i]) {
				join = true
			}
		case ',', '/', ':':
			join = unicode.IsDigit(prev) && unicode.IsDigit(next) && onlyDigitsAround(text[start:i])
		case '&':
			join = unicode.IsUpper(prev) && unicode.IsUpper(next)
		case '@':
			// e-mail address
			if unicode.IsLetter(next) {
				if j := scanEmail(text, i+size); j > 0 {
					return j
				}
			}
		}
		if !join {
			break
		}
		i += size
	}
	if i == start {
		// A lone # or @ cannot get here (isWordStart checks the next rune),
		// but never return an empty token.
		_, size := utf8.DecodeRuneInString(text[i:])
		return i + size
	}
	// A final period belongs to initials (U.S.) and to known
	// abbreviations (Mr., Jan.).
	if i < len(text) && text[i] == '.' {
		w := text[start:i]
		if isInitials(w) && (strings.Contains(w, ".") || isMiddleInitial(text, start, i)) || isAbbrev(w, text[i+1:]) {
			i++
		}
	}
	return i
}

// isMiddleInitial reports whether the single capital letter text[start:i],
// followed by a period, is an initial inside a name ("Lisa M. Madigan",
// "J. J. Price"): a capitalized word follows, and a capitalized word or
// another initial comes before it or another initial follows.
func isMiddleInitial(text string, start, i int) bool {
	if i-start != 1 || text[start] < 'A' || text[start] > 'Z' {
		return false
	}
	rest := text[i+1:]
	if len(rest) < 2 || rest[0] != ' ' || rest[1] < 'A' || rest[1] > 'Z' {
		return false
	}
	if len(rest) >= 3 && rest[2] == '.' {
		return true // another initial follows: "J. J. Price"
	}
	before := strings.TrimRight(text[:start], " ")
	if len(before) == len(text[:start]) || before == "" {
		return false
	}
	k := strings.LastIndexAny(before, " \n\t")
	prev := before[k+1:]
	r, _ := utf8.DecodeRuneInString(prev)
	if len(prev) == 2 && prev[1] == '.' {
		return unicode.IsUpper(r) // after another initial
	}
	return unicode.IsUpper(r) && !strings.HasSuffix(prev, ".")
}

// onlyDigitsAround reports whether w, the word so far, is a number (digits
// and separators), so that "1,000" joins but "year,2016" does not.
func onlyDigitsAround(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) && r != ',' && r != '.' && r != '/' && r != ':' {
			return false
		}
	}
	return true
}

// isInitials reports whether w is a run of single letters separated by
// periods: "U", "U.S", "D.C".
func isInitials(w string) bool {
	n := 0
	for k, r := range w {
		if k%2 == 1 {
			if r != '.' {
				return false
			}
			continue
		}
		if r >= utf8.RuneSelf || !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n > 0 && len(w)%2 == 1
}

// abbrevs are words that take a period and rarely end a sentence, lower
// case. Titles are marked true: a sentence never ends after them.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true,
	"sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true,
	"sgt": true, "maj": true, "adm": true, "rev": true, "hon": true, "pres": true,
	"sec": true, "amb": true, "cmdr": true, "gens": true, "reps": true, "sens": true,
	"st": true, "mt": true, "ft": true, "fr": true, "supt": true, "atty": true,
	"messrs": true, "mmes": true,
	"jr": false, "sr": false, "inc": false, "corp": false, "ltd": false, "co": false,
	"bros": false, "vs": false, "etc": false, "approx": false, "dept": false,
	"jan": false, "feb": false, "mar": false, "apr": false, "jun": false,
	"jul": false, "aug": false, "sep": false, "sept": false, "oct": false,
	"nov": false, "dec": false, "ave": false, "blvd": false, "no": false,
	"nos": false, "est": false, "cf": false, "al": false, "ca": false,
	"calif": false, "fla": false, "ariz": false, "colo": false, "conn": false,
	"tenn": false, "mich": false, "minn": false, "wis": false, "okla": false,
	"nev": false, "ala": false,
}

// isAbbrev reports whether word w followed by a period is an
// abbreviation. rest is the text after the period.
func isAbbrev(w, rest string) bool {
	if len(w) > 6 {
		return false
	}
	lw := strings.ToLower(w)
	title, ok := abbrevs[lw]
	if !ok {
		return false
	}
	if title {
		return true
	}
	// "no." is a word too: an abbreviation only in "No. 5".
	if lw == "no" || lw == "nos" {
		r := strings.TrimLeft(rest, " \u00a0")
		return w[0] == 'N' && len(r) > 0 && r[0] >= '0' && r[0] <= '9'
	}
	return true
}

// scanURL returns the end of a URL starting at i, or i when there is none.
func scanURL(text string, i int) int {
	rest := text[i:]
	if !(strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://") || strings.HasPrefix(rest, "www.")) {
		return i
	}
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsSpace(r) || r == utf8.RuneError || isQuote(r) && r != '\'' || r == '<' || r == '>' {
			break
		}
		j += size
	}
	// Leave trailing sentence punctuation and closing brackets out.
	for j > i {
		c := text[j-1]
		if strings.IndexByte(".,;:!?)]}'", c) < 0 {
			break
		}
		j--
	}
	return j
}

// scanEmail returns the end of the domain of an e-mail address whose
// domain starts at i, or 0 when it is not one.
func scanEmail(text string, i int) int {
	j, dots := i, 0
	for j < len(text) {
		c := text[j]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
		case c == '.' && j+1 < len(text) && isASCIIAlnum(text[j+1]):
			dots++
		default:
			goto done
		}
		j++
	}
done:
	if dots == 0 {
		return 0
	}
	return j
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// clitics split off the end of a word the way treebanks do: "Clinton’s" is
// "Clinton" + "’s", "don't" is "do" + "n't".
var clitics = []string{"s", "re", "ve", "ll", "d", "m"}

// splitWord emits the word text[start:end], split before an English clitic,
// and returns end.
func splitWord(text string, start, end int, emit func(start, end int, kind Kind, extra uint8)) int {
	w := text[start:end]
	kind := Word
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsDigit(r) {
		kind = Number
		for _, r := range w {
			if unicode.IsLetter(r) {
				kind = Word // 29th, 3D, 9/11's are words with digits
				break
			}
		}
	}
	extra := uint8(0)
	if strings.HasSuffix(w, ".") {
		extra = Abbrev
	}
	if cut := cliticStart(w); cut > 0 {
		emit(start, start+cut, kind, 0)
		emit(start+cut, end, Word, 0)
		return end
	}
	emit(start, end, kind, extra)
	return end
}

// cliticStart returns the byte offset in w where a clitic starts, or 0.
func cliticStart(w string) int {
	lw := strings.ToLower(w)
	for _, apos := range []string{"'", "’"} {
		if k := strings.LastIndex(lw, "n"+apos+"t"); k > 0 && k+len("n"+apos+"t") == len(lw) {
			return k
		}
		k := strings.LastIndex(lw, apos)
		if k <= 0 {
			continue
		}
		suffix := lw[k+len(apos):]
		for _, c := range clitics {
			if suffix == c {
				// O’d, L’m are not English clitics: the base must be longer
				// than one letter.
				if k < 2 {
					return 0
				}
				return k
			}
		}
	}
	return 0
}
