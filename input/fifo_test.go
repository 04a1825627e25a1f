//go:build unix

package input

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mkfifo makes a named pipe at path.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// unblockFIFO lets a reader blocked opening the named pipe at path go on
// (to end a test that failed): it opens the pipe for writing and closes it.
func unblockFIFO(path string) func() {
	return func() {
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	}
}

// eachWithin runs r.Each and fails the test when it has not returned
// within d; unblock is then called so that it does.
func eachWithin(t *testing.T, ctx context.Context, r *Reader, args []string, d time.Duration, unblock func()) ([]Doc, error) {
	t.Helper()
	var docs []Doc
	done := make(chan error, 1)
	go func() {
		done <- r.Each(ctx, args, func(doc Doc) error {
			docs = append(docs, doc)
			return nil
		})
	}()
	select {
	case err := <-done:
		return docs, err
	case <-time.After(d):
		t.Errorf("Each(%q) still blocked after %s", args, d)
		for {
			unblock()
			select {
			case err := <-done:
				return docs, err
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// TestDirSkipsFIFO checks that a named pipe in a directory is reported as
// a failed document instead of blocking the walk.
func TestDirSkipsFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "a.txt")
	mkfifo(t, fifo)
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Second text."), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := eachWithin(t, context.Background(), &Reader{}, []string{dir}, 5*time.Second, unblockFIFO(fifo))
	if err != nil {
		t.Fatalf("Each: %v", err)
	}
	if len(docs) != 2 {
		t.Fatalf("got %d documents %+v, want a and b", len(docs), docs)
	}
	if docs[0].ID != "a" || docs[0].Err == nil || !strings.Contains(docs[0].Err.Error(), "not a regular file") {
		t.Errorf("a: %+v, want a 'not a regular file' error", docs[0])
	}
	if docs[1].ID != "b" || docs[1].Err != nil || docs[1].Text != "Second text." {
		t.Errorf("b: %+v, want its text", docs[1])
	}
}

// TestExplicitFIFO checks that a named pipe given as an argument (as a
// shell's <(command) gives) is read as a text.
func TestExplicitFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "piped")
	mkfifo(t, fifo)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		io.WriteString(w, "Piped text.")
		w.Close()
	}()
	docs, err := eachWithin(t, context.Background(), &Reader{}, []string{fifo}, 5*time.Second, unblockFIFO(fifo))
	if err != nil {
		t.Fatalf("Each: %v", err)
	}
	if len(docs) != 1 || docs[0].Err != nil || docs[0].ID != "piped" || docs[0].Text != "Piped text." {
		t.Errorf("got %+v, want the piped text", docs)
	}
}

// TestStreamsGiveWay checks that reading a named pipe given as an argument,
// or standard input, stops when the context is cancelled, whether it waits
// for a writer or for data.
func TestStreamsGiveWay(t *testing.T) {
	dir := t.TempDir()
	noWriter := filepath.Join(dir, "nowriter.txt")
	mkfifo(t, noWriter)
	silent := filepath.Join(dir, "silent.jsonl")
	mkfifo(t, silent)
	// A writer that connects and writes nothing.
	w, err := os.OpenFile(silent, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	pr, pw := io.Pipe()
	defer pw.Close()

	tests := []struct {
		name    string
		args    []string
		stdin   io.Reader
		unblock func()
	}{
		{"named pipe without a writer", []string{noWriter}, nil, unblockFIFO(noWriter)},
		{"named pipe without data", []string{silent}, nil, func() { w.Close() }},
		{"standard input without data", []string{"-"}, pr, func() { pw.Close() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			start := time.Now()
			docs, err := eachWithin(t, ctx, &Reader{Stdin: tt.stdin}, tt.args, 5*time.Second, tt.unblock)
			if !errors.Is(err, context.Canceled) || len(docs) != 0 {
				t.Errorf("Each: %v, %+v; want context.Canceled and no document", err, docs)
			}
			t.Logf("returned %s after the start", time.Since(start).Round(time.Millisecond))
		})
	}
}
