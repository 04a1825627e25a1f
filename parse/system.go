package parse

// The transition system is arc-hybrid (Kuhlmann, Gómez-Rodríguez and Satta
// 2011) with the artificial root at the bottom of the stack. Words are
// numbered 1..n as in CoNLL-U; 0 is the root. Three moves:
//
//	shift:  move the buffer front b0 onto the stack
//	left:   add the arc b0 → s0 and pop s0
//	right:  add the arc s1 → s0 and pop s0
//
// The arc from the root is made only by the very last move (right with
// s1 = root and an empty buffer), so every parse has exactly one root word.
// Every dependent is complete (has all its children) when it gets its head,
// which lets the labeller see the dependent's whole subtree.
//
// The dynamic oracle is the exact one of Goldberg and Nivre (2013) for
// projective trees: the cost of a move is the number of gold arcs it makes
// unreachable.

// Move is one transition of the parser.
type move uint8

const (
	shift move = iota
	left
	right
	nMoves
)

var moveNames = []string{"shift", "left", "right"}

const none = -1

// state is the configuration of the parser on one sentence. Slices are
// indexed by word (0 = root) and reused across sentences.
type state struct {
	n     int32   // number of words
	stack []int32 // stack[0] is the root
	b     int32   // buffer front; the buffer is b..n, empty when b > n

	heads  []int32 // head of each word, none until attached
	labels []int32 // label id of each word's arc, none until attached
	// Two leftmost and two rightmost children of each word (l1 < l2 and
	// r1 > r2), none when missing, and the number of children on each side.
	l1, l2, r1, r2 []int32
	nl, nr         []int32
	// Bit sets of the labels of the left and right children (label id mod 64).
	lset, rset []uint64
}

// reset prepares s for a sentence of n words.
func (s *state) reset(n int) {
	m := n + 1
	grow := func(x []int32) []int32 {
		if cap(x) < m {
			return make([]int32, m, 2*m)
		}
		return x[:m]
	}
	s.n = int32(n)
	s.stack = append(s.stack[:0], 0)
	s.b = 1
	s.heads, s.labels = grow(s.heads), grow(s.labels)
	s.l1, s.l2, s.r1, s.r2 = grow(s.l1), grow(s.l2), grow(s.r1), grow(s.r2)
	s.nl, s.nr = grow(s.nl), grow(s.nr)
	for i := range m {
		s.heads[i], s.labels[i] = none, none
		s.l1[i], s.l2[i], s.r1[i], s.r2[i] = none, none, none, none
		s.nl[i], s.nr[i] = 0, 0
	}
	if cap(s.lset) < m {
		s.lset, s.rset = make([]uint64, m, 2*m), make([]uint64, m, 2*m)
	}
	s.lset, s.rset = s.lset[:m], s.rset[:m]
	clear(s.lset)
	clear(s.rset)
}

// terminal reports whether the parse of the sentence is complete.
func (s *state) terminal() bool { return s.b > s.n && len(s.stack) == 1 }

// s returns the i-th item from the top of the stack (0 = top), or none.
func (s *state) s(i int) int32 {
	if i >= len(s.stack) {
		return none
	}
	return s.stack[len(s.stack)-1-i]
}

// buf returns the i-th word of the buffer (0 = front), or none.
func (s *state) buf(i int32) int32 {
	if w := s.b + i; w <= s.n {
		return w
	}
	return none
}

// valid reports whether m may be applied to s.
func (s *state) valid(m move) bool {
	switch m {
	case shift:
		return s.b <= s.n
	case left:
		return len(s.stack) > 1 && s.b <= s.n
	case right:
		// The root takes its dependent only at the very end.
		return len(s.stack) > 2 || (len(s.stack) == 2 && s.b > s.n)
	}
	return false
}

// arc returns the head and dependent of the arc move m would add.
func (s *state) arc(m move) (head, dep int32) {
	switch m {
	case left:
		return s.b, s.s(0)
	case right:
		return s.s(1), s.s(0)
	}
	return none, none
}

// apply performs m, with label for an arc move. m must be valid.
func (s *state) apply(m move, label int32) {
	switch m {
	case shift:
		s.stack = append(s.stack, s.b)
		s.b++
	case left, right:
		h, d := s.arc(m)
		s.addArc(h, d, label)
		s.stack = s.stack[:len(s.stack)-1]
	}
}

func (s *state) addArc(h, d, label int32) {
	s.heads[d], s.labels[d] = h, label
	bit := uint64(1) << (uint32(label) & 63)
	if d < h {
		s.nl[h]++
		s.lset[h] |= bit
		switch {
		case s.l1[h] == none || d < s.l1[h]:
			s.l2[h], s.l1[h] = s.l1[h], d
		case s.l2[h] == none || d < s.l2[h]:
			s.l2[h] = d
		}
		return
	}
	s.nr[h]++
	s.rset[h] |= bit
	switch {
	case s.r1[h] == none || d > s.r1[h]:
		s.r2[h], s.r1[h] = s.r1[h], d
	case s.r2[h] == none || d > s.r2[h]:
		s.r2[h] = d
	}
}

// cost returns the number of gold arcs that applying m to s makes
// unreachable (Goldberg and Nivre 2013, arc-hybrid). gold[d] is the gold
// head of word d (gold[0] unused); the gold tree must be projective for the
// costs to be exact. m must be valid.
func (s *state) cost(m move, gold []int32) int {
	c := 0
	switch m {
	case shift:
		// b0 loses its heads in the stack below s0 and its dependents in
		// the stack.
		b := s.b
		hb := gold[b]
		for i, k := range s.stack {
			if gold[k] == b && k != 0 {
				c++
			}
			if k == hb && i != len(s.stack)-1 {
				c++
			}
		}
	case left, right:
		s0 := s.s(0)
		// s0 loses its dependents still in the buffer.
		for k := s.b; k <= s.n; k++ {
			if gold[k] == s0 {
				c++
			}
		}
		h := gold[s0]
		if m == left {
			// s0 loses a head in s1 or in the buffer after b0.
			if h != s.b && (h == s.s(1) || h > s.b) {
				c++
			}
		} else {
			// s0 loses a head anywhere in the buffer.
			if h != s.s(1) && h >= s.b {
				c++
			}
		}
	}
	return c
}
