// Package learn is the learning core shared by every trained stage of
// whosaid: a multi-class averaged perceptron over hashed features, with a
// compact, versioned binary format.
//
// It knows nothing of language. A stage turns its input into feature ids
// with [Feature] or a [Hasher], scores them with [Model.Score], picks a
// class with [Model.Best] and, while training, calls [Model.Update] once per
// example and [Model.Finish] at the end.
//
// Weights are one flat []float32 of 2^bits rows (hash buckets) by
// len(labels) columns, so scoring a feature adds one contiguous row; a
// finished or loaded model keeps only its non-zero rows, found through a
// bucket index. A trained model is read-only: Score and Best are safe for
// concurrent use. Memory while training is 12 bytes per weight (weight
// and averaging sum): 2^18 buckets x 50 classes take 160 MB.
//
// A training loop, for a stage with its own feature function:
//
//	m := learn.NewModel(labels, 18, seed)
//	m.SetFingerprint(learn.Fingerprint("mystage v1", templateNames...))
//	scores := make([]float32, m.Classes())
//	for range epochs {
//		for _, ex := range examples { // in a fixed order, or shuffled with a fixed seed
//			clear(scores)
//			m.Score(ex.feats, scores)
//			m.Update(ex.feats, ex.truth, m.Best(scores, nil), 1)
//		}
//	}
//	m.Finish()
//	data, err := m.MarshalBinary()
package learn

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// MaxBits is the largest number of hash bits a model may have.
const MaxBits = 24

// maxCells bounds rows x classes (2^26 float32 weights, 256 MB), so that a
// corrupt or careless header cannot ask for an absurd allocation.
const maxCells = 1 << 26

// Model is a multi-class averaged perceptron over hashed features.
//
// During training it keeps, beside the current weights, the running sums
// needed for averaging; [Model.Finish] replaces the weights by their
// averages and drops the sums. Score and Best do not modify the model and
// may be called from several goroutines once training is over.
type Model struct {
	labels      []string
	bits        uint
	seed        uint64
	fingerprint uint64
	nc          int
	// While training, w holds the weights: 2^bits rows of nc float32.
	// Once finished, rows holds them packed (see packer): a float32 row
	// scale and nc int8 weights per row, stride bytes. Scoring is
	// memory-bound (rows come from beyond the caches), so a finished model
	// is made small: a quarter of float32, one contiguous read per
	// feature, and, when fewer than half the buckets are used, only those
	// rows, found through rank blocks (see rankSize), followed by one row of
	// zeros that stands for the buckets without a row. The int8
	// rounding (at most 1/254 of a row's largest weight) cost the tagger
	// 0.02 points of accuracy.
	w      []float32
	rows   []byte
	stride int
	rank   []byte // rank blocks of a sparse model, nil when dense
	zero   int    // offset in rows of the zero row of a sparse model

	// Averaging (training only). The average of the weights over the T
	// examples seen is w - u/T, where u accumulates c*step for an update
	// made after c examples (Daumé's trick): the average is worked out
	// lazily, once, in Finish, and an update touches only the two cells
	// it changes.
	u     []float64
	clock int64
}

// NewModel returns an untrained model with the given class labels and
// 2^bits hash buckets; seed perturbs the bucket of every feature, so that
// two stages sharing feature ids do not share collisions. It panics if
// labels is empty, bits is outside 1..MaxBits or the model would hold more
// than 2^26 weights: these are programming errors, not input.
func NewModel(labels []string, bits uint, seed uint64) *Model {
	if err := checkShape(len(labels), bits); err != nil {
		panic("learn.NewModel: " + err.Error())
	}
	n := (1 << bits) * len(labels)
	return &Model{
		labels: append([]string(nil), labels...),
		bits:   bits,
		seed:   seed,
		nc:     len(labels),
		w:      make([]float32, n),
		u:      make([]float64, n),
	}
}

func checkShape(nc int, bits uint) error {
	if nc < 1 {
		return fmt.Errorf("no labels")
	}
	if bits < 1 || bits > MaxBits {
		return fmt.Errorf("bits %d outside 1..%d", bits, MaxBits)
	}
	if nc > maxCells>>bits {
		return fmt.Errorf("%d labels x 2^%d buckets exceeds %d weights", nc, bits, maxCells)
	}
	return nil
}

// Labels returns the class labels; class id i is Labels()[i]. The slice
// must not be modified.
func (m *Model) Labels() []string { return m.labels }

// Classes returns the number of classes.
func (m *Model) Classes() int { return m.nc }

// Bits returns the number of hash bits.
func (m *Model) Bits() uint { return m.bits }

// Seed returns the hash seed.
func (m *Model) Seed() uint64 { return m.seed }

// Fingerprint returns the feature-template fingerprint recorded with
// [Model.SetFingerprint] (0 if none).
func (m *Model) Fingerprint() uint64 { return m.fingerprint }

// SetFingerprint records a fingerprint of the feature templates the model
// is trained with (see [Fingerprint]); it is saved with the model so that
// a stage can refuse a model built for other templates.
func (m *Model) SetFingerprint(fp uint64) { m.fingerprint = fp }

// Index returns the label's class id, or -1.
func (m *Model) Index(label string) int {
	for i, l := range m.labels {
		if l == label {
			return i
		}
	}
	return -1
}

// bucket returns feature f's hash bucket.
func (m *Model) bucket(f uint64) int {
	return int(mix(f^m.seed) >> (64 - m.bits))
}

// row returns the offset in m.w of feature f's weight row (training).
func (m *Model) row(f uint64) int {
	return m.bucket(f) * m.nc
}

// A sparse finished model finds the row of a bucket through rank blocks,
// one per 64 consecutive buckets, of rankSize bytes each: a uint64 whose
// bit i is set when the block's bucket i has a row, then the uint32
// number of the block's first row; bucket i's row is that number plus
// the set bits below bit i. The blocks of a 2^20-bucket model take 192 KB,
// where an int32 row number per bucket took 4 MB: the lookup that
// precedes every row read stays in the second-level cache.
const rankSize = 12

// offset returns the offset in m.rows of the row of bucket b of a
// finished model; a sparse model's buckets without a row get its zero
// row. It does not branch on whether the bucket has a row, so that the
// reads of several features overlap (see Score).
func (m *Model) offset(b int) int {
	if m.rank == nil {
		return b * m.stride
	}
	k := b >> 6 * rankSize
	blk := m.rank[k : k+rankSize : k+rankSize]
	has := binary.LittleEndian.Uint64(blk)
	bit := uint64(1) << (b & 63)
	o := (int(binary.LittleEndian.Uint32(blk[8:])) + bits.OnesCount64(has&(bit-1))) * m.stride
	if has&bit == 0 {
		o = m.zero
	}
	return o
}

// packed returns the packed row of bucket b of a finished model (nil if
// it has none).
func (m *Model) packed(b int) []byte {
	if m.rank != nil && binary.LittleEndian.Uint64(m.rank[b>>6*rankSize:])&(1<<(b&63)) == 0 {
		return nil
	}
	o := m.offset(b)
	return m.rows[o : o+m.stride : o+m.stride]
}

// rowValues stores the weights of bucket b in dst (len Classes()) and
// reports whether any is non-zero.
func (m *Model) rowValues(b int, dst []float32) bool {
	if m.w != nil {
		copy(dst, m.w[b*m.nc:(b+1)*m.nc])
	} else {
		p := m.packed(b)
		if p == nil {
			return false
		}
		sc := math.Float32frombits(binary.LittleEndian.Uint32(p))
		for i, v := range p[4 : 4+m.nc] {
			dst[i] = float32(int8(v)) * sc
		}
	}
	for _, v := range dst {
		if v != 0 {
			return true
		}
	}
	return false
}

// packer lays out the rows of a finished model: each row is its float32
// scale then its nc weights as int8 (weight / scale), so that scoring a
// feature reads one contiguous piece of memory.
type packer struct {
	m       *Model
	rows    []byte
	buckets []int32 // bucket of each row
}

func newPacker(m *Model, capRows int) *packer {
	m.stride = 4 + m.nc
	m.rank = nil
	return &packer{m: m, rows: make([]byte, 0, (capRows+1)*m.stride), buckets: make([]int32, 0, capRows)}
}

// add appends the row of bucket b (buckets in increasing order); maxAbs
// is the largest magnitude in row, > 0.
func (p *packer) add(b int, row []float32, maxAbs float32) {
	sc := maxAbs / 127
	p.buckets = append(p.buckets, int32(b))
	p.rows = binary.LittleEndian.AppendUint32(p.rows, math.Float32bits(sc))
	for _, v := range row {
		p.rows = append(p.rows, byte(int8(math.Round(float64(v/sc)))))
	}
}

// finish installs the rows, dense (no rank blocks, a row for every
// bucket) when at least half the buckets have a row: then the blocks and
// the zero row save little.
func (p *packer) finish() {
	m := p.m
	nb := 1 << m.bits
	k := len(p.buckets)
	if 2*k < nb {
		nr := len(p.rows) + m.stride // and the zero row
		table := make([]byte, nr+(nb+63)/64*rankSize)
		copy(table, p.rows)
		m.rows, m.rank, m.zero = table[:nr:nr], table[nr:], len(p.rows)
		for _, b := range p.buckets {
			o := int(b) >> 6 * rankSize
			binary.LittleEndian.PutUint64(m.rank[o:], binary.LittleEndian.Uint64(m.rank[o:])|1<<(b&63))
		}
		n := 0
		for o := 0; o < len(m.rank); o += rankSize {
			binary.LittleEndian.PutUint32(m.rank[o+8:], uint32(n))
			n += bits.OnesCount64(binary.LittleEndian.Uint64(m.rank[o:]))
		}
		return
	}
	dense := make([]byte, nb*m.stride)
	for i, b := range p.buckets {
		copy(dense[int(b)*m.stride:], p.rows[i*m.stride:(i+1)*m.stride])
	}
	m.rows = dense
}

// Densify lays a finished sparse model out densely, a row for every
// bucket, and reports the bytes its rows now take. Scores do not change:
// a bucket without weights gets a zero row, as the sparse layout's lookup
// gives. It trades memory for speed: the rank lookup before every row read
// goes away (for the parser's move model, 2^20 buckets of 3 classes, 7 MB
// and a quarter faster parsing). It does nothing to a dense model or one
// still training.
func (m *Model) Densify() int {
	if m.rank == nil || m.w != nil {
		return len(m.rows)
	}
	nb := 1 << m.bits
	dense := make([]byte, nb*m.stride)
	for b := range nb {
		if p := m.packed(b); p != nil {
			copy(dense[b*m.stride:], p)
		}
	}
	m.rows, m.rank, m.zero = dense, nil, 0
	return len(dense)
}

// compact turns the dense float32 table of a model being finished into
// packed int8 rows.
func (m *Model) compact() {
	nb := 1 << m.bits
	nc := m.nc
	p := newPacker(m, 0)
	for b := range nb {
		row := m.w[b*nc : (b+1)*nc]
		var maxAbs float32
		for _, v := range row {
			maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
		}
		if maxAbs == 0 || !isFinite(maxAbs) {
			continue
		}
		p.add(b, row, maxAbs)
	}
	p.finish()
	m.w = nil
}

// scoreChunk is the number of features whose rows Score looks up
// together.
const scoreChunk = 32

// Score adds the weights of feats into scores, which must have length
// Classes() and is normally zeroed by the caller. A feature listed twice
// counts twice.
//
// The rows of a finished model mostly come from beyond the caches. Score
// takes the features scoreChunk at a time: it finds their rows (for a
// sparse model, after asking for all the rank blocks at once) and asks
// the processor for all of them with prefetch instructions, which do not
// wait, so that the reads overlap; then it adds the rows in the order of
// feats, so the sums are the same as adding feature after feature.
func (m *Model) Score(feats []uint64, scores []float32) {
	nc := m.nc
	scores = scores[:nc]
	if m.w != nil {
		for _, f := range feats {
			r := m.row(f)
			addRow(scores, m.w[r:r+nc:r+nc])
		}
		return
	}
	var offs, bk [scoreChunk]int32
	rows := m.rows
	for len(feats) > 0 {
		n := min(len(feats), scoreChunk)
		if m.rank == nil {
			for j, f := range feats[:n] {
				offs[j] = int32(m.bucket(f) * m.stride)
			}
		} else {
			// Request the rank blocks all at once, then find the rows.
			for j, f := range feats[:n] {
				b := m.bucket(f)
				bk[j] = int32(b)
				offs[j] = int32(b >> 6 * rankSize)
			}
			prefetch(m.rank, offs[:n], rankSize-1)
			for j, b := range bk[:n] {
				offs[j] = int32(m.offset(int(b)))
			}
		}
		prefetch(rows, offs[:n], m.stride-1)
		for _, o := range offs[:n] {
			r := rows[o : int(o)+4+nc : int(o)+4+nc]
			sc := math.Float32frombits(binary.LittleEndian.Uint32(r))
			if sc == 0 {
				// A zero row (a sparse model's bucket without weights).
				continue
			}
			addScaled(scores, r[4:], sc)
		}
		feats = feats[n:]
	}
}

// addScaled adds to each s[i] the int8 weight q[i] times sc; len(s) must
// be len(q). Rows of 8 weights or more go four at a time through vector
// instructions where there are some (amd64), with the same results.
func addScaled(s []float32, q []byte, sc float32) {
	s = s[:len(q)]
	if len(q) >= 8 {
		k := addScaledVec(s, q, sc)
		q, s = q[k:], s[k:]
	}
	for len(q) >= 4 && len(s) >= 4 {
		q4, s4 := q[:4:4], s[:4:4]
		s4[0] += float32(int8(q4[0])) * sc
		s4[1] += float32(int8(q4[1])) * sc
		s4[2] += float32(int8(q4[2])) * sc
		s4[3] += float32(int8(q4[3])) * sc
		q, s = q[4:], s[4:]
	}
	for i, v := range q {
		s[i] += float32(int8(v)) * sc
	}
}

func addRow(scores, row []float32) {
	s := scores
	for len(row) >= 4 && len(s) >= 4 {
		r4, s4 := row[:4:4], s[:4:4]
		s4[0] += r4[0]
		s4[1] += r4[1]
		s4[2] += r4[2]
		s4[3] += r4[3]
		row, s = row[4:], s[4:]
	}
	for i, v := range row {
		s[i] += v
	}
}

// Best returns the class with the highest score among those for which
// valid reports true (all classes if valid is nil), ties going to the
// lowest class id; it returns -1 if no class is valid. NaN scores never
// win.
func (m *Model) Best(scores []float32, valid func(int) bool) int {
	best := -1
	var bs float32
	for i, s := range scores {
		if s != s || (valid != nil && !valid(i)) {
			continue
		}
		if best < 0 || s > bs {
			best, bs = i, s
		}
	}
	return best
}

// Update performs the perceptron update for one training example: when
// guess differs from truth, the weights of feats move by step toward truth
// and away from guess. Call it for every example, correct ones included
// (they only advance the averaging clock). It panics if truth or guess is
// not a class id, or if the model is finished or loaded.
func (m *Model) Update(feats []uint64, truth, guess int, step float32) {
	if m.u == nil {
		panic("learn: Update on a finished model")
	}
	if truth < 0 || truth >= m.nc || guess < 0 || guess >= m.nc {
		panic(fmt.Sprintf("learn: Update with class %d, %d outside 0..%d", truth, guess, m.nc-1))
	}
	c := float64(m.clock)
	m.clock++
	if truth == guess {
		return
	}
	d := float64(step)
	for _, f := range feats {
		r := m.row(f)
		m.w[r+truth] += step
		m.u[r+truth] += c * d
		m.w[r+guess] -= step
		m.u[r+guess] -= c * d
	}
}

// Examples returns the number of Update calls so far.
func (m *Model) Examples() int64 { return m.clock }

// Finish replaces the weights by their average over all training examples
// and frees the training state. Later calls do nothing.
func (m *Model) Finish() {
	if m.u == nil {
		return
	}
	if m.clock > 0 {
		t := float64(m.clock)
		for i, u := range m.u {
			if u != 0 {
				m.w[i] = float32(float64(m.w[i]) - u/t)
			}
		}
	}
	m.u = nil
	m.compact()
}

// FinishMean finishes m with the mean of its averaged weights and those of
// others: models of the same labels, buckets and seed trained on the same
// examples in other orders. Their scores are the mean of the scores the
// models would give one by one (an ensemble at the cost of one model),
// which varies less with the order than any of them. The others are left
// empty. With no others it is Finish.
func (m *Model) FinishMean(others ...*Model) error {
	if m.u == nil {
		return fmt.Errorf("learn: FinishMean on a finished model")
	}
	for _, o := range others {
		if o.u == nil || o.nc != m.nc || o.bits != m.bits || o.seed != m.seed {
			return fmt.Errorf("learn: FinishMean with a finished model or one of another shape or seed")
		}
	}
	if len(others) == 0 {
		m.Finish()
		return nil
	}
	sum := make([]float64, len(m.w))
	for _, o := range append([]*Model{m}, others...) {
		t := float64(o.clock)
		for i, w := range o.w {
			if u := o.u[i]; u != 0 && t > 0 {
				w = float32(float64(w) - u/t)
			}
			sum[i] += float64(w)
		}
		if o != m {
			o.w, o.u = nil, nil
		}
	}
	k := float64(1 + len(others))
	for i, v := range sum {
		m.w[i] = float32(v / k)
	}
	m.u = nil
	m.compact()
	return nil
}

// Average returns a finished copy of m (averaged weights) and leaves m
// training, so that a stage can measure the averaged model on held-out data
// between epochs.
func (m *Model) Average() *Model {
	c := *m
	c.labels = append([]string(nil), m.labels...)
	if m.u != nil {
		c.w = append([]float32(nil), m.w...)
		c.u = m.u // read by Finish, never written
		c.Finish()
	}
	return &c
}

// mix is the splitmix64 finalizer: it spreads the bits of x so that the
// top bits make a good bucket index.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// isFinite reports whether f is neither NaN nor infinite.
func isFinite(f float32) bool {
	return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0)
}

// Prune sets to zero the weights whose magnitude is below threshold and returns
// how many it cleared; it shrinks the marshaled model at some cost in
// accuracy (measure it). It is meant for finished models.
func (m *Model) Prune(threshold float32) int {
	n := 0
	for i, v := range m.w {
		if v != 0 && v < threshold && v > -threshold {
			m.w[i] = 0
			n++
		}
	}
	if m.rows != nil {
		// Finished rows may be shared with copies made by Average: copy
		// before writing.
		m.rows = append([]byte(nil), m.rows...)
		for o := 0; o+m.stride <= len(m.rows); o += m.stride {
			sc := math.Float32frombits(binary.LittleEndian.Uint32(m.rows[o:]))
			q := m.rows[o+4 : o+m.stride]
			for i, v := range q {
				if w := float32(int8(v)) * sc; v != 0 && w < threshold && w > -threshold {
					q[i] = 0
					n++
				}
			}
		}
	}
	return n
}
