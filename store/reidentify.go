package store

import (
	"context"
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
// speaker's name, type and gender are decided by its article speakers,
// whatever the order the articles came in. It runs in one transaction;
// statements and article speakers are pointed at their new speaker, the
// counts and dates of every speaker touched are recomputed, and speakers
// left with no document are deleted.
//
// Put applies the same rules to the partitions each batch touches, so a
// store is always as Reidentify leaves it and a run changes nothing; it
// stays as the full recompute, for a store whose rules changed.
//
// When the store holds a people list ([Store.SetPeople]), the collection
// speakers are linked to its people, and those of one person merged, by
// the rule of [linkPeople].
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

// reidentify settles every partition and deletes the speakers left with
// no document.
func reidentify(ctx context.Context, tx *tx) (ReidentifyStats, error) {
	var st ReidentifyStats
	if err := rebuildNames(ctx, tx); err != nil {
		return st, fmt.Errorf("group article speakers: %w", err)
	}
	touched := map[int64]bool{}
	r, err := settle(ctx, tx, nil, true, nil, touched)
	if err != nil {
		return st, err
	}
	st.ArticleSpeakers, st.Moved = r.articles, r.moved
	var before, after int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM speakers").Scan(&before); err != nil {
		return st, fmt.Errorf("count speakers: %w", err)
	}
	// Speakers no article speaker points to: left by a store written
	// before (a key no rule gives now), or emptied by the moves.
	if _, err := tx.ExecContext(ctx, `UPDATE speakers SET n_documents = 0, n_statements = 0
		WHERE NOT EXISTS (SELECT 1 FROM doc_speakers WHERE speaker_id = speakers.id)
		AND NOT EXISTS (SELECT 1 FROM statements WHERE speaker_id = speakers.id)`); err != nil {
		return st, fmt.Errorf("find emptied speakers: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM speakers WHERE n_documents <= 0"); err != nil {
		return st, fmt.Errorf("remove emptied speakers: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM speakers").Scan(&after); err != nil {
		return st, fmt.Errorf("count speakers: %w", err)
	}
	st.Speakers, st.Removed = after, before-after
	return st, nil
}

// upgradeIdentity is the code of migration 4: it fills the new columns of
// the article speakers stored before (description flag by looksUnnamed,
// partition, statements), blanks the result hashes of the documents so
// that they are extracted and stored again, genders included, and
// settles every partition.
func upgradeIdentity(ctx context.Context, tx *tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT doc_id, sid, name FROM doc_speakers")
	if err != nil {
		return fmt.Errorf("read article speakers: %w", err)
	}
	var docs []int64
	var sids, parts []string
	var unnamed []int32
	for rows.Next() {
		var doc int64
		var sid, name string
		if err := rows.Scan(&doc, &sid, &name); err != nil {
			rows.Close()
			return fmt.Errorf("read article speakers: %w", err)
		}
		u := looksUnnamed(name)
		docs, sids = append(docs, doc), append(sids, sid)
		parts, unnamed = append(parts, partKey(doc, name, u)), append(unnamed, int32(b2i(u)))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read article speakers: %w", err)
	}
	if tx.pg {
		if _, err := tx.ExecContext(ctx, `UPDATE doc_speakers SET part = u.part, unnamed = u.unnamed
			FROM unnest(?::bigint[], ?::text[], ?::text[], ?::int[]) AS u(doc_id, sid, part, unnamed)
			WHERE doc_speakers.doc_id = u.doc_id AND doc_speakers.sid = u.sid`, docs, sids, parts, unnamed); err != nil {
			return fmt.Errorf("mark article speakers: %w", err)
		}
	} else {
		st, err := tx.PrepareContext(ctx, "UPDATE doc_speakers SET part = ?, unnamed = ? WHERE doc_id = ? AND sid = ?")
		if err != nil {
			return fmt.Errorf("mark article speakers: %w", err)
		}
		defer st.Close()
		for i := range docs {
			if _, err := st.ExecContext(ctx, parts[i], unnamed[i], docs[i], sids[i]); err != nil {
				return fmt.Errorf("mark article speakers: %w", err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE doc_speakers SET n_statements = (SELECT count(*) FROM statements s
		WHERE s.doc_id = doc_speakers.doc_id AND s.speaker_sid = doc_speakers.sid)`); err != nil {
		return fmt.Errorf("count statements of article speakers: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE documents SET result_hash = ''"); err != nil {
		return fmt.Errorf("mark documents for extraction: %w", err)
	}
	if _, err := reidentify(ctx, tx); err != nil {
		return fmt.Errorf("settle speakers: %w", err)
	}
	return nil
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
