package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/whosaid/whosaid/output"
)

// PostgreSQL's Put writes a batch in a few statements that take their rows
// as arrays (unnest), instead of a statement per row or per document: on
// a busy machine each round trip to the server took 1 to 3 ms, more than
// the rows. A batch of new documents costs seven round trips whatever its
// size: look up, documents, speakers, doc_speakers, statements, counts,
// dates (and one more to delete speakers left with no document). A
// document that replaces a stored one costs a few more of its own.

// pgRows gathers rows of doc_speakers and statements as columns.
type pgRows struct {
	// doc_speakers
	dsDoc                                       []int64
	dsSID, dsName, dsType, dsMentions, dsTitles []string
	dsSpeaker                                   []*int64
	dsUnnamed, dsN                              []int32
	dsGender, dsEvidence, dsPart                []string
	// statements; stText holds date, outlet, cue, cue_spans, source,
	// source_spans, content, content_spans, speaker_sid, speaker_name,
	// parent, type, act, target, target_spans and target_entity.
	stDoc                  []int64
	stSID, stKind          []string
	stText                 [16][]*string
	stSpeaker              []*int64
	stNegated, stQuote     []int32
	stContentFTS, stSrcFTS []string
}

func ptrString(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

func ptrInt(g sql.NullInt64) *int64 {
	if !g.Valid {
		return nil
	}
	return &g.Int64
}

// speaker adds a row of doc_speakers.
func (r *pgRows) speaker(doc int64, sp output.Speaker, mentions, titles string, gid sql.NullInt64, part string, n int) {
	r.dsDoc = append(r.dsDoc, doc)
	r.dsSID = append(r.dsSID, sp.ID)
	r.dsName = append(r.dsName, sp.Name)
	r.dsType = append(r.dsType, sp.Type)
	r.dsMentions = append(r.dsMentions, mentions)
	r.dsTitles = append(r.dsTitles, titles)
	r.dsSpeaker = append(r.dsSpeaker, ptrInt(gid))
	r.dsUnnamed = append(r.dsUnnamed, int32(b2i(sp.Unnamed)))
	r.dsN = append(r.dsN, int32(n))
	r.dsGender = append(r.dsGender, sp.Gender)
	r.dsEvidence = append(r.dsEvidence, sp.GenderEvidence)
	r.dsPart = append(r.dsPart, part)
}

// statement adds a row of statements: spans holds cue, cue_spans, source,
// source_spans, content, content_spans, speaker_sid and speaker_name;
// labels type, act, target, target_spans and target_entity.
func (r *pgRows) statement(doc int64, m docMeta, s output.Statement, spans []sql.NullString, gid sql.NullInt64, parent sql.NullString, labels []sql.NullString) {
	r.stDoc = append(r.stDoc, doc)
	r.stSID = append(r.stSID, s.ID)
	r.stKind = append(r.stKind, s.Kind)
	cols := append(append(append([]sql.NullString{nullable(m.date), nullable(m.outlet)}, spans...), parent), labels...)
	for i, c := range cols {
		r.stText[i] = append(r.stText[i], ptrString(c))
	}
	r.stSpeaker = append(r.stSpeaker, ptrInt(gid))
	r.stNegated = append(r.stNegated, int32(b2i(s.Negated)))
	r.stQuote = append(r.stQuote, int32(b2i(s.Quote)))
	r.stContentFTS = append(r.stContentFTS, ftsText(spans[4].String))
	r.stSrcFTS = append(r.stSrcFTS, ftsText(spans[2].String))
}

// write stores the rows and adds to each cross-article speaker its
// statements (counts) and documents (docs; nil: one each).
func (r *pgRows) write(ctx context.Context, p *putter, counts, docs map[int64]int) error {
	if len(r.dsSID) > 0 {
		if err := p.exec(ctx, `INSERT INTO doc_speakers(doc_id, sid, name, type, mentions, titles, speaker_id,
			unnamed, n_statements, gender, gender_evidence, part)
			SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
				?::int[], ?::int[], ?::text[], ?::text[], ?::text[])`,
			r.dsDoc, r.dsSID, r.dsName, r.dsType, r.dsMentions, r.dsTitles, r.dsSpeaker,
			r.dsUnnamed, r.dsN, r.dsGender, r.dsEvidence, r.dsPart); err != nil {
			return err
		}
	}
	if len(r.stSID) > 0 {
		args := []any{r.stDoc, r.stSID, r.stKind}
		for _, c := range r.stText {
			args = append(args, c)
		}
		args = append(args, r.stSpeaker, r.stNegated, r.stQuote, r.stContentFTS, r.stSrcFTS)
		if err := p.exec(ctx, `INSERT INTO statements(doc_id, sid, kind, date, outlet, cue, cue_spans, source, source_spans,
			content, content_spans, speaker_sid, speaker_name, parent, type, act, target, target_spans, target_entity,
			speaker_id, negated, quote, fts)
			SELECT u.doc_id, u.sid, u.kind, u.date, u.outlet, u.cue, u.cue_spans, u.source, u.source_spans, coalesce(u.content, ''),
				u.content_spans, u.speaker_sid, u.speaker_name, u.parent, u.type, u.act, u.target, u.target_spans, u.target_entity,
				u.speaker_id, u.negated, u.quote,
				setweight(to_tsvector('simple', u.cf), 'A') || setweight(to_tsvector('simple', u.sf), 'B')
			FROM unnest(?::bigint[], ?::text[], ?::text[],
				?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
				?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
				?::bigint[], ?::int[], ?::int[], ?::text[], ?::text[])
			AS u(doc_id, sid, kind, date, outlet, cue, cue_spans, source, source_spans, content, content_spans,
				speaker_sid, speaker_name, parent, type, act, target, target_spans, target_entity,
				speaker_id, negated, quote, cf, sf)`, args...); err != nil {
			return err
		}
	}
	if len(counts) == 0 {
		return nil
	}
	ids := sortedKeys(counts)
	ns := make([]int32, len(ids))
	nd := make([]int32, len(ids))
	for i, g := range ids {
		ns[i], nd[i] = int32(counts[g]), 1
		if docs != nil {
			nd[i] = int32(docs[g])
		}
		p.touched[g] = true
	}
	return p.exec(ctx, `UPDATE speakers SET n_statements = n_statements + u.n, n_documents = n_documents + u.d
		FROM unnest(?::bigint[], ?::int[], ?::int[]) AS u(id, n, d) WHERE speakers.id = u.id`, ids, ns, nd)
}

// putBatch stores docs, no document id twice, as Put does, in a few
// statements for the whole batch. Before it changes anything it takes the
// advisory locks of the partitions ([partKey]) of the speakers it adds and
// of those stored for its documents before, in one order, so that
// concurrent writers settle a partition one after the other and take the
// row locks of its collection speakers only while holding its lock.
func (p *putter) putBatch(ctx context.Context, docs []output.Document, st *PutStats) error {
	var pds []*prepDoc
	var names []string
	var parts []string
	for i := range docs {
		pd, err := prepare(&docs[i], st)
		if err != nil {
			return fmt.Errorf("put %q: %w", docs[i].Doc, err)
		}
		if pd != nil {
			pds = append(pds, pd)
			names = append(names, pd.d.Doc)
			for _, sp := range pd.d.Speakers {
				if pt := partKey(0, sp.Name, sp.Unnamed); pt != "~0" {
					parts = append(parts, pt)
				}
			}
		}
	}
	if len(pds) == 0 {
		return nil
	}
	type stored struct {
		id     int64
		th, rh string
	}
	old := map[string]stored{}
	rs, err := p.tx.QueryContext(ctx, "SELECT doc, id, text_hash, result_hash FROM documents WHERE doc = ANY(?::text[])", names)
	if err != nil {
		return err
	}
	for rs.Next() {
		var doc string
		var s stored
		if err := rs.Scan(&doc, &s.id, &s.th, &s.rh); err != nil {
			rs.Close()
			return err
		}
		old[doc] = s
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	// The partitions of the versions to replace, read without a lock
	// (none for new documents, the usual case): one that changes
	// meanwhile is locked when it is removed, out of order, and a
	// deadlock that may cause is retried (see Put).
	var replaced []int64
	for _, pd := range pds {
		if o, ok := old[pd.d.Doc]; ok && (o.th != pd.th || o.rh != pd.rh) {
			replaced = append(replaced, o.id)
		}
	}
	if len(replaced) > 0 {
		rs, err := p.tx.QueryContext(ctx, "SELECT DISTINCT part FROM doc_speakers WHERE doc_id = ANY(?::bigint[])", replaced)
		if err != nil {
			return err
		}
		for rs.Next() {
			var pt string
			if err := rs.Scan(&pt); err != nil {
				rs.Close()
				return err
			}
			parts = append(parts, pt)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	if err := p.lockParts(ctx, parts); err != nil {
		return fmt.Errorf("lock speakers: %w", err)
	}

	// Replaced documents one by one, new ones together.
	ids := make(map[*prepDoc]int64, len(pds))
	var fresh []*prepDoc
	var keep []*prepDoc
	for _, pd := range pds {
		o, ok := old[pd.d.Doc]
		switch {
		case !ok:
			fresh = append(fresh, pd)
		case o.th == pd.th && o.rh == pd.rh:
			st.Unchanged++
			continue
		default:
			if err := p.remove(ctx, o.id); err != nil {
				return fmt.Errorf("put %q: %w", pd.d.Doc, err)
			}
			if err := p.updateDoc(ctx, pd, o.id); err != nil {
				return fmt.Errorf("put %q: %w", pd.d.Doc, err)
			}
			ids[pd] = o.id
			st.Replaced++
		}
		keep = append(keep, pd)
	}
	if len(fresh) > 0 {
		cols := make([][]*string, 9)
		var ns []int32
		for _, pd := range fresh {
			d, m := pd.d, pd.m
			for i, v := range []sql.NullString{{String: d.Doc, Valid: true}, {String: pd.th, Valid: true}, {String: pd.rh, Valid: true},
				nullable(m.date), nullable(m.outlet), nullable(m.url), nullable(m.title), {String: pd.meta, Valid: true}, {String: d.Text, Valid: true}} {
				cols[i] = append(cols[i], ptrString(v))
			}
			ns = append(ns, int32(len(d.Statements)))
		}
		args := make([]any, 0, 10)
		for _, c := range cols {
			args = append(args, c)
		}
		rs, err := p.tx.QueryContext(ctx, `INSERT INTO documents(doc, text_hash, result_hash, date, outlet, url, title, meta, text, n_statements)
			SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])
			RETURNING doc, id`, append(args, ns)...)
		if err != nil {
			return err
		}
		byDoc := make(map[string]int64, len(fresh))
		for rs.Next() {
			var doc string
			var id int64
			if err := rs.Scan(&doc, &id); err != nil {
				rs.Close()
				return err
			}
			byDoc[doc] = id
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		for _, pd := range fresh {
			ids[pd] = byDoc[pd.d.Doc]
		}
		st.Added += len(fresh)
	}

	var ks []kept
	for _, pd := range keep {
		ks = append(ks, kept{pd, ids[pd]})
	}
	gids, err := p.assign(ctx, ks)
	if err != nil {
		return err
	}
	var rows pgRows
	counts, ndocs := map[int64]int{}, map[int64]int{}
	for i, k := range ks {
		c, err := p.rows(ctx, k.pd.d, k.id, k.pd.m, &rows, st, gids[i])
		if err != nil {
			return fmt.Errorf("put %q: %w", k.pd.d.Doc, err)
		}
		for g, n := range c {
			counts[g] += n
			ndocs[g]++
		}
	}
	return rows.write(ctx, p, counts, ndocs)
}
