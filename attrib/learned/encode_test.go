package learned

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/text"
	"github.com/whosaid/whosaid/vectors"
)

func TestEncoderScorer(t *testing.T) {
	vec := toyVectors(t, 11)
	tests := []struct {
		name string
		opt  EncoderOptions
		vec  *vectors.Table
	}{
		{"no vectors, every input", EncoderOptions{Hidden: 4, Folds: 2, Epochs: 2}, nil},
		{"vectors, multitask", EncoderOptions{Vectors: vec, Roles: true, Hidden: 4, Folds: 2, Epochs: 2}, vec},
		{"vectors, multitask, role context, three layers", EncoderOptions{Vectors: vec, Roles: true, RoleContext: true, Hidden: 4, Layers: 3, Folds: 2, Epochs: 2}, vec},
		{"vectors alone, no convolutions", EncoderOptions{Vectors: vec, NoShape: true, NoAffix: true, NoTags: true, NoRoles: true, NoLex: true, NoConv: true, Hidden: 3, Folds: 2, Epochs: 1}, vec},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Epochs: 4, Bits: 12, Encoder: &tt.opt}
			x, err := Train("testdata/tiny", o)
			if err != nil {
				t.Fatal(err)
			}
			a, err := x.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if a[len(magic)] != versionEncoder {
				t.Errorf("version %d, want %d", a[len(magic)], versionEncoder)
			}
			x2, err := Train("testdata/tiny", o)
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := x2.MarshalBinary(); !bytes.Equal(a, b) {
				t.Error("two trainings gave different models")
			}
			y, err := LoadWith(a, tt.vec)
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := y.MarshalBinary(); !bytes.Equal(a, b) {
				t.Error("the loaded model marshals to other bytes")
			}
			d := text.New("“We will rebuild the pier,” said Lena Ortiz. The mayor warned that the city would wait.")
			sa, sb := x.Extract(d), y.Extract(d)
			if fmt.Sprint(sa) != fmt.Sprint(sb) {
				t.Errorf("statements differ after a round trip:\n%v\n%v", sa, sb)
			}
			for _, st := range sb {
				checkStatement(t, d, st, len(sb))
			}
			if tt.vec != nil {
				if _, err := Load(a); !errors.Is(err, ErrFormat) {
					t.Errorf("Load without the vectors: %v", err)
				}
				if _, err := LoadWith(a, toyVectors(t, 5)); !errors.Is(err, ErrFormat) {
					t.Errorf("LoadWith other vectors: %v", err)
				}
			}
			for _, n := range []int{len(a) - 1, len(a) - 5, len(a) - 40} {
				if _, err := LoadWith(a[:n], tt.vec); err == nil {
					t.Errorf("model truncated to %d of %d bytes loaded", n, len(a))
				}
			}
		})
	}
	if _, err := Train("testdata/tiny", Options{Bits: 10, Encoder: &EncoderOptions{}, Dense: &DenseOptions{}}); err == nil {
		t.Error("a dense scorer and an encoder together trained")
	}
}

// TestMarkRoles checks the labels of the encoder's second head: each
// source and content piece B then I, cue tokens and tokens already
// labelled left alone.
func TestMarkRoles(t *testing.T) {
	//                  0    1    2     3      4       5      6    7
	td := text.New("Ortiz said the pier is unsafe , Lee said")
	cue := make([]uint8, len(td.Tokens))
	cue[1] = lB
	role := make([]uint8, len(td.Tokens))
	span := func(a, b int) [2]int { return [2]int{int(td.Tokens[a].Start), int(td.Tokens[b].End)} }
	// "Ortiz" is the source; the content "the pier is unsafe" is given
	// in two pieces, and a second statement's content overlaps it.
	markRoles(td, [][2]int{span(0, 0)}, [][2]int{span(2, 3), span(4, 5)}, cue, role)
	markRoles(td, nil, [][2]int{span(1, 3)}, cue, role)
	want := []uint8{1, 0, 3, 4, 3, 4, 0, 0, 0}
	if fmt.Sprint(role[:len(want)]) != fmt.Sprint(want) {
		t.Errorf("labels %v, want %v", role, want)
	}
}

// FuzzDecodeEncoder checks that decoding a model's encoder section never
// panics on corrupt bytes, and that an encoder it accepts scores a
// document with probabilities between 0 and 1.
func FuzzDecodeEncoder(f *testing.F) {
	vec := toyVectors(f, 11)
	x, err := Train("testdata/tiny", Options{Epochs: 2, Bits: 10, Encoder: &EncoderOptions{Vectors: vec, Hidden: 2, Folds: 2, Epochs: 1, NoAffix: true}})
	if err != nil {
		f.Fatal(err)
	}
	good, err := x.enc.marshal(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-20])
	d := text.New("“The pier is unsafe,” said Lena Ortiz. She left.")
	f.Fuzz(func(t *testing.T, data []byte) {
		s, rest, err := decodeEncoder(data, vec)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, learn.ErrEncoderFormat) {
				t.Fatalf("error %v wraps neither ErrFormat nor learn.ErrEncoderFormat", err)
			}
			return
		}
		if len(rest) > len(data) {
			t.Fatalf("%d bytes left of %d", len(rest), len(data))
		}
		p := newPrep(d, nil, nil, nil)
		s.score(p)
		for _, pr := range p.dprob {
			if !(pr[0] >= 0 && pr[0] <= 1 && pr[1] >= 0 && pr[1] <= 1) {
				if pr[0] != pr[0] || pr[1] != pr[1] {
					return // weights at float32's limits overflow the sums
				}
				t.Fatalf("probabilities %v", pr)
			}
		}
	})
}
