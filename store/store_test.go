package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store/synth"
)

// said describes one statement of a test article by its texts; mkDoc finds
// them in the article text.
type said struct {
	kind, source, cue, content, speaker string
}

// mkDoc builds a document the way extraction would, spans in code points.
func mkDoc(t testing.TB, id, date, outlet, text string, ss ...said) output.Document {
	t.Helper()
	off := output.NewOffsets(text)
	find := func(s string) *output.Span {
		if s == "" {
			return nil
		}
		i := strings.Index(text, s)
		if i < 0 {
			t.Fatalf("mkDoc %s: %q not in text", id, s)
		}
		return &output.Span{Spans: [][2]int{{off.CodePoint(i), off.CodePoint(i + len(s))}}, Text: s}
	}
	d := output.Document{Doc: id, Text: text, Meta: map[string]json.RawMessage{}}
	if date != "" {
		d.Meta["date"] = json.RawMessage(`"` + date + `"`)
	}
	if outlet != "" {
		d.Meta["outlet"] = json.RawMessage(`"` + outlet + `"`)
	}
	ents := map[string]string{}
	for i, s := range ss {
		st := output.Statement{ID: fmt.Sprintf("s%d", i+1), Kind: s.kind, Cue: find(s.cue), Source: find(s.source), Content: find(s.content)}
		if s.speaker != "" {
			eid, ok := ents[s.speaker]
			if !ok {
				eid = fmt.Sprintf("e%d", len(ents)+1)
				ents[s.speaker] = eid
				sp := output.Speaker{ID: eid, Name: s.speaker, Type: "person", Titles: []string{}, Unnamed: looksUnnamed(s.speaker)}
				if st.Source != nil {
					sp.Mentions = [][2]int{st.Source.Spans[0]}
				}
				d.Speakers = append(d.Speakers, sp)
			}
			st.Speaker = &output.SpeakerRef{ID: eid, Name: s.speaker}
		}
		d.Statements = append(d.Statements, st)
	}
	return d
}

// fixture returns three small invented articles.
func fixture(t testing.TB) []output.Document {
	a := mkDoc(t, "harbour", "2016-09-12", "Gazette",
		`“The harbour will reopen in spring,” said Mayor Ana Souza. Fishermen told reporters that the ice was thinner this year.`,
		said{"direct", "Mayor Ana Souza", "said", "The harbour will reopen in spring,", "Ana Souza"},
		said{"indirect", "Fishermen", "told", "that the ice was thinner this year", "Fishermen"})
	b := mkDoc(t, "bridge", "2016-10-03", "Courier",
		`Ana Souza said the bridge toll would be dropped. “We cannot afford it,” the café owner Zoë Ŀin added — twice.`,
		said{"indirect", "Ana Souza", "said", "the bridge toll would be dropped", "Ana Souza"},
		said{"direct", "the café owner Zoë Ŀin", "added", "We cannot afford it,", "Zoë Ŀin"})
	c := mkDoc(t, "budget", "2016-11-20", "Gazette",
		`The council voted on Tuesday. Souza called the budget “a fair deal for the harbour,” and left.`,
		said{"mixed", "Souza", "called", "the budget “a fair deal for the harbour,”", "Ana Souza"})
	return []output.Document{a, b, c}
}

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func contents(p Page) []string {
	var out []string
	for _, s := range p.Statements {
		out = append(out, s.Content.Text)
	}
	return out
}

func TestSearch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		st, err := s.Put(ctx, fixture(t))
		if err != nil {
			t.Fatal(err)
		}
		if st.Added != 3 || st.Statements != 5 {
			t.Fatalf("Put = %+v, want 3 added, 5 statements", st)
		}
		souza, err := s.Speakers(ctx, SpeakerQuery{Name: "souza"})
		if err != nil || len(souza.Speakers) != 1 {
			t.Fatalf("Speakers(souza) = %+v, %v", souza, err)
		}
		sid := souza.Speakers[0].ID
		tests := []struct {
			name string
			q    Query
			want []string
		}{
			{"text", Query{Text: "harbour"}, []string{"The harbour will reopen in spring,", "the budget “a fair deal for the harbour,”"}},
			{"phrase", Query{Text: `"fair deal"`}, []string{"the budget “a fair deal for the harbour,”"}},
			{"prefix", Query{Text: "thin*"}, []string{"that the ice was thinner this year"}},
			{"or", Query{Text: "toll OR ice", Sort: "oldest"}, []string{"that the ice was thinner this year", "the bridge toll would be dropped"}},
			{"not", Query{Text: "harbour -budget"}, []string{"The harbour will reopen in spring,"}},
			{"diacritics folded", Query{Text: "cafe"}, []string{"We cannot afford it,"}},
			{"speaker id", Query{SpeakerID: sid, Sort: "oldest"}, []string{"The harbour will reopen in spring,", "the bridge toll would be dropped", "the budget “a fair deal for the harbour,”"}},
			{"speaker name", Query{Speaker: "ana souza", Kind: "indirect"}, []string{"the bridge toll would be dropped"}},
			{"speaker last name", Query{Text: "harbour", Speaker: "Souza", Sort: "oldest"}, []string{"The harbour will reopen in spring,", "the budget “a fair deal for the harbour,”"}},
			{"speaker first name", Query{Speaker: "ana", Kind: "indirect"}, []string{"the bridge toll would be dropped"}},
			{"speaker part of a word", Query{Speaker: "sou"}, nil},
			{"date range", Query{From: "2016-10-01", To: "2016-10-31", Sort: "oldest"}, []string{"the bridge toll would be dropped", "We cannot afford it,"}},
			{"outlet newest", Query{Outlet: "Gazette"}, []string{"the budget “a fair deal for the harbour,”", "that the ice was thinner this year", "The harbour will reopen in spring,"}},
			{"kind", Query{Kind: "mixed"}, []string{"the budget “a fair deal for the harbour,”"}},
			{"doc", Query{Doc: "bridge"}, []string{"the bridge toll would be dropped", "We cannot afford it,"}},
			{"nothing", Query{Text: "volcano"}, nil},
			{"punctuation only", Query{Text: `"" - * (`}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := s.Search(ctx, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				got := contents(p)
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("Search(%+v) = %q, want %q", tt.q, got, tt.want)
				}
			})
		}

		p, err := s.Search(ctx, Query{Text: "harbour", Sort: "oldest"})
		if err != nil {
			t.Fatal(err)
		}
		var marked []string
		for _, seg := range p.Statements[0].Snippet {
			if seg.Match {
				marked = append(marked, seg.Text)
			}
		}
		if strings.Join(marked, ",") != "harbour" {
			t.Errorf("snippet %+v: marked %q, want [harbour]", p.Statements[0].Snippet, marked)
		}
		// A speaker's search comes newest first, snippets filled in afterwards.
		ps, err := s.Search(ctx, Query{Text: "harbour", Speaker: "Ana Souza"})
		if err != nil {
			t.Fatal(err)
		}
		if got := contents(ps); len(got) != 2 || got[0] != "the budget “a fair deal for the harbour,”" {
			t.Errorf("speaker + text search = %q, want the 2016-11-20 statement first", got)
		}
		for _, st := range ps.Statements {
			n := 0
			for _, seg := range st.Snippet {
				if seg.Match && strings.EqualFold(seg.Text, "harbour") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("speaker + text search: snippet %+v marks harbour %d times, want 1", st.Snippet, n)
			}
		}
		if sp := p.Statements[0].Speaker; sp == nil || sp.Name != "Ana Souza" || sp.Global != sid {
			t.Errorf("speaker = %+v, want Ana Souza/%d", sp, sid)
		}
	})
}

func TestSearchPagination(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, fixture(t)); err != nil {
			t.Fatal(err)
		}
		var all []string
		for off := 0; ; off += 2 {
			p, err := s.Search(ctx, Query{Limit: 2, Offset: off, Sort: "oldest"})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, contents(p)...)
			if !p.More {
				break
			}
		}
		if len(all) != 5 {
			t.Errorf("paged through %d statements, want 5: %q", len(all), all)
		}
		p, err := s.Search(ctx, Query{Limit: 100000})
		if err != nil || p.Limit != MaxLimit {
			t.Errorf("limit 100000: Limit = %d, %v; want %d", p.Limit, err, MaxLimit)
		}
	})
}

func TestValidate(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		bad := []Query{
			{From: "2016-13-01"}, {To: "yesterday"}, {From: "2016-10-02", To: "2016-10-01"},
			{Kind: "shouted"}, {Sort: "random"}, {Sort: "relevance"}, {Limit: -1}, {Offset: -3},
			{Offset: MaxOffset + 1}, {Text: strings.Repeat("x", 1001)},
		}
		s := b.open(t)
		for _, q := range bad {
			if _, err := s.Search(context.Background(), q); err == nil {
				t.Errorf("Search(%+v) gave no error", q)
			}
		}
	})
}

func TestIdempotentAndReplace(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		docs := fixture(t)
		if _, err := s.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, s)
		st, err := s.Put(ctx, fixture(t))
		if err != nil {
			t.Fatal(err)
		}
		if st.Unchanged != 3 || st.Added+st.Replaced != 0 {
			t.Errorf("second Put = %+v, want 3 unchanged", st)
		}
		if after := snapshot(t, s); after != before {
			t.Errorf("second Put changed the store:\n%s\n---\n%s", before, after)
		}

		// A changed text replaces the document's statements.
		nd := mkDoc(t, "budget", "2016-12-01", "Gazette",
			`Fishermen said the new budget ignores them.`,
			said{"indirect", "Fishermen", "said", "the new budget ignores them", "Fishermen"})
		st, err = s.Put(ctx, []output.Document{nd})
		if err != nil {
			t.Fatal(err)
		}
		if st.Replaced != 1 {
			t.Errorf("Put changed doc = %+v, want 1 replaced", st)
		}
		if p, _ := s.Search(ctx, Query{Text: "fair deal"}); len(p.Statements) != 0 {
			t.Errorf("old statement still found: %q", contents(p))
		}
		if p, _ := s.Search(ctx, Query{Text: "ignores"}); len(p.Statements) != 1 {
			t.Errorf("new statement not found: %q", contents(p))
		}
		sp, _ := s.Speakers(ctx, SpeakerQuery{})
		got := map[string]Speaker{}
		for _, x := range sp.Speakers {
			got[x.Name] = x
		}
		if x := got["Ana Souza"]; x.Statements != 2 || x.Documents != 2 || x.LastDate != "2016-10-03" || x.FirstDate != "2016-09-12" {
			t.Errorf("Ana Souza after replace = %+v, want 2 statements, 2 docs, 2016-09-12..2016-10-03", x)
		}
		if x := got["Fishermen"]; x.Statements != 2 || x.Documents != 2 || x.LastDate != "2016-12-01" {
			t.Errorf("Fishermen after replace = %+v, want 2 statements, 2 docs, last 2016-12-01", x)
		}
		if _, err := s.w.Exec("INSERT INTO statements_fts(statements_fts, rank) VALUES ('integrity-check', 1)"); !b.pg && err != nil {
			t.Errorf("full-text index integrity check after replace: %v", err)
		}
		// Replacing everything by documents with no statements empties the index.
		for i := range docs {
			docs[i].Statements, docs[i].Speakers = nil, nil
		}
		if _, err := s.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		if sp, _ := s.Speakers(ctx, SpeakerQuery{}); len(sp.Speakers) != 0 {
			t.Errorf("speakers left after removing all statements: %+v", sp.Speakers)
		}
	})
}

// snapshot renders everything a reader can see.
func snapshot(t testing.TB, s *Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "%+v\n", st)
	p, err := s.Search(ctx, Query{Limit: MaxLimit, Sort: "oldest"})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range p.Statements {
		j, _ := json.Marshal(x)
		b.Write(j)
		b.WriteByte('\n')
	}
	sp, err := s.Speakers(ctx, SpeakerQuery{Limit: MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "%+v\n", sp)
	return b.String()
}

func TestDocument(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		docs := fixture(t)
		if _, err := s.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		d, err := s.Document(ctx, "bridge")
		if err != nil {
			t.Fatal(err)
		}
		if d.Text != docs[1].Text || d.Date != "2016-10-03" || d.Outlet != "Courier" || d.TextHash != TextHash(docs[1].Text) {
			t.Errorf("Document = %+v", d)
		}
		if len(d.Statements) != 2 || len(d.Speakers) != 2 {
			t.Fatalf("Document has %d statements, %d speakers; want 2, 2", len(d.Statements), len(d.Speakers))
		}
		// Spans are code points: the stored span must cut the same text.
		runes := []rune(d.Text)
		for _, st := range d.Statements {
			for _, sp := range []*output.Span{st.Cue, st.Source, st.Content} {
				r := sp.Spans[0]
				if got := string(runes[r[0]:r[1]]); got != sp.Text {
					t.Errorf("span %v cuts %q, text says %q", r, got, sp.Text)
				}
			}
		}
		if d.Speakers[1].Name != "Zoë Ŀin" || d.Speakers[1].Global == 0 {
			t.Errorf("speaker 2 = %+v", d.Speakers[1])
		}
		if _, err := s.Document(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Document(nope) error = %v, want ErrNotFound", err)
		}
		if _, err := s.Speaker(ctx, 9999); !errors.Is(err, ErrNotFound) {
			t.Errorf("Speaker(9999) error = %v, want ErrNotFound", err)
		}
		tl, err := s.Timeline(ctx, d.Speakers[0].Global)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(tl) != "[{2016-09 1} {2016-10 1} {2016-11 1}]" {
			t.Errorf("Timeline = %v", tl)
		}
	})
}

func TestErrorDocumentsSkipped(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t)
		st, err := s.Put(context.Background(), []output.Document{{Doc: "x", Error: "unreadable"}})
		if err != nil || st.Skipped != 1 {
			t.Errorf("Put(error doc) = %+v, %v; want 1 skipped", st, err)
		}
		// A document without an id is refused alone (see TestPutRefusesInvalid).
		st, err = s.Put(context.Background(), []output.Document{{Doc: ""}})
		if err != nil || st.Invalid != 1 || len(st.Problems) != 1 {
			t.Errorf("Put(doc without id) = %+v, %v; want 1 invalid", st, err)
		}
	})
}

func TestConcurrentReaders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		var wg sync.WaitGroup
		errc := make(chan error, 16)
		stop := make(chan struct{})
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					p, err := s.Search(ctx, Query{Text: "harbour"})
					if err != nil {
						errc <- err
						return
					}
					// A batch is all or nothing: 0 or 2 hits per generation.
					if n := len(p.Statements); n%2 != 0 {
						errc <- fmt.Errorf("reader saw %d hits, a half-written batch", n)
						return
					}
				}
			}()
		}
		for i := 0; i < 30; i++ {
			docs := fixture(t)
			for j := range docs {
				docs[j].Doc = fmt.Sprintf("%s-%d", docs[j].Doc, i)
			}
			if _, err := s.Put(ctx, docs); err != nil {
				t.Fatal(err)
			}
		}
		close(stop)
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Error(err)
		}
	})
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	if _, err := OpenReadOnly(ctx, path); err == nil {
		t.Error("OpenReadOnly of a missing file gave no error")
	}
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Put(ctx, fixture(t)); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Put(ctx, fixture(t)); err == nil {
		t.Error("Put on a read-only store gave no error")
	}
	if st, err := r.Stats(ctx); err != nil || st.Statements != 5 {
		t.Errorf("Stats = %+v, %v", st, err)
	}
	w.Close()
	// Reopening migrates nothing and keeps the data.
	w, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if st, _ := w.Stats(ctx); st.Documents != 3 {
		t.Errorf("after reopen: %d documents, want 3", st.Documents)
	}
}

func TestNameKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Maria Zakharova", "maria zakharova"},
		{"  MARIA   zakharova ", "maria zakharova"},
		{"Mr. Trump", "trump"},
		{"President Obama", "obama"},
		{"President", "president"},
		{"Trump's", "trump"},
		{"O'Brien", "obrien"},
		{"Zoë Ŀin", "zoë ŀin"},
		{"--", ""},
		{"1999", ""},
		{"", ""},

		// A single middle initial is dropped.
		{"Donald J. Trump", "donald trump"},
		{"Donald Trump", "donald trump"},
		{"DONALD J TRUMP", "donald trump"},
		{"President Donald J. Trump", "donald trump"},
		{"Donald J. Trump's", "donald trump"},
		{"John F. Kerry", "john kerry"},
		{"George W. Bush", "george bush"},
		{"Владимир В. Путин", "владимир путин"},
		{"Κώστας Κ. Καραμανλής", "κώστας καραμανλής"},
		// Two initials, a middle name, or an initial beside a middle name stay.
		{"George H. W. Bush", "george h w bush"},
		{"George H.W. Bush", "george h w bush"},
		{"Hillary Rodham Clinton", "hillary rodham clinton"},
		{"Mary Jo B. Smith", "mary jo b smith"},
		{"Jean-Claude J. Juncker", "jean claude j juncker"},
		// Suffixes are kept; the initial before one is dropped.
		{"Donald J. Trump Jr.", "donald trump jr"},
		{"Donald Trump, Jr.", "donald trump jr"},
		{"Donald Trump Sr.", "donald trump sr"},
		{"John F. Kennedy III", "john kennedy iii"},
		{"Martin Luther King III", "martin luther king iii"},
		{"John F. Jr.", "john f jr"},
		// An initial that is the first or last name stays.
		{"J. Robert Oppenheimer", "j robert oppenheimer"},
		{"J. Smith", "j smith"},
		{"Mr. J. Smith", "j smith"},
		{"Donald J.", "donald j"},
		{"J.", "j"},
		{"J", "j"},
		{"Trump", "trump"},
		// Only a cased letter is an initial: no digit, no Han character.
		{"Area 5 Smith", "area 5 smith"},
		{"毛 泽 东", "毛 泽 东"},
		{"习近平", "习近平"},
		{"Kim Jong Un", "kim jong un"},
		// Case and periods are gone from the key: a particle goes like an initial.
		{"Juan y Pérez", "juan pérez"},
	}
	for _, tt := range tests {
		if got := NameKey(tt.in); got != tt.want {
			t.Errorf("NameKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2016-09-25", "2016-09-25"},
		{"2016-09-25T10:00:00Z", "2016-09-25"},
		{"2016-09-25T10:00:00+02:00", "2016-09-25"},
		{"September 25, 2016", "2016-09-25"},
		{"2016/09/25", "2016-09-25"},
		{"2016-02-30", ""},
		{"last week", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeDate(tt.in); got != tt.want {
			t.Errorf("NormalizeDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMetaFromName(t *testing.T) {
	d := output.Document{Doc: "gazette_2016-09-12_harbour-reopens"}
	m := readMeta(&d)
	if m.outlet != "gazette" || m.date != "2016-09-12" {
		t.Errorf("readMeta(%s) = %+v", d.Doc, m)
	}
}

func TestMatchQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"aleppo", `"aleppo"`},
		{"aleppo ceasefire", `"aleppo" AND "ceasefire"`},
		{`"fair deal" harbour`, `"fair deal" AND "harbour"`},
		{"thin*", `"thin"*`},
		{"a b OR c", `"a" AND ("b" OR "c")`},
		{"harbour -budget", `("harbour") NOT "budget"`},
		{"U.S.", `"U S"`},
		{`say "unclosed`, `"say" AND "unclosed"`},
		{"OR", ""},
		{"-x", ""},
		{`" * ( ) : ^`, ""},
		{"NEAR(a b)", `"NEAR a" AND "b"`},
		// A repeated term counts once.
		{"a* a* a*", `"a"*`},
		{"harbour Harbour HARBOUR", `"harbour"`},
		{"a b a", `"a" AND "b"`},
		{"a OR a OR b", `("a" OR "b")`},
		{"a OR b a OR b", `("a" OR "b")`},
		{"a b OR a", `"a" AND ("b" OR "a")`},
		{"x -y -y", `("x") NOT "y"`},
		{`"a b" "a b" a`, `"a b" AND "a"`},
	}
	for _, tt := range tests {
		if got := MatchQuery(tt.in); got != tt.want {
			t.Errorf("MatchQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzMatchQuery checks that whatever is typed into the search box becomes
// a query FTS5 accepts.
func FuzzMatchQuery(f *testing.F) {
	for _, s := range []string{"aleppo", `"fair deal" -x OR y*`, "NEAR(a b)", `a:b ^c "`, "OR OR -", "\x00\xff"} {
		f.Add(s)
	}
	s := openTemp(f)
	if _, err := s.Put(context.Background(), fixture(f)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 1000 {
			return
		}
		// Beyond the limits of a search: refused, never run.
		if _, err := s.Search(context.Background(), Query{Text: in}); err != nil && !errors.Is(err, ErrSearchTooBroad) {
			t.Errorf("Search(%q) [match %q]: %v", in, MatchQuery(in), err)
		}
	})
}

// TestSameDocTwiceInBatch stores two versions of one document in one batch:
// the second wins and the full-text index holds only its statements.
func TestSameDocTwiceInBatch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		docs := fixture(t)
		v2 := mkDoc(t, "harbour", "2016-09-13", "Gazette", `Tomas Berg said the quay was flooded.`,
			said{"indirect", "Tomas Berg", "said", "the quay was flooded", "Tomas Berg"})
		st, err := s.Put(ctx, []output.Document{docs[0], v2})
		if err != nil {
			t.Fatal(err)
		}
		if st.Added != 1 || st.Replaced != 1 {
			t.Errorf("Put = %+v, want 1 added, 1 replaced", st)
		}
		for q, want := range map[string]int{"harbour": 0, "ice": 0, "flooded": 1} {
			p, err := s.Search(ctx, Query{Text: q})
			if err != nil || len(p.Statements) != want {
				t.Errorf("Search(%q) = %q, %v; want %d hits", q, contents(p), err, want)
			}
		}
		if _, err := s.w.Exec("INSERT INTO statements_fts(statements_fts, rank) VALUES ('integrity-check', 1)"); !b.pg && err != nil {
			t.Errorf("full-text index integrity check: %v", err)
		}
	})
}

// FuzzNameKey checks that a key is its own key and holds only lower-case
// letters, digits and single spaces.
func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Maria Zakharova", "Mr. Trump's", "O'Brien", "Zoë Ŀin", "  ", "\xff", "Mr Mr",
		"Donald J. Trump Jr.", "a b c jr jr", "George H. W. Bush", "Mr. A. B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		k := NameKey(name)
		if k2 := NameKey(k); k2 != k {
			t.Errorf("NameKey(%q) = %q, but NameKey(%q) = %q", name, k, k, k2)
		}
		if strings.Contains(k, "  ") || strings.TrimSpace(k) != k {
			t.Errorf("NameKey(%q) = %q: stray spaces", name, k)
		}
	})
}

// TestOpenReadOnlyMissing opens stores that do not exist: the error is
// ErrNotExist (and fs.ErrNotExist), names the file, and no file is created.
func TestOpenReadOnlyMissing(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, path string }{
		{"missing file", filepath.Join(dir, "whosaid.db")},
		{"missing directory", filepath.Join(dir, "no", "such", "whosaid.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenReadOnly(context.Background(), tt.path)
			if err == nil {
				s.Close()
				t.Fatalf("OpenReadOnly(%s) gave no error", tt.path)
			}
			if !errors.Is(err, ErrNotExist) || !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("OpenReadOnly(%s) = %v, want ErrNotExist wrapping fs.ErrNotExist", tt.path, err)
			}
			want := tt.path + ": no such store (create it with 'whosaid ingest')"
			if err.Error() != want {
				t.Errorf("OpenReadOnly error = %q, want %q", err, want)
			}
			if _, err := os.Stat(tt.path); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("OpenReadOnly created %s (stat: %v)", tt.path, err)
			}
		})
	}
}

// TestSearchLimits runs searches beyond the limits, which are refused at
// once with ErrSearchTooBroad, and searches within them.
func TestSearchLimits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		words := func(n int, f func(i int) string) string {
			var w []string
			for i := 0; i < n; i++ {
				w = append(w, f(i))
			}
			return strings.Join(w, " ")
		}
		letters := "abcdefghijklmnopqrstuvwxyz"
		tests := []struct {
			name, text string
			refused    bool
		}{
			{"333 one-letter prefixes", strings.TrimSpace(strings.Repeat("a* ", 333)), true},
			{"one-letter prefix", "harbour t*", true},
			{"one-letter prefix excluded", "harbour -t*", true},
			{"one-letter prefix in OR", "harbour OR t*", true},
			{"too many words", words(MaxSearchWords+1, func(i int) string { return "w" + letters[i:i+1] }), true},
			{"too many words in a phrase", `"` + strings.Repeat("the ", MaxSearchWords+1) + `"`, true},
			{"too many prefixes", words(MaxSearchPrefixes+1, func(i int) string { return "h" + letters[i:i+1] + "*" }), true},
			{"as many words as allowed", words(MaxSearchWords, func(i int) string { return "w" + letters[i:i+1] }), false},
			{"as many prefixes as allowed", words(MaxSearchPrefixes, func(i int) string { return "h" + letters[i:i+1] + "*" }), false},
			{"120 times one word", strings.TrimSpace(strings.Repeat("harbour ", 120)), false},
			{"200 times one prefix", strings.TrimSpace(strings.Repeat("ha* ", 200)), false},
			{"two-letter prefix", "th*", false},
			{"one letter, no prefix", "a", false},
		}
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, fixture(t)); err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Search(ctx, Query{Text: tt.text})
				if tt.refused != errors.Is(err, ErrSearchTooBroad) {
					t.Errorf("Search(%.40q) error = %v, want refused: %v", tt.text, err, tt.refused)
				}
				if !tt.refused && err != nil {
					t.Errorf("Search(%.40q): %v", tt.text, err)
				}
				q := Query{Text: tt.text}
				if err := q.Validate(); (err != nil) != tt.refused || (err != nil && !strings.HasPrefix(err.Error(), "q: ")) {
					t.Errorf("Validate(%.40q) = %v, want an error naming q: %v", tt.text, err, tt.refused)
				}
			})
		}
	})
}

// TestSearchBudget gives searches a time budget: one that runs out of it
// is stopped and fails with ErrSearchTooSlow, soon after the budget; the
// caller's own cancellation is reported as such.
func TestSearchBudget(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		c := synth.New(5, 500)
		var docs []output.Document
		for i := 0; i < 2000; i++ {
			docs = append(docs, c.Doc(i))
		}
		if _, err := s.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		// Four common prefixes in date order: every match is collected first.
		slow := Query{Text: "ka* OR lo* OR mi* OR te*", Sort: "newest", Offset: MaxOffset, Budget: time.Minute}
		start := time.Now()
		if _, err := s.Search(ctx, slow); err != nil {
			t.Fatal(err)
		}
		full := time.Since(start)
		budget := full / 10
		slow.Budget = budget
		start = time.Now()
		_, err := s.Search(ctx, slow)
		took := time.Since(start)
		if !errors.Is(err, ErrSearchTooSlow) {
			t.Errorf("Search with a budget of %v (the search takes %v): error %v, want ErrSearchTooSlow", budget, full, err)
		}
		if took > budget+full/2+100*time.Millisecond {
			t.Errorf("Search with a budget of %v took %v (%v without): not stopped", budget, took, full)
		}
		t.Logf("search %v; with a budget of %v: stopped after %v", full, budget, took)

		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Search(cctx, Query{Text: "ka*"}); !errors.Is(err, context.Canceled) || errors.Is(err, ErrSearchTooSlow) {
			t.Errorf("Search with a cancelled context: %v, want context.Canceled", err)
		}
	})
}
