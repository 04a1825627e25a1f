package store

import (
	"fmt"
	"net/url"
	"unicode/utf8"

	"github.com/whosaid/whosaid/output"
)

// CheckDocument reports the first problem that keeps d out of the store, or
// nil. [Store.Put] refuses a document it fails; an ingest may call it first
// to report the document as failed. A document is valid when:
//
//   - it has an id;
//   - its statements have distinct, non-empty ids, a kind of
//     [output.Direct], [output.Indirect] or [output.Mixed], a type (if any)
//     of [Types] and an act (if any) of [Acts], a parent (if any) that is
//     another statement of the document, a speaker (if any) that is one of
//     the document's speakers, and a target entity (if any) that is one of
//     them too;
//   - its speakers have distinct, non-empty ids;
//   - every span (cue, source, content, target, mention) is a [start, end) pair with
//     0 <= start <= end, and end at most the text's length in code points
//     when the document carries its text.
//
// Documents with an Error are not checked: Put skips them.
func CheckDocument(d *output.Document) error {
	if d.Doc == "" {
		return fmt.Errorf("document has no id")
	}
	n := -1 // no text: spans are not bounded above
	if d.Text != "" {
		n = utf8.RuneCountInString(d.Text)
	}
	speakers := make(map[string]bool, len(d.Speakers))
	for i, sp := range d.Speakers {
		switch {
		case sp.ID == "":
			return fmt.Errorf("speaker %d has no id", i+1)
		case speakers[sp.ID]:
			return fmt.Errorf("speaker id %q twice", sp.ID)
		}
		speakers[sp.ID] = true
		if err := checkSpans(sp.Mentions, n); err != nil {
			return fmt.Errorf("speaker %q: mentions: %w", sp.ID, err)
		}
	}
	statements := make(map[string]bool, len(d.Statements))
	for i, s := range d.Statements {
		switch {
		case s.ID == "":
			return fmt.Errorf("statement %d has no id", i+1)
		case statements[s.ID]:
			return fmt.Errorf("statement id %q twice", s.ID)
		}
		statements[s.ID] = true
	}
	for _, s := range d.Statements {
		switch s.Kind {
		case output.Direct, output.Indirect, output.Mixed:
		default:
			return fmt.Errorf("statement %q: kind %q is not direct, indirect or mixed", s.ID, s.Kind)
		}
		if s.Type != "" {
			if err := checkLabels("type", []string{s.Type}, typeNames); err != nil {
				return fmt.Errorf("statement %q: %w", s.ID, err)
			}
		}
		if s.Act != "" {
			if err := checkLabels("act", []string{s.Act}, actNames); err != nil {
				return fmt.Errorf("statement %q: %w", s.ID, err)
			}
		}
		if s.Target != nil && s.Target.Entity != "" && !speakers[s.Target.Entity] {
			return fmt.Errorf("statement %q: target entity %q is not one of the document's speakers", s.ID, s.Target.Entity)
		}
		for _, r := range []struct {
			name string
			span *output.Span
		}{{"cue", s.Cue}, {"source", s.Source}, {"content", s.Content}, {"target", s.Target}} {
			if r.span == nil {
				continue
			}
			if err := checkSpans(r.span.Spans, n); err != nil {
				return fmt.Errorf("statement %q: %s: %w", s.ID, r.name, err)
			}
		}
		if s.Parent != nil && (*s.Parent == s.ID || !statements[*s.Parent]) {
			return fmt.Errorf("statement %q: parent %q is not another statement of the document", s.ID, *s.Parent)
		}
		if s.Speaker != nil && !speakers[s.Speaker.ID] {
			return fmt.Errorf("statement %q: speaker %q is not one of the document's speakers", s.ID, s.Speaker.ID)
		}
	}
	return nil
}

// checkSpans checks [start, end) pairs: 0 <= start <= end, and end <= n
// unless n is negative (no text to measure).
func checkSpans(spans [][2]int, n int) error {
	for _, sp := range spans {
		if sp[0] < 0 || sp[0] > sp[1] || (n >= 0 && sp[1] > n) {
			if n >= 0 {
				return fmt.Errorf("span %v is not within the text [0 %d] with start <= end", sp, n)
			}
			return fmt.Errorf("span %v is not a pair 0 <= start <= end", sp)
		}
	}
	return nil
}

// SafeURL reports whether u may be stored and shown as a link: an absolute
// http or https URL with a host. A javascript:, data: or relative URL is
// not.
func SafeURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}
