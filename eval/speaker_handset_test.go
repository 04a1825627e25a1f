package eval_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/output"
)

// handSet is testdata/speaker/expected.json: fictional articles written for
// whosaid, with the right speaker of each statement checked by hand.
type handSet struct {
	Articles []struct {
		File       string `json:"file"`
		Statements []struct {
			Content string   `json:"content"` // a phrase inside the statement's content
			Names   []string `json:"names"`   // speaker names counted as right
			Case    string   `json:"case"`    // what the statement tests
		} `json:"statements"`
	} `json:"articles"`
}

// handSetFloor is the share of the hand-checked statements whose speaker
// the pipeline names right. When the first 23 were written it was 21 of 23,
// the misses being two sources where a role and a name stand in apposition
// before the cue ("The US ambassador to the United Nations, Helena
// Marchetti, said" gave "United Nations"); the speaker stage was then
// fixed for that construction. The five of orchard.txt (pronouns after a
// man and a woman, "they" for an organization, descriptions resolved by
// an earlier apposition) were written before the salience and gender
// changes they test and scored 2 of 5 blind; the stage now gets all five.
// So the set is no longer blind to these constructions. Any loss fails
// the test.
const handSetFloor = 28.0 / 28

// TestSpeakerHandSet runs the whole pipeline on the hand-checked articles
// and asserts the share of statements whose speaker is named right.
func TestSpeakerHandSet(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "speaker", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var set handSet
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	p, err := whosaid.New(whosaid.Options{})
	if err != nil {
		t.Fatal(err)
	}
	right, total := 0, 0
	for _, a := range set.Articles {
		raw, err := os.ReadFile(filepath.Join("testdata", "speaker", a.File))
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		res, err := p.Extract(context.Background(), whosaid.Doc{ID: a.File, Text: text})
		if err != nil {
			t.Fatalf("%s: %v", a.File, err)
		}
		for _, st := range a.Statements {
			total++
			i := strings.Index(text, st.Content)
			if i < 0 || strings.Contains(text[i+1:], st.Content) {
				t.Fatalf("%s: content phrase %q must occur exactly once", a.File, st.Content)
			}
			at := utf8.RuneCountInString(text[:i])
			s := statementAt(res, at)
			switch {
			case s == nil:
				t.Logf("%s: %-45q %s: no statement found", a.File, st.Content, st.Case)
			case s.Speaker == nil:
				t.Logf("%s: %-45q %s: no speaker, want %q", a.File, st.Content, st.Case, st.Names[0])
			case oneOf(s.Speaker.Name, st.Names):
				right++
			default:
				t.Logf("%s: %-45q %s: speaker %q, want %q", a.File, st.Content, st.Case, s.Speaker.Name, st.Names[0])
			}
		}
	}
	share := float64(right) / float64(total)
	t.Logf("speakers right: %d of %d (%.3f)", right, total, share)
	if share < handSetFloor-1e-9 {
		t.Errorf("speakers right: %d of %d (%.3f), below the floor %.3f", right, total, share, handSetFloor)
	}
}

// statementAt returns the statement whose content covers code point at.
func statementAt(d output.Document, at int) *output.Statement {
	for i, s := range d.Statements {
		if s.Content == nil {
			continue
		}
		for _, sp := range s.Content.Spans {
			if sp[0] <= at && at < sp[1] {
				return &d.Statements[i]
			}
		}
	}
	return nil
}

// oneOf reports whether name equals one of names, case and a leading "the"
// folded.
func oneOf(name string, names []string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.Join(strings.Fields(s), " "))
		s = strings.ReplaceAll(s, "’", "'")
		return strings.TrimPrefix(s, "the ")
	}
	for _, n := range names {
		if norm(n) == norm(name) {
			return true
		}
	}
	return false
}
