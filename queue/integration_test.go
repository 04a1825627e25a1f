package queue_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/nats-io/nats.go"

	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/queue"
	"github.com/whosaid/whosaid/store"
)

// The tests of this file run the whosaid binary, built once, against real
// servers: the shared NATS server ($WHOSAID_NATS) with a queue name of
// each test's own, or a private nats-server that a test stops and starts.

var (
	binDir   string
	binOnce  sync.Once
	binPath  string
	binError error
)

func TestMain(m *testing.M) {
	var err error
	binDir, err = os.MkdirTemp("", "whosaid-queue-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

// whosaidBin returns the whosaid binary, built on first use (not in
// TestMain itself, so that a fuzzing or -run of the unit tests does not
// wait for it).
func whosaidBin(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the whosaid binary")
	}
	binOnce.Do(func() {
		binPath = filepath.Join(binDir, "whosaid")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/whosaid/whosaid/cmd/whosaid").CombinedOutput()
		if err != nil {
			binError = fmt.Errorf("go build ./cmd/whosaid: %v\n%s", err, out)
		}
	})
	if binError != nil {
		t.Fatal(binError)
	}
	return binPath
}

// proc is a whosaid process.
type proc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	exited chan struct{}
}

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

// start starts whosaid with args; it is killed at the test's end.
func start(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(whosaidBin(t), args...), stderr: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd.Stderr = p.stderr
	p.cmd.Dir = t.TempDir()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

// wait returns the exit code, failing the test after d.
func (p *proc) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		t.Fatalf("whosaid %q still running after %s; stderr:\n%s", p.cmd.Args[1:], d, p.stderr)
		return -1
	}
}

// run runs whosaid with args to its end and returns its exit code and
// output.
func run(t *testing.T, d time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	p := exec.Command(whosaidBin(t), args...)
	var out, errb bytes.Buffer
	p.Stdout, p.Stderr = &out, &errb
	p.Dir = t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { p.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		p.Process.Kill()
		<-done
		t.Fatalf("whosaid %q still running after %s; stderr:\n%s", args, d, errb.String())
	}
	return p.ProcessState.ExitCode(), out.String(), errb.String()
}

// queueName returns a queue name of the test's own.
func queueName(t *testing.T) string {
	return fmt.Sprintf("it%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-"))
}

// cleanQueue deletes the streams of the queue name on url, before and
// after the test.
func cleanQueue(t testing.TB, url, name string) {
	t.Helper()
	del := func() {
		nc, err := nats.Connect(url)
		if err != nil {
			return
		}
		defer nc.Close()
		for _, s := range []string{name + "-docs", name + "-dead"} {
			nc.Request("$JS.API.STREAM.DELETE."+s, nil, 2*time.Second)
		}
	}
	del()
	t.Cleanup(del)
}

var (
	speakers = []string{"Mayor Elena Varga", "Tom Hale", "Karin Olsen", "Senator Pedro Alves", "Dr. Amina Diallo", "Chief Ray Okafor", "Lena Brandt"}
	claims   = []string{"the bridge will reopen in May", "the budget is balanced", "no jobs will be lost",
		"the river is safe again", "taxes will not rise", "the school must stay open", "the port will close"}
)

// writeDocs writes n small invented articles as JSONL.
func writeDocs(t *testing.T, path string, n int) {
	t.Helper()
	var b bytes.Buffer
	for i := range n {
		a, c := speakers[i%len(speakers)], claims[(i/len(speakers))%len(claims)]
		o := speakers[(i+3)%len(speakers)]
		text := fmt.Sprintf("“We have said it before: %s,” %s said on day %d.\n\n%s disagreed, saying that the plan number %d was a mistake. “Nobody believes that,” %s told reporters.",
			c, a, i, o, i, strings.Fields(o)[len(strings.Fields(o))-1])
		line, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("doc%05d", i), "text": text,
			"date": fmt.Sprintf("2016-%02d-%02d", 1+i%12, 1+i%28), "outlet": "courier"})
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newStore returns a fresh store of the backend: a SQLite file, or a
// PostgreSQL schema of its own in the database of $WHOSAID_POSTGRES (a URL
// whose search_path is that schema), dropped when the test ends.
func newStore(t testing.TB, backend string) string {
	t.Helper()
	if backend == "sqlite" {
		return filepath.Join(t.TempDir(), "w.db")
	}
	base := testenv.Postgres(t)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema := fmt.Sprintf("queuetest_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL %s: %v", queue.Redact(base), err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := neturl.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// storeDocs returns how many documents the store at path holds, -1
// before it can be read.
func storeDocs(path string) int {
	ctx := context.Background()
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

// statsOf runs whosaid stats and decodes its JSON.
func statsOf(t *testing.T, args ...string) statsJSON {
	t.Helper()
	code, out, errs := run(t, 30*time.Second, append([]string{"stats", "-format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("stats %q: exit %d: %s", args, code, errs)
	}
	var st statsJSON
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats output %q: %v", out, err)
	}
	return st
}

type statsJSON struct {
	Store struct {
		Documents, Statements, Speakers int
	}
	Queue *struct {
		Pending, Queued int
		InFlight        int `json:"in_flight"`
		DeadLettered    int `json:"dead_lettered"`
		Redelivered     int
		LastDead        []struct{ Doc, Error string } `json:"last_dead"`
	}
}

// waitStored waits until the store at db holds at least n documents.
func waitStored(t *testing.T, db string, n int, d time.Duration, procs ...*proc) {
	t.Helper()
	for deadline := time.Now().Add(d); storeDocs(db) < n; time.Sleep(50 * time.Millisecond) {
		for _, p := range procs {
			select {
			case <-p.exited:
				t.Fatalf("a worker exited (%v) before %d documents were stored; stderr:\n%s", p.cmd.ProcessState, n, p.stderr)
			default:
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d documents stored after %s (%d)", n, d, storeDocs(db))
		}
	}
}

// TestWorkersKilled runs three workers over a few thousand documents and
// kills one with SIGKILL midway; two poison messages wait in the queue.
// Every document ends in the store exactly once, with the counts and
// results of a single ingest of the same input into SQLite, and the poison
// in the dead letters. It runs with each store: SQLite and PostgreSQL.
func TestWorkersKilled(t *testing.T) {
	url := testenv.NATS(t)
	dir := t.TempDir()
	in, ref := filepath.Join(dir, "docs.jsonl"), filepath.Join(dir, "ref.db")
	const n = 2000
	writeDocs(t, in, n)
	var refOnce sync.Once
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			db := newStore(t, backend)
			name := queueName(t)
			cleanQueue(t, url, name)
			code, _, errs := run(t, time.Minute, "enqueue", "-nats", url, "-queue", name, in)
			if code != 0 || !strings.Contains(errs, fmt.Sprintf("%d published", n)) {
				t.Fatalf("enqueue: exit %d; stderr:\n%s", code, errs)
			}
			nc, err := nats.Connect(url)
			if err != nil {
				t.Fatal(err)
			}
			for _, body := range []string{"not a document", "{\"v\":1,\"id\":\"bad\",\"text\":\"caf\xe9\"}"} {
				if _, err := nc.Request(name+".docs", []byte(body), 5*time.Second); err != nil {
					t.Fatal(err)
				}
			}
			nc.Close()

			worker := func() *proc {
				return start(t, "worker", "-nats", url, "-queue", name, "-db", db, "-drain", "-j", "1", "-ack-wait", "2s", "-q")
			}
			ws := []*proc{worker(), worker(), worker()}
			waitStored(t, db, n/3, time.Minute, ws...)
			ws[1].cmd.Process.Signal(syscall.SIGKILL)
			<-ws[1].exited
			for _, i := range []int{0, 2} {
				if code := ws[i].wait(t, time.Minute); code != 0 {
					t.Errorf("worker %d: exit %d; stderr:\n%s", i, code, ws[i].stderr)
				}
			}
			refOnce.Do(func() {
				if code, _, errs := run(t, time.Minute, "ingest", "-db", ref, "-q", "-j", "2", in); code != 0 {
					t.Fatalf("ingest: exit %d: %s", code, errs)
				}
			})
			got := statsOf(t, "-db", db, "-nats", url, "-queue", name)
			want := statsOf(t, "-db", ref)
			if got.Store != want.Store || got.Store.Documents != n {
				t.Errorf("workers stored %+v, a single ingest %+v; want equal, %d documents", got.Store, want.Store, n)
			}
			q := got.Queue
			if q == nil || q.Queued != 0 || q.InFlight != 0 || q.DeadLettered != 2 || len(q.LastDead) != 2 {
				t.Fatalf("queue %+v; want empty with 2 dead letters", q)
			}
			for _, d := range q.LastDead {
				if !strings.Contains(d.Error, "not a whosaid document") {
					t.Errorf("dead letter %+v: want its error", d)
				}
			}
			if a, b := resultHashes(t, db), resultHashes(t, ref); a != b {
				t.Errorf("the workers' results differ from ingest's")
			}
		})
	}
}

// resultHashes lists every document of the store at path with the
// hashes of its text and result, as the store keeps them.
func resultHashes(t *testing.T, path string) string {
	t.Helper()
	driver, dsn := "sqlite", "file:"+path+"?mode=ro"
	if store.IsPostgres(path) {
		driver, dsn = "pgx", path
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT doc, text_hash, result_hash FROM documents ORDER BY doc")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var doc, th, rh string
		if err := rows.Scan(&doc, &th, &rh); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, doc, th, rh)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestServerDown checks that an unreachable server or store stops each
// command before it writes anything, with exit 2 and an error naming it
// without its password.
func TestServerDown(t *testing.T) {
	dead := "nats://bob:s3cret@127.0.0.1:9" // discard port: nothing listens
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	url := testenv.NATS(t)
	for _, args := range [][]string{
		{"worker", "-nats", dead, "-db", db},
		{"enqueue", "-nats", dead, "../../examples"},
		{"worker", "-nats", url, "-db", "postgres://whosaid:s3cret@127.0.0.1:9/whosaid?sslmode=disable"},
		{"stats", "-db", db, "-nats", dead},
	} {
		code, _, errs := run(t, 30*time.Second, args...)
		if code != 2 || strings.Contains(errs, "s3cret") || !strings.Contains(errs, "127.0.0.1:9") {
			t.Errorf("whosaid %q: exit %d, stderr %q; want 2 and an error naming the server without its password", args, code, errs)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("whosaid %q created the store", args)
		}
	}
}

// TestServerRestart stops the NATS server under two workers and starts it
// again: they reconnect and finish the queue.
func TestServerRestart(t *testing.T) {
	srv := testenv.StartNATS(t)
	dir := t.TempDir()
	in, db := filepath.Join(dir, "docs.jsonl"), filepath.Join(dir, "w.db")
	const n = 1200
	writeDocs(t, in, n)
	if code, _, errs := run(t, time.Minute, "enqueue", "-nats", srv.URL, in); code != 0 {
		t.Fatalf("enqueue: exit %d: %s", code, errs)
	}
	ws := []*proc{
		start(t, "worker", "-nats", srv.URL, "-db", db, "-drain", "-j", "1", "-ack-wait", "2s", "-q"),
		start(t, "worker", "-nats", srv.URL, "-db", db, "-drain", "-j", "1", "-ack-wait", "2s", "-q"),
	}
	waitStored(t, db, n/4, time.Minute, ws...)
	srv.Stop()
	time.Sleep(time.Second)
	srv.Start()
	for i, w := range ws {
		if code := w.wait(t, time.Minute); code != 0 {
			t.Errorf("worker %d: exit %d; stderr:\n%s", i, code, w.stderr)
		}
	}
	if got := storeDocs(db); got != n {
		t.Errorf("%d documents stored, want %d", got, n)
	}
	if !strings.Contains(ws[0].stderr.String()+ws[1].stderr.String(), "connected again") {
		t.Errorf("no worker says it reconnected:\n%s\n%s", ws[0].stderr, ws[1].stderr)
	}
}

// TestWorkerSIGTERM stops a worker with SIGTERM midway: it exits 0 soon,
// and no document is lost: what it did not store is still queued, and a
// second worker stores it. The store is PostgreSQL.
func TestWorkerSIGTERM(t *testing.T) {
	url := testenv.NATS(t)
	db := newStore(t, "postgres")
	name := queueName(t)
	cleanQueue(t, url, name)
	dir := t.TempDir()
	in := filepath.Join(dir, "docs.jsonl")
	const n = 1000
	writeDocs(t, in, n)
	if code, _, errs := run(t, time.Minute, "enqueue", "-nats", url, "-queue", name, in); code != 0 {
		t.Fatalf("enqueue: exit %d: %s", code, errs)
	}
	w := start(t, "worker", "-nats", url, "-queue", name, "-db", db, "-j", "2", "-ack-wait", "2s")
	waitStored(t, db, 100, time.Minute, w)
	w.cmd.Process.Signal(syscall.SIGTERM)
	if code := w.wait(t, 15*time.Second); code != 0 || !strings.Contains(w.stderr.String(), "stopped") {
		t.Errorf("after SIGTERM: exit %d; stderr:\n%s", code, w.stderr)
	}
	st := statsOf(t, "-db", db, "-nats", url, "-queue", name)
	if st.Store.Documents+st.Queue.Queued != n || st.Queue.Queued == 0 {
		t.Errorf("after SIGTERM: %d stored + %d queued, want %d, some queued", st.Store.Documents, st.Queue.Queued, n)
	}
	if code, _, errs := run(t, time.Minute, "worker", "-nats", url, "-queue", name, "-db", db, "-drain", "-q"); code != 0 {
		t.Fatalf("second worker: exit %d: %s", code, errs)
	}
	if got := storeDocs(db); got != n {
		t.Errorf("%d documents stored, want %d", got, n)
	}
}
