package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store/synth"
)

// BenchmarkPostgresPut measures the store's write rate into PostgreSQL
// with 1, 2 and 4 concurrent writers, each with a Store of its own as
// separate workers have: one iteration is every writer putting one batch
// of 50 new invented documents (250 statements, speakers drawn from 2,000
// with a skewed frequency, so writers share the common ones). It needs
// $WHOSAID_POSTGRES:
//
//	WHOSAID_POSTGRES=postgres://... go test -run '^$' -bench PostgresPut -benchtime 40x ./store
func BenchmarkPostgresPut(b *testing.B) {
	const batch = 50
	for _, writers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			ctx := context.Background()
			loc := pgSchema(b)
			stores := make([]*Store, writers)
			for i := range stores {
				s, err := Open(ctx, loc)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				stores[i] = s
			}
			c := synth.New(1, 2000)
			c.Labels = true
			next := 0
			retries := putRetries.Load()
			docs := 0
			for b.Loop() {
				b.StopTimer()
				batches := make([][]output.Document, writers)
				for w := range batches {
					for range batch {
						batches[w] = append(batches[w], c.Doc(next))
						next++
					}
				}
				b.StartTimer()
				var wg sync.WaitGroup
				errs := make([]error, writers)
				for w := range writers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, errs[w] = stores[w].Put(ctx, batches[w])
					}()
				}
				wg.Wait()
				for _, err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
				docs += writers * batch
			}
			b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(putRetries.Load()-retries), "retries")
		})
	}
}
