package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/whosaid/whosaid/queue"
	"github.com/whosaid/whosaid/store"
)

var cmdStats = &Command{
	Name:  "stats",
	Usage: "stats -db dsn [-nats url] [-queue name] [-dead n] [-format text|json]",
	Short: "count the store's documents, statements and speakers, and the queue's work",
	Long: `Stats prints the counts of the store -db (documents, statements, speakers)
and, with -nats, of the work queue: documents pending (not yet delivered),
in flight (delivered, not yet acknowledged: being extracted, waiting for a
commit, or held by a worker that died until their ack wait expires),
redelivered (in flight and delivered more than once), dead-lettered, and
the last -dead dead letters with their document and error.

The output is one JSON object, or a readable table when standard output
is a terminal (-format chooses):

  {"store": {"db": ..., "documents": n, "statements": n, "speakers": n},
   "queue": {"url": ..., "stream": ..., "pending": n, "in_flight": n,
             "redelivered": n, "queued": n, "waiting_pulls": n,
             "dead_lettered": n, "last_dead": [{"seq", "doc", "error",
             "deliveries", "time", "worker"}, ...]}}

A store or server that cannot be reached exits 2, naming it without its
password.`,
	Run: runStats,
}

// statsReport is the JSON printed by stats.
type statsReport struct {
	Store storeCounts  `json:"store"`
	Queue *queueCounts `json:"queue,omitempty"`
}

type storeCounts struct {
	DB         string `json:"db"`
	Documents  int    `json:"documents"`
	Statements int    `json:"statements"`
	Speakers   int    `json:"speakers"`
}

type queueCounts struct {
	URL string `json:"url"`
	queue.Stats
}

func runStats(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	dsn := fs.String("db", "whosaid.db", "store: a SQLite file `path` or a postgres:// DSN")
	natsURL := fs.String("nats", "", "NATS server `url`; without it, the store's counts only")
	name := fs.String("queue", queue.DefaultName, "queue `name`")
	dead := fs.Int("dead", 5, "how many of the last dead letters to show")
	format := fs.String("format", "", "text or json (default: text on a terminal, json otherwise)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *format == "" {
		*format = "json"
		if isTerminal(stdio.Out) {
			*format = "text"
		}
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stdio.Err, "whosaid stats: -format %q: want text or json\n", *format)
		return 2
	}
	if len(fs.Args()) > 0 {
		fmt.Fprintf(stdio.Err, "whosaid stats: unexpected arguments %q\n", fs.Args())
		return 2
	}
	// Both servers are reached before anything is printed.
	var rep statsReport
	var q *queue.Queue
	if *natsURL != "" {
		var err error
		q, err = queue.Connect(ctx, *natsURL, *name, queue.Options{Name: "whosaid stats"})
		if err != nil {
			fmt.Fprintf(stdio.Err, "whosaid stats: %v\n", err)
			return 2
		}
		defer q.Close()
	}
	s, err := store.OpenReadOnly(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid stats: %v\n", storeError(*dsn, err))
		return 2
	}
	st, err := s.Stats(ctx)
	s.Close()
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid stats: %v\n", storeError(*dsn, err))
		return 2
	}
	rep.Store = storeCounts{DB: queue.Redact(*dsn), Documents: st.Documents, Statements: st.Statements, Speakers: st.Speakers}
	if q != nil {
		qs, err := q.Stats(ctx, max(*dead, 0))
		if err != nil {
			fmt.Fprintf(stdio.Err, "whosaid stats: %v\n", err)
			return 1
		}
		rep.Queue = &queueCounts{URL: q.URL, Stats: qs}
	}
	if *format == "json" {
		b, _ := json.Marshal(rep)
		fmt.Fprintf(stdio.Out, "%s\n", b)
		return 0
	}
	writeStatsText(stdio.Out, rep)
	return 0
}

func writeStatsText(w io.Writer, rep statsReport) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "store\t%s\n", rep.Store.DB)
	fmt.Fprintf(tw, "  documents\t%d\n  statements\t%d\n  speakers\t%d\n", rep.Store.Documents, rep.Store.Statements, rep.Store.Speakers)
	if q := rep.Queue; q != nil {
		fmt.Fprintf(tw, "queue\t%s on %s\n", q.Stream, q.URL)
		fmt.Fprintf(tw, "  pending\t%d\n  in flight\t%d\n  redelivered\t%d\n  dead-lettered\t%d\n", q.Pending, q.InFlight, q.Redelivered, q.DeadLettered)
	}
	tw.Flush()
	if rep.Queue == nil || len(rep.Queue.LastDead) == 0 {
		return
	}
	fmt.Fprintln(w, "last dead letters:")
	tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, d := range rep.Queue.LastDead {
		doc := d.Doc
		if doc == "" {
			doc = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d deliveries\t%s\n", d.Time.Local().Format(time.DateTime), doc, d.Deliveries, d.Error)
	}
	tw.Flush()
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
