package learn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Net is a small dense classifier: softmax regression when it has no
// hidden layer, else a network with one hidden layer of rectified linear
// units, trained by minibatch AdaGrad on the cross-entropy loss with L2
// regularisation. Unlike [Model], whose hashed features are all
// indicators, it suits real-valued inputs such as word vectors.
//
// An example is a vector of Dense real inputs and a set of active
// indicator inputs (ids 0..Sparse-1, each worth 1): indicators cost one
// weight row each, so one-hot codes of tags and categories stay cheap.
//
// Training is deterministic: the weights start from a generator seeded
// with [NetOptions.Seed] and move only with the examples given, in the
// order given. [Net.Finish] rounds the weights as [Net.MarshalBinary]
// stores them, so that a finished net and the one [LoadNet] decodes from
// its bytes give the same probabilities. A finished net is read-only:
// Probs is safe for concurrent use.
//
//	n, err := learn.NewNet([]string{"no", "yes"}, dense, sparse, learn.NetOptions{Hidden: 32, Seed: 1})
//	for range epochs {
//		for _, ex := range examples {
//			n.Train(ex.dense, ex.active, ex.truth, 1)
//		}
//	}
//	n.Finish()
//	probs := n.Probs(dense, active, make([]float32, 2), make([]float32, n.Hidden()))
type Net struct {
	labels        []string
	dense, sparse int
	hidden        int
	nc            int
	fingerprint   uint64
	// Layers: w1 is (dense+sparse) rows of hidden weights (the row of an
	// input is contiguous, so an indicator adds one row) and b1 hidden
	// biases; w2 is hidden rows of nc weights, b2 nc biases. Without a
	// hidden layer, w1 is (dense+sparse) rows of nc weights, b1 the nc
	// biases, and w2, b2 are empty.
	w1, b1, w2, b2 []float32

	tr *netTrain // nil once finished
}

// netTrain is the state of a net being trained: the gradient summed over
// the current minibatch, the AdaGrad sums of squared gradients and which
// indicator rows the minibatch touched.
type netTrain struct {
	opt                NetOptions
	g1, gb1, g2, gb2   []float32
	s1, sb1, s2, sb2   []float32
	touched            []int32 // first-layer rows of the indicators seen in the minibatch
	mark               []bool  // by first-layer row: in touched
	inBatch            int
	hid, pre, dh, prob []float32
	examples           int64
}

// NetOptions configures a new [Net]. Zero fields take the defaults.
type NetOptions struct {
	// Hidden is the number of hidden units; 0 gives softmax regression.
	Hidden int
	// Rate is the AdaGrad learning rate (default 0.05).
	Rate float32
	// L2 is the weight of the L2 penalty on the weights (not the biases),
	// per example (default 1e-5); a negative value means none.
	L2 float32
	// Batch is the number of examples whose gradients are summed before
	// each update (default 16).
	Batch int
	// Seed seeds the initial weights.
	Seed uint64
}

// Bounds on a net's shape, so that a corrupt header cannot ask for an
// absurd allocation.
const (
	maxNetInputs  = 1 << 20
	maxNetHidden  = 4096
	maxNetClasses = 1024
	maxNetWeights = 1 << 24
)

func checkNetShape(classes, dense, sparse, hidden int) error {
	switch {
	case classes < 2 || classes > maxNetClasses:
		return fmt.Errorf("%d classes, want 2 to %d", classes, maxNetClasses)
	case dense < 0 || sparse < 0 || dense+sparse < 1 || dense+sparse > maxNetInputs:
		return fmt.Errorf("%d dense and %d indicator inputs, want 1 to %d in all", dense, sparse, maxNetInputs)
	case hidden < 0 || hidden > maxNetHidden:
		return fmt.Errorf("%d hidden units, want 0 to %d", hidden, maxNetHidden)
	}
	out := hidden
	if hidden == 0 {
		out = classes
	}
	if (dense+sparse)*out+hidden*classes > maxNetWeights {
		return fmt.Errorf("more than %d weights", maxNetWeights)
	}
	return nil
}

// NewNet returns an untrained net over the class labels (at least two,
// distinct) with dense real inputs and sparse indicator inputs.
func NewNet(labels []string, dense, sparse int, o NetOptions) (*Net, error) {
	if err := checkNetShape(len(labels), dense, sparse, o.Hidden); err != nil {
		return nil, fmt.Errorf("learn: NewNet: %v", err)
	}
	seen := map[string]bool{}
	for _, l := range labels {
		if seen[l] {
			return nil, fmt.Errorf("learn: NewNet: label %q repeated", l)
		}
		seen[l] = true
	}
	if o.Rate <= 0 {
		o.Rate = 0.05
	}
	switch {
	case o.L2 == 0:
		o.L2 = 1e-5
	case o.L2 < 0:
		o.L2 = 0
	}
	if o.Batch <= 0 {
		o.Batch = 16
	}
	n := &Net{labels: append([]string(nil), labels...), dense: dense, sparse: sparse, hidden: o.Hidden, nc: len(labels)}
	n.alloc()
	// Uniform initial weights of variance 2/fan-in (He) for the layer
	// feeding rectified units, 1/fan-in for the output layer.
	r := rand.New(rand.NewPCG(o.Seed, 0x6e6574))
	fill := func(w []float32, fanIn float64, gain float64) {
		a := math.Sqrt(3 * gain / fanIn)
		for i := range w {
			w[i] = float32((2*r.Float64() - 1) * a)
		}
	}
	if n.hidden > 0 {
		// An example has its dense inputs and a few indicators: count
		// the dense ones and a handful of indicators as the fan-in.
		fill(n.w1, float64(dense+min(sparse, 8)), 2)
		fill(n.w2, float64(n.hidden), 1)
	}
	rows1 := len(n.w1) / n.out1()
	n.tr = &netTrain{
		opt: o,
		g1:  make([]float32, len(n.w1)), gb1: make([]float32, len(n.b1)),
		g2: make([]float32, len(n.w2)), gb2: make([]float32, len(n.b2)),
		s1: make([]float32, len(n.w1)), sb1: make([]float32, len(n.b1)),
		s2: make([]float32, len(n.w2)), sb2: make([]float32, len(n.b2)),
		mark: make([]bool, rows1),
		hid:  make([]float32, n.hidden), pre: make([]float32, n.out1()),
		dh: make([]float32, n.out1()), prob: make([]float32, n.nc),
	}
	return n, nil
}

// out1 is the width of the first layer: hidden units, or classes without
// a hidden layer.
func (n *Net) out1() int {
	if n.hidden > 0 {
		return n.hidden
	}
	return n.nc
}

func (n *Net) alloc() {
	o := n.out1()
	n.w1 = make([]float32, (n.dense+n.sparse)*o)
	n.b1 = make([]float32, o)
	if n.hidden > 0 {
		n.w2 = make([]float32, n.hidden*n.nc)
		n.b2 = make([]float32, n.nc)
	}
}

// Labels returns the class labels; class id i is Labels()[i]. The slice
// must not be modified.
func (n *Net) Labels() []string { return n.labels }

// Classes returns the number of classes.
func (n *Net) Classes() int { return n.nc }

// Dense returns the number of real inputs.
func (n *Net) Dense() int { return n.dense }

// Sparse returns the number of indicator inputs.
func (n *Net) Sparse() int { return n.sparse }

// Hidden returns the number of hidden units (0 for softmax regression).
func (n *Net) Hidden() int { return n.hidden }

// Fingerprint returns the fingerprint recorded with [Net.SetFingerprint].
func (n *Net) Fingerprint() uint64 { return n.fingerprint }

// SetFingerprint records a fingerprint of the inputs the net is trained
// with (see [Fingerprint]), saved with the net.
func (n *Net) SetFingerprint(fp uint64) { n.fingerprint = fp }

// Examples returns the number of Train calls so far.
func (n *Net) Examples() int64 {
	if n.tr == nil {
		return 0
	}
	return n.tr.examples
}

// forward computes the first layer's output into out1 (pre-activations
// of the hidden units, or class scores) and, with a hidden layer, the
// rectified units into hid and the class scores into scores. Indicator
// ids outside 0..Sparse-1 are ignored; missing dense inputs count as 0.
func (n *Net) forward(dense []float32, active []int32, out1, hid, scores []float32) {
	o := n.out1()
	copy(out1, n.b1)
	out1 = out1[:o]
	for j, v := range dense[:min(len(dense), n.dense)] {
		if v == 0 {
			continue
		}
		axpy(out1, n.w1[j*o:(j+1)*o], v)
	}
	for _, a := range active {
		if a < 0 || int(a) >= n.sparse {
			continue
		}
		r := (n.dense + int(a)) * o
		addRow(out1, n.w1[r:r+o:r+o])
	}
	if n.hidden == 0 {
		copy(scores, out1)
		return
	}
	copy(scores, n.b2)
	for h, v := range out1 {
		v = max(v, 0)
		hid[h] = v
		if v != 0 {
			axpy(scores[:n.nc], n.w2[h*n.nc:(h+1)*n.nc], v)
		}
	}
}

// axpy adds a*x to y; len(y) must be len(x).
func axpy(y, x []float32, a float32) {
	y = y[:len(x)]
	if k := axpyVec(y, x, a); k > 0 {
		x, y = x[k:], y[k:]
	}
	for len(x) >= 4 {
		x4, y4 := x[:4:4], y[:4:4]
		y4[0] += a * x4[0]
		y4[1] += a * x4[1]
		y4[2] += a * x4[2]
		y4[3] += a * x4[3]
		x, y = x[4:], y[4:]
	}
	for i, v := range x {
		y[i] += a * v
	}
}

// softmax turns scores into probabilities in place.
func softmax(s []float32) {
	m := s[0]
	for _, v := range s[1:] {
		m = max(m, v)
	}
	var sum float32
	for i, v := range s {
		e := float32(math.Exp(float64(v - m)))
		s[i] = e
		sum += e
	}
	for i := range s {
		s[i] /= sum
	}
}

// Probs stores in probs (length Classes()) the probability of each class
// for the example, and returns probs; scratch must hold Hidden() values.
// Indicator ids outside 0..Sparse()-1 are ignored, dense values beyond
// Dense() too, and missing dense values count as 0. It is safe for
// concurrent use on a finished net, each goroutine with its own probs and
// scratch.
func (n *Net) Probs(dense []float32, active []int32, probs, scratch []float32) []float32 {
	probs = probs[:n.nc]
	if n.hidden == 0 {
		n.forward(dense, active, probs, nil, probs)
	} else {
		scratch = scratch[:n.hidden]
		n.forward(dense, active, scratch, scratch, probs)
	}
	softmax(probs)
	return probs
}

// FirstLayer returns the width of the first layer: Hidden(), or Classes()
// without a hidden layer.
func (n *Net) FirstLayer() int { return n.out1() }

// AddDense adds to acc (length FirstLayer()) the first layer's response
// to the dense values x placed at dense inputs off..off+len(x)-1 (values
// beyond Dense() are ignored). The response of an example's dense inputs
// is the sum of the responses of its parts, so that a caller whose
// examples share parts (the vector of a word seen again) can keep them and
// finish with [Net.ProbsFrom].
func (n *Net) AddDense(acc []float32, off int, x []float32) {
	o := n.out1()
	acc = acc[:o]
	if off < 0 || off >= n.dense {
		return
	}
	for j, v := range x[:min(len(x), n.dense-off)] {
		if v == 0 {
			continue
		}
		r := (off + j) * o
		axpy(acc, n.w1[r:r+o:r+o], v)
	}
}

// ProbsFrom finishes what AddDense began: acc (length FirstLayer())
// holds the summed response to the example's dense inputs, and ProbsFrom
// adds the biases and the active indicators' rows to it, then stores the
// class probabilities in probs and returns probs. It modifies acc. The
// probabilities may differ from
// Probs' in the last bits, the sums being taken in another order.
func (n *Net) ProbsFrom(acc []float32, active []int32, probs []float32) []float32 {
	o := n.out1()
	acc, probs = acc[:o], probs[:n.nc]
	addRow(acc, n.b1)
	for _, a := range active {
		if a < 0 || int(a) >= n.sparse {
			continue
		}
		r := (n.dense + int(a)) * o
		addRow(acc, n.w1[r:r+o:r+o])
	}
	if n.hidden == 0 {
		copy(probs, acc)
	} else {
		copy(probs, n.b2)
		for h, v := range acc {
			if v > 0 {
				axpy(probs, n.w2[h*n.nc:(h+1)*n.nc], v)
			}
		}
	}
	softmax(probs)
	return probs
}

// Train adds one example of class truth, with weight w (1 normally) on its
// loss, to the current minibatch, and updates the weights when the
// minibatch is full. It returns the example's loss (the negative log
// probability of truth) before the update. It panics on a finished net or
// a class outside 0..Classes()-1: these are programming errors.
func (n *Net) Train(dense []float32, active []int32, truth int, w float32) float32 {
	t := n.tr
	if t == nil {
		panic("learn: Net.Train on a finished net")
	}
	if truth < 0 || truth >= n.nc {
		panic(fmt.Sprintf("learn: Net.Train with class %d outside 0..%d", truth, n.nc-1))
	}
	t.examples++
	o := n.out1()
	p := t.prob
	n.forward(dense, active, t.pre, t.hid, p)
	softmax(p)
	loss := -float32(math.Log(max(float64(p[truth]), 1e-30)))
	// Gradient of the loss with respect to the class scores.
	for c := range p {
		p[c] *= w
	}
	p[truth] -= w
	dOut1 := t.dh
	if n.hidden > 0 {
		for h, v := range t.hid {
			if v == 0 {
				dOut1[h] = 0
				continue
			}
			axpy(t.g2[h*n.nc:(h+1)*n.nc], p, v)
			var s float32
			for c, g := range p {
				s += g * n.w2[h*n.nc+c]
			}
			dOut1[h] = s
		}
		addRow(t.gb2, p)
	} else {
		copy(dOut1, p)
	}
	addRow(t.gb1, dOut1)
	for j, v := range dense[:min(len(dense), n.dense)] {
		if v != 0 {
			axpy(t.g1[j*o:(j+1)*o], dOut1, v)
		}
	}
	for _, a := range active {
		if a < 0 || int(a) >= n.sparse {
			continue
		}
		k := n.dense + int(a)
		addRow(t.g1[k*o:(k+1)*o], dOut1)
		if !t.mark[k] {
			t.mark[k] = true
			t.touched = append(t.touched, int32(k))
		}
	}
	t.inBatch++
	if t.inBatch >= t.opt.Batch {
		n.update()
	}
	return loss
}

// update applies the minibatch's gradient with AdaGrad and clears it.
// The L2 penalty applies to every dense-input and hidden-layer weight,
// and to an indicator's row when the minibatch touched it (its gradient
// is otherwise zero), scaled by the minibatch size.
func (n *Net) update() {
	t := n.tr
	if t.inBatch == 0 {
		return
	}
	lr := t.opt.Rate
	l2 := t.opt.L2 * float32(t.inBatch)
	step := func(w, g, s []float32, l2 float32) {
		for i, gi := range g {
			gi += l2 * w[i]
			if gi == 0 {
				continue
			}
			s[i] += gi * gi
			w[i] -= lr * gi / float32(math.Sqrt(float64(s[i])+1e-8))
			g[i] = 0
		}
	}
	o := n.out1()
	nd := n.dense * o
	step(n.w1[:nd], t.g1[:nd], t.s1[:nd], l2)
	for _, k := range t.touched {
		r := int(k) * o
		step(n.w1[r:r+o], t.g1[r:r+o], t.s1[r:r+o], l2)
		t.mark[k] = false
	}
	t.touched = t.touched[:0]
	step(n.b1, t.gb1, t.sb1, 0)
	step(n.w2, t.g2, t.s2, l2)
	step(n.b2, t.gb2, t.sb2, 0)
	t.inBatch = 0
}

// Finish applies the last partial minibatch, frees the training state and
// rounds the weights as MarshalBinary stores them. Later calls do nothing.
func (n *Net) Finish() {
	if n.tr == nil {
		return
	}
	n.update()
	n.tr = nil
	n.quantize()
}

// quantize rounds each weight row (an input's row of the first layer, a
// hidden unit's row of the second) to int16 steps of its largest
// magnitude over 32767, as stored.
func (n *Net) quantize() {
	for _, l := range n.layers() {
		for r := 0; r+l.cols <= len(l.w); r += l.cols {
			row := l.w[r : r+l.cols]
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

// rowScale returns the quantization step of a row: its largest magnitude
// over 32767, or 0 when the row is zero or not finite.
func rowScale(row []float32) float32 {
	var m float32
	for _, v := range row {
		if !isFinite(v) {
			return 0
		}
		m = max(m, float32(math.Abs(float64(v))))
	}
	return m / 32767
}

type netLayer struct {
	w    []float32
	cols int
}

// layers returns the weight matrices, with their row widths.
func (n *Net) layers() []netLayer {
	ls := []netLayer{{n.w1, n.out1()}}
	if n.hidden > 0 {
		ls = append(ls, netLayer{n.w2, n.nc})
	}
	return ls
}

// ErrNetFormat is wrapped by every error LoadNet returns for bytes that
// are not a valid net.
var ErrNetFormat = errors.New("invalid net")
