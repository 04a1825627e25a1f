package store

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store/synth"
)

// BenchmarkPostgresPut measures the store's write rate into PostgreSQL
// with 1, 2 and 4 concurrent writers, each with a Store of its own as
// separate workers have: one iteration is every writer putting one batch
// of 50 new invented documents (250 statements, speakers drawn from 2,000
// with a skewed frequency, so writers share the common ones). It needs
// $WHOSAID_POSTGRES:
//
//	WHOSAID_POSTGRES=postgres://... go test -run '^$' -bench PostgresPut -benchtime 40x ./store
func BenchmarkPostgresPut(b *testing.B) {
	const batch = 50
	for _, writers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			ctx := context.Background()
			loc := pgSchema(b)
			stores := make([]*Store, writers)
			for i := range stores {
				s, err := Open(ctx, loc)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				stores[i] = s
			}
			c := synth.New(1, 2000)
			c.Labels = true
			next := 0
			retries := putRetries.Load()
			docs := 0
			for b.Loop() {
				b.StopTimer()
				batches := make([][]output.Document, writers)
				for w := range batches {
					for range batch {
						batches[w] = append(batches[w], c.Doc(next))
						next++
					}
				}
				b.StartTimer()
				var wg sync.WaitGroup
				errs := make([]error, writers)
				for w := range writers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, errs[w] = stores[w].Put(ctx, batches[w])
					}()
				}
				wg.Wait()
				for _, err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
				docs += writers * batch
			}
			b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(putRetries.Load()-retries), "retries")
		})
	}
}

// BenchmarkPostgresScale times the benchmark searches on a PostgreSQL
// store of $WHOSAID_BENCH_PG_STATEMENTS invented statements (10,000,000
// for the figure in QUALITY.md; five per document), the query side of the
// 1M SQLite benchmark (BenchmarkMillion). Unset, it is skipped: CI does
// not build millions of rows. The store is built once, by COPY, in the
// schema whosaid_bench_N of $WHOSAID_POSTGRES's database, and kept for
// the next run (DROP SCHEMA whosaid_bench_N CASCADE removes it):
//
//	WHOSAID_POSTGRES=postgres://... WHOSAID_BENCH_PG_STATEMENTS=10000000 \
//	  go test -run '^$' -bench PostgresScale -benchtime 1x -timeout 4h ./store
func BenchmarkPostgresScale(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("WHOSAID_BENCH_PG_STATEMENTS"))
	if n <= 0 {
		b.Skip("set WHOSAID_BENCH_PG_STATEMENTS (and WHOSAID_POSTGRES) to build and search a store of that many statements")
	}
	ctx := context.Background()
	base := testenv.Postgres(b)
	schema := fmt.Sprintf("whosaid_bench_%d", n)
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	loc := u.String()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		b.Fatal(err)
	}
	s, err := Open(ctx, loc)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c := synth.New(42, 20000)
	c.Labels = true
	var have int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM statements").Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have != n {
		start := time.Now()
		if err := buildScale(ctx, loc, c, n/c.StatementsPerDoc, b); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d statements in %s", n, time.Since(start).Round(time.Second))
		c = synth.New(42, 20000) // the queries draw from the same words and speakers
		c.Labels = true
	}
	var size int64
	if err := s.r.QueryRowContext(ctx, `SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`).Scan(&size); err != nil {
		b.Fatal(err)
	}
	queries := append(benchQueries(c),
		namedQuery{"act", Query{Act: []string{"deny"}}},
		namedQuery{"quotes+word", Query{Quotes: true, Text: c.Vocab(15)}},
		namedQuery{"type+speaker", Query{Type: []string{"thought"}, Speaker: c.Speaker(1)}})
	lat := map[string][2]time.Duration{}
	var all []time.Duration
	for _, q := range queries {
		var ds []time.Duration
		for i := 0; i < 20; i++ {
			t := time.Now()
			q.q.Budget = time.Minute
			if _, err := s.Search(ctx, q.q); err != nil {
				b.Fatalf("%s: %v", q.name, err)
			}
			ds = append(ds, time.Since(t))
		}
		all = append(all, ds...)
		lat[q.name] = percentiles(ds)
	}
	for _, op := range []struct {
		name string
		f    func() error
	}{
		{"stats", func() error { _, err := s.Stats(ctx); return err }},
		{"speakers", func() error { _, err := s.Speakers(ctx, SpeakerQuery{}); return err }},
		{"document", func() error { _, err := s.Document(ctx, "synth-0001234"); return err }},
	} {
		var ds []time.Duration
		for i := 0; i < 10; i++ {
			t := time.Now()
			if err := op.f(); err != nil {
				b.Fatalf("%s: %v", op.name, err)
			}
			ds = append(ds, time.Since(t))
		}
		lat[op.name] = percentiles(ds)
	}
	p := percentiles(all)
	b.ReportMetric(ms(p[0]), "search-p50-ms")
	b.ReportMetric(ms(p[1]), "search-p99-ms")
	b.ReportMetric(float64(size)/(1<<30), "db-GiB")
	for b.Loop() {
	}
	var names []string
	for k := range lat {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		b.Logf("%-16s p50 %9.2f ms  p99 %9.2f ms", k, ms(lat[k][0]), ms(lat[k][1]))
	}
	b.Logf("%-16s p50 %9.2f ms  p99 %9.2f ms (searches)", "all", ms(p[0]), ms(p[1]))
}

// buildScale fills the store at loc (emptied first) with the first nDocs
// documents of c, as Put would store them, by COPY: secondary indexes and
// foreign keys are dropped during the load and made again after it.
func buildScale(ctx context.Context, loc string, c *synth.Collection, nDocs int, b testing.TB) error {
	conns := make([]*pgx.Conn, 4)
	for i := range conns {
		cn, err := pgx.Connect(ctx, loc)
		if err != nil {
			return err
		}
		defer cn.Close(ctx)
		conns[i] = cn
	}
	cn := conns[0]
	if _, err := cn.Exec(ctx, "TRUNCATE documents, speakers, doc_speakers, statements RESTART IDENTITY CASCADE"); err != nil {
		return err
	}
	// What to make again after the load.
	var again []string
	rows, err := cn.Query(ctx, `SELECT 'ALTER TABLE ' || conrelid::regclass || ' DROP CONSTRAINT ' || conname,
			'ALTER TABLE ' || conrelid::regclass || ' ADD CONSTRAINT ' || conname || ' ' || pg_get_constraintdef(oid)
		FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
		UNION ALL
		SELECT 'DROP INDEX ' || i.relname, pg_get_indexdef(i.oid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname <> 'whosaid_schema'
			AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`)
	if err != nil {
		return err
	}
	var drops []string
	for rows.Next() {
		var drop, make string
		if err := rows.Scan(&drop, &make); err != nil {
			return err
		}
		drops, again = append(drops, drop), append(again, make)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// Foreign keys first when dropping, last when making them again.
	for _, q := range drops {
		if _, err := cn.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	slices.Reverse(again)

	type speakerStat struct {
		id, statements, docs int64
		name, first, last    string
	}
	speakers := map[string]*speakerStat{}
	var order []string
	docCh, dsCh, stCh := make(chan []any, 1024), make(chan []any, 4096), make(chan []any, 8192)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 3)
	copyTo := func(cn *pgx.Conn, table string, cols []string, ch chan []any) {
		_, err := cn.CopyFrom(gctx, pgx.Identifier{table}, cols, &chanSource{ch: ch})
		if err != nil {
			cancel()
		}
		errc <- err
	}
	go copyTo(conns[1], "documents", []string{"id", "doc", "text_hash", "result_hash", "date", "outlet", "title", "meta", "text", "n_statements"}, docCh)
	go copyTo(conns[2], "doc_speakers", []string{"doc_id", "sid", "name", "type", "mentions", "titles", "speaker_id",
		"unnamed", "gender", "gender_evidence", "part", "n_statements"}, dsCh)
	go copyTo(conns[3], "statements", []string{"id", "doc_id", "sid", "kind", "cue", "cue_spans", "source", "source_spans",
		"content", "content_spans", "speaker_sid", "speaker_name", "speaker_id", "date", "outlet", "type", "act", "negated", "quote", "fts"}, stCh)
	var stID int64
	send := func(ch chan []any, row []any) bool {
		select {
		case ch <- row:
			return true
		case <-gctx.Done():
			return false
		}
	}
	spans := func(sp *output.Span) string { j, _ := json.Marshal(sp.Spans); return string(j) }
	for i := 0; i < nDocs; i++ {
		d := c.Doc(i)
		if i%200000 == 0 {
			b.Logf("building: %d documents", i)
		}
		var st PutStats
		pd, err := prepare(&d, &st)
		if err != nil || pd == nil {
			return fmt.Errorf("document %d: %v %v", i, err, st.Problems)
		}
		docID := int64(i + 1)
		if !send(docCh, []any{docID, d.Doc, pd.th, pd.rh, pd.m.date, pd.m.outlet, pd.m.title, pd.meta, d.Text, int32(len(d.Statements))}) {
			break
		}
		gid := map[string]int64{}
		n := statementsBySpeaker(&d)
		for _, sp := range d.Speakers {
			k := NameKey(sp.Name)
			x, ok := speakers[k]
			if !ok {
				x = &speakerStat{id: int64(len(order) + 1), name: sp.Name}
				speakers[k] = x
				order = append(order, k)
			}
			x.docs++
			gid[sp.ID] = x.id
			mentions, _ := json.Marshal(sp.Mentions)
			if !send(dsCh, []any{docID, sp.ID, sp.Name, sp.Type, string(mentions), "[]", x.id,
				int32(b2i(sp.Unnamed)), sp.Gender, sp.GenderEvidence, partKey(docID, sp.Name, sp.Unnamed), int32(n[sp.ID])}) {
				break
			}
		}
		for _, s := range d.Statements {
			stID++
			x := speakers[NameKey(s.Speaker.Name)]
			x.statements++
			if x.first == "" || pd.m.date < x.first {
				x.first = pd.m.date
			}
			x.last = max(x.last, pd.m.date)
			row := []any{stID, docID, s.ID, s.Kind, s.Cue.Text, spans(s.Cue), s.Source.Text, spans(s.Source),
				s.Content.Text, spans(s.Content), s.Speaker.ID, s.Speaker.Name, gid[s.Speaker.ID], pd.m.date, pd.m.outlet,
				s.Type, s.Act, int32(b2i(s.Negated)), int32(b2i(s.Quote)), goTSVector(ftsText(s.Content.Text), ftsText(s.Source.Text))}
			if !send(stCh, row) {
				break
			}
		}
	}
	close(docCh)
	close(dsCh)
	close(stCh)
	for range 3 {
		if err := <-errc; err != nil {
			return err
		}
	}
	var sprows [][]any
	for _, k := range order {
		x := speakers[k]
		sprows = append(sprows, []any{x.id, k, x.name, "person", int32(x.statements), int32(x.docs), x.first, x.last})
	}
	if _, err := cn.CopyFrom(ctx, pgx.Identifier{"speakers"}, []string{"id", "key", "name", "type", "n_statements", "n_documents", "first_date", "last_date"},
		pgx.CopyFromRows(sprows)); err != nil {
		return err
	}
	for _, q := range []string{
		"SELECT setval(pg_get_serial_sequence('documents', 'id'), (SELECT max(id) FROM documents))",
		"SELECT setval(pg_get_serial_sequence('statements', 'id'), (SELECT max(id) FROM statements))",
		"SELECT setval(pg_get_serial_sequence('speakers', 'id'), (SELECT max(id) FROM speakers))",
		"SET maintenance_work_mem = '1GB'",
	} {
		if _, err := cn.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	for _, q := range again {
		t := time.Now()
		if _, err := cn.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		b.Logf("%s: %s", q, time.Since(t).Round(time.Second))
	}
	// Names, types and genders of the speakers, and any joining by
	// surname, as Put's identity rules give them.
	st, err := Open(ctx, loc)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Reidentify(ctx); err != nil {
		return err
	}
	_, err = cn.Exec(ctx, "VACUUM ANALYZE")
	return err
}

// chanSource feeds COPY from a channel of rows.
type chanSource struct {
	ch  chan []any
	row []any
}

func (s *chanSource) Next() bool {
	r, ok := <-s.ch
	s.row = r
	return ok
}

func (s *chanSource) Values() ([]any, error) { return s.row, nil }
func (s *chanSource) Err() error             { return nil }

// goTSVector builds in Go the vector PostgreSQL's Put computes with
// setweight(to_tsvector('simple', cf), 'A') || setweight(to_tsvector('simple', sf), 'B')
// from folded words (ftsText): each word a lexeme, positions from 1, the
// source's after the content's. TestGoTSVector checks it against the
// server.
func goTSVector(cf, sf string) pgtype.TSVector {
	pos := map[string][]pgtype.TSVectorPosition{}
	n := 0
	add := func(text string, w pgtype.TSVectorWeight) {
		for _, word := range strings.Fields(text) {
			n++
			pos[word] = append(pos[word], pgtype.TSVectorPosition{Position: uint16(min(n, 16383)), Weight: w})
		}
	}
	add(cf, pgtype.TSVectorWeightA)
	add(sf, pgtype.TSVectorWeightB)
	v := pgtype.TSVector{Valid: true}
	for w, ps := range pos {
		v.Lexemes = append(v.Lexemes, pgtype.TSVectorLexeme{Word: w, Positions: ps})
	}
	slices.SortFunc(v.Lexemes, func(a, b pgtype.TSVectorLexeme) int { return strings.Compare(a.Word, b.Word) })
	return v
}

// TestGoTSVector checks the vectors the scale benchmark loads against
// those the server computes for Put.
func TestGoTSVector(t *testing.T) {
	ctx := context.Background()
	cn, err := pgx.Connect(ctx, testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer cn.Close(ctx)
	c := synth.New(3, 50)
	texts := [][2]string{{"", ""}, {"a a b", "a"}, {"the harbour will reopen in spring", "mayor ana souza"}}
	for i := 0; i < 40; i++ {
		d := c.Doc(i)
		for _, s := range d.Statements {
			texts = append(texts, [2]string{s.Content.Text, s.Source.Text})
		}
	}
	for _, tx := range texts {
		cf, sf := ftsText(tx[0]), ftsText(tx[1])
		var same bool
		var server string
		if err := cn.QueryRow(ctx, `SELECT $1::tsvector = v, v::text FROM (SELECT setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') AS v) AS x`,
			goTSVector(cf, sf), cf, sf).Scan(&same, &server); err != nil {
			t.Fatal(err)
		}
		if !same {
			t.Errorf("goTSVector(%q, %q) = %s, server %s", cf, sf, goTSVector(cf, sf), server)
		}
	}
}

// TestBuildScaleLikePut builds a small store the way the scale benchmark
// does and compares it with one written by Put: the benchmark searches
// what whosaid would have stored.
func TestBuildScaleLikePut(t *testing.T) {
	ctx := context.Background()
	b := backend{name: "postgres", pg: true}
	loc := b.fresh(t)
	s, err := Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := synth.New(5, 100)
	c.Labels = true
	if err := buildScale(ctx, loc, c, 300, t); err != nil {
		t.Fatal(err)
	}
	put := b.open(t)
	c = synth.New(5, 100)
	c.Labels = true
	var docs []output.Document
	for i := 0; i < 300; i++ {
		docs = append(docs, c.Doc(i))
	}
	if _, err := put.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if got, want := comparable(t, s), comparable(t, put); got != want {
		t.Errorf("built store differs from Put's")
	}
	for _, q := range benchQueries(c) {
		q.q.Limit = MaxLimit
		p1, err1 := s.Search(ctx, q.q)
		p2, err2 := put.Search(ctx, q.q)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if a, b := keys(p1, false), keys(p2, false); firstDiff(a, b) >= 0 {
			t.Errorf("%s: built %q, put %q", q.name, a, b)
		}
	}
}
