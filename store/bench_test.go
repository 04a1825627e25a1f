package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store/synth"
)

// BenchmarkPut measures storing batches of 100 new invented documents
// (500 statements) in one transaction each.
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	c := synth.New(1, 2000)
	next := 0
	batch := func() ([]output.Document, int64) {
		docs := make([]output.Document, 100)
		var n int64
		for i := range docs {
			docs[i] = c.Doc(next)
			next++
			n += int64(len(docs[i].Text))
		}
		return docs, n
	}
	b.ReportAllocs()
	statements := 0
	for b.Loop() {
		b.StopTimer()
		docs, n := batch()
		b.SetBytes(n)
		b.StartTimer()
		st, err := s.Put(ctx, docs)
		if err != nil {
			b.Fatal(err)
		}
		statements += st.Statements
	}
	b.ReportMetric(float64(statements)/b.Elapsed().Seconds(), "statements/s")
}

// BenchmarkSearch measures the common searches on 50,000 statements.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	c := synth.New(2, 2000)
	var docs []output.Document
	for i := 0; i < 10000; i++ {
		docs = append(docs, c.Doc(i))
		if len(docs) == 1000 {
			if _, err := s.Put(ctx, docs); err != nil {
				b.Fatal(err)
			}
			docs = docs[:0]
		}
	}
	for _, q := range benchQueries(c) {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Search(ctx, q.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type namedQuery struct {
	name string
	q    Query
}

// benchQueries are the searches the benchmarks time: words common and
// rare, a phrase, a speaker's statements, filters without words.
func benchQueries(c *synth.Collection) []namedQuery {
	return []namedQuery{
		{"common-word", Query{Text: c.Vocab(2)}},
		{"rare-word", Query{Text: c.Vocab(5000)}},
		{"two-words", Query{Text: c.Vocab(10) + " " + c.Vocab(50)}},
		{"phrase", Query{Text: `"` + c.Vocab(3) + " " + c.Vocab(4) + `"`}},
		{"prefix", Query{Text: c.Vocab(7)[:2] + "*"}},
		{"speaker", Query{Speaker: c.Speaker(0)}},
		{"speaker+word", Query{Speaker: c.Speaker(3), Text: c.Vocab(20)}},
		{"outlet+dates", Query{Outlet: c.Outlets()[1], From: "2016-03-01", To: "2016-03-31"}},
		{"word+kind+dates", Query{Text: c.Vocab(30), Kind: "direct", From: "2015-06-01", To: "2015-12-31"}},
		{"latest", Query{}},
	}
}

var million struct {
	once    sync.Once
	err     error
	ingest  float64 // statements per second
	docs    int
	stmts   int
	elapsed time.Duration
	size    int64
	lat     map[string][2]time.Duration // query kind -> p50, p99
	all     [2]time.Duration
}

// BenchmarkMillion ingests 1,000,000 invented statements (200,000
// documents) into a fresh store and times 50 runs of each benchmark query.
// It takes a few minutes; run it alone:
//
//	go test -run '^$' -bench Million -benchtime 1x ./store
//
// WHOSAID_BENCH_DIR names the directory of the store file (default a
// temporary one, removed afterwards).
func BenchmarkMillion(b *testing.B) {
	if testing.Short() {
		b.Skip("1M statements: not under -short")
	}
	million.once.Do(func() { million.err = runMillion(b) })
	if million.err != nil {
		b.Fatal(million.err)
	}
	b.ReportMetric(million.ingest, "ingest-statements/s")
	b.ReportMetric(float64(million.all[0].Microseconds())/1000, "search-p50-ms")
	b.ReportMetric(float64(million.all[1].Microseconds())/1000, "search-p99-ms")
	b.ReportMetric(float64(million.size)/(1<<20), "db-MiB")
	for b.Loop() {
	}
	var names []string
	for k := range million.lat {
		names = append(names, k)
	}
	slices.Sort(names)
	b.Logf("ingested %d statements (%d documents) in %s: %.0f statements/s; store %.0f MiB",
		million.stmts, million.docs, million.elapsed.Round(time.Second), million.ingest, float64(million.size)/(1<<20))
	for _, k := range names {
		b.Logf("search %-16s p50 %8.2f ms  p99 %8.2f ms", k, ms(million.lat[k][0]), ms(million.lat[k][1]))
	}
	b.Logf("search %-16s p50 %8.2f ms  p99 %8.2f ms", "all", ms(million.all[0]), ms(million.all[1]))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func runMillion(b *testing.B) error {
	ctx := context.Background()
	dir := os.Getenv("WHOSAID_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("million-%d.db", time.Now().UnixNano()))
	defer os.Remove(path)
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	c := synth.New(42, 20000)
	const nDocs = 200000
	var gen time.Duration
	start := time.Now()
	batch := make([]output.Document, 0, 1000)
	for i := 0; i < nDocs; i++ {
		t := time.Now()
		batch = append(batch, c.Doc(i))
		gen += time.Since(t)
		if len(batch) == cap(batch) || i == nDocs-1 {
			st, err := s.Put(ctx, batch)
			if err != nil {
				return err
			}
			million.stmts += st.Statements
			million.docs += st.Added
			batch = batch[:0]
		}
	}
	// Time spent inventing documents is not ingest time.
	million.elapsed = time.Since(start) - gen
	million.ingest = float64(million.stmts) / million.elapsed.Seconds()
	if fi, err := os.Stat(path); err == nil {
		million.size = fi.Size()
	}
	if fi, err := os.Stat(path + "-wal"); err == nil {
		million.size += fi.Size()
	}
	million.lat = map[string][2]time.Duration{}
	var all []time.Duration
	for _, q := range benchQueries(c) {
		var ds []time.Duration
		for i := 0; i < 50; i++ {
			t := time.Now()
			if _, err := s.Search(ctx, q.q); err != nil {
				return fmt.Errorf("%s: %w", q.name, err)
			}
			ds = append(ds, time.Since(t))
		}
		all = append(all, ds...)
		million.lat[q.name] = percentiles(ds)
	}
	million.all = percentiles(all)
	return nil
}

// percentiles returns the median and the 99th percentile of ds.
func percentiles(ds []time.Duration) [2]time.Duration {
	slices.Sort(ds)
	at := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	return [2]time.Duration{at(0.5), at(0.99)}
}

// BenchmarkNameKey measures normalizing the speaker names Put keys on, one
// of each kind: plain, honorific, middle initial, suffix, non-Latin.
func BenchmarkNameKey(b *testing.B) {
	names := []string{"Maria Zakharova", "President Donald J. Trump's", "George H. W. Bush", "Donald Trump Jr.", "Владимир В. Путин", "习近平"}
	n := 0
	for _, s := range names {
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range names {
			NameKey(s)
		}
	}
}
