// Package input reads the documents whosaid works on: text files,
// directories of them, JSONL files and standard input.
//
// A JSONL line is an object {"id": ..., "text": ..., other fields}; the
// other fields travel to the result unchanged (Doc.Meta). A line that is
// one of whosaid's own results (it has a "statements" field) is passed on
// as such (Doc.Result), so a store can ingest extract's output.
//
// Input that cannot be read yields a Doc with Err set, named as precisely
// as possible (file and line), and reading goes on with the next one.
package input

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/output"
)

// DefaultMaxBytes bounds one document (a text file or a JSONL line): 16 MiB.
const DefaultMaxBytes = 16 << 20

// Doc is one document read from the input.
type Doc struct {
	ID     string                     // file name minus extension, JSONL "id", or file:line
	Text   string                     // the text, valid UTF-8
	Meta   map[string]json.RawMessage // other JSONL fields, unchanged
	Result *output.Document           // set when the line is a whosaid result
	Where  string                     // where it came from: path or path:line
	Err    error                      // set when the document could not be read
}

// Reader reads documents from a list of arguments.
type Reader struct {
	// MaxBytes bounds one document; 0 means DefaultMaxBytes.
	MaxBytes int
	// Stdin is read for the argument "-" or when there are no arguments.
	Stdin io.Reader
}

// Each calls fn for every document named by args, in order: "-" is
// standard input (JSONL if its first non-space byte is '{', one text
// otherwise), a directory is every .txt file below it in lexical order, a
// file ending in .jsonl, .ndjson or .json is JSONL, any other file is one
// text. No arguments means standard input. Each stops early when fn returns
// an error or ctx is done, and returns that error.
//
// Only regular files are read in a directory: anything else there (a
// named pipe, a socket, a device) yields a Doc with Err set. A named pipe
// or a device given as an argument is read as a stream (what a shell's
// <(command) gives is a pipe), as standard input is; waiting on a stream
// stops when ctx is done.
func (r *Reader) Each(ctx context.Context, args []string, fn func(Doc) error) error {
	if len(args) == 0 {
		args = []string{"-"}
	}
	for _, a := range args {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.arg(ctx, a, fn); err != nil {
			return err
		}
	}
	return nil
}

func (r *Reader) max() int {
	if r.MaxBytes > 0 {
		return r.MaxBytes
	}
	return DefaultMaxBytes
}

func (r *Reader) arg(ctx context.Context, a string, fn func(Doc) error) error {
	if a == "-" {
		if r.Stdin == nil {
			return fn(Doc{ID: "-", Where: "stdin", Err: errors.New("stdin: no standard input")})
		}
		br := bufio.NewReaderSize(WithContext(ctx, r.Stdin), 64<<10)
		if firstNonSpace(br) == '{' {
			return r.jsonl(ctx, br, "stdin", fn)
		}
		return r.emitText(ctx, br, "-", "stdin", fn)
	}
	info, err := os.Stat(a)
	if err != nil {
		return fn(Doc{ID: trimExt(filepath.Base(a)), Where: a, Err: err})
	}
	if info.IsDir() {
		return r.dir(ctx, a, fn)
	}
	return r.file(ctx, a, trimExt(filepath.Base(a)), true, fn)
}

func (r *Reader) dir(ctx context.Context, root string, fn func(Doc) error) error {
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable subdirectory: report it as a failed document
			// and go on with the rest.
			paths = append(paths, p)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".txt") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return fn(Doc{ID: root, Where: root, Err: err})
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			rel = filepath.Base(p)
		}
		if err := r.file(ctx, p, trimExt(filepath.ToSlash(rel)), false, fn); err != nil {
			return err
		}
	}
	return nil
}

// file reads the file at path: JSONL by its extension, one text
// otherwise. A file that is not regular is read as a stream when it was
// named as an argument (explicit) and refused otherwise.
func (r *Reader) file(ctx context.Context, path, id string, explicit bool, fn func(Doc) error) error {
	f, err := open(ctx, path, explicit)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fn(Doc{ID: id, Where: path, Err: err})
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return r.jsonl(ctx, bufio.NewReaderSize(f, 64<<10), path, fn)
	}
	return r.emitText(ctx, f, id, path, fn)
}

// emitText reads all of rd as one document and passes it to fn, or
// returns ctx's error when ctx ended the reading.
func (r *Reader) emitText(ctx context.Context, rd io.Reader, id, where string, fn func(Doc) error) error {
	d := r.text(rd, id, where)
	if d.Err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return fn(d)
}

// text reads all of rd as one document.
func (r *Reader) text(rd io.Reader, id, where string) Doc {
	d := Doc{ID: id, Where: where}
	b, err := io.ReadAll(io.LimitReader(rd, int64(r.max())+1))
	switch {
	case err != nil:
		d.Err = fmt.Errorf("%s: %w", where, err)
	case len(b) > r.max():
		d.Err = fmt.Errorf("%s: document larger than %d bytes", where, r.max())
	case !utf8.Valid(b):
		d.Err = fmt.Errorf("%s: not valid UTF-8 (byte %d); convert it to UTF-8 first", where, InvalidAt(b))
	default:
		d.Text = string(b)
	}
	return d
}

// jsonl reads one document per line.
func (r *Reader) jsonl(ctx context.Context, br *bufio.Reader, where string, fn func(Doc) error) error {
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(br, r.max())
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && err != io.EOF {
			return fn(Doc{ID: fmt.Sprintf("%s:%d", where, n), Where: where, Err: fmt.Errorf("%s:%d: %w", where, n, err)})
		}
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			d := parseLine(line, tooLong, r.max(), where, n)
			if ferr := fn(d); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads one line without its newline. A line longer than max is
// consumed and reported as tooLong, with only its start kept.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > max+1 {
			tooLong = true
			if len(line) < 256 {
				line = append(line, chunk[:min(len(chunk), 256)]...)
			}
		} else {
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		return line, tooLong, err
	}
}

// parseLine turns one JSONL line into a Doc.
func parseLine(line []byte, tooLong bool, max int, where string, n int) Doc {
	d := Doc{ID: fmt.Sprintf("%s:%d", where, n), Where: fmt.Sprintf("%s:%d", where, n)}
	if tooLong {
		d.Err = fmt.Errorf("%s: line longer than %d bytes", d.Where, max)
		return d
	}
	line = bytes.TrimPrefix(line, []byte("\ufeff"))
	if !utf8.Valid(line) {
		d.Err = fmt.Errorf("%s: not valid UTF-8 (byte %d)", d.Where, InvalidAt(line))
		return d
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		d.Err = fmt.Errorf("%s: not a JSON object: %v", d.Where, err)
		return d
	}
	if _, ok := fields["statements"]; ok {
		var res output.Document
		if err := json.Unmarshal(line, &res); err != nil {
			d.Err = fmt.Errorf("%s: not a whosaid result: %v", d.Where, err)
			return d
		}
		if res.Doc != "" {
			d.ID = res.Doc
		}
		d.Result = &res
		d.Text = res.Text
		d.Meta = res.Meta
		return d
	}
	if raw, ok := fields["id"]; ok {
		var id any
		if err := json.Unmarshal(raw, &id); err == nil {
			switch v := id.(type) {
			case string:
				if v != "" {
					d.ID = v
				}
			case float64:
				d.ID = string(raw)
			}
		}
		delete(fields, "id")
	}
	raw, ok := fields["text"]
	if !ok {
		d.Err = fmt.Errorf("%s: no \"text\" field", d.Where)
		return d
	}
	if err := json.Unmarshal(raw, &d.Text); err != nil {
		d.Err = fmt.Errorf("%s: \"text\" is not a string", d.Where)
		return d
	}
	delete(fields, "text")
	if len(fields) > 0 {
		d.Meta = fields
	}
	return d
}

// firstNonSpace peeks at the first byte that is not white space.
func firstNonSpace(br *bufio.Reader) byte {
	for n := 1; n <= 4096; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return 0
		}
		c := b[n-1]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0xEF && c != 0xBB && c != 0xBF {
			return c
		}
		if err != nil {
			return 0
		}
	}
	return 0
}

// InvalidAt returns the byte offset of the first invalid UTF-8 sequence in
// b, or -1 when b is valid UTF-8: the position error messages name.
func InvalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func trimExt(name string) string {
	if ext := filepath.Ext(name); ext != "" && ext != name {
		return strings.TrimSuffix(name, ext)
	}
	return name
}
