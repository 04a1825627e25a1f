package parse

import (
	"math/rand/v2"
	"testing"

	"github.com/whosaid/whosaid/conllu"
)

func tiny(t testing.TB) []Sentence {
	t.Helper()
	ss, err := conllu.ReadFile("testdata/tiny.conllu")
	if err != nil {
		t.Fatal(err)
	}
	return FromCoNLLU(ss)
}

// goldHeads returns the heads of s indexed by word (index 0 unused).
func goldHeads(s Sentence) []int32 {
	h := make([]int32, len(s.Heads)+1)
	h[0] = none
	for i, x := range s.Heads {
		h[i+1] = int32(x)
	}
	return h
}

func TestIsTree(t *testing.T) {
	tests := []struct {
		name  string
		heads []int32
		want  bool
	}{
		{"one word", []int32{none, 0}, true},
		{"chain", []int32{none, 2, 0, 2}, true},
		{"two roots", []int32{none, 0, 0}, false},
		{"no root", []int32{none, 2, 1}, false},
		{"cycle", []int32{none, 0, 3, 2}, false},
		{"self loop", []int32{none, 0, 2}, false},
		{"out of range", []int32{none, 0, 7}, false},
		{"negative", []int32{none, 0, -3}, false},
	}
	for _, tt := range tests {
		if got := isTree(tt.heads); got != tt.want {
			t.Errorf("%s: isTree(%v) = %v, want %v", tt.name, tt.heads, got, tt.want)
		}
	}
}

func TestProjectivize(t *testing.T) {
	tests := []struct {
		name  string
		heads []int32
		want  []int32
		lifts int
	}{
		{"projective", []int32{none, 2, 0, 2}, []int32{none, 2, 0, 2}, 0},
		// 4 → 8 crosses 2 → 5 (the relative clause after a temporal noun).
		{"relative clause", []int32{none, 2, 0, 4, 2, 2, 8, 8, 4, 2}, []int32{none, 2, 0, 4, 2, 2, 8, 8, 2, 2}, 1},
	}
	for _, tt := range tests {
		h := append([]int32(nil), tt.heads...)
		if got := projectivize(h); got != tt.lifts {
			t.Errorf("%s: %d lifts, want %d", tt.name, got, tt.lifts)
		}
		for i := range h {
			if h[i] != tt.want[i] {
				t.Errorf("%s: heads %v, want %v", tt.name, h, tt.want)
				break
			}
		}
		if shortestNonProjective(h) != none || !isTree(h) {
			t.Errorf("%s: result %v is not a projective tree", tt.name, h)
		}
	}
}

// walk applies moves chosen by choose to a fresh state of n words until it
// is terminal, checking that a valid move always exists, and returns the
// state and the summed oracle costs of the moves taken.
func walk(t *testing.T, gold []int32, choose func(st *state, valid []move) move) (*state, int) {
	t.Helper()
	n := len(gold) - 1
	var st state
	st.reset(n)
	total := 0
	for steps := 0; !st.terminal(); steps++ {
		if steps > 2*n+1 {
			t.Fatalf("no terminal state after %d moves", steps)
		}
		var valid []move
		for m := range nMoves {
			if st.valid(m) {
				valid = append(valid, m)
			}
		}
		if len(valid) == 0 {
			t.Fatalf("no valid move in %+v", st)
		}
		m := choose(&st, valid)
		total += st.cost(m, gold)
		st.apply(m, 0)
	}
	return &st, total
}

func loss(st *state, gold []int32) int {
	l := 0
	for d := 1; d < len(gold); d++ {
		if st.heads[d] != gold[d] {
			l++
		}
	}
	return l
}

// TestOracle checks the dynamic oracle on projective trees: following
// zero-cost moves rebuilds the gold tree, from any state some valid move
// costs nothing, and the final loss of any move sequence equals the sum of
// the costs of its moves (the arc-decomposition the oracle relies on).
func TestOracle(t *testing.T) {
	sents := tiny(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for si, s := range sents {
		gold := goldHeads(s)
		projectivize(gold)
		st, c := walk(t, gold, func(st *state, valid []move) move {
			for _, m := range valid {
				if st.cost(m, gold) == 0 {
					return m
				}
			}
			t.Fatalf("sentence %d: no zero-cost move", si)
			return 0
		})
		if l := loss(st, gold); l != 0 || c != 0 {
			t.Errorf("sentence %d: following the oracle gives loss %d, cost %d", si, l, c)
		}
		roots := 0
		for d := 1; d < len(gold); d++ {
			if st.heads[d] == 0 {
				roots++
			}
		}
		if roots != 1 {
			t.Errorf("sentence %d: %d roots", si, roots)
		}
		for trial := range 200 {
			st, c := walk(t, gold, func(st *state, valid []move) move {
				ok := false
				for _, m := range valid {
					ok = ok || st.cost(m, gold) == 0
				}
				if !ok {
					t.Fatalf("sentence %d trial %d: no zero-cost move", si, trial)
				}
				return valid[rng.IntN(len(valid))]
			})
			if l := loss(st, gold); l != c {
				t.Fatalf("sentence %d trial %d: loss %d but summed costs %d", si, trial, l, c)
			}
		}
	}
}

// TestOracleEWT runs the static oracle over the projectivized EWT training
// trees and checks that it rebuilds every one.
func TestOracleEWT(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	sents := ewt(t, "dev")
	for si, s := range sents {
		gold := goldHeads(s)
		if !isTree(gold) {
			t.Fatalf("sentence %d is not a tree", si)
		}
		projectivize(gold)
		st, _ := walk(t, gold, func(st *state, valid []move) move {
			for _, m := range valid {
				if st.cost(m, gold) == 0 {
					return m
				}
			}
			t.Fatalf("sentence %d: no zero-cost move", si)
			return 0
		})
		if l := loss(st, gold); l != 0 {
			t.Fatalf("sentence %d: loss %d", si, l)
		}
	}
}
