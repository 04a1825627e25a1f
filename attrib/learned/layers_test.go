package learned

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/tag"
	"github.com/whosaid/whosaid/text"
)

// TestExtractLayers checks that the shipped model given the layers a
// pipeline computes (the embedded tagger's tags, the rules' statements)
// finds what Extract finds computing them itself, and that tags of the
// wrong length are replaced, not read.
func TestExtractLayers(t *testing.T) {
	x, err := Load(models.Attrib())
	if err != nil {
		t.Fatal(err)
	}
	if x.tagger != nil {
		t.Error("Load loaded a tagger")
	}
	tg, err := tag.Default()
	if err != nil {
		t.Fatal(err)
	}
	rules := attrib.New()
	texts := []string{
		"",
		"“The pier is unsafe,” said Lena Ortiz. The union said boats would wait.",
		"According to the council, the bridge will close.\n\nHOST: Why?\n\nGUEST: Omar Haddad warned that it could fail.",
	}
	for _, name := range []string{"harbor.txt", "bridge.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", "tiny", "text", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	found := 0
	for _, s := range texts {
		d := text.New(s)
		want := x.Extract(d)
		found += len(want)
		xpos := tg.TagDoc(d, nil)
		if got := x.ExtractLayers(d, xpos, rules.Extract(d)); !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q: ExtractLayers gives %v, Extract %v", s, got, want)
		}
		if got := x.ExtractLayers(d, xpos[:len(xpos)/2], rules.Extract(d)); !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q: with half the tags, ExtractLayers gives %v, Extract %v", s, got, want)
		}
		if got := x.ExtractTagged(d, xpos); !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q: ExtractTagged gives %v, Extract %v", s, got, want)
		}
	}
	if found == 0 {
		t.Error("no statement in any text: the test compares nothing")
	}
}
