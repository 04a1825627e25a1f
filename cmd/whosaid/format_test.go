package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtractFormats runs extract -format text and -format html on an
// invented article holding markup: the text list names each statement's
// speaker, labels and content; the page escapes the article's markup and
// has no script; an unknown format is a usage error.
func TestExtractFormats(t *testing.T) {
	dir := t.TempDir()
	article := "The council met on Tuesday.\n\n" +
		"“We will not pay for <script>alert(1)</script> again,” Mayor Maria Lopez said after the vote.\n\n" +
		"Lopez warned that the budget was already stretched.\n"
	path := filepath.Join(dir, "council.txt")
	if err := os.WriteFile(path, []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCmd(t, "", "extract", "-format", "text", path)
	if code != 0 {
		t.Fatalf("extract -format text: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"council: 2 statements, 1 speaker\n",
		"  s1   Maria Lopez  [assert, speech, direct, quote]  said\n",
		"       “We will not pay for <script>alert(1)</script> again,”\n",
		"  s2   Maria Lopez  [warn, speech, indirect, quote]  warned\n",
		"       that the budget was already stretched\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("extract -format text lacks %q:\n%s", want, out)
		}
	}

	page := filepath.Join(dir, "council.html")
	if code, _, errOut := runCmd(t, "", "extract", "-format", "html", "-o", page, path); code != 0 {
		t.Fatalf("extract -format html: exit %d\n%s", code, errOut)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	if strings.Contains(html, "<script") || strings.Contains(html, "src=") {
		t.Errorf("the page holds a script or loads something:\n%s", html)
	}
	for _, want := range []string{"<!doctype html>", "&lt;script&gt;alert(1)&lt;/script&gt;", `class="hl source"`, "Maria Lopez (2)", "2 statements", "</html>"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	if code, _, errOut := runCmd(t, "", "extract", "-format", "xml", path); code != 2 || !strings.Contains(errOut, "want jsonl, html or text") {
		t.Errorf("extract -format xml: exit %d, %q; want 2 and the formats", code, errOut)
	}
}
