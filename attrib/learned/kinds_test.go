package learned

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/eval"
	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/text"
	"github.com/whosaid/whosaid/vectors"
)

// speechHeads are the plain speech verbs (and "according") that
// TestCueKinds counts apart from other verbs.
var speechHeads = map[string]bool{
	"said": true, "say": true, "says": true, "saying": true, "told": true, "tell": true,
	"tells": true, "according": true, "added": true, "asked": true, "wrote": true,
	"stated": true, "announced": true, "reported": true,
}

// TestCueKinds prints, for the embedded model or each model file of
// WHOSAID_KINDS_MODELS (comma-separated; vectors in WHOSAID_VECTORS for a
// model with a dense cue scorer), the share of PolNeAR dev's gold cues
// that the cue tagger finds (any token in common), by the kind of the
// cue's first word: a plain speech verb, another verb, a noun, an
// adjective, anything else (QUALITY.md, issue 9). It runs only when
// WHOSAID_KINDS is set.
func TestCueKinds(t *testing.T) {
	if os.Getenv("WHOSAID_KINDS") == "" {
		t.Skip("set WHOSAID_KINDS=1")
	}
	gold, err := eval.LoadGold(testenv.DataDir(t, "polnear", "dev"))
	if err != nil {
		t.Fatal(err)
	}
	var vec *vectors.Table
	if vp := os.Getenv("WHOSAID_VECTORS"); vp != "" {
		b, err := os.ReadFile(vp)
		if err != nil {
			t.Fatal(err)
		}
		if vec, err = vectors.Load(b); err != nil {
			t.Fatal(err)
		}
	}
	paths := []string{""}
	if v := os.Getenv("WHOSAID_KINDS_MODELS"); v != "" {
		paths = strings.Split(v, ",")
	}
	kinds := []string{"speech verb", "other verb", "noun", "adjective", "other"}
	for _, path := range paths {
		data := models.Attrib()
		if path != "" {
			if data, err = os.ReadFile(path); err != nil {
				t.Fatal(err)
			}
		}
		x, err := LoadWith(data, vec)
		if err != nil {
			t.Fatal(err)
		}
		var n, hit [5]int
		for _, d := range gold.Docs {
			td := text.New(d.Text)
			p := newPrep(td, x.rules.Extract(td), x.tags(td), x.lex)
			if x.dense != nil {
				x.dense.score(p)
			}
			if x.enc != nil {
				x.enc.score(p)
			}
			var f fb
			pred := make([]bool, len(td.Tokens))
			for _, r := range x.tagCues(&f, p, nil, 0) {
				for i := r.Start; i < r.End; i++ {
					pred[i] = true
				}
			}
			for _, r := range goldCues(td, d) {
				k := 4
				for i := r.Start; i < r.End; i++ {
					if td.Tokens[i].Kind != text.Word {
						continue
					}
					switch tc := tagClass(p.pos[i]); {
					case speechHeads[p.low[i]]:
						k = 0
					case tc == tcVerb:
						k = 1
					case tc == tcNoun:
						k = 2
					case tc == tcAdj:
						k = 3
					}
					break
				}
				n[k]++
				for i := r.Start; i < r.End; i++ {
					if pred[i] {
						hit[k]++
						break
					}
				}
			}
		}
		for k, name := range kinds {
			fmt.Printf("CUEKINDS %s %s: %d of %d (%.3f)\n", path, name, hit[k], n[k], float64(hit[k])/float64(max(n[k], 1)))
		}
	}
}
