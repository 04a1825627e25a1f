package store

import (
	"context"
	"strings"
)

// outletSpellings returns the outlets of the store equal to v but for case
// and surrounding spaces ("north gazette" finds "North Gazette" and
// "NORTH GAZETTE"), for [Query].Outlet.
//
// The distinct outlets are read by skipping along the documents_outlet
// index, one seek per outlet, so the cost grows with the number of
// outlets, not of documents; then compared here, as Unicode case folding
// is the same in Go for both databases.
func (s *Store) outletSpellings(ctx context.Context, v string) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `WITH RECURSIVE o(v) AS (
			SELECT min(outlet) FROM documents
			UNION ALL
			SELECT (SELECT min(outlet) FROM documents WHERE outlet > o.v) FROM o WHERE o.v IS NOT NULL)
		SELECT v FROM o WHERE v IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	want := strings.TrimSpace(v)
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, err
		}
		if o == v || strings.EqualFold(strings.TrimSpace(o), want) {
			out = append(out, o)
		}
	}
	return out, rows.Err()
}
