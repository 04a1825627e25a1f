package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whosaid/whosaid/store"
	"github.com/whosaid/whosaid/store/synth"
)

// runC runs one command directly, whether or not it is registered.
func runC(t *testing.T, c *Command, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = c.Run(context.Background(), c, Stdio{In: strings.NewReader(stdin), Out: &out, Err: &errb}, args)
	return code, out.String(), errb.String()
}

func TestIngestAndQuery(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	code, _, errs := runC(t, cmdIngest, "", "-db", db, "-j", "2", "testdata/ingest")
	if code != 0 || !strings.Contains(errs, "2 new") {
		t.Fatalf("first ingest: exit %d, stderr %q; want 0 and 2 new", code, errs)
	}
	s, err := store.OpenReadOnly(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(context.Background())
	s.Close()
	if err != nil || st.Documents != 2 || st.Statements == 0 {
		t.Fatalf("after ingest: %+v, %v; want 2 documents with statements", st, err)
	}
	// The same input again changes nothing and extracts nothing.
	code, _, errs = runC(t, cmdIngest, "", "-db", db, "testdata/ingest")
	if code != 0 || !strings.Contains(errs, "0 new, 0 replaced, 2 unchanged") {
		t.Errorf("second ingest: exit %d, stderr %q; want 2 unchanged", code, errs)
	}

	// extract's own output is recognized by its "statements" field.
	line, _ := json.Marshal(synth.New(1, 10).Doc(0))
	code, _, errs = runC(t, cmdIngest, string(line)+"\n", "-db", db, "-")
	if code != 0 || !strings.Contains(errs, "1 new") || !strings.Contains(errs, "5 statements") {
		t.Errorf("ingest of a result line: exit %d, stderr %q; want 1 new, 5 statements", code, errs)
	}
	// A broken line fails that document only.
	code, _, errs = runC(t, cmdIngest, "{not json\n"+string(line)+"\n", "-db", db, "-q", "-")
	if code != 1 || !strings.Contains(errs, "1 unchanged, 1 failed") {
		t.Errorf("ingest with a bad line: exit %d, stderr %q; want 1, 1 unchanged, 1 failed", code, errs)
	}

	tests := []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{[]string{"-db", db}, 0, "CONTENT", ""},
		{[]string{"-db", db, "-format", "jsonl", "-kind", "direct", "-limit", "50"}, 0, `"kind":"direct"`, ""},
		{[]string{"-db", db, "-speakers"}, 0, "STATEMENTS", ""},
		{[]string{"-db", db, "-speakers", "-format", "jsonl", "olsen"}, 0, `"name":"Karin Olsen"`, ""},
		{[]string{"olsen", "-db", db, "-speakers", "-format", "jsonl"}, 0, `"name":"Karin Olsen"`, ""},
		{[]string{"-db", db, "-from", "2016-04-01", "-to", "2016-04-30", "-format", "jsonl"}, 0, "courier_2016-04-12_school", ""},
		{[]string{"-db", db, "-from", "April"}, 2, "", "from"},
		{[]string{"-db", db, "-format", "xml"}, 2, "", "-format"},
		{[]string{"-db", filepath.Join(t.TempDir(), "none.db")}, 1, "", "none.db"},
	}
	for _, tt := range tests {
		code, out, errs := runC(t, cmdQuery, "", tt.args...)
		if code != tt.code || !strings.Contains(out, tt.inStdout) || !strings.Contains(errs, tt.inStderr) {
			t.Errorf("query %q: exit %d (want %d)\nstdout: %s\nstderr: %s", tt.args, code, tt.code, out, errs)
		}
	}
	// With -format jsonl every line is a JSON object.
	_, out, _ := runC(t, cmdQuery, "", "-db", db, "-format", "jsonl", "-limit", "200")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !json.Valid([]byte(l)) {
			t.Errorf("query jsonl: line is not JSON: %s", l)
		}
	}
}

const killDocs = 3000

// writeResults writes killDocs invented results as extract would (-text).
func writeResults(t *testing.T, path string) {
	t.Helper()
	c := synth.New(9, 300)
	var b bytes.Buffer
	for i := 0; i < killDocs; i++ {
		line, err := json.Marshal(c.Doc(i))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestIngestKillHelper is the child process of TestIngestKilled.
func TestIngestKillHelper(t *testing.T) {
	db, in := os.Getenv("WHOSAID_INGEST_DB"), os.Getenv("WHOSAID_INGEST_IN")
	if db == "" {
		t.Skip("helper process for TestIngestKilled")
	}
	os.Exit(cmdIngest.Run(context.Background(), cmdIngest, Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr},
		[]string{"-db", db, "-batch", "25", "-q", in}))
}

// TestIngestKilled kills an ingest (SIGKILL) once it has committed some
// batches, reruns it, and checks the store against an ingest that was
// never interrupted: nothing lost, nothing twice.
func TestIngestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	in, db := filepath.Join(dir, "results.jsonl"), filepath.Join(dir, "killed.db")
	writeResults(t, in)
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestKillHelper$")
	cmd.Env = append(os.Environ(), "WHOSAID_INGEST_DB="+db, "WHOSAID_INGEST_IN="+in)
	var childErr bytes.Buffer
	cmd.Stderr = &childErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Kill once at least 200 documents are visible to a reader.
	killedAt := -1
	deadline := time.Now().Add(2 * time.Minute)
poll:
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("ingest ended (%v) before it was killed; stderr: %s", err, childErr.String())
		case <-time.After(20 * time.Millisecond):
		}
		s, err := store.OpenReadOnly(ctx, db)
		if err != nil {
			continue // not created yet
		}
		st, err := s.Stats(ctx)
		s.Close()
		if err == nil && st.Documents >= 200 {
			cmd.Process.Kill()
			<-exited
			killedAt = st.Documents
			break poll
		}
	}
	if killedAt < 0 {
		cmd.Process.Kill()
		t.Fatal("ingest did not commit 200 documents in 2 minutes")
	}
	s, err := store.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	st, err := s.Stats(ctx)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents >= killDocs || st.Documents%25 != 0 || st.Statements != 5*st.Documents {
		t.Fatalf("after kill: %d documents, %d statements; want whole batches of 25 below %d, 5 statements each", st.Documents, st.Statements, killDocs)
	}
	t.Logf("killed with %d documents committed (%d seen)", st.Documents, killedAt)

	code, _, errs := runC(t, cmdIngest, "", "-db", db, "-batch", "25", in)
	want := fmt.Sprintf("%d new, 0 replaced, %d unchanged", killDocs-st.Documents, st.Documents)
	if code != 0 || !strings.Contains(errs, want) {
		t.Errorf("rerun: exit %d, stderr %q; want %q", code, errs, want)
	}
	clean := filepath.Join(dir, "clean.db")
	if code, _, errs := runC(t, cmdIngest, "", "-db", clean, in); code != 0 {
		t.Fatalf("clean ingest: exit %d: %s", code, errs)
	}
	if a, b := dump(t, db), dump(t, clean); a != b {
		t.Errorf("resumed store differs from a clean ingest")
	}
}

// dump renders what query shows of a store: stats, every speaker, and the
// statements of each document.
func dump(t *testing.T, db string) string {
	t.Helper()
	ctx := context.Background()
	s, err := store.OpenReadOnly(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b strings.Builder
	st, _ := s.Stats(ctx)
	fmt.Fprintf(&b, "%+v\n", st)
	for off := 0; ; off += store.MaxLimit {
		p, err := s.Speakers(ctx, store.SpeakerQuery{Limit: store.MaxLimit, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range p.Speakers {
			fmt.Fprintf(&b, "%s %d %d %s %s\n", sp.Name, sp.Statements, sp.Documents, sp.FirstDate, sp.LastDate)
		}
		if !p.More {
			break
		}
	}
	for i := 0; i < killDocs; i += 97 {
		d, err := s.Document(ctx, fmt.Sprintf("synth-%07d", i))
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range d.Statements {
			fmt.Fprintf(&b, "%s %s %s %v\n", d.Doc, x.SID, x.Content.Text, x.Speaker.Global != 0)
		}
	}
	return b.String()
}

// TestQueryUpgradesOldStore checks that reading a store written by an
// older whosaid (an older schema version) upgrades it instead of failing.
func TestQueryUpgradesOldStore(t *testing.T) {
	// A store written by the whosaid before statement labels (schema
	// version 2), kept by package store's tests.
	db := filepath.Join(t.TempDir(), "w.db")
	old, err := os.ReadFile(filepath.Join("..", "..", "store", "testdata", "v2.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := store.OpenReadOnly(context.Background(), db); !errors.Is(err, store.ErrOldSchema) {
		t.Fatalf("OpenReadOnly of an old store: %v, want ErrOldSchema", err)
	}
	code, out, errs := runC(t, cmdQuery, "", "-db", db, "-format", "jsonl")
	if code != 0 || !strings.Contains(errs, "upgrading") || out == "" {
		t.Fatalf("query of an old store: exit %d, stdout %q, stderr %q; want 0, statements, an upgrade note", code, out, errs)
	}
	// Upgraded once: the next reader says nothing.
	if code, _, errs = runC(t, cmdQuery, "", "-db", db); code != 0 || strings.Contains(errs, "upgrading") {
		t.Errorf("second query: exit %d, stderr %q", code, errs)
	}
}

// TestMissingStore checks that query and serve on a store that does not
// exist say how to create one, and create no file.
func TestMissingStore(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		cmd  *Command
		args []string
	}{
		{cmdQuery, []string{"wall"}},
		{cmdQuery, []string{"-speakers"}},
		{cmdServe, []string{"-addr", "127.0.0.1:0"}},
	} {
		db := filepath.Join(dir, tt.cmd.Name+".db")
		code, out, errs := runC(t, tt.cmd, "", append([]string{"-db", db}, tt.args...)...)
		want := fmt.Sprintf("whosaid %s: no store at %s; create one with 'whosaid ingest -db %s FILES'", tt.cmd.Name, db, db)
		if code != 1 || out != "" || !strings.Contains(errs, want) {
			t.Errorf("%s %q: exit %d, stdout %q, stderr %q; want 1 and %q", tt.cmd.Name, tt.args, code, out, errs, want)
		}
		if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s %q created %s (%v)", tt.cmd.Name, tt.args, db, err)
		}
	}
}

// TestIngestReportsRefused checks that ingest names each document the store
// refuses (and fails for it) and each value it leaves out (a warning).
func TestIngestReportsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	good, _ := json.Marshal(synth.New(1, 10).Doc(0))
	bad := synth.New(2, 10).Doc(0)
	bad.Doc = "bad"
	bad.Statements[0].Kind = "shouted"
	badLine, _ := json.Marshal(bad)
	link := synth.New(3, 10).Doc(0)
	link.Doc = "link"
	link.Meta = map[string]json.RawMessage{"url": json.RawMessage(`"javascript:alert(1)"`)}
	linkLine, _ := json.Marshal(link)
	in := string(good) + "\n" + string(badLine) + "\n" + string(linkLine) + "\n"
	code, _, errs := runC(t, cmdIngest, in, "-db", db, "-q", "-")
	if code != 1 {
		t.Errorf("exit %d, want 1 (a document was refused)", code)
	}
	for _, want := range []string{`"bad" not stored`, `"link"`, "javascript:", "2 new", "1 failed"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q lacks %q", errs, want)
		}
	}
}
