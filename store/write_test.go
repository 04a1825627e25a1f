package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"
)

// TestPutterQueryRowPrepareError makes preparing a statement fail inside a
// batch, by a bad query and by a context cancelled before the query's first
// use: queryRow must report the error at Scan, not recurse until the stack
// overflows.
func TestPutterQueryRowPrepareError(t *testing.T) {
	s := openTemp(t)
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	p := putter{tx: tx, touched: map[int64]bool{}, stmts: map[string]*sql.Stmt{}}
	defer p.close()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		query string
	}{
		{"bad query", context.Background(), "SELECT no_such_column FROM documents WHERE doc = ?"},
		{"cancelled context", cancelled, "SELECT id FROM documents WHERE doc = ?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var id int64
			if err := p.queryRow(tt.ctx, tt.query, "x").Scan(&id); err == nil {
				t.Errorf("queryRow(%q).Scan gave no error", tt.query)
			}
		})
	}
}

// TestPutCancelled stores a batch with a context cancelled before Put: a
// clean error, nothing stored, and the store usable afterwards.
func TestPutCancelled(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := s.Put(ctx, fixture(t)); !errors.Is(err, context.Canceled) {
			t.Errorf("Put with a cancelled context: %v, want context.Canceled", err)
		}
		if st, err := s.Put(context.Background(), fixture(t)); err != nil || st.Added != 3 {
			t.Errorf("Put after a cancelled one = %+v, %v; want 3 added", st, err)
		}
	})
}
