package parse

// Features follow the rich non-local set of Zhang and Nivre (2011), mapped
// onto arc-hybrid positions, and are computed the way spaCy v1 does it
// (spacy/syntax/_parse_features.pyx): first a fixed array of atomic context
// values (word, tag, label of each position), then each template combines
// a few atoms into one hashed feature. Nothing allocates.

import "slices"

// Positions whose word, tag and label are atoms.
const (
	pS0 = iota
	pS1
	pS2
	pB0
	pB1
	pB2
	pS0L  // leftmost child of s0
	pS0L2 // second leftmost child of s0
	pS0R  // rightmost child of s0
	pS0R2 // second rightmost child of s0
	pS1L  // leftmost child of s1
	pS1R  // rightmost child of s1
	pB0L  // leftmost child of b0
	pB0L2 // second leftmost child of b0
	nPos
)

// Atom indices: four per position (word, UPOS, label, XPOS), then the
// others.
const (
	aW = iota // offset of the word atom of a position
	aP        // universal tag
	aL        // label
	aX        // language-specific tag
	perPos
)

func atom(pos, kind int) uint8 { return uint8(perPos*pos + kind) }

const (
	aDist   = perPos*nPos + iota // distance s0..b0, bucketed
	aDist1                       // distance s1..s0, bucketed
	aS0VL                        // number of left children of s0
	aS0VR                        // number of right children of s0
	aB0VL                        // number of left children of b0
	aS0LSet                      // labels of the left children of s0
	aS0RSet                      // labels of the right children of s0
	aB0LSet                      // labels of the left children of b0
	nAtoms
)

// Shorthands for the template table.
var (
	s0w, s0p         = atom(pS0, aW), atom(pS0, aP)
	s1w, s1p         = atom(pS1, aW), atom(pS1, aP)
	s2w, s2p         = atom(pS2, aW), atom(pS2, aP)
	b0w, b0p         = atom(pB0, aW), atom(pB0, aP)
	b1w, b1p         = atom(pB1, aW), atom(pB1, aP)
	b2w, b2p         = atom(pB2, aW), atom(pB2, aP)
	s0lw, s0lp, s0ll = atom(pS0L, aW), atom(pS0L, aP), atom(pS0L, aL)
	s0l2w, s0l2p     = atom(pS0L2, aW), atom(pS0L2, aP)
	s0l2l            = atom(pS0L2, aL)
	s0rw, s0rp, s0rl = atom(pS0R, aW), atom(pS0R, aP), atom(pS0R, aL)
	s0r2w, s0r2p     = atom(pS0R2, aW), atom(pS0R2, aP)
	s0r2l            = atom(pS0R2, aL)
	s1lw, s1lp, s1ll = atom(pS1L, aW), atom(pS1L, aP), atom(pS1L, aL)
	s1rp, s1rl       = atom(pS1R, aP), atom(pS1R, aL)
	b0lw, b0lp, b0ll = atom(pB0L, aW), atom(pB0L, aP), atom(pB0L, aL)
	b0l2w, b0l2p     = atom(pB0L2, aW), atom(pB0L2, aP)
	b0l2l            = atom(pB0L2, aL)
	s0x, s1x, b0x    = atom(pS0, aX), atom(pS1, aX), atom(pB0, aX)
	b1x, s0lx, s0rx  = atom(pB1, aX), atom(pS0L, aX), atom(pS0R, aX)
	b0lx             = atom(pB0L, aX)
)

// moveTemplates lists the atoms of each move feature; the template id is the
// index in the table. Of 120 move and 48 relation templates, those whose
// removal from a trained model did not lower EWT dev scores were dropped,
// and the model retrained: 98 and 24 remain, dev and test scores with
// predicted tags moved by 0.2 or less, the model shrank from 4.7 to 3.1 MB
// and parsing got 1.3 to 2 times faster (scoring is memory-bound).
var moveTemplates = [][]uint8{
	// single positions
	{s0p},
	{b0w, b0p}, {b0w}, {b0p},
	{b1w, b1p}, {b1w}, {b1p},
	{b2w, b2p}, {b2p},
	{s1w, s1p}, {s1p},
	{s2w, s2p}, {s2p},
	// pairs
	{s0w, s0p, b0w, b0p}, {s0w, b0w, b0p},
	{s0w, b0w}, {s0p, b0p},
	{b0p, b1p}, {b0w, b1w}, {b0p, b1w}, {s1w, s0w}, {s1p, s0p}, {s1w, s1p, s0p}, {s1p, s0w, s0p}, {s1p, s0w},
	{s1p, b0p}, {s1w, b0w},
	// triples
	{b0p, b1p, b2p}, {s0p, b0p, b1p}, {s2p, s1p, s0p},
	{s0p, s0lp, b0p}, {s0p, s0rp, b0p}, {s0p, b0p, b0lp},
	{s1p, s0p, s0lp}, {s1p, s0p, s0rp}, {s1p, s1rp, s0p}, {s1p, s1lp, s0p},
	{s0w, b0p, b1p}, {s0p, b0w, b1p}, {s1w, s0p, b0p}, {s1p, s0w, b0p}, {s1p, s0p, b0w},
	// distance
	{s0w, aDist}, {s0p, aDist}, {b0w, aDist}, {b0p, aDist},
	{s0w, b0w, aDist}, {s0p, b0p, aDist},
	{s1p, s0p, aDist1}, {s1p, s0w, aDist1}, {s1w, s0p, aDist1},
	// valency
	{s0w, aS0VR}, {s0p, aS0VR}, {s0w, aS0VL}, {b0w, aB0VL}, {b0p, aB0VL},
	// children
	{s0lw}, {s0lp}, {s0ll}, {s0rw}, {s0rl}, {b0lw}, {b0lp}, {b0ll},
	{s1lw}, {s1lp}, {s1ll}, {s0p, s0rl}, {b0p, b0ll}, {s1p, s1rl}, {s1p, s1ll},
	// second children and third order
	{s0l2w}, {s0l2p}, {s0l2l}, {s0r2w}, {s0r2l}, {b0l2w}, {b0l2p}, {b0l2l},
	{s0p, s0rp, s0r2p}, // label sets
	{s0p, aS0RSet}, {s0w, aS0LSet}, {s0p, aS0LSet},
	{b0w, aB0LSet}, {b0p, aB0LSet},
	// Penn tags
	{s0x}, {b0x}, {b1x}, {s1x}, {s0w, s0x}, {s0x, b0x}, {s1x, s0x}, {b0x, b1x},
	{s0x, b0x, b1x}, {s1x, s0x, b0x}, {s0x, s0lx, b0x}, {s0x, s0rx, b0x}, {s0x, b0x, b0lx},
}

// Atoms of the arc being labelled: h is the head, d the dependent.
const (
	lHW = iota
	lHP
	lDW
	lDP
	lDir // 1 for a left arc (head after the dependent), 2 for a right arc
	lDist
	lDL1P  // tag of the leftmost child of d
	lDL1L  // label of the leftmost child of d
	lDR1P  // tag of the rightmost child of d
	lDR1L  // label of the rightmost child of d
	lDLSet // labels of the left children of d
	lDRSet // labels of the right children of d
	lHLSet // labels of the left children of h so far
	lHRSet // labels of the right children of h so far
	lDPrevP
	lDNextP
	lHPrevP
	lHNextP
	lHL1L // label of the leftmost child of h so far
	lHR1L // label of the rightmost child of h so far
	lB0P  // tag of the buffer front (for right arcs) or after it
	lDNL  // number of left children of d
	lDNR  // number of right children of d
	lDR1W
	lDL1W
	lHX // Penn tag of h
	lDX // Penn tag of d
	nLabelAtoms
)

// labelTemplates lists the atoms of each label feature; the direction is
// added to every one of them.
var labelTemplates = [][]uint8{
	{}, {lDW}, {lDP}, {lHW}, {lHW, lHP}, {lHP, lDP}, {lHW, lDP}, {lHP, lDW}, {lHP, lDP, lDist}, {lHX, lDX},
	{lDP, lDist}, {lDP, lDL1P}, {lDL1L}, {lDP, lDLSet}, {lHP, lDP, lDLSet}, {lHP, lHLSet}, {lHP, lHRSet}, {lDPrevP, lDP}, {lDP, lDNextP}, {lDPrevP, lDP, lDNextP},
	{lDP, lDNL, lDNR}, {lDW, lDL1W},
	{lDX}, {lHX},
}

// Hashing: FNV-1a for strings, a multiply-xorshift mix for combining atoms,
// and the splitmix64 finalizer so the low bits the model buckets on are
// well spread.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	mixK      = 0x9e3779b97f4a7c15
)

// hashWord hashes w lower-cased (ASCII) with every digit read as '0', so
// "1999" and "2003" share their features.
func hashWord(w string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case '0' <= c && c <= '9':
			c = '0'
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h | 1 // never 0 or 1 (the hashes of "no word" and the root)
}

// hashTag hashes a tag as it is.
func hashTag(t string) uint64 {
	h := uint64(fnvOffset) ^ 0x5a // tags and words hash apart
	for i := 0; i < len(t); i++ {
		h ^= uint64(t[i])
		h *= fnvPrime
	}
	return h | 1
}

func finalize(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// atomArray holds the atoms of one configuration (move features) or of
// one arc (label features). Its length is a power of two so that an atom
// index masked with len-1 needs no bounds check.
type atomArray [64]uint64

// Both atom sets must fit in an atomArray.
var _ [len(atomArray{}) - max(nAtoms, nLabelAtoms)]struct{}

// compiled is a template ready for hashing: the hash of its id, the index
// of its feature, and its atom indices (as many as the group it is in
// says).
type compiled struct {
	seed uint64
	feat int
	a    [4]uint8
}

// templateSet is a template table grouped by number of atoms, so that the
// loop over each group has a fixed body and its branches are predictable:
// with one loop for all, the varying count of atoms cost a mispredicted
// branch per template.
type templateSet struct {
	n  int           // number of templates
	by [5][]compiled // by[k]: the templates of k atoms
}

// compile groups a template table; the hash of template t then equals
// combine(t, tt[t], atoms).
func compile(tt [][]uint8) templateSet {
	ts := templateSet{n: len(tt)}
	for t, tmpl := range tt {
		if len(tmpl) >= len(ts.by) {
			panic("parse: a feature template has more than four atoms")
		}
		c := compiled{seed: uint64(t+1) * mixK, feat: t}
		copy(c.a[:], tmpl)
		ts.by[len(tmpl)] = append(ts.by[len(tmpl)], c)
	}
	return ts
}

var (
	moveCompiled  = compile(moveTemplates)
	labelCompiled = compile(labelTemplates)
)

// combine hashes template id t with the atoms listed in tmpl. It is the
// definition hashAll follows, kept for tests.
func combine(t int, tmpl []uint8, atoms []uint64) uint64 {
	h := uint64(t+1) * mixK
	for _, a := range tmpl {
		h = (h ^ atoms[a]) * fnvPrime
		h ^= h >> 29
	}
	return finalize(h)
}

// round adds atom a to hash h, as combine does.
func round(h, a uint64) uint64 {
	h = (h ^ a) * fnvPrime
	return h ^ h>>29
}

// hashAll stores in feats[t] the hash of template t of ts over atoms, as
// combine computes it, then xors in x and finalizes again when x is not
// 0 (label features, x being the direction). feats must be ts.n long.
func hashAll(ts *templateSet, atoms *atomArray, x uint64, feats []uint64) {
	feats = feats[:ts.n]
	const m = uint8(len(atomArray{}) - 1)
	for i := range ts.by[0] {
		c := &ts.by[0][i]
		feats[c.feat] = c.seed
	}
	for i := range ts.by[1] {
		c := &ts.by[1][i]
		feats[c.feat] = round(c.seed, atoms[c.a[0]&m])
	}
	for i := range ts.by[2] {
		c := &ts.by[2][i]
		feats[c.feat] = round(round(c.seed, atoms[c.a[0]&m]), atoms[c.a[1]&m])
	}
	for i := range ts.by[3] {
		c := &ts.by[3][i]
		h := round(round(c.seed, atoms[c.a[0]&m]), atoms[c.a[1]&m])
		feats[c.feat] = round(h, atoms[c.a[2]&m])
	}
	for i := range ts.by[4] {
		c := &ts.by[4][i]
		h := round(round(c.seed, atoms[c.a[0]&m]), atoms[c.a[1]&m])
		feats[c.feat] = round(round(h, atoms[c.a[2]&m]), atoms[c.a[3]&m])
	}
	// Finalizing in a second pass over the contiguous features runs
	// faster than as each feature is done (an eighth less time on the move
	// features).
	if x == 0 {
		for i, h := range feats {
			feats[i] = finalize(h)
		}
	} else {
		for i, h := range feats {
			feats[i] = finalize(finalize(h) ^ x)
		}
	}
}

// Values of a position that does not exist, and of the root.
const (
	noneAtom = 0
	rootWord = 2
	rootTag  = 4
)

// bucket caps small counts and distances so that long ones share features.
func bucket(x int32) uint64 {
	switch {
	case x < 0:
		x = -x
	}
	switch {
	case x <= 5:
		return uint64(x) + 1
	case x <= 9:
		return 7
	default:
		return 8
	}
}

// sentence holds the hashed words and tags of one sentence, index 0 being
// the root.
type sentence struct {
	words, tags, xtags []uint64
	punct              []bool // tagged PUNCT
}

func (s *sentence) load(words, upos, xpos []string) {
	m := len(words) + 1
	if cap(s.words) < m {
		s.words, s.tags, s.xtags = make([]uint64, m, 2*m), make([]uint64, m, 2*m), make([]uint64, m, 2*m)
	}
	if cap(s.punct) < m {
		s.punct = make([]bool, m, 2*m)
	}
	s.words, s.tags, s.xtags, s.punct = s.words[:m], s.tags[:m], s.xtags[:m], s.punct[:m]
	s.words[0], s.tags[0], s.xtags[0], s.punct[0] = rootWord, rootTag, rootTag, false
	for i, w := range words {
		s.punct[i+1] = upos[i] == "PUNCT"
		s.words[i+1] = hashWord(w)
		s.tags[i+1] = hashTag(upos[i])
		s.xtags[i+1] = hashTag(xpos[i]) ^ 0x3c
	}
}

// fill sets the atoms of position p to word w.
func (sn *sentence) fill(atoms *atomArray, p int, w int32, st *state) {
	i := perPos * p
	if w == none {
		atoms[i+aW], atoms[i+aP], atoms[i+aL], atoms[i+aX] = noneAtom, noneAtom, noneAtom, noneAtom
		return
	}
	atoms[i+aW], atoms[i+aP], atoms[i+aX] = sn.words[w], sn.tags[w], sn.xtags[w]
	atoms[i+aL] = uint64(st.labels[w] + 2) // none (-1) becomes 1
}

func child(x []int32, w int32) int32 {
	if w == none {
		return none
	}
	return x[w]
}

// moveFeatures appends the move features of st to feats.
func (sn *sentence) moveFeatures(st *state, atoms *atomArray, feats []uint64) []uint64 {
	s0, s1, s2 := st.s(0), st.s(1), st.s(2)
	b0, b1, b2 := st.buf(0), st.buf(1), st.buf(2)
	sn.fill(atoms, pS0, s0, st)
	sn.fill(atoms, pS1, s1, st)
	sn.fill(atoms, pS2, s2, st)
	sn.fill(atoms, pB0, b0, st)
	sn.fill(atoms, pB1, b1, st)
	sn.fill(atoms, pB2, b2, st)
	sn.fill(atoms, pS0L, child(st.l1, s0), st)
	sn.fill(atoms, pS0L2, child(st.l2, s0), st)
	sn.fill(atoms, pS0R, child(st.r1, s0), st)
	sn.fill(atoms, pS0R2, child(st.r2, s0), st)
	sn.fill(atoms, pS1L, child(st.l1, s1), st)
	sn.fill(atoms, pS1R, child(st.r1, s1), st)
	sn.fill(atoms, pB0L, child(st.l1, b0), st)
	sn.fill(atoms, pB0L2, child(st.l2, b0), st)
	atoms[aDist], atoms[aDist1] = 0, 0
	atoms[aS0VL], atoms[aS0VR], atoms[aS0LSet], atoms[aS0RSet] = 0, 0, 0, 0
	atoms[aB0VL], atoms[aB0LSet] = 0, 0
	if s0 != none {
		if b0 != none {
			atoms[aDist] = bucket(b0 - s0)
		}
		if s1 != none {
			atoms[aDist1] = bucket(s0 - s1)
		}
		atoms[aS0VL], atoms[aS0VR] = bucket(st.nl[s0]), bucket(st.nr[s0])
		atoms[aS0LSet], atoms[aS0RSet] = st.lset[s0], st.rset[s0]
	}
	if b0 != none {
		atoms[aB0VL], atoms[aB0LSet] = bucket(st.nl[b0]), st.lset[b0]
	}
	n := len(feats)
	feats = slices.Grow(feats, moveCompiled.n)[:n+moveCompiled.n]
	hashAll(&moveCompiled, atoms, 0, feats[n:])
	return feats
}

// labelFeatures appends the features for labelling the arc h → d to feats.
func (sn *sentence) labelFeatures(st *state, h, d int32, atoms *atomArray, feats []uint64) []uint64 {
	tag := func(w int32) uint64 {
		if w == none || w < 0 || w > st.n {
			return noneAtom
		}
		return sn.tags[w]
	}
	word := func(w int32) uint64 {
		if w == none {
			return noneAtom
		}
		return sn.words[w]
	}
	lab := func(w int32) uint64 {
		if w == none {
			return noneAtom
		}
		return uint64(st.labels[w] + 2)
	}
	atoms[lHW], atoms[lHP] = sn.words[h], sn.tags[h]
	atoms[lDW], atoms[lDP] = sn.words[d], sn.tags[d]
	dir := uint64(2)
	if h > d {
		dir = 1
	}
	atoms[lDist] = bucket(h - d)
	dl, dr := st.l1[d], st.r1[d]
	atoms[lDL1P], atoms[lDL1L], atoms[lDL1W] = tag(dl), lab(dl), word(dl)
	atoms[lDR1P], atoms[lDR1L], atoms[lDR1W] = tag(dr), lab(dr), word(dr)
	atoms[lDLSet], atoms[lDRSet] = st.lset[d], st.rset[d]
	atoms[lHLSet], atoms[lHRSet] = st.lset[h], st.rset[h]
	atoms[lHL1L], atoms[lHR1L] = lab(st.l1[h]), lab(st.r1[h])
	atoms[lDPrevP], atoms[lDNextP] = tag(d-1), tag(d+1)
	atoms[lHPrevP], atoms[lHNextP] = tag(h-1), tag(h+1)
	atoms[lB0P] = tag(st.buf(0))
	if h == st.b {
		atoms[lB0P] = tag(st.buf(1))
	}
	atoms[lDNL], atoms[lDNR] = bucket(st.nl[d]), bucket(st.nr[d])
	atoms[lHX], atoms[lDX] = sn.xtags[h], sn.xtags[d]
	n := len(feats)
	feats = slices.Grow(feats, labelCompiled.n)[:n+labelCompiled.n]
	hashAll(&labelCompiled, atoms, dir, feats[n:])
	return feats
}
