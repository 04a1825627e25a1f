package store

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// nameDocs are small invented articles with speakers that share a word of
// their names, one with diacritics, and a description.
func nameDocs(t *testing.T) []output.Document {
	return []output.Document{
		mkDoc(t, "n1", "2016-02-01", "Gazette", `Ted Cruz said taxes were high. Ted Cruz said the wall would rise.`,
			said{"indirect", "Ted Cruz", "said", "taxes were high", "Ted Cruz"},
			said{"indirect", "Ted Cruz", "said", "the wall would rise", "Ted Cruz"}),
		mkDoc(t, "n2", "2016-02-02", "Courier", `Ted Cruz said the race was open. Rafael Cruzado said the vote was close.`,
			said{"indirect", "Ted Cruz", "said", "the race was open", "Ted Cruz"},
			said{"indirect", "Rafael Cruzado", "said", "the vote was close", "Rafael Cruzado"}),
		mkDoc(t, "n3", "2016-02-03", "Gazette", `Cruz said taxes were too high. Cruz said the debate was unfair.`,
			said{"indirect", "Cruz", "said", "taxes were too high", "Cruz"},
			said{"indirect", "Cruz", "said", "the debate was unfair", "Cruz"}),
		mkDoc(t, "n4", "2016-02-04", "Courier", `José Díaz said the port was full. The company said taxes fell.`,
			said{"indirect", "José Díaz", "said", "the port was full", "José Díaz"},
			said{"indirect", "The company", "said", "taxes fell", "The company"}),
		mkDoc(t, "n5", "2016-02-05", "Gazette", `Hillary Clinton said taxes would rise. Hillary Clinton said the plan worked. Bill Clinton said the plan failed.`,
			said{"indirect", "Hillary Clinton", "said", "taxes would rise", "Hillary Clinton"},
			said{"indirect", "Hillary Clinton", "said", "the plan worked", "Hillary Clinton"},
			said{"indirect", "Bill Clinton", "said", "the plan failed", "Bill Clinton"}),
	}
}

func TestSpeakersByPartOfName(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, nameDocs(t)); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			q    string
			want []string // names, most quoted first
		}{
			// "Cruz" alone is Ted Cruz, the only Cruz of the store: Put
			// joined them.
			{"surname", "Cruz", []string{"Ted Cruz"}},
			{"lower case", "cruz", []string{"Ted Cruz"}},
			{"upper case", "CRUZ", []string{"Ted Cruz"}},
			{"possessive", "Cruz's", []string{"Ted Cruz"}},
			{"honorific dropped", "Sen. Cruz", []string{"Ted Cruz"}},
			{"whole words only", "cruzado", []string{"Rafael Cruzado"}},
			{"part of a word", "cru", nil},
			{"first name", "ted", []string{"Ted Cruz"}},
			{"full name", "Ted Cruz", []string{"Ted Cruz"}},
			{"words in a row only", "cruz ted", nil},
			{"without diacritics", "jose diaz", []string{"José Díaz"}},
			{"with diacritics", "Díaz", []string{"José Díaz"}},
			{"diacritics on the query only", "Clintón", []string{"Hillary Clinton", "Bill Clinton"}},
			{"two people of one surname", "clinton", []string{"Hillary Clinton", "Bill Clinton"}},
			{"a description is not a name", "company", nil},
			{"punctuation only", "--", nil},
		}
		for _, tt := range tests {
			p, err := s.Speakers(ctx, SpeakerQuery{Name: tt.q})
			if err != nil {
				t.Fatalf("%s: Speakers(%q): %v", tt.name, tt.q, err)
			}
			var got []string
			for _, sp := range p.Speakers {
				got = append(got, sp.Name)
			}
			if !slices.Equal(got, tt.want) || p.More {
				t.Errorf("%s: Speakers(%q) = %q (more %v), want %q", tt.name, tt.q, got, p.More, tt.want)
			}
		}

		// Pages of a part of a name.
		for _, pg := range []struct {
			offset, limit int
			want          []string
			more          bool
		}{{0, 1, []string{"Hillary Clinton"}, true}, {1, 1, []string{"Bill Clinton"}, false}, {2, 1, nil, false}} {
			p, err := s.Speakers(ctx, SpeakerQuery{Name: "clinton", Offset: pg.offset, Limit: pg.limit})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, sp := range p.Speakers {
				got = append(got, sp.Name)
			}
			if !slices.Equal(got, pg.want) || p.More != pg.more {
				t.Errorf("Speakers(clinton, offset %d, limit %d) = %q (more %v), want %q (more %v)", pg.offset, pg.limit, got, p.More, pg.want, pg.more)
			}
		}
	})
}

func TestSearchByPartOfName(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, nameDocs(t)); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			q    Query
			want []string
		}{
			{"surname: every speaker holding it", Query{Speaker: "Cruz", Sort: "oldest"},
				[]string{"taxes were high", "the wall would rise", "the race was open", "taxes were too high", "the debate was unfair"}},
			{"surname and words", Query{Speaker: "cruz", Text: "taxes", Sort: "oldest"}, []string{"taxes were high", "taxes were too high"}},
			{"a full name with its surname alone", Query{Speaker: "Ted Cruz", Sort: "oldest"},
				[]string{"taxes were high", "the wall would rise", "the race was open", "taxes were too high", "the debate was unfair"}},
			{"a full name: that speaker alone", Query{Speaker: "Hillary Clinton", Sort: "oldest"},
				[]string{"taxes would rise", "the plan worked"}},
			{"first name", Query{Speaker: "hillary", Sort: "oldest"}, []string{"taxes would rise", "the plan worked"}},
			{"without diacritics", Query{Speaker: "diaz"}, []string{"the port was full"}},
			{"two people of one surname", Query{Speaker: "Clinton", Sort: "oldest"}, []string{"taxes would rise", "the plan worked", "the plan failed"}},
			{"part of a word", Query{Speaker: "cru"}, nil},
			{"a description is not a name", Query{Speaker: "company"}, nil},
		}
		for _, tt := range tests {
			p, err := s.Search(ctx, tt.q)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := contents(p); !slices.Equal(got, tt.want) {
				t.Errorf("%s: Search(%+v) = %q, want %q", tt.name, tt.q, got, tt.want)
			}
		}
	})
}

func TestFoldName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"josé díaz", "jose diaz"},
		{"zoë  müller", "zoe muller"},
		{"françois", "francois"},
		{"plain name", "plain name"},
	} {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// BenchmarkSpeakersByName times finding speakers by a part of a name among
// 200,000 speakers (a store of a few million statements has that many),
// 1% of them with diacritics: a surname held by 20 of them, one held by
// none, and the first page of the speakers list for comparison.
func BenchmarkSpeakersByName(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	ins, err := tx.PrepareContext(ctx, "INSERT INTO speakers(key, name, type, n_statements, n_documents) VALUES (?, ?, 'person', ?, 1)")
	if err != nil {
		b.Fatal(err)
	}
	for i := range 200000 {
		first, last := "name"+strconv.Itoa(i%5000), "surname"+strconv.Itoa(i/20)
		if i%100 == 0 {
			first = "josé" + strconv.Itoa(i)
		}
		if _, err := ins.ExecContext(ctx, first+" "+last, first+" "+last, 1+i%97); err != nil {
			b.Fatal(err)
		}
	}
	ins.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct{ name, q string }{{"surname", "surname777"}, {"nobody", "nobody"}, {"all", ""}} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Speakers(ctx, SpeakerQuery{Name: q.q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestSpeakerVariants(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, identityDocs(t)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reidentify(ctx); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			want []Variant
		}{
			{"Dana Holm", []Variant{{"Dana Holm", 1, 1}, {"Dana J. Holm", 1, 1}, {"Holm", 1, 1}}},
			{"Ivo Vell", []Variant{{"Ivo Vell", 1, 1}}},
		}
		for _, tt := range tests {
			p, err := s.Speakers(ctx, SpeakerQuery{Name: tt.name})
			if err != nil || len(p.Speakers) == 0 {
				t.Fatalf("Speakers(%q) = %+v, %v", tt.name, p, err)
			}
			if p.Speakers[0].Variants != nil {
				t.Errorf("Speakers(%q) lists variants %v; only Speaker does", tt.name, p.Speakers[0].Variants)
			}
			sp, err := s.Speaker(ctx, p.Speakers[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sp.Variants, tt.want) {
				t.Errorf("Speaker(%s).Variants = %v, want %v", tt.name, sp.Variants, tt.want)
			}
		}
	})
}

func TestOutletIgnoresCase(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		docs := append(nameDocs(t),
			mkDoc(t, "n6", "2016-02-06", "GAZETTE", `Ana Lind said the mill was sold.`,
				said{"indirect", "Ana Lind", "said", "the mill was sold", "Ana Lind"}))
		if _, err := s.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		// Newest first, the later of one day's statements first.
		courier := []string{"taxes fell", "the port was full", "the vote was close", "the race was open"}
		tests := []struct {
			outlet string
			want   []string
		}{
			{"Courier", courier},
			{"courier", courier},
			{" COURIER ", courier},
			{"gazette", []string{"the mill was sold", "the plan failed", "the plan worked", "taxes would rise",
				"the debate was unfair", "taxes were too high", "the wall would rise", "taxes were high"}},
			{"Gaz", nil},
			{"Tribune", nil},
		}
		for _, tt := range tests {
			p, err := s.Search(ctx, Query{Outlet: tt.outlet})
			if err != nil {
				t.Fatal(err)
			}
			if got := contents(p); !slices.Equal(got, tt.want) {
				t.Errorf("Search(Outlet: %q) = %q, want %q", tt.outlet, got, tt.want)
			}
		}
	})
}

func TestCount(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, nameDocs(t)); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			q    Query
		}{
			{"all", Query{}},
			{"a word", Query{Text: "taxes"}},
			{"a word, one page", Query{Text: "taxes", Limit: 1}},
			{"words or", Query{Text: "taxes OR plan"}},
			{"a part of a name", Query{Speaker: "cruz"}},
			{"a name and a word", Query{Speaker: "cruz", Text: "taxes"}},
			{"outlet ignoring case", Query{Outlet: "gazette"}},
			{"dates and kind", Query{From: "2016-02-02", To: "2016-02-04", Kind: "indirect"}},
			{"a document", Query{Doc: "n5"}},
			{"nobody", Query{Speaker: "nobody"}},
			{"no outlet", Query{Outlet: "Tribune"}},
			{"punctuation only", Query{Text: "--"}},
		}
		for _, tt := range tests {
			n, err := s.Count(ctx, tt.q)
			if err != nil {
				t.Fatalf("%s: Count: %v", tt.name, err)
			}
			all := tt.q
			all.Limit, all.Offset = MaxLimit, 0
			p, err := s.Search(ctx, all)
			if err != nil || p.More {
				t.Fatalf("%s: Search = %v, more %v", tt.name, err, p.More)
			}
			if n != len(p.Statements) {
				t.Errorf("%s: Count = %d, Search finds %d", tt.name, n, len(p.Statements))
			}
		}
		if n, _ := s.Count(ctx, Query{}); n != 11 {
			t.Errorf("Count(all) = %d, want 11", n)
		}
		if _, err := s.Count(ctx, Query{Kind: "shouted"}); err == nil {
			t.Error("Count(Kind: shouted): no error")
		}
	})
}
