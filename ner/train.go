package ner

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/whosaid/whosaid/learn"
)

// Sentence is a training or test sentence: its words, its names, and the
// id of its document when the reader knows it.
type Sentence struct {
	Words    []string
	Entities []Entity
	Doc      string
}

// TrainOptions set up Train. The zero value gives the defaults.
type TrainOptions struct {
	// Types are the name types to learn; names of other types are taken
	// as words outside names. Default: PER, ORG, LOC, MISC.
	Types []Type
	// Epochs over the training sentences; default 6.
	Epochs int
	// Bits is log2 of the number of hash buckets; default 20.
	Bits uint
	// Seed fixes the hashing and the order of the sentences; default 1.
	Seed uint64
	// Unlabeled holds extra sentences (words only) from which, together
	// with the training sentences, the lexicon of word clusters and
	// capitalization rates is learned.
	Unlabeled [][]string
	// MinCount is how often a word must occur to enter the lexicon;
	// default 3.
	MinCount int
	// GazetteerMin is how often a name must occur in the training data to
	// enter the gazetteer; default 2.
	GazetteerMin int
	// LowerShare is the share of training sentences also learned in
	// lower case, so that names typed without capitals (common on the
	// web) are found from the words themselves; 0 adds none.
	LowerShare float64
	// Progress, if set, is called after each epoch with the share of
	// words whose label was right before the update.
	Progress func(epoch int, accuracy float64)
}

// Train learns a tagger from sentences with names. The same sentences and
// options always give the same model.
func Train(sents []Sentence, opt TrainOptions) (*Tagger, error) {
	if len(sents) == 0 {
		return nil, errors.New("ner: no training sentences")
	}
	if opt.Types == nil {
		opt.Types = []Type{PER, ORG, LOC, MISC}
	}
	for _, ty := range opt.Types {
		if ty == None || ty >= numTypes {
			return nil, fmt.Errorf("ner: cannot learn type %v", ty)
		}
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 6
	}
	if opt.Bits == 0 {
		opt.Bits = 20
	}
	if opt.Bits > learn.MaxBits {
		return nil, fmt.Errorf("ner: %d hash bits, at most %d", opt.Bits, learn.MaxBits)
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 3
	}
	if opt.GazetteerMin <= 0 {
		opt.GazetteerMin = 2
	}
	text := make([][]string, 0, len(sents)+len(opt.Unlabeled))
	for _, s := range sents {
		text = append(text, s.Words)
	}
	text = append(text, opt.Unlabeled...)
	lex := buildLexicon(text, lexiconOptions{minCount: opt.MinCount, maxWords: 100000, contexts: 1000})

	m := learn.NewModel(labelNames(opt.Types), opt.Bits, opt.Seed)
	m.SetFingerprint(fingerprint())
	// Names from all sentences go into the model; while training, each
	// sentence sees only the names of the other half of the data (halves
	// of blocks of 100 sentences, about an article each), as it will see
	// names it was not trained on.
	half := func(k int) int { return k / 100 % 2 }
	gaz := buildGazetteer(sents, func(int) bool { return true }, opt.GazetteerMin)
	jack := [2]*gazetteer{
		buildGazetteer(sents, func(k int) bool { return half(k) == 1 }, opt.GazetteerMin),
		buildGazetteer(sents, func(k int) bool { return half(k) == 0 }, opt.GazetteerMin),
	}
	t, err := newTagger(m, lex, gaz)
	if err != nil {
		return nil, err
	}
	origin := make([]int, len(sents))
	for k := range origin {
		origin[k] = k
	}
	if opt.LowerShare > 0 {
		r := rand.New(rand.NewPCG(opt.Seed, 0x10e7))
		n := len(sents)
		for k := 0; k < n; k++ {
			if r.Float64() < opt.LowerShare {
				sents = append(sents, Sentence{Words: lowerAll(sents[k].Words), Entities: sents[k].Entities})
				origin = append(origin, k)
			}
		}
	}
	gold := make([][]int, len(sents))
	for k, s := range sents {
		gold[k] = t.bilou(s.Entities, len(s.Words), nil)
	}
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	sc := &scratch{}
	for ep := 0; ep < opt.Epochs; ep++ {
		r := rand.New(rand.NewPCG(opt.Seed, uint64(ep)))
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, all := 0, 0
		for _, k := range order {
			words := sents[k].Words
			if len(words) == 0 {
				continue
			}
			sc.jack = jack[half(origin[k])]
			right += t.run(sc, words, gold[k])
			all += len(words)
		}
		if opt.Progress != nil && all > 0 {
			opt.Progress(ep+1, float64(right)/float64(all))
		}
	}
	m.Finish()
	sc.jack = nil
	return t, nil
}

func lowerAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.ToLower(w)
	}
	return out
}
