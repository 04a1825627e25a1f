package vectors

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

func fixture(t testing.TB) []byte {
	t.Helper()
	b, err := Build(
		[]string{"the", "said", "warned", "don't"},
		[][]float32{{0.5, -0.25, 0}, {1, 2, -4}, {0.9, 2.1, -3.8}, {0, 0, 0}},
		3)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	tab, err := Load(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if tab.Dim() != 3 || tab.Len() != 4 || tab.Word(1) != "said" {
		t.Fatalf("dim %d len %d word(1) %q", tab.Dim(), tab.Len(), tab.Word(1))
	}
	tests := []struct {
		word string
		want []float32
		ok   bool
	}{
		{"said", []float32{1, 2, -4}, true},
		{"Said", []float32{1, 2, -4}, true},
		{"WARNED", []float32{0.9, 2.1, -3.8}, true},
		{"don\u2019t", []float32{0, 0, 0}, true},
		{"the", []float32{0.5, -0.25, 0}, true},
		{"told", nil, false},
		{"", nil, false},
	}
	dst := make([]float32, 3)
	for _, tt := range tests {
		i, ok := tab.Lookup(tt.word)
		if ok != tt.ok {
			t.Errorf("Lookup(%q) ok = %v, want %v", tt.word, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		got := tab.Vector(i, dst)
		for k := range got {
			// int8 with a per-word scale: within half a step of the largest value.
			if d := math.Abs(float64(got[k] - tt.want[k])); d > 4.0/127/2+1e-6 {
				t.Errorf("Vector(%q)[%d] = %v, want %v", tt.word, k, got[k], tt.want[k])
			}
		}
	}
}

func TestBuildRejects(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		vecs  [][]float32
		dim   int
	}{
		{"no dimensions", []string{"a"}, [][]float32{{}}, 0},
		{"counts differ", []string{"a", "b"}, [][]float32{{1}}, 1},
		{"repeated word", []string{"a", "a"}, [][]float32{{1}, {2}}, 1},
		{"empty word", []string{""}, [][]float32{{1}}, 1},
		{"short vector", []string{"a"}, [][]float32{{1}}, 2},
		{"NaN", []string{"a"}, [][]float32{{float32(math.NaN())}}, 1},
		{"Inf", []string{"a"}, [][]float32{{float32(math.Inf(1))}}, 1},
	}
	for _, tt := range tests {
		if _, err := Build(tt.words, tt.vecs, tt.dim); err == nil {
			t.Errorf("%s: Build succeeded", tt.name)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	good := fixture(t)
	flipped := bytes.Clone(good)
	flipped[len(flipped)-3] ^= 0x40
	tests := map[string][]byte{
		"empty":     nil,
		"magic":     []byte("WSVEX\x01"),
		"version":   append([]byte("WSVEC\x02"), good[6:]...),
		"truncated": good[:len(good)/2],
		"corrupt":   flipped,
	}
	for name, b := range tests {
		if _, err := Load(b); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(fixture(f))
	f.Add([]byte("WSVEC\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := Load(b)
		if err != nil {
			return
		}
		dst := make([]float32, tab.Dim())
		for i := range tab.Len() {
			j, ok := tab.Lookup(tab.Word(i))
			if !ok || j != i {
				t.Fatalf("word %d %q looks up as %d, %v", i, tab.Word(i), j, ok)
			}
			tab.Vector(i, dst)
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	tab, err := Load(fixture(b))
	if err != nil {
		b.Fatal(err)
	}
	words := []string{"the", "Said", "told", "WARNED"}
	for i := 0; b.Loop(); i++ {
		tab.Lookup(words[i%len(words)])
	}
}
