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

// The contextual cue encoder (Options.Encoder; Shipped trains it)
// is a learn.Encoder, a convolutional network over the sentence, that
// gives each token the probability that a cue starts (B) or goes on (I)
// there from the inputs of the tokens around it: pretrained word vectors,
// word shapes, hashed prefixes and suffixes, Penn tags, the rules' roles
// and the cue lexicon. Optionally it learns the source and content labels
// of the tokens around the gold cues too (a second head, multitask). Its
// probabilities go into the cue perceptron exactly as the dense scorer's
// do (dense.go: binned, stacked, jackknifed over folds of train).

// EncoderOptions configures the contextual cue encoder; see
// Options.Encoder. Zero fields take the defaults.
type EncoderOptions struct {
	// Vectors is the table of word vectors; nil trains without, unless
	// EmbeddedVectors is set.
	Vectors *vectors.Table
	// EmbeddedVectors trains with the embedded table (vectors.Default)
	// when Vectors is nil.
	EmbeddedVectors bool
	// NoShape, NoAffix, NoTags, NoRoles and NoLex leave out the word
	// shapes, the hashed 3-byte prefixes and suffixes, the Penn tags, the
	// rules' roles (with the in-quotation flag) and the cue-lexicon
	// buckets from the inputs (for ablations).
	NoShape, NoAffix, NoTags, NoRoles, NoLex bool
	// Roles adds a second head, the source and content labels of the
	// tokens (multitask training), whose probabilities become features
	// of the role tagger.
	Roles bool
	// RoleContext (with Roles) adds role features that read the second
	// head's probabilities at the next token too, where a source or a
	// content ends or starts.
	RoleContext bool
	// Hidden and Layers shape the encoder (learn.EncoderOptions; defaults
	// 32 and 2); NoConv leaves the convolutions out (each token judged by
	// its own inputs: a one-token MLP).
	Hidden, Layers int
	NoConv         bool
	// Epochs is the number of passes over the sentences (default 4); the
	// learning rate falls linearly from Rate (default 0.002) to a tenth
	// of it over them.
	Epochs int
	Rate   float32
	// Dropout is the share of the first layer's units dropped in training
	// (default 0.1; negative: none).
	Dropout float32
	// Folds is the number of jackknife folds (default 4).
	Folds int
	// KeepO is the share of sentences without a gold cue trained on
	// (default 0.5).
	KeepO float64
}

func (o *EncoderOptions) defaults() {
	if o.Epochs <= 0 {
		o.Epochs = 4
	}
	if o.Rate <= 0 {
		o.Rate = 0.002
	}
	switch {
	case o.Dropout == 0:
		o.Dropout = 0.1
	case o.Dropout < 0:
		o.Dropout = 0
	}
	if o.Folds <= 1 {
		o.Folds = 4
	}
	if o.KeepO <= 0 || o.KeepO > 1 {
		o.KeepO = 0.5
	}
}

// Ingredient flags of an encoder's inputs, as a model records them.
const (
	encShape = 1 << iota
	encAffix
	encTags
	encRoles
	encLex
	encMulti
	encRoleCtx
)

// encFlagLimit bounds the input flags a model may record.
const encFlagLimit = encRoleCtx << 1

// encAffixBits is the number of hash bits of each of the prefix and
// suffix embedding tables.
const encAffixBits = 12

// encLayout says where each group of indicator inputs starts.
type encLayout struct {
	flags  int
	dim    int // vector dimensions, 0 without
	unk    int // no vector for the word
	shape  int // 64 hashed shapes
	prefix int
	suffix int
	pos    int
	role   int // rules' role x starts its range, then in quotation
	lex    int
	sparse int
	fpName string
}

func newEncLayout(flags, dim int) encLayout {
	l := encLayout{flags: flags, dim: dim, unk: -1, shape: -1, prefix: -1, suffix: -1, pos: -1, role: -1, lex: -1}
	n := 0
	if dim > 0 {
		l.unk = n
		n++
	}
	if flags&encShape != 0 {
		l.shape = n
		n += 64
	}
	if flags&encAffix != 0 {
		l.prefix = n
		n += 1 << encAffixBits
		l.suffix = n
		n += 1 << encAffixBits
	}
	if flags&encTags != 0 {
		l.pos = n
		n += nPOS
	}
	if flags&encRoles != 0 {
		l.role = n
		n += nRole + 2
	}
	if flags&encLex != 0 {
		l.lex = n
		n += nLex
	}
	if n == 0 {
		n = 1 // an encoder needs an input: one that is never active
	}
	l.sparse = n
	l.fpName = "attrib/learned encoder v1 flags=" + strconv.Itoa(flags) + " dim=" + strconv.Itoa(dim)
	return l
}

// encRoleLabels are the labels of the encoder's second head.
var encRoleLabels = []string{"O", "B-SRC", "I-SRC", "B-CON", "I-CON"}

func (l encLayout) heads() [][]string {
	if l.flags&encMulti != 0 {
		return [][]string{cueLabels, encRoleLabels}
	}
	return [][]string{cueLabels}
}

// encScorer computes the encoder's inputs for a document and runs it.
type encScorer struct {
	enc *learn.Encoder
	vec *vectors.Table
	l   encLayout
	// resp caches, for the table's first words (the most frequent), the
	// encoder's first-layer response to the word's vector, filled when
	// first needed (Hidden() values a word: 4 MB for 32,768 words of 32
	// units). Concurrent fills of one word store equal values.
	resp []atomic.Pointer[[]float32]
}

func newEncScorer(enc *learn.Encoder, vec *vectors.Table, l encLayout) *encScorer {
	s := &encScorer{enc: enc, vec: vec, l: l}
	if vec != nil && l.dim > 0 {
		s.resp = make([]atomic.Pointer[[]float32], min(vec.Len(), cacheWords))
	}
	return s
}

// pre fills q.Pre with the first-layer responses to the vectors of
// tokens lo..hi-1 (zero for a word without one), from the cache when it
// holds them; v is a buffer of the table's dimensions.
func (s *encScorer) pre(vi []int32, lo, hi int, q *learn.Seq, v []float32) {
	H := s.enc.Hidden()
	n := hi - lo
	if cap(q.Pre) < n*H {
		q.Pre = make([]float32, n*H)
	}
	q.Pre = q.Pre[:n*H]
	for t := range n {
		dst := q.Pre[t*H : (t+1)*H]
		w := vi[lo+t]
		switch {
		case w < 0:
			clear(dst)
		case int(w) < len(s.resp):
			r := s.resp[w].Load()
			if r == nil {
				c := s.enc.DenseResponse(s.vec.Vector(int(w), v), make([]float32, H))
				r = &c
				s.resp[w].Store(r)
			}
			copy(dst, *r)
		default:
			s.enc.DenseResponse(s.vec.Vector(int(w), v), dst)
		}
	}
}

// seq builds the encoder's inputs for tokens lo..hi-1 of p into q,
// reusing its buffers; the word vectors go into q.Dense when dense is
// set (else the caller fills q.Pre).
func (s *encScorer) seq(p *prep, vi []int32, lo, hi int, q *learn.Seq, dense bool) {
	n := hi - lo
	l := s.l
	q.Len = n
	if l.dim > 0 && dense {
		if cap(q.Dense) < n*l.dim {
			q.Dense = make([]float32, n*l.dim)
		}
		q.Dense = q.Dense[:n*l.dim]
		clear(q.Dense)
	} else {
		q.Dense = nil
	}
	for len(q.Active) < n {
		q.Active = append(q.Active, nil)
	}
	q.Active = q.Active[:n]
	mask := uint64(1)<<encAffixBits - 1
	for t := range n {
		i := lo + t
		a := q.Active[t][:0]
		if l.dim > 0 {
			if vi[i] < 0 {
				a = append(a, int32(l.unk))
			} else if dense {
				s.vec.Vector(int(vi[i]), q.Dense[t*l.dim:(t+1)*l.dim])
			}
		}
		if l.shape >= 0 {
			a = append(a, int32(l.shape)+int32(p.shapeH[i]&63))
		}
		if l.prefix >= 0 {
			w := p.low[i]
			a = append(a, int32(l.prefix)+int32(learn.AtomOf(w[:min(len(w), 3)])&mask))
			a = append(a, int32(l.suffix)+int32(learn.AtomOf(w[max(len(w)-3, 0):])&mask))
		}
		if l.pos >= 0 {
			tg, ok := pennIndex[p.posAt(i)]
			if !ok {
				tg = nPOS - 1
			}
			a = append(a, int32(l.pos)+tg)
		}
		if l.role >= 0 {
			a = append(a, int32(l.role+2*int(p.role[i])+b2i(p.ruleStart[i])))
			if p.quote[i] >= 0 {
				a = append(a, int32(l.role+nRole))
			}
		}
		if l.lex >= 0 {
			a = append(a, int32(l.lex+int(min(p.lex[i], nLex-1))))
		}
		q.Active[t] = a
	}
}

// vecIndex returns the vector index of each token of p (-1 when the
// table has none), or nil without vectors.
func (s *encScorer) vecIndex(p *prep) []int32 {
	if s.vec == nil || s.l.dim == 0 {
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

// sentences returns the token ranges of p's sentences, covering every
// token once.
func sentences(p *prep) [][2]int {
	var out [][2]int
	n := len(p.low)
	for i := 0; i < n; {
		j := i + 1
		for j < n && p.sent[j] == p.sent[i] {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// score sets p.dprob from the encoder's cue head, sentence by sentence.
func (s *encScorer) score(p *prep) {
	vi := s.vecIndex(p)
	p.dprob = make([][2]float32, len(p.low))
	var q learn.Seq
	var out [][]float32
	var v []float32
	if s.l.dim > 0 {
		v = make([]float32, s.l.dim)
	}
	for _, r := range sentences(p) {
		s.seq(p, vi, r[0], r[1], &q, false)
		if s.l.dim > 0 {
			s.pre(vi, r[0], r[1], &q, v)
		}
		out = s.enc.Probs(q, out)
		nc := len(cueLabels)
		for t := range q.Len {
			p.dprob[r[0]+t] = [2]float32{out[0][t*nc+lB], out[0][t*nc+lI]}
		}
		if len(out) > 1 {
			if p.rprob == nil {
				p.rprob = make([][4]float32, len(p.low))
				p.rctx = s.l.flags&encRoleCtx != 0
			}
			nr := len(encRoleLabels)
			for t := range q.Len {
				o := out[1][t*nr:]
				p.rprob[r[0]+t] = [4]float32{o[1], o[2], o[3], o[4]}
			}
		}
	}
}

// encRoleFeatures adds the stacked features of the encoder's role
// probabilities at token i of the role window of a cue: dir is the side
// of the cue, prev the previous label, rr the rules' role there.
func encRoleFeatures(f *fb, p *prep, i, prev int, dir uint64, rr uint8, sameS bool) {
	r := p.rprob[i]
	bs, bc := probBin(r[0]+r[1]), probBin(r[2]+r[3])
	f.start(37)
	f.a(dir).i(bs).i(prev).done()
	f.start(38)
	f.a(dir).i(bc).i(prev).done()
	f.start(39)
	f.a(dir).i(probBin(r[0])).i(probBin(r[2])).i(prev).done()
	f.start(40)
	f.a(dir).i(bs).i(bc).i(b2i(sameS)).i(int(rr)).done()
	if !p.rctx {
		return
	}
	// The next token's probabilities: where a content or source ends
	// (its probability falls) or another starts (a B).
	var n [4]float32
	if i+1 < len(p.rprob) {
		n = p.rprob[i+1]
	}
	f.start(41)
	f.a(dir).i(bc).i(probBin(n[2] + n[3])).i(prev).done()
	f.start(42)
	f.a(dir).i(bs).i(probBin(n[0] + n[1])).i(prev).done()
	f.start(43)
	f.a(dir).i(probBin(n[0])).i(probBin(n[2])).i(prev).done()
}

// encRoleTemplateNames lists the role templates the encoder's second
// head adds, for the fingerprint.
var encRoleTemplateNames = []string{"encrole37", "encrole38", "encrole39", "encrole40"}

// encGold returns the gold of the encoder's heads for tokens lo..hi-1 of
// ex.
func encGold(ex *example, lo, hi int, multi bool) [][]int8 {
	g := [][]int8{make([]int8, hi-lo)}
	for i := lo; i < hi; i++ {
		g[0][i-lo] = int8(ex.cueGold[i])
	}
	if multi {
		g = append(g, make([]int8, hi-lo))
		for i := lo; i < hi; i++ {
			g[1][i-lo] = int8(ex.roleGold[i])
		}
	}
	return g
}

// trainEncoder trains the contextual cue encoder on the examples:
// jackknifed probabilities are stored in each example's prep, and the
// scorer trained on all the examples is returned for extraction.
func trainEncoder(exs []*example, o EncoderOptions, seed uint64, logf func(string, ...any)) (*encScorer, error) {
	o.defaults()
	if o.Vectors == nil && o.EmbeddedVectors {
		var err error
		if o.Vectors, err = vectors.Default(); err != nil {
			return nil, fmt.Errorf("learned: encoder: %w", err)
		}
	}
	dim := 0
	if o.Vectors != nil {
		dim = o.Vectors.Dim()
	}
	flags := 0
	for _, f := range []struct {
		off  bool
		flag int
	}{{o.NoShape, encShape}, {o.NoAffix, encAffix}, {o.NoTags, encTags}, {o.NoRoles, encRoles}, {o.NoLex, encLex}, {!o.Roles, encMulti}} {
		if !f.off {
			flags |= f.flag
		}
	}
	if o.Roles && o.RoleContext {
		flags |= encRoleCtx
	}
	l := newEncLayout(flags, dim)
	multi := flags&encMulti != 0
	fit := func(train []*example, encSeed uint64) (*encScorer, error) {
		enc, err := learn.NewEncoder(l.heads(), dim, l.sparse, learn.EncoderOptions{
			Hidden: o.Hidden, Layers: o.Layers, NoConv: o.NoConv, Rate: o.Rate, Dropout: o.Dropout, Seed: encSeed})
		if err != nil {
			return nil, err
		}
		enc.SetFingerprint(learn.Fingerprint(l.fpName))
		s := newEncScorer(enc, o.Vectors, l)
		rng := rand.New(rand.NewPCG(encSeed, 0xe4c))
		type sent struct {
			ex     *example
			lo, hi int
			cue    bool
		}
		var sents []sent
		vis := make([][]int32, len(train))
		for k, ex := range train {
			vis[k] = s.vecIndex(ex.p)
			for _, r := range sentences(ex.p) {
				cue := slices.ContainsFunc(ex.cueGold[r[0]:r[1]], func(g uint8) bool { return g != lO })
				sents = append(sents, sent{ex, r[0], r[1], cue})
			}
		}
		exIndex := make(map[*example]int, len(train))
		for k, ex := range train {
			exIndex[ex] = k
		}
		var q learn.Seq
		for ep := range o.Epochs {
			enc.SetRate(o.Rate * (1 - 0.9*float32(ep)/float32(max(o.Epochs-1, 1))))
			rng.Shuffle(len(sents), func(i, j int) { sents[i], sents[j] = sents[j], sents[i] })
			var loss float64
			n := 0
			for _, st := range sents {
				if !st.cue && rng.Float64() >= o.KeepO {
					continue
				}
				s.seq(st.ex.p, vis[exIndex[st.ex]], st.lo, st.hi, &q, true)
				loss += float64(enc.Train(q, encGold(st.ex, st.lo, st.hi, multi), 1))
				n += st.hi - st.lo
			}
			logf("learned: encoder epoch %d: %d tokens, mean loss %.4f", ep+1, n, loss/float64(max(n, 1)))
		}
		enc.Finish()
		return s, nil
	}
	return jackknife(exs, o.Folds, seed, "encoder", fit, logf)
}

// marshal appends the encoder section of a version 4 model (see
// Extractor.MarshalBinary): the input flags, the dimensions and number of
// words of the vector table it was trained with (0 and 0 without), the
// encoder's length and the encoder (learn.Encoder), each uvarint.
func (s *encScorer) marshal(b []byte) ([]byte, error) {
	eb, err := s.enc.MarshalBinary()
	if err != nil {
		return nil, err
	}
	words := 0
	if s.vec != nil && s.l.dim > 0 {
		words = s.vec.Len()
	}
	for _, v := range []int{s.l.flags, s.l.dim, words, len(eb)} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	return append(b, eb...), nil
}

// decodeEncoder decodes the encoder section at the start of r and returns
// the scorer and the bytes after it; vec is the vector table the encoder
// was trained with (ignored when it was trained without one).
func decodeEncoder(r []byte, vec *vectors.Table) (*encScorer, []byte, error) {
	fail := func(format string, a ...any) (*encScorer, []byte, error) {
		return nil, nil, fmt.Errorf("learned: load: %w: %s", ErrFormat, fmt.Sprintf(format, a...))
	}
	var v [4]uint64
	for k := range v {
		x, n := binary.Uvarint(r)
		if n <= 0 {
			return fail("encoder truncated")
		}
		v[k], r = x, r[n:]
	}
	flags, dim, words, nl := v[0], v[1], v[2], v[3]
	if nl > uint64(len(r)) || flags >= encFlagLimit || flags&encRoleCtx != 0 && flags&encMulti == 0 || dim > 4096 {
		return fail("encoder truncated or malformed")
	}
	if dim > 0 && vec == nil {
		var err error
		if vec, err = vectors.Default(); err != nil {
			return fail("the encoder needs word vectors: %v", err)
		}
	}
	switch {
	case dim == 0:
		vec = nil
	case uint64(vec.Dim()) != dim || uint64(vec.Len()) != words:
		return fail("the encoder was trained with %d vectors of %d dimensions, not %d of %d", words, dim, vec.Len(), vec.Dim())
	}
	enc, err := learn.LoadEncoder(r[:nl])
	if err != nil {
		return nil, nil, fmt.Errorf("learned: load encoder: %w", err)
	}
	l := newEncLayout(int(flags), int(dim))
	if enc.Fingerprint() != learn.Fingerprint(l.fpName) || enc.Dense() != int(dim) || enc.Sparse() != l.sparse ||
		len(enc.Heads()) != len(l.heads()) || !slices.Equal(enc.Heads()[0], cueLabels) {
		return fail("the encoder was trained with other inputs")
	}
	return newEncScorer(enc, vec, l), r[nl:], nil
}
