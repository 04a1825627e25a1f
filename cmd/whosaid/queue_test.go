package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/queue"
)

// The commands over the queue are run against real servers by the
// integration tests of package queue; these check what needs none.

func TestQueueCommandUsage(t *testing.T) {
	tests := []struct {
		c     *Command
		args  []string
		inErr string
	}{
		{cmdEnqueue, []string{"x.txt"}, "-nats is required"},
		{cmdEnqueue, []string{"-nats", "nats://127.0.0.1:9", "-spool", "/nonexistent/dir"}, "is not a directory"},
		{cmdWorker, []string{"-nats", "nats://127.0.0.1:9"}, "-nats and -db are required"},
		{cmdWorker, []string{"-db", "w.db"}, "-nats and -db are required"},
		{cmdWorker, []string{"-nats", "nats://127.0.0.1:9", "-db", "w.db", "-j", "0"}, "at least 1"},
		{cmdWorker, []string{"-nats", "nats://127.0.0.1:9", "-db", "w.db", "-ack-wait", "10ms"}, "-ack-wait"},
		{cmdWorker, []string{"-nats", "nats://127.0.0.1:9", "-db", "w.db", "docs/"}, "documents come from the queue"},
		{cmdWorker, []string{"-nats", "nats://127.0.0.1:9", "-db", "w.db", "-queue", "a.b"}, "queue name"},
		{cmdStats, []string{"-format", "xml"}, "want text or json"},
		{cmdStats, []string{"extra"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		code, _, errs := runC(t, tt.c, "", tt.args...)
		if code != 2 || !strings.Contains(errs, tt.inErr) {
			t.Errorf("%s %q: exit %d, stderr %q; want 2 saying %q", tt.c.Name, tt.args, code, errs, tt.inErr)
		}
	}
}

func TestWholeFile(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "a.txt")
	os.WriteFile(txt, []byte("Hello."), 0o644)
	jsonl := filepath.Join(dir, "a.jsonl")
	os.WriteFile(jsonl, []byte(`{"id":"x","text":"Hello."}`+"\n"), 0o644)
	tests := []struct {
		d    input.Doc
		want string
	}{
		{input.Doc{ID: "a", Where: txt, Text: "Hello."}, txt},
		{input.Doc{ID: "a", Where: txt, Text: "Hello. Changed"}, ""},
		{input.Doc{ID: "x", Where: jsonl + ":1", Text: "Hello."}, ""},
		{input.Doc{ID: "x", Where: jsonl, Text: `{"id":"x","text":"Hello."}` + "\n"}, ""},
		{input.Doc{ID: "-", Where: "stdin", Text: "Hello."}, ""},
	}
	for _, tt := range tests {
		if got := wholeFile(tt.d); got != tt.want {
			t.Errorf("wholeFile(%+v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestStoreErrorHidesPassword(t *testing.T) {
	dsn := "postgres://whosaid:hunter2@db.example:5432/whosaid"
	err := storeError(dsn, errors.New("connect to whosaid:hunter2@db.example: refused"))
	if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "db.example:5432") {
		t.Errorf("storeError = %q; want the store named without its password", err)
	}
}

func TestStatsText(t *testing.T) {
	var b bytes.Buffer
	rep := statsReport{Store: storeCounts{DB: "w.db", Documents: 3, Statements: 24, Speakers: 15}}
	rep.Queue = &queueCounts{URL: "nats://127.0.0.1:4222", Stats: queue.Stats{Stream: "whosaid-docs", Pending: 7, InFlight: 2, DeadLettered: 1,
		LastDead: []queue.DeadLetter{{Doc: "bad", Error: "text is not valid UTF-8", Deliveries: 1, Time: time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)}}}}
	writeStatsText(&b, rep)
	for _, want := range []string{"documents", "24", "pending        7", "in flight      2", "dead-lettered  1", "bad", "not valid UTF-8"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("stats text lacks %q:\n%s", want, b.String())
		}
	}
}
