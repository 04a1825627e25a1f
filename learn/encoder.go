package learn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Encoder is a contextual sequence encoder: a 1-D convolutional network
// that gives each token of a sequence (a sentence) a state computed from
// the inputs of the tokens around it, and one softmax per task (head) over
// that state. Where [Net] sees one token's inputs at a time, the encoder's
// state at a token depends on its neighbours' inputs through learned
// convolutions, so that the same word is judged in its context.
//
// The network, for a sequence of n tokens with H hidden units:
//
//	h0[t]   = dropout(relu(b0 + W·dense[t] + Σ E[a] for a in active[t]))
//	h(l+1)[t] = h(l)[t] + relu(c(l) + Σ_k K(l,k)·h(l)[t+(k-1)·2^l]), k = 0, 1, 2
//	p(j)[t] = softmax(o(j) + O(j)·hL[t]), for each head j
//
// so that layer l (0-based) is a width-3 convolution with dilation 2^l and
// a residual connection: two layers see three tokens each way, three
// layers seven. Positions outside the sequence count as zero states.
// Dense inputs are real values (word vectors), active inputs indicator ids
// 0..Sparse-1 (tags, shapes, hashed affixes), each an embedding row.
//
// Training is by backpropagation on the summed cross-entropy of the heads,
// with Adam (the embedding rows updated only when a minibatch touches
// them), decoupled weight decay, inverted dropout on h0 and a learning
// rate the caller may lower between epochs ([Encoder.SetRate]). It is
// deterministic: the initial weights and the dropout masks come from
// generators seeded with [EncoderOptions.Seed], and the sums are taken in
// a fixed order on one goroutine. [Encoder.Finish] rounds the weights as
// [Encoder.MarshalBinary] stores them (int16 per row), so a finished
// encoder and the one [LoadEncoder] decodes give the same
// probabilities. A finished encoder is read-only: Probs is safe for
// concurrent use.
type Encoder struct {
	heads                         [][]string
	dense, sparse, hidden, layers int
	fingerprint                   uint64
	// p holds every parameter, matrix after matrix (see mats), then
	// the biases; each matrix is rows of contiguous columns.
	p    []float32
	mats []encMat
	// Offsets of the parts in p.
	w, emb, b0 int
	conv, cb   []int // per layer: 3 matrices of hidden x hidden, biases
	out, ob    []int // per head: hidden x classes, biases
	nb         int   // start of the biases (after the matrices)

	tr *encTrain // nil once finished
}

// encMat is one weight matrix of p: rows of cols values from off.
type encMat struct{ off, rows, cols int }

// EncoderOptions configures a new [Encoder]. Zero fields take the
// defaults.
type EncoderOptions struct {
	// Hidden is the number of hidden units of every layer (default 32).
	Hidden int
	// Layers is the number of convolution layers (default 2; 0 is
	// allowed through NoConv).
	Layers int
	// NoConv builds an encoder without convolutions: each token's state
	// is its own inputs' (a window-free MLP), for ablations.
	NoConv bool
	// Rate is Adam's learning rate (default 0.002).
	Rate float32
	// Decay is the decoupled weight decay per update (default 1e-4 times
	// the rate); a negative value means none.
	Decay float32
	// Dropout is the share of h0's units dropped in training (0: none).
	Dropout float32
	// Batch is the number of sequences whose gradients are summed before
	// each update (default 8).
	Batch int
	// Seed seeds the initial weights and the dropout masks.
	Seed uint64
}

// Seq is one sequence of an [Encoder]'s inputs: Len tokens, the dense
// inputs of token t at Dense[t*d:(t+1)*d] (d the encoder's Dense(); nil
// means all zero), its active indicators at Active[t].
//
// Pre, when not nil, replaces Dense: it holds for each token the first
// layer's response to its dense inputs (Hidden() values per token, as
// [Encoder.DenseResponse] computes them), so that a caller scoring the
// same word vectors again and again can keep their responses.
type Seq struct {
	Len    int
	Dense  []float32
	Active [][]int32
	Pre    []float32
}

// Bounds on an encoder's shape, so that a corrupt header cannot ask for an
// absurd allocation.
const (
	maxEncHeads  = 8
	maxEncLayers = 8
	maxEncParams = 1 << 24
)

func checkEncShape(heads [][]string, dense, sparse, hidden, layers int) error {
	switch {
	case len(heads) < 1 || len(heads) > maxEncHeads:
		return fmt.Errorf("%d heads, want 1 to %d", len(heads), maxEncHeads)
	case dense < 0 || sparse < 0 || dense+sparse < 1 || dense+sparse > maxNetInputs:
		return fmt.Errorf("%d dense and %d indicator inputs, want 1 to %d in all", dense, sparse, maxNetInputs)
	case hidden < 1 || hidden > maxNetHidden:
		return fmt.Errorf("%d hidden units, want 1 to %d", hidden, maxNetHidden)
	case layers < 0 || layers > maxEncLayers:
		return fmt.Errorf("%d layers, want 0 to %d", layers, maxEncLayers)
	}
	n := (dense+sparse+1)*hidden + layers*(3*hidden+1)*hidden
	for k, h := range heads {
		if len(h) < 2 || len(h) > maxNetClasses {
			return fmt.Errorf("head %d has %d classes, want 2 to %d", k, len(h), maxNetClasses)
		}
		seen := map[string]bool{}
		for _, l := range h {
			if seen[l] {
				return fmt.Errorf("head %d: label %q repeated", k, l)
			}
			seen[l] = true
		}
		n += (hidden + 1) * len(h)
	}
	if n > maxEncParams {
		return fmt.Errorf("more than %d parameters", maxEncParams)
	}
	return nil
}

// NewEncoder returns an untrained encoder with one head per label list
// (each at least two distinct labels), dense real inputs and sparse
// indicator inputs per token.
func NewEncoder(heads [][]string, dense, sparse int, o EncoderOptions) (*Encoder, error) {
	if o.Hidden <= 0 {
		o.Hidden = 32
	}
	if o.NoConv {
		o.Layers = 0
	} else if o.Layers <= 0 {
		o.Layers = 2
	}
	if err := checkEncShape(heads, dense, sparse, o.Hidden, o.Layers); err != nil {
		return nil, fmt.Errorf("learn: NewEncoder: %v", err)
	}
	if o.Rate <= 0 {
		o.Rate = 0.002
	}
	switch {
	case o.Decay == 0:
		o.Decay = 1e-4
	case o.Decay < 0:
		o.Decay = 0
	}
	if o.Batch <= 0 {
		o.Batch = 8
	}
	o.Dropout = min(max(o.Dropout, 0), 0.9)
	e := &Encoder{dense: dense, sparse: sparse, hidden: o.Hidden, layers: o.Layers}
	for _, h := range heads {
		e.heads = append(e.heads, append([]string(nil), h...))
	}
	e.layout()
	// Uniform initial weights of variance 2/fan-in (He) for the layers
	// feeding rectified units, scaled down in the residual branches so
	// that the states do not grow with depth; the output layers start at
	// variance 1/fan-in.
	r := rand.New(rand.NewPCG(o.Seed, 0x656e63))
	fill := func(off, n int, fanIn, gain float64) {
		a := math.Sqrt(3 * gain / fanIn)
		for i := off; i < off+n; i++ {
			e.p[i] = float32((2*r.Float64() - 1) * a)
		}
	}
	H := e.hidden
	fill(e.w, dense*H, float64(dense+min(sparse, 8)), 2)
	fill(e.emb, sparse*H, float64(dense+min(sparse, 8)), 2)
	for l := range e.layers {
		fill(e.conv[l], 3*H*H, float64(3*H), 1)
	}
	for j, h := range e.heads {
		fill(e.out[j], H*len(h), float64(H), 1)
	}
	e.tr = &encTrain{
		opt:  o,
		g:    make([]float32, len(e.p)),
		m:    make([]float32, len(e.p)),
		v:    make([]float32, len(e.p)),
		mark: make([]bool, sparse),
		drop: rand.New(rand.NewPCG(o.Seed, 0x64726f70)),
		rate: o.Rate,
	}
	return e, nil
}

// layout places the parameters in p.
func (e *Encoder) layout() {
	H := e.hidden
	n := 0
	mat := func(rows, cols int) int {
		off := n
		e.mats = append(e.mats, encMat{off, rows, cols})
		n += rows * cols
		return off
	}
	e.w = mat(e.dense, H)
	e.emb = mat(e.sparse, H)
	e.conv = make([]int, e.layers)
	for l := range e.layers {
		e.conv[l] = mat(3*H, H)
	}
	e.out = make([]int, len(e.heads))
	for j, h := range e.heads {
		e.out[j] = mat(H, len(h))
	}
	e.nb = n
	e.b0 = n
	n += H
	e.cb = make([]int, e.layers)
	for l := range e.layers {
		e.cb[l] = n
		n += H
	}
	e.ob = make([]int, len(e.heads))
	for j, h := range e.heads {
		e.ob[j] = n
		n += len(h)
	}
	e.p = make([]float32, n)
}

// Heads returns the label lists of the heads; they must not be modified.
func (e *Encoder) Heads() [][]string { return e.heads }

// Dense returns the number of real inputs per token.
func (e *Encoder) Dense() int { return e.dense }

// Sparse returns the number of indicator inputs.
func (e *Encoder) Sparse() int { return e.sparse }

// Hidden returns the number of hidden units.
func (e *Encoder) Hidden() int { return e.hidden }

// Layers returns the number of convolution layers.
func (e *Encoder) Layers() int { return e.layers }

// Params returns the number of parameters.
func (e *Encoder) Params() int { return len(e.p) }

// Fingerprint returns the fingerprint recorded with SetFingerprint.
func (e *Encoder) Fingerprint() uint64 { return e.fingerprint }

// SetFingerprint records a fingerprint of the inputs the encoder is
// trained with (see [Fingerprint]), saved with it.
func (e *Encoder) SetFingerprint(fp uint64) { e.fingerprint = fp }

// SetRate sets the learning rate of the updates to come (a schedule
// lowers it between epochs). It does nothing on a finished encoder.
func (e *Encoder) SetRate(r float32) {
	if e.tr != nil && r > 0 {
		e.tr.rate = r
	}
}

// encTrain is the state of an encoder being trained.
type encTrain struct {
	opt     EncoderOptions
	g, m, v []float32 // gradient of the minibatch, Adam's moments
	touched []int32   // embedding rows the minibatch touched
	mark    []bool
	drop    *rand.Rand
	rate    float32
	steps   int
	inBatch int
	seqs    int64
	fw      encState
}

// encState holds the activations of one sequence: h[l] the states
// before layer l (h[layers] the last), a0 the pre-activations of h0, z[l]
// those of layer l's branch, mask the dropout factors of h0 (nil
// without dropout), and the buffers of the backward pass.
type encState struct {
	h     [][]float32
	a0    []float32
	z     [][]float32
	mask  []float32
	dh, d []float32
	probs []float32
}

func (s *encState) size(e *Encoder, n int) {
	H := e.hidden
	grow := func(b []float32, k int) []float32 {
		if cap(b) < k {
			return make([]float32, k)
		}
		return b[:k]
	}
	if len(s.h) != e.layers+1 {
		s.h = make([][]float32, e.layers+1)
		s.z = make([][]float32, e.layers)
	}
	for l := range s.h {
		s.h[l] = grow(s.h[l], n*H)
	}
	for l := range s.z {
		s.z[l] = grow(s.z[l], n*H)
	}
	s.a0 = grow(s.a0, n*H)
	s.dh = grow(s.dh, n*H)
	s.d = grow(s.d, n*H)
	nc := 0
	for _, h := range e.heads {
		nc = max(nc, len(h))
	}
	s.probs = grow(s.probs, nc)
}

// forward computes the states of seq into s; with train set, h0 goes
// through dropout.
func (e *Encoder) forward(seq Seq, s *encState, train bool) {
	n, H := seq.Len, e.hidden
	s.size(e, n)
	p := e.p
	for t := range n {
		a := s.a0[t*H : (t+1)*H]
		// The dense inputs' response is summed apart and then added,
		// so that a response kept by the caller (seq.Pre) gives the
		// same bits.
		switch {
		case seq.Pre != nil:
			copy(a, seq.Pre[t*H:(t+1)*H])
		case seq.Dense != nil && e.dense > 0:
			e.DenseResponse(seq.Dense[t*e.dense:(t+1)*e.dense], a)
		default:
			clear(a)
		}
		addRow(a, p[e.b0:e.b0+H])
		if t < len(seq.Active) {
			for _, k := range seq.Active[t] {
				if k >= 0 && int(k) < e.sparse {
					addRow(a, p[e.emb+int(k)*H:e.emb+int(k+1)*H])
				}
			}
		}
		h := s.h[0][t*H : (t+1)*H]
		for i, v := range a {
			h[i] = max(v, 0)
		}
	}
	s.mask = s.mask[:0]
	if train && e.tr.opt.Dropout > 0 {
		keep := 1 - e.tr.opt.Dropout
		for i := range n * H {
			f := float32(0)
			if e.tr.drop.Float32() < keep {
				f = 1 / keep
			}
			s.mask = append(s.mask, f)
			s.h[0][i] *= f
		}
	}
	for l := range e.layers {
		in, z, out := s.h[l], s.z[l], s.h[l+1]
		d := 1 << l
		for t := range n {
			zt := z[t*H : (t+1)*H]
			copy(zt, p[e.cb[l]:e.cb[l]+H])
			for k := range 3 {
				u := t + (k-1)*d
				if u < 0 || u >= n {
					continue
				}
				km := p[e.conv[l]+k*H*H:]
				if convRowVec(zt, in[u*H:(u+1)*H], km[:H*H]) {
					continue
				}
				for i, v := range in[u*H : (u+1)*H] {
					if v != 0 {
						axpy(zt, km[i*H:(i+1)*H], v)
					}
				}
			}
			ot := out[t*H : (t+1)*H]
			for i, v := range zt {
				ot[i] = in[t*H+i] + max(v, 0)
			}
		}
	}
}

// DenseResponse stores in acc (Hidden() values) the first layer's
// response to one token's dense inputs x (Dense() values), before the
// biases and indicators, and returns acc.
func (e *Encoder) DenseResponse(x, acc []float32) []float32 {
	H := e.hidden
	acc = acc[:H]
	clear(acc)
	for j, v := range x[:min(len(x), e.dense)] {
		if v != 0 {
			axpy(acc, e.p[e.w+j*H:e.w+(j+1)*H], v)
		}
	}
	return acc
}

// headProbs stores in probs the probabilities of head j at token t of the
// last forward pass held in s.
func (e *Encoder) headProbs(s *encState, j, t int, probs []float32) []float32 {
	H, nc := e.hidden, len(e.heads[j])
	probs = probs[:nc]
	copy(probs, e.p[e.ob[j]:e.ob[j]+nc])
	for i, v := range s.h[e.layers][t*H : (t+1)*H] {
		if v != 0 {
			axpy(probs, e.p[e.out[j]+i*nc:e.out[j]+(i+1)*nc], v)
		}
	}
	softmax(probs)
	return probs
}

// Probs stores in out[j] the class probabilities of head j at each token
// of seq (Len times the head's classes, token after token), growing the
// slices as needed, and returns out. Indicator ids outside 0..Sparse()-1
// are ignored. It is safe for concurrent use on a finished encoder.
func (e *Encoder) Probs(seq Seq, out [][]float32) [][]float32 {
	var s encState
	if seq.Len <= 0 {
		return out
	}
	e.forward(seq, &s, false)
	for len(out) < len(e.heads) {
		out = append(out, nil)
	}
	for j, h := range e.heads {
		nc := len(h)
		if cap(out[j]) < seq.Len*nc {
			out[j] = make([]float32, seq.Len*nc)
		}
		out[j] = out[j][:seq.Len*nc]
		for t := range seq.Len {
			e.headProbs(&s, j, t, out[j][t*nc:(t+1)*nc])
		}
	}
	return out
}

// Train adds the sequence to the current minibatch, with gold[j][t] the
// class of head j at token t (-1, or a missing or short gold[j], for no
// loss there) and w the weight of its loss, and updates the weights when
// the minibatch is full. It returns the sequence's summed loss before the
// update. It panics on a finished encoder or a class outside its head:
// these are programming errors.
func (e *Encoder) Train(seq Seq, gold [][]int8, w float32) float32 {
	t := e.tr
	if t == nil {
		panic("learn: Encoder.Train on a finished encoder")
	}
	loss := e.backward(seq, gold, w)
	t.seqs++
	t.inBatch++
	if t.inBatch >= t.opt.Batch {
		e.update()
	}
	return loss
}

// backward runs the sequence forward and adds its gradient to tr.g.
func (e *Encoder) backward(seq Seq, gold [][]int8, w float32) float32 {
	tr := e.tr
	if seq.Len <= 0 {
		return 0
	}
	s := &tr.fw
	seq.Pre = nil // the gradient of the dense inputs' weights needs them
	e.forward(seq, s, true)
	n, H := seq.Len, e.hidden
	p, g := e.p, tr.g
	last := s.h[e.layers]
	dh := s.dh[:n*H]
	clear(dh)
	var loss float32
	for j, labels := range e.heads {
		if j >= len(gold) {
			break
		}
		nc := len(labels)
		for t := range min(n, len(gold[j])) {
			c := int(gold[j][t])
			if c < 0 {
				continue
			}
			if c >= nc {
				panic(fmt.Sprintf("learn: Encoder.Train with class %d outside head %d's 0..%d", c, j, nc-1))
			}
			pr := e.headProbs(s, j, t, s.probs)
			loss -= w * float32(math.Log(max(float64(pr[c]), 1e-30)))
			for k := range pr {
				pr[k] *= w
			}
			pr[c] -= w
			addRow(g[e.ob[j]:e.ob[j]+nc], pr)
			ht, dt := last[t*H:(t+1)*H], dh[t*H:(t+1)*H]
			for i, v := range ht {
				row := p[e.out[j]+i*nc : e.out[j]+(i+1)*nc]
				if v != 0 {
					axpy(g[e.out[j]+i*nc:e.out[j]+(i+1)*nc], pr, v)
				}
				dt[i] += dot(row, pr)
			}
		}
	}
	// Back through the layers: dh holds the gradient of the states after
	// layer l; the residual passes it on unchanged, the branch through
	// its rectified units.
	for l := e.layers - 1; l >= 0; l-- {
		in, z := s.h[l], s.z[l]
		dz := s.d[:n*H]
		for i, v := range z[:n*H] {
			if v > 0 {
				dz[i] = dh[i]
			} else {
				dz[i] = 0
			}
		}
		d := 1 << l
		for t := range n {
			zt := dz[t*H : (t+1)*H]
			addRow(g[e.cb[l]:e.cb[l]+H], zt)
			for k := range 3 {
				u := t + (k-1)*d
				if u < 0 || u >= n {
					continue
				}
				off := e.conv[l] + k*H*H
				for i, v := range in[u*H : (u+1)*H] {
					if v != 0 {
						axpy(g[off+i*H:off+(i+1)*H], zt, v)
					}
				}
			}
		}
		// The gradient of the states before layer l: the residual's
		// (dh itself) plus the branch's (dz was copied out of dh above).
		for t := range n {
			zt := dz[t*H : (t+1)*H]
			for k := range 3 {
				u := t + (k-1)*d
				if u < 0 || u >= n {
					continue
				}
				off := e.conv[l] + k*H*H
				du := dh[u*H : (u+1)*H]
				for i := range du {
					du[i] += dot(p[off+i*H:off+(i+1)*H], zt)
				}
			}
		}
	}
	// Through dropout and the rectified inputs to the first layer.
	for i, a := range s.a0[:n*H] {
		switch {
		case a <= 0:
			dh[i] = 0
		case len(s.mask) > 0:
			dh[i] *= s.mask[i]
		}
	}
	for t := range n {
		dt := dh[t*H : (t+1)*H]
		addRow(g[e.b0:e.b0+H], dt)
		if seq.Dense != nil && e.dense > 0 {
			for j, v := range seq.Dense[t*e.dense : (t+1)*e.dense] {
				if v != 0 {
					axpy(g[e.w+j*H:e.w+(j+1)*H], dt, v)
				}
			}
		}
		if t < len(seq.Active) {
			for _, k := range seq.Active[t] {
				if k < 0 || int(k) >= e.sparse {
					continue
				}
				addRow(g[e.emb+int(k)*H:e.emb+int(k+1)*H], dt)
				if !tr.mark[k] {
					tr.mark[k] = true
					tr.touched = append(tr.touched, k)
				}
			}
		}
	}
	return loss
}

// dot returns the dot product of a and b (len(b) >= len(a)).
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	for len(a) >= 4 {
		a4, b4 := a[:4:4], b[:4:4]
		s0 += a4[0] * b4[0]
		s1 += a4[1] * b4[1]
		s2 += a4[2] * b4[2]
		s3 += a4[3] * b4[3]
		a, b = a[4:], b[4:]
	}
	for i, v := range a {
		s0 += v * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// Adam's constants.
const (
	adamB1  = 0.9
	adamB2  = 0.999
	adamEps = 1e-8
)

// update applies the minibatch's gradient with Adam and clears it: every
// parameter but the embedding rows, and the rows the minibatch touched
// (a lazy Adam: an untouched row keeps its moments). Weight decay applies
// to the weights the update moves, not to the biases.
func (e *Encoder) update() {
	t := e.tr
	if t.inBatch == 0 {
		return
	}
	t.steps++
	// Bias corrections for the step count; rows updated lazily use it
	// too (an approximation PyTorch's SparseAdam makes as well).
	c1 := 1 - math.Pow(adamB1, float64(t.steps))
	c2 := 1 - math.Pow(adamB2, float64(t.steps))
	lr := float32(float64(t.rate) * math.Sqrt(c2) / c1)
	decay := t.opt.Decay * t.rate
	scale := 1 / float32(t.inBatch)
	step := func(lo, hi int, decay float32) {
		for i := lo; i < hi; i++ {
			gi := t.g[i] * scale
			t.g[i] = 0
			m := adamB1*t.m[i] + (1-adamB1)*gi
			v := adamB2*t.v[i] + (1-adamB2)*gi*gi
			t.m[i], t.v[i] = m, v
			e.p[i] -= lr*m/(float32(math.Sqrt(float64(v)))+adamEps) + decay*e.p[i]
		}
	}
	H := e.hidden
	step(e.w, e.w+e.dense*H, decay)
	for _, k := range t.touched {
		r := e.emb + int(k)*H
		step(r, r+H, decay)
		t.mark[k] = false
	}
	t.touched = t.touched[:0]
	step(e.emb+e.sparse*H, e.nb, decay)
	step(e.nb, len(e.p), 0)
	t.inBatch = 0
}

// Sequences returns the number of Train calls so far.
func (e *Encoder) Sequences() int64 {
	if e.tr == nil {
		return 0
	}
	return e.tr.seqs
}

// Finish applies the last partial minibatch, frees the training state and
// rounds the weights as MarshalBinary stores them. Later calls do
// nothing.
func (e *Encoder) Finish() {
	if e.tr == nil {
		return
	}
	e.update()
	e.tr = nil
	for _, m := range e.mats {
		for r := range m.rows {
			row := e.p[m.off+r*m.cols : m.off+(r+1)*m.cols]
			sc := rowScale(row)
			for i, v := range row {
				if sc == 0 {
					row[i] = 0
				} else {
					row[i] = float32(int16(math.Round(float64(v/sc)))) * sc
				}
			}
		}
	}
}

// ErrEncoderFormat is wrapped by every error LoadEncoder returns for bytes
// that are not a valid encoder.
var ErrEncoderFormat = errors.New("invalid encoder")
