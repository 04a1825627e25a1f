package text

import (
	"unicode"
	"unicode/utf8"
)

// paragraphs splits the tokens at blank lines.
func paragraphs(d *Doc) []Range {
	var ps []Range
	start := 0
	for i := 1; i < len(d.Tokens); i++ {
		if d.Tokens[i].Flags&ParagraphBefore != 0 {
			ps = append(ps, Range{start, i})
			start = i
		}
	}
	if len(d.Tokens) > 0 {
		ps = append(ps, Range{start, len(d.Tokens)})
	}
	return ps
}

// sentenceStarters are capitalized words that begin sentences far more
// often than they follow an abbreviation inside one ("U.S. The ...").
var sentenceStarters = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true,
	"They": true, "We": true, "I": true, "You": true, "But": true, "And": true,
	"In": true, "On": true, "At": true, "This": true, "That": true, "These": true,
	"Those": true, "There": true, "His": true, "Her": true, "Their": true,
	"Its": true, "Our": true, "However": true, "Meanwhile": true, "After": true,
	"As": true, "If": true, "When": true, "While": true, "So": true, "Yet": true,
	"According": true, "Earlier": true, "Later": true, "Also": true,
}

// sentences splits each paragraph into sentences.
func sentences(d *Doc) []Range {
	var ss []Range
	for _, p := range d.Paragraphs {
		start := p.Start
		for i := p.Start; i < p.End; i++ {
			end := -1 // first token of the next sentence, if one starts after i
			if i+1 < p.End && d.Tokens[i+1].Flags&NewlineBefore != 0 && lineBreakEnds(d, i) {
				end = i + 1
			} else if j, ok := sentenceEnd(d, i, p.End); ok {
				end = j
			}
			if end < 0 {
				continue
			}
			ss = appendBounded(ss, d, Range{start, end})
			start = end
			i = end - 1
		}
		if start < p.End {
			ss = appendBounded(ss, d, Range{start, p.End})
		}
	}
	return ss
}

// lineBreakEnds reports whether a single line break after token i ends the
// sentence: it does unless the line was wrapped in mid-sentence (a word or
// comma before it and a lower-case word after it).
func lineBreakEnds(d *Doc, i int) bool {
	next := d.Form(i + 1)
	r, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLower(r) {
		return true
	}
	t := d.Tokens[i]
	return !(t.Kind == Word || t.Kind == Number || d.Form(i) == ",")
}

// sentenceEnd reports whether a sentence ends with token i and, if so,
// where the next one starts: after the closing quotes and brackets that
// follow the final punctuation.
func sentenceEnd(d *Doc, i, limit int) (int, bool) {
	t := d.Tokens[i]
	form := d.Form(i)
	final := false
	abbrev := false
	switch {
	case t.Kind == Punct && (form == "." || form == "!" || form == "?" || form == "…" || form == "..." || form == "‼" || form == "⁇"):
		final = true
		// A period after a single capital is an initial: "John F. Kennedy".
		if form == "." && i > 0 && d.Tokens[i-1].Byte.End == t.Byte.Start {
			if p := d.Form(i - 1); utf8.RuneCountInString(p) == 1 && unicode.IsUpper(rune(p[0])) {
				abbrev = true
			}
		}
	case t.Flags&Abbrev != 0:
		final, abbrev = true, true
	}
	if !final {
		return 0, false
	}
	j := i + 1
	for j < limit && closes(d, j) {
		j++
	}
	if j >= limit {
		return 0, false // the paragraph ends here anyway
	}
	next := d.Tokens[j]
	if next.Flags&SpaceBefore == 0 && j == i+1 {
		return 0, false // "3.5", "U.S.-led": no space, no boundary
	}
	nf := d.Form(j)
	r, _ := utf8.DecodeRuneInString(nf)
	if abbrev {
		if isTitleAbbrev(d.Form(i)) {
			return 0, false
		}
		if next.Flags&NewlineBefore != 0 || sentenceStarters[nf] {
			return j, true
		}
		return 0, false
	}
	switch {
	case unicode.IsUpper(r), unicode.IsDigit(r), unicode.IsTitle(r):
		return j, true
	case next.Kind == Quote && opensQuote(d, j):
		return j, true
	case r == '(' || r == '[' || next.Kind == Dash && next.Flags&NewlineBefore != 0:
		return j, true
	case next.Flags&NewlineBefore != 0:
		return j, true
	}
	return 0, false
}

// isTitleAbbrev reports whether the abbreviation form (with its period) is
// a title that always precedes a name (Mr., Gen.).
func isTitleAbbrev(form string) bool {
	w := form[:len(form)-1]
	title, ok := abbrevs[lowerASCII(w)]
	return ok && title
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// closes reports whether token j closes something a sentence may end
// inside of: a closing quotation mark or bracket.
func closes(d *Doc, j int) bool {
	t := d.Tokens[j]
	f := d.Form(j)
	switch {
	case t.Kind == Quote:
		return !opensQuote(d, j)
	case f == ")" || f == "]" || f == "}":
		return true
	}
	return false
}

// appendBounded appends r to ss, cut into pieces of at most
// MaxSentenceTokens tokens, preferring cuts after a comma or semicolon.
func appendBounded(ss []Range, d *Doc, r Range) []Range {
	for r.Len() > MaxSentenceTokens {
		cut := r.Start + MaxSentenceTokens
		for k := cut - 1; k > r.Start+MaxSentenceTokens/2; k-- {
			if f := d.Form(k); f == "," || f == ";" || f == ":" {
				cut = k + 1
				break
			}
		}
		ss = append(ss, Range{r.Start, cut})
		r.Start = cut
	}
	if r.Len() > 0 {
		ss = append(ss, r)
	}
	return ss
}
