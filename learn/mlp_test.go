package learn

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// netExample is one example of a toy problem: dense inputs, active
// indicators and a class.
type netExample struct {
	dense  []float32
	active []int32
	class  int
}

// xorProblem is XOR on two real inputs near 0 and 1: no linear model
// separates it.
func xorProblem(n int, r *rand.Rand) []netExample {
	var out []netExample
	for range n {
		a, b := r.IntN(2), r.IntN(2)
		out = append(out, netExample{
			dense: []float32{float32(a) + 0.1*float32(r.NormFloat64()), float32(b) + 0.1*float32(r.NormFloat64())},
			class: a ^ b,
		})
	}
	return out
}

// separableProblem has three classes told apart by the sign of a dense
// input and by an indicator, beside noise indicators.
func separableProblem(n int, r *rand.Rand) []netExample {
	var out []netExample
	for range n {
		c := r.IntN(3)
		d := []float32{float32(r.NormFloat64()), float32(r.NormFloat64())}
		switch c {
		case 0:
			d[0] = 1 + float32(r.Float64())
		case 1:
			d[0] = -1 - float32(r.Float64())
		}
		act := []int32{int32(r.IntN(10))}
		if c == 2 {
			act = append(act, 10)
		}
		out = append(out, netExample{dense: d, active: act, class: c})
	}
	return out
}

func trainNet(t testing.TB, exs []netExample, classes, sparse int, o NetOptions, epochs int) *Net {
	t.Helper()
	labels := []string{"a", "b", "c", "d"}[:classes]
	n, err := NewNet(labels, len(exs[0].dense), sparse, o)
	if err != nil {
		t.Fatal(err)
	}
	for range epochs {
		for _, ex := range exs {
			n.Train(ex.dense, ex.active, ex.class, 1)
		}
	}
	n.Finish()
	return n
}

func accuracy(n *Net, exs []netExample) float64 {
	probs := make([]float32, n.Classes())
	scratch := make([]float32, n.Hidden())
	right := 0
	for _, ex := range exs {
		p := n.Probs(ex.dense, ex.active, probs, scratch)
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		if best == ex.class {
			right++
		}
	}
	return float64(right) / float64(len(exs))
}

func TestNetLearns(t *testing.T) {
	tests := []struct {
		name    string
		problem func(int, *rand.Rand) []netExample
		classes int
		sparse  int
		opt     NetOptions
		atLeast float64
	}{
		{"xor, 16 hidden units", xorProblem, 2, 0, NetOptions{Hidden: 16, Seed: 1, Rate: 0.1}, 0.97},
		{"separable, softmax regression", separableProblem, 3, 11, NetOptions{Seed: 1}, 0.97},
		{"separable, 8 hidden units", separableProblem, 3, 11, NetOptions{Hidden: 8, Seed: 2}, 0.97},
		{"separable, batch of 1, strong L2", separableProblem, 3, 11, NetOptions{Hidden: 8, Seed: 3, Batch: 1, L2: 1e-3}, 0.95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 8))
			train, test := tt.problem(2000, r), tt.problem(500, r)
			n := trainNet(t, train, tt.classes, tt.sparse, tt.opt, 20)
			if acc := accuracy(n, test); acc < tt.atLeast {
				t.Errorf("held-out accuracy %.3f, want at least %.2f", acc, tt.atLeast)
			}
		})
	}
}

// TestNetXORNeedsHidden checks the toy problem is not linear: softmax
// regression cannot learn XOR.
func TestNetXORNeedsHidden(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	exs := xorProblem(2000, r)
	n := trainNet(t, exs, 2, 0, NetOptions{Seed: 1}, 10)
	if acc := accuracy(n, exs); acc > 0.8 {
		t.Errorf("softmax regression learned XOR to %.3f", acc)
	}
}

func TestNetDeterministicAndRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	exs := separableProblem(500, r)
	for _, hidden := range []int{0, 6} {
		o := NetOptions{Hidden: hidden, Seed: 9}
		a := trainNet(t, exs, 3, 11, o, 3)
		b := trainNet(t, exs, 3, 11, o, 3)
		a.SetFingerprint(42)
		b.SetFingerprint(42)
		da, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		db, _ := b.MarshalBinary()
		if !bytes.Equal(da, db) {
			t.Errorf("hidden %d: two trainings gave different bytes", hidden)
		}
		l, err := LoadNet(da)
		if err != nil {
			t.Fatal(err)
		}
		if l.Fingerprint() != 42 || l.Hidden() != hidden || l.Dense() != 2 || l.Sparse() != 11 || l.Classes() != 3 {
			t.Errorf("hidden %d: loaded shape %d/%d/%d/%d, fingerprint %d", hidden, l.Dense(), l.Sparse(), l.Hidden(), l.Classes(), l.Fingerprint())
		}
		// The finished net and the loaded one agree exactly.
		pa, pl := make([]float32, 3), make([]float32, 3)
		sa, sl := make([]float32, hidden), make([]float32, hidden)
		for _, ex := range exs[:50] {
			a.Probs(ex.dense, ex.active, pa, sa)
			l.Probs(ex.dense, ex.active, pl, sl)
			for c := range pa {
				if pa[c] != pl[c] {
					t.Fatalf("hidden %d: probability %v after loading, %v before", hidden, pl, pa)
				}
			}
		}
		if dl, _ := l.MarshalBinary(); !bytes.Equal(dl, da) {
			t.Errorf("hidden %d: a loaded net marshals to other bytes", hidden)
		}
	}
}

func TestNetProbsIgnoresBadInput(t *testing.T) {
	n := trainNet(t, separableProblem(200, rand.New(rand.NewPCG(1, 1))), 3, 11, NetOptions{Hidden: 4, Seed: 1}, 1)
	p := n.Probs([]float32{1}, []int32{-1, 11, 1 << 30, 3}, make([]float32, 3), make([]float32, 4))
	var sum float64
	for _, v := range p {
		if v < 0 || v > 1 || math.IsNaN(float64(v)) {
			t.Fatalf("probabilities %v", p)
		}
		sum += float64(v)
	}
	if math.Abs(sum-1) > 1e-5 {
		t.Errorf("probabilities sum to %v", sum)
	}
}

func TestNewNetErrors(t *testing.T) {
	tests := []struct {
		name                  string
		labels                []string
		dense, sparse, hidden int
	}{
		{"one label", []string{"a"}, 2, 0, 0},
		{"repeated label", []string{"a", "a"}, 2, 0, 0},
		{"no inputs", []string{"a", "b"}, 0, 0, 0},
		{"negative hidden", []string{"a", "b"}, 2, 0, -1},
		{"too many weights", []string{"a", "b"}, maxNetInputs, 0, maxNetHidden},
	}
	for _, tt := range tests {
		if _, err := NewNet(tt.labels, tt.dense, tt.sparse, NetOptions{Hidden: tt.hidden}); err == nil {
			t.Errorf("%s: NewNet succeeded", tt.name)
		}
	}
}

func TestNetMarshalUnfinished(t *testing.T) {
	n, err := NewNet([]string{"a", "b"}, 1, 0, NetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.MarshalBinary(); err == nil {
		t.Error("MarshalBinary before Finish succeeded")
	}
}

func goodNet(t testing.TB) []byte {
	n := trainNet(t, separableProblem(200, rand.New(rand.NewPCG(5, 5))), 3, 11, NetOptions{Hidden: 3, Seed: 1}, 1)
	b, err := n.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadNetErrors(t *testing.T) {
	good := goodNet(t)
	flip := append([]byte(nil), good...)
	flip[len(flip)/2] ^= 0x10
	tests := map[string][]byte{
		"empty":             nil,
		"magic":             append([]byte("XXXX"), good[4:]...),
		"perceptron":        append([]byte("WSLM"), good[4:]...),
		"version":           append([]byte("WSNN\x02\x00"), good[6:]...),
		"truncated":         good[:len(good)-3],
		"flipped":           flip,
		"trailing":          append(append([]byte(nil), good...), 0),
		"body: extra bytes": envelopeNet(append(body(t, good), 0, 0)),
		"body: huge shape":  envelopeNet([]byte("\x00\x00\x00\x00\x00\x00\x00\x00\x02\x01a\x01b\xff\xff\x3f\x00\xff\x1f")),
	}
	for name, data := range tests {
		if _, err := LoadNet(data); !errors.Is(err, ErrNetFormat) {
			t.Errorf("%s: got %v, want ErrNetFormat", name, err)
		}
	}
}

// envelopeNet wraps a body in the net's magic, version and compression.
func envelopeNet(b []byte) []byte {
	e := envelope(b)
	return append([]byte(netMagic), e[4:]...)
}

func FuzzLoadNet(f *testing.F) {
	f.Add(goodNet(f))
	small, err := NewNet([]string{"a", "b"}, 1, 1, NetOptions{})
	if err != nil {
		f.Fatal(err)
	}
	small.Train([]float32{1}, []int32{0}, 1, 1)
	small.Finish()
	b, _ := small.MarshalBinary()
	f.Add(b)
	f.Add([]byte("WSNN\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := LoadNet(data)
		if err != nil {
			return
		}
		p := n.Probs([]float32{1, 2}, []int32{0, 1}, make([]float32, n.Classes()), make([]float32, n.Hidden()))
		for _, v := range p {
			if v < 0 || v > 1 {
				t.Fatalf("probability %v", v)
			}
		}
		if _, err := n.MarshalBinary(); err != nil {
			t.Fatalf("loaded net does not marshal: %v", err)
		}
	})
}

func BenchmarkNetProbs(b *testing.B) {
	n, err := NewNet([]string{"O", "B", "I"}, 500, 200, NetOptions{Hidden: 32, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	n.Finish()
	dense := make([]float32, 500)
	for i := range dense {
		dense[i] = float32(i%7) - 3
	}
	active := []int32{1, 20, 40, 60, 80, 100}
	probs, scratch := make([]float32, 3), make([]float32, 32)
	b.ResetTimer()
	for range b.N {
		n.Probs(dense, active, probs, scratch)
	}
}

// TestNetProbsFrom checks that the dense inputs' responses, summed part
// by part, give Probs' probabilities to rounding.
func TestNetProbsFrom(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	for _, hidden := range []int{0, 5} {
		n, err := NewNet([]string{"a", "b", "c"}, 6, 4, NetOptions{Hidden: hidden, Seed: 4})
		if err != nil {
			t.Fatal(err)
		}
		for range 200 {
			d := make([]float32, 6)
			for i := range d {
				d[i] = float32(r.NormFloat64())
			}
			n.Train(d, []int32{int32(r.IntN(4))}, r.IntN(3), 1)
		}
		n.Finish()
		for range 20 {
			d := make([]float32, 6)
			for i := range d {
				d[i] = float32(r.NormFloat64())
			}
			act := []int32{int32(r.IntN(4)), 9}
			want := n.Probs(d, act, make([]float32, 3), make([]float32, hidden))
			acc := make([]float32, n.FirstLayer())
			n.AddDense(acc, 0, d[:2])
			n.AddDense(acc, 2, d[2:])
			n.AddDense(acc, 6, d) // beyond the inputs: ignored
			got := n.ProbsFrom(acc, act, make([]float32, 3))
			for c := range want {
				if math.Abs(float64(got[c]-want[c])) > 1e-5 {
					t.Fatalf("hidden %d: ProbsFrom %v, Probs %v", hidden, got, want)
				}
			}
		}
	}
}

// TestAxpy checks axpy, vector part included, against the plain loop bit
// for bit, over lengths around the vector width and awkward values: tiny
// and huge factors, subnormal results, infinities, NaN, -0.
func TestAxpy(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	special := []float32{0, float32(math.Copysign(0, -1)), 1e-40, -1e-45, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.MaxFloat32, 3.5}
	pick := func() float32 {
		if r.IntN(4) == 0 {
			return special[r.IntN(len(special))]
		}
		return float32(r.NormFloat64() * 100)
	}
	for n := range 71 {
		for _, a := range []float32{1, 1e-3, -7.25, 1e-44, 1e37, 0, float32(math.Inf(1))} {
			x, y := make([]float32, n), make([]float32, n)
			for i := range n {
				x[i], y[i] = pick(), pick()
			}
			want := append([]float32(nil), y...)
			for i, v := range x {
				want[i] += a * v
			}
			axpy(y, x, a)
			for i := range y {
				if math.Float32bits(y[i]) != math.Float32bits(want[i]) && !(y[i] != y[i] && want[i] != want[i]) {
					t.Fatalf("n %d a %v: y[%d] = %v (%x), want %v (%x)", n, a, i, y[i], math.Float32bits(y[i]), want[i], math.Float32bits(want[i]))
				}
			}
		}
	}
}
