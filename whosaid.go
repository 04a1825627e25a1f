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
	"unicode/utf8"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/attrib/learned"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/tag"
	"github.com/whosaid/whosaid/typeact"
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

// Doc is one input document. Meta holds other fields of a JSONL input line
// (date, url, outlet, ...), passed to the result unchanged.
type Doc struct {
	ID   string
	Text string
	Meta map[string]json.RawMessage
}

// Pipeline extracts statements from documents. It is safe for concurrent
// use by multiple goroutines.
//
// It runs its stages in order over each document (each window of a long
// one), each stage reading the layers earlier ones put on it: text.New
// (tokens, sentences, paragraphs, quotation marks), the tagger (Penn
// tags), the rules of package attrib (their statements), the learned
// extractor of package attrib/learned (the statements, from the tags and
// the rules' statements), package speaker (each source's entity) and
// package typeact (type, act, negation, target). With Options.RulesOnly
// the rules' statements are the statements, and no tagger runs.
type Pipeline struct {
	opts    Options
	tagger  *tag.Tagger        // nil with RulesOnly
	ruler   *attrib.Extractor  // the rules
	learner *learned.Extractor // nil with RulesOnly
	typeact *typeact.Labeler
	window  int // window size in bytes; 0 means WindowBytes (tests set less)
}

// New builds a Pipeline, decoding each embedded model it uses once.
func New(opts Options) (*Pipeline, error) {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	p := &Pipeline{opts: opts, ruler: attrib.New(), typeact: typeact.New()}
	if opts.RulesOnly {
		return p, nil
	}
	var err error
	if p.tagger, err = tag.Default(); err != nil {
		return nil, fmt.Errorf("whosaid: loading the tagger: %w", err)
	}
	if p.learner, err = learned.Load(models.Attrib()); err != nil {
		return nil, fmt.Errorf("whosaid: loading the attribution model: %w", err)
	}
	return p, nil
}

// Extract finds the statements of one document. An error means the document
// could not be processed (invalid UTF-8, over the size limit, ctx done);
// the returned Document then carries the error message.
//
// A text longer than WindowBytes (128 KiB) is processed in windows of at
// most that size, cut before a paragraph where it can (else before a
// sentence, else before a word), each window as if it were an article of
// its own. The memory Extract works in is then bounded by that of one
// window, some 5 MB, whatever the document's length; what grows with the
// document is only its text and the result. Offsets are into the whole
// text, statement ids run s1..sN in document order, and the speakers of
// all windows are listed once: a speaker of a later window with the same
// name as one of an earlier window is that speaker (same id, mentions and
// titles joined). Pronouns and descriptions are resolved within their own
// window.
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
	window := p.window
	if window <= 0 {
		window = WindowBytes
	}
	var a assembly
	cp := 0 // code points before start
	for start := 0; ; {
		end := start + windowEnd(d.Text[start:], window)
		l, err := p.analyze(ctx, d.Text[start:end])
		if err != nil {
			return fail(err)
		}
		a.add(l.doc, cp, l.stmts, l.ents, l.of, l.labels)
		if end >= len(d.Text) {
			break
		}
		cp += utf8.RuneCountInString(d.Text[start:end])
		start = end
	}
	if p.opts.KeepText {
		res.Text = d.Text
	}
	res.Statements, res.Speakers = a.stmts, a.speakers
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
