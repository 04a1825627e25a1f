package store

import (
	"context"
	"database/sql"
	"fmt"
	"unicode/utf8"
)

// rekeySpeakers brings every row of speakers to the key the current
// [NameKey] gives, in tx. A row's new key is NameKey of its stored key:
// NameKey is idempotent, so that is the key of every name that ever joined
// the row, whatever rule wrote it. Rows that come to share a key are merged
// into the one with the smallest id:
//
//   - statements and doc_speakers of the others point to it;
//   - it keeps the longest name (the first, smallest id, among equals, as
//     Put keeps the name it has unless a longer one comes) and its own type;
//   - its n_statements, n_documents (distinct documents over doc_speakers
//     and statements, as Put counts them), first_date and last_date are
//     recomputed from the rows; if it is left with no document it is
//     deleted, as Put does;
//   - the other rows are deleted.
//
// A row whose key does not change and that nothing merges into is not
// touched, so a second run changes nothing. Rows are read first and written
// after, all in tx: the caller commits or rolls back the whole.
func rekeySpeakers(ctx context.Context, tx *tx) error {
	type row struct {
		id        int64
		key, name string
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, key, name FROM speakers ORDER BY id")
	if err != nil {
		return fmt.Errorf("rekey speakers: read: %w", err)
	}
	groups := map[string][]row{}
	var order []string // new keys, by the smallest id holding them
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.key, &r.name); err != nil {
			rows.Close()
			return fmt.Errorf("rekey speakers: read: %w", err)
		}
		k := NameKey(r.key)
		if k == "" {
			k = r.key // cannot happen for a key NameKey wrote; leave such a row alone
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rekey speakers: read: %w", err)
	}

	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	exec := func(query string, args ...any) error {
		st, ok := stmts[query]
		if !ok {
			var err error
			if st, err = tx.PrepareContext(ctx, query); err != nil {
				return err
			}
			stmts[query] = st
		}
		_, err := st.ExecContext(ctx, args...)
		return err
	}

	// Every row that now holds key k is in k's group (NameKey(k) == k), so
	// once a group's other rows are deleted its first row may take k.
	for _, k := range order {
		g := groups[k]
		target := g[0]
		if len(g) == 1 {
			if target.key != k {
				if err := exec("UPDATE speakers SET key = ? WHERE id = ?", k, target.id); err != nil {
					return fmt.Errorf("rekey speaker %d %q to %q: %w", target.id, target.key, k, err)
				}
			}
			continue
		}
		name := target.name
		for _, r := range g[1:] {
			if utf8.RuneCountInString(r.name) > utf8.RuneCountInString(name) {
				name = r.name
			}
			for _, q := range []string{
				"UPDATE statements SET speaker_id = ? WHERE speaker_id = ?",
				"UPDATE doc_speakers SET speaker_id = ? WHERE speaker_id = ?",
			} {
				if err := exec(q, target.id, r.id); err != nil {
					return fmt.Errorf("merge speaker %d %q into %d: %w", r.id, r.key, target.id, err)
				}
			}
			if err := exec("DELETE FROM speakers WHERE id = ?", r.id); err != nil {
				return fmt.Errorf("merge speaker %d %q into %d: %w", r.id, r.key, target.id, err)
			}
		}
		if err := exec(`UPDATE speakers SET key = ?2, name = ?3,
			n_statements = (SELECT count(*) FROM statements WHERE speaker_id = ?1),
			n_documents  = (SELECT count(*) FROM (SELECT doc_id FROM statements WHERE speaker_id = ?1
				UNION SELECT doc_id FROM doc_speakers WHERE speaker_id = ?1) AS u),
			first_date   = (SELECT min(date) FROM statements WHERE speaker_id = ?1 AND date IS NOT NULL),
			last_date    = (SELECT max(date) FROM statements WHERE speaker_id = ?1)
			WHERE id = ?1`, target.id, k, name); err != nil {
			return fmt.Errorf("merge speakers into %d %q: %w", target.id, k, err)
		}
		if err := exec("DELETE FROM speakers WHERE id = ? AND n_documents <= 0", target.id); err != nil {
			return fmt.Errorf("merge speakers into %d %q: %w", target.id, k, err)
		}
	}
	return nil
}
