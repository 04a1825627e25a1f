package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for raw access in tests

	"github.com/whosaid/whosaid/internal/testenv"
)

// A backend makes fresh stores of one kind for the tests: every test of
// the store's behaviour runs on SQLite and on PostgreSQL (when
// $WHOSAID_POSTGRES names a server; see [testenv.Postgres]).
type backend struct {
	name string
	pg   bool
}

var backendList = []backend{{name: "sqlite"}, {name: "postgres", pg: true}}

// forEachBackend runs f as a subtest per backend.
func forEachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	for _, b := range backendList {
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
}

// fresh returns the location of a new, empty store: a path in a temporary
// directory, or the URL of a new PostgreSQL schema, dropped when the test
// ends.
func (b backend) fresh(tb testing.TB) string {
	tb.Helper()
	if !b.pg {
		return filepath.Join(tb.TempDir(), "w.db")
	}
	return pgSchema(tb)
}

// open opens a new, empty store.
func (b backend) open(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(context.Background(), b.fresh(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// raw opens the database at loc without the store, for a test to look at
// or change it behind the store's back.
func (b backend) raw(tb testing.TB, loc string) *sql.DB {
	tb.Helper()
	if !b.pg {
		return rawDB(tb, loc)
	}
	db, err := sql.Open("pgx", loc)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// version reads the schema version of the database db of backend b.
func (b backend) version(tb testing.TB, db *sql.DB) int {
	tb.Helper()
	q := "PRAGMA user_version"
	if b.pg {
		q = "SELECT version FROM whosaid_schema"
	}
	var v int
	if err := db.QueryRow(q).Scan(&v); err != nil {
		tb.Fatalf("read schema version: %v", err)
	}
	return v
}

// setVersion writes the schema version of the database db of backend b.
func (b backend) setVersion(tb testing.TB, db *sql.DB, v int) {
	tb.Helper()
	q := fmt.Sprintf("PRAGMA user_version = %d", v)
	if b.pg {
		q = fmt.Sprintf("UPDATE whosaid_schema SET version = %d", v)
	}
	if _, err := db.Exec(q); err != nil {
		tb.Fatalf("set schema version %d: %v", v, err)
	}
}

var (
	pgAdminOnce sync.Once
	pgAdmin     *sql.DB
	pgAdminErr  error
	pgSchemas   atomic.Int64
)

// pgSchema creates a schema in the database of $WHOSAID_POSTGRES and
// returns a URL whose search_path is that schema; the schema is dropped
// with everything in it when the test ends.
func pgSchema(tb testing.TB) string {
	tb.Helper()
	base := testenv.Postgres(tb)
	pgAdminOnce.Do(func() {
		pgAdmin, pgAdminErr = sql.Open("pgx", base)
		if pgAdminErr == nil {
			pgAdminErr = pgAdmin.Ping()
		}
	})
	if pgAdminErr != nil {
		tb.Fatalf("PostgreSQL of %s: %v", testenv.PostgresEnv, pgAdminErr)
	}
	name := fmt.Sprintf("wstest_%d_%d", time.Now().UnixNano(), pgSchemas.Add(1))
	if _, err := pgAdmin.Exec("CREATE SCHEMA " + name); err != nil {
		tb.Fatalf("create schema %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := pgAdmin.Exec("DROP SCHEMA " + name + " CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", testenv.PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
