package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
)

// This file applies the rules of [Identify] to the store: settle regroups
// the article speakers of some partitions ([partKey]) into collection
// speakers. Every rule looks at one partition only, so a Put that settles
// the partitions its documents touch (those of the speakers it adds and
// of those it removes) leaves the store as a [Store.Reidentify] of the
// whole store would: the others are as the last settle left them.

// settled is what settle did.
type settled struct {
	// articles counts the stored article speakers read; moved those that
	// now belong to another collection speaker.
	articles, moved int
	// ids are the collection speaker ids of the extra members, in order.
	ids []int64
}

// settle applies Identify to the stored article speakers of the
// partitions parts (every partition when all is set) together with extra,
// members of a batch not written yet (one article speaker each). It adds
// or renames the collection speakers of the result (name, type, gender,
// description flag), points the stored article speakers and their
// statements that belong elsewhere to their new speaker and recounts the
// speakers they left and joined. touched collects every speaker whose row
// changed, for its dates to be refreshed and for its deletion when it has
// no document left.
func settle(ctx context.Context, t *tx, parts []string, all bool, extra []member, touched map[int64]bool) (settled, error) {
	var out settled
	if !all && len(parts) == 0 && len(extra) == 0 {
		return out, nil
	}
	ms, err := readMembers(ctx, t, parts, all)
	if err != nil {
		return out, fmt.Errorf("read article speakers: %w", err)
	}
	for _, m := range ms {
		out.articles += m.articles
	}
	stored := len(ms)
	ms = append(ms, extra...)
	keys, groups := identify(ms)
	who, persons, err := readLinks(ctx, t, groups, all)
	if err != nil {
		return out, err
	}
	keys, groups = linkPeople(keys, groups, who, persons)
	gkeys := make([]string, 0, len(groups))
	for k := range groups {
		gkeys = append(gkeys, k)
	}
	slices.Sort(gkeys)

	have, err := readSpeakers(ctx, t, gkeys, all)
	if err != nil {
		return out, fmt.Errorf("read speakers: %w", err)
	}
	ids := make(map[string]int64, len(gkeys))
	var add, change []*Collection
	for _, k := range gkeys {
		g := groups[k]
		h, ok := have[k]
		switch {
		case !ok:
			add = append(add, g)
		case h.Name != g.Name || h.Type != g.Type || h.Gender != g.Gender || h.Unnamed != g.Unnamed ||
			h.Person != g.Person || h.GenderEvidence != g.GenderEvidence:
			change = append(change, g)
			fallthrough
		default:
			ids[k] = h.id
		}
	}
	if err := addSpeakers(ctx, t, add, ids); err != nil {
		return out, fmt.Errorf("add speakers: %w", err)
	}
	if err := renameSpeakers(ctx, t, change, ids); err != nil {
		return out, fmt.Errorf("rename speakers: %w", err)
	}
	if err := setPersons(ctx, t, add, change, have, ids); err != nil {
		return out, fmt.Errorf("link speakers to people: %w", err)
	}
	for _, g := range change {
		touched[ids[g.Key]] = true
	}

	recount := map[int64]bool{}
	for i, m := range ms[:stored] {
		id := ids[keys[i]]
		if id == m.speakerID {
			continue
		}
		n, err := moveMember(ctx, t, m, id)
		if err != nil {
			return out, fmt.Errorf("move article speakers %q of %s: %w", m.name, m.part, err)
		}
		out.moved += n
		recount[id] = true
		if m.speakerID != 0 {
			recount[m.speakerID] = true
		}
	}
	for _, id := range sortedKeys(recount) {
		if _, err := t.ExecContext(ctx, `UPDATE speakers SET
			n_statements = (SELECT count(*) FROM statements WHERE speaker_id = ?1),
			n_documents  = (SELECT count(*) FROM (SELECT doc_id FROM statements WHERE speaker_id = ?1
				UNION SELECT doc_id FROM doc_speakers WHERE speaker_id = ?1) AS u),
			first_date   = (SELECT min(date) FROM statements WHERE speaker_id = ?1 AND date IS NOT NULL),
			last_date    = (SELECT max(date) FROM statements WHERE speaker_id = ?1)
			WHERE id = ?1`, id); err != nil {
			return out, fmt.Errorf("count speaker %d: %w", id, err)
		}
		touched[id] = true
	}
	out.ids = make([]int64, len(extra))
	for i := range extra {
		out.ids[i] = ids[keys[stored+i]]
	}
	return out, nil
}

// readMembers reads the article speakers of the partitions parts (all
// with all), grouped into members.
func readMembers(ctx context.Context, t *tx, parts []string, all bool) ([]member, error) {
	q := `SELECT part, name, type, gender, unnamed, coalesce(speaker_id, 0), count(*), sum(n_statements),
		sum(CASE WHEN n_statements > 0 THEN n_statements ELSE 1 END) FROM doc_speakers`
	var args []any
	switch {
	case all:
	case t.pg:
		q += " WHERE part = ANY(?::text[])"
		args = append(args, parts)
	default:
		b, _ := json.Marshal(parts)
		q += " WHERE part IN (SELECT value FROM json_each(?))"
		args = append(args, string(b))
	}
	q += " GROUP BY part, name, type, gender, unnamed, speaker_id"
	rows, err := t.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ms []member
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.part, &m.name, &m.typ, &m.gender, &m.unnamed, &m.speakerID, &m.articles, &m.statements, &m.weight); err != nil {
			return nil, err
		}
		m.typ = storedType(m.typ)
		ms = append(ms, m)
	}
	return ms, rows.Err()
}

// storedType is the type of a speaker that gives none: other.
func storedType(t string) string {
	if t == "" {
		return "other"
	}
	return t
}

// collRow is a collection speaker's row as settle compares it.
type collRow struct {
	id             int64
	Name           string
	Type           string
	Gender         string
	Unnamed        bool
	Person         string // "" when linked to no one
	GenderEvidence string
}

// readSpeakers reads the speakers with the given keys (all with all).
func readSpeakers(ctx context.Context, t *tx, keys []string, all bool) (map[string]collRow, error) {
	q := "SELECT id, key, name, type, gender, unnamed, " + personCols(t) + " FROM speakers"
	var args []any
	switch {
	case all:
	case t.pg:
		q += " WHERE key = ANY(?::text[])"
		args = append(args, keys)
	default:
		b, _ := json.Marshal(keys)
		q += " WHERE key IN (SELECT value FROM json_each(?))"
		args = append(args, string(b))
	}
	rows, err := t.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]collRow{}
	for rows.Next() {
		var r collRow
		var k string
		if err := rows.Scan(&r.id, &k, &r.Name, &r.Type, &r.Gender, &r.Unnamed, &r.Person, &r.GenderEvidence); err != nil {
			return nil, err
		}
		out[k] = r
	}
	return out, rows.Err()
}

// addSpeakers inserts the collection speakers gs (in key order) and puts
// their ids in ids.
func addSpeakers(ctx context.Context, t *tx, gs []*Collection, ids map[string]int64) error {
	if len(gs) == 0 {
		return nil
	}
	if t.pg {
		keys, names, types, genders := make([]string, len(gs)), make([]string, len(gs)), make([]string, len(gs)), make([]string, len(gs))
		unnamed := make([]int32, len(gs))
		for i, g := range gs {
			keys[i], names[i], types[i], genders[i], unnamed[i] = g.Key, g.Name, g.Type, g.Gender, int32(b2i(g.Unnamed))
		}
		rows, err := t.QueryContext(ctx, `INSERT INTO speakers(key, name, type, gender, unnamed)
			SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[]) RETURNING key, id`, keys, names, types, genders, unnamed)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var id int64
			if err := rows.Scan(&k, &id); err != nil {
				return err
			}
			ids[k] = id
		}
		return rows.Err()
	}
	st, err := t.PrepareContext(ctx, "INSERT INTO speakers(key, name, type, gender, unnamed) VALUES (?,?,?,?,?) RETURNING id")
	if err != nil {
		return err
	}
	defer st.Close()
	for _, g := range gs {
		var id int64
		if err := st.QueryRowContext(ctx, g.Key, g.Name, g.Type, g.Gender, b2i(g.Unnamed)).Scan(&id); err != nil {
			return fmt.Errorf("%q: %w", g.Key, err)
		}
		ids[g.Key] = id
	}
	return nil
}

// renameSpeakers writes the name, type, gender and description flag of
// the collection speakers gs, whose ids are in ids.
func renameSpeakers(ctx context.Context, t *tx, gs []*Collection, ids map[string]int64) error {
	if len(gs) == 0 {
		return nil
	}
	if t.pg {
		idv, names, types, genders := make([]int64, len(gs)), make([]string, len(gs)), make([]string, len(gs)), make([]string, len(gs))
		unnamed := make([]int32, len(gs))
		for i, g := range gs {
			idv[i], names[i], types[i], genders[i], unnamed[i] = ids[g.Key], g.Name, g.Type, g.Gender, int32(b2i(g.Unnamed))
		}
		_, err := t.ExecContext(ctx, `UPDATE speakers SET name = u.name, type = u.type, gender = u.gender, unnamed = u.unnamed
			FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[]) AS u(id, name, type, gender, unnamed)
			WHERE speakers.id = u.id`, idv, names, types, genders, unnamed)
		return err
	}
	st, err := t.PrepareContext(ctx, "UPDATE speakers SET name = ?, type = ?, gender = ?, unnamed = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer st.Close()
	for _, g := range gs {
		if _, err := st.ExecContext(ctx, g.Name, g.Type, g.Gender, b2i(g.Unnamed), ids[g.Key]); err != nil {
			return fmt.Errorf("%q: %w", g.Key, err)
		}
	}
	return nil
}

// moveMember points the article speakers of m, and their statements, to
// the collection speaker id; it returns how many article speakers moved.
func moveMember(ctx context.Context, t *tx, m member, id int64) (int, error) {
	rows, err := t.QueryContext(ctx, `SELECT doc_id, sid FROM doc_speakers WHERE part = ? AND name = ? AND type = ?
		AND gender = ? AND unnamed = ? AND coalesce(speaker_id, 0) = ?`, m.part, m.name, m.typ, m.gender, b2i(m.unnamed), m.speakerID)
	if m.typ == "other" {
		// Read as other, stored as given: "" too.
		rows, err = t.QueryContext(ctx, `SELECT doc_id, sid FROM doc_speakers WHERE part = ? AND name = ? AND type IN ('other', '')
			AND gender = ? AND unnamed = ? AND coalesce(speaker_id, 0) = ?`, m.part, m.name, m.gender, b2i(m.unnamed), m.speakerID)
	}
	if err != nil {
		return 0, err
	}
	type row struct {
		doc int64
		sid string
	}
	var rs []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.doc, &r.sid); err != nil {
			rows.Close()
			return 0, err
		}
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range rs {
		if _, err := t.ExecContext(ctx, "UPDATE doc_speakers SET speaker_id = ? WHERE doc_id = ? AND sid = ?", id, r.doc, r.sid); err != nil {
			return 0, err
		}
		if _, err := t.ExecContext(ctx, "UPDATE statements SET speaker_id = ? WHERE doc_id = ? AND speaker_sid = ?", id, r.doc, r.sid); err != nil {
			return 0, err
		}
	}
	return len(rs), nil
}

// partLock is the key of the PostgreSQL advisory lock of a partition
// (one bigint, a lock space apart from the migrations' pairs of ints):
// Put holds the locks of the partitions it settles until it commits, so
// that concurrent writers of one partition settle it one after the
// other, each seeing what the one before committed.
func partLock(part string) int64 {
	h := fnv.New64a()
	h.Write([]byte("whosaid partition\x00" + part))
	return int64(h.Sum64())
}

// lockParts takes the advisory locks of the partitions not locked yet by
// this transaction, in increasing order of their keys.
func (p *putter) lockParts(ctx context.Context, parts []string) error {
	var keys []int64
	for _, pt := range parts {
		k := partLock(pt)
		if !p.locked[k] {
			p.locked[k] = true
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var n sql.NullInt64
	return p.tx.QueryRowContext(ctx, `SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest(?::bigint[]) AS k ORDER BY k) AS s`, keys).Scan(&n)
}
