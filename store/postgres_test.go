package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store/synth"
)

func TestIsPostgres(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"postgres://u@h/db", true},
		{"postgresql://u@h/db", true},
		{"POSTGRES://h/db", true},
		{"whosaid.db", false},
		{"/data/postgres://x", false},
		{"postgres.db", false},
		{"file:whosaid.db", false},
		{"mysql://h/db", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsPostgres(tt.in); got != tt.want {
			t.Errorf("IsPostgres(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParsePostgres(t *testing.T) {
	tests := []struct {
		in, desc, password string
		timeout            string // connect_timeout of the URL given to pgx
		err                bool
	}{
		{"postgres://whosaid:sekrit@127.0.0.1:5432/news?sslmode=disable", "postgres://whosaid@127.0.0.1:5432/news", "sekrit", "10", false},
		{"postgresql://ann@db.example.org/news", "postgres://ann@db.example.org/news", "", "10", false},
		{"postgres://ann@db/news?connect_timeout=3", "postgres://ann@db/news", "", "3", false},
		{"postgres:///news?host=/run/postgresql&user=ann&password=pw123", "postgres://ann@%2Frun%2Fpostgresql/news", "pw123", "10", false},
		{"postgres://h/?dbname=news", "postgres://h/news", "", "10", false},
		{"postgres://ann:bad%zzpass@db.example.org:5432/news", "postgres://…@db.example.org:5432/news", "", "", true},
		{"postgres://ann:se cret@[::1/news", "postgres://…@[::1/news", "", "", true},
		// A password holding "@" or ":" is taken up to the last "@", as
		// libpq does, and kept out of the description.
		{"postgres://ann:p@ss:w@db/news", "postgres://ann@db/news", "p@ss:w", "10", false},
		{"postgres://0000000:000@@0/0", "postgres://0000000@0/0", "000@", "10", false},
		// A user name with "@" and a password with "/": the password
		// lands in the port and the path, and the URL is malformed.
		{"postgres://ann@srv:5432/pw@db/news", "postgres://…@db/news", "", "", true},
		{"postgres://@:000/@0/0?0", "postgres://…@0/0", "", "", true},
		{"postgres://ann@db/we%40work", "postgres://ann@db/we@work", "", "10", false},
	}
	for _, tt := range tests {
		tg, u, err := parsePostgres(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("parsePostgres(%q) error = %v, want error: %v", tt.in, err, tt.err)
			continue
		}
		if tg.desc != tt.desc || tg.password != tt.password {
			t.Errorf("parsePostgres(%q) = %q, password %q; want %q, %q", tt.in, tg.desc, tg.password, tt.desc, tt.password)
		}
		if err != nil {
			if !errors.Is(err, ErrConnect) || strings.Contains(err.Error(), "pass") || strings.Contains(err.Error(), "cret") {
				t.Errorf("parsePostgres(%q) error %q: want ErrConnect, no password", tt.in, err)
			}
			continue
		}
		pu, perr := url.Parse(u)
		if perr != nil || pu.Query().Get("connect_timeout") != tt.timeout {
			t.Errorf("parsePostgres(%q) gives pgx %q, want connect_timeout=%s", tt.in, u, tt.timeout)
		}
	}
}

// FuzzParsePostgres builds URLs with a password from fuzzed parts: taking
// them apart never panics, and neither the description nor an error holds
// the password.
func FuzzParsePostgres(f *testing.F) {
	f.Add("whosaid", "sekrit", "127.0.0.1:5432", "news", "sslmode=disable")
	f.Add("a", "p@ss:w/rd", "h", "d", "")
	f.Add("", "%zz", "[::1", "", "password=x")
	f.Add("u", "pw", "h", "d?x", "a=%")
	f.Fuzz(func(t *testing.T, user, password, host, db, query string) {
		in := "postgres://" + user + ":" + password + "@" + host + "/" + db
		if query != "" {
			in += "?" + query
		}
		tg, _, err := parsePostgres(in)
		// Only a password that shows nowhere else can be told apart: not
		// in the public parts, nor across their joins, as "000@" is in
		// the description postgres://0000000@0/0 of
		// postgres://0000000:000@@0/0, whose password is "000@".
		public := "postgres://" + user + "@" + host + "/" + db + " postgres://" + url.User(user).String() + "@" + host + "/" + db
		rest := public + query + "postgres://…@xxxxx/" + ErrConnect.Error() + "malformed URL invalid escape port character host"
		if len(password) < 4 || strings.Contains(rest, password) {
			return
		}
		if strings.Contains(tg.desc, password) {
			t.Errorf("parsePostgres(%q): description %q holds the password", in, tg.desc)
		}
		if err != nil && strings.Contains(err.Error(), password) {
			t.Errorf("parsePostgres(%q): error %q holds the password", in, err)
		}
	})
}

// TestPostgresUnreachable opens a server that is not there: the error
// wraps ErrConnect and names the server and the database, not the
// password. No server is needed.
func TestPostgresUnreachable(t *testing.T) {
	dsn := "postgres://whosaid:sekrit@127.0.0.1:1/newsdb?sslmode=disable&connect_timeout=5"
	for name, open := range map[string]func(context.Context, string) (*Store, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
		s, err := open(context.Background(), dsn)
		if err == nil {
			s.Close()
			t.Fatalf("%s(%s) gave no error", name, dsn)
		}
		msg := err.Error()
		if !errors.Is(err, ErrConnect) || !strings.Contains(msg, "127.0.0.1:1") || !strings.Contains(msg, "newsdb") || strings.Contains(msg, "sekrit") {
			t.Errorf("%s of an unreachable server: %q; want ErrConnect naming 127.0.0.1:1 and newsdb, without the password", name, msg)
		}
	}
}

// TestPostgresRefused opens the test server with a wrong password and a
// database that does not exist: clear errors wrapping ErrConnect, without
// the password, and nothing created.
func TestPostgresRefused(t *testing.T) {
	base := testenv.Postgres(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	wrong := *u
	wrong.User = url.UserPassword(u.User.Username(), "not-the-password-42")
	nodb := *u
	nodb.Path = "/whosaid_no_such_database"
	tests := []struct {
		name, dsn, want string
	}{
		{"bad password", wrong.String(), "password authentication failed"},
		{"no database", nodb.String(), "whosaid_no_such_database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.dsn)
			if err == nil {
				s.Close()
				t.Fatalf("Open gave no error")
			}
			msg := err.Error()
			if !errors.Is(err, ErrConnect) || !strings.Contains(msg, u.Host) || !strings.Contains(msg, tt.want) || strings.Contains(msg, "not-the-password-42") {
				t.Errorf("Open: %q; want ErrConnect naming %s and %q, without the password", msg, u.Host, tt.want)
			}
		})
	}
}

// TestPostgresReadOnly opens a PostgreSQL store read-only: missing tables
// are ErrNotExist, and a store's read-only pool cannot write even by SQL.
func TestPostgresReadOnly(t *testing.T) {
	ctx := context.Background()
	b := backend{name: "postgres", pg: true}
	loc := b.fresh(t)
	if _, err := OpenReadOnly(ctx, loc); !errors.Is(err, ErrNotExist) {
		t.Errorf("OpenReadOnly of an empty schema: %v, want ErrNotExist", err)
	}
	raw := b.raw(t, loc)
	var n int
	if err := raw.QueryRow("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").Scan(&n); err != nil || n != 0 {
		t.Errorf("OpenReadOnly created %d tables (%v)", n, err)
	}
	w, err := Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Put(ctx, fixture(t)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r, err := OpenReadOnly(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Put(ctx, fixture(t)); err == nil {
		t.Error("Put on a read-only store gave no error")
	}
	if _, err := r.r.ExecContext(ctx, "DELETE FROM statements"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("DELETE through the read-only pool: %v, want a read-only transaction error", err)
	}
	if st, err := r.Stats(ctx); err != nil || st.Statements != 5 {
		t.Errorf("Stats = %+v, %v", st, err)
	}
	if strings.Contains(r.Path(), "whosaid:") || !strings.HasPrefix(r.Path(), "postgres://") {
		t.Errorf("Path() = %q, want the URL without password", r.Path())
	}
}

// TestPostgresUpgrade sets a PostgreSQL store back to schema version 2
// (no label columns) and opens it: it is upgraded, its rows keep unknown
// labels, and a failed migration leaves it as it was.
func TestPostgresUpgrade(t *testing.T) {
	ctx := context.Background()
	b := backend{name: "postgres", pg: true}
	loc := b.fresh(t)
	s, err := Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, fixture(t)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw := b.raw(t, loc)
	for _, q := range append(slices.Concat(undoV5, undoV4),
		"DROP INDEX statements_type", "DROP INDEX statements_act", "DROP INDEX statements_quote",
		"ALTER TABLE statements DROP COLUMN type, DROP COLUMN act, DROP COLUMN negated, DROP COLUMN target, DROP COLUMN target_spans, DROP COLUMN target_entity, DROP COLUMN quote",
	) {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	b.setVersion(t, raw, 2)
	if _, err := OpenReadOnly(ctx, loc); !errors.Is(err, ErrOldSchema) {
		t.Fatalf("OpenReadOnly of version 2: %v, want ErrOldSchema", err)
	}

	// A migration that fails is rolled back whole.
	if _, err := raw.Exec("CREATE TABLE statements_act (x int)"); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(ctx, loc); err == nil {
		s.Close()
		t.Fatal("Open succeeded although migration 3 could not create its index")
	} else if !strings.Contains(err.Error(), "migration 3") {
		t.Errorf("error %q does not name migration 3", err)
	}
	if v := b.version(t, raw); v != 2 {
		t.Errorf("version after a failed migration = %d, want 2", v)
	}
	var cols int
	if err := raw.QueryRow(`SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()
		AND table_name = 'statements' AND column_name = 'type'`).Scan(&cols); err != nil || cols != 0 {
		t.Errorf("a failed migration left column type (%d, %v)", cols, err)
	}
	if _, err := raw.Exec("DROP TABLE statements_act"); err != nil {
		t.Fatal(err)
	}

	s, err = Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := b.version(t, raw); v != len(migrations) {
		t.Errorf("version after open = %d, want %d", v, len(migrations))
	}
	d, err := s.Document(ctx, "bridge")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range d.Statements {
		if st.Type != "" || st.Act != "" || st.Quote || st.Target != nil {
			t.Errorf("old statement %s read as %+v, want no labels", st.SID, st)
		}
	}
	if ok, err := s.Has(ctx, "bridge", TextHash(d.Text)); err != nil || ok {
		t.Errorf("Has(bridge) on an old row = %v, %v; want false", ok, err)
	}
	if st, err := s.Put(ctx, labelledFixture(t)); err != nil || st.Replaced != 3 {
		t.Errorf("re-ingest = %+v, %v; want 3 replaced", st, err)
	}
	if p, err := s.Search(ctx, Query{Quotes: true}); err != nil || len(p.Statements) != 2 {
		t.Errorf("quotes after re-ingest = %q, %v; want 2", contents(p), err)
	}
}

// TestPostgresConcurrentFirstOpen opens one new PostgreSQL store from
// several connections at once, as workers started together do: each
// succeeds, the migrations run once, every document is stored once.
func TestPostgresConcurrentFirstOpen(t *testing.T) {
	b := backend{name: "postgres", pg: true}
	for round := 0; round < 3; round++ {
		loc := b.fresh(t)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = openAndPut(loc, fixture(t)[0], fmt.Sprintf("worker-%d", i))
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, opener %d: %v", round, i, err)
			}
		}
		raw := b.raw(t, loc)
		if v := b.version(t, raw); v != len(migrations) {
			t.Errorf("round %d: version %d, want %d", round, v, len(migrations))
		}
		var rows, docs int
		if err := raw.QueryRow("SELECT (SELECT count(*) FROM whosaid_schema), (SELECT count(*) FROM documents)").Scan(&rows, &docs); err != nil {
			t.Fatal(err)
		}
		if rows != 1 || docs != n {
			t.Errorf("round %d: %d version rows, %d documents; want 1, %d", round, rows, docs, n)
		}
	}
}

// TestPostgresConcurrentWriters has four writers, each with its own
// store handle, put overlapping batches (shared speakers, and the same
// documents written by two writers) into one PostgreSQL store at once.
// Every Put must succeed (deadlocks and races retried), and the store
// must equal one written by a single SQLite writer.
func TestPostgresConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	pgb := backend{name: "postgres", pg: true}
	loc := pgb.fresh(t)
	docs := synthDocs(t, 240)
	// Four writers; writer w takes the documents i with i%4 == w and,
	// in reverse order, those with i%4 == (w+1)%4: each document is
	// written by two writers.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 4; w++ {
		s, err := Open(ctx, loc)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var mine []output.Document
		for i := range docs {
			if i%4 == w {
				mine = append(mine, docs[i])
			}
		}
		for i := len(docs) - 1; i >= 0; i-- {
			if i%4 == (w+1)%4 {
				mine = append(mine, docs[i])
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for len(mine) > 0 {
				n := min(len(mine), 6)
				if _, err := s.Put(ctx, mine[:n]); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				mine = mine[n:]
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	pg, err := Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	lite := openTemp(t)
	if _, err := lite.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if got, want := comparable(t, pg), comparable(t, lite); got != want {
		t.Errorf("concurrent PostgreSQL writers differ from one SQLite writer:\n%s\n--- want\n%s", got, want)
	}
	t.Logf("retried transactions: %d", putRetries.Load())
}

// comparable renders what a reader sees of a store without its ids, which
// differ between backends and writers: stats, speakers (most quoted first,
// ties by name), and every statement in date order.
func comparable(t testing.TB, s *Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "%+v\n", st)
	sp, err := s.Speakers(ctx, SpeakerQuery{Limit: MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, x := range sp.Speakers {
		x.ID = 0
		lines = append(lines, fmt.Sprintf("%+v", x))
	}
	sortStrings(lines)
	b.WriteString(strings.Join(lines, "\n") + "\n")
	for off := 0; ; off += MaxLimit {
		p, err := s.Search(ctx, Query{Limit: MaxLimit, Offset: off, Sort: "oldest"})
		if err != nil {
			t.Fatal(err)
		}
		lines = lines[:0]
		for _, x := range p.Statements {
			x.ID = 0
			if x.Speaker != nil {
				x.Speaker.Global = 0
			}
			j, _ := json.Marshal(x)
			lines = append(lines, string(j))
		}
		// Statements of one date come in id order, which is the order
		// in which writers committed: compare them as a set.
		sortStrings(lines)
		b.WriteString(strings.Join(lines, "\n") + "\n")
		if !p.More {
			break
		}
	}
	return b.String()
}

func sortStrings(a []string) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// TestBackendsAgree stores one invented collection in both backends and
// runs the same searches: the same statements in the same order (by date;
// by relevance as the same set), the same speakers, the same stats and
// documents, the same words marked in snippets.
func TestBackendsAgree(t *testing.T) {
	ctx := context.Background()
	pg := backend{name: "postgres", pg: true}.open(t)
	lite := openTemp(t)
	c := synth.New(7, 300)
	c.Labels = true
	var docs []output.Document
	for i := 0; i < 600; i++ {
		docs = append(docs, c.Doc(i))
	}
	docs = append(docs, labelledFixture(t)...)
	for _, s := range []*Store{pg, lite} {
		for i := 0; i < len(docs); i += 100 {
			if _, err := s.Put(ctx, docs[i:min(len(docs), i+100)]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, want := comparable(t, pg), comparable(t, lite); got != want {
		t.Errorf("stores differ:\n%s\n--- want\n%s", got, want)
	}
	queries := []Query{
		{Text: c.Vocab(0)}, {Text: c.Vocab(3), Sort: "newest"}, {Text: c.Vocab(40) + " " + c.Vocab(41), Sort: "oldest"},
		{Text: `"` + c.Vocab(1) + " " + c.Vocab(2) + `"`}, {Text: c.Vocab(5)[:2] + "*", Sort: "newest"},
		{Text: c.Vocab(100) + " OR " + c.Vocab(200)}, {Text: c.Vocab(0) + " -" + c.Vocab(1)},
		{Text: "cafe"}, {Text: "Zoë"}, {Text: "ZOE"}, {Text: `"fair deal"`}, {Text: "harbour -budget"},
		{Speaker: c.Speaker(0)}, {Speaker: c.Speaker(2), Text: c.Vocab(10)}, {Speaker: strings.Fields(c.Speaker(1))[1]},
		{Outlet: c.Outlets()[2], From: "2016-01-01", To: "2016-03-31"}, {Kind: "direct", Text: c.Vocab(6)},
		{Type: []string{"thought"}}, {Act: []string{"deny", "warn"}, Sort: "oldest"}, {Quotes: true, Text: c.Vocab(8)},
		{Doc: "synth-0000042"}, {}, {Sort: "oldest", Offset: 100},
		{Text: c.Vocab(0), Sort: "oldest"}, {Text: c.Vocab(2), Sort: "oldest", Offset: 200},
		// The source matches too ("said" is the cue, not searched).
		{Text: strings.Fields(c.Speaker(0))[0]},
	}
	for _, q := range queries {
		q.Limit = MaxLimit
		pp, err := pg.Search(ctx, q)
		if err != nil {
			t.Fatalf("postgres Search(%+v): %v", q, err)
		}
		lp, err := lite.Search(ctx, q)
		if err != nil {
			t.Fatalf("sqlite Search(%+v): %v", q, err)
		}
		rel := q.Text != "" && q.Sort == "" && q.Speaker == "" && q.Doc == ""
		got, want := keys(pp, rel), keys(lp, rel)
		if rel && lp.More {
			// The best page of many matches: the engines rank differently.
			got, want = got[:0], want[:0]
		}
		if i := firstDiff(got, want); i >= 0 {
			t.Errorf("Search(%+v): %d and %d statements, first difference at %d:\npostgres %q\nsqlite   %q",
				q, len(got), len(want), i, got[i:min(len(got), i+3)], want[i:min(len(want), i+3)])
		}
		if len(lp.Statements) == 0 && q.Text != "" && q.Text != "ZOE" {
			t.Errorf("Search(%+v) finds nothing: a weak test", q)
		}
		if pp.More != lp.More {
			t.Errorf("Search(%+v): More %v on postgres, %v on sqlite", q, pp.More, lp.More)
		}
	}
	for _, doc := range []string{"synth-0000001", "bridge"} {
		pd, err1 := pg.Document(ctx, doc)
		ld, err2 := lite.Document(ctx, doc)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for _, d := range []*Document{&pd, &ld} {
			for i := range d.Statements {
				d.Statements[i].ID = 0
				if d.Statements[i].Speaker != nil {
					d.Statements[i].Speaker.Global = 0
				}
			}
			for i := range d.Speakers {
				d.Speakers[i].Global = 0
			}
		}
		pj, _ := json.Marshal(pd)
		lj, _ := json.Marshal(ld)
		if string(pj) != string(lj) {
			t.Errorf("Document(%s):\npostgres %s\nsqlite   %s", doc, pj, lj)
		}
	}
}

// firstDiff returns the first index where a and b differ, or -1.
func firstDiff(a, b []string) int {
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

// keys lists a page's statements as doc/sid with the words their snippet
// marks, in order, or sorted when rel (relevance order, which the two
// engines compute differently).
func keys(p Page, rel bool) []string {
	var out []string
	for _, s := range p.Statements {
		var marked []string
		for _, seg := range s.Snippet {
			if seg.Match {
				marked = append(marked, strings.ToLower(seg.Text))
			}
		}
		out = append(out, s.Doc+"/"+s.SID+fmt.Sprint(marked))
	}
	if rel {
		sortStrings(out)
	}
	return out
}

// TestPostgresSearchSyntax runs what people type, odd or hostile, through
// a PostgreSQL store: the tsquery built from it is never a syntax error
// (FuzzMatchQuery checks the same of FTS5 at length).
func TestPostgresSearchSyntax(t *testing.T) {
	ctx := context.Background()
	s := backend{name: "postgres", pg: true}.open(t)
	if _, err := s.Put(ctx, fixture(t)); err != nil {
		t.Fatal(err)
	}
	inputs := []string{"aleppo", `"fair deal" -x OR y*`, "NEAR(a b)", `a:b ^c "`, "OR OR -", "\x00\xff",
		`'`, `''`, `\'`, `a'b`, `a&b|c!d`, `<-> <1> :*`, `harbour:*A`, `!harbour`, `(harbour`, `harbour)`,
		`"" - * (`, "it's", "l'été", "Zoë's café", `"a b c d e f g h"`, "-harbour harbour", "ha* -hab*",
		"日本語 テスト", "e\u0301", strings.Repeat("x", 999), "\u202e\u200b", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"}
	for _, in := range inputs {
		for _, sort := range []string{"", "newest", "oldest"} {
			if _, err := s.Search(ctx, Query{Text: in, Sort: sort}); err != nil && !errors.Is(err, ErrSearchTooBroad) {
				t.Errorf("Search(%q, %s) [tsquery %s]: %v", in, sort, parseMatch(in).tsquery(), err)
			}
		}
	}
}
