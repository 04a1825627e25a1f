package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestPeople ingests the two invented articles of testdata/ingest
// with an invented people list, then queries by person and party.
func TestIngestPeople(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	code, _, errs := runC(t, cmdIngest, "", "-db", db, "-q", "-people", "testdata/people.csv", "testdata/ingest")
	if code != 0 || !strings.Contains(errs, "people list testdata/people.csv: 2 people (2 new, 0 changed, 0 removed)") ||
		!strings.Contains(errs, "ingest: 2 speakers linked to the people list, with 4 statements") {
		t.Fatalf("ingest -people: exit %d, stderr %q", code, errs)
	}
	tests := []struct {
		args     []string
		code     int
		inStdout []string
		inStderr string
	}{
		{[]string{"-person", "K1", "-format", "jsonl"}, 0,
			[]string{`"person":{"id":"K1","name":"Karin Olsen","gender":"female","party":"Island Party","role":"Chair of the port authority"}`}, ""},
		{[]string{"-party", "island party"}, 0, []string{"Karin Olsen"}, ""},
		{[]string{"-person", "K2"}, 0, []string{"Per Lund"}, ""},
		{[]string{"-people"}, 0, []string{"K1", "Karin Olsen", "Island Party", "K2", "Headteacher"}, ""},
		{[]string{"-people", "-format", "jsonl", "-party", "Island Party"}, 0, []string{`"id":"K1"`, `"statements":`}, ""},
		{[]string{"-person", "K\x01"}, 2, nil, "person"},
	}
	for _, tt := range tests {
		code, out, errs := runC(t, cmdQuery, "", append([]string{"-db", db}, tt.args...)...)
		ok := code == tt.code && strings.Contains(errs, tt.inStderr)
		for _, s := range tt.inStdout {
			ok = ok && strings.Contains(out, s)
		}
		if !ok {
			t.Errorf("query %q: exit %d (want %d)\nstdout: %s\nstderr: %s", tt.args, code, tt.code, out, errs)
		}
	}
	// Per Lund's statements are not Karin Olsen's.
	if _, out, _ := runC(t, cmdQuery, "", "-db", db, "-person", "K2", "-format", "jsonl"); strings.Contains(out, `"K1"`) {
		t.Errorf("-person K2 gives K1's statements:\n%s", out)
	}

	// A list alone replaces the store's list.
	one := filepath.Join(t.TempDir(), "one.jsonl")
	if err := os.WriteFile(one, []byte(`{"id":"K2","name":"Per Lund","variants":["Lund"],"gender":"male"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runC(t, cmdIngest, "", "-db", db, "-people", one)
	if code != 0 || !strings.Contains(errs, "1 people (0 new, 1 changed, 1 removed); 1 speakers linked") {
		t.Errorf("ingest -people alone: exit %d, stderr %q", code, errs)
	}
	if _, out, _ := runC(t, cmdQuery, "", "-db", db, "-person", "K1"); strings.Contains(out, "Olsen") {
		t.Errorf("K1 left the list but still selects:\n%s", out)
	}

	// A bad list is refused before anything is stored, naming file, line and field.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("id,name,gender\nK1,Karin Olsen,f\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runC(t, cmdIngest, "", "-db", db, "-people", bad, "testdata/ingest")
	if code != 2 || !strings.Contains(errs, "bad.csv: line 2: field gender: \"f\" is not one of") {
		t.Errorf("bad list: exit %d, stderr %q", code, errs)
	}
}
