package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/store"
)

// TestGate fills a gate of one slot and a queue of one: the next request
// is refused at once, the queued one gets its turn when the slot is given
// back, a request waiting too long is refused, and one whose context ends
// stops waiting.
func TestGate(t *testing.T) {
	ctx := context.Background()
	g := newGate("searches", 1, 1, 200*time.Millisecond)
	leave, err := g.enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	queued := make(chan error, 1)
	go func() {
		l, err := g.enter(ctx)
		if err == nil {
			l()
		}
		queued <- err
	}()
	for g.waiting.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	var be *busyError
	if _, err := g.enter(ctx); !errors.As(err, &be) || be.retryAfter < 1 {
		t.Errorf("enter with the slot taken and the queue full: %v, want a busy error with Retry-After", err)
	}
	leave()
	if err := <-queued; err != nil {
		t.Errorf("queued request: %v, want its turn", err)
	}

	leave, _ = g.enter(ctx)
	defer leave()
	start := time.Now()
	if _, err := g.enter(ctx); !errors.As(err, &be) {
		t.Errorf("enter waiting longer than allowed: %v, want a busy error", err)
	} else if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("refused after %v, want after the wait of 200ms", d)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := g.enter(cctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("enter with an ending context: %v, want its error", err)
	}
}

// TestBusyAndTooSlow checks the answers to a search that finds the
// searches' queue full (503 with Retry-After, JSON) and to one that runs
// out of its budget (503 blaming q), and that quick requests still pass.
func TestBusyAndTooSlow(t *testing.T) {
	st := fixtureStore(t)
	s := New(st, Options{MaxSearches: 1, SearchQueue: 1, SearchWait: time.Millisecond})
	// Take the one search slot and the one place in the queue.
	leave, err := s.searches.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.searches.waiting.Add(1)
	code, m, body := get(t, s, "/api/statements?q=harbour")
	if code != http.StatusServiceUnavailable || m["error"] == nil || !strings.Contains(body, "busy") {
		t.Errorf("search with the queue full: %d %s, want a JSON 503 saying busy", code, body)
	}
	rec := getRec(s, "/api/statements?q=harbour")
	if ra := rec.Header().Get("Retry-After"); ra == "" {
		t.Error("503 busy without Retry-After")
	}
	for _, u := range []string{"/api/stats", "/api/statements?speaker=ana+souza", "/api/speakers", "/api/documents/courier_bridge"} {
		if code, _, body := get(t, s, u); code != http.StatusOK {
			t.Errorf("GET %s while searches are full: %d %s, want 200", u, code, body)
		}
	}
	s.searches.waiting.Add(-1)
	leave()

	slow := New(st, Options{SearchBudget: time.Nanosecond})
	code, m, body = get(t, slow, "/api/statements?q=harbour")
	if code != http.StatusServiceUnavailable || m["param"] != "q" || !strings.Contains(body, "search too expensive") {
		t.Errorf("search out of its budget: %d %s, want 503 blaming q", code, body)
	}
	if _, err := st.Search(context.Background(), store.Query{Text: "harbour", Budget: time.Nanosecond}); !errors.Is(err, store.ErrSearchTooSlow) {
		t.Errorf("store search out of its budget: %v, want ErrSearchTooSlow", err)
	}
}
