package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/queue"
)

var cmdEnqueue = &Command{
	Name:  "enqueue",
	Usage: "enqueue -nats url [-queue name] [-inline-max bytes] [-spool dir] [-q] [file|dir|-]...",
	Short: "publish articles to a NATS JetStream work queue for workers",
	Long: `Enqueue reads articles (as extract does: .txt files, directories, JSONL
files, - for standard input) and publishes each as one message to the work
queue of the NATS server -nats (JetStream enabled), for 'whosaid worker' to
extract and store. It creates the queue's streams and the workers'
consumer when missing (for the queue "whosaid": streams whosaid-docs,
subject whosaid.docs, and whosaid-dead, subject whosaid.dead; consumer
whosaid-workers).

A text travels inline when its message is at most -inline-max bytes (by
default, and at most, the server's max_payload less 4 KiB: 1 MiB - 4 KiB
for a server with the default 1 MiB). A larger text read from a file of
its own travels as a reference: the file's absolute path, its size and
SHA-256. The workers must see the file at that path (a shared file
system), and must not see it changed. A larger text from a JSONL line or
standard input is written to the -spool directory (which the workers must
see too) under its SHA-256 and travels as a reference to that copy;
without -spool it is refused, counted as failed.

Each message is acknowledged by the server before enqueue counts it;
the server keeps one of two identical messages published within two
minutes. A document that cannot be read (as extract: missing, not UTF-8,
a broken JSON line, over -max-bytes) is not published and is reported;
the exit code is then 1. An unreachable server exits 2 before anything is
read.`,
	Run: runEnqueue,
}

func runEnqueue(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	natsURL := fs.String("nats", "", "NATS server `url` (nats://host:4222; several separated by commas)")
	name := fs.String("queue", queue.DefaultName, "queue `name`: its streams are name-docs and name-dead")
	inlineMax := fs.Int("inline-max", 0, "largest message carrying its text inline, in `bytes` (0: the server's max_payload less 4 KiB)")
	spool := fs.String("spool", "", "`dir` on a shared file system for texts too large to travel inline that are not files of their own")
	quiet := fs.Bool("q", false, "no progress output, only errors and the summary")
	maxBytes := fs.Int("max-bytes", whosaid.DefaultMaxBytes, "largest document accepted, in bytes")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *natsURL == "" {
		fmt.Fprintln(stdio.Err, "whosaid enqueue: -nats is required (for example -nats nats://127.0.0.1:4222)")
		return 2
	}
	if *spool != "" {
		if fi, err := os.Stat(*spool); err != nil || !fi.IsDir() {
			fmt.Fprintf(stdio.Err, "whosaid enqueue: -spool %s is not a directory\n", *spool)
			return 2
		}
	}
	q, err := queue.Connect(ctx, *natsURL, *name, queue.Options{Name: "whosaid enqueue", Events: func(s string) {
		fmt.Fprintf(stdio.Err, "whosaid enqueue: %s\n", s)
	}})
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid enqueue: %v\n", err)
		return 2
	}
	defer q.Close()
	if err := q.EnsureStreams(ctx); err != nil {
		fmt.Fprintf(stdio.Err, "whosaid enqueue: %v\n", err)
		return 2
	}
	if err := q.CreateConsumerIfMissing(ctx); err != nil {
		fmt.Fprintf(stdio.Err, "whosaid enqueue: %v\n", err)
		return 2
	}

	st := newStatus(stdio.Err, *quiet)
	var mu sync.Mutex
	var published, refs, dups, failed int
	line := func() string {
		return fmt.Sprintf("enqueue: %d published (%d as references, %d duplicates), %d failed", published, refs, dups, failed)
	}
	pub := q.NewPublisher(*inlineMax, *spool, func(p queue.Published) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case p.Err != nil:
			failed++
			st.clear()
			fmt.Fprintf(stdio.Err, "whosaid enqueue: %v\n", p.Err)
		default:
			published++
			if p.Ref != "" {
				refs++
			}
			if p.Duplicate {
				dups++
			}
		}
		st.show(published+failed, line)
	})
	r := &input.Reader{MaxBytes: *maxBytes, Stdin: stdio.In}
	err = r.Each(ctx, fs.Args(), func(d input.Doc) error {
		if d.Err == nil && d.Result != nil && d.Text == "" {
			d.Err = fmt.Errorf("%s: a whosaid result without its text; enqueue needs the article", d.Where)
		}
		if d.Err != nil {
			mu.Lock()
			failed++
			st.clear()
			fmt.Fprintf(stdio.Err, "whosaid enqueue: %v\n", d.Err)
			mu.Unlock()
			return nil
		}
		return pub.Publish(ctx, queue.Doc{ID: d.ID, Text: d.Text, Meta: d.Meta, File: wholeFile(d)})
	})
	pub.Close()
	mu.Lock()
	defer mu.Unlock()
	st.done(line)
	return endStatus(stdio.Err, "enqueue", "interrupted; what is counted as published is on the queue", err, failed)
}

// wholeFile returns the file d was read from when d is its whole content
// (a text file, not a JSONL line nor standard input), else "".
func wholeFile(d input.Doc) string {
	if d.Where == "stdin" && d.ID == "-" {
		return ""
	}
	switch strings.ToLower(filepath.Ext(d.Where)) {
	case ".jsonl", ".ndjson", ".json":
		return ""
	}
	fi, err := os.Stat(d.Where)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(d.Text)) {
		return ""
	}
	return d.Where
}

// status shows a command's advance on standard error: a line redrawn
// every tenth of a second on a terminal, a plain line every ten seconds
// otherwise, and a summary at the end.
type status struct {
	*progress
}

func newStatus(w io.Writer, quiet bool) *status {
	return &status{newProgress(w, quiet)}
}

// show prints line() when it is time; n is the documents done, for the
// rate.
func (s *status) show(n int, line func() string) {
	if s.quiet {
		return
	}
	now := time.Now()
	every := 10 * time.Second
	if s.tty {
		every = 100 * time.Millisecond
	}
	if now.Sub(s.last) < every {
		return
	}
	s.last = now
	text := fmt.Sprintf("%s, %.0f docs/s", line(), float64(n)/max(now.Sub(s.start).Seconds(), 1e-3))
	if s.tty {
		fmt.Fprintf(s.w, "\r\033[K%s", text)
		return
	}
	fmt.Fprintln(s.w, text)
}

// done prints the summary: line() and the time taken.
func (s *status) done(line func() string) {
	s.clear()
	fmt.Fprintf(s.w, "%s in %s\n", line(), time.Since(s.start).Round(time.Millisecond))
}
