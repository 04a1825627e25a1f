package tag

import (
	"fmt"
	"sort"
	"testing"

	"github.com/whosaid/whosaid/conllu"
)

func TestDbgErrors(t *testing.T) {
	tg := defaultTagger(t)
	ss, _ := conllu.ReadFile(ewt + "/en_ewt-ud-dev.conllu")
	train, _ := conllu.ReadFile(ewt + "/en_ewt-ud-train.conllu")
	seen := map[string]bool{}
	for _, s := range train {
		for _, w := range s.Words {
			seen[w.Form] = true
		}
	}
	conf := map[string]int{}
	words := map[string]int{}
	unk, unkErr, kn, knErr := 0, 0, 0, 0
	for _, s := range ss {
		var f []string
		for _, w := range s.Words {
			f = append(f, w.Form)
		}
		up := make([]string, len(f))
		tg.Tag(f, up, nil)
		for i, w := range s.Words {
			if seen[w.Form] {
				kn++
			} else {
				unk++
			}
			if up[i] != w.UPOS {
				conf[w.UPOS+"->"+up[i]]++
				words[w.Form+" "+w.UPOS+"->"+up[i]]++
				if seen[w.Form] {
					knErr++
				} else {
					unkErr++
				}
			}
		}
	}
	fmt.Printf("known %d err %d (%.2f%%), unknown %d err %d (%.2f%%)\n", kn, knErr, 100*float64(knErr)/float64(kn), unk, unkErr, 100*float64(unkErr)/float64(unk))
	top := func(m map[string]int, n int) {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Slice(ks, func(i, j int) bool { return m[ks[i]] > m[ks[j]] })
		for _, k := range ks[:min(n, len(ks))] {
			fmt.Println(m[k], k)
		}
	}
	top(conf, 25)
	top(words, 40)
}
