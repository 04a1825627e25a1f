package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

const killBatch = 7

// synthDocs returns n invented documents of three statements each.
func synthDocs(t testing.TB, n int) []output.Document {
	names := []string{"Ana Souza", "Tomas Berg", "Lea Moreau", "Ken Ito"}
	docs := make([]output.Document, n)
	for i := range docs {
		a, b := names[i%len(names)], names[(i+1)%len(names)]
		text := fmt.Sprintf("“Plan %d is ready,” said %s. %s said the vote on item %d was close. The council of town %d disagreed, %s added.", i, a, b, i, i, a)
		docs[i] = mkDoc(t, fmt.Sprintf("doc%05d", i), fmt.Sprintf("2016-%02d-%02d", 1+i%12, 1+i%28), []string{"Gazette", "Courier"}[i%2], text,
			said{"direct", a, "said", fmt.Sprintf("Plan %d is ready,", i), a},
			said{"indirect", b, "said", fmt.Sprintf("the vote on item %d was close", i), b},
			said{"indirect", "", "added", fmt.Sprintf("The council of town %d disagreed", i), a})
	}
	return docs
}

// ingestResumable stores docs in batches, skipping those already stored with
// the same text, as whosaid ingest does; after each commit it calls done.
func ingestResumable(ctx context.Context, s *Store, docs []output.Document, done func(committed int)) error {
	var batch []output.Document
	n := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := s.Put(ctx, batch); err != nil {
			return err
		}
		n += len(batch)
		batch = batch[:0]
		done(n)
		return nil
	}
	for _, d := range docs {
		ok, err := s.Has(ctx, d.Doc, TextHash(d.Text))
		if err != nil {
			return err
		}
		if ok {
			continue
		}
		batch = append(batch, d)
		if len(batch) == killBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// TestKillHelper is the child process of TestKillDuringIngest.
func TestKillHelper(t *testing.T) {
	path := os.Getenv("WHOSAID_KILL_DB")
	if path == "" {
		t.Skip("helper process for TestKillDuringIngest")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	err = ingestResumable(ctx, s, synthDocs(t, 2000), func(n int) { fmt.Println("committed", n) })
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestKillDuringIngest kills an ingesting process (SIGKILL, no chance to
// clean up), checks that what it committed is whole, reruns the ingest and
// compares with an ingest that was never interrupted.
func TestKillDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "killed.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelper$", "-test.v")
	cmd.Env = append(os.Environ(), "WHOSAID_KILL_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	commits := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "error") {
			t.Fatal(line)
		}
		if strings.HasPrefix(line, "committed") {
			commits++
			if commits == 5 {
				break // kill while later batches are being written
			}
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if commits < 5 {
		t.Fatalf("child committed %d batches before ending, want >= 5", commits)
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents < 5*killBatch || st.Documents%killBatch != 0 || st.Statements != 3*st.Documents {
		t.Fatalf("after kill: %d documents, %d statements; want whole batches of %d, 3 statements each", st.Documents, st.Statements, killBatch)
	}
	t.Logf("killed after %d documents", st.Documents)

	docs := synthDocs(t, 2000)
	if err := ingestResumable(ctx, s, docs, func(int) {}); err != nil {
		t.Fatal(err)
	}
	clean := openTemp(t)
	if err := ingestResumable(ctx, clean, docs, func(int) {}); err != nil {
		t.Fatal(err)
	}
	got, want := snapshot(t, s), snapshot(t, clean)
	if got != want {
		t.Errorf("resumed store differs from a clean ingest")
	}
	gs, _ := s.Stats(ctx)
	if gs.Documents != 2000 || gs.Statements != 6000 {
		t.Errorf("resumed store: %d documents, %d statements; want 2000, 6000", gs.Documents, gs.Statements)
	}
	sp, _ := s.Speakers(ctx, SpeakerQuery{})
	total := 0
	for _, x := range sp.Speakers {
		total += x.Statements
	}
	if total != 6000 {
		t.Errorf("speaker index counts %d statements, want 6000", total)
	}
}
