package learn

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// encLoss returns the summed cross-entropy of seq's gold classes without
// dropout or any update, accumulated in float64.
func encLoss(e *Encoder, seq Seq, gold [][]int8) float64 {
	var s encState
	e.forward(seq, &s, false)
	var loss float64
	for j := range e.heads {
		for t, c := range gold[j] {
			if c < 0 {
				continue
			}
			p := e.headProbs(&s, j, t, make([]float32, len(e.heads[j])))
			loss -= math.Log(float64(p[c]))
		}
	}
	return loss
}

// randomSeq builds a sequence of n tokens with dense inputs and one or two
// indicators each.
func randomSeq(r *rand.Rand, n, dense, sparse int) Seq {
	s := Seq{Len: n, Dense: make([]float32, n*dense), Active: make([][]int32, n)}
	for i := range s.Dense {
		s.Dense[i] = float32(r.NormFloat64())
	}
	for t := range n {
		s.Active[t] = []int32{int32(r.IntN(sparse))}
		if r.IntN(2) == 0 {
			s.Active[t] = append(s.Active[t], int32(r.IntN(sparse)))
		}
	}
	return s
}

// TestEncoderGradient checks the gradient of backpropagation against
// central finite differences of the loss, on a tiny encoder with no, one,
// two and three dilated layers (dilations 1, 2, 4) and two heads.
func TestEncoderGradient(t *testing.T) {
	for _, layers := range []int{0, 1, 2, 3} {
		r := rand.New(rand.NewPCG(7, uint64(layers)))
		o := EncoderOptions{Hidden: 5, Layers: layers, NoConv: layers == 0, Seed: 3}
		e, err := NewEncoder([][]string{{"a", "b", "c"}, {"x", "y"}}, 4, 6, o)
		if err != nil {
			t.Fatal(err)
		}
		// Biases away from zero so that no unit sits on a kink.
		for i := e.nb; i < len(e.p); i++ {
			e.p[i] = 0.1 + 0.05*float32(r.NormFloat64())
		}
		seq := randomSeq(r, 7, 4, 6)
		gold := [][]int8{{0, 2, 1, -1, 0, 1, 2}, {1, 0, 1, 1, -1, 0, 1}}
		e.backward(seq, gold, 1)
		g := append([]float32(nil), e.tr.g...)
		checked, bad := 0, 0
		for i := range e.p {
			if i%3 != 0 && i < e.nb { // a third of the weights, every bias
				continue
			}
			old := e.p[i]
			const eps = 3e-3
			e.p[i] = old + eps
			up := encLoss(e, seq, gold)
			e.p[i] = old - eps
			down := encLoss(e, seq, gold)
			e.p[i] = old
			num := (up - down) / (2 * eps)
			checked++
			if d := math.Abs(num - float64(g[i])); d > 2e-3+2e-2*math.Abs(num) {
				bad++
				if bad <= 5 {
					t.Errorf("layers %d: parameter %d: backprop %.5f, finite differences %.5f", layers, i, g[i], num)
				}
			}
		}
		if checked < 30 {
			t.Errorf("layers %d: only %d parameters checked", layers, checked)
		}
	}
}

// contextProblem labels each token by the indicator of the token before
// it (class 1 when that one is indicator 0), with the token's own
// indicators as noise: only a model that reads the context can learn it.
func contextProblem(r *rand.Rand, seqs int) ([]Seq, [][][]int8) {
	var xs []Seq
	var ys [][][]int8
	for range seqs {
		n := 3 + r.IntN(8)
		s := Seq{Len: n, Active: make([][]int32, n)}
		y := make([]int8, n)
		for t := range n {
			s.Active[t] = []int32{int32(r.IntN(4))}
			if t > 0 && s.Active[t-1][0] == 0 {
				y[t] = 1
			}
		}
		xs, ys = append(xs, s), append(ys, [][]int8{y})
	}
	return xs, ys
}

func trainEncoder(t testing.TB, o EncoderOptions, xs []Seq, ys [][][]int8, epochs int) *Encoder {
	t.Helper()
	e, err := NewEncoder([][]string{{"no", "yes"}}, 0, 4, o)
	if err != nil {
		t.Fatal(err)
	}
	for range epochs {
		for k := range xs {
			e.Train(xs[k], ys[k], 1)
		}
	}
	e.Finish()
	return e
}

func encAccuracy(e *Encoder, xs []Seq, ys [][][]int8) float64 {
	right, all := 0, 0
	var out [][]float32
	for k, s := range xs {
		out = e.Probs(s, out)
		for t, c := range ys[k][0] {
			best := int8(0)
			if out[0][2*t+1] > out[0][2*t] {
				best = 1
			}
			if best == c {
				right++
			}
			all++
		}
	}
	return float64(right) / float64(all)
}

// TestEncoderContext checks that the convolutions learn what the token's
// own inputs cannot tell, and that an encoder without them cannot.
func TestEncoderContext(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	xs, ys := contextProblem(r, 400)
	txs, tys := contextProblem(r, 200)
	conv := trainEncoder(t, EncoderOptions{Hidden: 8, Seed: 1, Rate: 0.01}, xs, ys, 10)
	if acc := encAccuracy(conv, txs, tys); acc < 0.97 {
		t.Errorf("convolutional encoder: accuracy %.3f on held-out sequences, want at least 0.97", acc)
	}
	flat := trainEncoder(t, EncoderOptions{Hidden: 8, Seed: 1, Rate: 0.01, NoConv: true}, xs, ys, 10)
	if acc := encAccuracy(flat, txs, tys); acc > 0.85 {
		t.Errorf("encoder without convolutions: accuracy %.3f, want at most 0.85 (the problem needs context)", acc)
	}
}

// TestEncoderDeterministic trains twice with the same seed (dropout on)
// and compares the bytes, and checks that another seed differs.
func TestEncoderDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	xs, ys := contextProblem(r, 100)
	o := EncoderOptions{Hidden: 6, Seed: 5, Dropout: 0.2}
	a, err := trainEncoder(t, o, xs, ys, 2).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := trainEncoder(t, o, xs, ys, 2).MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Error("two trainings with the same seed gave different bytes")
	}
	o.Seed = 6
	if c, _ := trainEncoder(t, o, xs, ys, 2).MarshalBinary(); bytes.Equal(a, c) {
		t.Error("another seed gave the same bytes")
	}
}

// TestEncoderRoundTrip checks that a loaded encoder gives the same
// probabilities bit for bit and marshals to the same bytes, and that
// every truncation and a flipped byte are refused.
func TestEncoderRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	e, err := NewEncoder([][]string{{"O", "B", "I"}, {"O", "S", "C"}}, 3, 5, EncoderOptions{Hidden: 4, Layers: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var seqs []Seq
	for range 30 {
		s := randomSeq(r, 2+r.IntN(6), 3, 5)
		gold := [][]int8{make([]int8, s.Len), make([]int8, s.Len)}
		for t := range s.Len {
			gold[0][t], gold[1][t] = int8(r.IntN(3)), int8(r.IntN(3))
		}
		e.Train(s, gold, 1)
		seqs = append(seqs, s)
	}
	if _, err := e.MarshalBinary(); err == nil {
		t.Error("MarshalBinary before Finish succeeded")
	}
	e.SetFingerprint(Fingerprint("test"))
	e.Finish()
	data, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	f, err := LoadEncoder(data)
	if err != nil {
		t.Fatal(err)
	}
	if f.Fingerprint() != e.Fingerprint() || f.Hidden() != 4 || f.Layers() != 2 || f.Dense() != 3 || f.Sparse() != 5 || len(f.Heads()) != 2 {
		t.Errorf("loaded shape differs: %d %d %d %d %d", f.Hidden(), f.Layers(), f.Dense(), f.Sparse(), len(f.Heads()))
	}
	var pa, pb [][]float32
	for _, s := range seqs {
		pa, pb = e.Probs(s, pa), f.Probs(s, pb)
		for j := range pa {
			for i := range pa[j] {
				if pa[j][i] != pb[j][i] {
					t.Fatalf("probability %d of head %d: %v before, %v after the round trip", i, j, pa[j][i], pb[j][i])
				}
			}
		}
	}
	// Responses kept by the caller give the same bits.
	for _, s := range seqs[:5] {
		pre := make([]float32, s.Len*f.Hidden())
		for t := range s.Len {
			f.DenseResponse(s.Dense[t*3:(t+1)*3], pre[t*4:(t+1)*4])
		}
		pa = f.Probs(s, pa)
		pb = f.Probs(Seq{Len: s.Len, Active: s.Active, Pre: pre}, pb)
		for j := range pa {
			for i := range pa[j] {
				if pa[j][i] != pb[j][i] {
					t.Fatalf("probability %d of head %d: %v from the dense inputs, %v from their responses", i, j, pa[j][i], pb[j][i])
				}
			}
		}
	}
	again, _ := f.MarshalBinary()
	if !bytes.Equal(data, again) {
		t.Error("the loaded encoder marshals to other bytes")
	}
	for n := 0; n < len(data); n += 1 + n/8 {
		if _, err := LoadEncoder(data[:n]); !errors.Is(err, ErrEncoderFormat) {
			t.Errorf("%d of %d bytes: %v", n, len(data), err)
		}
	}
	bad := append([]byte(nil), data...)
	bad[len(bad)/2] ^= 0x40
	if _, err := LoadEncoder(bad); err == nil {
		t.Error("corrupt encoder loaded")
	}
	if _, err := LoadEncoder(append(append([]byte(nil), data...), 0)); err == nil {
		t.Error("encoder with a trailing byte loaded")
	}
	if _, err := LoadNet(data); err == nil {
		t.Error("an encoder loaded as a net")
	}
}

func TestNewEncoderShape(t *testing.T) {
	tests := []struct {
		name  string
		heads [][]string
		dense int
		sp    int
		o     EncoderOptions
	}{
		{"no heads", nil, 2, 2, EncoderOptions{}},
		{"one label", [][]string{{"a"}}, 2, 2, EncoderOptions{}},
		{"repeated label", [][]string{{"a", "a"}}, 2, 2, EncoderOptions{}},
		{"no inputs", [][]string{{"a", "b"}}, 0, 0, EncoderOptions{}},
		{"too deep", [][]string{{"a", "b"}}, 2, 2, EncoderOptions{Layers: 9}},
		{"too large", [][]string{{"a", "b"}}, 1 << 19, 1 << 19, EncoderOptions{Hidden: 64}},
	}
	for _, tt := range tests {
		if _, err := NewEncoder(tt.heads, tt.dense, tt.sp, tt.o); err == nil {
			t.Errorf("%s: NewEncoder succeeded", tt.name)
		}
	}
}

// FuzzLoadEncoder checks that LoadEncoder never panics, and that an
// encoder it accepts scores a sequence with probabilities that sum to 1
// and marshals back to bytes it loads again.
func FuzzLoadEncoder(f *testing.F) {
	e, err := NewEncoder([][]string{{"O", "B", "I"}}, 2, 3, EncoderOptions{Hidden: 3, Layers: 1, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	e.Train(Seq{Len: 3, Dense: []float32{1, 0, 0, 1, 1, 1}, Active: [][]int32{{0}, {1, 2}, {}}}, [][]int8{{1, 2, 0}}, 1)
	e.Finish()
	good, err := e.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("WSEN\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := LoadEncoder(data)
		if err != nil {
			if !errors.Is(err, ErrEncoderFormat) {
				t.Fatalf("error %v does not wrap ErrEncoderFormat", err)
			}
			return
		}
		if e.Params() > 1<<16 {
			return // large but valid: scoring it proves nothing more
		}
		d := make([]float32, 4*e.Dense())
		for i := range d {
			d[i] = float32(i%3) - 1
		}
		out := e.Probs(Seq{Len: 4, Dense: d, Active: [][]int32{{0}, {-1, 1 << 30}, nil, {int32(e.Sparse() - 1)}}}, nil)
		for j, h := range e.Heads() {
			for tok := range 4 {
				var sum float64
				for _, p := range out[j][tok*len(h) : (tok+1)*len(h)] {
					if !(p >= 0 && p <= 1) {
						if math.IsNaN(float64(p)) {
							return // weights at float32's limits overflow the sums
						}
						t.Fatalf("probability %v", p)
					}
					sum += float64(p)
				}
				if math.Abs(sum-1) > 1e-3 {
					t.Fatalf("probabilities of head %d at %d sum to %v", j, tok, sum)
				}
			}
		}
		b, err := e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := LoadEncoder(b); err != nil {
			t.Fatalf("re-marshalled encoder: %v", err)
		}
	})
}

// BenchmarkEncoderProbs scores a sentence of 30 tokens with the shape of
// the attribution model's encoder (100 dense inputs, 32 units, two
// convolutions, heads of 3 and 5 classes).
func BenchmarkEncoderProbs(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	e, err := NewEncoder([][]string{{"O", "B", "I"}, {"O", "a", "b", "c", "d"}}, 100, 8000, EncoderOptions{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for range 20 {
		s := randomSeq(r, 30, 100, 8000)
		e.Train(s, [][]int8{make([]int8, 30), make([]int8, 30)}, 1)
	}
	e.Finish()
	s := randomSeq(r, 30, 100, 8000)
	var out [][]float32
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		out = e.Probs(s, out)
	}
}
