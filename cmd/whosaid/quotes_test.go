package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// TestQuotesOnly checks the -quotes filter on a result written by hand:
// quotes kept with their ids, the speakers they name as speaker or target
// kept, a parent that is not kept made null.
func TestQuotesOnly(t *testing.T) {
	s1 := "s1"
	res := output.Document{Doc: "d",
		Statements: []output.Statement{
			{ID: "s1", Speaker: &output.SpeakerRef{ID: "e1"}},
			{ID: "s2", Quote: true, Speaker: &output.SpeakerRef{ID: "e2"}, Parent: &s1},
			{ID: "s3", Quote: true, Speaker: &output.SpeakerRef{ID: "e2"}, Target: &output.Span{Entity: "e3"}},
			{ID: "s4", Quote: true},
		},
		Speakers: []output.Speaker{{ID: "e1"}, {ID: "e2"}, {ID: "e3"}, {ID: "e4"}},
	}
	got := quotesOnly(res)
	var ids, sps []string
	for _, st := range got.Statements {
		ids = append(ids, st.ID)
	}
	for _, sp := range got.Speakers {
		sps = append(sps, sp.ID)
	}
	if !slices.Equal(ids, []string{"s2", "s3", "s4"}) || !slices.Equal(sps, []string{"e2", "e3"}) {
		t.Errorf("statements %v speakers %v, want [s2 s3 s4] [e2 e3]", ids, sps)
	}
	if got.Statements[0].Parent != nil {
		t.Errorf("parent %q of a statement whose parent was dropped, want null", *got.Statements[0].Parent)
	}
	if len(res.Statements) != 4 || res.Statements[1].Parent == nil {
		t.Errorf("quotesOnly changed its argument")
	}
}

// TestExtractQuotes runs extract with and without -quotes on an invented
// article: the default keeps every statement, -quotes only those marked
// quote, each with its speaker listed; the quotation standing alone in its
// own paragraph is the mayor's in both modes.
func TestExtractQuotes(t *testing.T) {
	dir := t.TempDir()
	article := "The council met on Tuesday to vote on the budget.\n\n" +
		"“We cannot keep spending money we do not have,” Mayor Maria Lopez said after the vote, which passed by a single vote after a long and bitter night.\n\n" +
		"“Every family in this city balances its books, and so must we.”\n\n" +
		"Council members believe the budget will pass next month. A recent poll shows most residents agree.\n\n" +
		"Lopez praised the finance committee.\n"
	path := filepath.Join(dir, "council.txt")
	if err := os.WriteFile(path, []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	decode := func(args ...string) output.Document {
		t.Helper()
		code, out, errOut := runCmd(t, "", append([]string{"extract"}, args...)...)
		var d output.Document
		if code != 0 || json.Unmarshal([]byte(out), &d) != nil {
			t.Fatalf("extract %v: exit %d\n%s\n%s", args, code, out, errOut)
		}
		return d
	}
	all, quotes := decode(path), decode("-quotes", path)
	standAlone := strings.Index(article, "“Every family")
	holds := func(st output.Statement) bool {
		for _, sp := range st.Content.Spans {
			if sp[0] <= standAlone && standAlone < sp[1] {
				return true
			}
		}
		return false
	}
	nonQuotes := 0
	for _, st := range all.Statements {
		if !st.Quote {
			nonQuotes++
		}
	}
	if nonQuotes == 0 || len(quotes.Statements) == 0 || len(quotes.Statements)+nonQuotes != len(all.Statements) {
		t.Fatalf("%d statements, %d not quotes; -quotes kept %d", len(all.Statements), nonQuotes, len(quotes.Statements))
	}
	for name, d := range map[string]output.Document{"default": all, "-quotes": quotes} {
		found := false
		for _, st := range d.Statements {
			if holds(st) {
				found = st.Speaker != nil && st.Speaker.Name == "Maria Lopez"
			}
		}
		if !found {
			t.Errorf("%s: the stand-alone quotation is not Maria Lopez's: %+v", name, d.Statements)
		}
	}
	listed := map[string]bool{}
	for _, sp := range quotes.Speakers {
		listed[sp.ID] = true
	}
	for _, st := range quotes.Statements {
		if !st.Quote || st.Speaker == nil || !listed[st.Speaker.ID] {
			t.Errorf("-quotes kept %+v (speakers %v)", st, quotes.Speakers)
		}
	}
	if len(quotes.Speakers) >= len(all.Speakers) {
		t.Errorf("-quotes kept %d of %d speakers, want fewer", len(quotes.Speakers), len(all.Speakers))
	}
}

// TestQueryLabels stores a result written by hand, with a quote and a
// thought, and queries it by act, type and -quotes.
func TestQueryLabels(t *testing.T) {
	text := "“The dam could fail,” the engineer Ida Berg warned. Farmers fear the worst."
	cp := func(s string) [2]int {
		i := strings.Index(text, s)
		return [2]int{len([]rune(text[:i])), len([]rune(text[:i+len(s)]))}
	}
	span := func(s string) *output.Span { return &output.Span{Spans: [][2]int{cp(s)}, Text: s} }
	doc := output.Document{Doc: "dam", Text: text,
		Statements: []output.Statement{
			{ID: "s1", Kind: "direct", Type: "speech", Act: "warn", Quote: true, Cue: span("warned"),
				Source: span("the engineer Ida Berg"), Content: span("“The dam could fail,”"), Speaker: &output.SpeakerRef{ID: "e1", Name: "Ida Berg"}},
			{ID: "s2", Kind: "indirect", Type: "thought", Act: "assert", Cue: span("fear"),
				Source: span("Farmers"), Content: span("the worst"), Speaker: &output.SpeakerRef{ID: "e2", Name: "Farmers"}},
		},
		Speakers: []output.Speaker{
			{ID: "e1", Name: "Ida Berg", Type: "person", Mentions: [][2]int{cp("the engineer Ida Berg")}, Titles: []string{"engineer"}},
			{ID: "e2", Name: "Farmers", Type: "other", Mentions: [][2]int{cp("Farmers")}, Titles: []string{}},
		}}
	line, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "w.db")
	if code, _, errs := runC(t, cmdIngest, string(line)+"\n", "-db", db, "-"); code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, errs)
	}
	tests := []struct {
		args []string
		code int
		want []string // speakers in the output, in order; nil for a usage error
	}{
		{[]string{"-act", "warn"}, 0, []string{"Ida Berg"}},
		{[]string{"-act", "warn,assert", "-sort", "oldest"}, 0, []string{"Ida Berg", "Farmers"}},
		{[]string{"-type", "thought"}, 0, []string{"Farmers"}},
		{[]string{"-type", "speech,writing", "-act", "assert"}, 0, []string{}},
		{[]string{"-quotes"}, 0, []string{"Ida Berg"}},
		{[]string{"-quotes", "worst"}, 0, []string{}},
		{[]string{"-act", "shout"}, 2, nil},
		{[]string{"-type", "speech,"}, 2, nil},
	}
	for _, tt := range tests {
		code, out, errs := runC(t, cmdQuery, "", append([]string{"-db", db, "-format", "jsonl"}, tt.args...)...)
		if code != tt.code {
			t.Errorf("query %q: exit %d, want %d\n%s", tt.args, code, tt.code, errs)
			continue
		}
		if tt.want == nil {
			if !strings.Contains(errs, "is not one of") {
				t.Errorf("query %q: stderr %q does not name the bad value", tt.args, errs)
			}
			continue
		}
		got := []string{}
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if l == "" {
				continue
			}
			var st struct {
				Speaker struct{ Name string } `json:"speaker"`
				Act     string                `json:"act"`
			}
			if err := json.Unmarshal([]byte(l), &st); err != nil || st.Act == "" {
				t.Fatalf("query %q: line %q (%v)", tt.args, l, err)
			}
			got = append(got, st.Speaker.Name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("query %q: speakers %q, want %q", tt.args, got, tt.want)
		}
	}
	// The table shows the act.
	if _, out, _ := runC(t, cmdQuery, "", "-db", db, "-act", "warn"); !strings.Contains(out, "ACT") || !strings.Contains(out, "warn") {
		t.Errorf("query table lacks the act:\n%s", out)
	}
}
