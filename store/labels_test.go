package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/typeact"
)

// TestLabelListsMatchTypeact checks that the store accepts exactly the
// types and acts package typeact writes.
func TestLabelListsMatchTypeact(t *testing.T) {
	if got, want := Types(), typeact.Types(); !slices.Equal(got, want) {
		t.Errorf("store.Types() = %q, typeact.Types() = %q", got, want)
	}
	if got, want := Acts(), typeact.Acts(); !slices.Equal(got, want) {
		t.Errorf("store.Acts() = %q, typeact.Acts() = %q", got, want)
	}
}

// label is what labelled sets on one statement.
type label struct {
	typ, act string
	negated  bool
	quote    bool
	target   string // text of the target in the article, "" for none
	entity   string // the speaker the target names, by name, "" for none
}

// labelled returns d with its statements labelled as ls says, in order.
func labelled(t testing.TB, d output.Document, ls ...label) output.Document {
	t.Helper()
	off := output.NewOffsets(d.Text)
	ids := map[string]string{}
	for _, sp := range d.Speakers {
		ids[sp.Name] = sp.ID
	}
	for i, l := range ls {
		st := &d.Statements[i]
		st.Type, st.Act, st.Negated, st.Quote = l.typ, l.act, l.negated, l.quote
		if l.target != "" {
			k := strings.Index(d.Text, l.target)
			if k < 0 {
				t.Fatalf("labelled %s: target %q not in text", d.Doc, l.target)
			}
			st.Target = &output.Span{Spans: [][2]int{{off.CodePoint(k), off.CodePoint(k + len(l.target))}}, Text: l.target}
			if l.entity != "" {
				id, ok := ids[l.entity]
				if !ok {
					t.Fatalf("labelled %s: no speaker %q", d.Doc, l.entity)
				}
				st.Target.Entity = id
			}
		}
	}
	return d
}

// labelledFixture is fixture with every statement labelled: five
// statements of four types and four acts, two quotes, one negated, two
// targets (one naming a speaker).
func labelledFixture(t testing.TB) []output.Document {
	docs := fixture(t)
	docs[0] = labelled(t, docs[0],
		label{typ: "speech", act: "promise", quote: true},
		label{typ: "speech", act: "assert", target: "reporters"})
	docs[1] = labelled(t, docs[1],
		label{typ: "stance", act: "announce"},
		label{typ: "speech", act: "deny", quote: true, target: "Ana Souza", entity: "Ana Souza"})
	docs[2] = labelled(t, docs[2],
		label{typ: "thought", act: "assert", negated: true})
	return docs
}

// TestLabelsRoundTrip stores labelled statements and reads them back by
// Document and by Search: every label comes back as given.
func TestLabelsRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		docs := labelledFixture(t)
		if _, err := s.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		p, err := s.Search(ctx, Query{Limit: MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]Statement{}
		for _, st := range p.Statements {
			found[st.Doc+"/"+st.SID] = st
		}
		for _, d := range docs {
			got, err := s.Document(ctx, d.Doc)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Statements) != len(d.Statements) {
				t.Fatalf("Document(%s): %d statements, want %d", d.Doc, len(got.Statements), len(d.Statements))
			}
			for i, want := range d.Statements {
				for how, st := range map[string]Statement{"Document": got.Statements[i], "Search": found[d.Doc+"/"+want.ID]} {
					if st.Type != want.Type || st.Act != want.Act || st.Negated != want.Negated || st.Quote != want.Quote {
						t.Errorf("%s %s/%s: type %q act %q negated %v quote %v; want %q %q %v %v", how, d.Doc, want.ID,
							st.Type, st.Act, st.Negated, st.Quote, want.Type, want.Act, want.Negated, want.Quote)
					}
					gt, _ := json.Marshal(st.Target)
					wt, _ := json.Marshal(want.Target)
					if string(gt) != string(wt) {
						t.Errorf("%s %s/%s: target %s, want %s", how, d.Doc, want.ID, gt, wt)
					}
				}
			}
		}
	})
}

// TestLabelFilters searches by type, act and quotes, alone, together and
// with the other filters, in every order.
func TestLabelFilters(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, labelledFixture(t)); err != nil {
			t.Fatal(err)
		}
		const (
			harbour = "The harbour will reopen in spring,"
			ice     = "that the ice was thinner this year"
			toll    = "the bridge toll would be dropped"
			afford  = "We cannot afford it,"
			budget  = "the budget “a fair deal for the harbour,”"
		)
		tests := []struct {
			name string
			q    Query
			want []string
		}{
			{"type", Query{Type: []string{"speech"}, Sort: "oldest"}, []string{harbour, ice, afford}},
			{"types", Query{Type: []string{"thought", "stance"}, Sort: "oldest"}, []string{toll, budget}},
			{"type repeated", Query{Type: []string{"stance", "stance"}}, []string{toll}},
			{"type none", Query{Type: []string{"evidence"}}, nil},
			{"act", Query{Act: []string{"assert"}}, []string{budget, ice}},
			{"acts", Query{Act: []string{"deny", "promise"}, Sort: "oldest"}, []string{harbour, afford}},
			{"type and act", Query{Type: []string{"speech"}, Act: []string{"assert", "deny"}}, []string{afford, ice}},
			{"quotes", Query{Quotes: true}, []string{afford, harbour}},
			{"quotes oldest", Query{Quotes: true, Sort: "oldest"}, []string{harbour, afford}},
			{"quotes and act", Query{Quotes: true, Act: []string{"deny"}}, []string{afford}},
			{"quotes and kind", Query{Quotes: true, Kind: "indirect"}, nil},
			{"quotes and text", Query{Quotes: true, Text: "harbour"}, []string{harbour}},
			{"act and text", Query{Act: []string{"assert"}, Text: "harbour"}, []string{budget}},
			{"act, text, newest", Query{Act: []string{"assert", "promise"}, Text: "harbour", Sort: "newest"}, []string{budget, harbour}},
			{"type and speaker", Query{Type: []string{"speech"}, Speaker: "Ana Souza"}, []string{harbour}},
			{"type and outlet", Query{Type: []string{"speech"}, Outlet: "Courier"}, []string{afford}},
			{"act and dates", Query{Act: []string{"assert"}, From: "2016-10-01"}, []string{budget}},
			{"type and doc", Query{Type: []string{"speech"}, Doc: "harbour"}, []string{harbour, ice}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := s.Search(ctx, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				if got := contents(p); strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("Search(%+v) = %q, want %q", tt.q, got, tt.want)
				}
			})
		}
	})
}

// TestLabelValidation gives Search and Put bad labels: each is refused
// with an error naming the field and the value.
func TestLabelValidation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		queries := []struct {
			q    Query
			want string
		}{
			{Query{Type: []string{"shout"}}, `type: "shout" is not one of speech, writing`},
			{Query{Type: []string{"speech", ""}}, `type: "" is not one of`},
			{Query{Type: []string{"Speech"}}, `type: "Speech"`},
			{Query{Act: []string{"lie"}}, `act: "lie" is not one of assert, warn`},
			{Query{Act: []string{"deny", "speech"}}, `act: "speech"`},
		}
		for _, tt := range queries {
			err := tt.q.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate(%+v) = %v, want an error containing %q", tt.q, err, tt.want)
			}
			if _, err := s.Search(ctx, tt.q); err == nil {
				t.Errorf("Search(%+v) gave no error", tt.q)
			}
		}
		for _, ok := range []Query{{Type: Types()}, {Act: Acts()}, {Quotes: true}} {
			if err := ok.Validate(); err != nil {
				t.Errorf("Validate(%+v) = %v, want nil", ok, err)
			}
		}
		docs := []struct {
			name   string
			change func(d *output.Document)
			want   string
		}{
			{"type", func(d *output.Document) { d.Statements[0].Type = "shout" }, `statement "s1": type: "shout"`},
			{"act", func(d *output.Document) { d.Statements[1].Act = "lie" }, `statement "s2": act: "lie"`},
			{"target span", func(d *output.Document) {
				d.Statements[0].Target = &output.Span{Spans: [][2]int{{3, 9999}}, Text: "x"}
			}, `statement "s1": target: span [3 9999]`},
			{"target entity", func(d *output.Document) {
				d.Statements[0].Target = &output.Span{Spans: [][2]int{{0, 1}}, Text: "x", Entity: "e9"}
			}, `target entity "e9"`},
		}
		for _, tt := range docs {
			t.Run(tt.name, func(t *testing.T) {
				d := labelledFixture(t)[0]
				tt.change(&d)
				st, err := s.Put(ctx, []output.Document{d})
				if err != nil {
					t.Fatal(err)
				}
				if st.Invalid != 1 || len(st.Problems) != 1 || !strings.Contains(st.Problems[0].Error(), tt.want) {
					t.Errorf("Put = %+v (%v), want the document refused naming %q", st, st.Problems, tt.want)
				}
			})
		}
	})
}

// TestLabelStats counts statements by type and by act; unlabelled ones
// (an older whosaid's) are not counted.
func TestLabelStats(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		docs := labelledFixture(t)
		unl := mkDoc(t, "plain", "2016-12-01", "Courier", `Tomas Berg said nothing changed.`,
			said{"indirect", "Tomas Berg", "said", "nothing changed", "Tomas Berg"})
		if _, err := s.Put(ctx, append(docs, unl)); err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Statements != 6 {
			t.Errorf("Stats: %d statements, want 6", st.Statements)
		}
		if got, want := fmt.Sprint(st.Types), "[{speech 3} {stance 1} {thought 1}]"; got != want {
			t.Errorf("Stats.Types = %s, want %s", got, want)
		}
		if got, want := fmt.Sprint(st.Acts), "[{assert 2} {announce 1} {deny 1} {promise 1}]"; got != want {
			t.Errorf("Stats.Acts = %s, want %s", got, want)
		}
		empty := b.open(t)
		if st, err := empty.Stats(ctx); err != nil || st.Types == nil || st.Acts == nil || len(st.Types)+len(st.Acts) != 0 {
			t.Errorf("Stats of an empty store = %+v, %v; want empty, non-nil lists", st, err)
		}
	})
}

// TestLabelsReplace stores the same text twice with different labels: the
// second result replaces the rows, and storing it again changes nothing.
func TestLabelsReplace(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, fixture(t)); err != nil { // no labels, as an older whosaid wrote
			t.Fatal(err)
		}
		if p, _ := s.Search(ctx, Query{Act: []string{"assert"}}); len(p.Statements) != 0 {
			t.Fatalf("unlabelled statements matched act assert: %q", contents(p))
		}
		st, err := s.Put(ctx, labelledFixture(t))
		if err != nil {
			t.Fatal(err)
		}
		if st.Replaced != 3 || st.Statements != 5 {
			t.Errorf("Put of labelled results of the same texts = %+v, want 3 replaced, 5 statements", st)
		}
		p, err := s.Search(ctx, Query{Act: []string{"assert"}})
		if err != nil || len(p.Statements) != 2 {
			t.Errorf("after re-ingest, act assert: %q, %v; want 2", contents(p), err)
		}
		if st, _ := s.Stats(ctx); st.Statements != 5 || st.Documents != 3 {
			t.Errorf("after re-ingest: %+v, want 3 documents, 5 statements", st)
		}
		before := snapshot(t, s)
		if st, err := s.Put(ctx, labelledFixture(t)); err != nil || st.Unchanged != 3 {
			t.Errorf("Put again = %+v, %v; want 3 unchanged", st, err)
		}
		if after := snapshot(t, s); after != before {
			t.Errorf("a second Put changed the store:\n%s\n---\n%s", before, after)
		}
		// A label changed on one statement replaces its document.
		d := labelledFixture(t)[2]
		d.Statements[0].Negated, d.Statements[0].Act = false, "praise"
		if st, err := s.Put(ctx, []output.Document{d}); err != nil || st.Replaced != 1 {
			t.Errorf("Put with one act changed = %+v, %v; want 1 replaced", st, err)
		}
		p, err = s.Search(ctx, Query{Act: []string{"praise"}})
		if err != nil || len(p.Statements) != 1 || p.Statements[0].Negated {
			t.Errorf("act praise after the change: %+v, %v", p.Statements, err)
		}
	})
}

// setBack turns the store db into one of schema version v (1 or 2), as
// whosaid wrote it before migration 3: the label columns and their indexes
// gone, user_version v. (Version 1 differs from 2 only in its speaker keys,
// which the caller writes.)
// undoV4 takes migration 4 out of a store, in either dialect.
var undoV4 = []string{
	"DROP TABLE speaker_names", "DROP INDEX doc_speakers_part",
	"ALTER TABLE doc_speakers DROP COLUMN unnamed", "ALTER TABLE doc_speakers DROP COLUMN gender",
	"ALTER TABLE doc_speakers DROP COLUMN gender_evidence", "ALTER TABLE doc_speakers DROP COLUMN part",
	"ALTER TABLE doc_speakers DROP COLUMN n_statements",
	"ALTER TABLE speakers DROP COLUMN unnamed", "ALTER TABLE speakers DROP COLUMN gender",
}

// undoV5 takes migration 5, the people list, out of a store, in either
// dialect.
var undoV5 = []string{
	"DROP INDEX speakers_person", "ALTER TABLE speakers DROP COLUMN person_id",
	"ALTER TABLE speakers DROP COLUMN gender_evidence", "DROP TABLE people_names", "DROP TABLE people",
}

func setBack(t *testing.T, db *sql.DB, v int) {
	t.Helper()
	for _, q := range append(slices.Concat(undoV5, undoV4),
		"DROP INDEX statements_type", "DROP INDEX statements_act", "DROP INDEX statements_quote",
		"ALTER TABLE statements DROP COLUMN type", "ALTER TABLE statements DROP COLUMN act",
		"ALTER TABLE statements DROP COLUMN negated", "ALTER TABLE statements DROP COLUMN target",
		"ALTER TABLE statements DROP COLUMN target_spans", "ALTER TABLE statements DROP COLUMN target_entity",
		"ALTER TABLE statements DROP COLUMN quote", fmt.Sprintf("PRAGMA user_version = %d", v),
	) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestUpgradeFromV2 opens stores written before the labels existed: one
// made by the previous whosaid (testdata/v2.db: Open and Put of fixture(t)
// by package store at commit 39c5016, then journal_mode DELETE, page_size
// 1024 and VACUUM to make it one small file) and one set back to version 2
// here. Both are upgraded on Open, their statements keep NULL
// labels (unknown), which no filter matches, and storing the documents
// again fills them in.
func TestUpgradeFromV2(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		make func(t *testing.T, path string)
	}{
		{"written by the previous whosaid", func(t *testing.T, path string) { copyFile(t, filepath.Join("testdata", "v2.db"), path) }},
		{"set back to version 2", func(t *testing.T, path string) {
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Put(ctx, fixture(t)); err != nil {
				t.Fatal(err)
			}
			s.Close()
			db := rawDB(t, path)
			setBack(t, db, 2)
			db.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			tt.make(t, path)
			if _, err := OpenReadOnly(ctx, path); err == nil {
				t.Fatal("OpenReadOnly accepted a store of version 2")
			}
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var v int
			if err := s.r.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != len(migrations) {
				t.Fatalf("user_version = %d (%v), want %d", v, err, len(migrations))
			}
			var nulls int
			if err := s.r.QueryRow(`SELECT count(*) FROM statements WHERE type IS NULL AND act IS NULL AND negated IS NULL
				AND target IS NULL AND quote IS NULL`).Scan(&nulls); err != nil || nulls != 5 {
				t.Errorf("%d statements with unknown labels (%v), want all 5", nulls, err)
			}
			d, err := s.Document(ctx, "bridge")
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range d.Statements {
				if st.Type != "" || st.Act != "" || st.Negated || st.Quote || st.Target != nil {
					t.Errorf("old statement %s read as %+v, want no labels", st.SID, st)
				}
			}
			for _, q := range []Query{{Type: Types()}, {Act: Acts()}, {Quotes: true}} {
				if p, err := s.Search(ctx, q); err != nil || len(p.Statements) != 0 {
					t.Errorf("Search(%+v) on old rows = %q, %v; want none", q, contents(p), err)
				}
			}
			if st, err := s.Stats(ctx); err != nil || st.Statements != 5 || len(st.Types) != 0 || len(st.Acts) != 0 {
				t.Errorf("Stats = %+v, %v; want 5 statements, no types or acts counted", st, err)
			}
			docs := labelledFixture(t)
			for _, d := range docs {
				if ok, err := s.Has(ctx, d.Doc, TextHash(d.Text)); err != nil || ok {
					t.Errorf("Has(%s) on an old row = %v, %v; want false, so that ingest extracts it again", d.Doc, ok, err)
				}
			}
			st, err := s.Put(ctx, docs)
			if err != nil || st.Replaced != 3 {
				t.Fatalf("re-ingest = %+v, %v; want 3 replaced", st, err)
			}
			for _, d := range docs {
				if ok, err := s.Has(ctx, d.Doc, TextHash(d.Text)); err != nil || !ok {
					t.Errorf("Has(%s) after re-ingest = %v, %v; want true", d.Doc, ok, err)
				}
			}
			if p, err := s.Search(ctx, Query{Quotes: true}); err != nil || len(p.Statements) != 2 {
				t.Errorf("quotes after re-ingest = %q, %v; want 2", contents(p), err)
			}
			if r, err := OpenReadOnly(ctx, path); err != nil {
				t.Errorf("OpenReadOnly after the upgrade: %v", err)
			} else {
				r.Close()
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := sql.Open("sqlite", "file:"+from+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := src.Exec("VACUUM INTO ?", to); err != nil {
		t.Fatalf("copy %s to %s: %v", from, to, err)
	}
}
