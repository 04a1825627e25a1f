package attrib

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/text"
)

// view is one document seen by the rules: its tokens' lower-case forms and
// which quotation, if any, holds each token. It lives for one Extract call.
type view struct {
	d     *text.Doc
	lower []string
	// quotes are the document's quotations plus those marked with doubled
	// ASCII apostrophes (''...''), the style of some newspapers' archives,
	// which package text leaves unpaired; ordered by the start of Inner.
	quotes []text.QuoteRegion
	// outer[i] is the index in quotes of the outermost quotation holding
	// token i, or -1.
	outer []int32
	// sent[i] is the index of the sentence holding token i.
	sent []int32
	// endsAt[i] and opensAt[i] are the index in quotes of the outermost
	// quotation whose last token (closing mark, or last inner token when
	// the mark is missing) is i, or whose opening mark is i; else -1.
	endsAt, opensAt []int32
}

func newView(d *text.Doc) *view {
	v := &view{
		d:     d,
		lower: make([]string, len(d.Tokens)),
		outer: make([]int32, len(d.Tokens)),
		sent:  make([]int32, len(d.Tokens)),
	}
	for i := range d.Tokens {
		f := d.Form(i)
		if hasUpper(f) {
			f = strings.ToLower(f)
		}
		v.lower[i] = normApos(f)
		v.outer[i] = -1
	}
	v.quotes = apostropheQuotes(d)
	for qi, q := range v.quotes {
		if q.Depth != 0 {
			continue
		}
		if q.Open < 0 && q.Inner.Start < len(d.Tokens) && d.Sentences[d.SentenceOf(q.Inner.Start)].Start == q.Inner.Start {
			// A closing mark with no opening one, whose region package
			// text starts at the sentence start: where the quotation
			// really began is unknown, so cues in it stay visible
			// ("According to him, what ... in Syria.”").
			continue
		}
		for i := q.Inner.Start; i < q.Inner.End && i < len(v.outer); i++ {
			if v.outer[i] < 0 {
				v.outer[i] = int32(qi)
			}
		}
	}
	v.endsAt = make([]int32, len(d.Tokens))
	v.opensAt = make([]int32, len(d.Tokens))
	for i := range v.endsAt {
		v.endsAt[i], v.opensAt[i] = -1, -1
	}
	for qi, q := range v.quotes {
		if q.Depth != 0 {
			continue
		}
		end := q.Inner.End - 1
		if q.Close >= 0 {
			end = q.Close
		}
		if end >= 0 && end < len(d.Tokens) && v.endsAt[end] < 0 {
			v.endsAt[end] = int32(qi)
		}
		if q.Open >= 0 && q.Open < len(d.Tokens) && v.opensAt[q.Open] < 0 {
			v.opensAt[q.Open] = int32(qi)
		}
	}
	for si, s := range d.Sentences {
		for i := s.Start; i < s.End && i < len(v.sent); i++ {
			v.sent[i] = int32(si)
		}
	}
	return v
}

// apostropheQuotes returns d.Quotes with the quotations marked ”...”
// added. Within a paragraph, doubled apostrophes that lie outside every
// quotation of d alternate between opening and closing; one left open runs
// to the end of its paragraph.
func apostropheQuotes(d *text.Doc) []text.QuoteRegion {
	var marks []int
	for i := 0; i+1 < len(d.Tokens); i++ {
		a, b := d.Tokens[i], d.Tokens[i+1]
		if a.Kind == text.Quote && b.Kind == text.Quote && a.Byte.End == b.Byte.Start &&
			d.Form(i) == "'" && d.Form(i+1) == "'" {
			marks = append(marks, i)
			i++
		}
	}
	if len(marks) == 0 {
		return d.Quotes
	}
	qs := append([]text.QuoteRegion(nil), d.Quotes...)
	inside := func(i int) bool {
		for _, q := range d.Quotes {
			if i >= q.Inner.Start && i < q.Inner.End {
				return true
			}
		}
		return false
	}
	open, para := -1, -1
	for _, m := range marks {
		if inside(m) {
			continue
		}
		p := d.ParagraphOf(m)
		if open >= 0 && p != para {
			end := d.Paragraphs[para].End
			if open+2 < end {
				qs = append(qs, text.QuoteRegion{Open: open, Close: -1, Inner: text.Range{Start: open + 2, End: end}})
			}
			open = -1
		}
		if open < 0 {
			open, para = m, p
			continue
		}
		if open+2 < m {
			qs = append(qs, text.QuoteRegion{Open: open, Close: m + 1, Inner: text.Range{Start: open + 2, End: m}})
		}
		open = -1
	}
	if open >= 0 {
		end := d.Paragraphs[para].End
		if open+2 < end {
			qs = append(qs, text.QuoteRegion{Open: open, Close: -1, Inner: text.Range{Start: open + 2, End: end}})
		}
	}
	slices.SortStableFunc(qs, func(a, b text.QuoteRegion) int {
		if a.Inner.Start != b.Inner.Start {
			return a.Inner.Start - b.Inner.Start
		}
		return a.Depth - b.Depth
	})
	return qs
}

// normApos writes the curly apostrophe as a straight one, so that "’s"
// and "'s" look the same to the lexicons.
func normApos(s string) string {
	if strings.Contains(s, "’") {
		return strings.ReplaceAll(s, "’", "'")
	}
	return s
}

// allUpper reports whether s has two or more letters, all upper case ("US").
func allUpper(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// n returns the number of tokens.
func (v *view) n() int { return len(v.lower) }

// low returns the lower-case form of token i, or "" outside the document.
func (v *view) low(i int) string {
	if i < 0 || i >= len(v.lower) {
		return ""
	}
	return v.lower[i]
}

// kind returns the kind of token i, or text.Symbol outside the document.
func (v *view) kind(i int) text.Kind {
	if i < 0 || i >= len(v.d.Tokens) {
		return text.Symbol
	}
	return v.d.Tokens[i].Kind
}

// isWord reports whether token i is a word.
func (v *view) isWord(i int) bool {
	return i >= 0 && i < v.n() && v.d.Tokens[i].Kind == text.Word
}

// isCap reports whether token i is a word starting with a capital letter.
func (v *view) isCap(i int) bool {
	if !v.isWord(i) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(v.d.Form(i))
	return unicode.IsUpper(r)
}

// is reports whether token i's lower-case form is one of words.
func (v *view) is(i int, words ...string) bool {
	w := v.low(i)
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

// sentence returns the range of the sentence holding token i.
func (v *view) sentence(i int) text.Range {
	if i < 0 || i >= v.n() {
		return text.Range{}
	}
	return v.d.Sentences[v.sent[i]]
}

// quoted reports whether token i lies inside a quotation.
func (v *view) quoted(i int) bool { return i >= 0 && i < v.n() && v.outer[i] >= 0 }

// isPunct reports whether token i is punctuation other than a quotation
// mark: a comma, period, dash, colon.
func (v *view) isPunct(i int) bool {
	k := v.kind(i)
	return k == text.Punct || k == text.Dash
}

// pronouns that can be a source on their own.
var subjectPronouns = set("he", "she", "they", "it", "we", "i", "you", "who", "which")

// determiners open a noun phrase.
var determiners = set("the", "a", "an", "his", "her", "its", "their", "this", "these",
	"those", "our", "my", "your", "another", "some", "many", "several", "most",
	"both", "all", "each", "one", "two", "three", "other", "such", "no")

// npLinks may join two parts of a noun phrase: "Secretary of State",
// "Ambassador to the UN", "spokesman for the campaign".
var npLinks = set("of", "for", "to", "at", "and", "'s", "&")

// npStop ends a noun phrase when scanning: verbs, prepositions,
// conjunctions, relative words, and time words that open sentences.
var npStop = set(
	// prepositions and conjunctions
	"in", "on", "from", "with", "by", "about", "after", "before", "during",
	"over", "under", "into", "since", "until", "against", "among", "between",
	"through", "without", "within", "as", "than", "like", "upon", "via", "per",
	"or", "but", "nor", "so", "yet", "because", "while", "although", "though",
	"if", "when", "where", "whereas", "whether", "that", "which", "who", "whom",
	"whose", "what", "how", "why", "then", "there", "here", "also", "not",
	// verbs and auxiliaries
	"is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
	"do", "does", "did", "will", "would", "can", "could", "should", "may",
	"might", "must", "shall", "said", "says", "say", "told", "tells",
	// object pronouns
	"him", "them", "me", "us", "it", "he", "she", "they", "we", "i", "you",
	// time words
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", "jan.", "feb.", "aug.",
	"sept.", "oct.", "nov.", "dec.", "today", "yesterday", "tonight", "now",
	"meanwhile", "however", "instead", "still", "later", "earlier", "again",
	"last", "next", "week", "month", "year", "day", "morning", "evening",
	"afternoon", "night", "eve",
	// sentence openers
	"speaking", "according", "asked", "but", "and", "for", "of",
)

// weekdays join the cue they follow: "said Tuesday".
var weekdays = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

// calendar words end a noun phrase even when capitalized.
var calendar = set("monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november", "december",
	"jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.")

// stops reports whether token i ends a noun phrase being scanned in the
// sentence starting at lo. A capitalized word inside a sentence is part of
// a name ("US", "Will", "May") unless it is a day or month.
func (v *view) stops(i, lo int) bool {
	w := v.low(i)
	if v.isCap(i) && (i > lo || allUpper(v.d.Form(i))) {
		return calendar[w]
	}
	return npStop[w]
}

// timeWords end a time adverbial between a cue and its source: "said on
// Thursday the official representative ...".
var timeWords = set("monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "today", "yesterday", "tonight", "morning",
	"evening", "afternoon", "night", "week", "month", "year", "day", "earlier",
	"later", "recently", "statement", "interview", "release", "conference",
	"briefing", "speech", "email", "letter", "post", "tweet", "call")

// lineBreakBefore reports whether a line ends between token i-1 and token
// i. The first token starts a line.
func (v *view) lineBreakBefore(i int) bool {
	if i <= 0 || i >= v.n() {
		return true
	}
	gap := v.d.Text[v.d.Tokens[i-1].Byte.End:v.d.Tokens[i].Byte.Start]
	return strings.ContainsAny(gap, "\n\r\u2028\u2029")
}
