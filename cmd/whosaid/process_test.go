package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/output"
)

// countingReader counts the bytes read from r.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// jsonlOf returns JSONL lines of the given text sizes and the length of
// each line.
func jsonlOf(sizes ...int) (string, []int64) {
	var b strings.Builder
	var lens []int64
	for i, n := range sizes {
		line := fmt.Sprintf(`{"id":"d%d","text":"%s"}`+"\n", i, strings.Repeat("x", n))
		b.WriteString(line)
		lens = append(lens, int64(len(line)))
	}
	return b.String(), lens
}

// TestProcessBoundsBytes checks that documents of several megabytes are
// not all read ahead of a slow worker: with one worker, at most
// bytesPerWorker bytes of text are held, plus the document being read.
func TestProcessBoundsBytes(t *testing.T) {
	const size = 5 << 20
	in, lens := jsonlOf(size, size, size, size)
	cr := &countingReader{r: strings.NewReader(in)}
	r := &input.Reader{Stdin: cr}
	var emitted, ahead atomic.Int64
	work := func(ctx context.Context, d input.Doc) (output.Document, error) {
		if d.ID == "d0" {
			// Give the reader time to run ahead as far as it may.
			time.Sleep(300 * time.Millisecond)
		}
		ahead.Store(max(ahead.Load(), cr.n.Load()-emitted.Load()))
		return output.Document{Doc: d.ID}, d.Err
	}
	var order []string
	emit := func(res output.Document, err error) error {
		if err != nil {
			return err
		}
		emitted.Add(lens[len(order)])
		order = append(order, res.Doc)
		return nil
	}
	if err := process(context.Background(), r, []string{"-"}, 1, work, emit); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, " "); got != "d0 d1 d2 d3" {
		t.Errorf("emitted %s, want d0 d1 d2 d3", got)
	}
	// 8 MiB hold one document of 5 MiB; the next is read and waits.
	if limit := int64(bytesPerWorker + size + 1<<20); ahead.Load() > limit {
		t.Errorf("%d bytes read ahead of the output, want at most %d", ahead.Load(), limit)
	}
}

// TestProcessLargeDocument checks that a document larger than the whole
// byte budget goes through alone instead of waiting forever.
func TestProcessLargeDocument(t *testing.T) {
	in, _ := jsonlOf(10, bytesPerWorker+1<<20, 10, 10)
	r := &input.Reader{Stdin: strings.NewReader(in)}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var order []string
	work := func(ctx context.Context, d input.Doc) (output.Document, error) {
		return output.Document{Doc: d.ID}, d.Err
	}
	emit := func(res output.Document, err error) error {
		order = append(order, res.Doc)
		return err
	}
	if err := process(ctx, r, []string{"-"}, 1, work, emit); err != nil {
		t.Fatalf("process: %v (emitted %v)", err, order)
	}
	if got := strings.Join(order, " "); got != "d0 d1 d2 d3" {
		t.Errorf("emitted %s, want d0 d1 d2 d3", got)
	}
}

func TestBudget(t *testing.T) {
	b := newBudget(100)
	ctx := context.Background()
	if got := b.acquire(ctx, 60); got != 60 {
		t.Fatalf("acquire(60) = %d, want 60", got)
	}
	// More than the whole budget: waits for the 60 to come back, then
	// takes everything.
	done := make(chan int)
	go func() { done <- b.acquire(ctx, 500) }()
	select {
	case got := <-done:
		t.Fatalf("acquire(500) = %d while 60 of 100 are held, want it to wait", got)
	case <-time.After(50 * time.Millisecond):
	}
	b.release(60)
	if got := <-done; got != 100 {
		t.Errorf("acquire(500) = %d, want the whole budget, 100", got)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if got := b.acquire(cctx, 1); got != -1 {
		t.Errorf("acquire with a done context and nothing free = %d, want -1", got)
	}
	b.release(100)
	if got := b.acquire(ctx, 0); got != 0 {
		t.Errorf("acquire(0) = %d, want 0", got)
	}
}
