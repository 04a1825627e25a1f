// Package whosaid finds attributed statements in news articles: who said
// what, with the cue, source and content spans of each statement and the
// speaker resolved to one entity of the article.
//
// A Pipeline is built once and then used from any number of goroutines:
//
//	p, err := whosaid.New(whosaid.Options{})
//	...
//	res, err := p.Extract(ctx, whosaid.Doc{ID: "a1", Text: article})
//
// The result follows the output contract of package output: offsets in
// Unicode code points into the unchanged text, end exclusive.
package whosaid

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/attrib/learned"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/text"
)

// Version is whosaid's version, printed by `whosaid version`.
const Version = "0.1.0-dev"

// DefaultMaxBytes is the default limit on the size of one document's text:
// 16 MiB, some thousand times a long article.
const DefaultMaxBytes = 16 << 20

// ErrTooLarge is returned for a document whose text exceeds the limit.
var ErrTooLarge = errors.New("text exceeds the size limit")

// ErrInvalidUTF8 is returned for a document whose text is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("text is not valid UTF-8")

// Options configures a Pipeline. The zero value gives the defaults.
type Options struct {
	// MaxBytes bounds the size of one document's text; 0 means
	// DefaultMaxBytes.
	MaxBytes int
	// KeepText copies the document's text into the result (for a store
	// that shows the article).
	KeepText bool
	// RulesOnly uses the rule-based extractor alone instead of the learned
	// one stacked on it: several times faster, lower recall (see
	// QUALITY.md).
	RulesOnly bool
}

// extractor finds the statements of a document: the rules of package
// attrib or the learned model of package attrib/learned.
type extractor interface {
	Extract(d *text.Doc) []attrib.Statement
}

// Doc is one input document. Meta holds other fields of a JSONL input line
// (date, url, outlet, ...), passed to the result unchanged.
type Doc struct {
	ID   string
	Text string
	Meta map[string]json.RawMessage
}

// Pipeline extracts statements from documents. It is safe for concurrent
// use by multiple goroutines.
type Pipeline struct {
	opts   Options
	attrib extractor
}

// New builds a Pipeline, loading the embedded models once.
func New(opts Options) (*Pipeline, error) {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	p := &Pipeline{opts: opts}
	if opts.RulesOnly {
		p.attrib = attrib.New()
		return p, nil
	}
	x, err := learned.Load(models.Attrib())
	if err != nil {
		return nil, fmt.Errorf("whosaid: loading the attribution model: %w", err)
	}
	p.attrib = x
	return p, nil
}

// Extract finds the statements of one document. An error means the document
// could not be processed (invalid UTF-8, over the size limit, ctx done);
// the returned Document then carries the error message.
func (p *Pipeline) Extract(ctx context.Context, d Doc) (output.Document, error) {
	res := output.Document{Doc: d.ID, Meta: d.Meta}
	fail := func(err error) (output.Document, error) {
		err = fmt.Errorf("%s: %w", d.ID, err)
		res.Error = err.Error()
		return res, err
	}
	if len(d.Text) > p.opts.MaxBytes {
		return fail(fmt.Errorf("%w (%d bytes, limit %d)", ErrTooLarge, len(d.Text), p.opts.MaxBytes))
	}
	if !utf8.ValidString(d.Text) {
		return fail(fmt.Errorf("%w at byte %d", ErrInvalidUTF8, firstInvalid(d.Text)))
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	doc := text.New(d.Text)
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	stmts := p.attrib.Extract(doc)
	ents, of := speaker.Resolve(doc, stmts)
	if p.opts.KeepText {
		res.Text = d.Text
	}
	res.Statements, res.Speakers = convert(doc, stmts, ents, of)
	return res, nil
}

// firstInvalid returns the byte offset of the first invalid UTF-8 sequence
// in s, or -1.
func firstInvalid(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// convert turns token-range statements and entities into the output
// contract: code-point offsets, span texts, ids.
func convert(doc *text.Doc, stmts []attrib.Statement, ents []speaker.Entity, of []int) ([]output.Statement, []output.Speaker) {
	speakers := make([]output.Speaker, len(ents))
	for i, e := range ents {
		s := output.Speaker{
			ID:       "e" + strconv.Itoa(i+1),
			Name:     e.Name,
			Type:     e.Type.String(),
			Mentions: make([][2]int, 0, len(e.Mentions)),
			Titles:   e.Titles,
		}
		if s.Titles == nil {
			s.Titles = []string{}
		}
		for _, m := range e.Mentions {
			if m.Len() > 0 {
				s.Mentions = append(s.Mentions, [2]int{int(doc.Tokens[m.Start].Start), int(doc.Tokens[m.End-1].End)})
			}
		}
		speakers[i] = s
	}
	out := make([]output.Statement, len(stmts))
	for i, st := range stmts {
		o := output.Statement{
			ID:      "s" + strconv.Itoa(i+1),
			Kind:    st.Kind.String(),
			Cue:     span(doc, st.Cue),
			Source:  span(doc, st.Source),
			Content: span(doc, st.Content),
		}
		if i < len(of) && of[i] >= 0 && of[i] < len(speakers) {
			o.Speaker = &output.SpeakerRef{ID: speakers[of[i]].ID, Name: speakers[of[i]].Name}
		}
		if st.Parent >= 0 && st.Parent < len(stmts) && st.Parent != i {
			id := "s" + strconv.Itoa(st.Parent+1)
			o.Parent = &id
		}
		out[i] = o
	}
	return out, speakers
}

// span converts token ranges to an output span, or nil for none.
func span(doc *text.Doc, rs []text.Range) *output.Span {
	var s output.Span
	var parts []string
	for _, r := range rs {
		if r.Len() <= 0 || r.Start < 0 || r.End > len(doc.Tokens) {
			continue
		}
		s.Spans = append(s.Spans, [2]int{int(doc.Tokens[r.Start].Start), int(doc.Tokens[r.End-1].End)})
		parts = append(parts, doc.Slice(r))
	}
	if len(s.Spans) == 0 {
		return nil
	}
	s.Text = strings.Join(parts, " ")
	return &s
}
