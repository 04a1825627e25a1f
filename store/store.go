// Package store keeps extracted statements in a database and answers the
// searches of the command line and the web server: statements by text,
// speaker, date, outlet, kind, type and act; speakers across articles with
// their counts; one document with its statements.
//
// The database is an embedded SQLite file (modernc.org/sqlite, pure Go), or
// a PostgreSQL server named by a postgres:// URL (through pgx's
// database/sql driver), for several machines writing one store. One [Store]
// serves both: the same schema, migrations, search syntax, speaker keys and
// idempotence; a small dialect layer (dialect.go, postgres.go, fts.go)
// holds what differs.
//
// A SQLite store runs in WAL mode, so any number of readers proceed while
// one writer commits. Writes go through [Store.Put], one transaction per
// batch: a batch is either fully visible or not at all, which makes an
// ingest that is killed at any moment safe to rerun.
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
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
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
// run on a pool of read-only connections, writes on a single connection
// (SQLite) or a pool (PostgreSQL).
type Store struct {
	path string // the SQLite file, or the PostgreSQL URL without password
	w    *db    // SQLite: one connection, as SQLite has one writer at a time
	r    *db    // read-only pool
	pg   bool   // PostgreSQL

	outlets outletList // the distinct outlets, for Query.Outlet
}

// Open opens the store path, creating it if needed, and brings its schema
// up to date. A path that is a postgres:// or postgresql:// URL
// ([IsPostgres]) opens a PostgreSQL database, whose tables are created in
// the first schema of its search_path; the database itself must exist. A
// URL that is malformed or whose server cannot be reached or refuses the
// login gives an error wrapping [ErrConnect]. Anything else is the path of
// a SQLite file.
func Open(ctx context.Context, path string) (*Store, error) {
	if IsPostgres(path) {
		return openPostgres(ctx, path, false)
	}
	if err := checkSQLitePath(path); err != nil {
		return nil, err
	}
	sw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w := &db{DB: sw}
	w.SetMaxOpenConns(1)
	if err := setWAL(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
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
// program's. A PostgreSQL store is opened with every transaction
// read-only; it does not exist when its database holds no whosaid tables.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if IsPostgres(path) {
		return openPostgres(ctx, path, true)
	}
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

// ReadConns returns how many reads the store runs at once (twice the
// cores, at least 4); more wait for a connection. A server bounds its
// concurrent requests by it, so that slow searches cannot take every
// connection from quick requests.
func (s *Store) ReadConns() int { return s.r.Stats().MaxOpenConnections }

func openReader(path string) (*db, error) {
	sr, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	r := &db{DB: sr}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.Ping(); err != nil {
		r.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	return r, nil
}

// busyTimeout is how long a connection waits for another's lock before
// failing with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// setWAL puts the database in WAL mode, a lasting property of the file.
// Converting the journal needs exclusive access and SQLite does not run the
// busy handler for it: when another opener holds a lock (two ingests
// creating one store at once) the conversion fails at once with SQLITE_BUSY
// or leaves the mode as it was. So it is retried here, within busyTimeout.
func setWAL(ctx context.Context, db *db) error {
	deadline := time.Now().Add(busyTimeout)
	wait := time.Millisecond
	for {
		var mode string
		err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
		if err == nil && !strings.EqualFold(mode, "wal") {
			err = db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		}
		switch {
		case err == nil && strings.EqualFold(mode, "wal"):
			return nil
		case err != nil && !isBusy(err):
			return fmt.Errorf("set WAL mode: %w", err)
		case time.Now().After(deadline):
			if err == nil {
				err = fmt.Errorf("journal mode stays %s", mode)
			}
			return fmt.Errorf("set WAL mode: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("set WAL mode: %w", ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY: another connection
// holds the lock.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// dsn builds the connection string. Readers set query_only so that no query
// can ever write; the writer takes its lock at BEGIN (immediate) so a
// transaction never fails half-way on a lock upgrade. The writer's WAL mode
// is set by setWAL, not here.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		q.Add("_pragma", "cache_size(-16384)") // 16 MiB per reader
		q.Set("mode", "ro")
	} else {
		// NORMAL in WAL mode: a commit survives a killed process; only a
		// power loss may drop the last commits, never corrupt the file.
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "cache_size(-65536)") // 64 MiB: the indexes of a million statements
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path returns the file the store was opened from, or for PostgreSQL its
// URL without password or parameters.
func (s *Store) Path() string { return s.path }

// Close closes the database. It checkpoints a SQLite store's WAL when the
// store was opened for writing.
func (s *Store) Close() error {
	var errs []error
	if s.w != nil && s.pg {
		errs = append(errs, s.w.Close())
	} else if s.w != nil {
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
// first), run in one transaction together with the version bump. sql is
// SQLite's, pg PostgreSQL's form of the same step.
type migration struct {
	sql string
	pg  string
	run func(ctx context.Context, tx *tx) error
}

// migrations are applied in order; PRAGMA user_version (SQLite) or table
// whosaid_schema (PostgreSQL) records how many have run. Append to the
// list, never edit an entry that has shipped.
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
`, pg: pgSchema1},
	// 2: NameKey drops a single middle initial ("Donald J. Trump" is
	// "donald trump"); speakers stored under the old keys are rekeyed and
	// merged.
	{run: rekeySpeakers},
	// 3: what kind of statement (type, act, negated, target) and whether
	// it is a quote in a news reader's sense. Rows stored before keep NULL
	// (unknown) in all of them until their document is stored again. The
	// indexes give statements of one type, one act or the quotes in date
	// order, as statements_date does for all.
	{sql: `
ALTER TABLE statements ADD COLUMN type TEXT;          -- speech, writing, thought, stance, evidence
ALTER TABLE statements ADD COLUMN act TEXT;           -- assert, warn, demand, ...
ALTER TABLE statements ADD COLUMN negated INTEGER;    -- 0 or 1
ALTER TABLE statements ADD COLUMN target TEXT;
ALTER TABLE statements ADD COLUMN target_spans TEXT;  -- JSON [[start, end], ...] in code points
ALTER TABLE statements ADD COLUMN target_entity TEXT; -- the article's speaker id the target names
ALTER TABLE statements ADD COLUMN quote INTEGER;      -- 0 or 1
CREATE INDEX statements_type ON statements(type, date, id);
CREATE INDEX statements_act ON statements(act, date, id);
CREATE INDEX statements_quote ON statements(date, id) WHERE quote = 1;
`, pg: pgSchema3},
	// 4: identity at write time (issue 11). An article speaker keeps
	// whether it is a description (unnamed), its gender and the evidence
	// for it, the partition the identity rules read it in (part; see
	// partKey) and its statements; a collection speaker keeps whether it
	// is a description and its gender. Stores written before keep no
	// gender: their article speakers' genders stay "" (unknown) and their
	// descriptions are told by looksUnnamed, the rule Reidentify used;
	// their documents' result hash is blanked, so that Has asks for them
	// to be extracted again and Put replaces them, genders included. Then
	// every partition is settled, as Reidentify would.
	{sql: `
ALTER TABLE doc_speakers ADD COLUMN unnamed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE doc_speakers ADD COLUMN gender TEXT NOT NULL DEFAULT '';          -- female, male, unknown or ''
ALTER TABLE doc_speakers ADD COLUMN gender_evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE doc_speakers ADD COLUMN part TEXT NOT NULL DEFAULT '';            -- surname, or ~ and the document id
ALTER TABLE doc_speakers ADD COLUMN n_statements INTEGER NOT NULL DEFAULT 0;
ALTER TABLE speakers ADD COLUMN unnamed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE speakers ADD COLUMN gender TEXT NOT NULL DEFAULT '';              -- female, male, unknown; '' when not a person
CREATE INDEX doc_speakers_part ON doc_speakers(part);
-- The article speakers grouped as the identity rules read them (one row
-- per name, type, gender, kind of gender evidence and description flag
-- of a partition), kept in step by Put: settling a partition reads its
-- few names, not its every article speaker.
CREATE TABLE speaker_names (
	part       TEXT NOT NULL,
	name       TEXT NOT NULL,
	type       TEXT NOT NULL,    -- '' stored as other
	gender     TEXT NOT NULL,
	by_name    INTEGER NOT NULL, -- 1: the gender rests on the first name alone
	unnamed    INTEGER NOT NULL,
	speaker_id INTEGER,          -- the collection speaker they belong to
	articles   INTEGER NOT NULL, -- article speakers
	statements INTEGER NOT NULL,
	weight     INTEGER NOT NULL, -- the sum of max(statements, 1)
	PRIMARY KEY (part, name, type, gender, by_name, unnamed)
);
`, pg: pgSchema4, run: upgradeIdentity},
	// 5: a people list (issue 11 item 3): the people of the list, the
	// keys of their names (NameKey) for linking, and the person each
	// speaker of the collection is linked to (store/people.go), with
	// gender_evidence "list" when the list gives the speaker's gender.
	{sql: `
CREATE TABLE people (
	id       TEXT PRIMARY KEY,  -- the list's id, typically a Wikidata QID
	name     TEXT NOT NULL,
	variants TEXT NOT NULL,     -- JSON ["...", ...]
	gender   TEXT,              -- female, male, other, unknown or NULL
	party    TEXT,
	role     TEXT
);
CREATE TABLE people_names (
	key       TEXT NOT NULL,    -- NameKey of the name or of a variant
	person_id TEXT NOT NULL,
	PRIMARY KEY (key, person_id)
);
ALTER TABLE speakers ADD COLUMN person_id TEXT; -- people.id; SetPeople unlinks before it removes
ALTER TABLE speakers ADD COLUMN gender_evidence TEXT NOT NULL DEFAULT ''; -- 'list', or '' (the articles')
CREATE INDEX speakers_person ON speakers(person_id);
`, pg: pgSchemaPeople},
}

// apply runs m's SQL in the dialect of tx, then its code, in tx.
func (m migration) apply(ctx context.Context, tx *tx) error {
	q := m.sql
	if tx.pg {
		q = m.pg
	}
	if q != "" {
		if _, err := tx.ExecContext(ctx, q); err != nil {
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
//
// Several processes (two ingests started together) may open a new store at
// once. Each migration's transaction begins IMMEDIATE (the writer's DSN sets
// _txlock), so it holds the write lock from the start, waiting up to the
// busy timeout for another opener's migration to commit, and it reads the
// schema version again under that lock: a migration another opener has
// applied meanwhile is not run twice.
func migrate(ctx context.Context, db *db) error {
	// Up to date (the usual case): no need to wait for the write lock
	// while another process writes. Versions only grow.
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v == len(migrations) {
		return nil
	}
	for {
		done, err := migrateOne(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration the database has not seen, in one
// transaction that first reads the schema version. It reports done when
// there was none left.
func migrateOne(ctx context.Context, db *db) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrations) {
		return false, fmt.Errorf("schema version %d is newer than this program's %d", v, len(migrations))
	}
	if v == len(migrations) {
		return true, nil
	}
	tx.migrating = v + 1
	if err := migrations[v].apply(ctx, tx); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	return false, nil
}
