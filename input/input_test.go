package input

import (
	"context"
	"strings"
	"testing"
)

type got struct {
	id, text, meta string
	result, err    bool
}

func collect(t *testing.T, r *Reader, args ...string) []got {
	t.Helper()
	var out []got
	err := r.Each(context.Background(), args, func(d Doc) error {
		g := got{id: d.ID, text: d.Text, result: d.Result != nil, err: d.Err != nil}
		if d.Meta != nil {
			var keys []string
			for k, v := range d.Meta {
				keys = append(keys, k+"="+string(v))
			}
			if len(keys) > 1 {
				// stable order for comparison
				if keys[0] > keys[1] {
					keys[0], keys[1] = keys[1], keys[0]
				}
			}
			g.meta = strings.Join(keys, ",")
		}
		out = append(out, g)
		return nil
	})
	if err != nil {
		t.Fatalf("Each: %v", err)
	}
	return out
}

func TestEach(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  []got
	}{
		{"directory recursive, .txt only, lexical order", []string{"testdata/dir"}, "",
			[]got{{id: "a", text: "First text."}, {id: "sub/b", text: "Second text."}}},
		{"text file", []string{"testdata/dir/a.txt"}, "", []got{{id: "a", text: "First text."}}},
		{"invalid UTF-8 is an error, not a crash", []string{"testdata/latin1.txt"}, "", []got{{id: "latin1", err: true}}},
		{"missing file", []string{"testdata/nope.txt"}, "", []got{{id: "nope", err: true}}},
		{"jsonl", []string{"testdata/docs.jsonl"}, "", []got{
			{id: "x1", text: "Hello.", meta: `date="2016-09-29",outlet="Daily"`},
			{id: "testdata/docs.jsonl:3", text: "No id."},
			{id: "testdata/docs.jsonl:4", err: true},
			{id: "x4", err: true},
			{id: "7", text: "numeric id"},
			{id: "r1", result: true},
		}},
		{"stdin text", []string{"-"}, "Plain text here.", []got{{id: "-", text: "Plain text here."}}},
		{"stdin jsonl sniffed", nil, "  \n{\"id\":\"s\",\"text\":\"t\"}\n", []got{{id: "s", text: "t"}}},
		{"stdin jsonl with BOM", nil, "\ufeff{\"id\":\"s\",\"text\":\"t\"}", []got{{id: "s", text: "t"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Reader{Stdin: strings.NewReader(tt.stdin)}
			g := collect(t, r, tt.args...)
			if len(g) != len(tt.want) {
				t.Fatalf("got %d docs %+v, want %d %+v", len(g), g, len(tt.want), tt.want)
			}
			for i := range g {
				if g[i] != tt.want[i] {
					t.Errorf("doc %d = %+v, want %+v", i, g[i], tt.want[i])
				}
			}
		})
	}
}

func TestLimits(t *testing.T) {
	r := &Reader{MaxBytes: 30, Stdin: strings.NewReader("{\"id\":\"a\",\"text\":\"far too long for the limit of thirty bytes\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n")}
	g := collect(t, r)
	if len(g) != 2 || !g[0].err || g[1].err || g[1].text != "ok" {
		t.Errorf("got %+v, want an error for the long line and the short one read", g)
	}
	r = &Reader{MaxBytes: 5, Stdin: strings.NewReader("more than five bytes")}
	if g := collect(t, r); len(g) != 1 || !g[0].err {
		t.Errorf("got %+v, want one error", g)
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{`{"id":"a","text":"b"}`, `{"text":1}`, `{"doc":"d","statements":[{"id":"s1"}]}`, `[]`, `{`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		d := parseLine(line, false, DefaultMaxBytes, "f", 1)
		if d.Err == nil && d.Result == nil && d.ID == "" {
			t.Errorf("document without id or error for %q", line)
		}
		if d.Err != nil && (d.Text != "" || d.Result != nil) {
			t.Errorf("error document carries content for %q", line)
		}
	})
}
