package parse

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/whosaid/whosaid/learn"
)

// Sentence is one annotated sentence: words, their universal and Penn
// tags, and for each word its head (1-based, 0 for the root) and relation.
type Sentence struct {
	Words  []string
	UPOS   []string
	XPOS   []string
	Heads  []int
	Labels []string
}

// Options tunes Train. The zero value gives the shipped settings.
type Options struct {
	Iterations int     // passes over the training sentences; 0 means 15
	MoveBits   uint    // log2 of the hash buckets of the move model; 0 means 20
	LabelBits  uint    // log2 of the hash buckets of the relation model; 0 means 18
	Seed       uint64  // seeds hashing, shuffling and exploration; 0 means 1
	Explore    float64 // from the second pass on, how often a wrong move is followed; 0 means 0.9, negative means never
	// Prune zeroes the averaged weights smaller than this in magnitude, which
	// shrinks the saved model to about a third at no measurable cost; 0
	// means 1.5, negative keeps every weight.
	Prune float32
	// Dev, if not empty, is parsed after every pass and its scores logged.
	Dev []Sentence
	Log io.Writer // progress lines; nil means none
}

func (o *Options) defaults() {
	if o.Iterations == 0 {
		o.Iterations = 15
	}
	if o.MoveBits == 0 {
		o.MoveBits = 20
	}
	if o.LabelBits == 0 {
		o.LabelBits = 18
	}
	if o.Explore == 0 {
		o.Explore = 0.9
	}
	if o.Explore < 0 {
		o.Explore = 0
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Prune == 0 {
		o.Prune = 1.5
	}
}

// TrainStats counts what Train did with its sentences.
type TrainStats struct {
	Sentences     int // sentences given
	Skipped       int // sentences without a valid tree (cycles, no or several roots, heads out of range)
	NonProjective int // sentences whose gold tree was not projective
	Lifted        int // arcs lifted to make those trees projective
}

// Train learns a parser from sentences, deterministically for given
// options. Non-projective trees are made projective by lifting arcs (Nivre
// and Nilsson 2005, without marking the lifts in the relations).
func Train(sents []Sentence, opt Options) (*Parser, TrainStats, error) {
	opt.defaults()
	var stats TrainStats
	stats.Sentences = len(sents)
	// Relations, root excluded, sorted so that the model does not depend
	// on the order of the data.
	seen := map[string]bool{}
	for _, s := range sents {
		for _, l := range s.Labels {
			if l != RootLabel && l != "" && l != "_" {
				seen[l] = true
			}
		}
	}
	names := make([]string, 0, len(seen))
	for l := range seen {
		names = append(names, l)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, stats, errors.New("parse: train: no relations in the training sentences")
	}
	ids := make(map[string]int32, len(names))
	for i, l := range names {
		ids[l] = int32(i)
	}

	type goldSent struct {
		s            *Sentence
		heads, label []int32
	}
	var data []goldSent
	for i := range sents {
		s := &sents[i]
		n := len(s.Words)
		if n == 0 || len(s.UPOS) != n || len(s.XPOS) != n || len(s.Heads) != n || len(s.Labels) != n {
			stats.Skipped++
			continue
		}
		heads := make([]int32, n+1)
		labels := make([]int32, n+1)
		heads[0], labels[0] = none, none
		for j, h := range s.Heads {
			heads[j+1] = int32(h)
			labels[j+1] = none
			if id, ok := ids[s.Labels[j]]; ok && h != 0 {
				labels[j+1] = id
			}
			if h < 0 || h > n {
				heads[1] = none // marks the tree invalid below
			}
		}
		if !isTree(heads) {
			stats.Skipped++
			continue
		}
		if k := projectivize(heads); k > 0 {
			stats.NonProjective++
			stats.Lifted += k
		}
		data = append(data, goldSent{s, heads, labels})
	}
	if len(data) == 0 {
		return nil, stats, errors.New("parse: train: no sentence with a valid tree")
	}

	p := newParser(
		learn.NewModel(moveNames, opt.MoveBits, opt.Seed),
		learn.NewModel(names, opt.LabelBits, opt.Seed^0x6c6162656c),
	)
	fp := fingerprint()
	p.moves.SetFingerprint(fp)
	p.labels.SetFingerprint(fp)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7061727365))
	sc := p.pool.Get().(*scratch)
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	for it := range opt.Iterations {
		start := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		tr := &trainer{rng: rng}
		if it > 0 {
			tr.explore = opt.Explore
		}
		for _, k := range order {
			g := &data[k]
			tr.gold, tr.labels = g.heads, g.label
			sc.sn.load(g.s.Words, g.s.UPOS, g.s.XPOS)
			sc.st.reset(len(g.s.Words))
			p.run(sc, tr)
		}
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, "parse: pass %d: move errors %.2f%%, relation errors %.2f%%, %v",
				it+1, 100*float64(tr.moveErr)/float64(max(tr.moveN, 1)),
				100*float64(tr.labelErr)/float64(max(tr.labelN, 1)), time.Since(start).Round(time.Millisecond))
			if len(opt.Dev) > 0 {
				// Score with averaged weights without disturbing training:
				// averaging is done on a copy.
				sc, _ := Evaluate(p.averaged(), opt.Dev)
				fmt.Fprintf(opt.Log, ", dev UAS %.2f LAS %.2f", sc.UAS(), sc.LAS())
			}
			fmt.Fprintln(opt.Log)
		}
	}
	p.moves.Finish()
	p.labels.Finish()
	if opt.Prune > 0 {
		p.Prune(opt.Prune)
	}
	return p, stats, nil
}

// averaged returns a copy of p with averaged weights, leaving p training.
func (p *Parser) averaged() *Parser {
	return newParser(p.moves.Average(), p.labels.Average())
}

// trainer carries the gold tree of the sentence being learnt and the
// exploration policy (Goldberg and Nivre 2012).
type trainer struct {
	gold, labels []int32 // gold head and relation id of each word
	rng          *rand.Rand
	explore      float64

	moveN, moveErr, labelN, labelErr int
}

// moveStep updates the move model if guess is not among the best moves
// the oracle allows, and returns the move to follow.
func (tr *trainer) moveStep(p *Parser, st *state, sc *scratch, guess move) move {
	var costs [nMoves]int
	minCost := int(^uint(0) >> 1)
	for m := range nMoves {
		if st.valid(m) {
			costs[m] = st.cost(m, tr.gold)
			minCost = min(minCost, costs[m])
		}
	}
	truth := move(nMoves)
	for m := range nMoves {
		if st.valid(m) && costs[m] == minCost && (truth == nMoves || sc.scores[m] > sc.scores[truth]) {
			truth = m
		}
	}
	tr.moveN++
	if costs[guess] == minCost {
		p.moves.Update(sc.feats, int(guess), int(guess), 1)
		return guess
	}
	tr.moveErr++
	p.moves.Update(sc.feats, int(truth), int(guess), 1)
	if tr.explore > 0 && tr.rng.Float64() < tr.explore {
		return guess
	}
	return truth
}

// labelStep updates the relation model when the arc h → d is gold and
// guess is not its relation.
func (tr *trainer) labelStep(p *Parser, sc *scratch, h, d int32, guess int) {
	if tr.gold[d] != h || tr.labels[d] == none {
		return
	}
	tr.labelN++
	truth := int(tr.labels[d])
	if guess != truth {
		tr.labelErr++
	}
	p.labels.Update(sc.lfeats, truth, guess, 1)
}

// isTree reports whether heads (index 0 unused) is a tree: every head in
// range, exactly one word on the root, no cycle.
func isTree(heads []int32) bool {
	n := int32(len(heads) - 1)
	roots := 0
	for d := int32(1); d <= n; d++ {
		h := heads[d]
		if h < 0 || h > n || h == d {
			return false
		}
		if h == 0 {
			roots++
		}
	}
	if roots != 1 {
		return false
	}
	for d := int32(1); d <= n; d++ {
		k, steps := d, int32(0)
		for k != 0 {
			k = heads[k]
			if steps++; steps > n {
				return false
			}
		}
	}
	return true
}

// projectivize lifts non-projective arcs of the tree heads until it is
// projective, each time lifting the shortest one to the head's head, and
// returns the number of lifts.
func projectivize(heads []int32) int {
	lifts := 0
	for {
		d := shortestNonProjective(heads)
		if d == none {
			return lifts
		}
		heads[d] = heads[heads[d]]
		lifts++
	}
}

// shortestNonProjective returns the dependent of the shortest
// non-projective arc of heads, or none. An arc h → d is projective when h
// dominates every word between them.
func shortestNonProjective(heads []int32) int32 {
	n := int32(len(heads) - 1)
	best, bestLen := int32(none), n+1
	for d := int32(1); d <= n; d++ {
		h := heads[d]
		lo, hi := min(h, d), max(h, d)
		if hi-lo >= bestLen {
			continue
		}
		for k := lo + 1; k < hi; k++ {
			if !dominates(heads, h, k) {
				best, bestLen = d, hi-lo
				break
			}
		}
	}
	return best
}

// dominates reports whether h is an ancestor of k (heads is a tree).
func dominates(heads []int32, h, k int32) bool {
	for k != 0 {
		k = heads[k]
		if k == h {
			return true
		}
	}
	return h == 0
}
