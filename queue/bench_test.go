package queue_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/testenv"
)

// BenchmarkWorkers measures documents per second through the queue with
// 1, 2 and 4 worker processes (-j 1 each) over the 840 articles of
// PolNeAR train, into a fresh PostgreSQL schema ($WHOSAID_POSTGRES) and a
// fresh SQLite store: from the workers' start
// (model loading included) to the last one's exit with -drain. It reports
// docs/s of wall time and CPU-ms/doc, the workers' user and system time
// summed. The sub-benchmark ingest is the same articles through one
// `whosaid ingest -j 1` for comparison, and start is one worker's start
// and exit on an empty queue (loading the model, connecting), in CPU-ms.
// Run it alone on the machine:
//
//	go test -run '^$' -bench Workers -benchtime 1x -count 3 ./queue
func BenchmarkWorkers(b *testing.B) {
	url := testenv.NATS(b)
	texts := testenv.DataDir(b, "polnear", "train", "text")
	entries, err := os.ReadDir(texts)
	if err != nil {
		b.Fatal(err)
	}
	docs := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			docs++
		}
	}
	b.Run("start", func(b *testing.B) {
		var cpu time.Duration
		for range b.N {
			_, c := drainWith(b, url, b.TempDir(), newStore(b, "sqlite"), 1, 0)
			cpu += c
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "CPU-ms/start")
		b.ReportMetric(0, "ns/op")
	})
	b.Run("ingest", func(b *testing.B) {
		var wall, cpu time.Duration
		for range b.N {
			db := filepath.Join(b.TempDir(), "w.db")
			c := exec.Command(whosaidBin(b), "ingest", "-q", "-j", "1", "-db", db, texts)
			start := time.Now()
			if out, err := c.CombinedOutput(); err != nil {
				b.Fatalf("ingest: %v: %s", err, out)
			}
			wall += time.Since(start)
			cpu += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
		}
		b.ReportMetric(float64(docs*b.N)/wall.Seconds(), "docs/s")
		b.ReportMetric(float64(cpu.Milliseconds())/float64(docs*b.N), "CPU-ms/doc")
		b.ReportMetric(0, "ns/op")
	})
	for _, backend := range []string{"postgres", "sqlite"} {
		for _, workers := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("store=%s/workers=%d", backend, workers), func(b *testing.B) {
				var wall, cpu time.Duration
				for range b.N {
					w, c := drainWith(b, url, texts, newStore(b, backend), workers, docs)
					wall += w
					cpu += c
				}
				b.ReportMetric(float64(docs*b.N)/wall.Seconds(), "docs/s")
				b.ReportMetric(float64(cpu.Milliseconds())/float64(docs*b.N), "CPU-ms/doc")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}

// drainWith enqueues the texts of dir on a queue of its own and returns
// the wall and CPU time of n workers storing them into db.
func drainWith(b *testing.B, url, dir, db string, n, docs int) (wall, cpu time.Duration) {
	b.Helper()
	b.StopTimer()
	bin := whosaidBin(b)
	name := fmt.Sprintf("bench%d-%d", os.Getpid(), time.Now().UnixNano())
	cleanQueue(b, url, name)
	if docs > 0 {
		if out, err := exec.Command(bin, "enqueue", "-q", "-nats", url, "-queue", name, dir).CombinedOutput(); err != nil {
			b.Fatalf("enqueue: %v: %s", err, out)
		}
	}
	b.StartTimer()
	start := time.Now()
	cmds := make([]*exec.Cmd, n)
	errs := make([]bytes.Buffer, n)
	for i := range cmds {
		cmds[i] = exec.Command(bin, "worker", "-q", "-drain", "-j", "1", "-nats", url, "-queue", name, "-db", db)
		cmds[i].Stderr = &errs[i]
		if err := cmds[i].Start(); err != nil {
			b.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			b.Fatalf("worker %d: %v: %s", i, err, errs[i].String())
		}
		cpu += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	}
	wall = time.Since(start)
	b.StopTimer()
	if got := max(storeDocs(db), 0); got != docs {
		b.Fatalf("%d documents stored, want %d", got, docs)
	}
	return wall, cpu
}
