//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/whosaid/whosaid/store"
)

// TestMainHelper is the child process of the tests that signal whosaid:
// it runs whosaid as main does, with the arguments in WHOSAID_ARGS
// (separated by newlines).
func TestMainHelper(t *testing.T) {
	args := os.Getenv("WHOSAID_ARGS")
	if args == "" {
		t.Skip("helper process for the signal tests")
	}
	os.Exit(runMain(strings.Split(args, "\n"), Stdio{os.Stdin, os.Stdout, os.Stderr}))
}

// child is a whosaid process started by startChild.
type child struct {
	cmd    *exec.Cmd
	stdout syncBuffer
	stderr syncBuffer
	exited chan error
}

// syncBuffer is a bytes.Buffer that a child's output is copied into while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor polls ready until it holds, failing the test after d.
func waitFor(t *testing.T, d time.Duration, what string, ready func() bool) {
	t.Helper()
	for end := time.Now().Add(d); !ready(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("%s: not within %s", what, d)
		}
	}
}

// startChild runs whosaid with args in a child process.
func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	c := &child{exited: make(chan error, 1)}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestMainHelper$")
	c.cmd.Env = append(os.Environ(), "WHOSAID_ARGS="+strings.Join(args, "\n"))
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.exited <- c.cmd.Wait() }()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.exited
	})
	return c
}

// terminate sends SIGTERM to the child and returns its exit code, failing
// the test when it has not exited within d.
func (c *child) terminate(t *testing.T, d time.Duration) int {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-c.exited:
		c.exited <- nil // for the clean-up
		return c.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		t.Fatalf("still running %s after SIGTERM; stderr: %s", d, c.stderr.String())
		return -1
	}
}

// runWithin runs whosaid with args in this process and fails the test when
// it has not returned within d; unblock is then called so that it does.
func runWithin(t *testing.T, d time.Duration, unblock func(), args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, Stdio{In: strings.NewReader(""), Out: &out, Err: &errb})
		done <- result{code, out.String(), errb.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(d):
		t.Errorf("whosaid %q still running after %s", args, d)
		for {
			unblock()
			select {
			case r := <-done:
				return r.code, r.out, r.err
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// mkfifo makes a named pipe at path and returns a function that lets a
// reader blocked opening it go on (to end a test that failed).
func mkfifo(t *testing.T, path string) (unblock func()) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return func() {
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	}
}

// TestFIFOInDirectory checks that extract and ingest skip a named pipe
// found in a directory, with an error for it, instead of blocking on it.
func TestFIFOInDirectory(t *testing.T) {
	dir := t.TempDir()
	unblock := mkfifo(t, filepath.Join(dir, "a.txt"))
	one, err := os.ReadFile("testdata/one.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), one, 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errs := runWithin(t, 20*time.Second, unblock, "extract", "-j", "1", dir)
	docs := decodeLines(t, out)
	if code != 1 || len(docs) != 2 {
		t.Fatalf("extract: exit %d, %d lines; want 1 and 2 lines\nstdout: %s\nstderr: %s", code, len(docs), out, errs)
	}
	if docs[0].Doc != "a" || !strings.Contains(docs[0].Error, "not a regular file") {
		t.Errorf("extract: first line %+v, want a 'not a regular file' error for a", docs[0])
	}
	if docs[1].Doc != "b" || docs[1].Error != "" || len(docs[1].Statements) == 0 {
		t.Errorf("extract: second line %+v, want the statements of b", docs[1])
	}

	db := filepath.Join(t.TempDir(), "w.db")
	code, _, errs = runWithin(t, 20*time.Second, unblock, "ingest", "-db", db, "-q", "-j", "1", dir)
	if code != 1 || !strings.Contains(errs, "not a regular file") || !strings.Contains(errs, "1 new") {
		t.Errorf("ingest: exit %d, stderr %q; want 1, an error for a and b stored", code, errs)
	}
}

// failedCount finds a report of failed documents: "2 failed", "1 document(s) failed".
var failedCount = regexp.MustCompile(`\b[1-9][0-9]* (document\(s\) )?failed`)

// TestFIFOArgumentSIGTERM checks that whosaid reading a named pipe named as
// an argument, which no one writes, ends promptly on SIGTERM with a
// non-zero exit code, having written (or stored) the documents before it.
func TestFIFOArgumentSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	fifo := filepath.Join(t.TempDir(), "in.txt")
	mkfifo(t, fifo)
	db := filepath.Join(t.TempDir(), "w.db")
	tests := []struct {
		args   []string
		stdout string // in the output, from the document before the pipe
	}{
		{[]string{"extract", "-j", "1", "testdata/one.txt"}, `"doc":"one"`},
		{[]string{"ingest", "-db", db, "-j", "1", "-batch", "1", "testdata/one.txt"}, ""},
		{[]string{"parse", "testdata/one.txt"}, "Varga"},
		{[]string{"parse", "-tokenized"}, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			c := startChild(t, append(tt.args, fifo)...)
			// The document before the pipe is done, then the pipe is
			// waited on. On a loaded machine that may take a while.
			switch {
			case tt.stdout != "":
				waitFor(t, time.Minute, "the document before the pipe", func() bool {
					return strings.Contains(c.stdout.String(), tt.stdout)
				})
			case tt.args[0] == "ingest":
				waitFor(t, time.Minute, "the document before the pipe stored", func() bool {
					return storedDocs(context.Background(), db) == 1
				})
			}
			time.Sleep(500 * time.Millisecond) // the pipe opened
			code := c.terminate(t, 10*time.Second)
			errs := c.stderr.String()
			if code == 0 || !strings.Contains(errs, "interrupted") || failedCount.MatchString(errs) {
				t.Errorf("exit code %d after SIGTERM, stderr %q; want non-zero, interrupted, and no document failed for it", code, errs)
			}
			if strings.Contains(c.stdout.String(), `"error"`) {
				t.Errorf("stdout %q holds an error line for the interrupted document", c.stdout.String())
			}
			if !strings.Contains(c.stdout.String(), tt.stdout) {
				t.Errorf("stdout %q lacks %q", c.stdout.String(), tt.stdout)
			}
			if tt.args[0] == "ingest" {
				if n := storedDocs(context.Background(), db); n != 1 {
					t.Errorf("%d documents stored, want 1 (testdata/one.txt)", n)
				}
			}
		})
	}
}

// TestCountDocsFIFO checks that counting the documents for ingest's
// progress bar does not open a named pipe, which would block and take its
// data.
func TestCountDocsFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "in.jsonl")
	unblock := mkfifo(t, fifo)
	done := make(chan int, 1)
	go func() { done <- countDocs([]string{"testdata/one.txt", fifo}) }()
	select {
	case n := <-done:
		if n != 0 {
			t.Errorf("countDocs = %d, want 0 (unknown) with a stream", n)
		}
	case <-time.After(5 * time.Second):
		t.Error("countDocs blocked on a named pipe")
		unblock()
		<-done
	}
}

// TestIngestSIGTERM stops an ingest with SIGTERM once it has committed a
// batch and checks that it ends promptly, non-zero, saying so, with what
// it extracted committed and no document counted as failed for the
// interruption.
func TestIngestSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	const docs = 400
	dir := t.TempDir()
	article, err := os.ReadFile("../../examples/aleppo.txt")
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		text := fmt.Sprintf("“We will not close port %d,” Mayor Elena Varga said.\n\n%s", i, article)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("d%03d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "w.db")
	c := startChild(t, "ingest", "-db", db, "-batch", "25", "-j", "2", dir)
	ctx := context.Background()
	for deadline := time.Now().Add(time.Minute); ; {
		if time.Now().After(deadline) {
			t.Fatalf("ingest did not commit a batch in a minute; stderr: %s", c.stderr.String())
		}
		select {
		case <-c.exited:
			t.Fatalf("ingest ended before SIGTERM; stderr: %s", c.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if n := storedDocs(ctx, db); n >= 25 {
			break
		}
	}
	code := c.terminate(t, 10*time.Second)
	errs := c.stderr.String()
	n := storedDocs(ctx, db)
	if code != 1 || !strings.Contains(errs, "interrupted") || strings.Contains(errs, "canceled") {
		t.Errorf("exit %d, stderr %q; want 1, interrupted and no document failing for it", code, errs)
	}
	if !strings.Contains(errs, fmt.Sprintf("ingest: %d new, 0 replaced, 0 unchanged, 0 failed", n)) {
		t.Errorf("stderr %q; want a summary of %d new documents (the store's) and none failed", errs, n)
	}
	if n >= docs {
		t.Errorf("%d documents stored: the ingest was not interrupted", n)
	}
}

// storedDocs returns how many documents the store at path holds, -1 if it
// cannot be read (yet).
func storedDocs(ctx context.Context, path string) int {
	s, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		return -1
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		return -1
	}
	return st.Documents
}
