package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/output"
)

var cmdExtract = &Command{
	Name:  "extract",
	Usage: "extract [-o file] [-j n] [-text] [-rules] [-quotes] [-format jsonl|html|text] [file|dir|-]...",
	Short: "find the statements of articles, one JSON line per article",
	Long: `Extract reads articles and writes, for each, one JSON object on one line:
its statements (cue, source, content, speaker, kind, parent) and its
speakers, with offsets in Unicode code points, end exclusive.

Arguments are .txt files, directories (their .txt files, recursively, in
lexical order), JSONL files (.jsonl, .ndjson, .json: one {"id", "text", ...}
object per line, other fields copied to "meta"), or - for standard input
(JSONL when it starts with '{', one text otherwise). No argument means
standard input.

Every statement carries its type (speech, writing, thought, stance,
evidence), its act (assert, warn, demand, ...), its target, and "quote":
true when it is a quote in a news reader's sense (speech or writing by a
person or organisation, with a clause or a quotation for content). With
-quotes only those are written, with the speakers they name; the ids of
the statements kept are those of the full output.

-format html writes one self-contained HTML page instead: each article's
text with its statements highlighted (as the web page of serve shows
them) and their list; the page has no script and loads nothing. -format
text writes a list to read in a terminal: per statement its speaker, act
and type when known, kind and cue, then its content.

Output follows input order, whatever -j. A document that cannot be read or
processed yields {"doc": ..., "error": ...} and the others go on; the exit
code is then 1.`,
	Run: runExtract,
}

func runExtract(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	out := fs.String("o", "-", "write the JSONL output to `file` (- is standard output)")
	jobs := fs.Int("j", runtime.NumCPU(), "number of documents processed in parallel")
	keepText := fs.Bool("text", false, "copy each document's text into its result (for ingest)")
	rulesOnly := fs.Bool("rules", false, "extract with the rules alone: about 15x faster, lower recall (see QUALITY.md)")
	maxBytes := fs.Int("max-bytes", whosaid.DefaultMaxBytes, "largest document accepted, in bytes")
	quotes := fs.Bool("quotes", false, "keep only quotes: speech or writing by a person or organisation, a clause or quotation for content")
	format := fs.String("format", "jsonl", "output `format`: jsonl (one JSON object per article), html (a page to read) or text (a list for a terminal)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch *format {
	case "jsonl", "html", "text":
	default:
		fmt.Fprintf(stdio.Err, "whosaid extract: -format %q: want jsonl, html or text\n", *format)
		return 2
	}
	if *jobs < 1 {
		fmt.Fprintln(stdio.Err, "whosaid extract: -j must be at least 1")
		return 2
	}
	// The page shows each article's text: keep it for html.
	p, err := whosaid.New(whosaid.Options{MaxBytes: *maxBytes, KeepText: *keepText || *format == "html", RulesOnly: *rulesOnly})
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid extract: %v\n", err)
		return 1
	}
	w := stdio.Out
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintf(stdio.Err, "whosaid extract: %v\n", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	r := &input.Reader{MaxBytes: *maxBytes, Stdin: stdio.In}
	write := func(d output.Document) error { return writeJSONL(w, d) }
	var page *output.HTML
	switch *format {
	case "html":
		page = output.NewHTML(w, "whosaid: who said what")
		write = page.Write
	case "text":
		write = func(d output.Document) error { return output.WriteText(w, d) }
	}
	failed, err := extractAll(ctx, p, r, fs.Args(), *jobs, *quotes, write, stdio.Err)
	if err == nil && page != nil {
		err = page.Close()
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stdio.Err, "whosaid extract: interrupted; the documents before the interruption are written")
		return 1
	}
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid extract: %v\n", err)
		return 1
	}
	if c, ok := w.(io.Closer); ok && *out != "-" {
		if err := c.Close(); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid extract: %v\n", err)
			return 1
		}
	}
	if failed > 0 {
		fmt.Fprintf(stdio.Err, "whosaid extract: %d document(s) failed\n", failed)
		return 1
	}
	return 0
}

// extractAll runs the pipeline over every document of args with n workers
// and writes the results with write in input order, only their quotes when
// quotes is set. Each failed document is written as an error line and
// reported on errw; failed counts them. err is for what stops the whole
// run: a write error or cancellation.
func extractAll(ctx context.Context, p *whosaid.Pipeline, r *input.Reader, args []string, n int, quotes bool, write func(output.Document) error, errw io.Writer) (failed int, err error) {
	err = process(ctx, r, args, n, func(ctx context.Context, d input.Doc) (output.Document, error) {
		if d.Err != nil {
			return output.Document{Doc: d.ID, Meta: d.Meta, Error: d.Err.Error()}, d.Err
		}
		if d.Result != nil && d.Text == "" {
			err := fmt.Errorf("%s: a whosaid result without its text; extract needs the article", d.Where)
			return output.Document{Doc: d.ID, Error: err.Error()}, err
		}
		return p.Extract(ctx, whosaid.Doc{ID: d.ID, Text: d.Text, Meta: d.Meta})
	}, func(res output.Document, derr error) error {
		if derr != nil && ctx.Err() != nil {
			// Stopped by the interruption, not failed: not written, so
			// that the output holds no document that a rerun would change.
			return nil
		}
		if derr != nil {
			failed++
			fmt.Fprintf(errw, "whosaid: %v\n", derr)
		}
		if quotes {
			res = quotesOnly(res)
		}
		return write(res)
	})
	return failed, err
}

// quotesOnly returns res with only its quote statements and the speakers
// they name as speaker or target. A parent that is not kept becomes null,
// so that every reference of the result points into it; ids are kept.
func quotesOnly(res output.Document) output.Document {
	kept := make([]output.Statement, 0, len(res.Statements))
	ids := map[string]bool{}
	named := map[string]bool{}
	for _, st := range res.Statements {
		if !st.Quote {
			continue
		}
		kept = append(kept, st)
		ids[st.ID] = true
		if st.Speaker != nil {
			named[st.Speaker.ID] = true
		}
		if st.Target != nil && st.Target.Entity != "" {
			named[st.Target.Entity] = true
		}
	}
	for i := range kept {
		if p := kept[i].Parent; p != nil && !ids[*p] {
			kept[i].Parent = nil
		}
	}
	speakers := make([]output.Speaker, 0, len(named))
	for _, sp := range res.Speakers {
		if named[sp.ID] {
			speakers = append(speakers, sp)
		}
	}
	res.Statements, res.Speakers = kept, speakers
	return res
}

var bufPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// writeJSONL writes one result as one line. The statements and speakers
// are encoded one by one, so that the result of a long document is never
// held whole in memory as JSON; the bytes are those of encoding the whole
// result at once (HTML characters escaped: output.Document's MarshalJSON
// escapes them whatever the Encoder is told).
func writeJSONL(w io.Writer, res output.Document) error {
	bw := bufPool.Get().(*bufio.Writer)
	defer bufPool.Put(bw)
	bw.Reset(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if res.Error != "" || len(res.Statements)+len(res.Speakers) == 0 {
		if err := enc.Encode(res); err != nil {
			return err
		}
		return bw.Flush()
	}
	// The document without its lists ends with the two empty lists: write
	// what comes before them, then the lists element by element.
	const tail = `"statements":[],"speakers":[]}`
	head := res
	head.Statements, head.Speakers = []output.Statement{}, []output.Speaker{}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	if !bytes.HasSuffix(b, []byte(tail)) {
		return fmt.Errorf("encoding %s: unexpected JSON layout %.40q", res.Doc, b[max(0, len(b)-40):])
	}
	bw.Write(b[:len(b)-len(tail)])
	bw.WriteString(`"statements":[`)
	for i, st := range res.Statements {
		if i > 0 {
			bw.WriteByte(',')
		}
		if err := writeCompact(bw, st); err != nil {
			return err
		}
	}
	bw.WriteString(`],"speakers":[`)
	for i, sp := range res.Speakers {
		if i > 0 {
			bw.WriteByte(',')
		}
		if err := writeCompact(bw, sp); err != nil {
			return err
		}
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// writeCompact writes the JSON of v as json.Marshal gives it (HTML
// characters escaped, as output.Document's MarshalJSON writes them).
func writeCompact(bw *bufio.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = bw.Write(b)
	return err
}

// bytesPerWorker bounds the text of the documents in flight: process
// keeps at most n times this many bytes of text read but not yet emitted,
// so that a few documents of several megabytes each are not all held at
// once. A document larger than the whole budget goes alone.
const bytesPerWorker = 8 << 20

// process reads the documents of args, runs work on each with n workers and
// calls emit with the results in input order. At most 4n documents, and at
// most n*bytesPerWorker bytes of their text, are in flight (read but not yet
// emitted), so memory stays bounded whatever the input size; a document
// larger than that budget waits until it can be the only one in flight. It
// returns the first error of emit or of ctx.
func process(ctx context.Context, r *input.Reader, args []string, n int,
	work func(context.Context, input.Doc) (output.Document, error),
	emit func(output.Document, error) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		seq  int
		doc  input.Doc
		size int // bytes held in the budget
	}
	type result struct {
		seq  int
		res  output.Document
		err  error
		size int
	}
	jobs := make(chan job, n)
	results := make(chan result, n)
	slots := make(chan struct{}, 4*n) // documents read but not yet emitted
	held := newBudget(n * bytesPerWorker)

	var readErr error
	go func() {
		defer close(jobs)
		seq := 0
		readErr = r.Each(ctx, args, func(d input.Doc) error {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			size := held.acquire(ctx, len(d.Text))
			if size < 0 {
				return ctx.Err()
			}
			select {
			case jobs <- job{seq, d, size}:
			case <-ctx.Done():
				return ctx.Err()
			}
			seq++
			return nil
		})
	}()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res, err := work(ctx, j.doc)
				results <- result{j.seq, res, err, j.size}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]result{}
	next := 0
	var emitErr error
	for res := range results {
		if emitErr != nil {
			continue // drain so the workers can finish
		}
		pending[res.seq] = res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			err := emit(r.res, r.err)
			held.release(r.size) // once emit is done with the result
			if err != nil {
				emitErr = err
				cancel()
				break
			}
		}
	}
	if emitErr != nil {
		return emitErr
	}
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return readErr
	}
	return ctx.Err()
}

// budget is a weighted semaphore over bytes, for one goroutine that
// acquires and any that release.
type budget struct {
	mu   sync.Mutex
	free int
	size int
	wake chan struct{} // a release happened since the acquirer last looked
}

func newBudget(size int) *budget {
	return &budget{free: size, size: size, wake: make(chan struct{}, 1)}
}

// acquire waits until n bytes are free and takes them. An n larger than
// the whole budget takes all of it, once everything else is released. It
// returns the amount taken, to be released later, or -1 when ctx is done
// first.
func (b *budget) acquire(ctx context.Context, n int) int {
	n = max(0, min(n, b.size))
	for {
		b.mu.Lock()
		if b.free >= n {
			b.free -= n
			b.mu.Unlock()
			return n
		}
		b.mu.Unlock()
		select {
		case <-b.wake:
		case <-ctx.Done():
			return -1
		}
	}
}

// release gives back n bytes taken by acquire.
func (b *budget) release(n int) {
	b.mu.Lock()
	b.free += n
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default:
	}
}
