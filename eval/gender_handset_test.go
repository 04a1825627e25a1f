package eval_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/eval"
	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/output"
)

// The gender figures of QUALITY.md, measured on the 100 hand-labelled
// person speakers of testdata/gender/labels.tsv (96 whose gender the
// article tells) with the shipped pipeline: a gender is given for 79 of
// the 96 and right for all 79 (78 of 78 with the model before the
// encoder's third convolution and role context; a surname with an honorific no longer
// joins a person of the other sex, so "Mrs. Clinton" no longer made a
// female "Bill Clinton" of one article, the one wrong label before, which
// now goes missing), a label finding its speaker up to
// middle initials (eval.ScoreGender; "Donald J. Trump" is shown "Donald
// Trump"), 78 and 77 by exact names alone. (The narrative's pronouns raised it
// from 78 and 77 to 79 and 78 with the attribution model before the
// contextual encoder; that model gives one labelled speaker fewer, 5 of
// the 100 missing. With the model before issue 9's retraining it was 82
// and 81.) Like the figures of floor_test.go,
// a change must not move them silently: one label moves the accuracy by
// about 0.012 and the coverage by about 0.010, so the tolerance lets none
// move unrecorded.
const (
	genderAccuracy  = 1.0000 // 79 of 79
	genderCoverage  = 0.8229 // 79 of 96 (79 of the 91 found)
	genderTolerance = 0.005

	// The share of women among the people quoted in PolNeAR train+dev
	// (924 articles), of the statements credited to a person of known
	// gender (2,604 of 11,328) and of the people of known gender (one per
	// article: 874 of 3,595).
	womenStatements = 0.2299
	womenPeople     = 0.2431
	shareTolerance  = 0.002
)

// polnearText returns the text of a PolNeAR article of train or dev.
func polnearText(t *testing.T, dir, doc string) string {
	t.Helper()
	for _, split := range []string{"train", "dev"} {
		b, err := os.ReadFile(filepath.Join(dir, split, "text", doc+".txt"))
		if err == nil {
			return string(b)
		}
	}
	t.Fatalf("%s: not in PolNeAR train or dev", doc)
	return ""
}

// extractPolNeAR runs the pipeline on the named PolNeAR articles.
func extractPolNeAR(t *testing.T, dir string, docs []string) []output.Document {
	t.Helper()
	p, err := whosaid.New(whosaid.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]output.Document, 0, len(docs))
	for _, doc := range docs {
		res, err := p.Extract(context.Background(), whosaid.Doc{ID: doc, Text: polnearText(t, dir, doc)})
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		out = append(out, res)
	}
	return out
}

// TestGenderHandSet recomputes the accuracy and coverage of the speakers'
// genders on the hand-labelled sample.
func TestGenderHandSet(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "gender", "labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	labels, err := eval.ReadGenderLabels(f)
	if err != nil {
		t.Fatalf("labels.tsv: %v", err)
	}
	if len(labels) != 100 {
		t.Fatalf("labels.tsv: %d labels, want 100", len(labels))
	}
	dir := testenv.DataDir(t, "polnear")
	seen := map[string]bool{}
	var docs []string
	for _, l := range labels {
		if !seen[l.Doc] {
			seen[l.Doc] = true
			docs = append(docs, l.Doc)
		}
	}
	rep := eval.ScoreGender(labels, extractPolNeAR(t, dir, docs))
	t.Logf("%d labels, %d known, %d given, %d right, %d speakers missing", rep.Labels, rep.Known, rep.Given, rep.Right, rep.Missing)
	for _, w := range rep.Wrong {
		t.Logf("wrong: %s: %s is %s", w.Doc, w.Name, w.Gender)
	}
	testenv.CheckFigure(t, "gender accuracy", rep.Accuracy(), genderAccuracy, genderTolerance)
	testenv.CheckFigure(t, "gender coverage", rep.Coverage(), genderCoverage, genderTolerance)
}

// TestGenderShare recomputes the share of women among the people quoted
// in PolNeAR train and dev.
func TestGenderShare(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline on 924 articles")
	}
	dir := testenv.DataDir(t, "polnear")
	var docs []string
	for _, split := range []string{"train", "dev"} {
		m, err := filepath.Glob(filepath.Join(dir, split, "text", "*.txt"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range m {
			docs = append(docs, eval.DocName(filepath.Base(p)))
		}
	}
	sort.Strings(docs)
	st, pe := eval.GenderShare(extractPolNeAR(t, dir, docs))
	t.Logf("statements %v, people %v", st, pe)
	share := func(m map[string]int) float64 {
		return float64(m[output.Female]) / float64(m[output.Female]+m[output.Male])
	}
	testenv.CheckFigure(t, "women among statements of people", share(st), womenStatements, shareTolerance)
	testenv.CheckFigure(t, "women among people quoted", share(pe), womenPeople, shareTolerance)
}
