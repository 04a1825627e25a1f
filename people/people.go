// Package people reads people lists: the people a researcher wants the
// speakers of a collection linked to, each with a stable id (typically a
// Wikidata QID such as "Q76"), a name, the other names the news gives them,
// and optionally a gender, a party and a role.
//
// A list is CSV or JSONL, told by the file's extension (.csv; .jsonl,
// .ndjson or .json) or, failing that, by its first character ('{' is
// JSONL). CSV has a header line naming its columns, in any order: id and
// name are required; variants (names separated by '|'), gender, party and
// role are optional; any other column is an error. JSONL has one object
// per line with the same fields, variants being an array of strings:
//
//	{"id":"Q76","name":"Barack Obama","variants":["Obama"],"gender":"male"}
//
// Reading is strict: an error names the file, the line and the field. A
// byte order mark at the start and CRLF line ends are accepted; blank
// lines are skipped; a line longer than [MaxLine] bytes, a line that is not
// UTF-8, a field holding a control character, an empty id or name, an id
// given twice and a gender other than female, male, other or unknown are
// errors.
package people

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person is one entry of a people list.
type Person struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Variants []string `json:"variants,omitempty"`
	Gender   string   `json:"gender,omitempty"` // female, male, other, unknown or "" (not given)
	Party    string   `json:"party,omitempty"`
	Role     string   `json:"role,omitempty"`
}

// Genders are the values a list may give as a person's gender.
var Genders = []string{"female", "male", "other", "unknown"}

// Limits of a list. A longer line or field, or more people, is an error:
// a list is written by hand or exported from Wikidata, and a line of a
// megabyte is a wrong file.
const (
	MaxLine   = 64 << 10 // bytes in one line
	MaxField  = 1000     // bytes in one field (one variant)
	MaxPeople = 1 << 20
)

// Format is the syntax of a list.
type Format int

// Formats of a list.
const (
	Sniff Format = iota // by extension, else by the first character
	CSV
	JSONL
)

// Error is a problem in a list, at a line and, when known, a field.
type Error struct {
	File  string
	Line  int    // 1-based; 0 when the problem is the whole file
	Field string // "" when the problem is the line
	Err   error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %s", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// ErrLineTooLong is wrapped by the error for a line over [MaxLine] bytes.
var ErrLineTooLong = fmt.Errorf("line longer than %d bytes", MaxLine)

// ReadFile reads the list in the file path, its format told by its
// extension or sniffed.
func ReadFile(path string) ([]Person, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path, Sniff)
}

// FormatOf returns the format a file's name gives: CSV for .csv, JSONL
// for .jsonl, .ndjson and .json, else Sniff.
func FormatOf(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	}
	return Sniff
}

// Read reads a list from r, named name in errors. With Sniff, the format
// is told by name's extension ([FormatOf]) or else by the first character
// of the first line that is not blank: '{' is JSONL, anything else CSV.
func Read(r io.Reader, name string, f Format) ([]Person, error) {
	if f == Sniff {
		f = FormatOf(name)
	}
	l := &lines{sc: bufio.NewScanner(r), name: name}
	l.sc.Buffer(make([]byte, 0, 4096), MaxLine+1) // +1: room for a CR before the LF
	first, ok, err := l.next()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &Error{File: name, Err: errors.New("empty list (no header and no person)")}
	}
	if f == Sniff {
		f = CSV
		if strings.HasPrefix(first, "{") {
			f = JSONL
		}
	}
	var r2 reader
	if f == JSONL {
		r2 = &jsonReader{}
	} else {
		cr := &csvReader{}
		if err := cr.header(first); err != nil {
			return nil, &Error{File: name, Line: l.n, Err: err}
		}
		r2 = cr
		if first, ok, err = l.next(); err != nil {
			return nil, err
		}
	}
	var out []Person
	seen := map[string]int{} // id -> line
	for ; ok; first, ok, err = l.next() {
		p, field, perr := r2.read(first)
		if perr == nil {
			field, perr = check(&p)
		}
		if perr != nil {
			return nil, &Error{File: name, Line: l.n, Field: field, Err: perr}
		}
		if at, dup := seen[p.ID]; dup {
			return nil, &Error{File: name, Line: l.n, Field: "id", Err: fmt.Errorf("%q already given on line %d", p.ID, at)}
		}
		if len(out) == MaxPeople {
			return nil, &Error{File: name, Line: l.n, Err: fmt.Errorf("more than %d people", MaxPeople)}
		}
		seen[p.ID] = l.n
		out = append(out, p)
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &Error{File: name, Err: errors.New("no person in the list")}
	}
	return out, nil
}

// lines yields the lines of a list that are not blank: without a BOM at
// the start or a CR at the end, checked for length and UTF-8.
type lines struct {
	sc   *bufio.Scanner
	name string
	n    int // the line last returned
}

func (l *lines) next() (string, bool, error) {
	for l.sc.Scan() {
		l.n++
		b := l.sc.Bytes()
		if l.n == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		b = bytes.TrimSuffix(b, []byte("\r"))
		if len(b) > MaxLine {
			return "", false, &Error{File: l.name, Line: l.n, Err: ErrLineTooLong}
		}
		if !utf8.Valid(b) {
			i := 0
			for i < len(b) {
				r, size := utf8.DecodeRune(b[i:])
				if r == utf8.RuneError && size <= 1 {
					break
				}
				i += size
			}
			return "", false, &Error{File: l.name, Line: l.n, Err: fmt.Errorf("not UTF-8 (byte %d)", i+1)}
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		return string(b), true, nil
	}
	if err := l.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = ErrLineTooLong
		}
		return "", false, &Error{File: l.name, Line: l.n + 1, Err: err}
	}
	return "", false, nil
}

// A reader turns one line into a person, saying which field is wrong.
type reader interface {
	read(line string) (p Person, field string, err error)
}

// columns are the columns of a CSV list, in the order of the docs.
var columns = []string{"id", "name", "variants", "gender", "party", "role"}

type csvReader struct {
	cols []string // the column of each field of a line
}

// header reads the CSV header line.
func (c *csvReader) header(line string) error {
	rec, err := csvLine(line)
	if err != nil {
		return fmt.Errorf("header: %w", err)
	}
	var unknown []string
	for _, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(columns, h) {
			unknown = append(unknown, fmt.Sprintf("%q", h))
			continue
		}
		if slices.Contains(c.cols, h) {
			return fmt.Errorf("header: column %q given twice", h)
		}
		c.cols = append(c.cols, h)
	}
	if len(unknown) > 0 {
		return fmt.Errorf("header: unknown column %s (the columns are %s)", strings.Join(unknown, ", "), strings.Join(columns, ", "))
	}
	for _, want := range columns[:2] {
		if !slices.Contains(c.cols, want) {
			return fmt.Errorf("header: no column %q (id and name are required)", want)
		}
	}
	return nil
}

func (c *csvReader) read(line string) (Person, string, error) {
	rec, err := csvLine(line)
	if err != nil {
		return Person{}, "", err
	}
	if len(rec) != len(c.cols) {
		return Person{}, "", fmt.Errorf("%d fields, the header has %d", len(rec), len(c.cols))
	}
	var p Person
	for i, v := range rec {
		v = strings.TrimSpace(v)
		switch c.cols[i] {
		case "id":
			p.ID = v
		case "name":
			p.Name = v
		case "variants":
			if v == "" {
				continue
			}
			for j, s := range strings.Split(v, "|") {
				s = strings.TrimSpace(s)
				if s == "" {
					return Person{}, "variants", fmt.Errorf("variant %d is empty (variants are separated by '|')", j+1)
				}
				p.Variants = append(p.Variants, s)
			}
		case "gender":
			p.Gender = v
		case "party":
			p.Party = v
		case "role":
			p.Role = v
		}
	}
	return p, "", nil
}

// csvLine reads one line of CSV. A quoted field cannot span lines.
func csvLine(line string) ([]string, error) {
	r := csv.NewReader(strings.NewReader(line))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if errors.Is(pe.Err, csv.ErrQuote) {
				return nil, fmt.Errorf("column %d: %v (a quoted field ends on its line, its quotes doubled)", pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("column %d: %v", pe.Column, pe.Err)
		}
		return nil, err
	}
	return rec, nil
}

type jsonReader struct{}

// jsonPerson is a line of JSONL, with pointers to tell a field given as
// null from one given as a value of the wrong type.
type jsonPerson struct {
	ID       *string  `json:"id"`
	Name     *string  `json:"name"`
	Variants []string `json:"variants"`
	Gender   *string  `json:"gender"`
	Party    *string  `json:"party"`
	Role     *string  `json:"role"`
}

func (jsonReader) read(line string) (Person, string, error) {
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	var jp jsonPerson
	if err := dec.Decode(&jp); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return Person{}, te.Field, fmt.Errorf("a JSON %s, want %s", te.Value, jsonWant(te.Field))
		}
		if s, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return Person{}, "", fmt.Errorf("unknown field %s (the fields are %s)", s, strings.Join(columns, ", "))
		}
		return Person{}, "", fmt.Errorf("not a JSON object: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Person{}, "", errors.New("text after the JSON object")
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return strings.TrimSpace(*p)
	}
	p := Person{ID: str(jp.ID), Name: str(jp.Name), Gender: str(jp.Gender), Party: str(jp.Party), Role: str(jp.Role)}
	for i, v := range jp.Variants {
		v = strings.TrimSpace(v)
		if v == "" {
			return Person{}, "variants", fmt.Errorf("variant %d is empty", i+1)
		}
		p.Variants = append(p.Variants, v)
	}
	return p, "", nil
}

func jsonWant(field string) string {
	if strings.HasPrefix(field, "variants") {
		return "an array of strings"
	}
	return "a string"
}

// check checks the fields of p, returning the field at fault, and drops
// the variants that repeat the name or another variant exactly.
func check(p *Person) (string, error) {
	switch {
	case p.ID == "":
		return "id", errors.New("empty (each person needs an id)")
	case p.Name == "":
		return "name", errors.New("empty (each person needs a name)")
	}
	for _, f := range []struct{ name, v string }{{"id", p.ID}, {"name", p.Name}, {"gender", p.Gender}, {"party", p.Party}, {"role", p.Role}} {
		if err := checkText(f.v); err != nil {
			return f.name, err
		}
	}
	if !hasLetter(p.Name) {
		return "name", fmt.Errorf("%q has no letter", p.Name)
	}
	if p.Gender != "" && !slices.Contains(Genders, p.Gender) {
		return "gender", fmt.Errorf("%q is not one of %s (or empty)", p.Gender, strings.Join(Genders, ", "))
	}
	var vs []string
	for i, v := range p.Variants {
		if err := checkText(v); err != nil {
			return "variants", fmt.Errorf("variant %d: %w", i+1, err)
		}
		if !hasLetter(v) {
			return "variants", fmt.Errorf("variant %d: %q has no letter", i+1, v)
		}
		if v != p.Name && !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	p.Variants = vs
	return "", nil
}

// checkText refuses a value over MaxField bytes or holding a control
// character (a tab, a NUL).
func checkText(s string) error {
	if len(s) > MaxField {
		return fmt.Errorf("longer than %d bytes", MaxField)
	}
	if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		return fmt.Errorf("control character %U at byte %d", []rune(s[i:])[0], i+1)
	}
	return nil
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// Names returns p's name and variants, the name first.
func (p Person) Names() []string {
	return append([]string{p.Name}, p.Variants...)
}
