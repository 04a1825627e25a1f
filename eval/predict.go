package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/whosaid/whosaid/output"
)

// ReadPredictions reads system output in the JSONL format of the data
// README, one object per article:
//
//	{"doc": "NAME", "statements": [{"content": {"spans": [[115, 290]]},
//	  "cue": {"spans": [[107, 114]]}, "source": {"start": 89, "end": 106}}]}
//
// doc may be a path: its base name minus ".txt" is used (a line without
// doc may give "id" instead). A span is {"spans": [[s, e], ...]},
// {"start": s, "end": e} or a bare [[s, e], ...]; null or a missing key is
// an absent role. "quote" is read as content when there is no "content",
// and "speaker_span", or "speaker" given as a span, as source when there is
// no "source". A "speaker" object without spans, such as whosaid's own
// {"id", "name"}, is ignored, as are all other keys. Several lines for the
// same article add up; blank lines are skipped. A bad line gives an error
// naming its number.
func ReadPredictions(r io.Reader) (map[string][]Statement, error) {
	br := bufio.NewReader(r)
	out := map[string][]Statement{}
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("eval: predictions: line %d: %w", n, err)
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF")) // a byte order mark
		}
		if len(bytes.TrimSpace(line)) > 0 {
			name, st, perr := parsePredictionLine(line)
			if perr != nil {
				return nil, fmt.Errorf("eval: predictions: line %d: %w", n, perr)
			}
			out[name] = append(out[name], st...)
		}
		if err != nil {
			return out, nil
		}
	}
}

func parsePredictionLine(line []byte) (string, []Statement, error) {
	var obj struct {
		Doc        *string                      `json:"doc"`
		ID         *string                      `json:"id"`
		Statements []map[string]json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal(line, &obj); err != nil {
		return "", nil, err
	}
	name := ""
	switch {
	case obj.Doc != nil:
		name = *obj.Doc
	case obj.ID != nil:
		name = *obj.ID
	}
	name = DocName(name)
	if name == "" {
		return "", nil, errors.New(`no "doc" name`)
	}
	st := make([]Statement, 0, len(obj.Statements))
	for i, m := range obj.Statements {
		var s Statement
		for _, role := range []struct {
			dst  *[][2]int
			keys []string
		}{
			{&s.Content, []string{"content", "quote"}},
			{&s.Source, []string{"source", "speaker_span", "speaker"}},
			{&s.Cue, []string{"cue"}},
		} {
			for _, k := range role.keys {
				raw, ok := m[k]
				if !ok {
					continue
				}
				pieces, isSpan, err := parseSpan(raw)
				if err != nil {
					return "", nil, fmt.Errorf("statement %d: %s: %w", i+1, k, err)
				}
				if !isSpan {
					if k == "speaker" {
						continue // an entity reference, not a span
					}
					return "", nil, fmt.Errorf("statement %d: %s: not a span (want \"spans\" or \"start\" and \"end\")", i+1, k)
				}
				if pieces == nil {
					continue // null: try the next key
				}
				*role.dst = pieces
				break
			}
		}
		st = append(st, s)
	}
	return name, st, nil
}

// parseSpan decodes one span value. isSpan is false for an object with
// neither "spans" nor "start" and "end"; null is a span with no pieces.
func parseSpan(raw json.RawMessage) (pieces [][2]int, isSpan bool, err error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return nil, true, nil
	case raw[0] == '[':
		if err := json.Unmarshal(raw, &pieces); err != nil {
			return nil, false, err
		}
		return pieces, true, nil
	case raw[0] == '{':
		var v struct {
			Spans      [][2]int `json:"spans"`
			Start, End *int
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, false, err
		}
		switch {
		case v.Spans != nil:
			return v.Spans, true, nil
		case v.Start != nil && v.End != nil:
			return [][2]int{{*v.Start, *v.End}}, true, nil
		}
		return nil, false, nil
	}
	return nil, false, fmt.Errorf("want an object or an array, got %.20s", raw)
}

// DocName turns a document name or path into an article name: the base
// name minus ".txt" ("dev/text/NAME.txt" gives "NAME").
func DocName(doc string) string {
	doc = strings.ReplaceAll(doc, `\`, "/")
	if i := strings.LastIndexByte(doc, '/'); i >= 0 {
		doc = doc[i+1:]
	}
	return strings.TrimSuffix(doc, ".txt")
}

// FromOutput converts one of whosaid's own results into statements to
// score, without a JSON round trip: source, cue and content are taken from
// the statements' spans; the speaker (an entity, not a span) is not used.
func FromOutput(d output.Document) []Statement {
	st := make([]Statement, 0, len(d.Statements))
	for _, s := range d.Statements {
		st = append(st, Statement{
			Source:  pieces(s.Source),
			Cue:     pieces(s.Cue),
			Content: pieces(s.Content),
		})
	}
	return st
}

// FromOutputs converts a batch of whosaid results into the predictions
// Score takes, keyed by DocName(d.Doc). Documents with an error predict
// nothing (they still appear, with no statements).
func FromOutputs(docs []output.Document) map[string][]Statement {
	m := make(map[string][]Statement, len(docs))
	for _, d := range docs {
		name := DocName(d.Doc)
		m[name] = append(m[name], FromOutput(d)...)
	}
	return m
}

func pieces(s *output.Span) [][2]int {
	if s == nil || len(s.Spans) == 0 {
		return nil
	}
	return append([][2]int(nil), s.Spans...)
}
