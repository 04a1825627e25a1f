package parse

import (
	"math/rand/v2"
	"testing"
)

// walkStates calls visit on every configuration of a random walk through
// each sentence, with random valid moves and random labels.
func walkStates(tb testing.TB, ss []Sentence, seed uint64, visit func(sn *sentence, st *state, next move)) {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	var sn sentence
	var st state
	for _, s := range ss {
		sn.load(s.Words, s.UPOS, s.XPOS)
		st.reset(len(s.Words))
		for !st.terminal() {
			var valid []move
			for m := range nMoves {
				if st.valid(m) {
					valid = append(valid, m)
				}
			}
			next := valid[r.IntN(len(valid))]
			visit(&sn, &st, next)
			st.apply(next, int32(r.IntN(40)))
		}
	}
}

// TestHashAll checks the compiled templates against combine, the
// definition the embedded model was trained with.
func TestHashAll(t *testing.T) {
	var atoms atomArray
	var feats []uint64
	n := 0
	walkStates(t, tiny(t), 1, func(sn *sentence, st *state, next move) {
		feats = sn.moveFeatures(st, &atoms, feats[:0])
		if len(feats) != len(moveTemplates) {
			t.Fatalf("%d move features, want %d", len(feats), len(moveTemplates))
		}
		for i, tmpl := range moveTemplates {
			if want := combine(i, tmpl, atoms[:]); feats[i] != want {
				t.Fatalf("move template %d: %#x, want %#x", i, feats[i], want)
			}
		}
		n++
		if next == shift {
			return
		}
		h, d := st.arc(next)
		if h == 0 {
			return
		}
		feats = sn.labelFeatures(st, h, d, &atoms, feats[:0])
		if len(feats) != len(labelTemplates) {
			t.Fatalf("%d label features, want %d", len(feats), len(labelTemplates))
		}
		dir := uint64(2)
		if h > d {
			dir = 1
		}
		for i, tmpl := range labelTemplates {
			if want := finalize(combine(i, tmpl, atoms[:]) ^ dir); feats[i] != want {
				t.Fatalf("label template %d: %#x, want %#x", i, feats[i], want)
			}
		}
	})
	if n == 0 {
		t.Fatal("no configuration visited")
	}
}

// BenchmarkMoveFeatures replays random walks through the test sentences,
// computing the move features of every configuration.
func BenchmarkMoveFeatures(b *testing.B) {
	ss := tiny(b)
	var walks [][]move
	var moves []move
	walkStates(b, ss, 1, func(_ *sentence, st *state, next move) {
		if len(st.stack) == 1 && st.b == 1 {
			moves = nil
		}
		moves = append(moves, next)
		if next == right && len(st.stack) == 2 && st.b > st.n {
			walks = append(walks, moves)
		}
	})
	if len(walks) != len(ss) {
		b.Fatalf("%d walks for %d sentences", len(walks), len(ss))
	}
	var sn sentence
	var st state
	var atoms atomArray
	feats := make([]uint64, 0, len(moveTemplates))
	configs := 0
	b.ReportAllocs()
	for b.Loop() {
		for i, s := range ss {
			sn.load(s.Words, s.UPOS, s.XPOS)
			st.reset(len(s.Words))
			for _, m := range walks[i] {
				feats = sn.moveFeatures(&st, &atoms, feats[:0])
				st.apply(m, 0)
				configs++
			}
		}
	}
	b.ReportMetric(float64(configs)/b.Elapsed().Seconds(), "configs/s")
}
