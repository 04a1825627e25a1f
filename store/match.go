package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on a text search, checked by [Query.Validate]: beyond them a
// search could keep the database busy for seconds. Repeated terms count
// once ("a* a* a*" is "a*").
const (
	MaxSearchWords    = 16 // words in all, those of phrases and exclusions included
	MaxSearchPrefixes = 4  // terms ending in *
	MinPrefixLetters  = 2  // letters before the * of a prefix: one would match most of the index
)

// ErrSearchTooBroad is wrapped by the error [Query.Validate] (and so
// [Store.Search]) returns for a text search beyond the limits above.
var ErrSearchTooBroad = errors.New("search too broad")

// matchTerm is one term of a search: a word, a phrase or a prefix.
type matchTerm struct {
	text   string // already quoted for FTS5
	words  int    // words in text
	not    bool
	or     bool // joined to the previous term by OR
	prefix bool
}

// fts is the term as FTS5 reads it.
func (t matchTerm) fts() string {
	if t.prefix {
		return t.text + "*"
	}
	return t.text
}

// parsedMatch is a search split into terms: OR groups, all of which must
// match, and exclusions. Repeated terms are removed, whatever their case
// (the index folds it): an alternative repeated in its group, a group
// repeated, an exclusion repeated.
type parsedMatch struct {
	groups [][]matchTerm
	not    []matchTerm
}

// parseMatch reads what a person types into a search box; see [MatchQuery].
func parseMatch(s string) parsedMatch {
	var terms []matchTerm
	orNext := false
	words := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
	}
	for s != "" {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		not := false
		if s[0] == '-' {
			not = true
			s = s[1:]
		}
		var raw string
		phrase := false
		if s != "" && s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				raw, s = s[1:], ""
			} else {
				raw, s = s[1:1+end], s[2+end:]
			}
			phrase = true
		} else {
			end := strings.IndexFunc(s, unicode.IsSpace)
			if end < 0 {
				end = len(s)
			}
			raw, s = s[:end], s[end:]
		}
		if !phrase && raw == "OR" && !not {
			orNext = len(terms) > 0
			continue
		}
		ws := words(raw)
		if len(ws) == 0 {
			continue
		}
		prefix := !phrase && strings.HasSuffix(raw, "*") && len(ws) == 1
		// "U.S." or a quoted phrase: words in a row.
		terms = append(terms, matchTerm{text: `"` + strings.Join(ws, " ") + `"`, words: len(ws), not: not, or: orNext && !not, prefix: prefix})
		orNext = false
	}
	// FTS5 binds AND tighter than OR; a search box reads "a b OR c" as
	// a AND (b OR c), so OR chains are grouped first.
	var m parsedMatch
	seenGroup := map[string]bool{}
	seenNot := map[string]bool{}
	addGroup := func(g []matchTerm) {
		if len(g) == 0 {
			return
		}
		var alts []string
		for _, t := range g {
			alts = append(alts, t.fts())
		}
		if k := strings.ToLower(strings.Join(alts, " OR ")); !seenGroup[k] {
			seenGroup[k] = true
			m.groups = append(m.groups, g)
		}
	}
	var g []matchTerm
	for _, t := range terms {
		switch {
		case t.not:
			if k := strings.ToLower(t.text); !seenNot[k] {
				seenNot[k] = true
				m.not = append(m.not, t)
			}
		case t.or && len(g) > 0:
			if !slices.ContainsFunc(g, func(u matchTerm) bool { return strings.EqualFold(u.fts(), t.fts()) }) {
				g = append(g, t)
			}
		default:
			addGroup(g)
			g = []matchTerm{t}
		}
	}
	addGroup(g)
	return m
}

// check reports the first limit m is beyond, wrapping ErrSearchTooBroad.
func (m parsedMatch) check() error {
	words, prefixes := 0, 0
	count := func(t matchTerm) error {
		words += t.words
		if t.prefix {
			prefixes++
			w := strings.Trim(t.text, `"`)
			if utf8.RuneCountInString(w) < MinPrefixLetters {
				return fmt.Errorf("%w: %s*: a prefix needs at least %d letters before the *", ErrSearchTooBroad, w, MinPrefixLetters)
			}
		}
		return nil
	}
	for _, g := range m.groups {
		for _, t := range g {
			if err := count(t); err != nil {
				return err
			}
		}
	}
	for _, t := range m.not {
		if err := count(t); err != nil {
			return err
		}
	}
	if words > MaxSearchWords {
		return fmt.Errorf("%w: %d words, at most %d", ErrSearchTooBroad, words, MaxSearchWords)
	}
	if prefixes > MaxSearchPrefixes {
		return fmt.Errorf("%w: %d prefixes (word*), at most %d", ErrSearchTooBroad, prefixes, MaxSearchPrefixes)
	}
	return nil
}

// query builds the FTS5 query, or "" when nothing searchable is left.
func (m parsedMatch) query() string {
	if len(m.groups) == 0 {
		return "" // FTS5 cannot run a query made of exclusions alone
	}
	var b strings.Builder
	for i, g := range m.groups {
		if i > 0 {
			b.WriteString(" AND ")
		}
		if len(g) > 1 {
			alts := make([]string, len(g))
			for k, t := range g {
				alts[k] = t.fts()
			}
			b.WriteString("(" + strings.Join(alts, " OR ") + ")")
		} else {
			b.WriteString(g[0].fts())
		}
	}
	q := b.String()
	for _, t := range m.not {
		q = "(" + q + ") NOT " + t.text
	}
	return q
}

// MatchQuery turns what a person types into a search box into an FTS5 query
// that cannot be a syntax error: words must all occur (in any order);
// "quoted words" must occur as a phrase; a word ending in * matches as a
// prefix; OR between two terms accepts either; a leading - excludes a
// term. Everything else is punctuation and ignored; a repeated term counts
// once. It returns "" when nothing searchable is left. It does not check
// the limits on a search ([MaxSearchWords] and the others): [Query.Validate]
// does.
func MatchQuery(s string) string {
	return parseMatch(s).query()
}

// daysBetween returns the number of days from a to b (both YYYY-MM-DD), or
// 0 if either does not parse.
func daysBetween(a, b string) int {
	ta, err1 := time.Parse("2006-01-02", a)
	tb, err2 := time.Parse("2006-01-02", b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}
