package store

import (
	"context"
	"fmt"
	"strings"
)

// Count returns how many statements q selects, all of them: its Sort,
// Limit and Offset do not count, nor does the pool an unfiltered text
// search ranks ([RankPool]). It checks q as [Store.Search] does and runs
// within the same time budget ([Query].Budget), failing with an error
// wrapping [ErrSearchTooSlow] when it runs out: counting the statements of
// a common word in a large store reads every match.
func (s *Store) Count(ctx context.Context, q Query) (int, error) {
	if err := q.Validate(); err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	budget := q.Budget
	if budget == 0 {
		budget = DefaultSearchBudget
	}
	bctx, cancel := context.WithTimeoutCause(ctx, budget, errBudget)
	defer cancel()
	n, err := s.count(bctx, q)
	if err != nil && ctx.Err() == nil && context.Cause(bctx) == errBudget {
		return 0, fmt.Errorf("store: count: %w (%v)", ErrSearchTooSlow, budget)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

func (s *Store) count(ctx context.Context, q Query) (int, error) {
	var where []string
	var args []any
	if strings.TrimSpace(q.Text) != "" {
		parsed := parseMatch(q.Text)
		if s.pg {
			if m := parsed.tsquery(); m != "" {
				where = append(where, "s.fts @@ to_tsquery('simple', ?)")
				args = append(args, m)
			} else {
				return 0, nil
			}
		} else {
			if m := parsed.query(); m != "" {
				where = append(where, "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)")
				args = append(args, m)
			} else {
				return 0, nil
			}
		}
	}
	fw, fargs, none, err := s.filters(ctx, q)
	if err != nil || none {
		return 0, err
	}
	where, args = append(where, fw...), append(args, fargs...)
	from := "statements s"
	if q.Doc != "" {
		from += " JOIN documents d ON d.id = s.doc_id"
	}
	stmt := "SELECT count(*) FROM " + from
	if len(where) > 0 {
		stmt += " WHERE " + strings.Join(where, " AND ")
	}
	var n int
	err = s.r.QueryRowContext(ctx, stmt, args...).Scan(&n)
	return n, err
}
