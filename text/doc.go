// Package text is whosaid's document model: the unchanged text of an
// article, its tokens, sentences, paragraphs and paired quotation marks.
//
// Every later stage points into a [Doc] by token index or byte offset; no
// stage copies or changes the text. Tokens carry both byte offsets (for
// slicing the Go string) and code-point offsets (the unit of whosaid's
// output and of the gold data).
//
// [New] accepts any string: invalid UTF-8, NUL bytes, a byte-order mark,
// very long lines and the empty string all give a valid, bounded Doc.
package text

// Span is a half-open range [Start, End) of byte offsets into a Doc's text.
type Span struct {
	Start, End int32
}

// Len returns the length of the span in bytes.
func (s Span) Len() int { return int(s.End - s.Start) }

// Kind classifies a token.
type Kind uint8

// Token kinds.
const (
	Word   Kind = iota // letters, possibly with inner hyphens, apostrophes or periods (U.S.)
	Number             // digits, possibly with inner separators: 29, 1,000, 3.5, 9/11
	Punct              // punctuation other than quotes and dashes: , . ; : ! ? ( ) ...
	Quote              // a quotation mark: “ ” " ‘ ’ « » „ ‚ ‹ ›
	Dash               // — – -- and a lone hyphen
	Symbol             // anything else: $ % & emoji, invalid bytes
)

var kindNames = [...]string{"Word", "Number", "Punct", "Quote", "Dash", "Symbol"}

// String returns the name of the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// Token flags.
const (
	// SpaceBefore is set when whitespace precedes the token.
	SpaceBefore uint8 = 1 << iota
	// NewlineBefore is set when the whitespace before the token holds a
	// line break.
	NewlineBefore
	// Abbrev is set on a word ending in a period that belongs to it
	// (Mr., U.S., Jan.).
	Abbrev
)

// Token is one token of a Doc. Byte is its byte range in the text and
// Start, End its code-point range.
type Token struct {
	Byte       Span
	Start, End int32
	Kind       Kind
	Flags      uint8
}

// Range is a half-open range [Start, End) of token indexes.
type Range struct {
	Start, End int
}

// Len returns the number of tokens in the range.
func (r Range) Len() int { return r.End - r.Start }

// QuoteRegion is a stretch of text between paired quotation marks. Open and
// Close are token indexes of the marks; either may be -1 when the article
// leaves the mark out (a quote running to the end of its paragraph, or a
// closing mark with no opening one), and Inner is then bounded by the
// paragraph or the preceding quote. Inner holds the tokens strictly inside
// the marks. Depth is 0 for an outermost quote, 1 for a quote inside it.
type QuoteRegion struct {
	Open, Close int
	Inner       Range
	Depth       int
}

// Balanced reports whether both marks of the region are present.
func (q QuoteRegion) Balanced() bool { return q.Open >= 0 && q.Close >= 0 }

// Doc is a tokenized document. Its fields are read-only once New returns.
type Doc struct {
	Text       string
	Tokens     []Token
	Sentences  []Range       // in order, covering every token
	Paragraphs []Range       // blank-line separated blocks, in order, covering every token
	Quotes     []QuoteRegion // ordered by the start of Inner
}

// MaxSentenceTokens bounds the length of a sentence: a longer run without a
// boundary (a list, a table, a 100,000-word line) is cut into pieces of at
// most this many tokens, preferring to cut after a comma or semicolon, so
// that the tagger and parser see bounded input.
const MaxSentenceTokens = 200

// New tokenizes text and finds its sentences, paragraphs and quotations.
func New(text string) *Doc {
	d := &Doc{Text: text}
	d.Tokens = tokenize(text, make([]Token, 0, len(text)/5+1))
	d.Paragraphs = paragraphs(d)
	d.Sentences = sentences(d)
	d.Quotes = pairQuotes(d)
	return d
}

// Form returns the text of token i.
func (d *Doc) Form(i int) string {
	t := d.Tokens[i].Byte
	return d.Text[t.Start:t.End]
}

// Slice returns the text from the start of token i to the end of token j-1,
// or "" when the range is empty.
func (d *Doc) Slice(r Range) string {
	if r.Len() <= 0 {
		return ""
	}
	return d.Text[d.Tokens[r.Start].Byte.Start:d.Tokens[r.End-1].Byte.End]
}

// Words returns the forms of the tokens of r, appended to dst.
func (d *Doc) Words(dst []string, r Range) []string {
	for i := r.Start; i < r.End; i++ {
		dst = append(dst, d.Form(i))
	}
	return dst
}

// SentenceOf returns the index of the sentence holding token i, or -1.
func (d *Doc) SentenceOf(i int) int {
	return findRange(d.Sentences, i)
}

// ParagraphOf returns the index of the paragraph holding token i, or -1.
func (d *Doc) ParagraphOf(i int) int {
	return findRange(d.Paragraphs, i)
}

// QuoteAt returns the index in d.Quotes of the innermost quotation whose
// inner range holds token i, or -1.
func (d *Doc) QuoteAt(i int) int {
	best := -1
	for k, q := range d.Quotes {
		if q.Inner.Start > i {
			break
		}
		if i < q.Inner.End && (best < 0 || q.Depth > d.Quotes[best].Depth) {
			best = k
		}
	}
	return best
}

func findRange(rs []Range, i int) int {
	lo, hi := 0, len(rs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case rs[m].End <= i:
			lo = m + 1
		case rs[m].Start > i:
			hi = m
		default:
			return m
		}
	}
	return -1
}
