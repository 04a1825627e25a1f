package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/people"
)

// This file keeps a people list (issue 11 item 3) and links the speakers
// of the collection to its people.
//
// The store keeps one list: [Store.SetPeople] replaces the list it held
// (people left out of the new list are removed and their speakers
// unlinked; those kept are updated) and links the whole collection again,
// and every [Store.Reidentify] (the end of each ingest) links the speakers
// of new articles. The rule is [linkPeople]'s.

// Person is a person of the store's people list, as statements and
// speakers linked to it carry it.
type Person struct {
	ID     string `json:"id"`     // the list's id, typically a Wikidata QID ("Q76")
	Name   string `json:"name"`   // the list's name, the display name of the speaker
	Gender string `json:"gender"` // female, male, other, unknown or "" (not given)
	Party  string `json:"party"`
	Role   string `json:"role"`
}

// PersonCount is a person of the list with the statements and collection
// speakers linked to it.
type PersonCount struct {
	Person
	Variants   []string `json:"variants"`
	Statements int      `json:"statements"`
	Speakers   int      `json:"speakers"`          // 0 (not linked) or 1
	Speaker    int64    `json:"speaker,omitempty"` // the collection speaker linked to it, if any
}

// PeopleStats says what [Store.SetPeople] changed.
type PeopleStats struct {
	People                  int // in the new list
	Added, Updated, Removed int // people new, changed, left out
	LinkedSpeakers          int // collection speakers linked after the load
	LinkedStatements        int // their statements
	Reidentify              ReidentifyStats
}

// SetPeople makes list the store's people list, replacing the one it held,
// and links the speakers of the collection to it (see [Store.Reidentify]),
// in one transaction.
func (s *Store) SetPeople(ctx context.Context, list []people.Person) (PeopleStats, error) {
	var st PeopleStats
	if s.w == nil {
		return st, fmt.Errorf("store: %s opened read-only", s.path)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return st, fmt.Errorf("store: people: begin: %w", err)
	}
	defer tx.Rollback()
	if tx.pg {
		if _, err := tx.ExecContext(ctx, "LOCK TABLE speakers IN EXCLUSIVE MODE"); err != nil {
			return st, fmt.Errorf("store: people: lock: %w", err)
		}
	}
	old, err := readPeople(ctx, tx)
	if err != nil {
		return st, fmt.Errorf("store: people: %w", err)
	}
	byID := map[string]people.Person{}
	for _, p := range old {
		byID[p.ID] = p
	}
	keep := map[string]bool{}
	for _, p := range list {
		keep[p.ID] = true
		variants, _ := json.Marshal(nonNilStrings(p.Variants))
		o, had := byID[p.ID]
		switch {
		case !had:
			st.Added++
			err = execTx(ctx, tx, `INSERT INTO people(id, name, variants, gender, party, role) VALUES (?,?,?,?,?,?)`,
				p.ID, p.Name, string(variants), nullable(p.Gender), nullable(p.Party), nullable(p.Role))
		case !samePerson(o, p):
			st.Updated++
			err = execTx(ctx, tx, `UPDATE people SET name = ?, variants = ?, gender = ?, party = ?, role = ? WHERE id = ?`,
				p.Name, string(variants), nullable(p.Gender), nullable(p.Party), nullable(p.Role), p.ID)
		}
		if err != nil {
			return st, fmt.Errorf("store: people: %s: %w", p.ID, err)
		}
	}
	for _, p := range old {
		if keep[p.ID] {
			continue
		}
		st.Removed++
		if err := execTx(ctx, tx, "DELETE FROM people WHERE id = ?", p.ID); err != nil {
			return st, fmt.Errorf("store: people: remove %s: %w", p.ID, err)
		}
	}
	if err := writeNames(ctx, tx, list); err != nil {
		return st, fmt.Errorf("store: people: %w", err)
	}
	st.People = len(list)
	if st.Reidentify, err = reidentify(ctx, tx); err != nil {
		return st, fmt.Errorf("store: people: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(n_statements), 0) FROM speakers WHERE person_id IS NOT NULL`).
		Scan(&st.LinkedSpeakers, &st.LinkedStatements); err != nil {
		return st, fmt.Errorf("store: people: count links: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return st, fmt.Errorf("store: people: commit: %w", err)
	}
	return st, nil
}

// writeNames replaces the name keys of the people by those of list.
func writeNames(ctx context.Context, tx *tx, list []people.Person) error {
	if err := execTx(ctx, tx, "DELETE FROM people_names"); err != nil {
		return fmt.Errorf("clear names: %w", err)
	}
	who := nameIndex(list)
	var ks, ids []string
	for _, k := range slices.Sorted(maps.Keys(who)) {
		for _, id := range who[k] {
			ks, ids = append(ks, k), append(ids, id)
		}
	}
	if tx.pg {
		if err := execTx(ctx, tx, "INSERT INTO people_names(key, person_id) SELECT * FROM unnest(?::text[], ?::text[])", ks, ids); err != nil {
			return fmt.Errorf("write names: %w", err)
		}
		return nil
	}
	st, err := tx.PrepareContext(ctx, "INSERT INTO people_names(key, person_id) VALUES (?, ?)")
	if err != nil {
		return fmt.Errorf("write names: %w", err)
	}
	defer st.Close()
	for i := range ks {
		if _, err := st.ExecContext(ctx, ks[i], ids[i]); err != nil {
			return fmt.Errorf("write names: %w", err)
		}
	}
	return nil
}

func execTx(ctx context.Context, tx *tx, query string, args ...any) error {
	_, err := tx.ExecContext(ctx, query, args...)
	return err
}

func samePerson(a, b people.Person) bool {
	return a.Name == b.Name && a.Gender == b.Gender && a.Party == b.Party && a.Role == b.Role && slices.Equal(a.Variants, b.Variants)
}

// readPeople reads the store's list, in id order.
func readPeople(ctx context.Context, tx *tx) ([]people.Person, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, variants, coalesce(gender, ''), coalesce(party, ''), coalesce(role, '') FROM people ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read people: %w", err)
	}
	defer rows.Close()
	var out []people.Person
	for rows.Next() {
		var p people.Person
		var variants string
		if err := rows.Scan(&p.ID, &p.Name, &variants, &p.Gender, &p.Party, &p.Role); err != nil {
			return nil, fmt.Errorf("read people: %w", err)
		}
		if err := json.Unmarshal([]byte(variants), &p.Variants); err != nil {
			return nil, fmt.Errorf("read people: %s: variants: %w", p.ID, err)
		}
		if len(p.Variants) == 0 {
			p.Variants = nil
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// peopleVersion is the schema version that adds the people list.
const peopleVersion = 5

// hasPeople reports whether the store of t has the people list's tables
// and columns: not while an earlier migration runs.
func hasPeople(t *tx) bool { return t.migrating == 0 || t.migrating >= peopleVersion }

// personCols are the columns of speakers g (joined, perhaps NULL) a
// settle reads for the people list: person id and gender evidence, both
// empty for none.
func personCols(t *tx) string {
	if !hasPeople(t) {
		return "'', ''"
	}
	return "coalesce(g.person_id, ''), coalesce(g.gender_evidence, '')"
}

// setPersons writes the person and gender evidence of the collection
// speakers settle added and changed (have holds the rows before), whose
// ids are in ids, where they differ from the row's. With a list (listed),
// every added speaker's, as addSpeakers may take over a row that was
// linked; without, only those of linked speakers: none.
func setPersons(ctx context.Context, t *tx, add, change []*Collection, have map[string]collRow, ids map[string]int64, listed bool) error {
	if !hasPeople(t) {
		return nil
	}
	var gs []*Collection
	for _, g := range add {
		if listed || g.Person != "" || g.GenderEvidence != "" {
			gs = append(gs, g)
		}
	}
	for _, g := range change {
		if h := have[g.Key]; h.Person != g.Person || h.GenderEvidence != g.GenderEvidence {
			gs = append(gs, g)
		}
	}
	if len(gs) == 0 {
		return nil
	}
	if t.pg {
		idv, persons, evidence := make([]int64, len(gs)), make([]*string, len(gs)), make([]string, len(gs))
		for i, g := range gs {
			idv[i], evidence[i] = ids[g.Key], g.GenderEvidence
			if g.Person != "" {
				persons[i] = &g.Person
			}
		}
		return execTx(ctx, t, `UPDATE speakers SET person_id = u.person_id, gender_evidence = u.gender_evidence
			FROM unnest(?::bigint[], ?::text[], ?::text[]) AS u(id, person_id, gender_evidence)
			WHERE speakers.id = u.id`, idv, persons, evidence)
	}
	st, err := t.PrepareContext(ctx, "UPDATE speakers SET person_id = ?, gender_evidence = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer st.Close()
	for _, g := range gs {
		if _, err := st.ExecContext(ctx, nullable(g.Person), g.GenderEvidence, ids[g.Key]); err != nil {
			return fmt.Errorf("%q: %w", g.Key, err)
		}
	}
	return nil
}

// nameIndex returns the people of list by the [NameKey] of each of their
// names and variants.
func nameIndex(list []people.Person) map[string][]string {
	who := map[string][]string{}
	for _, p := range list {
		for _, n := range p.Names() {
			if k := NameKey(n); k != "" && !slices.Contains(who[k], p.ID) {
				who[k] = append(who[k], p.ID)
			}
		}
	}
	return who
}

// linkPeople links the collection speakers of [Identify] (keys and
// groups) to the people of the list (who: the people of each name key, as
// [nameIndex] gives them; persons: the people by id), and merges the
// speakers of one partition linked to one person into one. It returns
// the keys of the members after the merge and the groups by key, a
// linked group carrying its person's id. The rule:
//
//   - The names compared are [NameKey]s: case, punctuation, honorifics, a
//     possessive and a single middle initial do not count, as when the
//     speakers of articles are joined.
//   - A collection speaker links to a person when one of its names (the
//     names of the article speakers joined in it) is a name or variant of
//     that person and of no other person of the list, and none of its
//     names is such a name of another person. A name the list gives two
//     people ("Clinton" for Bill and for Hillary) decides nothing: the
//     speaker links only when another, fuller name of it decides.
//   - A description (Unnamed) never links.
//   - The speakers of one partition (one surname: "Hillary Clinton" and
//     "Hillary Rodham Clinton") linked to one person are one speaker of
//     the collection: it keeps the key of the one with the most
//     statements (then the smallest key), so a search by that name finds
//     it; its name is the list's, its type person, and its gender the
//     list's when the list gives one (female, male or other), with
//     evidence "list". Speakers of two surnames linked to one person (a
//     variant with another surname) both link to it but stay two rows:
//     Put settles one partition at a time.
func linkPeople(keys []string, groups map[string]*Collection, who map[string][]string, persons map[string]people.Person) ([]string, map[string]*Collection) {
	if len(who) == 0 {
		return keys, groups
	}
	gkeys := make([]string, 0, len(groups))
	for k := range groups {
		gkeys = append(gkeys, k)
	}
	slices.Sort(gkeys)
	type partPerson struct{ part, person string }
	byPerson := map[partPerson][]string{} // the groups of a partition linked to a person, in key order
	var order []partPerson
	for _, k := range gkeys {
		g := groups[k]
		if g.Unnamed || strings.HasPrefix(k, "~") {
			continue
		}
		person := ""
		for _, n := range append([]string{k}, g.Variants...) {
			ps := who[NameKey(n)]
			if len(ps) != 1 {
				continue // no person, or a name of two: undecided
			}
			if person != "" && person != ps[0] {
				person = "" // names of two people: no link
				break
			}
			person = ps[0]
		}
		if _, ok := persons[person]; !ok {
			continue
		}
		pk := partPerson{surname(strings.Fields(k)), person}
		if byPerson[pk] == nil {
			order = append(order, pk)
		}
		byPerson[pk] = append(byPerson[pk], k)
	}
	rekey := map[string]string{}
	for _, pk := range order {
		ks := byPerson[pk]
		p := persons[pk.person]
		main := ks[0]
		for _, k := range ks[1:] {
			if groups[k].Statements > groups[main].Statements {
				main = k
			}
		}
		m := groups[main]
		for _, k := range ks {
			if k == main {
				continue
			}
			g := groups[k]
			m.Documents += g.Documents
			m.Statements += g.Statements
			for _, v := range g.Variants {
				if !slices.Contains(m.Variants, v) {
					m.Variants = append(m.Variants, v)
				}
			}
			delete(groups, k)
			rekey[k] = main
		}
		m.Name, m.Type, m.Person = p.Name, "person", p.ID
		if m.Gender == "" {
			m.Gender = output.UnknownGender // a person's gender is never ""
		}
		switch p.Gender {
		case "female", "male", "other":
			m.Gender, m.GenderEvidence = p.Gender, "list"
		}
	}
	if len(rekey) > 0 {
		keys = slices.Clone(keys)
		for i, k := range keys {
			if to, ok := rekey[k]; ok {
				keys[i] = to
			}
		}
	}
	return keys, groups
}

// readLinks reads what [linkPeople] needs to link groups: the people of
// every name key of their names (of every name of the list with all),
// and those people whom a name names alone.
func readLinks(ctx context.Context, t *tx, groups map[string]*Collection, all bool) (map[string][]string, map[string]people.Person, error) {
	if !hasPeople(t) {
		return nil, nil, nil
	}
	var listed bool
	if err := t.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM people_names)").Scan(&listed); err != nil {
		return nil, nil, fmt.Errorf("read people's names: %w", err)
	}
	if !listed {
		return nil, nil, nil // no list: nothing to link
	}
	q := "SELECT key, person_id FROM people_names"
	var args []any
	if !all {
		var ks []string
		for k, g := range groups {
			if g.Unnamed {
				continue
			}
			ks = append(ks, k)
			for _, v := range g.Variants {
				ks = append(ks, NameKey(v))
			}
		}
		if len(ks) == 0 {
			return nil, nil, nil
		}
		slices.Sort(ks)
		ks = slices.Compact(ks)
		if t.pg {
			q += " WHERE key = ANY(?::text[])"
			args = append(args, ks)
		} else {
			b, _ := json.Marshal(ks)
			q += " WHERE key IN (SELECT value FROM json_each(?))"
			args = append(args, string(b))
		}
	}
	rows, err := t.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("read people's names: %w", err)
	}
	who := map[string][]string{}
	for rows.Next() {
		var k, id string
		if err := rows.Scan(&k, &id); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("read people's names: %w", err)
		}
		who[k] = append(who[k], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read people's names: %w", err)
	}
	var linked []string
	for _, ps := range who {
		if len(ps) == 1 {
			linked = append(linked, ps[0]) // only a name of one person links
		}
	}
	persons := map[string]people.Person{}
	slices.Sort(linked)
	linked = slices.Compact(linked)
	for len(linked) > 0 {
		n := min(len(linked), 500)
		where, args := oneOf(nil, nil, "id", linked[:n])
		linked = linked[n:]
		rows, err := t.QueryContext(ctx, "SELECT id, name, coalesce(gender, '') FROM people WHERE "+where[0], args...)
		if err != nil {
			return nil, nil, fmt.Errorf("read people: %w", err)
		}
		for rows.Next() {
			var p people.Person
			if err := rows.Scan(&p.ID, &p.Name, &p.Gender); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("read people: %w", err)
			}
			persons[p.ID] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, fmt.Errorf("read people: %w", err)
		}
	}
	return who, persons, nil
}

// MaxPersonValue bounds the bytes of a person id or a party given to
// [Query] or [PeopleQuery].
const MaxPersonValue = people.MaxField

// checkPersonValue reports what is wrong with a person id or party given
// as the filter name.
func checkPersonValue(name, v string) error {
	if len(v) > MaxPersonValue {
		return fmt.Errorf("%s: longer than %d bytes", name, MaxPersonValue)
	}
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return fmt.Errorf("%s: %q holds a control character", name, v)
	}
	if v != "" && strings.TrimSpace(v) == "" {
		return fmt.Errorf("%s: only spaces", name)
	}
	return nil
}

// personSpeakerIDs returns the ids of the collection speakers linked to
// the person id (when given) of the party (when given; case and
// surrounding spaces ignored).
func (s *Store) personSpeakerIDs(ctx context.Context, person, party string) ([]int64, error) {
	q := "SELECT sp.id, coalesce(p.party, '') FROM speakers sp JOIN people p ON p.id = sp.person_id WHERE sp.n_statements > 0"
	var args []any
	if person != "" {
		q += " AND p.id = ?"
		args = append(args, strings.TrimSpace(person))
	}
	rows, err := s.r.QueryContext(ctx, q+" ORDER BY sp.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var pa string
		if err := rows.Scan(&id, &pa); err != nil {
			return nil, err
		}
		// Compared here, so that case folding is Unicode's for both
		// databases.
		if party == "" || strings.EqualFold(strings.TrimSpace(pa), strings.TrimSpace(party)) {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// persons returns the people linked to the collection speakers ids, by
// speaker id.
func (s *Store) persons(ctx context.Context, ids []int64) (map[int64]*Person, error) {
	out := map[int64]*Person{}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) > 0 && ids[0] == 0 {
		ids = ids[1:]
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		where, args := oneOf(nil, nil, "sp.id", ids[:n])
		ids = ids[n:]
		rows, err := s.r.QueryContext(ctx, `SELECT sp.id, p.id, p.name, coalesce(p.gender, ''), coalesce(p.party, ''), coalesce(p.role, '')
			FROM speakers sp JOIN people p ON p.id = sp.person_id WHERE `+where[0], args...)
		if err != nil {
			return nil, fmt.Errorf("people of speakers: %w", err)
		}
		for rows.Next() {
			var id int64
			var p Person
			if err := rows.Scan(&id, &p.ID, &p.Name, &p.Gender, &p.Party, &p.Role); err != nil {
				rows.Close()
				return nil, fmt.Errorf("people of speakers: %w", err)
			}
			out[id] = &p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("people of speakers: %w", err)
		}
	}
	return out, nil
}

// addPersons fills in the person of each statement's speaker.
func (s *Store) addPersons(ctx context.Context, sts []Statement) error {
	var ids []int64
	for _, st := range sts {
		if st.Speaker != nil && st.Speaker.Global != 0 {
			ids = append(ids, st.Speaker.Global)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	ps, err := s.persons(ctx, ids)
	if err != nil {
		return err
	}
	for i := range sts {
		if sp := sts[i].Speaker; sp != nil {
			sp.Person = ps[sp.Global]
		}
	}
	return nil
}

// addSpeakerPersons fills in the person of each speaker.
func (s *Store) addSpeakerPersons(ctx context.Context, sps []Speaker) error {
	ids := make([]int64, len(sps))
	for i, sp := range sps {
		ids[i] = sp.ID
	}
	ps, err := s.persons(ctx, ids)
	if err != nil {
		return err
	}
	for i := range sps {
		sps[i].Person = ps[sps[i].ID]
	}
	return nil
}

// PeopleQuery selects people of the list. Party, when given, keeps the
// people of that party (case and surrounding spaces ignored).
type PeopleQuery struct {
	Party  string
	Limit  int // 0 means DefaultLimit; capped at MaxLimit
	Offset int // at most MaxOffset
}

// PeoplePage is one page of the people of the list, most quoted first
// (then by id).
type PeoplePage struct {
	People []PersonCount `json:"people"`
	Total  int           `json:"total"` // people the query selects
	Offset int           `json:"offset"`
	Limit  int           `json:"limit"`
	More   bool          `json:"more"`
}

// ErrBadQuery is wrapped by the errors of a query's values.
var ErrBadQuery = errors.New("bad query")

// People returns one page of the people of the list, with their
// statements.
func (s *Store) People(ctx context.Context, q PeopleQuery) (PeoplePage, error) {
	if q.Limit < 0 || q.Offset < 0 || q.Offset > MaxOffset {
		return PeoplePage{}, fmt.Errorf("store: people: limit %d or offset %d out of range: %w", q.Limit, q.Offset, ErrBadQuery)
	}
	if err := checkPersonValue("party", q.Party); err != nil {
		return PeoplePage{}, fmt.Errorf("store: people: %w: %w", err, ErrBadQuery)
	}
	limit := q.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.name, p.variants, coalesce(p.gender, ''), coalesce(p.party, ''), coalesce(p.role, ''),
		coalesce(sum(sp.n_statements), 0), count(sp.id), coalesce(max(sp.id), 0)
		FROM people p LEFT JOIN speakers sp ON sp.person_id = p.id
		GROUP BY p.id, p.name, p.variants, p.gender, p.party, p.role`)
	if err != nil {
		return PeoplePage{}, fmt.Errorf("store: people: %w", err)
	}
	defer rows.Close()
	var all []PersonCount
	for rows.Next() {
		var p PersonCount
		var variants string
		if err := rows.Scan(&p.ID, &p.Name, &variants, &p.Gender, &p.Party, &p.Role, &p.Statements, &p.Speakers, &p.Speaker); err != nil {
			return PeoplePage{}, fmt.Errorf("store: people: %w", err)
		}
		if q.Party != "" && !strings.EqualFold(strings.TrimSpace(p.Party), strings.TrimSpace(q.Party)) {
			continue
		}
		_ = json.Unmarshal([]byte(variants), &p.Variants) // written by SetPeople
		if p.Variants == nil {
			p.Variants = []string{}
		}
		all = append(all, p)
	}
	if err := rows.Err(); err != nil {
		return PeoplePage{}, fmt.Errorf("store: people: %w", err)
	}
	// Sorted here: the two databases order ids differently.
	slices.SortFunc(all, func(a, b PersonCount) int {
		if a.Statements != b.Statements {
			return b.Statements - a.Statements
		}
		return strings.Compare(a.ID, b.ID)
	})
	page := PeoplePage{People: []PersonCount{}, Total: len(all), Offset: q.Offset, Limit: limit}
	if q.Offset < len(all) {
		end := min(len(all), q.Offset+limit)
		page.People = all[q.Offset:end]
		page.More = end < len(all)
	}
	return page, nil
}

// Linked counts the collection speakers linked to a person of the list
// and their statements.
func (s *Store) Linked(ctx context.Context) (speakers, statements int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(n_statements), 0) FROM speakers WHERE person_id IS NOT NULL`).
		Scan(&speakers, &statements)
	if err != nil {
		return 0, 0, fmt.Errorf("store: linked speakers: %w", err)
	}
	return speakers, statements, nil
}

// personOf reads the person linked to speaker id, or nil.
func (s *Store) personOf(ctx context.Context, id int64) (*Person, error) {
	var p Person
	err := s.r.QueryRowContext(ctx, `SELECT p.id, p.name, coalesce(p.gender, ''), coalesce(p.party, ''), coalesce(p.role, '')
		FROM speakers sp JOIN people p ON p.id = sp.person_id WHERE sp.id = ?`, id).Scan(&p.ID, &p.Name, &p.Gender, &p.Party, &p.Role)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}
