package learn

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"testing"
)

func TestHasher(t *testing.T) {
	var h Hasher
	h.Reset(3)
	h.Str("ab")
	h.Str("c")
	a := h.Sum()
	h.Reset(3)
	h.Str("a")
	h.Str("bc")
	b := h.Sum()
	if a == b {
		t.Error(`("ab","c") and ("a","bc") collide`)
	}
	if got := Feature(3, "ab", "c"); got != a {
		t.Errorf("Feature = %x, Hasher = %x", got, a)
	}
	h.Reset(3)
	h.Bytes([]byte("ab"))
	h.Bytes([]byte("c"))
	if h.Sum() != a {
		t.Error("Bytes differs from Str")
	}
	if Feature(3, "x") == Feature(4, "x") {
		t.Error("templates 3 and 4 collide")
	}
	h.Reset(1)
	h.Int(5)
	c := h.Sum()
	h.Reset(1)
	h.Int(6)
	if h.Sum() == c {
		t.Error("Int(5) and Int(6) collide")
	}
	if n := testing.AllocsPerRun(100, func() { _ = Feature(1, "word", "tag") }); n != 0 {
		t.Errorf("Feature allocates %v times", n)
	}
}

// TestHasherAtom checks that hashed atoms keep their order and their
// boundaries, and that the ids of all pairs of a few hundred words under
// two templates do not collide.
func TestHasherAtom(t *testing.T) {
	id := func(tmpl uint32, atoms ...string) uint64 {
		var h Hasher
		h.Reset(tmpl)
		for _, a := range atoms {
			h.Atom(AtomOf(a))
		}
		return h.Sum()
	}
	tests := []struct{ a, b []string }{
		{[]string{"ab", "c"}, []string{"a", "bc"}},
		{[]string{"said", "that"}, []string{"that", "said"}},
		{[]string{"x"}, []string{"x", ""}},
		{[]string{""}, []string{"", ""}},
	}
	for _, tc := range tests {
		if id(1, tc.a...) == id(1, tc.b...) {
			t.Errorf("%q and %q collide", tc.a, tc.b)
		}
	}
	if id(1, "said") == id(2, "said") {
		t.Error("templates 1 and 2 collide")
	}
	seen := map[uint64]string{}
	for tmpl := uint32(1); tmpl <= 2; tmpl++ {
		for i := range 300 {
			for j := range 300 {
				k := id(tmpl, fmt.Sprint("w", i), fmt.Sprint("w", j))
				name := fmt.Sprint(tmpl, i, j)
				if o, dup := seen[k]; dup {
					t.Fatalf("%s and %s collide", o, name)
				}
				seen[k] = name
			}
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = id(1, "word", "tag") }); n != 0 {
		t.Errorf("Atom allocates %v times", n)
	}
}

// TestHasherInt checks Int against the byte-by-byte FNV-1a it shortens,
// around the shortcut's boundary and for negative numbers.
func TestHasherInt(t *testing.T) {
	ref := func(tmpl uint32, n int) uint64 {
		var h Hasher
		h.Reset(tmpl)
		x := h.h ^ 0x1ff
		v := uint64(n)
		for range 8 {
			x ^= v & 0xff
			x *= fnvPrime
			v >>= 8
		}
		return mix(x)
	}
	for _, n := range []int{0, 1, 2, 5, 127, 128, 255, 256, 257, 1 << 16, 1<<30 + 3, -1, -2, -255, -256, math.MaxInt, math.MinInt} {
		for _, tmpl := range []uint32{0, 1, 77} {
			var h Hasher
			h.Reset(tmpl)
			h.Int(n)
			if got, want := h.Sum(), ref(tmpl, n); got != want {
				t.Errorf("Reset(%d) Int(%d) = %x, want %x", tmpl, n, got, want)
			}
		}
	}
}

func BenchmarkHasher(b *testing.B) {
	b.Run("Int", func(b *testing.B) {
		b.ReportAllocs()
		var h Hasher
		var sink uint64
		for b.Loop() {
			h.Reset(9)
			h.Str("said")
			h.Int(3)
			h.Int(1)
			h.Int(-2)
			sink ^= h.Sum()
		}
		if sink == 1 {
			b.Log(sink)
		}
	})
}

func TestBest(t *testing.T) {
	m := NewModel([]string{"a", "b", "c", "d"}, 4, 1)
	nan := float32(math.NaN())
	tests := []struct {
		scores []float32
		valid  func(int) bool
		want   int
	}{
		{[]float32{1, 3, 3, 2}, nil, 1},
		{[]float32{0, 0, 0, 0}, nil, 0},
		{[]float32{nan, -1, -1, -2}, nil, 1},
		{[]float32{1, 3, 3, 2}, func(i int) bool { return i != 1 }, 2},
		{[]float32{1, 3, 3, 2}, func(int) bool { return false }, -1},
	}
	for i, tt := range tests {
		if got := m.Best(tt.scores, tt.valid); got != tt.want {
			t.Errorf("case %d: Best = %d, want %d", i, got, tt.want)
		}
	}
}

// toy makes a linearly separable problem: each example has a few noise
// features and one feature that names its class.
func toy(n, classes int, r *rand.Rand) ([][]uint64, []int) {
	var xs [][]uint64
	var ys []int
	for range n {
		y := r.IntN(classes)
		x := []uint64{Feature(1, string(rune('a'+y)))}
		for range 3 {
			x = append(x, Feature(2, string(rune('a'+r.IntN(20)))))
		}
		x = append(x, Feature(3, "bias"))
		xs = append(xs, x)
		ys = append(ys, y)
	}
	return xs, ys
}

func train(t testing.TB) (*Model, [][]uint64, []int) {
	labels := []string{"A", "B", "C", "D", "E"}
	m := NewModel(labels, 12, 42)
	r := rand.New(rand.NewPCG(1, 2))
	xs, ys := toy(500, len(labels), r)
	scores := make([]float32, m.Classes())
	for range 10 {
		for i, x := range xs {
			clear(scores)
			m.Score(x, scores)
			m.Update(x, ys[i], m.Best(scores, nil), 1)
		}
	}
	m.Finish()
	return m, xs, ys
}

func TestLearnSeparable(t *testing.T) {
	m, xs, ys := train(t)
	if m.Examples() != 5000 {
		t.Errorf("Examples = %d, want 5000", m.Examples())
	}
	scores := make([]float32, m.Classes())
	wrong := 0
	for i, x := range xs {
		clear(scores)
		m.Score(x, scores)
		if m.Best(scores, nil) != ys[i] {
			wrong++
		}
	}
	// Noise features make a few examples hard for the averaged weights.
	if wrong > len(xs)/100 {
		t.Errorf("%d of %d training examples wrong, want at most 1%%", wrong, len(xs))
	}
}

func TestDeterministic(t *testing.T) {
	a, _, _ := train(t)
	b, _, _ := train(t)
	da, _ := a.MarshalBinary()
	db, _ := b.MarshalBinary()
	if string(da) != string(db) {
		t.Error("two trainings give different bytes")
	}
}

func TestAverage(t *testing.T) {
	m := NewModel([]string{"x", "y"}, 4, 0)
	f := []uint64{Feature(1, "f")}
	m.Update(f, 0, 1, 1) // after this: w = +1 for x
	m.Update(f, 0, 0, 1)
	m.Update(f, 0, 0, 1)
	m.Update(f, 1, 0, 1) // w back to 0 for the last example
	avg := m.Average()
	s := make([]float32, 2)
	avg.Score(f, s)
	// Weights for x after each example: 1, 1, 1, 0: average 0.75.
	if math.Abs(float64(s[0]-0.75)) > 1e-6 || math.Abs(float64(s[1]+0.75)) > 1e-6 {
		t.Errorf("averaged scores %v, want [0.75 -0.75]", s)
	}
	clear(s)
	m.Score(f, s)
	if s[0] != 0 || s[1] != 0 {
		t.Errorf("Average changed the training model: %v", s)
	}
}

// TestFinishMean checks that the mean of two models' averaged weights
// scores as the mean of their scores, that one model alone finishes as
// Finish does, and that models of other shapes or seeds are refused.
func TestFinishMean(t *testing.T) {
	f := []uint64{Feature(1, "f")}
	mk := func(seed uint64, ups ...[2]int) *Model {
		m := NewModel([]string{"x", "y"}, 4, seed)
		for _, u := range ups {
			m.Update(f, u[0], u[1], 1)
		}
		return m
	}
	// Averaged weights for x: 0.75 (as in TestAverage) and 0.25.
	a := mk(0, [2]int{0, 1}, [2]int{0, 0}, [2]int{0, 0}, [2]int{1, 0})
	b := mk(0, [2]int{0, 0}, [2]int{0, 0}, [2]int{0, 0}, [2]int{0, 1})
	if err := a.FinishMean(b); err != nil {
		t.Fatal(err)
	}
	s := make([]float32, 2)
	a.Score(f, s)
	if math.Abs(float64(s[0]-0.5)) > 0.005 || math.Abs(float64(s[1]+0.5)) > 0.005 {
		t.Errorf("mean scores %v, want [0.5 -0.5]", s)
	}
	one, other := mk(0, [2]int{0, 1}, [2]int{1, 0}, [2]int{0, 1}), mk(0, [2]int{0, 1}, [2]int{1, 0}, [2]int{0, 1})
	if err := one.FinishMean(); err != nil {
		t.Fatal(err)
	}
	other.Finish()
	ba, _ := one.MarshalBinary()
	bb, _ := other.MarshalBinary()
	if !bytes.Equal(ba, bb) {
		t.Error("FinishMean of one model differs from Finish")
	}
	for _, tc := range []struct {
		name string
		m, o *Model
	}{
		{"finished", mk(0), one},
		{"other seed", mk(0), mk(1)},
		{"other labels", mk(0), NewModel([]string{"x", "y", "z"}, 4, 0)},
		{"other bits", mk(0), NewModel([]string{"x", "y"}, 5, 0)},
	} {
		if err := tc.m.FinishMean(tc.o); err == nil {
			t.Errorf("%s: FinishMean accepted it", tc.name)
		}
	}
	if err := one.FinishMean(); err == nil {
		t.Error("FinishMean on a finished model succeeded")
	}
}

func TestRoundTrip(t *testing.T) {
	m, xs, _ := train(t)
	m.SetFingerprint(Fingerprint("toy", "v1"))
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	l, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if l.Fingerprint() != m.Fingerprint() || l.Seed() != 42 || l.Bits() != 12 || len(l.Labels()) != 5 || l.Labels()[4] != "E" {
		t.Errorf("header differs: %x %d %d %v", l.Fingerprint(), l.Seed(), l.Bits(), l.Labels())
	}
	a := make([]float32, m.Classes())
	b := make([]float32, m.Classes())
	for _, x := range xs {
		clear(a)
		clear(b)
		m.Score(x, a)
		l.Score(x, b)
		for i := range a {
			if d := math.Abs(float64(a[i] - b[i])); d > 1e-3*(1+math.Abs(float64(a[i]))) {
				t.Fatalf("scores differ after round trip: %v vs %v", a, b)
			}
		}
	}
	again, err := l.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if l2, err := Load(again); err != nil || l2.Classes() != 5 {
		t.Errorf("reloading a loaded model: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	m, _, _ := train(t)
	good, _ := m.MarshalBinary()
	flip := append([]byte(nil), good...)
	flip[len(flip)/2] ^= 0x10
	tests := map[string][]byte{
		"empty":     nil,
		"magic":     append([]byte("XXXX"), good[4:]...),
		"version":   append([]byte("WSLM\x02\x00"), good[6:]...),
		"truncated": good[:len(good)-3],
		"flipped":   flip,
		"trailing":  append(append([]byte(nil), good...), 0),
	}
	for name, data := range tests {
		if _, err := Load(data); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: got %v, want ErrFormat", name, err)
		}
	}
}

func TestMarshalUnfinished(t *testing.T) {
	m := NewModel([]string{"a"}, 2, 0)
	if _, err := m.MarshalBinary(); err == nil {
		t.Error("MarshalBinary before Finish succeeded")
	}
}

func FuzzLoad(f *testing.F) {
	m, _, _ := train(f)
	good, _ := m.MarshalBinary()
	f.Add(good)
	small := NewModel([]string{"a", "b"}, 2, 7)
	small.Update([]uint64{1}, 0, 1, 1)
	small.Finish()
	b, _ := small.MarshalBinary()
	f.Add(b)
	f.Add([]byte("WSLM\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Load(data)
		if err != nil {
			return
		}
		s := make([]float32, l.Classes())
		l.Score([]uint64{1, 2, 3}, s)
		if _, err := l.MarshalBinary(); err != nil {
			t.Fatalf("loaded model does not marshal: %v", err)
		}
	})
}

const benchBits = 12

func BenchmarkScore(b *testing.B) {
	for _, nc := range []int{17, 50} {
		b.Run(string(rune('0'+nc/10))+string(rune('0'+nc%10))+"classes", func(b *testing.B) {
			labels := make([]string, nc)
			for i := range labels {
				labels[i] = string(rune('A' + i))
			}
			m := NewModel(labels, benchBits, 1)
			for i := range m.w {
				m.w[i] = float32(i%7) - 3
			}
			feats := make([]uint64, 30)
			for i := range feats {
				feats[i] = Feature(uint32(i), "w")
			}
			scores := make([]float32, nc)
			b.ReportAllocs()
			for b.Loop() {
				clear(scores)
				m.Score(feats, scores)
			}
		})
	}
}

// envelope wraps a raw body in magic, version, checksum and compression,
// so that FuzzBody reaches the body checks past the checksum.
func envelope(body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("WSLM\x01\x00")
	zw, _ := flate.NewWriter(&b, flate.BestSpeed)
	zw.Write(body)
	zw.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(body)))
	zw.Close()
	return b.Bytes()
}

// body undoes envelope.
func body(t testing.TB, data []byte) []byte {
	b, err := io.ReadAll(flate.NewReader(bytes.NewReader(data[6:])))
	if err != nil {
		t.Fatal(err)
	}
	return b[:len(b)-4]
}

func FuzzBody(f *testing.F) {
	m, _, _ := train(f)
	good, _ := m.MarshalBinary()
	f.Add(body(f, good))
	small := NewModel([]string{"a", "b", "c"}, 3, 7)
	small.Update([]uint64{1, 2}, 0, 2, 1)
	small.Finish()
	b, _ := small.MarshalBinary()
	f.Add(body(f, b))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Load(envelope(data))
		if err != nil {
			return
		}
		s := make([]float32, l.Classes())
		l.Score([]uint64{1, 2, 3}, s)
		out, err := l.MarshalBinary()
		if err != nil {
			t.Fatalf("loaded model does not marshal: %v", err)
		}
		if _, err := Load(out); err != nil {
			t.Fatalf("remarshaled model does not load: %v", err)
		}
	})
}

// packedModel returns a finished model of nc classes and 2^bits buckets in
// which about a fraction fill of the buckets have a row of random weights,
// built as Load builds one.
func packedModel(nc int, bits uint, fill float64, r *rand.Rand) *Model {
	labels := make([]string, nc)
	for i := range labels {
		labels[i] = fmt.Sprint(i)
	}
	m := &Model{labels: labels, bits: bits, seed: 1, nc: nc}
	p := newPacker(m, 0)
	row := make([]float32, nc)
	for b := range 1 << bits {
		if r.Float64() >= fill {
			continue
		}
		var maxAbs float32
		for i := range row {
			row[i] = float32(r.NormFloat64())
			maxAbs = max(maxAbs, float32(math.Abs(float64(row[i]))))
		}
		p.add(b, row, maxAbs)
	}
	p.finish()
	return m
}

// BenchmarkScoreCold scores sets of random features over large tables,
// so that most rows come from beyond the first cache levels: tagger66 is
// shaped like a tagger pass (2^16 dense rows of 66 classes, 45 features),
// sparse5 like the attribution role model (2^20 buckets, 15% with a row,
// 5 classes, 60 features). tagger66warm draws its features from 512, so
// that the rows are cached and the arithmetic shows.
func BenchmarkScoreCold(b *testing.B) {
	for _, c := range []struct {
		name   string
		nc, nf int
		bits   uint
		fill   float64
		pool   int
	}{
		{"tagger66", 66, 45, 16, 0.9, 0},
		{"tagger66warm", 66, 45, 16, 0.9, 512},
		{"sparse5", 5, 60, 20, 0.15, 0},
		{"sparse3", 3, 40, 20, 0.12, 0},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(3, 4))
			m := packedModel(c.nc, c.bits, c.fill, r)
			pool := make([]uint64, c.pool)
			for i := range pool {
				pool[i] = r.Uint64()
			}
			sets := make([][]uint64, 4096)
			for i := range sets {
				sets[i] = make([]uint64, c.nf)
				for j := range sets[i] {
					if c.pool > 0 {
						sets[i][j] = pool[r.IntN(c.pool)]
					} else {
						sets[i][j] = r.Uint64()
					}
				}
			}
			scores := make([]float32, c.nc)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				clear(scores)
				m.Score(sets[i%len(sets)], scores)
				i++
			}
		})
	}
}

// TestScorePacked checks Score on finished models, dense and sparse,
// against adding the rows one feature after another, bit for bit, for
// feature lists shorter and longer than scoreChunk.
func TestScorePacked(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct {
		nc   int
		bits uint
		fill float64
	}{{1, 8, 0.3}, {3, 12, 0.1}, {5, 10, 0.2}, {66, 8, 0.9}, {130, 6, 0.7}, {7, 6, 1}} {
		m := packedModel(c.nc, c.bits, c.fill, r)
		if dense := m.rank == nil; dense != (c.fill >= 0.5) {
			t.Errorf("%+v: dense %v", c, dense)
		}

		for _, n := range []int{0, 1, 31, 32, 33, 100} {
			feats := make([]uint64, n)
			for i := range feats {
				feats[i] = r.Uint64()
			}
			if n > 2 {
				feats[1] = feats[0] // a repeated feature counts twice
			}
			want := make([]float32, c.nc)
			row := make([]float32, c.nc)
			for _, f := range feats {
				if !m.rowValues(m.bucket(f), row) {
					continue
				}
				for i, v := range row {
					want[i] += v
				}
			}
			got := make([]float32, c.nc)
			m.Score(feats, got)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%+v, %d features: class %d score %v, want %v", c, n, i, got[i], want[i])
				}
			}
		}
	}
}

// TestPackedRoundTrip checks that finished models of both layouts
// (sparse, dense) marshal and load to the same weights, and that
// Prune clears exactly the small ones.
func TestPackedRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		nc   int
		bits uint
		fill float64
	}{{5, 10, 0.2}, {7, 6, 1}, {66, 7, 0.9}, {130, 5, 0.7}} {
		m := packedModel(c.nc, c.bits, c.fill, r)
		data, err := m.MarshalBinary()
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		l, err := Load(data)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		a, b := make([]float32, c.nc), make([]float32, c.nc)
		for k := range 1 << c.bits {
			clear(a)
			clear(b)
			oka, okb := m.rowValues(k, a), l.rowValues(k, b)
			if oka != okb {
				t.Fatalf("%+v: bucket %d has a row %v, loaded %v", c, k, oka, okb)
			}
			for i := range a {
				// 16-bit stored weights requantized to int8 by the same
				// scale give back the same int8 weights.
				if math.Abs(float64(a[i]-b[i])) > 1e-6*math.Abs(float64(a[i]))+1e-9 {
					t.Fatalf("%+v: bucket %d class %d: %v, loaded %v", c, k, i, a[i], b[i])
				}
			}
		}
		const th = 0.5
		before := make([][]float32, 1<<c.bits)
		for k := range before {
			before[k] = make([]float32, c.nc)
			m.rowValues(k, before[k])
		}
		n := m.Prune(th)
		cleared := 0
		for k := range before {
			clear(a)
			m.rowValues(k, a)
			for i, v := range before[k] {
				small := v != 0 && v < th && v > -th
				if small {
					cleared++
				}
				if want := map[bool]float32{true: 0, false: v}[small]; a[i] != want {
					t.Fatalf("%+v: pruned bucket %d class %d = %v, want %v", c, k, i, a[i], want)
				}
			}
		}
		if n != cleared || n == 0 {
			t.Errorf("%+v: Prune cleared %d, counted %d", c, n, cleared)
		}
	}
}

// TestAddScaled checks addScaled, vector part included, against the plain
// loop bit for bit, over lengths around the vector width and awkward
// values: tiny and huge scales, subnormal results, infinities, NaN, -0.
func TestAddScaled(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	special := []float32{0, float32(math.Copysign(0, -1)), 1e-40, -1e-45, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.MaxFloat32, 3.5}
	scales := []float32{1, 1e-3, 7.25, 1e-44, 1e37, math.MaxFloat32 / 64}
	for n := range 71 {
		for _, sc := range scales {
			q := make([]byte, n)
			for i := range q {
				q[i] = byte(r.IntN(256))
			}
			s := make([]float32, n)
			for i := range s {
				if r.IntN(4) == 0 {
					s[i] = special[r.IntN(len(special))]
				} else {
					s[i] = float32(r.NormFloat64() * 100)
				}
			}
			want := append([]float32(nil), s...)
			for i, v := range q {
				want[i] += float32(int8(v)) * sc
			}
			addScaled(s, q, sc)
			for i := range s {
				if math.Float32bits(s[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n %d scale %v: s[%d] = %v (%x), want %v (%x)", n, sc, i, s[i], math.Float32bits(s[i]), want[i], math.Float32bits(want[i]))
				}
			}
		}
	}
}

// TestDensify checks that a sparse model laid out densely scores every
// feature list bit for bit as before and marshals to the same bytes, and
// that Densify leaves a dense model alone.
func TestDensify(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, c := range []struct {
		nc   int
		bits uint
		fill float64
	}{{3, 12, 0.1}, {5, 10, 0.2}, {17, 8, 0.3}, {7, 6, 1}} {
		m := packedModel(c.nc, c.bits, c.fill, r)
		wasDense := m.rank == nil
		before, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		sets := make([][]uint64, 50)
		want := make([][]float32, len(sets))
		for k := range sets {
			sets[k] = make([]uint64, 1+r.IntN(70))
			for i := range sets[k] {
				sets[k][i] = r.Uint64()
			}
			want[k] = make([]float32, c.nc)
			m.Score(sets[k], want[k])
		}
		rowsBefore := len(m.rows)
		n := m.Densify()
		if m.rank != nil || n != len(m.rows) || n != (1<<c.bits)*m.stride {
			t.Fatalf("%+v: after Densify rank %v, %d bytes of rows (returned %d), want %d", c, m.rank != nil, len(m.rows), n, (1<<c.bits)*m.stride)
		}
		if wasDense && len(m.rows) != rowsBefore {
			t.Errorf("%+v: Densify changed a dense model", c)
		}
		for k, feats := range sets {
			got := make([]float32, c.nc)
			m.Score(feats, got)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[k][i]) {
					t.Fatalf("%+v: set %d class %d: %v after Densify, %v before", c, k, i, got[i], want[k][i])
				}
			}
		}
		after, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%+v: MarshalBinary differs after Densify (%d vs %d bytes)", c, len(after), len(before))
		}
	}
}
