package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/whosaid/whosaid/output"
)

// Limits on one page of results.
const (
	DefaultLimit = 20
	MaxLimit     = 200
	MaxOffset    = 10000 // deeper pages: narrow the search instead
	// RankPool bounds how many matches an unfiltered text search ranks by
	// relevance: the most recently stored ones.
	RankPool = 5000
)

// Query selects statements. Zero fields do not filter.
type Query struct {
	Text      string // full-text search over content and source (see [MatchQuery])
	SpeakerID int64  // cross-article speaker id
	// Speaker selects by name: a full name (two words or more) that is a
	// speaker's selects that speaker alone; any other part of a name
	// ("Cruz", "clinton", "ted cruz" when no speaker has exactly that
	// name) selects every speaker whose name holds its words as whole
	// words, ignoring case and diacritics, the [MaxSpeakerMatches] most
	// quoted of them (see [SpeakerQuery]).
	Speaker string
	// Person keeps the statements of the speakers linked to the person
	// of the people list with this id ("Q76"); Party those of the people
	// of this party (case and surrounding spaces ignored). See
	// [Store.SetPeople].
	Person   string
	Party    string
	From, To string // dates YYYY-MM-DD, inclusive
	Outlet   string
	Kind     string // "direct", "indirect" or "mixed"
	// Type keeps the statements of any of these types ([Types]); Act
	// those of any of these acts ([Acts]). Statements stored by a whosaid
	// older than these labels have none and match neither.
	Type []string
	Act  []string
	// Quotes keeps only quotes in a news reader's sense
	// ([output.Statement].Quote).
	Quotes bool
	// Gender keeps the statements of named people of this collection
	// gender: female, male or unknown ([Speaker].Gender).
	Gender string
	Doc    string // one document's id
	Sort   string // "relevance" (default with Text), "newest" (default otherwise) or "oldest"
	Limit  int    // 0 means DefaultLimit; capped at MaxLimit
	Offset int    // capped at MaxOffset
	// Budget bounds the time the search may take; 0 means
	// DefaultSearchBudget. A search that takes longer is stopped and
	// fails with an error wrapping ErrSearchTooSlow.
	Budget time.Duration
}

// DefaultSearchBudget is the time a search may take when its Query gives no
// Budget.
const DefaultSearchBudget = 2 * time.Second

// ErrSearchTooSlow is wrapped by the error [Store.Search] returns when the
// search ran out of its time budget ([Query.Budget]) and was stopped. The
// search should be narrowed: rarer or fewer words, longer prefixes, a
// speaker, dates or an outlet.
var ErrSearchTooSlow = errors.New("search too expensive: it ran out of time; narrow it (rarer words, longer prefixes, a speaker, dates or an outlet)")

// errBudget is the cause of the context of a search that ran out of its
// budget, to tell it from the caller's own deadline.
var errBudget = errors.New("search budget spent")

// Segment is a piece of a snippet; Match marks the words the search hit.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// Statement is a stored statement with the document it comes from.
type Statement struct {
	ID      int64        `json:"id"`  // store-wide id
	SID     string       `json:"sid"` // id inside the document ("s2")
	Doc     string       `json:"doc"`
	Kind    string       `json:"kind"`
	Type    string       `json:"type,omitempty"` // "" when stored by an older whosaid (unknown)
	Act     string       `json:"act,omitempty"`  // "" when stored by an older whosaid (unknown)
	Negated bool         `json:"negated,omitempty"`
	Quote   bool         `json:"quote,omitempty"`
	Cue     *output.Span `json:"cue"`
	Source  *output.Span `json:"source"`
	Content *output.Span `json:"content"`
	Target  *output.Span `json:"target"` // with the Entity it names, if any
	Speaker *SpeakerRef  `json:"speaker"`
	Parent  *string      `json:"parent"`
	Date    string       `json:"date,omitempty"`
	Outlet  string       `json:"outlet,omitempty"`
	Title   string       `json:"title,omitempty"`
	Snippet []Segment    `json:"snippet,omitempty"` // with a text search: the content around the hits
}

// SpeakerRef names a statement's speaker: the article's entity id and name
// and, when the name could be normalized, the cross-article speaker id.
type SpeakerRef struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Global int64  `json:"global,omitempty"`
	// Person is the person of the people list the speaker is linked to,
	// if any.
	Person *Person `json:"person,omitempty"`
}

// Page is one page of statements. More reports whether a next page exists.
type Page struct {
	Statements []Statement `json:"statements"`
	Offset     int         `json:"offset"`
	Limit      int         `json:"limit"`
	More       bool        `json:"more"`
}

// Validate reports the first problem with q's fields, naming the field.
func (q *Query) Validate() error {
	for _, d := range []struct{ name, v string }{{"from", q.From}, {"to", q.To}} {
		if d.v != "" && NormalizeDate(d.v) != d.v {
			return fmt.Errorf("%s: %q is not a date YYYY-MM-DD", d.name, d.v)
		}
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		return fmt.Errorf("from: %s is after to: %s", q.From, q.To)
	}
	switch q.Kind {
	case "", output.Direct, output.Indirect, output.Mixed:
	default:
		return fmt.Errorf("kind: %q is not direct, indirect or mixed", q.Kind)
	}
	if err := checkLabels("type", q.Type, typeNames); err != nil {
		return err
	}
	if err := checkLabels("act", q.Act, actNames); err != nil {
		return err
	}
	if q.Gender != "" && !slices.Contains(genderNames, q.Gender) {
		return fmt.Errorf("gender: %q is not female, male or unknown", q.Gender)
	}
	switch q.Sort {
	case "", "relevance", "newest", "oldest":
	default:
		return fmt.Errorf("sort: %q is not relevance, newest or oldest", q.Sort)
	}
	if q.Sort == "relevance" && strings.TrimSpace(q.Text) == "" {
		return fmt.Errorf("sort: relevance needs a text search")
	}
	if q.Limit < 0 {
		return fmt.Errorf("limit: %d is negative", q.Limit)
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return fmt.Errorf("offset: %d is outside [0, %d]", q.Offset, MaxOffset)
	}
	if err := checkPersonValue("person", q.Person); err != nil {
		return err
	}
	if err := checkPersonValue("party", q.Party); err != nil {
		return err
	}
	if q.SpeakerID < 0 {
		return fmt.Errorf("speaker_id: %d is negative", q.SpeakerID)
	}
	if len(q.Text) > 1000 {
		return fmt.Errorf("q: longer than 1000 bytes")
	}
	if err := parseMatch(q.Text).check(); err != nil {
		return fmt.Errorf("q: %w", err)
	}
	if q.Budget < 0 {
		return fmt.Errorf("budget: %v is negative", q.Budget)
	}
	return nil
}

const statementCols = `s.id, s.sid, d.doc, s.kind, s.cue, s.cue_spans, s.source, s.source_spans, s.content, s.content_spans,
	s.speaker_sid, s.speaker_name, s.speaker_id, s.parent, coalesce(s.date, ''), coalesce(s.outlet, ''), coalesce(d.title, ''),
	coalesce(s.type, ''), coalesce(s.act, ''), coalesce(s.negated, 0), s.target, s.target_spans, coalesce(s.target_entity, ''), coalesce(s.quote, 0)`

// Search returns one page of the statements q selects. A search beyond
// the limits of a text search fails with an error wrapping
// [ErrSearchTooBroad], at once; one that runs out of its time budget with
// an error wrapping [ErrSearchTooSlow].
func (s *Store) Search(ctx context.Context, q Query) (Page, error) {
	if err := q.Validate(); err != nil {
		return Page{}, fmt.Errorf("store: search: %w", err)
	}
	budget := q.Budget
	if budget == 0 {
		budget = DefaultSearchBudget
	}
	// SQLite stops a running statement when the context ends (modernc
	// interrupts it).
	bctx, cancel := context.WithTimeoutCause(ctx, budget, errBudget)
	defer cancel()
	p, err := s.search(bctx, q)
	if err != nil && ctx.Err() == nil && context.Cause(bctx) == errBudget {
		return Page{}, fmt.Errorf("store: search: %w (%v)", ErrSearchTooSlow, budget)
	}
	return p, err
}

func (s *Store) search(ctx context.Context, q Query) (Page, error) {
	limit := q.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	page := Page{Offset: q.Offset, Limit: limit, Statements: []Statement{}}

	var where []string
	var args []any
	match := ""
	var parsed parsedMatch
	if strings.TrimSpace(q.Text) != "" {
		parsed = parseMatch(q.Text)
		if s.pg {
			match = parsed.tsquery()
		} else {
			match = parsed.query()
		}
		if match == "" {
			return page, nil // only punctuation: nothing can match
		}
	}
	sort := q.Sort
	if sort == "" {
		sort = "newest"
		// A speaker's or an article's statements read best in order.
		if match != "" && q.SpeakerID == 0 && q.Speaker == "" && q.Person == "" && q.Party == "" && q.Doc == "" {
			sort = "relevance"
		}
	}
	cols := statementCols
	from := "statements s JOIN documents d ON d.id = s.doc_id"
	switch {
	case s.pg && match != "":
		// PostgreSQL: the GIN index of s.fts; snippets are cut afterwards
		// in Go for either order.
		from += " CROSS JOIN to_tsquery('simple', ?) AS tsq"
		where = append(where, "s.fts @@ tsq")
		args = append(args, match)
	case match != "" && sort == "relevance":
		cols += `, snippet(statements_fts, 0, char(2), char(3), '…', 24)`
		from = "statements_fts JOIN statements s ON s.id = statements_fts.rowid JOIN documents d ON d.id = s.doc_id"
		where = append(where, "statements_fts MATCH ?")
		args = append(args, match)
	case match != "":
		// In date order the matches are a set to probe while an index
		// gives the order: 4-6 times faster than joining every match when
		// a filter (a speaker) is selective. Snippets come afterwards.
		where = append(where, "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)")
		args = append(args, match)
	}
	if match != "" && sort == "relevance" && q.SpeakerID == 0 && q.Speaker == "" && q.Person == "" && q.Party == "" &&
		q.From == "" && q.To == "" && q.Outlet == "" && q.Kind == "" && q.Doc == "" &&
		len(q.Type) == 0 && len(q.Act) == 0 && !q.Quotes && q.Gender == "" {
		// Ranking costs a B-tree lookup per matching row: a word found in
		// a third of a million statements took seconds. An unfiltered
		// search ranks the RankPool most recently stored matches, which
		// is every match of all but the commonest words.
		var cut sql.NullInt64
		cutQuery := `SELECT min(rowid) FROM (SELECT rowid FROM statements_fts
			WHERE statements_fts MATCH ? ORDER BY rowid DESC LIMIT ?)`
		if s.pg {
			cutQuery = `SELECT min(id) FROM (SELECT id FROM statements
				WHERE fts @@ to_tsquery('simple', ?) ORDER BY id DESC LIMIT ?) AS pool`
		}
		err := s.r.QueryRowContext(ctx, cutQuery, match, RankPool).Scan(&cut)
		if err != nil {
			return Page{}, fmt.Errorf("store: search: %w", err)
		}
		if cut.Valid {
			where = append(where, map[bool]string{false: "statements_fts.rowid >= ?", true: "s.id >= ?"}[s.pg])
			args = append(args, cut.Int64)
		}
	}
	fw, fargs, none, err := s.filters(ctx, q)
	if err != nil {
		return Page{}, fmt.Errorf("store: search: %w", err)
	}
	if none {
		return page, nil
	}
	where, args = append(where, fw...), append(args, fargs...)
	order := map[string]string{
		"relevance": "statements_fts.rank, s.id",
		"newest":    "s.date DESC, s.id DESC",
		"oldest":    "s.date IS NULL, s.date, s.id",
	}[sort]
	if s.pg {
		order = map[string]string{
			// Normalization 1: divided by 1 + log(length), as BM25
			// prefers the shorter of two statements with one hit each.
			"relevance": "ts_rank(s.fts, tsq, 1) DESC, s.id",
			// PostgreSQL puts NULL first in descending order, SQLite last.
			"newest": "s.date DESC NULLS LAST, s.id DESC",
			"oldest": "s.date IS NULL, s.date, s.id",
		}[sort]
	}
	if q.Doc != "" && q.Sort == "" {
		order = "s.id"
	}
	stmt := "SELECT " + cols + " FROM " + from
	if len(where) > 0 {
		stmt += " WHERE " + strings.Join(where, " AND ")
	}
	stmt += " ORDER BY " + order + " LIMIT ? OFFSET ?"
	args = append(args, limit+1, q.Offset)

	rows, err := s.r.QueryContext(ctx, stmt, args...)
	if err != nil {
		return Page{}, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStatement(rows, !s.pg && match != "" && sort == "relevance")
		if err != nil {
			return Page{}, fmt.Errorf("store: search: %w", err)
		}
		page.Statements = append(page.Statements, st)
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("store: search: %w", err)
	}
	if len(page.Statements) > limit {
		page.Statements = page.Statements[:limit]
		page.More = true
	}
	if err := s.addPersons(ctx, page.Statements); err != nil {
		return Page{}, fmt.Errorf("store: search: %w", err)
	}
	if s.pg && match != "" {
		for i := range page.Statements {
			page.Statements[i].Snippet = snippet(page.Statements[i].Content.Text, parsed)
		}
	} else if match != "" && sort != "relevance" {
		if err := s.snippets(ctx, match, page.Statements); err != nil {
			return Page{}, fmt.Errorf("store: search: %w", err)
		}
	}
	return page, nil
}

// snippets fills in the snippets of statements found by match, one lookup
// each.
func (s *Store) snippets(ctx context.Context, match string, sts []Statement) error {
	if len(sts) == 0 {
		return nil
	}
	stmt, err := s.r.PrepareContext(ctx, `SELECT snippet(statements_fts, 0, char(2), char(3), '…', 24)
		FROM statements_fts WHERE statements_fts MATCH ? AND rowid = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := range sts {
		var snip string
		err := stmt.QueryRowContext(ctx, match, sts[i].ID).Scan(&snip)
		if err == sql.ErrNoRows {
			continue // the match was in the source only
		}
		if err != nil {
			return err
		}
		sts[i].Snippet = segments(snip)
	}
	return nil
}

func scanStatement(rows *sql.Rows, snippet bool) (Statement, error) {
	var st Statement
	var cue, cueS, src, srcS, contS, ssid, sname, parent sql.NullString
	var content string
	var gid sql.NullInt64
	var snip string
	var tgt, tgtS sql.NullString
	var tgtE string
	dst := []any{&st.ID, &st.SID, &st.Doc, &st.Kind, &cue, &cueS, &src, &srcS, &content, &contS,
		&ssid, &sname, &gid, &parent, &st.Date, &st.Outlet, &st.Title,
		&st.Type, &st.Act, &st.Negated, &tgt, &tgtS, &tgtE, &st.Quote}
	if snippet {
		dst = append(dst, &snip)
	}
	if err := rows.Scan(dst...); err != nil {
		return st, err
	}
	st.Cue = span(cue, cueS)
	st.Source = span(src, srcS)
	st.Content = span(sql.NullString{String: content, Valid: true}, contS)
	st.Target = span(tgt, tgtS)
	if st.Target != nil {
		st.Target.Entity = tgtE
	}
	if ssid.Valid {
		st.Speaker = &SpeakerRef{ID: ssid.String, Name: sname.String, Global: gid.Int64}
	}
	if parent.Valid {
		st.Parent = &parent.String
	}
	if snippet {
		st.Snippet = segments(snip)
	}
	return st, nil
}

func span(text, spans sql.NullString) *output.Span {
	if !text.Valid {
		return nil
	}
	sp := &output.Span{Text: text.String, Spans: [][2]int{}}
	if spans.Valid {
		_ = json.Unmarshal([]byte(spans.String), &sp.Spans) // written by Put; cannot fail
	}
	return sp
}

// segments splits an FTS5 snippet marked with \x02 ... \x03 into segments.
func segments(s string) []Segment {
	var out []Segment
	match := false
	for s != "" {
		sep := "\x02"
		if match {
			sep = "\x03"
		}
		i := strings.Index(s, sep)
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			out = append(out, Segment{Text: s[:i], Match: match})
		}
		if i == len(s) {
			break
		}
		s = s[i+1:]
		match = !match
	}
	return out
}

// Speaker is one person or body across articles.
type Speaker struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Gender is female, male or unknown for a person
	// ([CollectionGender]), "" for other types.
	Gender string `json:"gender"`
	// Unnamed marks a description kept as a speaker of its own article
	// ("the company"), never merged across articles.
	Unnamed    bool   `json:"unnamed"`
	Statements int    `json:"statements"`
	Documents  int    `json:"documents"`
	FirstDate  string `json:"first_date,omitempty"`
	LastDate   string `json:"last_date,omitempty"`
	// Variants are the names its articles give it, filled in by
	// [Store.Speaker] only.
	Variants []Variant `json:"variants,omitempty"`
	// Person is the person of the people list it is linked to, if any.
	Person *Person `json:"person,omitempty"`
}

// SpeakerQuery selects speakers. Zero fields do not filter, but for
// Unnamed: a collection view lists named speakers unless asked for the
// descriptions.
//
// Name, when given, keeps the speakers whose name holds its words as
// whole words in a row, whatever their case and diacritics ("cruz" finds
// "Ted Cruz" and "Cruz", not "Cruzado"; "jose" finds "José Díaz");
// honorifics, a possessive and a middle initial are dropped first, as in
// [NameKey]. Descriptions never match a name.
type SpeakerQuery struct {
	Name string
	// Type keeps speakers of any of these types: person, organization,
	// place, other.
	Type []string
	// Gender keeps people of this gender: female, male or unknown.
	Gender string
	// Outlet keeps the speakers quoted by the outlet (matched ignoring
	// case); their counts and dates are then those of their statements
	// there.
	Outlet string
	// Unnamed lists the descriptions kept as speakers of one article
	// ("the company") instead of the named speakers.
	Unnamed bool
	// Sort is statements (the default), documents, name, first or last
	// (date); Order asc or desc (the default, but for name).
	Sort, Order string
	Limit       int // 0 means DefaultLimit; capped at MaxLimit
	Offset      int
}

// SpeakerPage is one page of speakers. Total counts all the speakers the
// query selects.
type SpeakerPage struct {
	Speakers []Speaker `json:"speakers"`
	Total    int       `json:"total"`
	Offset   int       `json:"offset"`
	Limit    int       `json:"limit"`
	More     bool      `json:"more"`
}

const speakerCols = "id, name, type, gender, unnamed, n_statements, n_documents, coalesce(first_date, ''), coalesce(last_date, '')"

// Speakers returns one page of the speakers q selects, in its order.
func (s *Store) Speakers(ctx context.Context, q SpeakerQuery) (SpeakerPage, error) {
	if err := q.Validate(); err != nil {
		return SpeakerPage{}, fmt.Errorf("store: speakers: %w", err)
	}
	p, err := s.speakers(ctx, q)
	if err != nil {
		return SpeakerPage{}, fmt.Errorf("store: speakers: %w", err)
	}
	if err := s.addSpeakerPersons(ctx, p.Speakers); err != nil {
		return SpeakerPage{}, fmt.Errorf("store: speakers: %w", err)
	}
	return p, nil
}

// Speaker returns the speaker with the given id, with the variants of its
// name (at most [MaxVariants]), or ErrNotFound.
func (s *Store) Speaker(ctx context.Context, id int64) (Speaker, error) {
	var sp Speaker
	err := s.r.QueryRowContext(ctx, "SELECT "+speakerCols+" FROM speakers WHERE id = ?", id).
		Scan(&sp.ID, &sp.Name, &sp.Type, &sp.Gender, &sp.Unnamed, &sp.Statements, &sp.Documents, &sp.FirstDate, &sp.LastDate)
	if err == sql.ErrNoRows {
		return sp, fmt.Errorf("store: speaker %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return sp, fmt.Errorf("store: speaker %d: %w", id, err)
	}
	if sp.Person, err = s.personOf(ctx, id); err != nil {
		return sp, fmt.Errorf("store: speaker %d: person: %w", id, err)
	}
	return s.speakerWithVariants(ctx, sp)
}

// Bucket counts statements in one period (a day "2016-09-25" or a month
// "2016-09").
type Bucket struct {
	Period string `json:"period"`
	Count  int    `json:"count"`
}

// Timeline counts a speaker's dated statements per day, or per month when
// they span more than 45 days.
func (s *Store) Timeline(ctx context.Context, speakerID int64) ([]Bucket, error) {
	sp, err := s.Speaker(ctx, speakerID)
	if err != nil {
		return nil, err
	}
	n := 10 // YYYY-MM-DD
	if sp.FirstDate != "" && sp.LastDate != "" && daysBetween(sp.FirstDate, sp.LastDate) > 45 {
		n = 7 // YYYY-MM
	}
	rows, err := s.r.QueryContext(ctx, `SELECT substr(date, 1, ?), count(*) FROM statements
		WHERE speaker_id = ? AND date IS NOT NULL GROUP BY 1 ORDER BY 1`, n, speakerID)
	if err != nil {
		return nil, fmt.Errorf("store: timeline %d: %w", speakerID, err)
	}
	defer rows.Close()
	out := []Bucket{}
	for rows.Next() {
		var b Bucket
		if err := rows.Scan(&b.Period, &b.Count); err != nil {
			return nil, fmt.Errorf("store: timeline %d: %w", speakerID, err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// DocSpeaker is one speaker of one article.
type DocSpeaker struct {
	output.Speaker
	Global int64   `json:"global,omitempty"` // cross-article speaker id
	Person *Person `json:"person,omitempty"` // the person of the people list it is linked to
}

// Document is one stored document with its statements and speakers.
type Document struct {
	Doc        string                     `json:"doc"`
	Date       string                     `json:"date,omitempty"`
	Outlet     string                     `json:"outlet,omitempty"`
	URL        string                     `json:"url,omitempty"` // http or https only (see [SafeURL])
	Title      string                     `json:"title,omitempty"`
	Meta       map[string]json.RawMessage `json:"meta,omitempty"`
	Text       string                     `json:"text"`
	TextHash   string                     `json:"text_hash"`
	Statements []Statement                `json:"statements"`
	Speakers   []DocSpeaker               `json:"speakers"`
}

// Document returns the document with id doc, or ErrNotFound.
func (s *Store) Document(ctx context.Context, doc string) (Document, error) {
	// One read transaction, so the statements match the document even if
	// a writer replaces it meanwhile.
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Document{}, fmt.Errorf("store: document %q: %w", doc, err)
	}
	defer tx.Rollback()
	d := Document{Doc: doc, Statements: []Statement{}, Speakers: []DocSpeaker{}}
	var id int64
	var date, outlet, u, title sql.NullString
	var meta string
	err = tx.QueryRowContext(ctx, "SELECT id, date, outlet, url, title, meta, text, text_hash FROM documents WHERE doc = ?", doc).
		Scan(&id, &date, &outlet, &u, &title, &meta, &d.Text, &d.TextHash)
	if err == sql.ErrNoRows {
		return d, fmt.Errorf("store: document %q: %w", doc, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("store: document %q: %w", doc, err)
	}
	d.Date, d.Outlet, d.URL, d.Title = date.String, outlet.String, u.String, title.String
	if !SafeURL(d.URL) {
		d.URL = "" // stored before Put checked URLs: never a javascript: link
	}
	if err := json.Unmarshal([]byte(meta), &d.Meta); err != nil {
		return d, fmt.Errorf("store: document %q: meta: %w", doc, err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+statementCols+" FROM statements s JOIN documents d ON d.id = s.doc_id WHERE s.doc_id = ? ORDER BY s.id", id)
	if err != nil {
		return d, fmt.Errorf("store: document %q: %w", doc, err)
	}
	for rows.Next() {
		st, err := scanStatement(rows, false)
		if err != nil {
			rows.Close()
			return d, fmt.Errorf("store: document %q: %w", doc, err)
		}
		d.Statements = append(d.Statements, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("store: document %q: %w", doc, err)
	}
	order := "rowid"
	if s.pg {
		order = "seq"
	}
	rows, err = tx.QueryContext(ctx, "SELECT sid, name, type, gender, gender_evidence, unnamed, mentions, titles, coalesce(speaker_id, 0) FROM doc_speakers WHERE doc_id = ? ORDER BY "+order, id)
	if err != nil {
		return d, fmt.Errorf("store: document %q: %w", doc, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sp DocSpeaker
		var mentions, titles string
		if err := rows.Scan(&sp.ID, &sp.Name, &sp.Type, &sp.Gender, &sp.GenderEvidence, &sp.Unnamed, &mentions, &titles, &sp.Global); err != nil {
			return d, fmt.Errorf("store: document %q: %w", doc, err)
		}
		_ = json.Unmarshal([]byte(mentions), &sp.Mentions)
		_ = json.Unmarshal([]byte(titles), &sp.Titles)
		d.Speakers = append(d.Speakers, sp)
	}
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("store: document %q: %w", doc, err)
	}
	rows.Close()
	tx.Rollback() // the people are read on their own
	if err := s.addPersons(ctx, d.Statements); err != nil {
		return d, fmt.Errorf("store: document %q: %w", doc, err)
	}
	ids := make([]int64, len(d.Speakers))
	for i, sp := range d.Speakers {
		ids[i] = sp.Global
	}
	ps, err := s.persons(ctx, ids)
	if err != nil {
		return d, fmt.Errorf("store: document %q: %w", doc, err)
	}
	for i := range d.Speakers {
		d.Speakers[i].Person = ps[d.Speakers[i].Global]
	}
	return d, nil
}

// Count is a value with how many statements carry it.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Stats summarizes the store.
type Stats struct {
	Documents  int     `json:"documents"`
	Statements int     `json:"statements"`
	Speakers   int     `json:"speakers"`
	FirstDate  string  `json:"first_date,omitempty"`
	LastDate   string  `json:"last_date,omitempty"`
	Outlets    []Count `json:"outlets"`
	// Types and Acts count statements by type and by act, most frequent
	// first; statements stored by a whosaid older than these labels are
	// not counted.
	Types []Count `json:"types"`
	Acts  []Count `json:"acts"`
}

// Stats counts documents, statements and speakers and lists the outlets.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	// Counted on indexes: a document's row holds its text, and reading
	// past it to n_statements made this the slowest of the quick requests.
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM statements),
		(SELECT count(*) FROM speakers WHERE n_statements > 0),
		coalesce((SELECT min(date) FROM documents), ''), coalesce((SELECT max(date) FROM documents), '')`).
		Scan(&st.Documents, &st.Statements, &st.Speakers, &st.FirstDate, &st.LastDate)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	for _, c := range []struct {
		col string
		dst *[]Count
	}{{"outlet", &st.Outlets}, {"type", &st.Types}, {"act", &st.Acts}} {
		if *c.dst, err = s.counts(ctx, c.col); err != nil {
			return st, fmt.Errorf("store: stats: %s: %w", c.col, err)
		}
	}
	return st, nil
}

// counts counts the statements by the values of col (a column of
// statements with an index leading with it), most frequent first, at most
// 100.
func (s *Store) counts(ctx context.Context, col string) ([]Count, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+col+", count(*) FROM statements WHERE "+col+" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 100")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Count{}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Value, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// filters returns the conditions (on statements s joined to documents d)
// and their arguments of q's fields other than its text; none reports
// that q selects nothing (a speaker or outlet that does not exist).
func (s *Store) filters(ctx context.Context, q Query) (where []string, args []any, none bool, err error) {
	if q.SpeakerID != 0 {
		where = append(where, "s.speaker_id = ?")
		args = append(args, q.SpeakerID)
	}
	if q.Speaker != "" {
		// A full name matches its speaker; a part of a name ("clinton")
		// every speaker whose name holds it.
		ids, err := s.speakerIDs(ctx, q.Speaker)
		if err != nil {
			return nil, nil, false, err
		}
		if len(ids) == 0 {
			return nil, nil, true, nil
		}
		where, args = oneOf(where, args, "s.speaker_id", ids)
	}
	if q.Person != "" || q.Party != "" {
		ids, err := s.personSpeakerIDs(ctx, q.Person, q.Party)
		if err != nil {
			return nil, nil, false, fmt.Errorf("person: %w", err)
		}
		if len(ids) == 0 {
			return nil, nil, true, nil
		}
		where, args = oneOf(where, args, "s.speaker_id", ids)
	}
	if q.From != "" {
		where = append(where, "s.date >= ?")
		args = append(args, q.From)
	}
	if q.To != "" {
		where = append(where, "s.date <= ?")
		args = append(args, q.To)
	}
	if q.Outlet != "" {
		outlets, err := s.outletSpellings(ctx, q.Outlet)
		if err != nil {
			return nil, nil, false, fmt.Errorf("outlet %q: %w", q.Outlet, err)
		}
		if len(outlets) == 0 {
			return nil, nil, true, nil
		}
		where, args = oneOf(where, args, "s.outlet", outlets)
	}
	if q.Kind != "" {
		where = append(where, "s.kind = ?")
		args = append(args, q.Kind)
	}
	for _, f := range []struct {
		col  string
		vals []string
	}{{"s.type", q.Type}, {"s.act", q.Act}} {
		if vals := uniq(f.vals); len(vals) > 0 {
			where, args = oneOf(where, args, f.col, vals)
		}
	}
	if q.Gender != "" {
		where = append(where, "s.speaker_id IN (SELECT id FROM speakers WHERE type = 'person' AND unnamed = 0 AND gender = ?)")
		args = append(args, q.Gender)
	}
	if q.Quotes {
		where = append(where, "s.quote = 1") // as written, so that the partial index statements_quote serves it
	}
	if q.Doc != "" {
		where = append(where, "d.doc = ?")
		args = append(args, q.Doc)
	}
	return where, args, false, nil
}

// oneOf adds the condition that col is one of vals (at least one) to where
// and its values to args: "col = ?" for one value, so that an index on
// (col, date) gives the order, else "col IN (?, ...)".
func oneOf[T any](where []string, args []any, col string, vals []T) ([]string, []any) {
	if len(vals) == 1 {
		return append(where, col+" = ?"), append(args, vals[0])
	}
	where = append(where, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")")
	for _, v := range vals {
		args = append(args, v)
	}
	return where, args
}
