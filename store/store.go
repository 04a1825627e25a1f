// Package store keeps extracted statements in an embedded SQLite database
// (modernc.org/sqlite, pure Go) and answers the searches of the command line
// and the web server: statements by text, speaker, date, outlet and kind;
// speakers across articles with their counts; one document with its
// statements.
//
// The database runs in WAL mode, so any number of readers proceed while one
// writer commits. Writes go through [Store.Put], one transaction per batch:
// a batch is either fully visible or not at all, which makes an ingest that
// is killed at any moment safe to rerun.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// ErrNotFound is returned when a document or speaker asked for by id does
// not exist.
var ErrNotFound = errors.New("store: not found")

// ErrOldSchema is wrapped by the error OpenReadOnly returns for a store
// written by an older whosaid: Open, which may write, upgrades it.
var ErrOldSchema = errors.New("store: older schema")

// ErrNotExist is wrapped by the error [OpenReadOnly] returns when no store
// exists at the path; it wraps [fs.ErrNotExist] in turn. The error reads
// "whosaid.db: no such store (create it with 'whosaid ingest')".
var ErrNotExist error = notExistError{}

type notExistError struct{}

func (notExistError) Error() string { return "no such store" }
func (notExistError) Unwrap() error { return fs.ErrNotExist }

// Store is an open statement database. It is safe for concurrent use: reads
// run on a pool of read-only connections, writes on a single connection.
type Store struct {
	path string
	w    *sql.DB // one connection: SQLite has one writer at a time
	r    *sql.DB // read-only pool
}

// Open opens the database at path, creating it if needed, and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	r, err := openReader(path)
	if err != nil {
		w.Close()
		return nil, err
	}
	return &Store{path: path, w: w, r: r}, nil
}

// OpenReadOnly opens an existing database for reading only, as the server
// does. It never creates a file. It fails if the database does not exist,
// with an error wrapping [ErrNotExist] (and so [fs.ErrNotExist]), or if its
// schema is older (an error wrapping [ErrOldSchema]) or newer than this
// program's.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w (create it with 'whosaid ingest')", path, ErrNotExist)
	}
	r, err := openReader(path)
	if err != nil {
		return nil, err
	}
	var v int
	if err := r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		r.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if v > 0 && v < len(migrations) {
		r.Close()
		return nil, fmt.Errorf("store: open %s: schema version %d, want %d: %w", path, v, len(migrations), ErrOldSchema)
	}
	if v != len(migrations) {
		r.Close()
		return nil, fmt.Errorf("store: open %s: schema version %d, want %d (run whosaid ingest to create it)", path, v, len(migrations))
	}
	return &Store{path: path, r: r}, nil
}

func openReader(path string) (*sql.DB, error) {
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	n := 2 * runtime.GOMAXPROCS(0)
	if n < 4 {
		n = 4
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.Ping(); err != nil {
		r.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	return r, nil
}

// dsn builds the connection string. Readers set query_only so that no query
// can ever write; the writer takes its lock at BEGIN (immediate) so a
// transaction never fails half-way on a lock upgrade.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		q.Add("_pragma", "cache_size(-16384)") // 16 MiB per reader
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		// NORMAL in WAL mode: a commit survives a killed process; only a
		// power loss may drop the last commits, never corrupt the file.
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "cache_size(-65536)") // 64 MiB: the indexes of a million statements
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Close closes the database. It checkpoints the WAL when the store was
// opened for writing.
func (s *Store) Close() error {
	var errs []error
	if s.w != nil {
		if _, err := s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			errs = append(errs, err)
		}
		errs = append(errs, s.w.Close())
	}
	errs = append(errs, s.r.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

// A migration is one step of the schema: SQL, Go code, or both (the SQL
// first), run in one transaction together with the version bump.
type migration struct {
	sql string
	run func(ctx context.Context, tx *sql.Tx) error
}

// migrations are applied in order; PRAGMA user_version records how many
// have run. Append to the list, never edit an entry that has shipped.
var migrations = []migration{
	// 1: documents, statements, speakers, full-text index.
	{sql: `
CREATE TABLE documents (
	id          INTEGER PRIMARY KEY,
	doc         TEXT NOT NULL UNIQUE,
	text_hash   TEXT NOT NULL,
	result_hash TEXT NOT NULL,
	date        TEXT,            -- YYYY-MM-DD or NULL
	outlet      TEXT,
	url         TEXT,
	title       TEXT,
	meta        TEXT NOT NULL,   -- JSON object of the input's other fields
	text        TEXT NOT NULL,
	n_statements INTEGER NOT NULL
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_outlet ON documents(outlet);

-- One speaker across articles, by normalized name.
CREATE TABLE speakers (
	id           INTEGER PRIMARY KEY,
	key          TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	type         TEXT NOT NULL,
	n_statements INTEGER NOT NULL DEFAULT 0,
	n_documents  INTEGER NOT NULL DEFAULT 0,
	first_date   TEXT,
	last_date    TEXT
);
CREATE INDEX speakers_count ON speakers(n_statements DESC);

-- The speakers of one article, as extraction found them.
CREATE TABLE doc_speakers (
	doc_id     INTEGER NOT NULL REFERENCES documents(id),
	sid        TEXT NOT NULL,
	name       TEXT NOT NULL,
	type       TEXT NOT NULL,
	mentions   TEXT NOT NULL,    -- JSON [[start, end], ...] in code points
	titles     TEXT NOT NULL,    -- JSON ["...", ...]
	speaker_id INTEGER REFERENCES speakers(id),
	PRIMARY KEY (doc_id, sid)
);
CREATE INDEX doc_speakers_speaker ON doc_speakers(speaker_id);

CREATE TABLE statements (
	id            INTEGER PRIMARY KEY,
	doc_id        INTEGER NOT NULL REFERENCES documents(id),
	sid           TEXT NOT NULL,
	kind          TEXT NOT NULL,
	cue           TEXT,
	cue_spans     TEXT,          -- JSON [[start, end], ...] in code points
	source        TEXT,
	source_spans  TEXT,
	content       TEXT NOT NULL,
	content_spans TEXT,
	speaker_sid   TEXT,
	speaker_name  TEXT,
	speaker_id    INTEGER REFERENCES speakers(id),
	parent        TEXT,
	date          TEXT,          -- copied from the document for filtering
	outlet        TEXT
);
CREATE INDEX statements_doc ON statements(doc_id);
CREATE INDEX statements_speaker ON statements(speaker_id, date);
CREATE INDEX statements_date ON statements(date, id);
CREATE INDEX statements_outlet ON statements(outlet, date);

CREATE VIRTUAL TABLE statements_fts USING fts5(
	content, source,
	content='statements', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2',
	prefix='2 3'  -- word* after two or three letters reads one index entry, not every word
);
-- No triggers keep statements_fts in step: Put adds each batch's rows in
-- one statement at the end, because FTS5 flushes its pending terms at every
-- statement savepoint, and a row at a time made ingest twice as slow.
`},
	// 2: NameKey drops a single middle initial ("Donald J. Trump" is
	// "donald trump"); speakers stored under the old keys are rekeyed and
	// merged.
	{run: rekeySpeakers},
}

// apply runs m's SQL, then its code, in tx.
func (m migration) apply(ctx context.Context, tx *sql.Tx) error {
	if m.sql != "" {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return err
		}
	}
	if m.run != nil {
		return m.run(ctx, tx)
	}
	return nil
}

// migrate applies the migrations the database has not seen yet, each in its
// own transaction together with the version bump.
func migrate(ctx context.Context, db *sql.DB) error {
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this program's %d", v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if err := migrations[i].apply(ctx, tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}
