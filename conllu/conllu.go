// Package conllu reads and writes the CoNLL-U format of Universal
// Dependencies (https://universaldependencies.org/format.html): sentences
// of ten tab-separated columns per word, preceded by "#" comments and
// ended by a blank line, with multiword token lines ("1-2") and empty
// nodes ("8.1").
//
// The reader keeps everything it reads, so writing a sentence back gives
// the same lines (line endings become "\n").
package conllu

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Word is one syntactic word, a line whose ID is a single integer. Columns
// given as "_" are kept as "_" in the string fields; Head is -1 when the
// HEAD column is "_".
type Word struct {
	ID     int // 1-based position in the sentence
	Form   string
	Lemma  string
	UPOS   string
	XPOS   string
	Feats  string
	Head   int // 0 for the root, -1 when unknown
	Deprel string
	Deps   string
	Misc   string
}

// Multiword is a fused surface token covering the words First..Last (both
// included), such as "don't" over "do" and "n't"; its line reads "1-2".
type Multiword struct {
	First, Last int
	Form        string
	Misc        string
}

// EmptyNode is an enhanced-dependency node such as "8.1", placed after word
// Major; Minor is the part after the dot. HEAD and DEPREL are always "_"
// for empty nodes and are not stored.
type EmptyNode struct {
	Major, Minor int
	Form         string
	Lemma        string
	UPOS         string
	XPOS         string
	Feats        string
	Deps         string
	Misc         string
}

// Sentence is one CoNLL-U sentence.
//
// Comments holds the comment lines without their leading "#" and one
// following space, in file order. DocID is the id of the last "newdoc id"
// comment read so far (it carries over to the following sentences); SentID
// and Text come from this sentence's "sent_id" and "text" comments.
type Sentence struct {
	Comments   []string
	DocID      string
	SentID     string
	Text       string
	Words      []Word
	Multiwords []Multiword
	Empty      []EmptyNode
	Line       int // line number of the sentence's first line, 1-based
}

// SpaceAfter reports whether the word at index i (0-based) of s is
// followed by a space, reading SpaceAfter=No in the MISC column of the word
// or of the multiword token that ends with it.
func (s *Sentence) SpaceAfter(i int) bool {
	id := s.Words[i].ID
	for _, m := range s.Multiwords {
		if m.Last == id {
			return !hasMisc(m.Misc, "SpaceAfter=No")
		}
		if m.First <= id && id < m.Last {
			return false
		}
	}
	return !hasMisc(s.Words[i].Misc, "SpaceAfter=No")
}

// hasMisc reports whether the MISC column misc holds the attribute kv.
func hasMisc(misc, kv string) bool {
	for misc != "" {
		var a string
		a, misc, _ = strings.Cut(misc, "|")
		if a == kv {
			return true
		}
	}
	return false
}

// MiscValue returns the value of attribute key in a MISC column ("SpaceAfter"
// in "SpaceAfter=No|Foo=1" gives "No") and whether it is present.
func MiscValue(misc, key string) (string, bool) {
	for misc != "" {
		var a string
		a, misc, _ = strings.Cut(misc, "|")
		if k, v, ok := strings.Cut(a, "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// Error is a syntax error at a line of the input.
type Error struct {
	Line int // 1-based
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Reader reads sentences from CoNLL-U text. Lines may be of any length; a
// leading byte order mark and "\r\n" line endings are accepted.
type Reader struct {
	r     *bufio.Reader
	line  int
	docID string
	err   error
}

// NewReader returns a Reader reading from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: bufio.NewReaderSize(r, 64<<10)}
}

// readLine returns the next line without its line ending, or io.EOF.
func (r *Reader) readLine() (string, error) {
	s, err := r.r.ReadString('\n')
	if err != nil && (err != io.EOF || s == "") {
		return "", err
	}
	r.line++
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimRight(s, "\r")
	if r.line == 1 {
		s = strings.TrimPrefix(s, "\uFEFF")
	}
	return s, nil
}

// Read returns the next sentence, or io.EOF when there is none. A syntax
// error is an *Error naming the line; after an error Read keeps returning
// it.
func (r *Reader) Read() (*Sentence, error) {
	if r.err != nil {
		return nil, r.err
	}
	s, err := r.read()
	if err != nil {
		r.err = err
	}
	return s, err
}

func (r *Reader) read() (*Sentence, error) {
	var s *Sentence
	for {
		line, err := r.readLine()
		if err == io.EOF {
			if s == nil {
				return nil, io.EOF
			}
			return s, r.check(s)
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", r.line+1, err)
		}
		if strings.TrimSpace(line) == "" {
			if s == nil {
				continue // blank lines between sentences
			}
			return s, r.check(s)
		}
		if s == nil {
			s = &Sentence{Line: r.line, DocID: r.docID}
		}
		if line[0] == '#' {
			if len(s.Words) > 0 || len(s.Multiwords) > 0 || len(s.Empty) > 0 {
				return nil, &Error{r.line, "comment inside a sentence"}
			}
			r.comment(s, line)
			continue
		}
		if err := r.word(s, line); err != nil {
			return nil, err
		}
	}
}

// comment records a comment line and the ids it carries.
func (r *Reader) comment(s *Sentence, line string) {
	c := strings.TrimPrefix(line[1:], " ")
	s.Comments = append(s.Comments, c)
	key, val, ok := strings.Cut(c, "=")
	if !ok {
		if strings.TrimSpace(c) == "newdoc" {
			r.docID = ""
			s.DocID = ""
		}
		return
	}
	val = strings.TrimSpace(val)
	switch strings.TrimSpace(key) {
	case "newdoc id", "newdoc":
		r.docID = val
		s.DocID = val
	case "sent_id":
		s.SentID = val
	case "text":
		s.Text = val
	}
}

// word parses a token line into s.
func (r *Reader) word(s *Sentence, line string) error {
	var f [10]string
	rest := line
	for i := range 9 {
		var ok bool
		f[i], rest, ok = strings.Cut(rest, "\t")
		if !ok {
			return &Error{r.line, fmt.Sprintf("%d columns, want 10", i+1)}
		}
	}
	if strings.Contains(rest, "\t") {
		return &Error{r.line, "more than 10 columns"}
	}
	f[9] = rest
	for i, v := range f {
		if v == "" {
			return &Error{r.line, fmt.Sprintf("column %d is empty", i+1)}
		}
	}
	id := f[0]
	if a, b, ok := strings.Cut(id, "-"); ok {
		first, err1 := posInt(a)
		last, err2 := posInt(b)
		if err1 != nil || err2 != nil || last <= first {
			return &Error{r.line, fmt.Sprintf("bad multiword id %q", id)}
		}
		if n := len(s.Multiwords); n > 0 && s.Multiwords[n-1].Last >= first {
			return &Error{r.line, fmt.Sprintf("multiword %q overlaps the one before", id)}
		}
		if first != len(s.Words)+1 {
			return &Error{r.line, fmt.Sprintf("multiword %q does not start at word %d", id, len(s.Words)+1)}
		}
		s.Multiwords = append(s.Multiwords, Multiword{First: first, Last: last, Form: f[1], Misc: f[9]})
		return nil
	}
	if a, b, ok := strings.Cut(id, "."); ok {
		major, err1 := strconv.Atoi(a)
		minor, err2 := posInt(b)
		if err1 != nil || err2 != nil || major < 0 {
			return &Error{r.line, fmt.Sprintf("bad empty node id %q", id)}
		}
		if major != len(s.Words) {
			return &Error{r.line, fmt.Sprintf("empty node %q not after word %d", id, major)}
		}
		if n := len(s.Empty); n > 0 && s.Empty[n-1].Major == major && s.Empty[n-1].Minor+1 != minor {
			return &Error{r.line, fmt.Sprintf("empty node %q out of sequence", id)}
		} else if (n == 0 || s.Empty[n-1].Major != major) && minor != 1 {
			return &Error{r.line, fmt.Sprintf("empty node %q out of sequence", id)}
		}
		if f[6] != "_" || f[7] != "_" {
			return &Error{r.line, fmt.Sprintf("empty node %q has HEAD or DEPREL", id)}
		}
		s.Empty = append(s.Empty, EmptyNode{Major: major, Minor: minor, Form: f[1], Lemma: f[2],
			UPOS: f[3], XPOS: f[4], Feats: f[5], Deps: f[8], Misc: f[9]})
		return nil
	}
	n, err := posInt(id)
	if err != nil {
		return &Error{r.line, fmt.Sprintf("bad word id %q", id)}
	}
	if n != len(s.Words)+1 {
		return &Error{r.line, fmt.Sprintf("word id %d, want %d", n, len(s.Words)+1)}
	}
	head := -1
	if f[6] != "_" {
		head, err = strconv.Atoi(f[6])
		if err != nil || head < 0 {
			return &Error{r.line, fmt.Sprintf("bad head %q", f[6])}
		}
	}
	s.Words = append(s.Words, Word{ID: n, Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4],
		Feats: f[5], Head: head, Deprel: f[7], Deps: f[8], Misc: f[9]})
	return nil
}

// check validates the cross-line invariants of a finished sentence.
func (r *Reader) check(s *Sentence) error {
	line := r.line
	if len(s.Words) == 0 {
		return &Error{line, fmt.Sprintf("sentence starting at line %d has no words", s.Line)}
	}
	for _, w := range s.Words {
		if w.Head > len(s.Words) {
			return &Error{line, fmt.Sprintf("sentence starting at line %d: word %d has head %d beyond %d words", s.Line, w.ID, w.Head, len(s.Words))}
		}
	}
	for _, m := range s.Multiwords {
		if m.Last > len(s.Words) {
			return &Error{line, fmt.Sprintf("sentence starting at line %d: multiword %d-%d beyond %d words", s.Line, m.First, m.Last, len(s.Words))}
		}
	}
	return nil
}

func posInt(s string) (int, error) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, errors.New("not a number")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, errors.New("not a positive number")
	}
	return n, nil
}

// ReadAll reads all sentences from r.
func ReadAll(r io.Reader) ([]*Sentence, error) {
	cr := NewReader(r)
	var out []*Sentence
	for {
		s, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
}

// ReadFile reads all sentences of the named file. Errors name the file and
// the line.
func ReadFile(name string) ([]*Sentence, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out, err := ReadAll(f)
	if err != nil {
		return out, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Write writes s in CoNLL-U, ending with a blank line. It writes s.Comments
// verbatim; when s has no comments it writes "sent_id" and "text" comments
// from SentID and Text if they are set. Multiword lines come before their
// first word and empty nodes after word Major, as the format requires.
func Write(w io.Writer, s *Sentence) error {
	bw := bufio.NewWriter(w)
	if len(s.Comments) > 0 {
		for _, c := range s.Comments {
			bw.WriteString("# ")
			bw.WriteString(c)
			bw.WriteByte('\n')
		}
	} else {
		if s.SentID != "" {
			fmt.Fprintf(bw, "# sent_id = %s\n", s.SentID)
		}
		if s.Text != "" {
			fmt.Fprintf(bw, "# text = %s\n", s.Text)
		}
	}
	mi, ei := 0, 0
	writeEmpty := func(major int) {
		for ei < len(s.Empty) && s.Empty[ei].Major == major {
			e := &s.Empty[ei]
			fmt.Fprintf(bw, "%d.%d\t%s\t%s\t%s\t%s\t%s\t_\t_\t%s\t%s\n", e.Major, e.Minor,
				col(e.Form), col(e.Lemma), col(e.UPOS), col(e.XPOS), col(e.Feats), col(e.Deps), col(e.Misc))
			ei++
		}
	}
	writeEmpty(0)
	for i := range s.Words {
		wd := &s.Words[i]
		for mi < len(s.Multiwords) && s.Multiwords[mi].First <= wd.ID {
			m := &s.Multiwords[mi]
			fmt.Fprintf(bw, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", m.First, m.Last, col(m.Form), col(m.Misc))
			mi++
		}
		head := "_"
		if wd.Head >= 0 {
			head = strconv.Itoa(wd.Head)
		}
		fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", wd.ID, col(wd.Form), col(wd.Lemma),
			col(wd.UPOS), col(wd.XPOS), col(wd.Feats), head, col(wd.Deprel), col(wd.Deps), col(wd.Misc))
		writeEmpty(wd.ID)
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// col gives "_" for an empty column, so that written lines stay readable.
func col(s string) string {
	if s == "" {
		return "_"
	}
	return s
}
