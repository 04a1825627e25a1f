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
//
// The rules read article speakers only by name, type, gender, kind of
// gender evidence and description flag, with their counts: the table
// speaker_names keeps them so grouped, and Put keeps it in step (addNames,
// dropNames), so that settling the partition of a surname quoted in
// thousands of articles reads a few rows, not thousands: reading them all
// made a batch's cost grow with the store.

// settled is what settle did.
type settled struct {
	// articles counts the stored article speakers read; moved those that
	// now belong to another collection speaker.
	articles, moved int
	// ids are the collection speaker ids of the extra members, in order.
	ids []int64
}

// settle applies Identify to the stored article speakers (speaker_names)
// of the partitions parts (every partition when all is set) together with extra,
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
	ms, have, err := readMembers(ctx, t, parts, all)
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
	// New speakers get their ids in the order they first come (the
	// batch's documents in order), as when Put upserted them one by one:
	// a store ingested in other batches numbers them alike.
	first := make(map[string]int, len(add))
	for i := len(keys) - 1; i >= 0; i-- {
		first[keys[i]] = i
	}
	slices.SortFunc(add, func(a, b *Collection) int { return first[a.Key] - first[b.Key] })
	if err := addSpeakers(ctx, t, add, ids); err != nil {
		return out, fmt.Errorf("add speakers: %w", err)
	}
	if err := renameSpeakers(ctx, t, change, ids); err != nil {
		return out, fmt.Errorf("rename speakers: %w", err)
	}
	if err := setPersons(ctx, t, add, change, have, ids, who != nil); err != nil {
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
	if err := addNames(ctx, t, extra, out.ids); err != nil {
		return out, fmt.Errorf("count names: %w", err)
	}
	return out, nil
}

// readMembers reads the members of the partitions parts (all with all)
// from speaker_names, and the speakers they belong to by key.
func readMembers(ctx context.Context, t *tx, parts []string, all bool) ([]member, map[string]collRow, error) {
	q := `SELECT n.part, n.name, n.type, n.gender, n.by_name, n.unnamed, coalesce(n.speaker_id, 0), n.articles, n.statements, n.weight,
		g.key, g.name, g.type, g.gender, g.unnamed, ` + personCols(t) + `
		FROM speaker_names n LEFT JOIN speakers g ON g.id = n.speaker_id`
	var args []any
	switch {
	case all:
	case t.pg:
		q += " WHERE n.part = ANY(?::text[])"
		args = append(args, parts)
	default:
		b, _ := json.Marshal(parts)
		q += " WHERE n.part IN (SELECT value FROM json_each(?))"
		args = append(args, string(b))
	}
	rows, err := t.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ms []member
	have := map[string]collRow{}
	for rows.Next() {
		var m member
		var key, name, typ, gender sql.NullString
		var unnamed sql.NullBool
		var person, evidence string
		if err := rows.Scan(&m.part, &m.name, &m.typ, &m.gender, &m.byName, &m.unnamed, &m.speakerID, &m.articles, &m.statements, &m.weight,
			&key, &name, &typ, &gender, &unnamed, &person, &evidence); err != nil {
			return nil, nil, err
		}
		ms = append(ms, m)
		if key.Valid {
			have[key.String] = collRow{id: m.speakerID, Name: name.String, Type: typ.String, Gender: gender.String, Unnamed: unnamed.Bool,
				Person: person, GenderEvidence: evidence}
		}
	}
	return ms, have, rows.Err()
}

// namesOf is the SELECT that groups rows of doc_speakers into the rows
// of speaker_names (their speaker left out), for the rows cond selects.
func namesOf(cond string) string {
	return `SELECT part, name, CASE WHEN type = '' THEN 'other' ELSE type END,
		gender, CASE WHEN gender_evidence LIKE 'name%' THEN 1 ELSE 0 END, unnamed,
		count(*), sum(n_statements), sum(CASE WHEN n_statements > 0 THEN n_statements ELSE 1 END)
		FROM doc_speakers ` + cond + ` GROUP BY 1, 2, 3, 4, 5, 6`
}

// rebuildNames makes speaker_names anew from doc_speakers: Reidentify
// recomputes from the article speakers themselves.
func rebuildNames(ctx context.Context, t *tx) error {
	if _, err := t.ExecContext(ctx, "DELETE FROM speaker_names"); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, `INSERT INTO speaker_names(part, name, type, gender, by_name, unnamed, articles, statements, weight)
		`+namesOf(""))
	if err != nil {
		return err
	}
	// The speaker: the one most of the rows point to (after a settle,
	// the one all do).
	_, err = t.ExecContext(ctx, `UPDATE speaker_names SET speaker_id = (SELECT ds.speaker_id FROM doc_speakers ds
		WHERE ds.part = speaker_names.part AND ds.name = speaker_names.name AND ds.unnamed = speaker_names.unnamed
			AND (ds.type = speaker_names.type OR ds.type = '' AND speaker_names.type = 'other') AND ds.speaker_id IS NOT NULL
		GROUP BY ds.speaker_id ORDER BY count(*) DESC, ds.speaker_id LIMIT 1)`)
	return err
}

// addNames counts the members ms, new article speakers of speakers ids,
// in speaker_names.
func addNames(ctx context.Context, t *tx, ms []member, ids []int64) error {
	type key struct {
		part, name, typ, gender string
		byName, unnamed         bool
	}
	type sum struct {
		id                           int64
		articles, statements, weight int
	}
	sums := map[key]*sum{}
	var order []key
	for i, m := range ms {
		k := key{m.part, m.name, m.typ, m.gender, m.byName, m.unnamed}
		x := sums[k]
		if x == nil {
			x = &sum{id: ids[i]}
			sums[k] = x
			order = append(order, k)
		}
		x.articles += m.articles
		x.statements += m.statements
		x.weight += m.weight
	}
	const upsert = ` ON CONFLICT(part, name, type, gender, by_name, unnamed) DO UPDATE SET
		speaker_id = excluded.speaker_id, articles = speaker_names.articles + excluded.articles,
		statements = speaker_names.statements + excluded.statements, weight = speaker_names.weight + excluded.weight`
	if t.pg {
		n := len(order)
		parts, names, types, genders := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		byName, unnamed, articles, statements, weight := make([]int32, n), make([]int32, n), make([]int32, n), make([]int32, n), make([]int32, n)
		idv := make([]int64, n)
		for i, k := range order {
			x := sums[k]
			parts[i], names[i], types[i], genders[i] = k.part, k.name, k.typ, k.gender
			byName[i], unnamed[i], idv[i] = int32(b2i(k.byName)), int32(b2i(k.unnamed)), x.id
			articles[i], statements[i], weight[i] = int32(x.articles), int32(x.statements), int32(x.weight)
		}
		if n == 0 {
			return nil
		}
		_, err := t.ExecContext(ctx, `INSERT INTO speaker_names(part, name, type, gender, by_name, unnamed, speaker_id, articles, statements, weight)
			SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::bigint[], ?::int[], ?::int[], ?::int[])`+upsert,
			parts, names, types, genders, byName, unnamed, idv, articles, statements, weight)
		return err
	}
	if len(order) == 0 {
		return nil
	}
	st, err := t.PrepareContext(ctx, `INSERT INTO speaker_names(part, name, type, gender, by_name, unnamed, speaker_id, articles, statements, weight)
		VALUES (?,?,?,?,?,?,?,?,?,?)`+upsert)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, k := range order {
		x := sums[k]
		if _, err := st.ExecContext(ctx, k.part, k.name, k.typ, k.gender, b2i(k.byName), b2i(k.unnamed), x.id, x.articles, x.statements, x.weight); err != nil {
			return err
		}
	}
	return nil
}

// dropNames takes the article speakers of document doc out of
// speaker_names and returns their partitions.
func dropNames(ctx context.Context, t *tx, doc int64) ([]string, error) {
	rows, err := t.QueryContext(ctx, namesOf("WHERE doc_id = ?"), doc)
	if err != nil {
		return nil, err
	}
	var ms []member
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.part, &m.name, &m.typ, &m.gender, &m.byName, &m.unnamed, &m.articles, &m.statements, &m.weight); err != nil {
			rows.Close()
			return nil, err
		}
		ms = append(ms, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var parts []string
	for _, m := range ms {
		if _, err := t.ExecContext(ctx, `UPDATE speaker_names SET articles = articles - ?, statements = statements - ?, weight = weight - ?
			WHERE part = ? AND name = ? AND type = ? AND gender = ? AND by_name = ? AND unnamed = ?`,
			m.articles, m.statements, m.weight, m.part, m.name, m.typ, m.gender, b2i(m.byName), b2i(m.unnamed)); err != nil {
			return nil, err
		}
		parts = append(parts, m.part)
	}
	slices.Sort(parts)
	parts = slices.Compact(parts)
	if len(parts) > 0 {
		b, _ := json.Marshal(parts)
		q, arg := "DELETE FROM speaker_names WHERE articles <= 0 AND part IN (SELECT value FROM json_each(?))", any(string(b))
		if t.pg {
			q, arg = "DELETE FROM speaker_names WHERE articles <= 0 AND part = ANY(?::text[])", parts
		}
		if _, err := t.ExecContext(ctx, q, arg); err != nil {
			return nil, err
		}
	}
	return parts, nil
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

// speakerUpsert takes over a speaker row of the key being added.
const speakerUpsert = ` ON CONFLICT(key) DO UPDATE SET name = excluded.name, type = excluded.type,
	gender = excluded.gender, unnamed = excluded.unnamed`

// addSpeakers inserts the collection speakers gs, in order, and puts
// their ids in ids. A speaker of that key may be there all the same, no
// longer pointed to by its article speakers (those of a document being
// replaced): it is taken over.
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
			SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[])`+speakerUpsert+` RETURNING key, id`, keys, names, types, genders, unnamed)
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
	st, err := t.PrepareContext(ctx, "INSERT INTO speakers(key, name, type, gender, unnamed) VALUES (?,?,?,?,?)"+speakerUpsert+" RETURNING id")
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
	// Every gender at once: the target does not depend on it (members
	// that differ only there find nothing left to move).
	types := "type = ?"
	if m.typ == "other" {
		types = "type IN (?, '')" // read as other, stored as given
	}
	rows, err := t.QueryContext(ctx, `SELECT doc_id, sid FROM doc_speakers WHERE part = ? AND name = ? AND `+types+`
		AND unnamed = ? AND coalesce(speaker_id, 0) <> ?`, m.part, m.name, m.typ, b2i(m.unnamed), id)
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
	if _, err := t.ExecContext(ctx, "UPDATE speaker_names SET speaker_id = ? WHERE part = ? AND name = ? AND type = ? AND unnamed = ?",
		id, m.part, m.name, m.typ, b2i(m.unnamed)); err != nil {
		return 0, err
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
