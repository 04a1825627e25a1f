package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store"
)

// memStore is a store in memory that can be made to fail.
type memStore struct {
	mu    sync.Mutex
	docs  map[string]output.Document
	puts  int
	fails int // the next fails Puts fail
}

func newMemStore() *memStore { return &memStore{docs: map[string]output.Document{}} }

func (s *memStore) Put(ctx context.Context, docs []output.Document) (store.PutStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var st store.PutStats
	if s.fails > 0 {
		s.fails--
		return st, errors.New("connection refused")
	}
	s.puts++
	for _, d := range docs {
		if d.Doc == "refused" {
			st.Invalid++
			st.Problems = append(st.Problems, &store.DocError{Doc: d.Doc, Err: errors.New("span outside its text"), Refused: true})
			continue
		}
		if _, ok := s.docs[d.Doc]; ok {
			st.Unchanged++
		} else {
			st.Added++
		}
		s.docs[d.Doc] = d
	}
	return st, nil
}

func (s *memStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.docs)
}

// testQueue connects to the shared NATS server with a queue name of the
// test's own, and deletes its streams at the end.
func testQueue(t *testing.T, url string) *Queue {
	t.Helper()
	name := fmt.Sprintf("t%d-%s", os.Getpid(), strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	if len(name) > 64 {
		name = name[:64]
	}
	ctx := context.Background()
	q, err := Connect(ctx, url, name, Options{Name: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	q.js.DeleteStream(ctx, q.Names.Stream) // left by an earlier run
	q.js.DeleteStream(ctx, q.Names.DeadStream)
	if err := q.EnsureStreams(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		q.js.DeleteStream(ctx, q.Names.Stream)
		q.js.DeleteStream(ctx, q.Names.DeadStream)
		q.Close()
	})
	return q
}

// publish publishes docs and fails the test on any failure.
func publish(t *testing.T, q *Queue, inlineMax int, spool string, docs ...Doc) []Published {
	t.Helper()
	var out []Published
	p := q.NewPublisher(inlineMax, spool, func(r Published) { out = append(out, r) })
	for _, d := range docs {
		if err := p.Publish(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	p.Close()
	return out
}

// extractStub "extracts" by keeping the text; it panics on the document
// "boom" and refuses invalid UTF-8 as the pipeline does.
func extractStub(calls *sync.Map) func(context.Context, Message) (output.Document, error) {
	return func(ctx context.Context, m Message) (output.Document, error) {
		n, _ := calls.LoadOrStore(m.ID, new(int))
		*n.(*int)++
		if m.ID == "boom" {
			var st []int
			_ = st[len(m.Text)] // index out of range
		}
		if !utf8.ValidString(m.Text) {
			return output.Document{}, Permanent(fmt.Errorf("%s: text is not valid UTF-8", m.ID))
		}
		return output.Document{Doc: m.ID, Text: m.Text}, nil
	}
}

// runWorker runs w to its end (Drain), failing the test after d.
func runWorker(t *testing.T, w *Worker, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("worker did not drain the queue within %s: %+v", d, w.Counts())
	}
}

// TestWorkerDeadLetters sends good documents and every kind of bad one
// through a worker and checks where each ends: the good ones stored, the
// bad ones dead with their error, a panicking one after MaxDeliver
// deliveries and no sooner.
func TestWorkerDeadLetters(t *testing.T) {
	q := testQueue(t, testenv.NATS(t))
	ctx := context.Background()
	dir := t.TempDir()
	bad := filepath.Join(dir, "latin1.txt")
	badText := []byte("caf\xe9 " + strings.Repeat("x", 200))
	os.WriteFile(bad, badText, 0o644)
	sum := sha256.Sum256(badText)
	latin1, _ := Encode(Message{ID: "latin1", Ref: bad, Bytes: int64(len(badText)), SHA256: hex.EncodeToString(sum[:])})
	missing, _ := Encode(Message{ID: "missing", Ref: filepath.Join(dir, "gone.txt"), Bytes: 3, SHA256: hash})
	changed := filepath.Join(dir, "changed.txt")
	os.WriteFile(changed, []byte(strings.Repeat("y", 1000)), 0o644)

	var docs []Doc
	for i := range 20 {
		docs = append(docs, Doc{ID: fmt.Sprintf("good%02d", i), Text: fmt.Sprintf("Text %d.", i)})
	}
	docs = append(docs,
		Doc{ID: "boom", Text: "a stage panics on this"},
		Doc{ID: "refused", Text: "the store refuses this"},
		Doc{ID: "changed", Text: strings.Repeat("y", 1000), File: changed},
	)
	// Texts over 400 bytes travel as references.
	pubs := publish(t, q, 400, "", docs...)
	for _, p := range pubs {
		if p.Err != nil {
			t.Fatalf("publish %s: %v", p.ID, p.Err)
		}
	}
	os.WriteFile(changed, []byte(strings.Repeat("Y", 1000)), 0o644)
	// References enqueue would not send, and messages that are not
	// documents, straight to the subject.
	for _, body := range []string{string(latin1), string(missing), "hello", `{"v":9,"id":"future","text":"x"}`, "{\"v\":1,\"id\":\"raw\",\"text\":\"\xff\"}"} {
		if _, err := q.js.Publish(ctx, q.Names.Subject, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	var calls sync.Map
	s := newMemStore()
	var logMu sync.Mutex
	var logs []string
	w := &Worker{Queue: q, Store: s, Extract: extractStub(&calls), Jobs: 3, MaxDeliver: 3, AckWait: 2 * time.Second,
		RetryDelay: 50 * time.Millisecond, Drain: true, Name: "test",
		Log: func(m string) { logMu.Lock(); logs = append(logs, m); logMu.Unlock() }}
	runWorker(t, w, 30*time.Second)

	if s.len() != 20 {
		t.Errorf("%d documents stored, want the 20 good ones", s.len())
	}
	if n, _ := calls.Load("boom"); n == nil || *n.(*int) != 3 {
		t.Errorf("boom extracted %v times, want MaxDeliver = 3", n)
	}
	c := w.Counts()
	if c.Dead != 8 || c.Stored != 20 || c.Retried != 2 || c.InFlight != 0 {
		t.Errorf("counts %+v; want 20 stored, 8 dead, 2 retried, none in flight", c)
	}
	st, err := q.Stats(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if st.DeadLettered != 8 || st.Queued != 0 || st.InFlight != 0 || len(st.LastDead) != 8 {
		t.Fatalf("queue stats %+v; want 8 dead letters, nothing queued", st)
	}
	want := map[string]string{ // doc (or body) -> in its error
		"boom":    "panic: runtime error: index out of range",
		"refused": "span outside its text",
		"latin1":  "not valid UTF-8",
		"changed": "changed since it was enqueued",
		"missing": "no such file",
		"":        "not a whosaid document message",
	}
	for _, d := range st.LastDead {
		if !strings.Contains(d.Error, want[d.Doc]) {
			t.Errorf("dead letter %q: error %q, want it to say %q", d.Doc, d.Error, want[d.Doc])
		}
		if d.Doc == "boom" && d.Deliveries != 3 {
			t.Errorf("boom dead after %d deliveries, want 3", d.Deliveries)
		}
		if d.Worker != "test" || d.Time.IsZero() {
			t.Errorf("dead letter %+v: want worker and time", d)
		}
	}
	// A dead letter keeps the body, so that it can be published again.
	ds, _ := q.js.Stream(ctx, q.Names.DeadStream)
	m, err := ds.GetMsg(ctx, st.LastDead[len(st.LastDead)-1].Seq)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(m.Data); err != nil && m.Header.Get(HeaderDoc) != "" {
		t.Errorf("dead letter of %s: body %q is not the document: %v", m.Header.Get(HeaderDoc), m.Data, err)
	}
}

// TestWorkerStoreDown makes the store fail its first commits: no document
// is dead-lettered for it, pulling pauses, and everything ends stored.
func TestWorkerStoreDown(t *testing.T) {
	q := testQueue(t, testenv.NATS(t))
	var docs []Doc
	for i := range 30 {
		docs = append(docs, Doc{ID: fmt.Sprintf("d%02d", i), Text: "x"})
	}
	publish(t, q, 0, "", docs...)
	var calls sync.Map
	s := newMemStore()
	s.fails = 3
	w := &Worker{Queue: q, Store: s, Extract: extractStub(&calls), Jobs: 2, Batch: 4, MaxDeliver: 1,
		AckWait: 2 * time.Second, RetryDelay: 50 * time.Millisecond, StoreProbe: 100 * time.Millisecond, Drain: true}
	runWorker(t, w, 40*time.Second)
	c := w.Counts()
	if s.len() != 30 || c.Dead != 0 || c.StoreDown == 0 {
		t.Errorf("%d stored, counts %+v; want all 30 stored, none dead (MaxDeliver 1), some given back for the store", s.len(), c)
	}
}

// TestPublisherRefs checks which documents travel as references and that
// a worker reads them back.
func TestPublisherRefs(t *testing.T) {
	q := testQueue(t, testenv.NATS(t))
	dir := t.TempDir()
	file := filepath.Join(dir, "long.txt")
	long := strings.Repeat("“Yes,” she said. ", 50)
	os.WriteFile(file, []byte(long), 0o644)
	spool := t.TempDir()
	pubs := publish(t, q, 400, "", Doc{ID: "file", Text: long, File: file}, Doc{ID: "line", Text: long}, Doc{ID: "short", Text: "Hi."})
	if pubs[0].Err != nil || pubs[0].Ref != file {
		t.Errorf("file: %+v; want a reference to %s", pubs[0], file)
	}
	if !errors.Is(pubs[1].Err, ErrTooLargeInline) {
		t.Errorf("line without spool: %+v; want ErrTooLargeInline", pubs[1])
	}
	if pubs[2].Err != nil || pubs[2].Ref != "" {
		t.Errorf("short: %+v; want inline", pubs[2])
	}
	pubs = publish(t, q, 400, spool, Doc{ID: "line", Text: long}, Doc{ID: "short", Text: "Hi."})
	if pubs[0].Err != nil || filepath.Dir(pubs[0].Ref) != spool {
		t.Errorf("line with spool: %+v; want a reference into %s", pubs[0], spool)
	}
	if !pubs[1].Duplicate {
		t.Errorf("short published twice: %+v; want a duplicate", pubs[1])
	}
	var calls sync.Map
	s := newMemStore()
	w := &Worker{Queue: q, Store: s, Extract: extractStub(&calls), Drain: true, AckWait: 2 * time.Second}
	runWorker(t, w, 20*time.Second)
	for _, id := range []string{"file", "line"} {
		if s.docs[id].Text != long {
			t.Errorf("%s: stored text %.30q, want the long text", id, s.docs[id].Text)
		}
	}
	if len(s.docs) != 3 {
		t.Errorf("%d stored, want 3", len(s.docs))
	}
}

// TestWorkerStopGivesBack cancels a worker while a document is being
// extracted: the document goes back to the queue at once, Run returns nil.
func TestWorkerStopGivesBack(t *testing.T) {
	q := testQueue(t, testenv.NATS(t))
	publish(t, q, 0, "", Doc{ID: "slow", Text: "x"})
	started := make(chan struct{})
	w := &Worker{Queue: q, Store: newMemStore(), AckWait: 2 * time.Second,
		Extract: func(ctx context.Context, m Message) (output.Document, error) {
			close(started)
			<-ctx.Done()
			return output.Document{}, ctx.Err()
		}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("no document delivered")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if c := w.Counts(); c.Abandoned != 1 || c.Dead != 0 {
		t.Errorf("counts %+v; want 1 given back, none dead", c)
	}
	st, err := q.Stats(context.Background(), 0)
	if err != nil || st.Queued != 1 {
		t.Errorf("stats %+v, %v; want the document still queued", st, err)
	}
}
