package parse

import "github.com/whosaid/whosaid/conllu"

// FromCoNLLU converts CoNLL-U sentences to parser sentences with their gold
// tags, heads and relations. Multiword tokens and empty nodes are left out;
// a missing HEAD ("_") becomes -1, which Train refuses as a tree.
func FromCoNLLU(ss []*conllu.Sentence) []Sentence {
	out := make([]Sentence, len(ss))
	for i, s := range ss {
		n := len(s.Words)
		o := Sentence{
			Words:  make([]string, n),
			UPOS:   make([]string, n),
			XPOS:   make([]string, n),
			Heads:  make([]int, n),
			Labels: make([]string, n),
		}
		for j, w := range s.Words {
			o.Words[j], o.UPOS[j], o.XPOS[j] = w.Form, w.UPOS, w.XPOS
			o.Heads[j], o.Labels[j] = w.Head, w.Deprel
		}
		out[i] = o
	}
	return out
}
