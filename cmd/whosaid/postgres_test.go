package main

import (
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver, to make a schema for the test

	"github.com/whosaid/whosaid/internal/testenv"
)

// TestPostgresURLUnreachable gives ingest, query and serve a PostgreSQL
// URL whose server is not there: exit 2, an error naming the server and
// the database, never the password.
func TestPostgresURLUnreachable(t *testing.T) {
	dsn := "postgres://whosaid:sekrit-pw@127.0.0.1:1/newsdb?sslmode=disable&connect_timeout=5"
	for _, c := range []*Command{cmdIngest, cmdQuery, cmdServe} {
		args := []string{"-db", dsn}
		if c == cmdIngest {
			args = append(args, "testdata/ingest")
		}
		code, _, errs := runC(t, c, "", args...)
		if code != 2 || !strings.Contains(errs, "127.0.0.1:1") || !strings.Contains(errs, "newsdb") || strings.Contains(errs, "sekrit-pw") {
			t.Errorf("%s -db %s: exit %d, stderr %q; want 2 and an error naming 127.0.0.1:1 and newsdb, without the password", c.Name, dsn, code, errs)
		}
	}
}

// TestPostgresIngestAndQuery ingests the test articles into a PostgreSQL
// schema and into a SQLite file: query prints the same from both, and
// the messages never show the password.
func TestPostgresIngestAndQuery(t *testing.T) {
	base := testenv.Postgres(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("wscmd_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	pg := u.String()
	pw, _ := u.User.Password()

	// Before ingest there is no store: query says how to make one.
	code, _, errs := runC(t, cmdQuery, "", "-db", pg, "harbour")
	if code != 1 || !strings.Contains(errs, "no store at postgres://") || (pw != "" && strings.Contains(errs, ":"+pw+"@")) {
		t.Errorf("query before ingest: exit %d, stderr %q; want 1, no store, no password", code, errs)
	}
	lite := filepath.Join(t.TempDir(), "w.db")
	for _, db := range []string{pg, lite} {
		if code, _, errs := runC(t, cmdIngest, "", "-db", db, "-q", "testdata/ingest"); code != 0 {
			t.Fatalf("ingest -db %s: exit %d, stderr %q", db, code, errs)
		}
	}
	// Ingesting again changes nothing.
	if code, _, errs := runC(t, cmdIngest, "", "-db", pg, "testdata/ingest"); code != 0 || !strings.Contains(errs, "0 new") {
		t.Errorf("second ingest into PostgreSQL: exit %d, stderr %q; want 0 new", code, errs)
	}
	for _, args := range [][]string{{"-format", "jsonl", "-sort", "oldest"}, {"-speakers", "-format", "jsonl"},
		{"-format", "jsonl", "-sort", "oldest", "roof"}, {"-format", "jsonl", "timetable OR roof"}, {"-speaker", "Olsen", "-format", "jsonl"},
		{"-speaker", "olsen", "-format", "jsonl"}, {"-outlet", "COURIER", "-format", "jsonl"}, {"-outlet", " Gazette ", "-format", "jsonl"}} {
		_, pout, perr := runC(t, cmdQuery, "", append([]string{"-db", pg}, args...)...)
		_, lout, lerr := runC(t, cmdQuery, "", append([]string{"-db", lite}, args...)...)
		if args[0] == "-speakers" || strings.Contains(args[len(args)-1], " OR ") {
			// Ties of speakers (by id) and of relevance come in another
			// order: compare the lines as sets.
			pout, lout = sortedLines(noIDs(pout)), sortedLines(noIDs(lout))
		}
		if strings.TrimSpace(pout) == "" || noIDs(pout) != noIDs(lout) {
			t.Errorf("query %v:\npostgres %s (%s)\nsqlite   %s (%s)", args, pout, perr, lout, lerr)
		}
	}
}

// noIDs blanks the store-wide ids of query's JSON lines, which differ
// between stores.
func noIDs(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		for _, key := range []string{`"id":`, `"global":`} {
			for i := strings.Index(line, key); i >= 0; {
				j := i + len(key)
				k := j
				for k < len(line) && line[k] >= '0' && line[k] <= '9' {
					k++
				}
				line = line[:j] + "0" + line[k:]
				next := strings.Index(line[j+1:], key)
				if next < 0 {
					break
				}
				i = j + 1 + next
			}
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
