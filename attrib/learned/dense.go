package learned

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync/atomic"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/vectors"
)

// The dense cue scorer is a small network (learn.Net) that gives each
// token the probability that a cue starts (B) or goes on (I) there, from
// dense inputs the perceptron's hashed features handle badly: the
// pretrained vectors of the token and its neighbours, which place a cue
// word never seen in training near the cue words that were, beside one-hot
// codes of the Penn tags, cue-lexicon buckets and rules' roles around the
// token. Its probabilities, in bins, become features of the cue
// perceptron (stacking). The perceptron is trained on probabilities that
// come, for each training article, from a net not trained on that article
// (K-fold jackknifing), so that it learns how far to trust them on
// unseen text.

// DenseOptions configures the dense cue scorer; see Options.Dense.
type DenseOptions struct {
	// Vectors is the table of word vectors; nil trains the net on the
	// one-hot inputs alone.
	Vectors *vectors.Table
	// Window is how many tokens on each side of the token give their
	// vectors too (0: the token's alone; default -1 means 2).
	Window int
	// Hidden is the number of hidden units (default 32; negative means
	// none: softmax regression).
	Hidden int
	// Epochs is the number of passes over the examples (default 3).
	Epochs int
	// Folds is the number of jackknife folds (default 4).
	Folds int
	// KeepO is the share of tokens outside cues the net trains on (all
	// cue tokens are kept; default 0.3).
	KeepO float64
	// L2 and Rate are passed to learn.NetOptions (0: its defaults).
	L2, Rate float32
}

func (o *DenseOptions) defaults() {
	if o.Window < 0 {
		o.Window = 2
	}
	switch {
	case o.Hidden == 0:
		o.Hidden = 32
	case o.Hidden < 0:
		o.Hidden = 0
	}
	if o.Epochs <= 0 {
		o.Epochs = 3
	}
	if o.Folds <= 1 {
		o.Folds = 4
	}
	if o.KeepO <= 0 || o.KeepO > 1 {
		o.KeepO = 0.3
	}
}

// pennTags are the part-of-speech tags the dense net tells apart; any
// other tag shares one more input.
var pennTags = []string{
	"<s>", "</s>", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD",
	"NN", "NNS", "NNP", "NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP",
	"SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB",
	",", ".", ":", "``", "''", "-LRB-", "-RRB-", "#", "$", "HYPH", "NFP", "ADD", "AFX",
}

var pennIndex = func() map[string]int32 {
	m := make(map[string]int32, len(pennTags))
	for i, t := range pennTags {
		m[t] = int32(i)
	}
	return m
}()

// Layout of the dense net's indicator inputs, group after group.
const (
	nPOS   = 52 // len(pennTags) + 1 for any other tag
	nLex   = 6  // cue-lexicon buckets 0..5
	nRole  = 8  // rules' role x starts its range
	nShape = 6
)

// denseLayout says where each group of indicators starts for a window.
type denseLayout struct {
	win, dim       int // window and vector dimensions (0 without vectors)
	unk            int // per window position: no vector, outside the document
	pos, lex, role int // for i-1, i, i+1
	nrole, quote   int // roles of i-1 and i+1; in quotes
	shape, sparse  int
	denseN         int
	// frame, with the frame features, starts the indicators of the
	// complement marker by distance, the subject class and the tag class
	// by complement marker.
	frame           int
	fingerprintName string
}

func newDenseLayout(win, dim int, frame bool) denseLayout {
	l := denseLayout{win: win, dim: dim, frame: -1}
	n := 0
	if dim > 0 {
		l.unk = n
		n += 2 * (2*win + 1)
		l.denseN = dim * (2*win + 1)
	}
	l.pos = n
	n += 3 * nPOS
	l.lex = n
	n += 3 * nLex
	l.role = n
	n += nRole
	l.nrole = n
	n += 2 * 4
	l.quote = n
	n += 2
	l.shape = n
	n += nShape
	l.fingerprintName = "attrib/learned dense v1 win=" + strconv.Itoa(win) + " dim=" + strconv.Itoa(dim)
	if frame {
		l.frame = n
		n += int(nFrame)*(frameReach+1) + int(nSubj) + int(nTagClass)*int(nFrame)
		l.fingerprintName += " frame"
	}
	l.sparse = n
	return l
}

// denseScorer computes the dense inputs of tokens and runs the net.
type denseScorer struct {
	net *learn.Net
	vec *vectors.Table
	l   denseLayout
	// resp caches, for the table's first words (the most frequent), the
	// net's first-layer response to the word's vector at each window
	// position, filled when first needed: scoring a token then adds a
	// few cached rows instead of multiplying its window's vectors by the
	// first layer. Concurrent fills of one word store equal values.
	resp []atomic.Pointer[[]float32]
}

// cacheWords bounds the words whose responses are cached: with a window
// of 2 and 32 hidden units, 640 bytes a word, 21 MB when all are.
const cacheWords = 1 << 15

func newDenseScorer(net *learn.Net, vec *vectors.Table, l denseLayout) *denseScorer {
	s := &denseScorer{net: net, vec: vec, l: l}
	if vec != nil {
		s.resp = make([]atomic.Pointer[[]float32], min(vec.Len(), cacheWords))
	}
	return s
}

// response returns the first layer's response to the vector of word w at
// window position k (0..2*win), from the cache when it holds w; v and tmp
// are buffers of Dim() and (2*win+1)*FirstLayer() values.
func (s *denseScorer) response(w int32, k int, v, tmp []float32) []float32 {
	o := s.net.FirstLayer()
	if int(w) < len(s.resp) {
		if r := s.resp[w].Load(); r != nil {
			return (*r)[k*o : (k+1)*o]
		}
		r := make([]float32, (2*s.l.win+1)*o)
		s.vec.Vector(int(w), v)
		for j := 0; j <= 2*s.l.win; j++ {
			s.net.AddDense(r[j*o:(j+1)*o], j*s.l.dim, v)
		}
		s.resp[w].Store(&r)
		return r[k*o : (k+1)*o]
	}
	r := tmp[:o]
	clear(r)
	s.vec.Vector(int(w), v)
	s.net.AddDense(r, k*s.l.dim, v)
	return r
}

// denseBuf holds the per-call buffers of a denseScorer.
type denseBuf struct {
	dense, v, probs []float32
	active          []int32
}

func (s *denseScorer) newBuf() *denseBuf {
	return &denseBuf{
		dense: make([]float32, s.l.denseN),
		v:     make([]float32, s.l.dim),
		probs: make([]float32, len(cueLabels)),
	}
}

// vecIndex returns the vector index of each token of p (-1 when the
// table has no vector for it).
func (s *denseScorer) vecIndex(p *prep) []int32 {
	if s.vec == nil {
		return nil
	}
	idx := make([]int32, len(p.low))
	for i, w := range p.low {
		k, ok := s.vec.Lookup(w)
		if !ok {
			k = -1
		}
		idx[i] = int32(k)
	}
	return idx
}

func shapeClass(sh string) int32 {
	switch sh {
	case "Xx":
		return 0
	case "x":
		return 1
	case "X":
		return 2
	case "d":
		return 3
	}
	if len(sh) > 0 && (sh[0] == 'X' || sh[0] == 'x') {
		return 4
	}
	return 5
}

// inputs fills b.dense and b.active for token i of p; vi is vecIndex(p).
func (s *denseScorer) inputs(p *prep, vi []int32, i int, b *denseBuf) {
	l := s.l
	if l.dim > 0 {
		clear(b.dense)
		for o := -l.win; o <= l.win; o++ {
			if j, k := i+o, o+l.win; j >= 0 && j < len(p.low) && vi[j] >= 0 {
				s.vec.Vector(int(vi[j]), b.dense[k*l.dim:(k+1)*l.dim])
			}
		}
	}
	s.indicators(p, vi, i, b)
}

// indicators fills b.active with the indicator inputs of token i of p.
func (s *denseScorer) indicators(p *prep, vi []int32, i int, b *denseBuf) {
	l := s.l
	b.active = b.active[:0]
	if l.dim > 0 {
		for o := -l.win; o <= l.win; o++ {
			j, k := i+o, o+l.win
			switch {
			case j < 0 || j >= len(p.low):
				b.active = append(b.active, int32(l.unk+2*k+1))
			case vi[j] < 0:
				b.active = append(b.active, int32(l.unk+2*k))
			}
		}
	}
	for o := -1; o <= 1; o++ {
		t, ok := pennIndex[p.posAt(i+o)]
		if !ok {
			t = nPOS - 1
		}
		b.active = append(b.active, int32(l.pos+(o+1)*nPOS)+t)
		b.active = append(b.active, int32(l.lex+(o+1)*nLex)+int32(min(p.lexAt(i+o), nLex-1)))
	}
	b.active = append(b.active, int32(l.role+2*int(p.role[i])+b2i(p.ruleStart[i])))
	if i > 0 {
		b.active = append(b.active, int32(l.nrole+int(p.role[i-1])))
	}
	if i+1 < len(p.low) {
		b.active = append(b.active, int32(l.nrole+4+int(p.role[i+1])))
	}
	b.active = append(b.active, int32(l.quote+b2i(p.quote[i] >= 0)))
	b.active = append(b.active, int32(l.shape)+shapeClass(p.shape[i]))
	if l.frame >= 0 {
		fr := int(p.frame[i])
		o := l.frame
		b.active = append(b.active, int32(o+fr*(frameReach+1)+int(p.frameDist[i])))
		o += int(nFrame) * (frameReach + 1)
		b.active = append(b.active, int32(o+int(p.subj[i])))
		o += int(nSubj)
		b.active = append(b.active, int32(o+int(p.tagc[i])*int(nFrame)+fr))
	}
}

// score sets p.dprob: the probabilities of B and I at each token. The
// first layer's response to a token's window is the sum of the responses
// to each position's vector (see response), in window order.
func (s *denseScorer) score(p *prep) {
	if s.l.frame >= 0 {
		p.setFrames()
	}
	vi := s.vecIndex(p)
	b := s.newBuf()
	o := s.net.FirstLayer()
	acc := make([]float32, o)
	tmp := make([]float32, o)
	p.dprob = make([][2]float32, len(p.low))
	for i := range p.low {
		clear(acc)
		for k := 0; k <= 2*s.l.win && s.l.dim > 0; k++ {
			if j := i + k - s.l.win; j >= 0 && j < len(p.low) && vi[j] >= 0 {
				for h, v := range s.response(vi[j], k, b.v, tmp) {
					acc[h] += v
				}
			}
		}
		s.indicators(p, vi, i, b)
		pr := s.net.ProbsFrom(acc, b.active, b.probs)
		p.dprob[i] = [2]float32{pr[lB], pr[lI]}
	}
}

// trainDense trains the dense cue scorer on the examples: jackknifed
// probabilities are stored in each example's prep, and the scorer trained
// on all the examples is returned for extraction.
func trainDense(exs []*example, o DenseOptions, frame bool, seed uint64, logf func(string, ...any)) (*denseScorer, error) {
	o.defaults()
	dim := 0
	if o.Vectors != nil {
		dim = o.Vectors.Dim()
	}
	l := newDenseLayout(o.Window, dim, frame)
	fit := func(train []*example, netSeed uint64) (*denseScorer, error) {
		net, err := learn.NewNet(cueLabels, l.denseN, l.sparse, learn.NetOptions{Hidden: o.Hidden, Seed: netSeed, L2: o.L2, Rate: o.Rate})
		if err != nil {
			return nil, err
		}
		net.SetFingerprint(learn.Fingerprint(l.fingerprintName))
		s := newDenseScorer(net, o.Vectors, l)
		rng := rand.New(rand.NewPCG(netSeed, 0xde5e))
		order := make([]int, len(train))
		for i := range order {
			order[i] = i
		}
		b := s.newBuf()
		var loss float64
		var n int
		for ep := range o.Epochs {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			loss, n = 0, 0
			for _, k := range order {
				ex := train[k]
				vi := s.vecIndex(ex.p)
				for i, g := range ex.cueGold {
					if g == lO && rng.Float64() >= o.KeepO {
						continue
					}
					s.inputs(ex.p, vi, i, b)
					loss += float64(net.Train(b.dense, b.active, int(g), 1))
					n++
				}
			}
			logf("learned: dense epoch %d: %d examples, mean loss %.4f", ep+1, n, loss/float64(max(n, 1)))
		}
		net.Finish()
		return s, nil
	}
	return jackknife(exs, o.Folds, seed, "dense", fit, logf)
}

// jackknife trains a scorer on exs whose probabilities the perceptrons
// learn to trust as on unseen text: for each of k folds, a scorer fitted
// on the other folds (seed seed*31+fold+1) scores the fold's examples;
// then the scorer returned is fitted on all of them (seed seed*31). what
// names the scorer in errors and the log.
func jackknife[S interface{ score(*prep) }](exs []*example, k int, seed uint64, what string,
	fit func([]*example, uint64) (S, error), logf func(string, ...any)) (S, error) {
	for f := range k {
		var train, held []*example
		for j, ex := range exs {
			if j%k == f {
				held = append(held, ex)
			} else {
				train = append(train, ex)
			}
		}
		s, err := fit(train, seed*31+uint64(f)+1)
		if err != nil {
			var zero S
			return zero, fmt.Errorf("learned: %s fold %d: %w", what, f, err)
		}
		for _, ex := range held {
			s.score(ex.p)
		}
		logf("learned: %s fold %d of %d done", what, f+1, k)
	}
	return fit(exs, seed*31)
}

// decodeDense decodes the dense scorer section of a version 3 model (see
// Extractor.MarshalBinary) at the start of r and returns the scorer and
// the bytes after it; vec is the vector table the scorer was trained with
// (ignored when it was trained without one).
func decodeDense(r []byte, vec *vectors.Table) (*denseScorer, []byte, error) {
	fail := func(format string, a ...any) (*denseScorer, []byte, error) {
		return nil, nil, fmt.Errorf("learned: load: %w: %s", ErrFormat, fmt.Sprintf(format, a...))
	}
	var v [4]uint64
	for k := range v {
		x, n := binary.Uvarint(r)
		if n <= 0 {
			return fail("dense scorer truncated")
		}
		v[k], r = x, r[n:]
	}
	win, dim, words, nl := v[0], v[1], v[2], v[3]
	if nl > uint64(len(r)) || win > 16 || dim > 4096 {
		return fail("dense scorer truncated or malformed")
	}
	switch {
	case dim == 0:
		vec = nil // trained without: the table, if any, is not used
	case vec == nil:
		return fail("the dense scorer needs word vectors")
	case uint64(vec.Dim()) != dim || uint64(vec.Len()) != words:
		return fail("the dense scorer was trained with %d vectors of %d dimensions, not %d of %d", words, dim, vec.Len(), vec.Dim())
	}
	net, err := learn.LoadNet(r[:nl])
	if err != nil {
		return nil, nil, fmt.Errorf("learned: load dense scorer: %w", err)
	}
	l := newDenseLayout(int(win), int(dim), false)
	if lf := newDenseLayout(int(win), int(dim), true); net.Fingerprint() == learn.Fingerprint(lf.fingerprintName) {
		l = lf
	}
	if net.Fingerprint() != learn.Fingerprint(l.fingerprintName) || net.Dense() != l.denseN || net.Sparse() != l.sparse || !slices.Equal(net.Labels(), cueLabels) {
		return fail("the dense scorer was trained with other inputs")
	}
	return newDenseScorer(net, vec, l), r[nl:], nil
}

// probBin puts a probability into one of ten bins, finer near 0 where
// most tokens are.
func probBin(v float32) int {
	for k, t := range [...]float32{0.01, 0.03, 0.08, 0.15, 0.25, 0.4, 0.55, 0.7, 0.85} {
		if v < t {
			return k
		}
	}
	return 9
}

// denseCueFeatures adds the stacked features of the dense scorer's
// probabilities at token i.
func denseCueFeatures(f *fb, p *prep, i, prev int, lex uint8, role uint64) {
	bB, bI := probBin(p.dprob[i][0]), probBin(p.dprob[i][1])
	f.start(32)
	f.i(bB).done()
	f.start(33)
	f.i(bB).i(int(lex)).done()
	if p.pos != nil {
		f.start(34)
		f.i(bB).a(p.posH[i]).done()
	}
	f.start(35)
	f.i(bB).a(role).done()
	f.start(36)
	f.i(bI).i(prev).done()
	nb := 0
	if i+1 < len(p.dprob) {
		nb = probBin(p.dprob[i+1][1])
	}
	f.start(37)
	f.i(bB).i(nb).done()
}

// denseTemplateNames lists the stacked templates for the fingerprint.
var denseTemplateNames = []string{"dense32", "dense33", "dense34", "dense35", "dense36", "dense37"}
