package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/output"
)

// PutStats counts what one [Store.Put] did.
type PutStats struct {
	Added      int // documents new to the store
	Replaced   int // documents whose text or result changed
	Unchanged  int // documents already stored as given
	Skipped    int // error documents, which are not stored
	Invalid    int // documents refused by [CheckDocument], not stored
	Statements int // statements written
	// Problems lists, in input order, each document refused (Invalid) and
	// each value left out of a stored document (a URL that is not http or
	// https).
	Problems []*DocError
}

// Add adds o's counts to s and appends its problems.
func (s *PutStats) Add(o PutStats) {
	s.Added += o.Added
	s.Replaced += o.Replaced
	s.Unchanged += o.Unchanged
	s.Skipped += o.Skipped
	s.Invalid += o.Invalid
	s.Statements += o.Statements
	s.Problems = append(s.Problems, o.Problems...)
}

// DocError is a problem with one document given to [Store.Put].
type DocError struct {
	Doc string // the document's id
	Err error  // what is wrong
	// Refused is true when the document was not stored (a version stored
	// before stays), false when it was stored without the faulty value.
	Refused bool
}

func (e *DocError) Error() string {
	if e.Refused {
		return fmt.Sprintf("document %q not stored: %v", e.Doc, e.Err)
	}
	return fmt.Sprintf("document %q: %v", e.Doc, e.Err)
}

func (e *DocError) Unwrap() error { return e.Err }

// ErrUnsafeURL is wrapped by the problem Put reports for a document whose
// metadata gives a URL that is not http or https (javascript:, data:, a
// relative one): the document is stored without it.
var ErrUnsafeURL = errors.New("URL is not http or https")

// TextHash returns the hash the store keeps of a document's text: hex
// SHA-256.
func TextHash(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

// resultHash hashes everything of d that the store keeps, so that storing
// the same result twice is recognized and changes nothing.
func resultHash(d *output.Document) (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// Has reports whether the document doc is stored with a text whose hash is
// textHash, by a whosaid that labels statements: a document with a
// statement of unknown type (stored before schema version 3, or by a
// producer that gives none) is not had, so that extracting it again fills
// the labels in; nor is a document stored before schema version 4, whose
// speakers' genders are not known. An ingest uses Has to skip extracting what is already
// stored.
func (s *Store) Has(ctx context.Context, doc, textHash string) (bool, error) {
	var h string
	var unlabelled bool
	err := s.r.QueryRowContext(ctx, `SELECT text_hash, result_hash = '' OR EXISTS (SELECT 1 FROM statements WHERE doc_id = documents.id AND type IS NULL)
		FROM documents WHERE doc = ?`, doc).Scan(&h, &unlabelled)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: look up %q: %w", doc, err)
	}
	return h == textHash && !unlabelled, nil
}

// Put stores docs in one transaction: after a crash either all of them are
// stored or none. A document is keyed by its id (Doc): one already stored
// with the same text and result is left alone; one whose text or result
// changed is replaced, statements and speakers included. Documents with an
// Error are counted as skipped.
//
// A document that fails [CheckDocument] is refused: not stored (a version
// stored before stays), counted as Invalid and listed in the stats'
// Problems, while the rest of the batch is stored. A URL in a document's
// metadata that is not http or https ([SafeURL]) is left out of the stored
// document (its metadata keeps it as given) and listed in Problems too,
// wrapping [ErrUnsafeURL]. The error Put returns is for the store itself
// failing: then nothing of the batch is stored.
//
// Several processes may Put into one PostgreSQL store at once. Each batch
// takes the row locks of its cross-article speakers in one order (by key)
// before anything else, and a transaction that fails all the same on a
// deadlock, a serialization failure or a unique violation from a
// concurrent writer is run again, up to maxAttempts times in all.
func (s *Store) Put(ctx context.Context, docs []output.Document) (PutStats, error) {
	if s.w == nil {
		return PutStats{}, fmt.Errorf("store: %s opened read-only", s.path)
	}
	if !s.pg {
		return s.put(ctx, docs)
	}
	for attempt := 1; ; attempt++ {
		st, err := s.put(ctx, docs)
		if err == nil || attempt == maxAttempts || !retryable(err) {
			if err != nil && retryable(err) {
				err = fmt.Errorf("%w (after %d attempts)", err, attempt)
			}
			return st, err
		}
		putRetries.Add(1)
		if err := backoff(ctx, attempt); err != nil {
			return PutStats{}, fmt.Errorf("store: put: %w", err)
		}
	}
}

// put stores docs in one transaction.
func (s *Store) put(ctx context.Context, docs []output.Document) (PutStats, error) {
	var st PutStats
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return st, fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	p := putter{tx: tx, touched: map[int64]bool{}, stmts: map[string]*sql.Stmt{}, locked: map[int64]bool{}}
	defer p.close()
	for _, c := range chunks(docs) {
		if tx.pg {
			if err := p.putBatch(ctx, c, &st); err != nil {
				return PutStats{}, fmt.Errorf("store: %w", err)
			}
			continue
		}
		if err := p.putChunk(ctx, c, &st); err != nil {
			return PutStats{}, fmt.Errorf("store: %w", err)
		}
	}
	if err := p.index(ctx); err != nil {
		return PutStats{}, fmt.Errorf("store: full-text index: %w", err)
	}
	if err := p.refreshSpeakers(ctx); err != nil {
		return PutStats{}, fmt.Errorf("store: update speaker index: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return PutStats{}, fmt.Errorf("store: commit: %w", err)
	}
	return st, nil
}

// chunks cuts docs into runs in which no document id comes twice: a
// document given twice replaces the first, which must be written first.
func chunks(docs []output.Document) [][]output.Document {
	var out [][]output.Document
	seen := map[string]bool{}
	start := 0
	for i := range docs {
		if docs[i].Error != "" {
			continue
		}
		if seen[docs[i].Doc] {
			out = append(out, docs[start:i])
			start = i
			clear(seen)
		}
		seen[docs[i].Doc] = true
	}
	return append(out, docs[start:])
}

// putter holds one transaction's state: the cross-article speakers whose
// dates need recomputing at the end.
type putter struct {
	tx      *tx
	touched map[int64]bool
	stmts   map[string]*sql.Stmt // prepared once per transaction: parsing SQL was a third of the time
	added   []int64              // SQLite: statements to add to the full-text index
	// parts are the partitions ([partKey]) of the article speakers
	// removed since the last settle, to settle again.
	parts map[string]bool
	// locked holds the advisory locks of partitions the transaction took
	// (PostgreSQL).
	locked map[int64]bool
}

// kept is a document of a batch to write, stored as id.
type kept struct {
	pd *prepDoc
	id int64
}

// assign settles the partitions of the speakers of docs (about to be
// written) and of those removed before, and returns the collection
// speaker of each speaker of each document (by the article's speaker id).
func (p *putter) assign(ctx context.Context, docs []kept) ([]map[string]int64, error) {
	var extra []member
	for _, k := range docs {
		d := k.pd.d
		n := statementsBySpeaker(d)
		for _, sp := range d.Speakers {
			extra = append(extra, member{part: partKey(k.id, sp.Name, sp.Unnamed), name: sp.Name, typ: storedType(sp.Type),
				gender: sp.Gender, byName: byName(sp.GenderEvidence), unnamed: sp.Unnamed, articles: 1, statements: n[sp.ID], weight: max(n[sp.ID], 1)})
		}
	}
	parts := make([]string, 0, len(p.parts)+len(extra))
	for pt := range p.parts {
		parts = append(parts, pt)
	}
	for _, m := range extra {
		if !p.parts[m.part] {
			parts = append(parts, m.part)
		}
	}
	clear(p.parts)
	slices.Sort(parts)
	parts = slices.Compact(parts)
	if p.tx.pg {
		if err := p.lockParts(ctx, parts); err != nil {
			return nil, fmt.Errorf("lock speakers: %w", err)
		}
	}
	r, err := settle(ctx, p.tx, parts, false, extra, p.touched)
	if err != nil {
		return nil, fmt.Errorf("speakers: %w", err)
	}
	out := make([]map[string]int64, len(docs))
	i := 0
	for j, k := range docs {
		out[j] = make(map[string]int64, len(k.pd.d.Speakers))
		for _, sp := range k.pd.d.Speakers {
			out[j][sp.ID] = r.ids[i]
			i++
		}
	}
	return out, nil
}

// statementsBySpeaker counts the statements of d by the article's
// speaker id.
func statementsBySpeaker(d *output.Document) map[string]int {
	n := make(map[string]int, len(d.Speakers))
	for _, s := range d.Statements {
		if s.Speaker != nil {
			n[s.Speaker.ID]++
		}
	}
	return n
}

// index adds the transaction's new statements to the full-text index.
func (p *putter) index(ctx context.Context) error {
	for len(p.added) > 0 {
		n := min(len(p.added), 10000)
		ids, _ := json.Marshal(p.added[:n])
		p.added = p.added[n:]
		if err := p.exec(ctx, `INSERT INTO statements_fts(rowid, content, source)
			SELECT id, content, source FROM statements WHERE id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
			return err
		}
	}
	return nil
}

// prep returns query prepared in the transaction.
func (p *putter) prep(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := p.stmts[query]; ok {
		return st, nil
	}
	st, err := p.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.stmts[query] = st
	return st, nil
}

func (p *putter) exec(ctx context.Context, query string, args ...any) error {
	st, err := p.prep(ctx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

func (p *putter) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.prep(ctx, query)
	if err != nil {
		// QueryRowContext on the transaction reports the same error at Scan.
		return p.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (p *putter) close() {
	for _, st := range p.stmts {
		st.Close()
	}
}

// prepDoc is a document ready to store: checked, with what the store
// keeps of it besides its rows.
type prepDoc struct {
	d      *output.Document
	m      docMeta
	th, rh string // hashes of text and result
	meta   string // JSON
}

// prepare checks d and reads what the store keeps of it, counting it in
// st when it is not to be stored (nil).
func prepare(d *output.Document, st *PutStats) (*prepDoc, error) {
	if d.Error != "" {
		st.Skipped++
		return nil, nil
	}
	if err := CheckDocument(d); err != nil {
		st.Invalid++
		st.Problems = append(st.Problems, &DocError{Doc: d.Doc, Err: err, Refused: true})
		return nil, nil
	}
	pd := &prepDoc{d: d, m: readMeta(d), th: TextHash(d.Text)}
	if pd.m.url != "" && !SafeURL(pd.m.url) {
		st.Problems = append(st.Problems, &DocError{Doc: d.Doc, Err: fmt.Errorf("url %q left out: %w", pd.m.url, ErrUnsafeURL)})
		pd.m.url = ""
	}
	var err error
	if pd.rh, err = resultHash(d); err != nil {
		return nil, err
	}
	meta, err := json.Marshal(d.Meta)
	if err != nil {
		return nil, err
	}
	if d.Meta == nil {
		meta = []byte("{}")
	}
	pd.meta = string(meta)
	return pd, nil
}

// putChunk stores docs, no document id twice, in SQLite: the documents
// first, then the partitions of their speakers are settled, then their
// rows are written.
func (p *putter) putChunk(ctx context.Context, docs []output.Document, st *PutStats) error {
	var ks []kept
	for i := range docs {
		d := &docs[i]
		pd, err := prepare(d, st)
		if err != nil {
			return fmt.Errorf("put %q: %w", d.Doc, err)
		}
		if pd == nil {
			continue
		}
		id, err := p.putDoc(ctx, pd, st)
		if err != nil {
			return fmt.Errorf("put %q: %w", d.Doc, err)
		}
		if id != 0 {
			ks = append(ks, kept{pd, id})
		}
	}
	gids, err := p.assign(ctx, ks)
	if err != nil {
		return err
	}
	for i, k := range ks {
		if _, err := p.rows(ctx, k.pd.d, k.id, k.pd.m, nil, st, gids[i]); err != nil {
			return fmt.Errorf("put %q: %w", k.pd.d.Doc, err)
		}
	}
	return nil
}

// putDoc writes the row of the document pd, removing the rows of the
// version stored before, and returns its id; 0 when it is stored already
// as given.
func (p *putter) putDoc(ctx context.Context, pd *prepDoc, st *PutStats) (int64, error) {
	d, m, th, rh := pd.d, pd.m, pd.th, pd.rh
	var id int64
	var oldText, oldResult string
	err := p.queryRow(ctx, "SELECT id, text_hash, result_hash FROM documents WHERE doc = ?", d.Doc).Scan(&id, &oldText, &oldResult)
	switch {
	case err == sql.ErrNoRows:
		err = p.queryRow(ctx, `INSERT INTO documents(doc, text_hash, result_hash, date, outlet, url, title, meta, text, n_statements)
			VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id`,
			d.Doc, th, rh, nullable(m.date), nullable(m.outlet), nullable(m.url), nullable(m.title), pd.meta, d.Text, len(d.Statements)).Scan(&id)
		st.Added++
		return id, err
	case err != nil:
		return 0, err
	case oldText == th && oldResult == rh:
		st.Unchanged++
		return 0, nil
	}
	if err := p.remove(ctx, id); err != nil {
		return 0, err
	}
	st.Replaced++
	return id, p.updateDoc(ctx, pd, id)
}

// updateDoc replaces the stored document id by pd.
func (p *putter) updateDoc(ctx context.Context, pd *prepDoc, id int64) error {
	d, m := pd.d, pd.m
	return p.exec(ctx, `UPDATE documents SET text_hash=?, result_hash=?, date=?, outlet=?, url=?, title=?, meta=?, text=?, n_statements=? WHERE id=?`,
		pd.th, pd.rh, nullable(m.date), nullable(m.outlet), nullable(m.url), nullable(m.title), pd.meta, d.Text, len(d.Statements), id)
}

// rows writes the speakers and statements of document d, stored as id,
// each speaker linked to its collection speaker (global, by the article's
// speaker id): SQLite's one by one, with the speakers' counts;
// PostgreSQL's into rows, returning the statements of each collection
// speaker, for the caller to write.
func (p *putter) rows(ctx context.Context, d *output.Document, id int64, m docMeta, rows *pgRows, st *PutStats, global map[string]int64) (map[int64]int, error) {
	var err error
	counts := map[int64]int{}
	n := statementsBySpeaker(d)
	for _, sp := range d.Speakers {
		var gid sql.NullInt64
		if g, ok := global[sp.ID]; ok {
			gid = sql.NullInt64{Int64: g, Valid: true}
			counts[g] += 0
		}
		mentions, _ := json.Marshal(nonNil(sp.Mentions))
		titles, _ := json.Marshal(nonNilStrings(sp.Titles))
		part := partKey(id, sp.Name, sp.Unnamed)
		if rows != nil {
			rows.speaker(id, sp, string(mentions), string(titles), gid, part, n[sp.ID])
			continue
		}
		// A speaker's id is unique in a valid document, and remove deleted
		// the document's old rows: OR REPLACE never replaces.
		if err := p.exec(ctx, `INSERT OR REPLACE INTO doc_speakers(doc_id, sid, name, type, mentions, titles, speaker_id,
			unnamed, gender, gender_evidence, part, n_statements) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, sp.ID, sp.Name, sp.Type, string(mentions), string(titles), gid,
			b2i(sp.Unnamed), sp.Gender, sp.GenderEvidence, part, n[sp.ID]); err != nil {
			return nil, err
		}
	}

	var ins *sql.Stmt
	if rows == nil {
		ins, err = p.prep(ctx, `INSERT INTO statements(doc_id, sid, kind, cue, cue_spans, source, source_spans, content, content_spans,
		speaker_sid, speaker_name, speaker_id, parent, date, outlet,
		type, act, negated, target, target_spans, target_entity, quote) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return nil, err
		}
	}
	for _, s := range d.Statements {
		var ssid, sname sql.NullString
		var gid sql.NullInt64
		if s.Speaker != nil {
			ssid = sql.NullString{String: s.Speaker.ID, Valid: true}
			sname = sql.NullString{String: s.Speaker.Name, Valid: true}
			// CheckDocument made sure the article lists the speaker.
			if g, ok := global[s.Speaker.ID]; ok {
				gid = sql.NullInt64{Int64: g, Valid: true}
				counts[g]++
			}
		}
		var parent sql.NullString
		if s.Parent != nil {
			parent = sql.NullString{String: *s.Parent, Valid: true}
		}
		ct, cs := spanCols(s.Cue)
		st2, ss := spanCols(s.Source)
		nt, ns := spanCols(s.Content)
		if !nt.Valid {
			nt = sql.NullString{Valid: true}
		}
		tt, ts := spanCols(s.Target)
		var te sql.NullString
		if s.Target != nil {
			te = nullable(s.Target.Entity)
		}
		st.Statements++
		if rows != nil {
			rows.statement(id, m, s, []sql.NullString{ct, cs, st2, ss, nt, ns, ssid, sname}, gid, parent,
				[]sql.NullString{nullable(s.Type), nullable(s.Act), tt, ts, te})
			continue
		}
		res, err := ins.ExecContext(ctx, id, s.ID, s.Kind, ct, cs, st2, ss, nt.String, ns, ssid, sname, gid, parent,
			nullable(m.date), nullable(m.outlet),
			nullable(s.Type), nullable(s.Act), b2i(s.Negated), tt, ts, te, b2i(s.Quote))
		if err != nil {
			return nil, err
		}
		rowid, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		p.added = append(p.added, rowid)
	}
	if rows != nil {
		return counts, nil
	}
	// In id order, so that concurrent writers lock rows in one order.
	for _, g := range sortedKeys(counts) {
		if err := p.exec(ctx, `UPDATE speakers SET n_statements = n_statements + ?, n_documents = n_documents + 1 WHERE id = ?`, counts[g], g); err != nil {
			return nil, err
		}
		p.touched[g] = true
	}
	return nil, nil
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// b2i is a boolean as the store keeps it: 1 or 0.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// remove deletes a document's statements and speakers (not the document
// row, which the caller updates) and takes them out of the speaker counts.
func (p *putter) remove(ctx context.Context, id int64) error {
	// Undo exactly what put added: one document and the article's
	// statement count for each distinct cross-article speaker.
	rows, err := p.tx.QueryContext(ctx, `SELECT g, (SELECT count(*) FROM statements WHERE doc_id = ?1 AND speaker_id = g)
		FROM (SELECT speaker_id AS g FROM doc_speakers WHERE doc_id = ?1 AND speaker_id IS NOT NULL
			UNION SELECT speaker_id FROM statements WHERE doc_id = ?1 AND speaker_id IS NOT NULL) AS u ORDER BY g`, id)
	if err != nil {
		return err
	}
	type dec struct{ g, n int64 }
	var decs []dec
	for rows.Next() {
		var d dec
		if err := rows.Scan(&d.g, &d.n); err != nil {
			rows.Close()
			return err
		}
		decs = append(decs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Their partitions are settled again before the batch's rows are
	// written.
	pts, err := dropNames(ctx, p.tx, id)
	if err != nil {
		return err
	}
	if p.tx.pg {
		if err := p.lockParts(ctx, pts); err != nil {
			return err
		}
	}
	if p.parts == nil {
		p.parts = map[string]bool{}
	}
	for _, pt := range pts {
		p.parts[pt] = true
	}
	for _, d := range decs {
		if err := p.exec(ctx, `UPDATE speakers SET n_statements = n_statements - ?, n_documents = n_documents - 1 WHERE id = ?`, d.n, d.g); err != nil {
			return err
		}
		p.touched[d.g] = true
	}
	if !p.tx.pg {
		// The rows to delete must be in the index first (the same
		// document may come twice in one batch).
		if err := p.index(ctx); err != nil {
			return err
		}
		if err := p.exec(ctx, `INSERT INTO statements_fts(statements_fts, rowid, content, source)
			SELECT 'delete', id, content, source FROM statements WHERE doc_id = ?`, id); err != nil {
			return err
		}
	}
	if err := p.exec(ctx, "DELETE FROM statements WHERE doc_id = ?", id); err != nil {
		return err
	}
	return p.exec(ctx, "DELETE FROM doc_speakers WHERE doc_id = ?", id)
}

// refreshSpeakers recomputes the first and last dates of the speakers the
// transaction touched (two index lookups each) and drops those left with no
// document.
func (p *putter) refreshSpeakers(ctx context.Context) error {
	if p.tx.pg {
		if len(p.touched) == 0 {
			return nil
		}
		ids := sortedKeys(p.touched)
		if err := p.exec(ctx, `UPDATE speakers SET
			first_date = (SELECT min(date) FROM statements WHERE speaker_id = speakers.id AND date IS NOT NULL),
			last_date  = (SELECT max(date) FROM statements WHERE speaker_id = speakers.id)
			WHERE id = ANY(?::bigint[])`, ids); err != nil {
			return err
		}
		return p.exec(ctx, `DELETE FROM speakers WHERE id = ANY(?::bigint[]) AND n_documents <= 0`, ids)
	}
	for _, g := range sortedKeys(p.touched) {
		if err := p.exec(ctx, `UPDATE speakers SET
			first_date = (SELECT min(date) FROM statements WHERE speaker_id = ?1 AND date IS NOT NULL),
			last_date  = (SELECT max(date) FROM statements WHERE speaker_id = ?1)
			WHERE id = ?1`, g); err != nil {
			return err
		}
		if err := p.exec(ctx, `DELETE FROM speakers WHERE id = ? AND n_documents <= 0`, g); err != nil {
			return err
		}
	}
	return nil
}

func spanCols(s *output.Span) (text, spans sql.NullString) {
	if s == nil {
		return
	}
	b, _ := json.Marshal(nonNil(s.Spans))
	return sql.NullString{String: s.Text, Valid: true}, sql.NullString{String: string(b), Valid: true}
}

func nonNil(a [][2]int) [][2]int {
	if a == nil {
		return [][2]int{}
	}
	return a
}

func nonNilStrings(a []string) []string {
	if a == nil {
		return []string{}
	}
	return a
}

func nullable(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// docMeta is what the store reads out of a document's metadata.
type docMeta struct {
	date, outlet, url, title string
}

// docName matches the corpus naming scheme publisher_YYYY-MM-DD_slug, used
// when the metadata gives no date or outlet.
var docName = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9-]*)_(\d{4}-\d{2}-\d{2})_`)

func readMeta(d *output.Document) docMeta {
	var m docMeta
	str := func(keys ...string) string {
		for _, k := range keys {
			raw, ok := d.Meta[k]
			if !ok {
				continue
			}
			var s string
			if json.Unmarshal(raw, &s) == nil && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
		return ""
	}
	m.date = NormalizeDate(str("date", "published", "published_at", "pubdate"))
	m.outlet = str("outlet", "publisher", "site", "source")
	m.url = str("url", "link")
	m.title = str("title", "headline")
	if sm := docName.FindStringSubmatch(d.Doc); sm != nil {
		if m.outlet == "" {
			m.outlet = sm[1]
		}
		if m.date == "" {
			m.date = NormalizeDate(sm[2])
		}
	}
	return m
}

// dateLayouts are the date forms NormalizeDate understands.
var dateLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02",
	"2006/01/02", "January 2, 2006", "Jan 2, 2006", "2 January 2006", time.RFC1123Z, time.RFC1123,
}

// NormalizeDate returns s as YYYY-MM-DD, or "" when s is not a date in one
// of the common forms (RFC 3339, ISO 8601 date, "January 2, 2006", RFC 1123).
func NormalizeDate(s string) string {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1 || t.Year() > 9999 {
				return ""
			}
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// honorifics are dropped from the front of a name before it becomes a key,
// so "Mr. Trump" and "Trump" meet.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "sir": true, "dame": true,
	"prof": true, "professor": true, "sen": true, "senator": true, "rep": true,
	"gov": true, "governor": true, "president": true, "secretary": true, "minister": true,
}

// speakerKey is the key a legacy Put stored a speaker under (see
// legacyIdentity): [NameKey], which tests
// replace with the rule of schema version 1 to write a database as older
// versions did.
var speakerKey = NameKey

// nameSuffixes end a name without being the family name: the initial rule
// of [NameKey] looks for the initial before them. They are kept in the key:
// "Donald Trump Jr." is not his father.
var nameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// NameKey normalizes a speaker's name into the key that joins one person
// across articles: lower case, letters and digits only, single spaces,
// leading honorifics and a possessive "'s" dropped. It returns "" for a name
// with no letters.
//
// A single middle initial is dropped too, because outlets differ in style
// only there: "Donald J. Trump" (The New York Times) and "Donald Trump" are
// both "donald trump", "John F. Kerry" is "john kerry". The rule is narrow
// on purpose:
//
//   - The name must have exactly three words, not counting a final suffix
//     ("Jr.", "Sr.", "II", "III", "IV"; "John F. Jr." has two and keeps its
//     initial), and the middle one must be a single letter of a script with
//     case (Latin, Greek, Cyrillic, ...). So "Donald J. Trump Jr." is
//     "donald trump jr", but a Chinese name written with spaces between its
//     characters keeps every character, and "Area 5 Smith" keeps its digit.
//     The rule works on the key's words, where case and periods are gone, so
//     that it applies to stored keys too: a one-letter particle between two
//     names ("Juan y Pérez") goes as an initial would, which joins the
//     same person's spellings all the same.
//   - Two or more middle initials are kept: "George H. W. Bush" stays
//     "george h w bush", apart from his son. A middle name is kept
//     ("Hillary Rodham Clinton" does not become "Hillary Clinton"): a whole
//     word is more often a different person than a style difference. An
//     initial next to a middle name is kept as well ("Mary Jo B. Smith",
//     and "Jean-Claude J. Juncker", whose hyphen made two words).
//   - A leading initial ("J. Robert Oppenheimer") or one of two words
//     ("J. Smith", "Donald J.") is kept: there it is the first or the last
//     name, not a middle one.
//   - Suffixes are kept in the key, never dropped: "Jr." and "Sr." are what
//     tells a son from his father, and "III" a grandson.
//
// The accepted cost: two people told apart only by their middle initial
// share a key. "George W. Bush" becomes "george bush", the same speaker as a
// plain "George Bush". News writes the younger Bush with his initial to
// tell him from his father, and the father keeps his two initials, so a
// plain "George Bush" is ambiguous either way; joining the son's every
// spelling across outlets is worth more than keeping that ambiguity
// separate. A key was already ambiguous between two people of the same
// first and last name ("John Smith"). A speaker search by part of a name
// ([SpeakerQuery]) no longer finds "J. Trump" in "donald trump".
//
// NameKey is idempotent: the key of a key is the key itself. Migration 2
// (rekeySpeakers) relies on it to rekey stored speakers from their old key.
func NameKey(name string) string {
	return joinKey(dropMiddleInitial(nameWords(name)))
}

// nameWords splits name into the words of its key: lower case, letters and
// digits, leading honorifics and a possessive dropped.
func nameWords(name string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r == '\'' || r == '’':
			// "O'Brien" stays one word.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	f := strings.Fields(b.String())
	for len(f) > 1 && honorifics[f[0]] {
		f = f[1:]
	}
	if n := len(f); n > 0 && strings.HasSuffix(f[n-1], "s") && strings.ContainsAny(name, "'’") &&
		(strings.HasSuffix(name, "'s") || strings.HasSuffix(name, "’s")) {
		f[n-1] = strings.TrimSuffix(f[n-1], "s")
		if f[n-1] == "" {
			f = f[:n-1] // "A 's": the possessive was a word of its own
		}
	}
	return f
}

// joinKey joins the words of a key, or returns "" when they hold no letter.
func joinKey(f []string) string {
	for _, w := range f {
		for _, r := range w {
			if unicode.IsLetter(r) {
				return strings.Join(f, " ")
			}
		}
	}
	return ""
}

// dropMiddleInitial removes the middle word of a three-word name (a final
// suffix not counted) when it is a single cased letter; see [NameKey].
func dropMiddleInitial(f []string) []string {
	core := len(f)
	if core > 1 && nameSuffixes[f[core-1]] {
		core--
	}
	if core != 3 || !isInitial(f[1]) {
		return f
	}
	return append(f[:1], f[2:]...)
}

// isInitial reports whether w is a single letter of a script with case.
func isInitial(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if size != len(w) || r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) && (unicode.IsLower(r) || unicode.IsUpper(r) || unicode.IsTitle(r))
}
