package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/whosaid/whosaid/output"
)

// This file holds the collection views a researcher publishes from (issue
// 11 item 5): the speaker list filtered and sorted with its exact total,
// the share of statements by speaker gender per outlet or month, and the
// most quoted speakers of each outlet.

// SpeakerTypes are the types of speakers a [SpeakerQuery] may filter by.
var speakerTypes = []string{"person", "organization", "place", "other"}

// Genders a [SpeakerQuery] may filter by.
var genderNames = []string{output.Female, output.Male, output.UnknownGender}

// Sort orders of [SpeakerQuery].
var speakerSorts = []string{"statements", "documents", "name", "first", "last"}

// Validate reports the first problem with q's fields, naming the field.
func (q *SpeakerQuery) Validate() error {
	if q.Limit < 0 {
		return fmt.Errorf("limit: %d is negative", q.Limit)
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return fmt.Errorf("offset: %d is outside [0, %d]", q.Offset, MaxOffset)
	}
	if err := checkLabels("type", q.Type, speakerTypes); err != nil {
		return err
	}
	if q.Gender != "" && !slices.Contains(genderNames, q.Gender) {
		return fmt.Errorf("gender: %q is not female, male or unknown", q.Gender)
	}
	if q.Sort != "" && !slices.Contains(speakerSorts, q.Sort) {
		return fmt.Errorf("sort: %q is not statements, documents, name, first or last", q.Sort)
	}
	switch q.Order {
	case "", "asc", "desc":
	default:
		return fmt.Errorf("order: %q is not asc or desc", q.Order)
	}
	if len(q.Name) > 200 {
		return fmt.Errorf("name: longer than 200 bytes")
	}
	return nil
}

// speakers answers a SpeakerQuery: every filter in one SQL statement, with
// the page and the exact total.
func (s *Store) speakers(ctx context.Context, q SpeakerQuery) (SpeakerPage, error) {
	limit := q.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	page := SpeakerPage{Speakers: []Speaker{}, Offset: q.Offset, Limit: limit}

	where := []string{"g.n_statements > 0", "g.unnamed = ?"}
	args := []any{b2i(q.Unnamed)}
	if types := uniq(q.Type); len(types) > 0 {
		where, args = oneOf(where, args, "g.type", types)
	}
	if q.Gender != "" {
		where = append(where, "g.type = 'person'", "g.gender = ?")
		args = append(args, q.Gender)
	}
	if strings.TrimSpace(q.Name) != "" {
		ids, err := s.nameIDs(ctx, namePhrase(q.Name))
		if err != nil {
			return page, err
		}
		if len(ids) == 0 {
			return page, nil
		}
		b, _ := json.Marshal(ids)
		if s.pg {
			where = append(where, "g.id = ANY(?::bigint[])")
			args = append(args, ids)
		} else {
			where = append(where, "g.id IN (SELECT value FROM json_each(?))")
			args = append(args, string(b))
		}
	}
	// Counts and dates: the speaker's own, or within the outlet.
	cols := "g.id, g.name, g.type, g.gender, g.unnamed, g.n_statements, g.n_documents, coalesce(g.first_date, ''), coalesce(g.last_date, '')"
	from := "speakers g"
	n, d, first, last := "g.n_statements", "g.n_documents", "g.first_date", "g.last_date"
	if q.Outlet != "" {
		outlets, err := s.outletSpellings(ctx, q.Outlet)
		if err != nil {
			return page, fmt.Errorf("outlet %q: %w", q.Outlet, err)
		}
		if len(outlets) == 0 {
			return page, nil
		}
		ow, oargs := oneOf(nil, nil, "outlet", outlets)
		from = `speakers g JOIN (SELECT speaker_id, count(*) AS n, count(DISTINCT doc_id) AS d, min(date) AS first, max(date) AS last
			FROM statements WHERE speaker_id IS NOT NULL AND ` + ow[0] + ` GROUP BY speaker_id) o ON o.speaker_id = g.id`
		args = append(oargs, args...)
		cols = "g.id, g.name, g.type, g.gender, g.unnamed, o.n, o.d, coalesce(o.first, ''), coalesce(o.last, '')"
		n, d, first, last = "o.n", "o.d", "o.first", "o.last"
	}
	cond := " FROM " + from + " WHERE " + strings.Join(where, " AND ")
	if err := s.r.QueryRowContext(ctx, "SELECT count(*)"+cond, args...).Scan(&page.Total); err != nil {
		return page, err
	}
	dir := "DESC"
	if q.Order == "asc" || q.Order == "" && q.Sort == "name" {
		dir = "ASC"
	}
	name := "g.name"
	if s.pg {
		name = `g.name COLLATE "C"` // bytewise, as SQLite
	}
	var order string
	switch q.Sort {
	case "", "statements":
		order = n + " " + dir
	case "documents":
		order = d + " " + dir
	case "name":
		order = name + " " + dir
	case "first":
		order = first + " IS NULL, " + first + " " + dir
	case "last":
		order = last + " IS NULL, " + last + " " + dir
	}
	order += ", g.id"
	rows, err := s.r.QueryContext(ctx, "SELECT "+cols+cond+" ORDER BY "+order+" LIMIT ? OFFSET ?", append(args, limit+1, q.Offset)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		var sp Speaker
		if err := rows.Scan(&sp.ID, &sp.Name, &sp.Type, &sp.Gender, &sp.Unnamed, &sp.Statements, &sp.Documents, &sp.FirstDate, &sp.LastDate); err != nil {
			return page, err
		}
		page.Speakers = append(page.Speakers, sp)
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	if len(page.Speakers) > limit {
		page.Speakers = page.Speakers[:limit]
		page.More = true
	}
	return page, nil
}

// StatsQuery selects the statements the collection tables count: By
// groups them ("outlet" or "month"; [Store.TopSpeakers] takes "outlet"
// only); the other fields filter as in [Query].
type StatsQuery struct {
	By       string
	From, To string
	Outlet   string
	Kind     string
	Type     []string
	Act      []string
	// N is how many speakers [Store.TopSpeakers] lists per outlet: 0
	// means DefaultTop; at most MaxTop.
	N int
}

// DefaultTop and MaxTop bound StatsQuery.N.
const (
	DefaultTop = 10
	MaxTop     = 100
)

// query returns the statement filters of q.
func (q StatsQuery) query() Query {
	return Query{From: q.From, To: q.To, Outlet: q.Outlet, Kind: q.Kind, Type: q.Type, Act: q.Act}
}

// Validate reports the first problem with q's fields, naming the field.
func (q StatsQuery) Validate() error {
	return q.validate("outlet", "month")
}

// validate is Validate with the groupings allowed.
func (q StatsQuery) validate(by ...string) error {
	if !slices.Contains(by, q.By) {
		return fmt.Errorf("by: %q is not %s", q.By, strings.Join(by, " or "))
	}
	if q.N < 0 || q.N > MaxTop {
		return fmt.Errorf("n: %d is outside [1, %d]", q.N, MaxTop)
	}
	sq := q.query()
	return sq.Validate()
}

// GenderRow counts the statements of named people (collection speakers
// of type person that are not descriptions) in one outlet or month, by
// the person's gender, and the distinct people of each gender.
type GenderRow struct {
	Key           string `json:"key"` // the outlet, or the month YYYY-MM
	Female        int    `json:"female"`
	Male          int    `json:"male"`
	Unknown       int    `json:"unknown"`
	Statements    int    `json:"statements"`
	FemalePeople  int    `json:"female_people"`
	MalePeople    int    `json:"male_people"`
	UnknownPeople int    `json:"unknown_people"`
	People        int    `json:"people"`
}

// GenderTable is the share of statements by speaker gender.
type GenderTable struct {
	By   string      `json:"by"`
	Rows []GenderRow `json:"rows"`
	// Total counts the statements of all rows; its people are the
	// distinct people of all rows (one quoted by two outlets is one).
	Total GenderRow `json:"total"`
}

// GenderStats counts the statements of named people by their gender
// ([Collection].Gender) per outlet (most statements first) or per month
// (in order). Statements with no outlet, or no date by month, are left
// out of the rows and of the total.
func (s *Store) GenderStats(ctx context.Context, q StatsQuery) (GenderTable, error) {
	t := GenderTable{By: q.By, Rows: []GenderRow{}}
	if err := q.validate("outlet", "month"); err != nil {
		return t, fmt.Errorf("store: gender stats: %w", err)
	}
	where, args, none, err := s.filters(ctx, q.query())
	if err != nil {
		return t, fmt.Errorf("store: gender stats: %w", err)
	}
	if none {
		return t, nil
	}
	key := "s.outlet"
	if q.By == "month" {
		key = "substr(s.date, 1, 7)"
	}
	where = append(where, key+" IS NOT NULL", "g.type = 'person'", "g.unnamed = 0")
	cond := " FROM statements s JOIN speakers g ON g.id = s.speaker_id WHERE " + strings.Join(where, " AND ")
	rows, err := s.r.QueryContext(ctx, "SELECT "+key+", g.gender, count(*), count(DISTINCT g.id)"+cond+" GROUP BY 1, 2", args...)
	if err != nil {
		return t, fmt.Errorf("store: gender stats: %w", err)
	}
	defer rows.Close()
	byKey := map[string]*GenderRow{}
	for rows.Next() {
		var k, g string
		var n, people int
		if err := rows.Scan(&k, &g, &n, &people); err != nil {
			return t, fmt.Errorf("store: gender stats: %w", err)
		}
		r := byKey[k]
		if r == nil {
			r = &GenderRow{Key: k}
			byKey[k] = r
		}
		r.add(g, n, people)
	}
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("store: gender stats: %w", err)
	}
	rows.Close()
	for _, r := range byKey {
		t.Rows = append(t.Rows, *r)
	}
	slices.SortFunc(t.Rows, func(a, b GenderRow) int {
		if q.By == "outlet" && a.Statements != b.Statements {
			return b.Statements - a.Statements
		}
		return strings.Compare(a.Key, b.Key)
	})
	// The total: distinct people across the rows.
	rows, err = s.r.QueryContext(ctx, "SELECT g.gender, count(*), count(DISTINCT g.id)"+cond+" GROUP BY 1", args...)
	if err != nil {
		return t, fmt.Errorf("store: gender stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g string
		var n, people int
		if err := rows.Scan(&g, &n, &people); err != nil {
			return t, fmt.Errorf("store: gender stats: %w", err)
		}
		t.Total.add(g, n, people)
	}
	return t, rows.Err()
}

// add counts n statements of people people of gender g.
func (r *GenderRow) add(g string, n, people int) {
	switch g {
	case output.Female:
		r.Female += n
		r.FemalePeople += people
	case output.Male:
		r.Male += n
		r.MalePeople += people
	default:
		r.Unknown += n
		r.UnknownPeople += people
	}
	r.Statements += n
	r.People += people
}

// TopSpeaker is one of the most quoted speakers of an outlet.
type TopSpeaker struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Gender     string `json:"gender,omitempty"`
	Statements int    `json:"statements"`
}

// TopRow is an outlet with its statements and its most quoted speakers.
type TopRow struct {
	Outlet     string       `json:"outlet"`
	Statements int          `json:"statements"` // all the outlet's statements the filters select
	Speakers   []TopSpeaker `json:"speakers"`
}

// TopTable lists the most quoted speakers of each outlet.
type TopTable struct {
	By   string   `json:"by"`
	Rows []TopRow `json:"rows"`
}

// TopSpeakers returns, for each outlet (most statements first), its N
// most quoted named speakers (descriptions left out; ties by id) with
// their statements there. q.By must be "outlet".
func (s *Store) TopSpeakers(ctx context.Context, q StatsQuery) (TopTable, error) {
	t := TopTable{By: q.By, Rows: []TopRow{}}
	if err := q.validate("outlet"); err != nil {
		return t, fmt.Errorf("store: top speakers: %w", err)
	}
	n := q.N
	if n == 0 {
		n = DefaultTop
	}
	where, args, none, err := s.filters(ctx, q.query())
	if err != nil {
		return t, fmt.Errorf("store: top speakers: %w", err)
	}
	if none {
		return t, nil
	}
	where = append(where, "s.outlet IS NOT NULL")
	cond := " WHERE " + strings.Join(where, " AND ")
	rows, err := s.r.QueryContext(ctx, "SELECT s.outlet, count(*) FROM statements s"+cond+" GROUP BY 1", args...)
	if err != nil {
		return t, fmt.Errorf("store: top speakers: %w", err)
	}
	idx := map[string]int{}
	for rows.Next() {
		var r TopRow
		if err := rows.Scan(&r.Outlet, &r.Statements); err != nil {
			rows.Close()
			return t, fmt.Errorf("store: top speakers: %w", err)
		}
		r.Speakers = []TopSpeaker{}
		idx[r.Outlet] = len(t.Rows)
		t.Rows = append(t.Rows, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("store: top speakers: %w", err)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT s.outlet, g.id, g.name, g.type, g.gender, count(*) FROM statements s
		JOIN speakers g ON g.id = s.speaker_id`+cond+` AND g.unnamed = 0 GROUP BY s.outlet, g.id, g.name, g.type, g.gender`, args...)
	if err != nil {
		return t, fmt.Errorf("store: top speakers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		var sp TopSpeaker
		if err := rows.Scan(&o, &sp.ID, &sp.Name, &sp.Type, &sp.Gender, &sp.Statements); err != nil {
			return t, fmt.Errorf("store: top speakers: %w", err)
		}
		if i, ok := idx[o]; ok {
			t.Rows[i].Speakers = append(t.Rows[i].Speakers, sp)
		}
	}
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("store: top speakers: %w", err)
	}
	for i := range t.Rows {
		sps := t.Rows[i].Speakers
		slices.SortFunc(sps, func(a, b TopSpeaker) int {
			if a.Statements != b.Statements {
				return b.Statements - a.Statements
			}
			return cmp.Compare(a.ID, b.ID)
		})
		t.Rows[i].Speakers = sps[:min(n, len(sps))]
	}
	slices.SortFunc(t.Rows, func(a, b TopRow) int {
		if a.Statements != b.Statements {
			return b.Statements - a.Statements
		}
		return strings.Compare(a.Outlet, b.Outlet)
	})
	return t, nil
}

// CSV returns the rows of t as the CSV download gives them: a header line
// (the grouping, then the counts), then a line per row.
func (t GenderTable) CSV() [][]string {
	out := [][]string{{t.By, "female", "male", "unknown", "statements", "female_people", "male_people", "unknown_people", "people"}}
	for _, r := range t.Rows {
		out = append(out, []string{cell(r.Key), strconv.Itoa(r.Female), strconv.Itoa(r.Male), strconv.Itoa(r.Unknown), strconv.Itoa(r.Statements),
			strconv.Itoa(r.FemalePeople), strconv.Itoa(r.MalePeople), strconv.Itoa(r.UnknownPeople), strconv.Itoa(r.People)})
	}
	return out
}

// CSV returns the rows of t as the CSV download gives them, flat: a
// header line, then outlet, rank, speaker id, name and statements for
// each speaker of each outlet.
func (t TopTable) CSV() [][]string {
	out := [][]string{{"outlet", "rank", "speaker_id", "name", "statements"}}
	for _, r := range t.Rows {
		for i, sp := range r.Speakers {
			out = append(out, []string{cell(r.Outlet), strconv.Itoa(i + 1), strconv.FormatInt(sp.ID, 10), cell(sp.Name), strconv.Itoa(sp.Statements)})
		}
	}
	return out
}

// cell returns a text cell of a CSV table so that a spreadsheet shows it
// as text: a cell starting with "=", "+", "-", "@", a tab or a carriage
// return is read as a formula by Excel, LibreOffice and Google Sheets, so
// it gets a leading apostrophe (OWASP's advice on CSV injection). Names
// and outlets come from the articles, which anyone can write.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
