package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store/synth"
)

func TestFoldWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"harbour", "harbour"},
		{"Harbour", "harbour"},
		{"Café", "cafe"},
		{"ZOË", "zoe"},
		{"Ŀin", "ŀin"}, // no canonical decomposition: kept, lower-cased
		{"Łódź", "łodz"},
		{"e\u0301te", "ete"}, // decomposed
		{"Путин", "путин"},
		{"Йемен", "йемен"}, // not Latin: the breve stays
		{"习近平", "习近平"},
		{"2016", "2016"},
	}
	for _, tt := range tests {
		if got := foldWord(tt.in); got != tt.want {
			t.Errorf("foldWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFTSText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"“We cannot afford it,” the café owner Zoë Ŀin added — twice.", "we cannot afford it the cafe owner zoe ŀin added twice"},
		{"U.S.-led 3.5% rise", "u s led 3 5 rise"},
		{"  ", ""},
		{"O'Brien's", "o brien s"},
	}
	for _, tt := range tests {
		if got := ftsText(tt.in); got != tt.want {
			t.Errorf("ftsText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTSQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"aleppo", `'aleppo'`},
		{"Aleppo Ceasefire", `'aleppo' & 'ceasefire'`},
		{`"fair deal" harbour`, `(('fair':A <-> 'deal':A) | ('fair':B <-> 'deal':B)) & 'harbour'`},
		{"thin*", `'thin':*`},
		{"a b OR c", `'a' & ('b' | 'c')`},
		{"harbour -budget", `('harbour') & !'budget'`},
		{"café", `'cafe'`},
		{"U.S.", `(('u':A <-> 's':A) | ('u':B <-> 's':B))`},
		{"-x", ""},
		{`" * ( ) : ^ ' & | !`, ""},
		{"it's", `(('it':A <-> 's':A) | ('it':B <-> 's':B))`},
	}
	for _, tt := range tests {
		if got := parseMatch(tt.in).tsquery(); got != tt.want {
			t.Errorf("tsquery(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestSnippetLikeFTS5 cuts snippets in Go for many invented statements and
// searches and compares them with SQLite's own snippet(): PostgreSQL
// stores show what SQLite stores show.
func TestSnippetLikeFTS5(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := synth.New(11, 200)
	var docs []output.Document
	for i := 0; i < 400; i++ {
		docs = append(docs, c.Doc(i))
	}
	// Sentences, punctuation and diacritics, as news has them.
	docs = append(docs, mkDoc(t, "sentences", "2016-01-01", "Gazette",
		`Ana Souza said the vote was close. “The harbour is closed: it will reopen in spring. The café on the quay stays shut, as the harbour master says the ice is too thick for the boats of the harbour and the café,” she added.`,
		said{"indirect", "Ana Souza", "said", "the vote was close", "Ana Souza"},
		said{"direct", "she", "added", "The harbour is closed: it will reopen in spring. The café on the quay stays shut, as the harbour master says the ice is too thick for the boats of the harbour and the café,", "Ana Souza"}))
	for i := 0; i < len(docs); i += 100 {
		if _, err := s.Put(ctx, docs[i:min(len(docs), i+100)]); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{c.Vocab(0), c.Vocab(1) + " " + c.Vocab(2), `"` + c.Vocab(0) + " " + c.Vocab(1) + `"`,
		c.Vocab(3)[:2] + "*", c.Vocab(4) + " OR " + c.Vocab(9), c.Vocab(0) + " " + c.Vocab(0)[:2] + "*",
		"harbour", "cafe", "spring harbour", `"the harbour"`, "ice OR boats", "Souza"}
	compared := 0
	for _, q := range queries {
		for _, sort := range []string{"relevance", "oldest"} {
			p, err := s.Search(ctx, Query{Text: q, Sort: sort, Limit: MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range p.Statements {
				want := fmt.Sprint(st.Snippet)
				if got := fmt.Sprint(snippet(st.Content.Text, parseMatch(q))); got != want {
					t.Errorf("snippet of %s/%s for %q:\n got  %s\n want %s", st.Doc, st.SID, q, got, want)
				}
				compared++
			}
		}
	}
	if compared < 500 {
		t.Errorf("compared %d snippets, want at least 500", compared)
	}
}

func TestRetryable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&pgconn.PgError{Code: "40P01"}, true},
		{fmt.Errorf("store: put: %w", &pgconn.PgError{Code: "40001"}), true},
		{&pgconn.PgError{Code: "23505"}, true},
		{&pgconn.PgError{Code: "23503"}, false},
		{&pgconn.PgError{Code: "42P01"}, false},
		{errors.New("deadlock detected"), false},
		{context.Canceled, false},
	}
	for _, tt := range tests {
		if got := retryable(tt.err); got != tt.want {
			t.Errorf("retryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"a = ?1 OR b = ?1 AND c = ?2", "a = $1 OR b = $1 AND c = $2"},
		{"VALUES (?,?,?)", "VALUES ($1,$2,$3)"},
		{"x = ?12", "x = $12"},
	}
	for _, tt := range tests {
		if got := rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if strings.Contains(rebind("?"), "?") {
		t.Error("rebind left a ?")
	}
}
