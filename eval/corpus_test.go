package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadGold(t *testing.T) {
	c, err := LoadGold(filepath.Join("testdata", "mini"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Docs) != 2 || c.Docs[0].Name != "a-story" || c.Docs[1].Name != "b-story" {
		t.Fatalf("docs = %v, want a-story and b-story", names(c))
	}
	a := c.Doc("a-story")
	if a == nil || len(a.Files) != 2 || !strings.HasSuffix(a.Files[0], "a-story_aaaa.ann") {
		t.Fatalf("a-story files = %v, want aaaa then bbbb", a.Files)
	}
	// The gold is the first file: 3 relations, the second one written
	// before its T lines, the third with a colon cue.
	if len(a.Gold) != 3 {
		t.Fatalf("a-story gold has %d statements, want 3", len(a.Gold))
	}
	if got := a.Gold[1].Source; len(got) != 1 || a.Text[runeIndex(a.Text, got[0][0]):runeIndex(a.Text, got[0][1])] != "she" {
		t.Errorf("second statement source = %v, want \"she\"", got)
	}
	if len(a.Annotations[1]) != 2 || a.Annotations[1][1].Source != nil {
		t.Errorf("second annotator = %+v, want 2 statements, the second without source", a.Annotations[1])
	}
	if c.Doc("nope") != nil {
		t.Error(`Doc("nope") is not nil`)
	}

	second := c.Annotator(1)
	if len(second.Docs) != 1 || second.Docs[0].Name != "a-story" || len(second.Docs[0].Gold) != 2 {
		t.Errorf("Annotator(1) = %v, want a-story with 2 statements", names(second))
	}
	if len(c.Annotator(2).Docs) != 0 {
		t.Error("Annotator(2) is not empty")
	}
	if p := c.Predictions(1); len(p) != 1 || len(p["a-story"]) != 2 {
		t.Errorf("Predictions(1) = %v, want a-story's 2 statements", p)
	}
	// Scoring a corpus against its own gold gives 1 everywhere.
	self := Score(c, c.Predictions(0))
	if self.Statement.F1 != 1 || self.FullExact.F1 != 1 || self.Token.Source.F1 != 1 || self.ExactSpan.Cue.F1 != 1 {
		t.Errorf("self score = %+v, want 1", self.Scores)
	}
}

// runeIndex returns the byte offset of code point cp in s.
func runeIndex(s string, cp int) int {
	n := 0
	for i := range s {
		if n == cp {
			return i
		}
		n++
	}
	return len(s)
}

func names(c *Corpus) []string {
	var n []string
	for _, d := range c.Docs {
		n = append(n, d.Name)
	}
	return n
}

func TestAgreementMini(t *testing.T) {
	c, err := LoadGold(filepath.Join("testdata", "mini"))
	if err != nil {
		t.Fatal(err)
	}
	r := Agreement(c)
	if r.Documents != 1 || r.Pairs != 2 {
		t.Fatalf("documents, pairs = %d, %d, want 1, 2", r.Documents, r.Pairs)
	}
	// Both orders pooled (worked out by hand in testdata/mini/README).
	for _, x := range []struct {
		name string
		f    PRF
		want [3]int
	}{
		{"token source", r.Token.Source, [3]int{2, 5, 5}},
		{"token cue", r.Token.Cue, [3]int{4, 4, 4}},
		{"token content", r.Token.Content, [3]int{16, 22, 22}},
		{"span source", r.ExactSpan.Source, [3]int{0, 4, 4}},
		{"span content", r.ExactSpan.Content, [3]int{2, 5, 5}},
		{"statement partial", r.Statement, [3]int{4, 5, 5}},
		{"statement exact", r.StatementExact, [3]int{2, 5, 5}},
		{"full exact", r.FullExact, [3]int{0, 5, 5}},
	} {
		if got := [3]int{x.f.Matched, x.f.Gold, x.f.Pred}; got != x.want {
			t.Errorf("%s: matched, gold, pred = %v, want %v", x.name, got, x.want)
		}
	}
	if r.SourceAgreement.Agree != 2 || r.SourceAgreement.Pairs != 4 || r.CueAgreement.Agree != 4 {
		t.Errorf("agreement = %+v %+v, want source 2/4, cue 4/4", r.SourceAgreement, r.CueAgreement)
	}
}

func TestLoadGoldErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no texts", map[string]string{}, "no text/*.txt"},
		{"ann without text", map[string]string{"text/a.txt": "hi", "attributions/b_0001.ann": ""}, "no text file b.txt"},
		{"bad ann", map[string]string{"text/a.txt": "hi", "attributions/a_0001.ann": "T1\tCue 0\tx\n"}, "a_0001.ann: line 1"},
		{"span beyond text", map[string]string{"text/a.txt": "hé!",
			"attributions/a_0001.ann": "T1\tAttribution 0 4\tx\nE1\tAttribution:T1 Cue:T1\n"}, "line 2: E1: span 0-4 beyond the end of the text (3 code points)"},
		{"bad ann name", map[string]string{"text/a.txt": "hi", "attributions/a.ann": ""}, "not NAME_ANNOTATOR.ann"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, sub := range []string{"text", "attributions"} {
				if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for name, body := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := LoadGold(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadGold error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
