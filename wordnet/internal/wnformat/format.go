// Package wnformat reads and writes the compact data file from which package
// wordnet answers its lookups.
//
// The file is gzip-compressed UTF-8 text (in practice ASCII), one record a
// line, fields separated by a tab:
//
//	whosaid-wordnet 1
//	verbs <n>
//	<lemma> TAB <first lexfile> TAB <lexfile mask, hex>     (n lines)
//	nouns <n>
//	<lemma> TAB <first lexfile> TAB <lexfile mask, hex>     (n lines)
//	verb-exceptions <n>
//	<inflected form> TAB <base> [TAB <base> ...]            (n lines)
//	noun-exceptions <n>
//	<inflected form> TAB <base> [TAB <base> ...]            (n lines)
//
// A lexfile is a WordNet lexicographer file number (0 adj.all ... 44
// adj.ppl); bit k of a mask stands for lexfile k. Lemmas are lower case, words
// separated by one space ("call on"), and each section is sorted by its first
// field with no repeats, so the same data always gives the same bytes. The
// gzip header carries no name and no time for the same reason.
//
// Sorted text was chosen over a binary layout because gzip already removes
// most of the shared prefixes of sorted lemmas, and the file stays readable
// with zcat.
package wnformat

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Magic is the first line of a data file; its number is the format version.
const Magic = "whosaid-wordnet 1"

// MaxDecoded bounds the size of the decompressed text Decode accepts, so a
// hostile or corrupt file cannot make it allocate without limit. The shipped
// file decompresses to about 1 MB.
const MaxDecoded = 16 << 20

// MaxLemma bounds the length in bytes of a lemma or inflected form. The
// longest WordNet 3.0 lemma is 71 bytes.
const MaxLemma = 96

// Lexicographer file numbers bounding the noun and verb files.
const (
	FirstNounLexfile = 3  // noun.Tops
	LastNounLexfile  = 28 // noun.time
	FirstVerbLexfile = 29 // verb.body
	LastVerbLexfile  = 43 // verb.weather
)

// NounMask and VerbMask hold the bits of the noun and verb lexicographer files.
const (
	NounMask uint64 = (1<<(LastNounLexfile+1) - 1) &^ (1<<FirstNounLexfile - 1)
	VerbMask uint64 = (1<<(LastVerbLexfile+1) - 1) &^ (1<<FirstVerbLexfile - 1)
)

// Entry is one lemma of one part of speech.
type Entry struct {
	Lemma string // lower case, words separated by single spaces
	First uint8  // lexfile of the first (most frequent) sense
	Mask  uint64 // bit k set when some sense is in lexfile k
}

// Exception maps an irregular inflected form to its base forms, in
// WordNet's order.
type Exception struct {
	Form  string
	Bases []string
}

// Data is the whole content of a data file.
type Data struct {
	Verbs, Nouns                   []Entry
	VerbExceptions, NounExceptions []Exception
}

// Encode checks d and writes it to w as a gzip-compressed data file. The
// output depends only on d.
func Encode(w io.Writer, d *Data) error {
	if err := d.validate(); err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(Magic)
	buf.WriteByte('\n')
	writeEntries(&buf, "verbs", d.Verbs)
	writeEntries(&buf, "nouns", d.Nouns)
	writeExceptions(&buf, "verb-exceptions", d.VerbExceptions)
	writeExceptions(&buf, "noun-exceptions", d.NounExceptions)
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("wnformat: %w", err)
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("wnformat: writing: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("wnformat: writing: %w", err)
	}
	return nil
}

func writeEntries(buf *bytes.Buffer, name string, es []Entry) {
	fmt.Fprintf(buf, "%s %d\n", name, len(es))
	for _, e := range es {
		buf.WriteString(e.Lemma)
		buf.WriteByte('\t')
		buf.WriteString(strconv.Itoa(int(e.First)))
		buf.WriteByte('\t')
		buf.WriteString(strconv.FormatUint(e.Mask, 16))
		buf.WriteByte('\n')
	}
}

func writeExceptions(buf *bytes.Buffer, name string, xs []Exception) {
	fmt.Fprintf(buf, "%s %d\n", name, len(xs))
	for _, x := range xs {
		buf.WriteString(x.Form)
		for _, b := range x.Bases {
			buf.WriteByte('\t')
			buf.WriteString(b)
		}
		buf.WriteByte('\n')
	}
}

// Decode reads a gzip-compressed data file and checks every invariant
// Encode guarantees, so that a corrupt file fails here and not at lookup.
func Decode(b []byte) (*Data, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("wnformat: opening gzip stream: %w", err)
	}
	text, err := io.ReadAll(io.LimitReader(zr, MaxDecoded+1))
	if err != nil {
		return nil, fmt.Errorf("wnformat: decompressing: %w", err)
	}
	if len(text) > MaxDecoded {
		return nil, fmt.Errorf("wnformat: decompressed data over %d bytes", MaxDecoded)
	}
	return Parse(text)
}

// Parse reads the uncompressed text of a data file and checks it as Decode
// does.
func Parse(text []byte) (*Data, error) {
	// One string for the whole text, lemmas being substrings of it, saves
	// an allocation per line: decoding the shipped file went from 112k
	// allocations and 47 ms to 5k and 33 ms (wordnet's BenchmarkLoad).
	p := parser{rest: string(text)}
	if line, ok := p.next(); !ok || line != Magic {
		return nil, p.fail(fmt.Errorf("first line %.40q, want %q", line, Magic))
	}
	d := new(Data)
	var err error
	if d.Verbs, err = p.entries("verbs"); err != nil {
		return nil, err
	}
	if d.Nouns, err = p.entries("nouns"); err != nil {
		return nil, err
	}
	if d.VerbExceptions, err = p.exceptions("verb-exceptions"); err != nil {
		return nil, err
	}
	if d.NounExceptions, err = p.exceptions("noun-exceptions"); err != nil {
		return nil, err
	}
	if line, ok := p.next(); ok {
		return nil, p.fail(fmt.Errorf("unexpected line %.40q after the last section", line))
	}
	if err := d.validate(); err != nil {
		return nil, err
	}
	return d, nil
}

type parser struct {
	rest string // text not yet read
	line int
}

// next returns the next line, without its "\n".
func (p *parser) next() (string, bool) {
	if p.rest == "" {
		return "", false
	}
	line, rest, _ := strings.Cut(p.rest, "\n")
	p.rest = rest
	p.line++
	return line, true
}

func (p *parser) fail(err error) error {
	return fmt.Errorf("wnformat: line %d: %w", p.line, err)
}

// header reads a section header "name count".
func (p *parser) header(name string) (int, error) {
	line, ok := p.next()
	if !ok {
		return 0, p.fail(fmt.Errorf("missing section %q", name))
	}
	rest, ok := strings.CutPrefix(line, name+" ")
	if !ok {
		return 0, p.fail(fmt.Errorf("got %.40q, want section %q", line, name))
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 || n > MaxDecoded/4 {
		return 0, p.fail(fmt.Errorf("bad count %.20q in section %q", rest, name))
	}
	return n, nil
}

func (p *parser) entries(name string) ([]Entry, error) {
	n, err := p.header(name)
	if err != nil {
		return nil, err
	}
	es := make([]Entry, 0, min(n, 1<<16))
	for range n {
		line, ok := p.next()
		if !ok {
			return nil, p.fail(fmt.Errorf("section %q ends after %d of %d lines", name, len(es), n))
		}
		lemma, rest, ok1 := strings.Cut(line, "\t")
		first, mask, ok2 := strings.Cut(rest, "\t")
		if !ok1 || !ok2 {
			return nil, p.fail(fmt.Errorf("want 3 tab-separated fields in %.40q", line))
		}
		f, err := strconv.ParseUint(first, 10, 8)
		if err != nil {
			return nil, p.fail(fmt.Errorf("first lexfile of %.40q: %w", lemma, err))
		}
		m, err := strconv.ParseUint(mask, 16, 64)
		if err != nil {
			return nil, p.fail(fmt.Errorf("mask of %.40q: %w", lemma, err))
		}
		es = append(es, Entry{Lemma: lemma, First: uint8(f), Mask: m})
	}
	return es, nil
}

func (p *parser) exceptions(name string) ([]Exception, error) {
	n, err := p.header(name)
	if err != nil {
		return nil, err
	}
	xs := make([]Exception, 0, min(n, 1<<14))
	for range n {
		line, ok := p.next()
		if !ok {
			return nil, p.fail(fmt.Errorf("section %q ends after %d of %d lines", name, len(xs), n))
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 2 {
			return nil, p.fail(fmt.Errorf("exception %.40q has no base form", line))
		}
		xs = append(xs, Exception{Form: fields[0], Bases: fields[1:]})
	}
	return xs, nil
}

// validate checks the invariants of d; Encode and Parse both call it.
func (d *Data) validate() error {
	if err := checkEntries("verbs", d.Verbs, VerbMask); err != nil {
		return err
	}
	if err := checkEntries("nouns", d.Nouns, NounMask); err != nil {
		return err
	}
	if err := checkExceptions("verb-exceptions", d.VerbExceptions, d.Verbs); err != nil {
		return err
	}
	return checkExceptions("noun-exceptions", d.NounExceptions, d.Nouns)
}

func checkEntries(name string, es []Entry, allowed uint64) error {
	for i, e := range es {
		if err := CheckLemma(e.Lemma); err != nil {
			return fmt.Errorf("wnformat: %s: entry %d: %w", name, i, err)
		}
		if i > 0 && es[i-1].Lemma >= e.Lemma {
			return fmt.Errorf("wnformat: %s: %q after %q: not sorted or repeated", name, e.Lemma, es[i-1].Lemma)
		}
		if e.Mask == 0 || e.Mask&^allowed != 0 {
			return fmt.Errorf("wnformat: %s: %q: mask %x outside %x", name, e.Lemma, e.Mask, allowed)
		}
		if e.First >= 64 || e.Mask&(1<<e.First) == 0 {
			return fmt.Errorf("wnformat: %s: %q: first lexfile %d not in mask %x", name, e.Lemma, e.First, e.Mask)
		}
	}
	return nil
}

func checkExceptions(name string, xs []Exception, lexicon []Entry) error {
	for i, x := range xs {
		if err := CheckLemma(x.Form); err != nil {
			return fmt.Errorf("wnformat: %s: exception %d: %w", name, i, err)
		}
		if i > 0 && xs[i-1].Form >= x.Form {
			return fmt.Errorf("wnformat: %s: %q after %q: not sorted or repeated", name, x.Form, xs[i-1].Form)
		}
		if len(x.Bases) == 0 {
			return fmt.Errorf("wnformat: %s: %q has no base form", name, x.Form)
		}
		for _, b := range x.Bases {
			if err := CheckLemma(b); err != nil {
				return fmt.Errorf("wnformat: %s: base of %q: %w", name, x.Form, err)
			}
			if !hasLemma(lexicon, b) {
				return fmt.Errorf("wnformat: %s: base %q of %q is not a lemma of the file", name, b, x.Form)
			}
		}
	}
	return nil
}

func hasLemma(es []Entry, lemma string) bool {
	lo, hi := 0, len(es)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if es[m].Lemma < lemma {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(es) && es[lo].Lemma == lemma
}

// ErrBadLemma is wrapped by the errors CheckLemma returns.
var ErrBadLemma = errors.New("bad lemma")

// CheckLemma reports, as a non-nil error, why s cannot be a lemma or form
// of the file: lemmas are 1 to MaxLemma bytes of printable ASCII without
// upper-case letters or tabs, words separated by single spaces.
func CheckLemma(s string) error {
	if s == "" || len(s) > MaxLemma {
		return fmt.Errorf("%w: length %d of %.40q outside 1..%d", ErrBadLemma, len(s), s, MaxLemma)
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return fmt.Errorf("%w: %q: stray space", ErrBadLemma, s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || ('A' <= c && c <= 'Z') {
			return fmt.Errorf("%w: %q: byte %#x at %d", ErrBadLemma, s, c, i)
		}
	}
	return nil
}
