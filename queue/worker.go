package queue

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store"
)

// ErrPermanent is wrapped by errors that delivering the document again
// cannot cure (invalid UTF-8, over the size limit, an unreadable
// reference, a message that is not a document): such a document goes to
// the dead letters at its first failure.
var ErrPermanent = errors.New("permanent failure")

// Permanent marks err as permanent (see ErrPermanent).
func Permanent(err error) error {
	if err == nil || errors.Is(err, ErrPermanent) {
		return err
	}
	return permanentError{err}
}

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() []error {
	return []error{e.err, ErrPermanent}
}

// Store is where a worker writes results: *store.Store.
type Store interface {
	Put(ctx context.Context, docs []output.Document) (store.PutStats, error)
}

// Counts is what a worker has done so far.
type Counts struct {
	Stored     int // documents acknowledged after the commit holding them
	Added      int // of which new to the store
	Replaced   int // of which replacing an older result
	Unchanged  int // of which already stored as given (a redelivery)
	Statements int // statements written
	Dead       int // documents sent to the dead letters
	Retried    int // documents given back for another delivery after a failure
	Abandoned  int // documents given back at shutdown
	StoreDown  int // commits that failed (their documents given back)
	InFlight   int // documents held now
}

// Worker pulls documents from a queue, extracts, stores and acknowledges
// them.
//
// Each document is acknowledged only after the transaction holding its
// result is committed. Results are committed in small batches (at most
// Batch documents, or what is there after a second): a commit costs a
// disk flush and fixed work whatever its size (some 17 CPU-milliseconds of
// the worker's with a PostgreSQL store writing a row per statement), which
// batches of dozens of documents make small beside the extraction's 10 ms
// per article, while keeping a batch short enough that little is
// redone when a worker dies.
//
// A failure of one document is either permanent (see [ErrPermanent]): it
// goes to the dead letters at once; or transient (anything else, a panic
// in a stage included): the document is given back with a delay growing
// with its deliveries (nak with delay), and on its MaxDeliver-th delivery
// it goes to the dead letters with that delivery's error. A failing store
// is never the document's fault: the batch is given back with a delay, and
// the worker pulls nothing more until the store answers again, so that an
// outage costs each document in hand one delivery. A document delivered
// more than 4 × MaxDeliver times (every worker holding it died, or the
// store failed that many times) goes to the dead letters without being
// tried again, so that a document that kills its worker cannot kill them
// all forever.
type Worker struct {
	Queue *Queue
	Store Store
	// Extract extracts one document; m.Text holds the text (a reference
	// is read before). It is called from Jobs goroutines at once.
	Extract func(ctx context.Context, m Message) (output.Document, error)

	Jobs       int           // documents extracted at once; 0 means 1
	Batch      int           // documents per commit at most; 0 means 64
	MaxDeliver int           // deliveries before a failing document is dead; 0 means 5
	AckWait    time.Duration // set on the consumer; 0 means DefaultAckWait
	RetryDelay time.Duration // delay after a first failure, times the deliveries; 0 means 2 s
	MaxBytes   int           // largest referenced text read; 0 means 16 MiB
	StoreProbe time.Duration // how often a failing store is tried again; 0 means 2 s
	// Drain makes Run return once the queue is empty and nothing is in
	// flight, at this worker or any other.
	Drain bool
	// Name identifies the worker in dead letters (host:pid).
	Name string
	// Log receives what the operator should know: dead letters, a store
	// down and back, lost connections.
	Log func(string)
	// Progress, when set, is called with the counts after each change.
	Progress func(Counts)

	extracting chan struct{} // bounds the extractions at once to Jobs

	mu       sync.Mutex
	counts   Counts
	inflight map[jetstream.Msg]bool
	down     chan struct{} // closed while the store is up; replaced when it goes down
}

// item is one document extracted and waiting for its commit.
type item struct {
	msg jetstream.Msg
	n   int // deliveries
	seq uint64
	res output.Document
}

func (w *Worker) defaults() {
	if w.Jobs <= 0 {
		w.Jobs = 1
	}
	if w.Batch <= 0 {
		w.Batch = 64
	}
	if w.MaxDeliver <= 0 {
		w.MaxDeliver = 5
	}
	if w.AckWait <= 0 {
		w.AckWait = DefaultAckWait
	}
	if w.RetryDelay <= 0 {
		w.RetryDelay = 2 * time.Second
	}
	if w.MaxBytes <= 0 {
		w.MaxBytes = 16 << 20
	}
	if w.StoreProbe <= 0 {
		w.StoreProbe = 2 * time.Second
	}
	if w.Log == nil {
		w.Log = func(string) {}
	}
	w.inflight = map[jetstream.Msg]bool{}
	w.down = make(chan struct{})
	close(w.down)
}

// fetchWait is how long one pull waits for documents.
const fetchWait = time.Second

// shutdownDelay is how long a document given back by a stopping worker
// waits before its next delivery: longer than the stopping worker's last
// pull, so that it goes to another worker.
const shutdownDelay = fetchWait + 100*time.Millisecond

// Run works until ctx is done (a signal), or with Drain until the queue
// is empty. When ctx ends, the documents being extracted are given back
// (or finished, when their extraction is past its last check), and what
// was extracted is committed and acknowledged before Run returns nil.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	cons, err := w.Queue.EnsureConsumer(ctx, w.AckWait)
	if err != nil {
		return err
	}
	results := make(chan item, w.Jobs)
	committed := make(chan struct{})
	go func() { defer close(committed); w.commit(results) }()
	stopKeep := make(chan struct{})
	go w.keepAlive(stopKeep)

	// Twice as many documents are fetched as are extracted at once, so
	// that an extraction never waits for a pull's round trip.
	slots := make(chan struct{}, 2*w.Jobs)
	w.extracting = make(chan struct{}, w.Jobs)
	var wg sync.WaitGroup
	err = w.pull(ctx, cons, slots, &wg, results)
	wg.Wait()
	close(results)
	<-committed
	close(stopKeep)
	return err
}

// pull fetches documents as slots free up (a slot is a document fetched
// and not yet passed on to the committer) and starts one goroutine per
// document.
func (w *Worker) pull(ctx context.Context, cons jetstream.Consumer, slots chan struct{}, wg *sync.WaitGroup, results chan<- item) error {
	var lastErr string
	for ctx.Err() == nil {
		w.mu.Lock()
		up := w.down
		w.mu.Unlock()
		select {
		case <-up:
		case <-ctx.Done():
			return nil
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		n := 1
		for n < cap(slots) {
			select {
			case slots <- struct{}{}:
				n++
				continue
			default:
			}
			break
		}
		batch, err := cons.Fetch(n, jetstream.FetchMaxWait(fetchWait))
		got := 0
		if err == nil {
			for msg := range batch.Messages() {
				got++
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer func() { <-slots }()
					w.handle(ctx, msg, results)
				}()
			}
			err = batch.Error()
		}
		for range n - got {
			<-slots
		}
		if err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			if e := err.Error(); e != lastErr {
				w.Log(fmt.Sprintf("pulling from %s on %s: %v (retrying)", w.Queue.Names.Stream, w.Queue.URL, err))
				lastErr = e
			}
			if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
				if err := w.Queue.EnsureStreams(ctx); err == nil {
					if c, err := w.Queue.EnsureConsumer(ctx, w.AckWait); err == nil {
						cons = c
					}
				}
			}
			sleep(ctx, 500*time.Millisecond)
			continue
		}
		if err == nil {
			lastErr = ""
		}
		if got == 0 && w.Drain && w.idle() {
			empty, err := w.queueEmpty(ctx)
			if err == nil && empty {
				return nil
			}
		}
	}
	return nil
}

// idle reports whether the worker holds no document.
func (w *Worker) idle() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.inflight) == 0
}

// queueEmpty reports whether the documents' stream holds nothing: every
// document acknowledged or dead, none in flight at any worker.
func (w *Worker) queueEmpty(ctx context.Context) (bool, error) {
	s, err := w.Queue.js.Stream(ctx, w.Queue.Names.Stream)
	if err != nil {
		return false, err
	}
	si, err := s.Info(ctx)
	if err != nil {
		return false, err
	}
	return si.State.Msgs == 0, nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// hold records msg as in flight, to be kept alive.
func (w *Worker) hold(msg jetstream.Msg) {
	w.mu.Lock()
	w.inflight[msg] = true
	w.counts.InFlight = len(w.inflight)
	w.mu.Unlock()
}

// release forgets msg and counts what happened to it.
func (w *Worker) release(msg jetstream.Msg, count func(*Counts)) {
	w.mu.Lock()
	delete(w.inflight, msg)
	if count != nil {
		count(&w.counts)
	}
	w.counts.InFlight = len(w.inflight)
	c := w.counts
	w.mu.Unlock()
	if w.Progress != nil {
		w.Progress(c)
	}
}

// Counts returns what the worker has done so far.
func (w *Worker) Counts() Counts {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.counts
}

// keepAlive tells the server, every third of the ack wait, that the
// documents held are in progress, so that a long extraction or a commit
// waiting for its batch is not delivered to another worker meanwhile.
func (w *Worker) keepAlive(stop <-chan struct{}) {
	t := time.NewTicker(max(w.AckWait/3, 50*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		w.mu.Lock()
		msgs := make([]jetstream.Msg, 0, len(w.inflight))
		for m := range w.inflight {
			msgs = append(msgs, m)
		}
		w.mu.Unlock()
		for _, m := range msgs {
			m.InProgress()
		}
	}
}

// handle reads, decodes and extracts one delivered document and passes
// its result to the committer, or disposes of it.
func (w *Worker) handle(ctx context.Context, msg jetstream.Msg, results chan<- item) {
	w.hold(msg)
	md, err := msg.Metadata()
	if err != nil {
		w.dead(msg, "", 0, 0, Permanent(fmt.Errorf("%w: no JetStream metadata: %v", ErrNotDocument, err)))
		return
	}
	n := int(md.NumDelivered)
	seq := md.Sequence.Stream
	if ctx.Err() != nil {
		w.giveBack(msg, shutdownDelay, func(c *Counts) { c.Abandoned++ })
		return
	}
	if n > 4*w.MaxDeliver {
		w.dead(msg, "", n, seq, fmt.Errorf("delivered %d times without an outcome: the workers holding it died or went silent past the ack wait", n-1))
		return
	}
	m, err := Decode(msg.Data())
	if err != nil {
		w.dead(msg, "", n, seq, Permanent(err))
		return
	}
	if m.IsRef() {
		if m.Text, err = w.read(m); err != nil {
			w.fail(ctx, msg, m.ID, n, seq, err)
			return
		}
	}
	select {
	case w.extracting <- struct{}{}:
	case <-ctx.Done():
		w.giveBack(msg, shutdownDelay, func(c *Counts) { c.Abandoned++ })
		return
	}
	res, err := w.extract(ctx, m)
	<-w.extracting
	if err != nil {
		w.fail(ctx, msg, m.ID, n, seq, err)
		return
	}
	results <- item{msg: msg, n: n, seq: seq, res: res}
}

// extract runs Extract, turning a panic into an error.
func (w *Worker) extract(ctx context.Context, m Message) (res output.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			stack := string(debug.Stack())
			// The frame that panicked, after the runtime's own.
			if i := strings.Index(stack, "panic("); i >= 0 {
				stack = stack[i:]
			}
			lines := strings.Split(stack, "\n")
			where := ""
			if len(lines) > 3 {
				where = " at " + strings.TrimSpace(lines[3])
			}
			err = fmt.Errorf("%s: panic: %v%s", m.ID, r, where)
		}
	}()
	return w.Extract(ctx, m)
}

// read returns the text of a referenced file, checking its size and hash.
func (w *Worker) read(m Message) (string, error) {
	f, err := os.Open(m.Ref)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			err = Permanent(err)
		}
		return "", fmt.Errorf("%s: reference: %w", m.ID, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("%s: reference: %w", m.ID, err)
	}
	if !fi.Mode().IsRegular() {
		return "", Permanent(fmt.Errorf("%s: reference %s is not a regular file", m.ID, m.Ref))
	}
	if fi.Size() > int64(w.MaxBytes) {
		return "", Permanent(fmt.Errorf("%s: reference %s: %d bytes, over the limit of %d", m.ID, m.Ref, fi.Size(), w.MaxBytes))
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, io.LimitReader(f, int64(w.MaxBytes)+1)); err != nil {
		return "", fmt.Errorf("%s: reference %s: %w", m.ID, m.Ref, err)
	}
	sum := sha256.Sum256(b.Bytes())
	if int64(b.Len()) != m.Bytes || hex.EncodeToString(sum[:]) != strings.ToLower(m.SHA256) {
		return "", Permanent(fmt.Errorf("%s: reference %s changed since it was enqueued (%d bytes, sha256 %.12s…; the message says %d, %.12s…)",
			m.ID, m.Ref, b.Len(), hex.EncodeToString(sum[:]), m.Bytes, m.SHA256))
	}
	return b.String(), nil
}

// fail disposes of a document whose reading or extraction failed.
func (w *Worker) fail(ctx context.Context, msg jetstream.Msg, doc string, n int, seq uint64, err error) {
	switch {
	case ctx.Err() != nil && !errors.Is(err, ErrPermanent):
		w.giveBack(msg, shutdownDelay, func(c *Counts) { c.Abandoned++ })
	case errors.Is(err, ErrPermanent) || n >= w.MaxDeliver:
		w.dead(msg, doc, n, seq, err)
	default:
		w.Log(fmt.Sprintf("delivery %d of %d failed, retrying later: %v", n, w.MaxDeliver, err))
		w.giveBack(msg, w.RetryDelay*time.Duration(n), func(c *Counts) { c.Retried++ })
	}
}

// giveBack returns msg to the queue for another delivery after delay.
func (w *Worker) giveBack(msg jetstream.Msg, delay time.Duration, count func(*Counts)) {
	delay = min(delay, time.Minute)
	if delay > 0 {
		msg.NakWithDelay(delay)
	} else {
		msg.Nak()
	}
	w.release(msg, count)
}

// dead publishes msg to the dead letters with its error and removes it
// from the queue (term). When the dead letter cannot be published, the
// document is given back, to die at a later delivery.
func (w *Worker) dead(msg jetstream.Msg, doc string, n int, seq uint64, cause error) {
	body := msg.Data()
	if limit := int(w.Queue.MaxPayload()) - HeaderRoom; len(body) > limit {
		body = body[:max(limit, 0)] // a foreign message at the server's limit: keep what fits
	}
	dl := w.Queue.deadLetter(body, doc, seq, n, cause, w.Name)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := w.Queue.js.PublishMsg(ctx, dl); err != nil {
		w.Log(fmt.Sprintf("cannot publish the dead letter of %q to %s (%v); given back", doc, w.Queue.Names.DeadSubject, err))
		w.giveBack(msg, w.RetryDelay, nil)
		return
	}
	msg.Term()
	name := doc
	if name == "" {
		name = fmt.Sprintf("message %d", seq)
	}
	w.Log(fmt.Sprintf("dead letter: %s after %d deliveries: %v", name, n, cause))
	w.release(msg, func(c *Counts) { c.Dead++ })
}

// batchWait is how long a result waits for others to share its commit.
const batchWait = time.Second

// commit writes the results in batches and acknowledges each document
// after its batch's commit. It returns when results is closed and the
// last batch is written (or given back).
func (w *Worker) commit(results <-chan item) {
	var batch []item
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var probe <-chan time.Time
	var probeTick *time.Ticker
	ctx := context.Background()
	flush := func() {
		timer.Stop()
		if len(batch) == 0 {
			return
		}
		if !w.put(ctx, batch) {
			w.storeDown()
			if probeTick == nil {
				probeTick = time.NewTicker(w.StoreProbe)
				probe = probeTick.C
			}
		}
		batch = batch[:0]
	}
	for {
		select {
		case it, ok := <-results:
			if !ok {
				flush()
				if probeTick != nil {
					probeTick.Stop()
				}
				return
			}
			if probe != nil {
				// The store is down: give it back without trying.
				w.giveBack(it.msg, w.RetryDelay, func(c *Counts) { c.StoreDown++ })
				continue
			}
			batch = append(batch, it)
			if len(batch) == 1 {
				timer.Reset(batchWait)
			}
			if len(batch) >= w.Batch {
				flush()
			}
		case <-timer.C:
			flush()
		case <-probe:
			pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			_, err := w.Store.Put(pctx, nil)
			cancel()
			if err == nil {
				probeTick.Stop()
				probeTick, probe = nil, nil
				w.storeUp()
			}
		}
	}
}

// put commits one batch and acknowledges or disposes of its documents. It
// reports false when the store failed: the batch is then given back.
func (w *Worker) put(ctx context.Context, batch []item) bool {
	docs := make([]output.Document, len(batch))
	for i, it := range batch {
		docs[i] = it.res
	}
	pctx, cancel := context.WithTimeout(ctx, time.Minute)
	st, err := w.Store.Put(pctx, docs)
	cancel()
	if err != nil {
		w.Log(fmt.Sprintf("store: %v; %d document(s) given back, pulling stops until the store answers", err, len(batch)))
		for _, it := range batch {
			w.giveBack(it.msg, w.RetryDelay, func(c *Counts) { c.StoreDown++ })
		}
		return false
	}
	refused := map[string]error{}
	for _, p := range st.Problems {
		if p.Refused {
			refused[p.Doc] = p
		} else {
			w.Log(p.Error())
		}
	}
	w.mu.Lock()
	w.counts.Added += st.Added
	w.counts.Replaced += st.Replaced
	w.counts.Unchanged += st.Unchanged
	w.counts.Statements += st.Statements
	w.mu.Unlock()
	for _, it := range batch {
		if err, ok := refused[it.res.Doc]; ok {
			w.dead(it.msg, it.res.Doc, it.n, it.seq, Permanent(err))
			continue
		}
		it.msg.Ack()
		w.release(it.msg, func(c *Counts) { c.Stored++ })
	}
	return true
}

// storeDown stops the pulling until storeUp.
func (w *Worker) storeDown() {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.down:
		w.down = make(chan struct{})
	default:
	}
}

func (w *Worker) storeUp() {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.down:
	default:
		close(w.down)
	}
	w.Log("store: answering again; pulling resumes")
}
