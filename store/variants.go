package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Variant is one name under which the articles of a collection speaker
// name it ("Obama", "President Obama", "Barack Obama").
type Variant struct {
	Name       string `json:"name"`
	Documents  int    `json:"documents"`  // articles naming the speaker so
	Statements int    `json:"statements"` // statements of the speaker in them
}

// MaxVariants bounds the variants [Store.Speaker] lists: the ones with the
// most statements.
const MaxVariants = 50

// variants returns the distinct names of the article speakers merged into
// the collection speaker id, with their articles and statements, most
// statements first (then most articles, then by name).
func (s *Store) variants(ctx context.Context, id int64) ([]Variant, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT ds.name, count(DISTINCT ds.doc_id), count(st.id)
		FROM doc_speakers ds LEFT JOIN statements st ON st.doc_id = ds.doc_id AND st.speaker_sid = ds.sid
		WHERE ds.speaker_id = ? GROUP BY ds.name`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Variant{}
	for rows.Next() {
		var v Variant
		if err := rows.Scan(&v.Name, &v.Documents, &v.Statements); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Sorted here: the two databases order names differently.
	slices.SortFunc(out, func(a, b Variant) int {
		switch {
		case a.Statements != b.Statements:
			return b.Statements - a.Statements
		case a.Documents != b.Documents:
			return b.Documents - a.Documents
		}
		return strings.Compare(a.Name, b.Name)
	})
	if len(out) > MaxVariants {
		out = out[:MaxVariants]
	}
	return out, nil
}

// speakerWithVariants adds the variants of sp's name to sp.
func (s *Store) speakerWithVariants(ctx context.Context, sp Speaker) (Speaker, error) {
	v, err := s.variants(ctx, sp.ID)
	if err != nil {
		return sp, fmt.Errorf("store: speaker %d: variants: %w", sp.ID, err)
	}
	sp.Variants = v
	return sp, nil
}
