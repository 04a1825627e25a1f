package tag

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/conllu"
	"github.com/whosaid/whosaid/internal/testenv"
)

// TestNewsAgreement tags the PolNeAR dev articles (their real surface
// forms, curly quotes included) and reports how often the XPOS agrees
// with CoreNLP's automatic tags: a proxy for accuracy on news, which has
// no gold tags here. It needs the shared data.
func TestNewsAgreement(t *testing.T) {
	dir := testenv.DataDir(t, "polnear")
	ss, err := conllu.ReadFile(filepath.Join(dir, "dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	tg := defaultTagger(t)
	texts := map[string][]rune{}
	var n, agree, quotes, quotesRight int
	for _, s := range ss {
		text, ok := texts[s.DocID]
		if !ok {
			b, err := os.ReadFile(filepath.Join(dir, "dev", "text", s.DocID+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			text = []rune(string(b))
			texts[s.DocID] = text
		}
		words := make([]string, len(s.Words))
		for i, w := range s.Words {
			words[i] = w.Form
			if r, ok := conllu.MiscValue(w.Misc, "TokenRange"); ok {
				a, b, _ := strings.Cut(r, ":")
				start, err1 := strconv.Atoi(a)
				end, err2 := strconv.Atoi(b)
				if err1 == nil && err2 == nil && 0 <= start && start < end && end <= len(text) {
					words[i] = string(text[start:end])
				}
			}
		}
		xpos := make([]string, len(words))
		tg.Tag(words, nil, xpos)
		for i, w := range s.Words {
			n++
			if xpos[i] == w.XPOS {
				agree++
			}
			if w.XPOS == "``" || w.XPOS == "''" {
				quotes++
				if xpos[i] == w.XPOS {
					quotesRight++
				}
			}
		}
	}
	t.Logf("PolNeAR dev: XPOS agrees with CoreNLP on %.2f%% of %d tokens; quotes %d of %d", 100*float64(agree)/float64(n), n, quotesRight, quotes)
	if quotes > 0 && float64(quotesRight) < 0.9*float64(quotes) {
		t.Errorf("only %d of %d quote marks tagged as CoreNLP does", quotesRight, quotes)
	}
}
