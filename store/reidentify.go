package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReidentifyStats says what [Store.Reidentify] changed.
type ReidentifyStats struct {
	// ArticleSpeakers counts the speakers of articles read; Moved those
	// that now belong to another collection speaker.
	ArticleSpeakers, Moved int
	// Speakers counts the collection speakers after the pass; Removed the
	// rows left with no article and deleted.
	Speakers, Removed int
}

// Reidentify regroups the speakers of the store's articles into the
// speakers of the collection by the rules of [Identify]: a surname alone
// joins the one person (or the dominant one) of that surname, a
// description stays a speaker of its own article, and each collection
// speaker's name and type are the most frequent of its article speakers,
// whatever the order the articles came in. It runs in one transaction;
// statements and article speakers are pointed at their new speaker, the
// counts and dates of every speaker touched are recomputed, and speakers
// left with no document are deleted. A second run changes nothing.
//
// Put keys the speakers of new articles by their name alone ([NameKey]),
// so a store is in the state Reidentify gives only right after it runs:
// whosaid ingest runs it at the end of each ingest.
//
// When the store holds a people list ([Store.SetPeople]), the collection
// speakers are then linked to its people and those linked to one person
// merged, by the rule of [linkPeople].
//
// The store keeps no flag telling a description from a name; a speaker of
// an article counts as a description when its name has no capitalized
// word, or when it opens with "the", "a" or "an" followed by a word in
// lower case ("the company", "a spokesman", "officials").
func (s *Store) Reidentify(ctx context.Context) (ReidentifyStats, error) {
	if s.w == nil {
		return ReidentifyStats{}, fmt.Errorf("store: %s opened read-only", s.path)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return ReidentifyStats{}, fmt.Errorf("store: reidentify: begin: %w", err)
	}
	defer tx.Rollback()
	if tx.pg {
		// Writers upsert speakers row by row; one pass over them all at a
		// time, and no Put in between.
		if _, err := tx.ExecContext(ctx, "LOCK TABLE speakers IN EXCLUSIVE MODE"); err != nil {
			return ReidentifyStats{}, fmt.Errorf("store: reidentify: lock: %w", err)
		}
	}
	st, err := reidentify(ctx, tx)
	if err != nil {
		return ReidentifyStats{}, fmt.Errorf("store: reidentify: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return ReidentifyStats{}, fmt.Errorf("store: reidentify: commit: %w", err)
	}
	return st, nil
}

// articleRow is one row of doc_speakers with its statements.
type articleRow struct {
	ArticleSpeaker
	speakerID int64 // 0 for NULL
}

func reidentify(ctx context.Context, tx *tx) (ReidentifyStats, error) {
	var st ReidentifyStats
	counts := map[[2]string]int{}
	rows, err := tx.QueryContext(ctx, `SELECT doc_id, speaker_sid, count(*) FROM statements
		WHERE speaker_sid IS NOT NULL GROUP BY doc_id, speaker_sid`)
	if err != nil {
		return st, fmt.Errorf("read statements: %w", err)
	}
	for rows.Next() {
		var doc int64
		var sid string
		var n int
		if err := rows.Scan(&doc, &sid, &n); err != nil {
			rows.Close()
			return st, fmt.Errorf("read statements: %w", err)
		}
		counts[[2]string{fmt.Sprint(doc), sid}] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("read statements: %w", err)
	}

	rows, err = tx.QueryContext(ctx, "SELECT doc_id, sid, name, type, coalesce(speaker_id, 0) FROM doc_speakers ORDER BY doc_id, sid")
	if err != nil {
		return st, fmt.Errorf("read article speakers: %w", err)
	}
	var arts []articleRow
	for rows.Next() {
		var a articleRow
		if err := rows.Scan(&a.Doc, &a.SID, &a.Name, &a.Type, &a.speakerID); err != nil {
			rows.Close()
			return st, fmt.Errorf("read article speakers: %w", err)
		}
		a.Statements = counts[[2]string{fmt.Sprint(a.Doc), a.SID}]
		a.Unnamed = looksUnnamed(a.Name)
		arts = append(arts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("read article speakers: %w", err)
	}
	st.ArticleSpeakers = len(arts)

	ids := map[string]int64{}
	rows, err = tx.QueryContext(ctx, "SELECT id, key FROM speakers")
	if err != nil {
		return st, fmt.Errorf("read speakers: %w", err)
	}
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return st, fmt.Errorf("read speakers: %w", err)
		}
		ids[k] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("read speakers: %w", err)
	}

	sps := make([]ArticleSpeaker, len(arts))
	for i, a := range arts {
		sps[i] = a.ArticleSpeaker
	}
	keys, groups := Identify(sps)
	list, err := readPeople(ctx, tx)
	if err != nil {
		return st, err
	}
	keys, groups, links := linkPeople(keys, groups, list)

	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	exec := func(query string, args ...any) error {
		s, ok := stmts[query]
		if !ok {
			var err error
			if s, err = tx.PrepareContext(ctx, query); err != nil {
				return err
			}
			stmts[query] = s
		}
		_, err := s.ExecContext(ctx, args...)
		return err
	}

	// Every collection speaker, in key order: an existing row keeps its id.
	gkeys := make([]string, 0, len(groups))
	for k := range groups {
		gkeys = append(gkeys, k)
	}
	slices.Sort(gkeys)
	touched := map[int64]bool{}
	for _, k := range gkeys {
		g := groups[k]
		id, ok := ids[k]
		if !ok {
			if err := tx.QueryRowContext(ctx, "INSERT INTO speakers(key, name, type) VALUES (?,?,?) RETURNING id", k, g.Name, g.Type).Scan(&id); err != nil {
				return st, fmt.Errorf("add speaker %q: %w", k, err)
			}
			ids[k] = id
		} else if err := exec("UPDATE speakers SET name = ?, type = ? WHERE id = ? AND (name <> ? OR type <> ?)", g.Name, g.Type, id, g.Name, g.Type); err != nil {
			return st, fmt.Errorf("rename speaker %d %q: %w", id, k, err)
		}
		touched[id] = true
	}
	if err := setLinks(ctx, tx, ids, links); err != nil {
		return st, err
	}
	for i, a := range arts {
		id := ids[keys[i]]
		if id == a.speakerID {
			continue
		}
		st.Moved++
		touched[a.speakerID] = true
		if err := exec("UPDATE doc_speakers SET speaker_id = ? WHERE doc_id = ? AND sid = ?", id, a.Doc, a.SID); err != nil {
			return st, fmt.Errorf("move article speaker %d/%s: %w", a.Doc, a.SID, err)
		}
		if err := exec("UPDATE statements SET speaker_id = ? WHERE doc_id = ? AND speaker_sid = ?", id, a.Doc, a.SID); err != nil {
			return st, fmt.Errorf("move statements of %d/%s: %w", a.Doc, a.SID, err)
		}
	}
	delete(touched, 0)
	for _, id := range sortedKeys(touched) {
		if err := exec(`UPDATE speakers SET
			n_statements = (SELECT count(*) FROM statements WHERE speaker_id = ?1),
			n_documents  = (SELECT count(*) FROM (SELECT doc_id FROM statements WHERE speaker_id = ?1
				UNION SELECT doc_id FROM doc_speakers WHERE speaker_id = ?1) AS u),
			first_date   = (SELECT min(date) FROM statements WHERE speaker_id = ?1 AND date IS NOT NULL),
			last_date    = (SELECT max(date) FROM statements WHERE speaker_id = ?1)
			WHERE id = ?1`, id); err != nil {
			return st, fmt.Errorf("count speaker %d: %w", id, err)
		}
	}
	var before, after int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM speakers").Scan(&before); err != nil {
		return st, fmt.Errorf("count speakers: %w", err)
	}
	if err := exec("DELETE FROM speakers WHERE n_documents <= 0"); err != nil {
		return st, fmt.Errorf("remove emptied speakers: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM speakers").Scan(&after); err != nil {
		return st, fmt.Errorf("count speakers: %w", err)
	}
	st.Speakers, st.Removed = after, before-after
	return st, nil
}

// looksUnnamed reports whether a stored article speaker's name is a
// description rather than a name: no capitalized word ("officials", "the
// company"), or "the", "a" or "an" and then a word in lower case ("The
// report", "A spokesman for the Gazette").
func looksUnnamed(name string) bool {
	f := strings.Fields(name)
	capital := func(w string) bool {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	if len(f) >= 2 {
		switch strings.ToLower(f[0]) {
		case "the", "a", "an":
			if !capital(f[1]) {
				return true
			}
		}
	}
	return !slices.ContainsFunc(f, capital)
}
