package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/store"
)

// TestDocumentURL serves documents whose stored URL is not http or https,
// as a store written before Put checked URLs may hold: the API gives no URL
// for them, and an http one as stored.
func TestDocumentURL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	writeFixture(t, path)
	tests := []struct{ doc, url, want string }{
		{"gazette_harbour", "javascript:alert(document.cookie)", ""},
		{"courier_bridge", "data:text/html,<script>alert(1)</script>", ""},
		{"gazette_budget", " JAVASCRIPT:alert(1)", ""},
		{"courier_storm", "https://example.org/storm", "https://example.org/storm"},
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		if _, err := db.Exec("UPDATE documents SET url = ? WHERE doc = ?", tt.url, tt.doc); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := New(st, Options{})
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			code, m, body := get(t, h, "/api/documents/"+tt.doc)
			if code != 200 {
				t.Fatalf("GET %s = %d: %s", tt.doc, code, body)
			}
			if got, _ := m["url"].(string); got != tt.want {
				t.Errorf("GET %s: url = %q, want %q", tt.doc, got, tt.want)
			}
		})
	}
}

// TestPageLinksHTTPOnly runs the page's httpURL, which decides whether an
// article's URL becomes a link, under node, and checks that the page makes
// its link through it.
func TestPageLinksHTTPOnly(t *testing.T) {
	js, err := webFS.ReadFile("web/app.js")
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?s)\nfunction httpURL\(u\) \{.*?\n\}\n`).Find(js)
	if fn == nil {
		t.Fatal("app.js has no function httpURL")
	}
	if strings.Contains(string(js), "href: d.url") {
		t.Error("app.js links d.url without httpURL")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: httpURL not run")
	}
	tests := []struct{ in, want string }{
		{"https://example.org/a?b=c", "https://example.org/a?b=c"},
		{"HTTP://Example.org/", "http://example.org/"},
		{"javascript:alert(1)", ""},
		{" JavaScript:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"vbscript:msgbox", ""},
		{"/relative", ""},
		{"", ""},
	}
	ins, _ := json.Marshal(func() []string {
		var s []string
		for _, tt := range tests {
			s = append(s, tt.in)
		}
		return s
	}())
	script := string(fn) + "\nprocess.stdout.write(JSON.stringify(" + string(ins) + ".map(u => httpURL(u) || \"\")));\n"
	f := filepath.Join(t.TempDir(), "t.js")
	if err := os.WriteFile(f, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, f).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(tests) {
		t.Fatalf("node printed %s (%v)", out, err)
	}
	for i, tt := range tests {
		if got[i] != tt.want {
			t.Errorf("httpURL(%q) = %q, want %q", tt.in, got[i], tt.want)
		}
	}
}
