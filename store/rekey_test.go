package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// legacyKey is NameKey as schema version 1 shipped it: no initial dropped.
func legacyKey(name string) string { return joinKey(nameWords(name)) }

func TestLegacyKeyIsTheOldRule(t *testing.T) {
	// The rule of version 1 is the current one less the initial.
	for _, tt := range []struct{ in, want string }{
		{"Donald J. Trump", "donald j trump"},
		{"President Donald J. Trump's", "donald j trump"},
		{"Mr. Trump", "trump"},
		{"--", ""},
	} {
		if got := legacyKey(tt.in); got != tt.want {
			t.Errorf("legacyKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// sayDoc builds a document in which each name says one statement of its own.
func sayDoc(t testing.TB, id, date string, names ...string) output.Document {
	var text strings.Builder
	var ss []said
	for i, n := range names {
		content := fmt.Sprintf("point %d of %s was made", i+1, id)
		fmt.Fprintf(&text, "%s said %s. ", n, content)
		ss = append(ss, said{"indirect", n, "said", content, n})
	}
	return mkDoc(t, id, date, "Gazette", text.String(), ss...)
}

// rekeyDocs are articles whose speakers the old keys split and the new keys
// join: the New York Times' "Donald J. Trump" and everyone's "Donald Trump".
func rekeyDocs(t testing.TB) []output.Document {
	listed := sayDoc(t, "listed", "2017-01-01", "Ana Souza")
	// A speaker the article lists without a statement counts as a document
	// but gives no date.
	listed.Speakers = append(listed.Speakers, output.Speaker{ID: "e9", Name: "Donald Trump", Type: "person", Titles: []string{}})
	return []output.Document{
		sayDoc(t, "nyt", "2016-01-05", "Donald J. Trump", "Donald J. Trump", "John F. Kerry"),
		sayDoc(t, "post", "2016-03-10", "Donald Trump", "Mr. Trump"),
		sayDoc(t, "both", "2015-12-01", "Donald Trump", "Donald J. Trump"),
		sayDoc(t, "nodate", "", "President Donald J. Trump"),
		sayDoc(t, "bush", "2016-02-02", "John Kerry", "George H. W. Bush", "George W. Bush"),
		listed,
	}
}

// writeLegacy stores docs at path the way schema version 1 did: with the old
// keys, and user_version 1.
func writeLegacy(t *testing.T, path string, docs []output.Document) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	speakerKey, legacyIdentity = legacyKey, true
	_, err = s.Put(ctx, docs)
	speakerKey, legacyIdentity = NameKey, false
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	defer db.Close()
	setBack(t, db, 1)
}

func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

// speakerRow is a whole row of table speakers.
type speakerRow struct {
	ID                  int64
	Key, Name, Type     string
	Statements, Docs    int
	FirstDate, LastDate string
}

func speakerRows(t *testing.T, db *sql.DB) map[string]speakerRow {
	t.Helper()
	rows, err := db.Query("SELECT id, key, name, type, n_statements, n_documents, coalesce(first_date, ''), coalesce(last_date, '') FROM speakers")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]speakerRow{}
	for rows.Next() {
		var r speakerRow
		if err := rows.Scan(&r.ID, &r.Key, &r.Name, &r.Type, &r.Statements, &r.Docs, &r.FirstDate, &r.LastDate); err != nil {
			t.Fatal(err)
		}
		m[r.Key] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// dump renders every speaker reference of the database, to compare two
// states.
func dump(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT id, key, name, type, n_statements, n_documents, first_date, last_date FROM speakers ORDER BY id",
		"SELECT id, speaker_id FROM statements ORDER BY id",
		"SELECT doc_id, sid, speaker_id FROM doc_speakers ORDER BY doc_id, sid",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

func TestRekeyMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	docs := rekeyDocs(t)
	writeLegacy(t, path, docs)

	db := rawDB(t, path)
	before := speakerRows(t, db)
	db.Close()
	if len(before) != 8 {
		t.Fatalf("legacy store has %d speakers, want 8: %v", len(before), before)
	}
	for _, k := range []string{"donald j trump", "donald trump", "john f kerry", "john kerry", "george w bush"} {
		if _, ok := before[k]; !ok {
			t.Fatalf("legacy store has no speaker %q: %v", k, before)
		}
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	if err := s.r.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != len(migrations) {
		t.Fatalf("user_version = %d (%v), want %d", v, err, len(migrations))
	}
	after := speakerRows(t, s.r.DB)

	want := map[string]speakerRow{
		// Merged into the smallest id, counted anew: the document
		// "both" once, "listed" with no date. Migration 4 joins "Mr.
		// Trump", the only Trump's surname, and names the speaker by
		// its most frequent full form.
		"donald trump": {ID: before["donald j trump"].ID, Key: "donald trump", Name: "Donald Trump", Type: "person",
			Statements: 7, Docs: 5, FirstDate: "2015-12-01", LastDate: "2016-03-10"},
		"john kerry": {ID: before["john f kerry"].ID, Key: "john kerry", Name: "John F. Kerry", Type: "person",
			Statements: 2, Docs: 2, FirstDate: "2016-01-05", LastDate: "2016-02-02"},
		// Rekeyed alone.
		"george bush": func() speakerRow { r := before["george w bush"]; r.Key = "george bush"; return r }(),
		// Untouched.
		"george h w bush": before["george h w bush"],
		"ana souza":       before["ana souza"],
	}
	if len(after) != len(want) {
		t.Errorf("after migration %d speakers, want %d: %v", len(after), len(want), after)
	}
	for k, w := range want {
		if got := after[k]; got != w {
			t.Errorf("speaker %q:\n got  %+v\n want %+v", k, got, w)
		}
	}
	if before["donald j trump"].ID > before["donald trump"].ID {
		t.Fatalf("fixture: %q should be the older row", "donald j trump")
	}
	for _, gone := range []string{"donald trump", "john kerry"} {
		if _, err := s.Speaker(ctx, before[gone].ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("merged speaker %d (%q) still there: %v", before[gone].ID, gone, err)
		}
	}

	// No reference is left to a deleted row.
	for _, q := range []string{
		"SELECT count(*) FROM statements WHERE speaker_id IS NOT NULL AND speaker_id NOT IN (SELECT id FROM speakers)",
		"SELECT count(*) FROM doc_speakers WHERE speaker_id IS NOT NULL AND speaker_id NOT IN (SELECT id FROM speakers)",
		"SELECT count(*) FROM pragma_foreign_key_check",
	} {
		var n int
		if err := s.r.QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d (%v), want 0", q, n, err)
		}
	}

	// The same articles stored under the new rule give the same speakers.
	fresh := openTemp(t)
	if _, err := fresh.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	oracle := speakerRows(t, fresh.r.DB)
	if len(oracle) != len(after) {
		t.Errorf("fresh store has %d speakers, migrated %d", len(oracle), len(after))
	}
	for k, o := range oracle {
		a := after[k]
		o.ID, a.ID = 0, 0
		if a != o {
			t.Errorf("speaker %q: migrated %+v, stored fresh %+v", k, a, o)
		}
	}

	// Either spelling finds the merged speaker and all its statements.
	id := want["donald trump"].ID
	for _, name := range []string{"Donald J. Trump", "Donald Trump", "President Donald J. Trump's"} {
		p, err := s.Search(ctx, Query{Speaker: name})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, st := range p.Statements {
			if st.Speaker != nil && st.Speaker.Global == id {
				n++
			}
		}
		if n != 7 {
			t.Errorf("Search(Speaker: %q): %d statements of speaker %d, want 7: %v", name, n, id, contents(p))
		}
		sp, err := s.Speakers(ctx, SpeakerQuery{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range sp.Speakers {
			found = found || x.ID == id
		}
		if !found {
			t.Errorf("Speakers(Name: %q) = %+v: no speaker %d", name, sp.Speakers, id)
		}
	}

	// A later ingest joins new spellings to the merged row.
	if _, err := s.Put(ctx, []output.Document{sayDoc(t, "later", "2018-05-05", "Donald J. Trump")}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Speaker(ctx, id); err != nil || got.Statements != 8 || got.Documents != 6 || got.LastDate != "2018-05-05" {
		t.Errorf("after a later Put: %+v (%v), want 8 statements in 6 documents until 2018-05-05", got, err)
	}
}

func TestRekeyMigrationRunsOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	writeLegacy(t, path, rekeyDocs(t))
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	first := dump(t, s.r.DB)
	// Run the rekey again by hand: it must change no row.
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var c0, c1 int
	if err := tx.QueryRow("SELECT total_changes()").Scan(&c0); err != nil {
		t.Fatal(err)
	}
	if err := rekeySpeakers(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRow("SELECT total_changes()").Scan(&c1); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if c1 != c0 {
		t.Errorf("a second rekey changed %d rows", c1-c0)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// A second open runs nothing.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if second := dump(t, s.r.DB); second != first {
		t.Errorf("second open changed the store:\n%s\nwant\n%s", second, first)
	}
	r, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("read-only open after the migration: %v", err)
	}
	r.Close()
}

func TestRekeyMigrationIsAtomic(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	writeLegacy(t, path, rekeyDocs(t))
	db := rawDB(t, path)
	before := dump(t, db)
	// Fail the migration after it has moved statements: at the first delete.
	if _, err := db.Exec(`CREATE TRIGGER no_delete BEFORE DELETE ON speakers BEGIN SELECT RAISE(ABORT, 'no delete'); END`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	if s, err := Open(ctx, path); err == nil {
		s.Close()
		t.Fatal("Open succeeded although the migration failed")
	} else if !strings.Contains(err.Error(), "migration 2") {
		t.Errorf("error %q does not name migration 2", err)
	}
	db = rawDB(t, path)
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 1 {
		t.Errorf("user_version after a failed migration = %d (%v), want 1", v, err)
	}
	if got := dump(t, db); got != before {
		t.Errorf("a failed migration left changes:\n%s\nwant\n%s", got, before)
	}
	if _, err := OpenReadOnly(ctx, path); err == nil {
		t.Error("OpenReadOnly accepted a store at version 1")
	}
	if _, err := db.Exec("DROP TRIGGER no_delete"); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("migration after the trigger is gone: %v", err)
	}
	s.Close()
}

func TestRekeyEmptyAndCurrentStores(t *testing.T) {
	// A store written with the current keys and set back to version 1
	// migrates to the same state.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, rekeyDocs(t)); err != nil {
		t.Fatal(err)
	}
	want := dump(t, s.r.DB)
	s.Close()
	db := rawDB(t, path)
	setBack(t, db, 1)
	db.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := dump(t, s.r.DB); got != want {
		t.Errorf("rekey of current keys changed the store:\n%s\nwant\n%s", got, want)
	}
}
