package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// ErrConnect is wrapped by the error [Open] and [OpenReadOnly] return when
// a PostgreSQL URL is malformed, or its server cannot be reached, refuses
// the login or has no such database. The error names the server and the
// database, never the password. Nothing was written.
var ErrConnect = errors.New("cannot connect")

// IsPostgres reports whether dsn selects a PostgreSQL store: a URL whose
// scheme is postgres or postgresql (in any case). Anything else is the
// path of a SQLite file.
func IsPostgres(dsn string) bool {
	scheme, _, ok := strings.Cut(dsn, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// pgTarget is a PostgreSQL URL taken apart for messages: the server and
// database it names, and the password to keep out of every message.
type pgTarget struct {
	desc     string // postgres://user@host:port/database
	password string
}

// parsePostgres checks a PostgreSQL URL and returns what messages may say
// of it, and the URL to give pgx, with connect_timeout set (10 seconds)
// when it has none, so that an unreachable server fails instead of
// hanging. The error never quotes the URL: it may hold a password.
func parsePostgres(dsn string) (pgTarget, string, error) {
	u, err := url.Parse(dsn)
	if err == nil && (strings.Contains(u.Host, "@") || strings.Contains(rawPath(dsn), "@")) {
		// An unescaped "/" in the user name or password moved all or
		// part of "user:password@host" out of the user info, into the
		// host and path, where messages would show it
		// ("postgres://ann@srv:5432/pw@db/news" has the user "ann" and
		// the database "pw@db/news"). A database name holding "@"
		// spells it %40.
		err = errors.New(`"@" outside the user info (in the user info, write "/" as %2F; in the database name, "@" as %40)`)
	}
	if err != nil {
		// url.Error quotes the whole URL: say only what is wrong.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		t := pgTarget{desc: "postgres://…"}
		if i := strings.LastIndex(dsn, "@"); i >= 0 {
			// The password may be malformed; the host part after it is not secret.
			t.desc = "postgres://…@" + dsn[i+1:]
			if j := strings.IndexAny(t.desc[len("postgres://…@"):], "?"); j >= 0 {
				t.desc = t.desc[:len("postgres://…@")+j]
			}
		}
		return t, "", fmt.Errorf("%s: %w: malformed URL: %v", t.desc, ErrConnect, err)
	}
	var t pgTarget
	q := u.Query()
	t.password = q.Get("password")
	user := q.Get("user")
	if u.User != nil {
		if p, ok := u.User.Password(); ok {
			t.password = p
		}
		user = u.User.Username()
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" {
		db = q.Get("dbname")
	}
	host := u.Host
	if host == "" {
		host = q.Get("host")
	}
	d := url.URL{Scheme: "postgres", Host: host, Path: "/" + db}
	if user != "" {
		d.User = url.User(user)
	}
	t.desc = d.String()
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", "10")
		u.RawQuery = q.Encode()
	}
	return t, u.String(), nil
}

// rawPath returns the path of the URL dsn as written, escapes and all:
// what follows the first "/" after "scheme://", up to the query or
// fragment.
func rawPath(dsn string) string {
	_, rest, _ := strings.Cut(dsn, "://")
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return ""
}

// redacted is an error whose message has a password blanked out: pgx's
// messages name the host, user and database, and should never hold the
// password, but a malformed URL may have put it anywhere.
type redacted struct {
	err    error
	secret string
}

func (r redacted) Error() string {
	msg := r.err.Error()
	if len(r.secret) >= 3 {
		msg = strings.ReplaceAll(msg, r.secret, "xxxxx")
	}
	return msg
}

func (r redacted) Unwrap() error { return r.err }

// redact returns err with t's password kept out of its message.
func (t pgTarget) redact(err error) error {
	if err == nil || t.password == "" {
		return err
	}
	return redacted{err, t.password}
}

// openPostgres opens the PostgreSQL database dsn: for writing (and then
// migrated to the current schema) or, with readOnly, in read-only
// transactions only (its schema must then be current).
func openPostgres(ctx context.Context, dsn string, readOnly bool) (*Store, error) {
	t, pgURL, err := parsePostgres(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	connect := func(readOnly bool) (*db, error) {
		cfg, err := pgx.ParseConfig(pgURL)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w: %v", t.desc, ErrConnect, t.redact(err))
		}
		if readOnly {
			// Every transaction of the pool is read-only: no query can write.
			cfg.RuntimeParams["default_transaction_read_only"] = "on"
		}
		d := &db{DB: stdlib.OpenDB(*cfg), pg: true}
		n := max(4, 2*runtime.GOMAXPROCS(0))
		d.SetMaxOpenConns(n)
		d.SetMaxIdleConns(n)
		if err := d.PingContext(ctx); err != nil {
			d.Close()
			if ctx.Err() != nil {
				return nil, fmt.Errorf("store: %s: %w", t.desc, ctx.Err())
			}
			return nil, fmt.Errorf("store: %s: %w: %v", t.desc, ErrConnect, t.redact(err))
		}
		return d, nil
	}
	r, err := connect(true)
	if err != nil {
		return nil, err
	}
	s := &Store{path: t.desc, r: r, pg: true}
	if readOnly {
		if err := checkVersionPG(ctx, r, t.desc); err != nil {
			r.Close()
			return nil, err
		}
		return s, nil
	}
	if s.w, err = connect(false); err != nil {
		r.Close()
		return nil, err
	}
	if err := migratePG(ctx, s.w); err != nil {
		s.w.Close()
		r.Close()
		return nil, fmt.Errorf("store: %s: %w", t.desc, t.redact(err))
	}
	return s, nil
}

// pgVersion returns the schema version recorded in the database, 0 for a
// database without whosaid's tables.
func pgVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, "SELECT to_regclass('whosaid_schema') IS NOT NULL").Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := q.QueryRowContext(ctx, "SELECT version FROM whosaid_schema").Scan(&v)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// checkVersionPG fails unless the database's schema is this program's, as
// OpenReadOnly requires.
func checkVersionPG(ctx context.Context, r *db, desc string) error {
	v, err := pgVersion(ctx, r)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", desc, err)
	}
	switch {
	case v == 0:
		return fmt.Errorf("%s: %w (create it with 'whosaid ingest')", desc, ErrNotExist)
	case v < len(migrations):
		return fmt.Errorf("store: open %s: schema version %d, want %d: %w", desc, v, len(migrations), ErrOldSchema)
	case v > len(migrations):
		return fmt.Errorf("store: open %s: schema version %d is newer than this program's %d", desc, v, len(migrations))
	}
	return nil
}

// pgLockClass is the first key of the advisory lock that migrations hold
// ("whos"); the second is the hash of the schema, so that stores in two
// schemas of one database migrate independently.
const pgLockClass = 0x77686f73

// migratePG applies the migrations the database has not seen yet, each in
// its own transaction together with the version bump. Each transaction
// first takes a transaction-scoped advisory lock, so that processes opening
// one new database at once run each migration once: the others wait, then
// read the version the first one wrote.
func migratePG(ctx context.Context, w *db) error {
	v, err := pgVersion(ctx, w)
	if err != nil {
		return err
	}
	if v == len(migrations) {
		return nil
	}
	for {
		done, err := migrateOnePG(ctx, w)
		if err != nil || done {
			return err
		}
	}
}

func migrateOnePG(ctx context.Context, w *db) (done bool, err error) {
	t, err := w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin migration: %w", err)
	}
	defer t.Rollback()
	if _, err := t.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?, hashtext(coalesce(current_schema(), '')))", pgLockClass); err != nil {
		return false, fmt.Errorf("lock for migration: %w", err)
	}
	if _, err := t.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS whosaid_schema (version integer NOT NULL)"); err != nil {
		return false, fmt.Errorf("create schema version table: %w", err)
	}
	v, err := pgVersion(ctx, t)
	if err != nil {
		return false, err
	}
	if v > len(migrations) {
		return false, fmt.Errorf("schema version %d is newer than this program's %d", v, len(migrations))
	}
	if v == len(migrations) {
		return true, nil
	}
	t.migrating = v + 1
	if err := migrations[v].apply(ctx, t); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	if v == 0 {
		_, err = t.ExecContext(ctx, "DELETE FROM whosaid_schema; INSERT INTO whosaid_schema(version) VALUES (1)")
	} else {
		_, err = t.ExecContext(ctx, "UPDATE whosaid_schema SET version = ?", v+1)
	}
	if err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	if err := t.Commit(); err != nil {
		return false, fmt.Errorf("migration %d: %w", v+1, err)
	}
	return false, nil
}

// putRetries counts the transactions Put ran again, for tests and
// benchmarks to report.
var putRetries atomic.Int64

// maxAttempts bounds how often Put runs one batch's transaction on
// PostgreSQL when it fails for a reason that a rerun can clear.
const maxAttempts = 8

// retryable reports whether a PostgreSQL transaction failed in a way that
// running it again can clear: a deadlock (40P01) or serialization failure
// (40001) between concurrent writers of the same speakers, or a unique
// violation (23505) from two writers adding the same document or speaker
// at once (the rerun finds the other's row).
func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40P01", "40001", "23505":
		return true
	}
	return false
}

// backoff waits before attempt (1, 2, ...) of a transaction: a random
// time up to 5 ms × 2^attempt, at most a second, so that two writers that
// collided do not collide again.
func backoff(ctx context.Context, attempt int) error {
	d := min(time.Second, (5*time.Millisecond)<<attempt)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Duration(rand.Int64N(int64(d)) + 1)):
		return nil
	}
}

// pgSchema1 is migration 1 in PostgreSQL: SQLite's tables, with identity
// columns for INTEGER PRIMARY KEY, an explicit insertion order for
// doc_speakers (SQLite's rowid), text compared bytewise (COLLATE "C", as
// SQLite compares) and, in place of the FTS5 table, a tsvector column of
// the folded words of content (weight A) and source (weight B) that Put
// fills, with a GIN index. Dates are indexed NULLS FIRST, as SQLite orders
// NULL, so that a backward scan gives "newest" (date DESC NULLS LAST, id
// DESC) in index order; the statement id, which SQLite's indexes end with
// implicitly, is spelled out.
const pgSchema1 = `
CREATE TABLE documents (
	id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	doc          text COLLATE "C" NOT NULL UNIQUE,
	text_hash    text NOT NULL,
	result_hash  text NOT NULL,
	date         text COLLATE "C",
	outlet       text COLLATE "C",
	url          text,
	title        text,
	meta         text NOT NULL,
	text         text NOT NULL,
	n_statements integer NOT NULL
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_outlet ON documents(outlet);

CREATE TABLE speakers (
	id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	key          text COLLATE "C" NOT NULL UNIQUE,
	name         text NOT NULL,
	type         text NOT NULL,
	n_statements integer NOT NULL DEFAULT 0,
	n_documents  integer NOT NULL DEFAULT 0,
	first_date   text COLLATE "C",
	last_date    text COLLATE "C"
);
CREATE INDEX speakers_count ON speakers(n_statements DESC);

CREATE TABLE doc_speakers (
	doc_id     bigint NOT NULL REFERENCES documents(id),
	sid        text NOT NULL,
	name       text NOT NULL,
	type       text NOT NULL,
	mentions   text NOT NULL,
	titles     text NOT NULL,
	speaker_id bigint REFERENCES speakers(id),
	seq        bigint GENERATED ALWAYS AS IDENTITY, -- insertion order, SQLite's rowid
	PRIMARY KEY (doc_id, sid)
);
CREATE INDEX doc_speakers_speaker ON doc_speakers(speaker_id);

CREATE TABLE statements (
	id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	doc_id        bigint NOT NULL REFERENCES documents(id),
	sid           text NOT NULL,
	kind          text COLLATE "C" NOT NULL,
	cue           text,
	cue_spans     text,
	source        text,
	source_spans  text,
	content       text NOT NULL,
	content_spans text,
	speaker_sid   text,
	speaker_name  text,
	speaker_id    bigint REFERENCES speakers(id),
	parent        text,
	date          text COLLATE "C",
	outlet        text COLLATE "C",
	fts           tsvector NOT NULL
);
CREATE INDEX statements_doc ON statements(doc_id);
CREATE INDEX statements_speaker ON statements(speaker_id, date NULLS FIRST, id);
CREATE INDEX statements_date ON statements(date NULLS FIRST, id);
CREATE INDEX statements_outlet ON statements(outlet, date NULLS FIRST, id);
CREATE INDEX statements_fts ON statements USING gin (fts);
`

// pgSchema3 is migration 3 in PostgreSQL.
const pgSchema3 = `
ALTER TABLE statements
	ADD COLUMN type text COLLATE "C",
	ADD COLUMN act text COLLATE "C",
	ADD COLUMN negated integer,
	ADD COLUMN target text,
	ADD COLUMN target_spans text,
	ADD COLUMN target_entity text,
	ADD COLUMN quote integer;
CREATE INDEX statements_type ON statements(type, date NULLS FIRST, id);
CREATE INDEX statements_act ON statements(act, date NULLS FIRST, id);
CREATE INDEX statements_quote ON statements(date NULLS FIRST, id) WHERE quote = 1;
`

// pgSchema4 is migration 4 in PostgreSQL.
const pgSchema4 = `
ALTER TABLE doc_speakers
	ADD COLUMN unnamed integer NOT NULL DEFAULT 0,
	ADD COLUMN gender text COLLATE "C" NOT NULL DEFAULT '',
	ADD COLUMN gender_evidence text NOT NULL DEFAULT '',
	ADD COLUMN part text COLLATE "C" NOT NULL DEFAULT '',
	ADD COLUMN n_statements integer NOT NULL DEFAULT 0;
ALTER TABLE speakers
	ADD COLUMN unnamed integer NOT NULL DEFAULT 0,
	ADD COLUMN gender text COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX doc_speakers_part ON doc_speakers(part);
CREATE TABLE speaker_names (
	part       text COLLATE "C" NOT NULL,
	name       text COLLATE "C" NOT NULL,
	type       text COLLATE "C" NOT NULL,
	gender     text COLLATE "C" NOT NULL,
	by_name    integer NOT NULL,
	unnamed    integer NOT NULL,
	speaker_id bigint,
	articles   integer NOT NULL,
	statements integer NOT NULL,
	weight     integer NOT NULL,
	PRIMARY KEY (part, name, type, gender, by_name, unnamed)
);
`

// pgSchemaPeople is the people list's migration in PostgreSQL.
const pgSchemaPeople = `
CREATE TABLE people (
	id       text COLLATE "C" PRIMARY KEY,
	name     text NOT NULL,
	variants text NOT NULL,
	gender   text,
	party    text,
	role     text
);
CREATE TABLE people_names (
	key       text COLLATE "C" NOT NULL,
	person_id text COLLATE "C" NOT NULL,
	PRIMARY KEY (key, person_id)
);
ALTER TABLE speakers
	ADD COLUMN person_id text COLLATE "C",
	ADD COLUMN gender_evidence text NOT NULL DEFAULT '';
CREATE INDEX speakers_person ON speakers(person_id);
`

// Describe returns how messages should name the store path: the path of a
// SQLite file as it is, a PostgreSQL URL without its password and
// parameters ("postgres://user@host:5432/database").
func Describe(path string) string {
	if !IsPostgres(path) {
		return path
	}
	t, _, _ := parsePostgres(path)
	return t.desc
}
