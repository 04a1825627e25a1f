package store

import (
	"context"
	"strings"
	"sync"
	"time"
)

// outletList caches the distinct outlets of a store for [Query].Outlet.
type outletList struct {
	mu    sync.Mutex
	names []string
	at    time.Time
}

// outletTTL is how long the list of outlets is used before it is read
// again. A value that matches none of them reads it again at once, so a
// new outlet is found as soon as it is stored; a new spelling of a known
// outlet ("cnn" beside "CNN") may be missed for outletTTL.
const outletTTL = 5 * time.Second

// outletSpellings returns the outlets of the store equal to v but for case
// and surrounding spaces ("north gazette" finds "North Gazette" and
// "NORTH GAZETTE"), for [Query].Outlet. The comparison is made here, so
// Unicode case folding is the same for both databases.
func (s *Store) outletSpellings(ctx context.Context, v string) ([]string, error) {
	l := &s.outlets
	l.mu.Lock()
	defer l.mu.Unlock()
	fresh := time.Since(l.at) < outletTTL
	if !fresh {
		if err := l.load(ctx, s); err != nil {
			return nil, err
		}
	}
	out := l.find(v)
	if len(out) == 0 && fresh {
		if err := l.load(ctx, s); err != nil {
			return nil, err
		}
		out = l.find(v)
	}
	return out, nil
}

func (l *outletList) find(v string) []string {
	want := strings.TrimSpace(v)
	var out []string
	for _, o := range l.names {
		if o == v || strings.EqualFold(strings.TrimSpace(o), want) {
			out = append(out, o)
		}
	}
	return out
}

// load reads the distinct outlets by skipping along the documents_outlet
// index, one seek per outlet, so the cost grows with the number of
// outlets, not of documents.
func (l *outletList) load(ctx context.Context, s *Store) error {
	rows, err := s.r.QueryContext(ctx, `WITH RECURSIVE o(v) AS (
			SELECT min(outlet) FROM documents
			UNION ALL
			SELECT (SELECT min(outlet) FROM documents WHERE outlet > o.v) FROM o WHERE o.v IS NOT NULL)
		SELECT v FROM o WHERE v IS NOT NULL`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return err
		}
		names = append(names, o)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	l.names, l.at = names, time.Now()
	return nil
}
