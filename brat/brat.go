// Package brat reads brat standoff annotation files (.ann) as the PolNeAR
// corpus uses them: text-bound spans (T lines) tied together into
// attribution relations (E lines) with source, cue and content roles.
//
// Offsets are Unicode code points into the article's text, end exclusive,
// as brat and Python count them. The reader copes with the quirks of the
// PolNeAR files:
//
//   - a T line's text field may contain newlines, so a record continues on
//     the following lines until a line that starts a new record (an id such
//     as "T12", "E3" or "#1" followed by a tab); a continuation line may
//     itself start with "T", as in "The ...";
//   - an E line may refer to T lines defined after it;
//   - "#" AnnotatorNotes lines (which may also run over several lines),
//     and the other brat record kinds (A, R, M, N,
//     "*"), are skipped;
//   - Discuss and Discard spans are notes, not relations, and are dropped;
//   - a Content2 argument (a second content span of the same relation) is
//     merged into the content;
//   - any role may be missing;
//   - a span may be discontinuous: "start end;start end".
//
// Read never panics on bad input; it returns an *Error naming the line.
package brat

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Span is one [Start, End) piece of a text-bound annotation, in code points.
type Span struct {
	Start, End int
}

// TextBound is a T line: an id, a type (Source, Cue, Content, Attribution,
// Attribution-no-source, Discuss, Discard, ...), one or more pieces in text
// order as written, and the text field (with any continuation lines joined
// by "\n").
type TextBound struct {
	ID    string
	Type  string
	Spans []Span
	Text  string
	Line  int // 1-based line where the record starts
}

// Relation is an E line resolved against its T lines. A nil role slice means
// the role is absent. Content holds the pieces of the Content argument
// followed by those of any Content2 (or ContentN) argument, sorted by start.
type Relation struct {
	ID      string
	Trigger string // "Attribution" or "Attribution-no-source"
	Source  []Span
	Cue     []Span
	Content []Span
	Line    int // 1-based line of the E record
}

// Annotations is the content of one .ann file.
type Annotations struct {
	// TextBounds holds every T line, in file order, Discuss and Discard
	// included (they are dropped only from relations).
	TextBounds []TextBound
	// Relations holds the attribution relations, in file order.
	Relations []Relation
}

// Error is a problem in an .ann file, at a 1-based line.
type Error struct {
	Line int
	Msg  string
}

// Error implements the error interface.
func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ErrTooLong is returned when one physical line exceeds MaxLine bytes.
var ErrTooLong = errors.New("brat: line too long")

// MaxLine is the longest physical line Read accepts, in bytes.
const MaxLine = 16 << 20

// ignoredTypes are T types that carry notes, not attribution.
var ignoredTypes = map[string]bool{"Discuss": true, "Discard": true}

// triggerTypes are the E trigger types that make a relation.
var triggerTypes = map[string]bool{"Attribution": true, "Attribution-no-source": true}

type pendingE struct {
	id   string
	trig string // trigger type as written before the colon
	tref string
	args [][2]string // role, T id
	line int
}

// Read parses an .ann file. It returns the first problem found as an *Error
// (wrapped errors from r are returned as they are).
func Read(r io.Reader) (*Annotations, error) {
	br := bufio.NewReader(r)
	a := &Annotations{}
	tIndex := map[string]int{} // T id -> index in a.TextBounds
	var events []pendingE
	lastT := -1     // index of the T record that continuation lines extend
	inNote := false // continuation lines belong to a '#' note: skip them
	for n := 1; ; n++ {
		line, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			if errors.Is(err, ErrTooLong) {
				return nil, &Error{n, fmt.Sprintf("line longer than %d bytes", MaxLine)}
			}
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if line == nil && errors.Is(err, io.EOF) {
			break
		}
		s := string(line)
		id, rest, isRecord := recordStart(s)
		switch {
		case !isRecord:
			// A continuation of a multi-line T text field, or a blank line.
			if lastT >= 0 {
				a.TextBounds[lastT].Text += "\n" + s
			} else if !inNote && strings.TrimSpace(s) != "" {
				return nil, &Error{n, fmt.Sprintf("not a brat record: %.40q", s)}
			}
		case id[0] == 'T':
			tb, msg := parseT(id, rest)
			if msg != "" {
				return nil, &Error{n, msg}
			}
			if _, dup := tIndex[id]; dup {
				return nil, &Error{n, fmt.Sprintf("duplicate id %s", id)}
			}
			tb.Line = n
			tIndex[id] = len(a.TextBounds)
			lastT = len(a.TextBounds)
			a.TextBounds = append(a.TextBounds, tb)
			inNote = false
		case id[0] == 'E':
			e, msg := parseE(id, rest)
			if msg != "" {
				return nil, &Error{n, msg}
			}
			e.line = n
			events = append(events, e)
			lastT, inNote = -1, false
		default:
			// '#' notes and other brat records we do not use. A note's
			// text may run over several lines, like a T line's.
			lastT, inNote = -1, id[0] == '#'
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	seen := map[string]bool{}
	for _, e := range events {
		if seen[e.id] {
			return nil, &Error{e.line, fmt.Sprintf("duplicate id %s", e.id)}
		}
		seen[e.id] = true
		ti, ok := tIndex[e.tref]
		if !ok {
			return nil, &Error{e.line, fmt.Sprintf("%s: trigger %s is not defined", e.id, e.tref)}
		}
		if !triggerTypes[e.trig] || ignoredTypes[a.TextBounds[ti].Type] {
			continue
		}
		rel := Relation{ID: e.id, Trigger: e.trig, Line: e.line}
		for _, arg := range e.args {
			role, ref := arg[0], arg[1]
			ti, ok := tIndex[ref]
			if !ok {
				return nil, &Error{e.line, fmt.Sprintf("%s: argument %s:%s is not defined", e.id, role, ref)}
			}
			tb := a.TextBounds[ti]
			if ignoredTypes[tb.Type] {
				continue
			}
			var dst *[]Span
			switch {
			case role == "Source":
				dst = &rel.Source
			case role == "Cue":
				dst = &rel.Cue
			case strings.HasPrefix(role, "Content") && isDigits(role[len("Content"):]):
				dst = &rel.Content
			default:
				continue // a role we do not score
			}
			*dst = append(*dst, tb.Spans...)
		}
		for _, p := range []*[]Span{&rel.Source, &rel.Cue, &rel.Content} {
			if len(*p) > 1 {
				slices.SortStableFunc(*p, func(x, y Span) int { return x.Start - y.Start })
			}
		}
		a.Relations = append(a.Relations, rel)
	}
	return a, nil
}

// readLine returns the next physical line without its "\n" (and without a
// trailing "\r"). At the end of input it returns the last line, if any, with
// io.EOF, or nil and io.EOF.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLine {
			return nil, ErrTooLong
		}
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			if len(buf) == 0 {
				return nil, err
			}
			return trimEOL(buf), err
		}
		return trimEOL(buf), nil
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// recordStart reports whether line starts a brat record: an id made of a
// kind letter (T, E, A, R, M, N or #) and digits, or "*", then a tab. It
// returns the id and the rest of the line after the tab.
func recordStart(line string) (id, rest string, ok bool) {
	tab := strings.IndexByte(line, '\t')
	if tab <= 0 {
		return "", "", false
	}
	id = line[:tab]
	if id != "*" {
		if !strings.ContainsRune("TEARMN#", rune(id[0])) || len(id) < 2 || !isDigits(id[1:]) {
			return "", "", false
		}
	}
	return id, line[tab+1:], true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseT parses the part of a T line after its id: "Type s e[;s e...]\ttext".
func parseT(id, rest string) (TextBound, string) {
	head, text, _ := strings.Cut(rest, "\t")
	typ, offs, ok := strings.Cut(head, " ")
	if !ok || typ == "" {
		return TextBound{}, fmt.Sprintf("%s: want \"Type start end\", got %.40q", id, head)
	}
	tb := TextBound{ID: id, Type: typ, Text: text}
	for _, piece := range strings.Split(offs, ";") {
		f := strings.Fields(piece)
		if len(f) != 2 {
			return TextBound{}, fmt.Sprintf("%s: bad offsets %.40q", id, piece)
		}
		s, err1 := strconv.Atoi(f[0])
		e, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || s < 0 || e < s {
			return TextBound{}, fmt.Sprintf("%s: bad offsets %.40q", id, piece)
		}
		tb.Spans = append(tb.Spans, Span{s, e})
	}
	return tb, ""
}

// parseE parses the part of an E line after its id:
// "Trigger:Tn Role:Tm ...".
func parseE(id, rest string) (pendingE, string) {
	f := strings.Fields(rest)
	if len(f) == 0 {
		return pendingE{}, fmt.Sprintf("%s: empty event", id)
	}
	e := pendingE{id: id}
	for i, arg := range f {
		role, ref, ok := strings.Cut(arg, ":")
		if !ok || role == "" || len(ref) < 2 || ref[0] != 'T' || !isDigits(ref[1:]) {
			return pendingE{}, fmt.Sprintf("%s: bad argument %.40q", id, arg)
		}
		if i == 0 {
			e.trig, e.tref = role, ref
			continue
		}
		e.args = append(e.args, [2]string{role, ref})
	}
	return e, ""
}
