package store

import (
	"strings"
	"time"
	"unicode"
)

// MatchQuery turns what a person types into a search box into an FTS5 query
// that cannot be a syntax error: words must all occur (in any order);
// "quoted words" must occur as a phrase; a word ending in * matches as a
// prefix; OR between two terms accepts either; a leading - excludes a
// term. Everything else is punctuation and ignored. It returns "" when
// nothing searchable is left.
func MatchQuery(s string) string {
	type term struct {
		text   string // already quoted for FTS5
		not    bool
		or     bool // joined to the previous term by OR
		prefix bool
	}
	var terms []term
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
		if phrase || len(ws) > 1 {
			// "U.S." or a quoted phrase: words in a row.
			terms = append(terms, term{text: `"` + strings.Join(ws, " ") + `"`, not: not, or: orNext && !not})
		} else {
			terms = append(terms, term{text: `"` + ws[0] + `"`, not: not, or: orNext && !not, prefix: prefix})
		}
		orNext = false
	}
	// FTS5 binds AND tighter than OR; a search box reads "a b OR c" as
	// a AND (b OR c), so OR chains are grouped first.
	var groups [][]string
	for _, t := range terms {
		if t.not {
			continue
		}
		x := t.text
		if t.prefix {
			x += "*"
		}
		if t.or && len(groups) > 0 {
			groups[len(groups)-1] = append(groups[len(groups)-1], x)
		} else {
			groups = append(groups, []string{x})
		}
	}
	if len(groups) == 0 {
		return "" // FTS5 cannot run a query made of exclusions alone
	}
	var b strings.Builder
	for i, g := range groups {
		if i > 0 {
			b.WriteString(" AND ")
		}
		if len(g) > 1 {
			b.WriteString("(" + strings.Join(g, " OR ") + ")")
		} else {
			b.WriteString(g[0])
		}
	}
	q := b.String()
	for _, t := range terms {
		if t.not {
			q = "(" + q + ") NOT " + t.text
		}
	}
	return q
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
