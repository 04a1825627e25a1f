package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/queue"
	"github.com/whosaid/whosaid/store"
)

var cmdWorker = &Command{
	Name:  "worker",
	Usage: "worker -nats url -db dsn [-queue name] [-j n] [-batch n] [-drain] [-max-deliver n] [-ack-wait d] [-q]",
	Short: "extract documents from a NATS JetStream work queue into a store",
	Long: `Worker pulls documents that 'whosaid enqueue' published to the work queue of
the NATS server -nats, extracts their statements with -j documents at once
and writes the results to the store -db (a file path for SQLite; with the
PostgreSQL store, a postgres:// DSN). Any number of workers, on any number
of machines, may work on one queue and one store.

A document is acknowledged only after the transaction holding its result
is committed; results are committed in batches of at most -batch
documents (or what is there after a second). A worker killed at
any moment loses nothing: the server delivers what it held again after
the ack wait (-ack-wait, 30s; a long extraction is kept alive meanwhile),
and the store's idempotent writes make a second delivery harmless.

A document that cannot succeed (not valid UTF-8, over -max-bytes, a
reference that cannot be read or changed since it was enqueued, a message
that is not a document, a result the store refuses) goes at once to the
dead letters (stream <queue>-dead) with its error. One that fails otherwise
(a panic in a stage, a read error) is delivered again later, and its
-max-deliver-th failure sends it to the dead letters with that error. A
store that fails is not the documents' fault: they are given back with a
delay and the worker pulls nothing until the store answers again.
'whosaid stats' shows the queue and its last dead letters.

With -drain the worker exits once the queue is empty and no document is
in flight anywhere; otherwise it waits for more. SIGTERM or an interrupt
stops it: documents being extracted are given back, those extracted are
committed and acknowledged, then it exits 0. Exit codes: 0 stopped or
drained, 1 stopped on an error, 2 usage error or a server or store that
cannot be reached at start (named, without its password; nothing is
written then).`,
	Run: runWorker,
}

func runWorker(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	natsURL := fs.String("nats", "", "NATS server `url` (nats://host:4222; several separated by commas)")
	dsn := fs.String("db", "", "store: a SQLite file `path` or a postgres:// DSN")
	name := fs.String("queue", queue.DefaultName, "queue `name`: its streams are name-docs and name-dead")
	jobs := fs.Int("j", runtime.NumCPU(), "documents extracted in parallel")
	batch := fs.Int("batch", 64, "documents per committed transaction, at most")
	drain := fs.Bool("drain", false, "exit once the queue is empty and nothing is in flight")
	maxDeliver := fs.Int("max-deliver", 5, "deliveries of a failing document before it goes to the dead letters")
	ackWait := fs.Duration("ack-wait", queue.DefaultAckWait, "time a delivered document may go without a sign of life before it is delivered again (set on the queue's consumer)")
	rulesOnly := fs.Bool("rules", false, "extract with the rules alone (see extract -rules)")
	maxBytes := fs.Int("max-bytes", whosaid.DefaultMaxBytes, "largest document accepted, in bytes")
	quiet := fs.Bool("q", false, "no progress output, only errors and the summary")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *natsURL == "" || *dsn == "":
		fmt.Fprintln(stdio.Err, "whosaid worker: -nats and -db are required")
		return 2
	case *jobs < 1 || *batch < 1 || *maxDeliver < 1:
		fmt.Fprintln(stdio.Err, "whosaid worker: -j, -batch and -max-deliver must be at least 1")
		return 2
	case *ackWait < time.Second:
		fmt.Fprintln(stdio.Err, "whosaid worker: -ack-wait must be at least 1s")
		return 2
	case len(fs.Args()) > 0:
		fmt.Fprintf(stdio.Err, "whosaid worker: unexpected arguments %q (documents come from the queue; see whosaid enqueue)\n", fs.Args())
		return 2
	}
	var logMu sync.Mutex
	st := newStatus(stdio.Err, *quiet)
	logf := func(s string) {
		logMu.Lock()
		defer logMu.Unlock()
		st.clear()
		fmt.Fprintf(stdio.Err, "whosaid worker: %s\n", s)
	}
	// The servers are checked before anything is written.
	q, err := queue.Connect(ctx, *natsURL, *name, queue.Options{Name: "whosaid worker", Events: logf})
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid worker: %v\n", err)
		return 2
	}
	defer q.Close()
	s, err := openStore(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid worker: %v\n", err)
		return 2
	}
	defer s.Close()
	if err := q.EnsureStreams(ctx); err != nil {
		fmt.Fprintf(stdio.Err, "whosaid worker: %v\n", err)
		return 2
	}
	p, err := whosaid.New(whosaid.Options{MaxBytes: *maxBytes, KeepText: true, RulesOnly: *rulesOnly})
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid worker: %v\n", err)
		return 1
	}
	host, _ := os.Hostname()
	var last queue.Counts
	line := func() string {
		return fmt.Sprintf("worker: %d stored (%d new, %d replaced, %d unchanged), %d dead-lettered, %d retried, %d given back; %d statements",
			last.Stored, last.Added, last.Replaced, last.Unchanged, last.Dead, last.Retried, last.Abandoned+last.StoreDown, last.Statements)
	}
	w := &queue.Worker{
		Queue: q,
		Store: s,
		Extract: func(ctx context.Context, m queue.Message) (output.Document, error) {
			res, err := p.Extract(ctx, whosaid.Doc{ID: m.ID, Text: m.Text, Meta: m.Meta})
			if errors.Is(err, whosaid.ErrTooLarge) || errors.Is(err, whosaid.ErrInvalidUTF8) {
				err = queue.Permanent(err)
			}
			return res, err
		},
		Jobs:       *jobs,
		Batch:      *batch,
		MaxDeliver: *maxDeliver,
		AckWait:    *ackWait,
		MaxBytes:   *maxBytes,
		Drain:      *drain,
		Name:       fmt.Sprintf("%s:%d", host, os.Getpid()),
		Log:        logf,
		Progress: func(c queue.Counts) {
			logMu.Lock()
			defer logMu.Unlock()
			last = c
			st.show(c.Stored+c.Dead, line)
		},
	}
	err = w.Run(ctx)
	logMu.Lock()
	last = w.Counts()
	st.done(line)
	logMu.Unlock()
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid worker: %v\n", err)
		return 1
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stdio.Err, "whosaid worker: stopped; what was extracted is committed and acknowledged, the rest is back on the queue")
	}
	return 0
}

// openStore opens the store dsn for writing. Its error names the store
// with any password hidden.
func openStore(ctx context.Context, dsn string) (*store.Store, error) {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, storeError(dsn, err)
	}
	return s, nil
}

// storeError says that the store dsn failed with err, without its
// password, even should err quote it.
func storeError(dsn string, err error) error {
	msg := queue.Scrub(err.Error(), dsn)
	shown := queue.Redact(dsn)
	if strings.Contains(msg, shown) || strings.Contains(msg, store.Describe(dsn)) {
		return errors.New(msg) // the store's own error names it already
	}
	return fmt.Errorf("store %s: %s", shown, msg)
}
