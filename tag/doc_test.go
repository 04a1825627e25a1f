package tag

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/text"
)

// tagBySentence is what TagDoc must give: Tag on each sentence's words.
func tagBySentence(tg *Tagger, d *text.Doc) []string {
	xpos := make([]string, len(d.Tokens))
	for _, s := range d.Sentences {
		words := d.Words(nil, s)
		tg.Tag(words, make([]string, len(words)), xpos[s.Start:s.End])
	}
	return xpos
}

func TestTagDoc(t *testing.T) {
	tg := defaultTagger(t)
	for _, s := range []string{
		"",
		"   \n\n ",
		"The mayor said on Tuesday that the “new plan” — unveiled last week — would not work.",
		"“We will not,” she said. \"Never.\"\n\nHOST: And you? GUEST: I disagree.",
		"\xff\x00 said “ ” ''",
	} {
		d := text.New(s)
		for _, tagger := range []*Tagger{tg, tg.FirstPass()} {
			want := tagBySentence(tagger, d)
			// A reused slice, longer than needed and holding old tags,
			// gives the same tags.
			got := tagger.TagDoc(d, slices.Repeat([]string{"x"}, 40))
			if !slices.Equal(got, want) {
				t.Errorf("%q: TagDoc gives %q, Tag by sentence %q", s, got, want)
			}
		}
	}
}

// TestTagDocNews checks TagDoc against Tag sentence by sentence on the
// PolNeAR dev articles: the pipeline tags with TagDoc, the attribution
// model was trained with Tag's tags.
func TestTagDocNews(t *testing.T) {
	if testing.Short() {
		t.Skip("tags the PolNeAR dev articles twice")
	}
	files, err := filepath.Glob(filepath.Join(testenv.DataDir(t, "polnear", "dev", "text"), "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no PolNeAR dev texts: %v", err)
	}
	tg := defaultTagger(t)
	var xpos []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := text.New(string(b))
		xpos = tg.TagDoc(d, xpos)
		if want := tagBySentence(tg, d); !slices.Equal(xpos, want) {
			t.Errorf("%s: TagDoc and Tag by sentence differ", filepath.Base(f))
		}
	}
}

// FuzzTagDoc checks on any text that TagDoc tags every token of every
// sentence, as Tag does sentence by sentence.
func FuzzTagDoc(f *testing.F) {
	tg := defaultTagger(f)
	f.Add("The mayor said on Tuesday that the “new plan” would not work.")
	f.Add("“ ’ \xff —\n\nA: b. C? ''")
	f.Fuzz(func(t *testing.T, s string) {
		d := text.New(s)
		got := tg.TagDoc(d, nil)
		if len(got) != len(d.Tokens) {
			t.Fatalf("%d tags for %d tokens", len(got), len(d.Tokens))
		}
		for _, sent := range d.Sentences {
			for i := sent.Start; i < sent.End; i++ {
				if got[i] == "" {
					t.Fatalf("token %d (%q) untagged", i, d.Form(i))
				}
			}
		}
		if want := tagBySentence(tg, d); !slices.Equal(got, want) {
			t.Fatalf("TagDoc gives %q, Tag by sentence %q", got, want)
		}
	})
}
