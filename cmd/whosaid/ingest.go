package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/people"
	"github.com/whosaid/whosaid/store"
)

var cmdIngest = &Command{
	Name:  "ingest",
	Usage: "ingest [-db file] [-j n] [-batch n] [-q] [-people list] [file|dir|-]...",
	Short: "extract articles and keep their statements in a searchable store",
	Long: `Ingest reads articles (as extract does: .txt files, directories, JSONL
files, - for standard input) or extract's own JSONL output (lines with a
"statements" field, best written with extract -text so the article can be
shown), extracts their statements and keeps them in the store file -db,
or in a PostgreSQL database when -db is a URL
(postgres://user:password@host:5432/database; see the README).

A document is keyed by its id. Ingesting the same documents again changes
nothing; a document whose text changed replaces its old statements. Work is
committed in batches: a killed ingest keeps every batch it committed, shows
nothing half-written, and a rerun skips what is stored and does the rest.
Each batch groups the speakers of its articles with those of the store into
the speakers of the collection: a surname alone joins the one person (or
the dominant one) of that surname, a description ("the company") stays a
speaker of its own article, names and types are the most frequent.

-people loads a people list (CSV with a header line, or JSONL; see the
README): each person's id (a Wikidata QID such as Q76, or any stable id),
name, other names (variants), and optionally gender, party and role. The
list replaces the one the store held, and the speakers of the collection
are linked to it: a speaker links to a person when one of its names is a
name of that person and of no other on the list (honorifics, case and a
middle initial not counting); the speakers of one person become one
speaker under the list's name. Later ingests link their new speakers to
the list kept. With -people and no files, only the list is loaded.

On a terminal a progress line shows documents/s, statements and the time
left; otherwise a summary line is written every ten seconds.`,
	Run: runIngest,
}

// errStored marks a document skipped because the store holds its text.
var errStored = errors.New("already stored")

func runIngest(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	dbPath := fs.String("db", "whosaid.db", "store `file` (created if missing) or postgres:// URL")
	jobs := fs.Int("j", runtime.NumCPU(), "number of documents extracted in parallel")
	batch := fs.Int("batch", 200, "documents per committed transaction")
	quiet := fs.Bool("q", false, "no progress output, only errors and the summary")
	maxBytes := fs.Int("max-bytes", whosaid.DefaultMaxBytes, "largest document accepted, in bytes")
	peopleFile := fs.String("people", "", "people list `file` (CSV or JSONL) to link speakers to; replaces the store's list")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var list []people.Person
	if *peopleFile != "" {
		var err error
		if list, err = people.ReadFile(*peopleFile); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid ingest: -people: %v\n", err)
			return 2
		}
	}
	if *jobs < 1 || *batch < 1 {
		fmt.Fprintln(stdio.Err, "whosaid ingest: -j and -batch must be at least 1")
		return 2
	}
	s, err := store.Open(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid ingest: %v\n", err)
		return openExit(err)
	}
	defer s.Close()
	if list != nil {
		// First, so that every Put links the speakers it stores.
		err := loadPeople(ctx, s, *peopleFile, list, stdio.Err)
		if err != nil || len(fs.Args()) == 0 {
			return endStatus(stdio.Err, "ingest", "interrupted; the list was not loaded", err, 0)
		}
	}
	p, err := whosaid.New(whosaid.Options{MaxBytes: *maxBytes, KeepText: true})
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid ingest: %v\n", err)
		return 1
	}

	prog := newProgress(stdio.Err, *quiet)
	if prog.tty {
		prog.total = countDocs(fs.Args())
	}
	r := &input.Reader{MaxBytes: *maxBytes, Stdin: stdio.In}
	var pending []output.Document
	var total store.PutStats
	failed := 0
	flush := func(ctx context.Context) error {
		if len(pending) == 0 {
			return nil
		}
		st, err := s.Put(ctx, pending)
		if err != nil {
			return err
		}
		// A refused document failed; a value left out is a warning.
		for _, pr := range st.Problems {
			if pr.Refused {
				failed++
			}
			prog.clear()
			fmt.Fprintf(stdio.Err, "whosaid ingest: %v\n", pr)
		}
		st.Problems = nil
		total.Add(st)
		pending = pending[:0]
		return nil
	}
	err = process(ctx, r, fs.Args(), *jobs, func(ctx context.Context, d input.Doc) (output.Document, error) {
		if d.Err != nil {
			return output.Document{Doc: d.ID, Error: d.Err.Error()}, d.Err
		}
		if d.Result != nil {
			return *d.Result, nil
		}
		// Resuming: what is stored with this very text is not extracted again.
		if ok, err := s.Has(ctx, d.ID, store.TextHash(d.Text)); err != nil {
			return output.Document{Doc: d.ID, Error: err.Error()}, err
		} else if ok {
			return output.Document{Doc: d.ID}, errStored
		}
		return p.Extract(ctx, whosaid.Doc{ID: d.ID, Text: d.Text, Meta: d.Meta})
	}, func(res output.Document, derr error) error {
		switch {
		case errors.Is(derr, errStored):
			total.Unchanged++
		case derr != nil && ctx.Err() != nil:
			// Stopped by the interruption, not failed: a rerun does it.
		case derr != nil:
			failed++
			prog.clear()
			fmt.Fprintf(stdio.Err, "whosaid ingest: %v\n", derr)
		default:
			pending = append(pending, res)
			if len(pending) >= *batch {
				if err := flush(ctx); err != nil {
					return err
				}
			}
		}
		prog.update(total, len(pending), failed)
		return nil
	})
	// Whatever stopped the run (end of input, an interrupt), commit what
	// was extracted: an interrupted ingest keeps its work.
	if ferr := flush(context.WithoutCancel(ctx)); ferr != nil && err == nil {
		err = ferr
	}
	// Each Put left one speaker per person across the collection,
	// whatever the order the articles came in (store.Identify).
	prog.done(total, failed)
	if list != nil && err == nil {
		if n, m, lerr := s.Linked(ctx); lerr == nil {
			fmt.Fprintf(stdio.Err, "ingest: %d speakers linked to the people list, with %d statements\n", n, m)
		}
	}
	return endStatus(stdio.Err, "ingest", "interrupted; what was committed stays, run the same command again to go on", err, failed)
}

// loadPeople makes list, read from file, the store's people list and says
// what changed.
func loadPeople(ctx context.Context, s *store.Store, file string, list []people.Person, w io.Writer) error {
	st, err := s.SetPeople(ctx, list)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ingest: people list %s: %d people (%d new, %d changed, %d removed); %d speakers linked, with %d statements\n",
		file, st.People, st.Added, st.Updated, st.Removed, st.LinkedSpeakers, st.LinkedStatements)
	return nil
}

// progress reports an ingest's advance: a redrawn line on a terminal, a
// plain line every ten seconds otherwise.
type progress struct {
	w          io.Writer
	tty, quiet bool
	total      int // documents expected, 0 if unknown
	start      time.Time
	last       time.Time
}

func newProgress(w io.Writer, quiet bool) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	now := time.Now()
	return &progress{w: w, tty: tty && !quiet, quiet: quiet, start: now, last: now}
}

func (p *progress) update(st store.PutStats, pending, failed int) {
	if p.quiet {
		return
	}
	now := time.Now()
	every := 10 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if now.Sub(p.last) < every {
		return
	}
	p.last = now
	done := st.Added + st.Replaced + st.Unchanged + st.Skipped + pending + failed
	el := now.Sub(p.start).Seconds()
	rate := float64(done) / max(el, 1e-3)
	if !p.tty {
		fmt.Fprintf(p.w, "ingest: %d documents (%d new, %d replaced, %d unchanged, %d failed), %d statements, %.0f docs/s\n",
			done, st.Added, st.Replaced, st.Unchanged, failed, st.Statements, rate)
		return
	}
	line := fmt.Sprintf("%d docs  %d statements  %.0f docs/s", done, st.Statements, rate)
	if p.total > 0 {
		frac := min(float64(done)/float64(p.total), 1)
		const width = 30
		n := int(frac * width)
		eta := "?"
		if rate > 0 {
			eta = (time.Duration(float64(p.total-done)/rate) * time.Second).Round(time.Second).String()
		}
		line = fmt.Sprintf("[%s%s] %3.0f%%  %d/%d docs  %d statements  %.0f docs/s  ETA %s",
			strings.Repeat("█", n), strings.Repeat("░", width-n), 100*frac, done, p.total, st.Statements, rate, eta)
	}
	fmt.Fprintf(p.w, "\r\033[K%s", line)
}

func (p *progress) clear() {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progress) done(st store.PutStats, failed int) {
	p.clear()
	if p.quiet && failed == 0 {
		return
	}
	el := time.Since(p.start)
	fmt.Fprintf(p.w, "ingest: %d new, %d replaced, %d unchanged, %d failed documents; %d statements written in %s (%.0f statements/s)\n",
		st.Added, st.Replaced, st.Unchanged, failed, st.Statements, el.Round(time.Millisecond), float64(st.Statements)/max(el.Seconds(), 1e-3))
}

// countDocs estimates how many documents args hold, for the progress bar:
// .txt files under directories, lines of JSONL files, 1 per other file. It
// returns 0 (unknown) when standard input or another stream (a named pipe,
// a device) is read: counting would block on it and take its data.
func countDocs(args []string) int {
	n := 0
	if len(args) == 0 {
		return 0
	}
	for _, a := range args {
		if a == "-" {
			return 0
		}
		fi, err := os.Stat(a)
		if err != nil {
			n++
			continue
		}
		if fi.IsDir() {
			filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".txt") {
					n++
				}
				return nil
			})
			continue
		}
		if !fi.Mode().IsRegular() {
			return 0
		}
		switch strings.ToLower(filepath.Ext(a)) {
		case ".jsonl", ".ndjson", ".json":
			n += countLines(a)
		default:
			n++
		}
	}
	return n
}

func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 1
	}
	defer f.Close()
	n := 0
	br := bufio.NewReaderSize(f, 1<<20)
	buf := make([]byte, 1<<20)
	for {
		k, err := br.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err != nil {
			return n
		}
	}
}

// endStatus reports how a command over many documents ended and returns
// its exit code: 1 with a message when it was interrupted (interrupted
// says what stays done), stopped on err, or failed documents; else 0.
func endStatus(w io.Writer, name, interrupted string, err error, failed int) int {
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(w, "whosaid %s: %s\n", name, interrupted)
	case err != nil:
		fmt.Fprintf(w, "whosaid %s: %v\n", name, err)
	case failed > 0:
		fmt.Fprintf(w, "whosaid %s: %d document(s) failed\n", name, failed)
	default:
		return 0
	}
	return 1
}
