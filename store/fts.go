package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// PostgreSQL's full-text search reads what Go prepares. Its parser and its
// 'simple' configuration would fold case and split words by the server's
// locale, and they keep diacritics; SQLite's FTS5 (tokenize unicode61
// remove_diacritics 2) folds case everywhere and drops the diacritics of
// Latin letters. So that both stores find the same statements, the words
// of a statement and of a search are cut and folded here, as FTS5 does
// and the same way for both sides, and the server only indexes them:
//
//   - a word is a run of letters, digits and non-spacing marks (the words
//     of [parseMatch]); anything else separates words;
//   - a word is folded to lower case, and its Latin letters lose their
//     diacritics ("Café" is "cafe", "Zoë" is "zoe"; Cyrillic "й" stays).
//
// A statement's vector is setweight(content, 'A') || setweight(source,
// 'B'): a word matches in either, as in FTS5's two columns, and a phrase
// is searched within one of them only (see [parsedMatch.tsquery]).

// isWordRune reports whether r belongs to a word, as parseMatch splits
// them.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// foldWord folds one word: lower case, no diacritics on Latin letters.
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf || ('A' <= w[i] && w[i] <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		r = unicode.ToLower(r)
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case 0x300 <= r && r <= 0x36f:
			// A combining diacritic of an already decomposed letter.
		case unicode.Is(unicode.Latin, r):
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(d)
				}
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ftsText returns the folded words of s separated by single spaces: what
// PostgreSQL's to_tsvector('simple', ...) indexes for s.
func ftsText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, t := range wordSpans(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(foldWord(s[t[0]:t[1]]))
	}
	return b.String()
}

// wordSpans returns the byte ranges of the words of s.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// termWords returns the folded words of t.
func (t matchTerm) termWords() []string {
	ws := strings.Fields(strings.Trim(t.text, `"`))
	for i, w := range ws {
		ws[i] = foldWord(w)
	}
	return ws
}

// tsquery builds the PostgreSQL tsquery of m, for to_tsquery('simple',
// ...), or "" when nothing searchable is left. Its meaning is that of
// [parsedMatch.query] in FTS5: groups joined by AND (&), alternatives by
// OR (|), exclusions by NOT (!), a prefix as word:*, a phrase as words
// in a row (<->) within the content (weight A) or within the source
// (weight B). Words are quoted; they hold only letters, digits and marks.
func (m parsedMatch) tsquery() string {
	if len(m.groups) == 0 {
		return ""
	}
	term := func(t matchTerm) string {
		ws := t.termWords()
		if len(ws) == 1 {
			if t.prefix {
				return "'" + ws[0] + "':*"
			}
			return "'" + ws[0] + "'"
		}
		var alts []string
		for _, weight := range []string{"A", "B"} {
			parts := make([]string, len(ws))
			for i, w := range ws {
				parts[i] = "'" + w + "':" + weight
			}
			alts = append(alts, strings.Join(parts, " <-> "))
		}
		return "((" + alts[0] + ") | (" + alts[1] + "))"
	}
	var groups []string
	for _, g := range m.groups {
		alts := make([]string, len(g))
		for k, t := range g {
			alts[k] = term(t)
		}
		if len(alts) > 1 {
			groups = append(groups, "("+strings.Join(alts, " | ")+")")
		} else {
			groups = append(groups, alts[0])
		}
	}
	q := strings.Join(groups, " & ")
	for _, t := range m.not {
		q = "(" + q + ") & !" + term(t)
	}
	return q
}

// snippetWords is how many words a snippet shows, as FTS5's snippet() is
// asked for.
const snippetWords = 24

// snippet cuts the part of content that shows the words m found, marked,
// for the stores whose engine has no snippet of its own (PostgreSQL's
// ts_headline folds neither case nor diacritics as the index does). Like
// FTS5's snippet(): at most snippetWords words, the window holding the
// most distinct terms (then the most hits, then the earliest), "…" where
// the content is cut, the whole text around the words when the window
// reaches an end, a phrase marked as one segment.
func snippet(content string, m parsedMatch) []Segment {
	spans := wordSpans(content)
	folded := make([]string, len(spans))
	for i, sp := range spans {
		folded[i] = foldWord(content[sp[0]:sp[1]])
	}
	// hits: ranges of words matched by a term, with the term's number.
	type hit struct{ from, to, term int }
	var hits []hit
	n := 0
	for _, g := range m.groups {
		for _, t := range g {
			ws := t.termWords()
			for i := 0; i+len(ws) <= len(folded); i++ {
				ok := true
				for k, w := range ws {
					f := folded[i+k]
					if !(f == w || (t.prefix && len(ws) == 1 && strings.HasPrefix(f, w))) {
						ok = false
						break
					}
				}
				if ok {
					hits = append(hits, hit{i, i + len(ws), n})
				}
			}
			n++
		}
	}
	start := 0
	if len(spans) > snippetWords && len(hits) > 0 {
		best, bestTerms, bestHits := -1, -1, -1
		for _, h := range hits {
			s := max(0, min(h.from-snippetWords/3, len(spans)-snippetWords))
			terms := map[int]bool{}
			nh := 0
			for _, x := range hits {
				if x.from >= s && x.to <= s+snippetWords {
					terms[x.term] = true
					nh++
				}
			}
			if len(terms) > bestTerms || (len(terms) == bestTerms && nh > bestHits) ||
				(len(terms) == bestTerms && nh == bestHits && s < best) {
				best, bestTerms, bestHits = s, len(terms), nh
			}
		}
		start = best
	}
	end := min(len(spans), start+snippetWords)
	from, to := 0, len(content)
	if start > 0 {
		from = spans[start][0]
	}
	if end < len(spans) {
		to = spans[end-1][1]
	}
	// Marked byte ranges, merged where they touch or overlap.
	var marks [][2]int
	for _, h := range hits {
		if h.from < start || h.to > end {
			continue
		}
		r := [2]int{spans[h.from][0], spans[h.to-1][1]}
		merged := false
		for i := range marks {
			if r[0] <= marks[i][1] && marks[i][0] <= r[1] {
				marks[i] = [2]int{min(marks[i][0], r[0]), max(marks[i][1], r[1])}
				merged = true
				break
			}
		}
		if !merged {
			marks = append(marks, r)
		}
	}
	sortRanges(marks)
	var out []Segment
	add := func(text string, match bool) {
		if text != "" {
			out = append(out, Segment{Text: text, Match: match})
		}
	}
	if start > 0 {
		add("…", false)
	}
	at := from
	for _, r := range marks {
		if r[0] < at {
			continue
		}
		add(content[at:r[0]], false)
		add(content[r[0]:r[1]], true)
		at = r[1]
	}
	add(content[at:to], false)
	if end < len(spans) {
		add("…", false)
	}
	return joinPlain(out)
}

// sortRanges sorts byte ranges by start (few: insertion sort).
func sortRanges(rs [][2]int) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j][0] < rs[j-1][0]; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// joinPlain joins neighbouring unmarked segments.
func joinPlain(segs []Segment) []Segment {
	var out []Segment
	for _, s := range segs {
		if n := len(out); n > 0 && !s.Match && !out[n-1].Match {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}
