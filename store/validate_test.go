package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// TestPutRefusesInvalid gives Put a valid document together with one made
// invalid in one way: the invalid one is refused with an error naming it
// and what is wrong, the valid one is stored, and a valid version stored
// before stays.
func TestPutRefusesInvalid(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		str := func(s string) *string { return &s }
		tests := []struct {
			name   string
			change func(d *output.Document)
			want   string // in the refusal's message
		}{
			{"no id", func(d *output.Document) { d.Doc = "" }, "no id"},
			{"kind", func(d *output.Document) { d.Statements[0].Kind = "shouted" }, `kind "shouted"`},
			{"empty kind", func(d *output.Document) { d.Statements[0].Kind = "" }, `kind ""`},
			{"negative start", func(d *output.Document) { d.Statements[0].Content.Spans[0] = [2]int{-5, 10} }, "[-5 10]"},
			{"end after text", func(d *output.Document) { d.Statements[0].Content.Spans[0] = [2]int{-5, 99999} }, "[-5 99999]"},
			{"end past text", func(d *output.Document) { d.Statements[1].Cue.Spans[0] = [2]int{3, 99999} }, "[3 99999]"},
			{"start after end", func(d *output.Document) { d.Statements[0].Source.Spans[0] = [2]int{20, 10} }, "[20 10]"},
			{"no text: negative", func(d *output.Document) { d.Text = ""; d.Statements[0].Cue.Spans[0] = [2]int{-1, 3} }, "[-1 3]"},
			{"no text: start after end", func(d *output.Document) { d.Text = ""; d.Statements[0].Cue.Spans[0] = [2]int{9, 3} }, "[9 3]"},
			{"mention outside text", func(d *output.Document) { d.Speakers[0].Mentions = [][2]int{{0, 5000}} }, "[0 5000]"},
			{"statement without id", func(d *output.Document) { d.Statements[1].ID = "" }, "no id"},
			{"statement id twice", func(d *output.Document) { d.Statements[1].ID = d.Statements[0].ID }, `"s1" twice`},
			{"parent missing", func(d *output.Document) { d.Statements[1].Parent = str("s9") }, `parent "s9"`},
			{"own parent", func(d *output.Document) { d.Statements[1].Parent = str("s2") }, `parent "s2"`},
			{"speaker missing", func(d *output.Document) { d.Statements[0].Speaker.ID = "e9" }, `speaker "e9"`},
			{"speaker without id", func(d *output.Document) { d.Speakers[0].ID = "" }, "no id"},
			{"speaker id twice", func(d *output.Document) { d.Speakers[1].ID = d.Speakers[0].ID }, `"e1" twice`},
		}
		ctx := context.Background()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := b.open(t)
				docs := fixture(t)
				if _, err := s.Put(ctx, docs[:1]); err != nil { // a valid "harbour" stored first
					t.Fatal(err)
				}
				bad := fixture(t)[0]
				bad.Text += " And more."
				tt.change(&bad)
				st, err := s.Put(ctx, []output.Document{bad, docs[1]})
				if err != nil {
					t.Fatalf("Put with one invalid document: %v; want the others stored", err)
				}
				if st.Invalid != 1 || st.Added != 1 || st.Replaced != 0 || len(st.Problems) != 1 {
					t.Fatalf("Put = %+v; want 1 invalid, 1 added, 1 problem", st)
				}
				p := st.Problems[0]
				if !p.Refused || p.Doc != bad.Doc || !strings.Contains(p.Error(), tt.want) {
					t.Errorf("problem = %v (refused %v, doc %q); want the document refused, naming %q", p, p.Refused, p.Doc, tt.want)
				}
				if _, err := s.Document(ctx, "bridge"); err != nil {
					t.Errorf("the valid document of the batch: %v", err)
				}
				if d, err := s.Document(ctx, "harbour"); err != nil || d.Text != docs[0].Text {
					t.Errorf("the stored version of the refused document: %v; want it kept", err)
				}
			})
		}
	})
}

// TestPutURL stores documents whose metadata gives a URL: http and https
// ones are kept, any other is dropped with a problem reported, the document
// stored all the same (its metadata unchanged).
func TestPutURL(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		tests := []struct {
			url, want string
		}{
			{"https://example.org/a?b=c", "https://example.org/a?b=c"},
			{"http://example.org/", "http://example.org/"},
			{"HTTPS://Example.org/x", "HTTPS://Example.org/x"},
			{"javascript:alert(1)", ""},
			{"JavaScript:alert(1)", ""},
			{" javascript:alert(1)", ""},
			{"data:text/html,<script>alert(1)</script>", ""},
			{"vbscript:msgbox", ""},
			{"//example.org/a", ""},
			{"/relative/path", ""},
			{"https://", ""},
			{"http://exa mple.org/", ""},
			{"ftp://example.org/a", ""},
		}
		ctx := context.Background()
		s := b.open(t)
		for _, tt := range tests {
			t.Run(tt.url, func(t *testing.T) {
				d := fixture(t)[0]
				d.Doc = "u:" + tt.url
				raw, _ := json.Marshal(tt.url)
				d.Meta["url"] = raw
				st, err := s.Put(ctx, []output.Document{d})
				if err != nil || st.Added != 1 {
					t.Fatalf("Put = %+v, %v; want the document added", st, err)
				}
				if dropped := tt.want == ""; dropped != (len(st.Problems) == 1) {
					t.Errorf("Put problems = %v; want one (the URL dropped): %v", st.Problems, dropped)
				} else if dropped && (st.Problems[0].Refused || !errors.Is(st.Problems[0], ErrUnsafeURL)) {
					t.Errorf("problem %v: want ErrUnsafeURL, document not refused", st.Problems[0])
				}
				got, err := s.Document(ctx, d.Doc)
				if err != nil {
					t.Fatal(err)
				}
				if got.URL != tt.want {
					t.Errorf("stored URL = %q, want %q", got.URL, tt.want)
				}
				if string(got.Meta["url"]) != string(raw) {
					t.Errorf("meta url = %s, want %s kept as given", got.Meta["url"], raw)
				}
			})
		}
	})
}

// TestDocumentUnsafeURL reads a store written before URLs were checked: a
// javascript: URL in it is not returned.
func TestDocumentUnsafeURL(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, fixture(t)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.Exec(`UPDATE documents SET url = 'javascript:alert(document.domain)' WHERE doc = 'bridge'`); err != nil {
			t.Fatal(err)
		}
		d, err := s.Document(ctx, "bridge")
		if err != nil {
			t.Fatal(err)
		}
		if d.URL != "" {
			t.Errorf("Document URL = %q, want none", d.URL)
		}
	})
}
