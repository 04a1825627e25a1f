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
// for the stores whose engine has no snippet of its own that agrees with
// the index (PostgreSQL's ts_headline folds neither case nor diacritics
// as the index does). It follows FTS5's snippet() (fts5_aux.c), so that
// both stores show the same: at most snippetWords words; each hit
// proposes the window starting there, scored 1000 for each term it holds
// and 1 for each repeat, then centred on its hits; and the window starting
// at the sentence before the hit (the text's start, or a word after ". "
// or ": "), scored the same plus 120 at the text's start and 100 at a
// sentence; the first best wins. A window at the text's start keeps what
// precedes its first word, one reaching the end what follows its last;
// otherwise "…" marks the cut. Overlapping hits are marked as one segment.
func snippet(content string, m parsedMatch) []Segment {
	spans := wordSpans(content)
	folded := make([]string, len(spans))
	for i, sp := range spans {
		folded[i] = foldWord(content[sp[0]:sp[1]])
	}
	// Instances of the query's terms in content, by position: FTS5's
	// xInst. Each term is one "phrase" of FTS5, in query order.
	type inst struct{ at, size, term int }
	var insts []inst
	var terms [][]string
	var prefix []bool
	for _, g := range m.groups {
		for _, t := range g {
			terms = append(terms, t.termWords())
			prefix = append(prefix, t.prefix)
		}
	}
	for i := range folded {
		for n, ws := range terms {
			if i+len(ws) > len(folded) {
				continue
			}
			ok := true
			for k, w := range ws {
				f := folded[i+k]
				if f != w && !(prefix[n] && len(ws) == 1 && strings.HasPrefix(f, w)) {
					ok = false
					break
				}
			}
			if ok {
				insts = append(insts, inst{i, len(ws), n})
			}
		}
	}
	size := len(spans)
	// score is fts5SnippetScore: the score of the window starting at pos
	// and the start that centres its hits.
	score := func(pos int) (int, int) {
		seen := make([]bool, len(terms))
		sc, first, last := 0, -1, 0
		for _, x := range insts {
			if x.at < pos || x.at >= pos+snippetWords {
				continue
			}
			if seen[x.term] {
				sc++
			} else {
				sc += 1000
			}
			seen[x.term] = true
			if first < 0 {
				first = x.at
			}
			last = x.at + x.size
		}
		adj := first - (snippetWords-(last-first))/2
		if adj+snippetWords > size {
			adj = size - snippetWords
		}
		return sc, max(adj, 0)
	}
	// Sentence starts: the first word, and each word after ". " or ": ".
	firsts := []int{0}
	for i := 1; i < size; i++ {
		j := spans[i][0] - 1
		for j >= 0 && strings.IndexByte(" \t\n\r", content[j]) >= 0 {
			j--
		}
		if j >= 0 && j != spans[i][0]-1 && (content[j] == '.' || content[j] == ':') {
			firsts = append(firsts, i)
		}
	}
	best, start := 0, 0
	for _, x := range insts {
		if sc, adj := score(x.at); sc > best {
			best, start = sc, adj
		}
		if size > snippetWords {
			jj := 0
			for jj < len(firsts)-1 && firsts[jj+1] <= x.at {
				jj++
			}
			if firsts[jj] < x.at {
				sc, _ := score(firsts[jj])
				if firsts[jj] == 0 {
					sc += 120
				} else {
					sc += 100
				}
				if sc > best {
					best, start = sc, firsts[jj]
				}
			}
		}
	}
	end := start + snippetWords - 1 // last word shown
	var out []Segment
	add := func(text string, match bool) {
		if text != "" {
			out = append(out, Segment{Text: text, Match: match})
		}
	}
	if start > 0 {
		add("…", false)
	}
	at := 0
	if start > 0 && start < size {
		at = spans[start][0]
	}
	// Marked ranges of words: overlapping instances merged.
	for k := 0; k < len(insts); {
		from, to := insts[k].at, insts[k].at+insts[k].size-1
		k++
		for k < len(insts) && insts[k].at <= to {
			to = max(to, insts[k].at+insts[k].size-1)
			k++
		}
		if to < start || from > end {
			continue
		}
		from, to = max(from, start), min(to, end)
		add(content[at:spans[from][0]], false)
		add(content[spans[from][0]:spans[to][1]], true)
		at = spans[to][1]
	}
	if end >= size-1 {
		add(content[at:], false)
	} else {
		add(content[at:spans[end][1]], false)
		add("…", false)
	}
	return joinPlain(out)
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
