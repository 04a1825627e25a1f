package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// person is a speaker of an invented article: n statements.
type person struct {
	name, typ, gender string
	unnamed           bool
	n                 int
}

// article builds a document whose speakers say n things each
// ("Ana Souza said point 1.").
func article(id, date, outlet string, ps ...person) output.Document {
	d := output.Document{Doc: id}
	var b strings.Builder
	for i, p := range ps {
		eid := fmt.Sprintf("e%d", i+1)
		// A gender "female/name 0.97" carries its evidence.
		g, ev, _ := strings.Cut(p.gender, "/")
		sp := output.Speaker{ID: eid, Name: p.name, Type: p.typ, Gender: g, GenderEvidence: ev, Unnamed: p.unnamed, Titles: []string{}}
		for j := 0; j < p.n; j++ {
			start := len([]rune(b.String()))
			b.WriteString(p.name)
			end := len([]rune(b.String()))
			b.WriteString(" said ")
			cs := len([]rune(b.String()))
			fmt.Fprintf(&b, "point %d of %s", j+1, id)
			ce := len([]rune(b.String()))
			b.WriteString(". ")
			sp.Mentions = append(sp.Mentions, [2]int{start, end})
			d.Statements = append(d.Statements, output.Statement{
				ID: fmt.Sprintf("s%d", len(d.Statements)+1), Kind: output.Indirect, Type: "speech", Act: "assert",
				Source:  &output.Span{Spans: [][2]int{{start, end}}, Text: p.name},
				Content: &output.Span{Spans: [][2]int{{cs, ce}}, Text: fmt.Sprintf("point %d of %s", j+1, id)},
				Speaker: &output.SpeakerRef{ID: eid, Name: p.name},
			})
		}
		d.Speakers = append(d.Speakers, sp)
	}
	d.Text = b.String()
	d.Meta = map[string]json.RawMessage{"date": json.RawMessage(`"` + date + `"`), "outlet": json.RawMessage(`"` + outlet + `"`)}
	return d
}

// settleDocs are invented articles for each merge and non-merge of the
// identity rules, with genders.
func settleDocs() []output.Document {
	f, m, u := output.Female, output.Male, output.UnknownGender
	return []output.Document{
		article("h1", "2016-01-01", "Gazette", person{"Dana Holm", "person", f, false, 2}, person{"the company", "organization", "", true, 1}),
		article("h2", "2016-01-02", "Courier", person{"Holm", "person", u, false, 1}, person{"Officials", "person", u, true, 2}),
		article("h3", "2016-01-03", "Gazette", person{"Dana J. Holm", "person", f, false, 1}, person{"the company", "organization", "", true, 1}),
		article("v1", "2016-02-01", "Gazette", person{"Ivo Vell", "person", m, false, 1}, person{"Mara Vell", "person", f, false, 1}),
		article("v2", "2016-02-02", "Courier", person{"Vell", "person", u, false, 2}, person{"officials", "person", u, true, 1}),
		article("t1", "2016-03-01", "Gazette", person{"Rob Tane", "person", m, false, 19}),
		article("t2", "2016-03-02", "Courier", person{"Eve Tane", "person", f, false, 1}, person{"Tane", "person", u, false, 1}),
		article("t3", "2016-03-03", "Courier", person{"Mr. Tane", "person", m, false, 1}),
		article("g1", "2016-04-01", "Gazette", person{"Kim Oro", "person", f, false, 1}),
		article("g2", "2016-04-02", "Courier", person{"Kim Oro", "person", m, false, 1}),
		article("g3", "2016-04-03", "Gazette", person{"Lee Ash", "person", m, false, 1}, person{"Acme", "organization", "", false, 1}),
		article("g4", "2016-04-04", "Courier", person{"Lee Ash", "person", m, false, 1}, person{"ACME", "organization", "", false, 2}),
		article("g5", "2016-04-05", "Gazette", person{"Lee Ash", "person", u, false, 1}, person{"--", "other", "", false, 1}),
		// The article's own evidence outweighs guesses from the first name.
		article("r1", "2016-05-01", "Gazette", person{"Sam Reed", "person", "female/name 0.96", false, 1}),
		article("r2", "2016-05-02", "Gazette", person{"Sam Reed", "person", "female/name 0.96", false, 1}),
		article("r3", "2016-05-03", "Courier", person{"Sam Reed", "person", "male/honorific", false, 1}),
		article("r4", "2016-05-04", "Courier", person{"Jo Lund", "person", "male/name 0.97", false, 1}),
	}
}

// collectionState renders the collection speakers of a store and what
// points at them, ids left out, to compare two stores.
func collectionState(t *testing.T, s *Store) string {
	t.Helper()
	db := s.r
	var out []string
	for _, q := range []string{
		`SELECT 'speaker', key, name, type, gender, unnamed, n_statements, n_documents, coalesce(first_date, ''), coalesce(last_date, '') FROM speakers`,
		`SELECT 'article', d.doc, ds.sid, ds.part, coalesce(g.key, '-') FROM doc_speakers ds JOIN documents d ON d.id = ds.doc_id LEFT JOIN speakers g ON g.id = ds.speaker_id`,
		`SELECT 'statement', d.doc, st.sid, coalesce(g.key, '-') FROM statements st JOIN documents d ON d.id = st.doc_id LEFT JOIN speakers g ON g.id = st.speaker_id`,
		`SELECT 'names', n.part, n.name, n.type, n.gender, n.by_name, n.unnamed, coalesce(g.key, '-'), n.articles, n.statements, n.weight
			FROM speaker_names n LEFT JOIN speakers g ON g.id = n.speaker_id`,
	} {
		rows, err := db.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var f []string
			for _, v := range vals {
				f = append(f, v.String)
			}
			out = append(out, strings.Join(f, "|"))
		}
		rows.Close()
	}
	// Document ids differ with the order of ingest: name descriptions'
	// keys and partitions by the document's own id.
	docs := map[string]string{}
	rows, err := db.QueryContext(context.Background(), "SELECT id, doc FROM documents")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, doc string
		if err := rows.Scan(&id, &doc); err != nil {
			t.Fatal(err)
		}
		docs[id] = doc
	}
	rows.Close()
	for i, l := range out {
		out[i] = docID.ReplaceAllStringFunc(l, func(m string) string { return "~" + docs[m[1:]] })
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

var docID = regexp.MustCompile(`~[0-9]+`)

// TestPutEqualsReidentify stores the articles one Put at a time in
// several orders, in batches, and replaces some: every store is the one a
// single Reidentify makes of a store written without identity rules.
func TestPutEqualsReidentify(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		docs := settleDocs()

		// The oracle: keys by name alone, then one full pass.
		oracle := b.open(t)
		legacyIdentity = true
		_, err := oracle.Put(ctx, docs)
		legacyIdentity = false
		if err != nil {
			t.Fatal(err)
		}
		if _, err := oracle.Reidentify(ctx); err != nil {
			t.Fatal(err)
		}
		want := collectionState(t, oracle)

		rng := rand.New(rand.NewPCG(4, 11))
		orders := [][]int{nil, nil, nil}
		for i := range docs {
			orders[0] = append(orders[0], i)
			orders[1] = append(orders[1], len(docs)-1-i)
		}
		orders[2] = rng.Perm(len(docs))
		for _, order := range orders {
			for _, batch := range []int{1, 4} {
				t.Run(fmt.Sprintf("order %v batch %d", order, batch), func(t *testing.T) {
					s := b.open(t)
					for i := 0; i < len(order); i += batch {
						var ds []output.Document
						for _, j := range order[i:min(i+batch, len(order))] {
							ds = append(ds, docs[j])
						}
						if _, err := s.Put(ctx, ds); err != nil {
							t.Fatal(err)
						}
					}
					if got := collectionState(t, s); got != want {
						t.Errorf("Put by Put:\n%s\nwant (Reidentify):\n%s", got, want)
					}
					st, err := s.Reidentify(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if st.Moved != 0 || st.Removed != 0 {
						t.Errorf("Reidentify after Put changed the store: %+v", st)
					}
				})
			}
		}

		// Replacing articles: a different version first, then the right one.
		t.Run("replaced", func(t *testing.T) {
			s := b.open(t)
			changed := []output.Document{
				article("t1", "2016-03-01", "Gazette", person{"Rob Tane", "person", m(), false, 1}),
				article("v2", "2016-02-02", "Courier", person{"Mara Vell", "person", output.Female, false, 3}),
			}
			if _, err := s.Put(ctx, append(slices.Clone(docs), changed...)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Put(ctx, docs); err != nil {
				t.Fatal(err)
			}
			if got := collectionState(t, s); got != want {
				t.Errorf("after replacing:\n%s\nwant:\n%s", got, want)
			}
		})
	})
}

func m() string { return output.Male }

// TestSettleRules checks what the store holds for each rule, on
// settleDocs stored in one Put.
func TestSettleRules(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, settleDocs()); err != nil {
			t.Fatal(err)
		}
		rows := map[string]string{}
		r, err := s.r.QueryContext(ctx, "SELECT key, name, type, gender, unnamed, n_statements FROM speakers")
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			var k, name, typ, g string
			var un bool
			var n int
			if err := r.Scan(&k, &name, &typ, &g, &un, &n); err != nil {
				t.Fatal(err)
			}
			rows[k] = fmt.Sprintf("%s/%s/%s/%v/%d", name, typ, g, un, n)
		}
		r.Close()
		id := func(doc string) string {
			var n int64
			if err := s.r.QueryRowContext(ctx, "SELECT id FROM documents WHERE doc = ?", doc).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(n)
		}
		tests := []struct {
			rule, key, want string
		}{
			{"surname alone and middle initial join the only full name", "dana holm", "Dana Holm/person/female/false/4"},
			{"two people of one surname stay apart", "ivo vell", "Ivo Vell/person/male/false/1"},
			{"... and so does their surname alone", "vell", "Vell/person/unknown/false/2"},
			{"a dominant person takes the surname", "rob tane", "Rob Tane/person/male/false/21"},
			{"the other person of the surname stays", "eve tane", "Eve Tane/person/female/false/1"},
			{"a gender conflict is unknown", "kim oro", "Kim Oro/person/unknown/false/2"},
			{"the majority gender wins, unknown not counted", "lee ash", "Lee Ash/person/male/false/3"},
			{"the article's evidence outweighs the first name", "sam reed", "Sam Reed/person/male/false/3"},
			{"the first name when nothing else", "jo lund", "Jo Lund/person/male/false/1"},
			{"an organization has no gender; case folds", "acme", "ACME/organization//false/3"},
			{"a description stays in its article", "~" + id("h1") + ":the company", "the company/organization//true/1"},
			{"... in each article", "~" + id("h3") + ":the company", "the company/organization//true/1"},
			{"a description of people", "~" + id("v2") + ":officials", "officials/person/unknown/true/1"},
			{"a name without a letter", "~" + id("g5") + ":", "--/other//true/1"},
		}
		for _, tt := range tests {
			if got := rows[tt.key]; got != tt.want {
				t.Errorf("%s: speaker %q = %q, want %q", tt.rule, tt.key, got, tt.want)
			}
		}
		for _, k := range []string{"holm", "tane", "officials", "the company"} {
			if _, ok := rows[k]; ok {
				t.Errorf("speaker %q should not exist: %v", k, rows)
			}
		}
	})
}

func TestCollectionGender(t *testing.T) {
	for _, tt := range []struct {
		f, m int
		want string
	}{{0, 0, "unknown"}, {1, 0, "female"}, {0, 2, "male"}, {3, 1, "female"}, {2, 2, "unknown"}, {1, 4, "male"}} {
		if got := CollectionGender(tt.f, tt.m); got != tt.want {
			t.Errorf("CollectionGender(%d, %d) = %q, want %q", tt.f, tt.m, got, tt.want)
		}
	}
}

// TestConcurrentPut has four writers, each with a store of its own, Put
// the articles one at a time into one PostgreSQL store at once: the
// partition locks make the result the one Reidentify gives.
func TestConcurrentPut(t *testing.T) {
	b := backend{name: "postgres", pg: true}
	loc := b.fresh(t)
	ctx := context.Background()
	docs := settleDocs()
	// More articles of the shared surnames, so that writers meet.
	for i := range 12 {
		docs = append(docs, article(fmt.Sprintf("x%d", i), "2016-05-01", "Gazette",
			person{[]string{"Holm", "Dana Holm", "Tane", "Vell"}[i%4], "person", output.UnknownGender, false, 1}))
	}
	oracle := b.open(t)
	legacyIdentity = true
	_, err := oracle.Put(ctx, docs)
	legacyIdentity = false
	if err != nil {
		t.Fatal(err)
	}
	if _, err := oracle.Reidentify(ctx); err != nil {
		t.Fatal(err)
	}
	want := collectionState(t, oracle)

	const writers = 4
	errs := make(chan error, writers)
	var stores []*Store
	for range writers {
		s, err := Open(ctx, loc)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	for w := range writers {
		go func() {
			for i := w; i < len(docs); i += writers {
				if _, err := stores[w].Put(ctx, []output.Document{docs[i]}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := collectionState(t, stores[0]); got != want {
		t.Errorf("concurrent Puts:\n%s\nwant:\n%s", got, want)
	}
}

// TestUpgradeToV4 writes a store as schema version 3 did (speakers keyed
// by name alone, so "the company" of two articles is one speaker; no
// genders, no description flags) and opens it: migration 4 marks the
// descriptions by their look, settles every partition, keeps genders
// unknown, and asks for the documents to be extracted again; storing
// them again fills the genders in.
func TestUpgradeToV4(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		loc := b.fresh(t)
		docs := settleDocs()
		s, err := Open(ctx, loc)
		if err != nil {
			t.Fatal(err)
		}
		legacyIdentity = true
		_, err = s.Put(ctx, docs)
		legacyIdentity = false
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		raw := b.raw(t, loc)
		for _, q := range slices.Concat(undoV5, undoV4) {
			if _, err := raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		b.setVersion(t, raw, 3)
		var n int
		if err := raw.QueryRow("SELECT count(*) FROM speakers WHERE key = 'the company'").Scan(&n); err != nil || n != 1 {
			t.Fatalf("version 3 store: %d speakers 'the company' (%v), want 1", n, err)
		}

		s, err = Open(ctx, loc)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if v := b.version(t, raw); v != len(migrations) {
			t.Errorf("version %d, want %d", v, len(migrations))
		}
		rows := map[string]string{}
		r, err := s.r.QueryContext(ctx, "SELECT key, gender, unnamed, n_statements FROM speakers")
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			var k, g string
			var un bool
			var n int
			if err := r.Scan(&k, &g, &un, &n); err != nil {
				t.Fatal(err)
			}
			rows[k] = fmt.Sprintf("%s/%v/%d", g, un, n)
		}
		r.Close()
		for _, tt := range []struct{ key, want string }{
			{"dana holm", "unknown/false/4"}, // joined, gender not known yet
			{"rob tane", "unknown/false/21"},
			{"acme", "/false/3"},
		} {
			if rows[tt.key] != tt.want {
				t.Errorf("after migration: speaker %q = %q, want %q", tt.key, rows[tt.key], tt.want)
			}
		}
		// "Officials" (capitalized) looks like a name to the rule of old
		// stores and stays a speaker "officials" until stored again; the
		// lower-case "officials" of v2 is a description.
		for k := range rows {
			if k == "the company" || k == "holm" {
				t.Errorf("after migration: speaker %q left", k)
			}
		}
		companies := 0
		for k, v := range rows {
			if strings.HasSuffix(k, ":the company") && v == "/true/1" {
				companies++
			}
		}
		if companies != 2 {
			t.Errorf("after migration: %d descriptions 'the company', want 2: %v", companies, rows)
		}
		if had, err := s.Has(ctx, "h1", TextHash(docs[0].Text)); err != nil || had {
			t.Errorf("Has(h1) after migration = %v, %v; want false (extract again for genders)", had, err)
		}
		// Stored again: the store a fresh Put gives.
		st, err := s.Put(ctx, docs)
		if err != nil {
			t.Fatal(err)
		}
		if st.Replaced != len(docs) {
			t.Errorf("Put again: %+v, want every document replaced", st)
		}
		fresh := b.open(t)
		if _, err := fresh.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		if got, want := collectionState(t, s), collectionState(t, fresh); got != want {
			t.Errorf("upgraded and stored again:\n%s\nwant:\n%s", got, want)
		}
		if had, err := s.Has(ctx, "h1", TextHash(docs[0].Text)); err != nil || !had {
			t.Errorf("Has(h1) after storing again = %v, %v; want true", had, err)
		}
	})
}
