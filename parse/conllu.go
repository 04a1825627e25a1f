package parse

import "github.com/whosaid/whosaid/conllu"

// TagColumn chooses which CoNLL-U tag column FromCoNLLU reads.
type TagColumn int

const (
	UPOS TagColumn = iota // universal part of speech (column 4)
	XPOS                  // language-specific tag, PTB for English (column 5)
)

// FromCoNLLU converts CoNLL-U sentences to parser sentences, reading tags
// from column col. Multiword tokens and empty nodes are left out; a
// missing HEAD ("_") becomes -1, which Train refuses as a tree.
func FromCoNLLU(ss []*conllu.Sentence, col TagColumn) []Sentence {
	out := make([]Sentence, len(ss))
	for i, s := range ss {
		n := len(s.Words)
		o := Sentence{
			Words:  make([]string, n),
			Tags:   make([]string, n),
			Heads:  make([]int, n),
			Labels: make([]string, n),
		}
		for j, w := range s.Words {
			o.Words[j] = w.Form
			o.Tags[j] = w.UPOS
			if col == XPOS {
				o.Tags[j] = w.XPOS
			}
			o.Heads[j] = w.Head
			o.Labels[j] = w.Deprel
		}
		out[i] = o
	}
	return out
}
