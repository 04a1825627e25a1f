package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// The store speaks two SQL dialects through database/sql: SQLite's
// (modernc.org/sqlite) and PostgreSQL's (pgx's stdlib driver). Queries are
// written once, in SQLite's form, wherever the two agree: the only
// difference they need is the placeholders, ? and ?N in SQLite, $N in
// PostgreSQL, which db and tx rewrite for PostgreSQL. Where the dialects
// really differ (the schema, upserts, full-text search, the migration
// bookkeeping) the code branches on db.pg.

// db is a connection pool that knows its dialect.
type db struct {
	*sql.DB
	pg bool // PostgreSQL: placeholders are rewritten
}

// tx is a transaction that knows its dialect.
type tx struct {
	*sql.Tx
	pg bool
	// migrating is the schema version a migration in this transaction
	// brings the store to, 0 outside migrations: the code of a migration
	// must not read tables a later one adds.
	migrating int
}

func (d *db) q(query string) string {
	if d.pg {
		return rebind(query)
	}
	return query
}

func (t *tx) q(query string) string {
	if t.pg {
		return rebind(query)
	}
	return query
}

// ExecContext runs query with the placeholders of the dialect.
func (d *db) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.DB.ExecContext(ctx, d.q(query), args...)
}

// QueryContext runs query with the placeholders of the dialect.
func (d *db) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.DB.QueryContext(ctx, d.q(query), args...)
}

// QueryRowContext runs query with the placeholders of the dialect.
func (d *db) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.DB.QueryRowContext(ctx, d.q(query), args...)
}

// PrepareContext prepares query with the placeholders of the dialect.
func (d *db) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return d.DB.PrepareContext(ctx, d.q(query))
}

// BeginTx starts a transaction in the dialect of d.
func (d *db) BeginTx(ctx context.Context, opts *sql.TxOptions) (*tx, error) {
	t, err := d.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &tx{Tx: t, pg: d.pg}, nil
}

// ExecContext runs query with the placeholders of the dialect.
func (t *tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, t.q(query), args...)
}

// QueryContext runs query with the placeholders of the dialect.
func (t *tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, t.q(query), args...)
}

// QueryRowContext runs query with the placeholders of the dialect.
func (t *tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.q(query), args...)
}

// PrepareContext prepares query with the placeholders of the dialect.
func (t *tx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.Tx.PrepareContext(ctx, t.q(query))
}

// rebind turns SQLite's placeholders into PostgreSQL's: each ? becomes the
// next $N, and ?N becomes $N. The store's queries hold no ? inside string
// literals or identifiers, so a plain scan is enough.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c != '?' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(query) && query[j] >= '0' && query[j] <= '9' {
			j++
		}
		b.WriteByte('$')
		if j > i+1 {
			b.WriteString(query[i+1 : j])
			i = j - 1
		} else {
			n++
			b.WriteString(strconv.Itoa(n))
		}
	}
	return b.String()
}
