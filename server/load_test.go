package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/store/synth"
)

// loadResult sums up a load run.
type loadResult struct {
	requests, errors int64
	firstErr         string
	p50, p99, max    time.Duration
	peakHeap         uint64 // bytes, sampled every 50ms
	elapsed          time.Duration
}

// load runs clients goroutines, each sending requests from urls (chosen
// round-robin from its own offset) to base until d has passed or each has
// sent perClient requests (0: no limit).
func load(base string, urls []string, clients int, d time.Duration, perClient int) loadResult {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var res loadResult
	var mu sync.Mutex
	var lat []time.Duration
	var reqs, errs atomic.Int64
	stop := make(chan struct{})
	var peak atomic.Uint64
	sampler := make(chan struct{})
	go func() {
		defer close(sampler)
		var ms runtime.MemStats
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := 0; (perClient == 0 || i < perClient) && time.Now().Before(deadline); i++ {
				u := base + urls[(c*7+i)%len(urls)]
				t := time.Now()
				r, err := hc.Get(u)
				if err == nil {
					_, err = io.Copy(io.Discard, r.Body)
					r.Body.Close()
					if err == nil && r.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: %s", u, r.Status)
					}
				}
				mine = append(mine, time.Since(t))
				reqs.Add(1)
				if err != nil {
					if errs.Add(1) == 1 {
						mu.Lock()
						res.firstErr = err.Error()
						mu.Unlock()
					}
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	close(stop)
	<-sampler
	res.requests, res.errors, res.peakHeap = reqs.Load(), errs.Load(), peak.Load()
	if len(lat) > 0 {
		slices.Sort(lat)
		res.p50 = lat[len(lat)/2]
		res.p99 = lat[min(len(lat)-1, len(lat)*99/100)]
		res.max = lat[len(lat)-1]
	}
	return res
}

// startServer serves st on a loopback port until the test ends.
func startServer(tb testing.TB, st *store.Store) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(st, Options{}).Serve(ctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// TestConcurrentClients sends 1,000 requests from 200 clients at once and
// expects every one to succeed.
func TestConcurrentClients(t *testing.T) {
	base := startServer(t, fixtureStore(t))
	urls := []string{"/api/statements?q=harbour", "/api/speakers", "/api/speakers/1", "/api/documents/courier_bridge",
		"/api/stats", "/", "/app.js", "/api/statements?speaker=ana+souza&sort=oldest"}
	r := load(base, urls, 200, 30*time.Second, 5)
	if r.requests != 1000 || r.errors != 0 {
		t.Errorf("%d requests, %d errors (first: %s); want 1000, 0", r.requests, r.errors, r.firstErr)
	}
}

// BenchmarkServeLoad runs 200 concurrent clients for 10 seconds against a
// server on loopback holding an invented collection of 100,000 statements
// (WHOSAID_LOAD_DOCS documents of 5 statements, default 20000), a mix of
// searches, speaker pages, articles and static files. It reports requests/s,
// errors (must be 0), median and p99 latency, and the peak Go heap of the
// process (server and clients together).
//
//	go test -run '^$' -bench ServeLoad -benchtime 1x ./server
func BenchmarkServeLoad(b *testing.B) {
	if testing.Short() {
		b.Skip("load test: not under -short")
	}
	nDocs := 20000
	if v, err := strconv.Atoi(os.Getenv("WHOSAID_LOAD_DOCS")); err == nil && v > 0 {
		nDocs = v
	}
	clients, d := 200, 10*time.Second
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "load.db")
	w, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	c := synth.New(7, 5000)
	var docs []output.Document
	for i := 0; i < nDocs; i++ {
		docs = append(docs, c.Doc(i))
		if len(docs) == 1000 || i == nDocs-1 {
			if _, err := w.Put(ctx, docs); err != nil {
				b.Fatal(err)
			}
			docs = docs[:0]
		}
	}
	w.Close()
	st, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	base := startServer(b, st)

	var urls []string
	for i := 0; i < 50; i++ {
		urls = append(urls,
			"/api/statements?q="+url.QueryEscape(c.Vocab(5+i*37)),
			"/api/statements?q="+url.QueryEscape(c.Vocab(i)+" "+c.Vocab(100+i)),
			"/api/statements?speaker="+url.QueryEscape(c.Speaker(i)),
			fmt.Sprintf("/api/speakers/%d", 1+i),
			fmt.Sprintf("/api/documents/synth-%07d", i*97%nDocs),
			"/api/statements?outlet="+url.QueryEscape(c.Outlets()[i%7])+"&from=2016-01-01&to=2016-06-30",
			"/api/speakers?limit=50",
			"/",
		)
	}
	runtime.GC()
	b.ResetTimer()
	var r loadResult
	for b.Loop() {
		r = load(base, urls, clients, d, 0)
	}
	b.ReportMetric(float64(r.requests)/r.elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(r.errors), "errors")
	b.ReportMetric(ms(r.p50), "p50-ms")
	b.ReportMetric(ms(r.p99), "p99-ms")
	b.ReportMetric(float64(r.peakHeap)/(1<<20), "peak-heap-MiB")
	b.Logf("%d clients, %s, %d statements: %d requests (%.0f/s), %d errors, p50 %.1f ms, p99 %.1f ms, max %.1f ms, peak heap %.0f MiB, peak RSS %s",
		clients, d, nDocs*5, r.requests, float64(r.requests)/r.elapsed.Seconds(), r.errors, ms(r.p50), ms(r.p99), ms(r.max),
		float64(r.peakHeap)/(1<<20), peakRSS())
	if r.errors > 0 {
		b.Errorf("%d errors; first: %s", r.errors, r.firstErr)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSS returns the process's peak resident memory from /proc (Linux),
// or "unknown".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
