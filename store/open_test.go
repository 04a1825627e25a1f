package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/output"
)

// TestConcurrentOpenHelper is the child process of TestConcurrentFirstOpen:
// it waits for the agreed start time, opens the store and stores a document.
func TestConcurrentOpenHelper(t *testing.T) {
	path := os.Getenv("WHOSAID_OPEN_DB")
	if path == "" {
		t.Skip("helper process for TestConcurrentFirstOpen")
	}
	at, _ := strconv.ParseInt(os.Getenv("WHOSAID_OPEN_AT"), 10, 64)
	time.Sleep(time.Until(time.Unix(0, at)))
	if err := openAndPut(path, fixture(t)[0], "child-"+os.Getenv("WHOSAID_OPEN_ID")); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// openAndPut opens the store at path, creating it if needed, and stores d
// under the id doc, as an ingest starting on it would.
func openAndPut(path string, d output.Document, doc string) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	d.Doc = doc
	if _, err := s.Put(ctx, []output.Document{d}); err != nil {
		s.Close()
		return err
	}
	return s.Close()
}

// TestConcurrentFirstOpen opens a store that does not exist yet from
// several goroutines and two processes at once, as two ingests started
// together do: every one must succeed and the store must hold every
// document once.
func TestConcurrentFirstOpen(t *testing.T) {
	const goroutines, processes = 8, 2
	for round := 0; round < 3; round++ {
		path := filepath.Join(t.TempDir(), "new.db")
		start := time.Now().Add(300 * time.Millisecond)
		var cmds []*exec.Cmd
		outs := make([][]byte, processes)
		var pwg sync.WaitGroup
		if !testing.Short() {
			start = time.Now().Add(time.Second) // room for the children to start
			for i := 0; i < processes; i++ {
				cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentOpenHelper$")
				cmd.Env = append(os.Environ(), "WHOSAID_OPEN_DB="+path, "WHOSAID_OPEN_ID="+strconv.Itoa(i),
					"WHOSAID_OPEN_AT="+strconv.FormatInt(start.UnixNano(), 10))
				cmds = append(cmds, cmd)
				pwg.Add(1)
				go func() {
					defer pwg.Done()
					outs[i], _ = cmd.CombinedOutput()
				}()
			}
		}
		d := fixture(t)[0]
		errs := make([]error, goroutines)
		var wg sync.WaitGroup
		for i := 0; i < goroutines; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(time.Until(start))
				errs[i] = openAndPut(path, d, fmt.Sprintf("goroutine-%d", i))
			}()
		}
		wg.Wait()
		pwg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, goroutine %d: %v", round, i, err)
			}
		}
		want := goroutines
		for i, cmd := range cmds {
			if !cmd.ProcessState.Success() {
				t.Errorf("round %d, process %d: %s\n%s", round, i, cmd.ProcessState, outs[i])
			} else {
				want++
			}
		}
		s, err := OpenReadOnly(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(context.Background())
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if st.Documents != want {
			t.Errorf("round %d: store holds %d documents, want %d", round, st.Documents, want)
		}
	}
}
