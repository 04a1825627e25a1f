package parse_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/parse"
)

// TestDefault loads the embedded model and parses a sentence written for
// the test, checking the arcs any reasonable parser gets right.
func TestDefault(t *testing.T) {
	if models.Bytes("parse.model") == nil {
		t.Fatal("models/parse.model is not embedded: the shipped model is missing from the repository")
	}
	p, err := parse.Default()
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("The committee said that the new bridge would open in May .")
	upos := strings.Fields("DET NOUN VERB SCONJ DET ADJ NOUN AUX VERB ADP PROPN PUNCT")
	xpos := strings.Fields("DT NN VBD IN DT JJ NN MD VB IN NNP .")
	heads := make([]int, len(words))
	labels := make([]string, len(words))
	if err := p.Parse(words, upos, xpos, heads, labels); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		dep, head int
		label     string
	}{
		{1, 2, "det"}, {2, 3, "nsubj"}, {3, 0, "root"}, {4, 9, "mark"}, {6, 7, "amod"},
		{7, 9, "nsubj"}, {8, 9, "aux"}, {9, 3, "ccomp"}, {11, 9, "obl"}, {12, 3, "punct"},
	}
	for _, w := range want {
		if heads[w.dep-1] != w.head || labels[w.dep-1] != w.label {
			t.Errorf("word %d %q: head %d %s, want %d %s", w.dep, words[w.dep-1], heads[w.dep-1], labels[w.dep-1], w.head, w.label)
		}
	}
}

func ExampleParser_Parse() {
	p, err := parse.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	words := []string{"She", "smiled", "."}
	heads := make([]int, len(words))
	labels := make([]string, len(words))
	err = p.Parse(words, []string{"PRON", "VERB", "PUNCT"}, []string{"PRP", "VBD", "."}, heads, labels)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, w := range words {
		fmt.Println(i+1, w, heads[i], labels[i])
	}
	// Output:
	// 1 She 2 nsubj
	// 2 smiled 0 root
	// 3 . 2 punct
}
