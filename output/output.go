// Package output defines whosaid's result contract: one JSON object per
// document, as fixed in DESIGN.md, with offsets in Unicode code points (end
// exclusive) into the unchanged text of the document.
//
// Every stage before output works in byte offsets; this package is the edge
// where they become code points (see [Offsets]).
package output

import (
	"encoding/json"
	"unicode/utf8"
)

// Span is a possibly discontinuous stretch of a document's text. Spans holds
// [start, end) pairs in code points, in text order; Text is the text they
// cover, pieces joined by a single space when there are several.
type Span struct {
	Spans [][2]int `json:"spans"`
	Text  string   `json:"text"`
	// Entity is the id of the speaker entity a target names ("e3"); empty,
	// and left out, for other spans and for a target naming none.
	Entity string `json:"entity,omitempty"`
}

// SpeakerRef names the entity credited with a statement.
type SpeakerRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Statement is one attributed statement. Any role may be nil when the text
// has none (a statement with no explicit source, a content introduced by a
// colon with no cue word).
//
// Type, Act, Negated and Target are package typeact's labels: Type is
// "speech", "writing", "thought", "stance" or "evidence"; Act is "assert",
// "warn", "demand", "accuse", "criticize", "praise", "deny", "promise",
// "ask", "announce" or "concede" ("assert" for a negated cue, which
// reports that the act did not happen); Negated is true when the cue is
// negated ("did not deny") and left out when false; Target is whom the act
// is addressed to or aimed at, with the entity it names, or null. Type and
// Act are left out only by producers other than the pipeline.
type Statement struct {
	ID      string      `json:"id"`
	Kind    string      `json:"kind"` // "direct", "indirect" or "mixed"
	Type    string      `json:"type,omitempty"`
	Act     string      `json:"act,omitempty"`
	Negated bool        `json:"negated,omitempty"`
	Quote   bool        `json:"quote,omitempty"` // a quote in a news reader's sense (see README)
	Cue     *Span       `json:"cue"`
	Source  *Span       `json:"source"`
	Content *Span       `json:"content"`
	Target  *Span       `json:"target"`
	Speaker *SpeakerRef `json:"speaker"`
	Parent  *string     `json:"parent"`
}

// Statement kinds.
const (
	Direct   = "direct"
	Indirect = "indirect"
	Mixed    = "mixed"
)

// Speaker is one entity of a document that is credited with statements.
// Mentions are [start, end) code-point ranges; Titles are the roles the
// article gives the entity ("US Ambassador to the UN").
//
// Gender is "female", "male" or "unknown" for a person, and left out for
// other types. GenderEvidence says what it rests on, and is left out when
// Gender is "unknown": "honorific" (Mr., Mrs., Ms. before the person's
// name in the article), "title" (a gendered title or role the article
// gives the person: congresswoman, king, the spokeswoman), "pronouns"
// (the pronouns of the statements credited to the person: he, she),
// "name" followed by a share ("name 0.99": the person's first name was
// given to babies of that sex at least 95 times in 100 in the US Social
// Security records of 1920-2005), or "narrative pronouns" (the subject
// pronouns of the article's sentences taken to stand for the person). A
// name is not a person's gender: see the README.
type Speaker struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Type           string `json:"type"` // "person", "organization", "place" or "other"
	Gender         string `json:"gender,omitempty"`
	GenderEvidence string `json:"gender_evidence,omitempty"`
	// Unnamed is true when the article only describes the speaker: Name
	// is then that description ("the spokeswoman", "officials"), which
	// names no one across articles.
	Unnamed  bool     `json:"unnamed,omitempty"`
	Mentions [][2]int `json:"mentions"`
	Titles   []string `json:"titles"`
}

// Genders and the kinds of GenderEvidence (the last followed by a space
// and a share: "name 0.99").
const (
	Female = "female"
	Male   = "male"
	// UnknownGender is the gender of a person when nothing is decisive.
	UnknownGender = "unknown"

	EvidenceHonorific = "honorific"
	EvidenceTitle     = "title"
	EvidencePronouns  = "pronouns"
	EvidenceName      = "name"
	EvidenceNarrative = "narrative pronouns"
)

// Document is the result for one input document. A document that could not
// be read or processed has Error set and no statements.
//
// Meta carries the input's other JSONL fields (date, url, outlet, ...)
// unchanged. Text is the document's text, present only when asked for
// (extract -text), so that a store can show the article.
type Document struct {
	Doc        string                     `json:"doc"`
	Meta       map[string]json.RawMessage `json:"meta,omitempty"`
	Text       string                     `json:"text,omitempty"`
	Statements []Statement                `json:"statements"`
	Speakers   []Speaker                  `json:"speakers"`
	Error      string                     `json:"error,omitempty"`
}

// MarshalJSON writes an error document as {"doc", "error"} (plus meta) and
// any other document with non-nil statement and speaker lists.
func (d Document) MarshalJSON() ([]byte, error) {
	type plain Document
	if d.Error != "" {
		return json.Marshal(struct {
			Doc   string                     `json:"doc"`
			Meta  map[string]json.RawMessage `json:"meta,omitempty"`
			Error string                     `json:"error"`
		}{d.Doc, d.Meta, d.Error})
	}
	if d.Statements == nil {
		d.Statements = []Statement{}
	}
	if d.Speakers == nil {
		d.Speakers = []Speaker{}
	}
	return json.Marshal(plain(d))
}

// Offsets converts between byte offsets and code-point offsets of one text.
// Build it once per document with [NewOffsets]; each conversion is then a
// binary search over the text's non-ASCII runes (ASCII runs are counted, not
// stored), so an English article costs a few hundred entries.
type Offsets struct {
	// For the i-th non-ASCII rune (or invalid byte): its byte start, byte
	// end and code-point offset.
	start, end, cp []int
	n, ncp         int // length of the text in bytes and in code points
}

// NewOffsets builds the conversion table for text. Each invalid UTF-8 byte
// counts as one code point, as utf8.DecodeRuneInString reports it.
func NewOffsets(text string) *Offsets {
	o := &Offsets{n: len(text)}
	cp := 0
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			cp++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		o.start = append(o.start, i)
		o.end = append(o.end, i+size)
		o.cp = append(o.cp, cp)
		i += size
		cp++
	}
	o.ncp = cp
	return o
}

// Len returns the length of the text in code points.
func (o *Offsets) Len() int { return o.ncp }

// CodePoint returns the code-point offset of byte offset b. An offset inside
// a multi-byte rune maps to that rune's start. It panics if b is outside
// [0, len(text)]: no stage may produce such an offset.
func (o *Offsets) CodePoint(b int) int {
	if b < 0 || b > o.n {
		panic("output: byte offset out of range")
	}
	// k: number of non-ASCII runes starting at or before b.
	k := search(o.start, b)
	if k == 0 {
		return b
	}
	k--
	if b < o.end[k] {
		return o.cp[k]
	}
	return o.cp[k] + 1 + (b - o.end[k])
}

// Byte returns the byte offset of code-point offset c. It panics if c is
// outside [0, Len()].
func (o *Offsets) Byte(c int) int {
	if c < 0 || c > o.ncp {
		panic("output: code-point offset out of range")
	}
	k := search(o.cp, c)
	if k == 0 {
		return c
	}
	k--
	if o.cp[k] == c {
		return o.start[k]
	}
	return o.end[k] + (c - o.cp[k] - 1)
}

// search returns the number of elements of the sorted slice a that are <= x.
func search(a []int, x int) int {
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a[m] <= x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
