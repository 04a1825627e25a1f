// Package parse is a greedy transition-based dependency parser with
// Universal Dependencies v2 relations.
//
// It is built the way spaCy v1.9 builds its parser: a transition system
// (system.go) gives each move its validity, effect and cost against gold;
// features (features.go) are hashed from a fixed array of atomic context
// values; one loop (Parser.run) serves both parsing and training, training
// adding the oracle costs and perceptron updates. Moves are arc-hybrid
// (shift, left, right); the relation of each arc is chosen by a second
// classifier when the arc is made, when the dependent's subtree is
// complete. Both classifiers are averaged perceptrons from package learn.
//
// Heads are 1-based as in CoNLL-U: heads[i] is the number of the head of
// word i+1, counting words from 1, and 0 marks the root of the sentence.
// Every parse is a projective tree with exactly one root, labelled "root".
//
// Training follows Goldberg and Nivre (2012, 2013): an exact dynamic
// oracle, and from the second pass on the parser follows its own wrong
// move 90% of the time, so that it learns to recover from its mistakes.
// Non-projective gold trees (288 of the 12,544 EWT training sentences) are
// made projective by lifting arcs (392 lifts) rather than dropped.
//
// The embedded model (models/parse.model) is trained on UD English EWT
// v2.16 train, each sentence once with tags predicted by five jackknifed
// taggers and once with its gold tags (TrainFile(train, 5, tag.Options{},
// Options{}); 15 passes, about 2 minutes plus 3 to 7 for the taggers). Its scores on EWT,
// punctuation included, LAS on universal relations as in CoNLL 2018:
//
//	tags                     dev UAS  dev LAS  test UAS  test LAS
//	predicted (package tag)     85.5     82.2      85.4      82.2
//	gold                        88.3     86.2      87.8      85.6
//
// The gap between the two rows is the tagger's: with about 95% of UPOS
// right, tag errors cost 2 to 3 points of attachment.
package parse

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/models"
)

// RootLabel is the relation of the word attached to the root.
const RootLabel = "root"

// Parser is a trained dependency parser. It is read-only once built, and
// safe for concurrent use by several goroutines.
type Parser struct {
	moves  *learn.Model // scores shift, left, right
	labels *learn.Model // scores the relations other than root
	names  []string     // labels.Labels()
	punct  int32        // id of the relation punct, or -1
	pool   sync.Pool    // of *scratch
}

// scratch holds the state of one parse; parses reuse them through a pool.
type scratch struct {
	st      state
	sn      sentence
	atoms   atomArray
	feats   []uint64
	lfeats  []uint64
	scores  [nMoves]float32
	lscores []float32
}

func newParser(moves, labels *learn.Model) *Parser {
	p := &Parser{moves: moves, labels: labels, names: labels.Labels(), punct: int32(labels.Index("punct"))}
	p.pool.New = func() any {
		return &scratch{
			feats:   make([]uint64, 0, len(moveTemplates)),
			lfeats:  make([]uint64, 0, len(labelTemplates)),
			lscores: make([]float32, len(p.names)),
		}
	}
	return p
}

// Labels returns the relations the parser can assign, root excluded. The
// caller must not modify the slice.
func (p *Parser) Labels() []string { return p.names }

// Parse parses one sentence of words with their universal (upos) and Penn
// Treebank (xpos) part-of-speech tags, as package tag gives them, and
// writes, for each word i, its head into heads[i] (1-based, 0 for the
// root) and its relation into labels[i]. All five slices must have the
// same length. The label strings are shared and must not be modified.
// Parse allocates nothing once its pooled scratch space has grown to the
// sentence length.
func (p *Parser) Parse(words, upos, xpos []string, heads []int, labels []string) error {
	n := len(words)
	if len(upos) != n || len(xpos) != n || len(heads) != n || len(labels) != n {
		return fmt.Errorf("parse: %d words but %d upos, %d xpos, %d heads and %d labels", n, len(upos), len(xpos), len(heads), len(labels))
	}
	if n == 0 {
		return nil
	}
	sc := p.pool.Get().(*scratch)
	defer p.pool.Put(sc)
	sc.sn.load(words, upos, xpos)
	sc.st.reset(n)
	p.run(sc, nil)
	for i := range n {
		h, l := sc.st.heads[i+1], sc.st.labels[i+1]
		heads[i] = int(h)
		if h == 0 || l < 0 {
			labels[i] = RootLabel
		} else {
			labels[i] = p.names[l]
		}
	}
	return nil
}

// run parses the sentence loaded in sc. With a trainer it also updates the
// models against the trainer's gold tree and may follow the gold moves
// instead of its own.
func (p *Parser) run(sc *scratch, tr *trainer) {
	st := &sc.st
	for !st.terminal() {
		// A forced move (only shift on an empty stack, only right on an
		// empty buffer) is neither scored nor learnt: about a fifth of
		// the moves.
		next, nValid := move(nMoves), 0
		for m := range nMoves {
			if st.valid(m) {
				next, nValid = m, nValid+1
			}
		}
		if nValid > 1 {
			sc.feats = sc.sn.moveFeatures(st, &sc.atoms, sc.feats[:0])
			sc.scores = [nMoves]float32{}
			p.moves.Score(sc.feats, sc.scores[:])
			guess := move(nMoves)
			for m := range nMoves {
				if st.valid(m) && (guess == nMoves || sc.scores[m] > sc.scores[guess]) {
					guess = m
				}
			}
			next = guess
			if tr != nil {
				next = tr.moveStep(p, st, sc, guess)
			}
		}
		label := int32(none)
		if next != shift {
			h, d := st.arc(next)
			if h != 0 {
				label = p.label(sc, h, d, tr)
			}
		}
		st.apply(next, label)
	}
}

// label chooses the relation of the arc h → d, and with a trainer learns it.
// In UD a word tagged PUNCT is attached as punct, and only such words are:
// EWT train has no exception besides punctuation at the root.
func (p *Parser) label(sc *scratch, h, d int32, tr *trainer) int32 {
	if p.punct >= 0 && sc.sn.punct[d] {
		return p.punct
	}
	sc.lfeats = sc.sn.labelFeatures(&sc.st, h, d, &sc.atoms, sc.lfeats[:0])
	clear(sc.lscores)
	p.labels.Score(sc.lfeats, sc.lscores)
	best := -1
	for i, s := range sc.lscores {
		if int32(i) != p.punct && (best < 0 || s > sc.lscores[best]) {
			best = i
		}
	}
	if best < 0 {
		best = 0
	}
	if tr != nil {
		tr.labelStep(p, sc, h, d, best)
	}
	return int32(best)
}

// Model file layout, little-endian:
//
//	magic "WSPARSE\x00", version uint32, template fingerprint uint64,
//	length uint32 + learn model of the moves,
//	length uint32 + learn model of the relations.
const (
	magic   = "WSPARSE\x00"
	version = 1
)

// fingerprint identifies the feature templates, so that a model trained
// with other templates is refused at load instead of parsing badly.
func fingerprint() uint64 {
	h := fnv.New64a()
	for _, tt := range [][][]uint8{moveTemplates, labelTemplates} {
		for _, t := range tt {
			h.Write(t)
			h.Write([]byte{0xff})
		}
		h.Write([]byte{0xfe})
	}
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(nAtoms)<<32|uint64(nLabelAtoms))
	h.Write(b[:])
	return h.Sum64()
}

// MarshalBinary encodes the parser in the format Load reads.
func (p *Parser) MarshalBinary() ([]byte, error) {
	mb, err := p.moves.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("parse: encoding the move model: %w", err)
	}
	lb, err := p.labels.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("parse: encoding the relation model: %w", err)
	}
	out := make([]byte, 0, len(magic)+20+len(mb)+len(lb))
	out = append(out, magic...)
	out = binary.LittleEndian.AppendUint32(out, version)
	out = binary.LittleEndian.AppendUint64(out, fingerprint())
	out = binary.LittleEndian.AppendUint32(out, uint32(len(mb)))
	out = append(out, mb...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(lb)))
	out = append(out, lb...)
	return out, nil
}

// ErrFormat is wrapped by the errors Load returns for data that is not a
// parser model of this version.
var ErrFormat = errors.New("not a parser model of this version")

// Load decodes a parser written by MarshalBinary. It checks the data and
// returns an error, never panics, when it is corrupt; data is not retained.
func Load(data []byte) (*Parser, error) {
	if len(data) < len(magic)+16 || string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("parse: load: %w (bad magic)", ErrFormat)
	}
	rest := data[len(magic):]
	if v := binary.LittleEndian.Uint32(rest); v != version {
		return nil, fmt.Errorf("parse: load: %w (version %d, want %d)", ErrFormat, v, version)
	}
	if f := binary.LittleEndian.Uint64(rest[4:]); f != fingerprint() {
		return nil, fmt.Errorf("parse: load: %w (feature templates differ: %#x, want %#x)", ErrFormat, f, fingerprint())
	}
	rest = rest[12:]
	part := func(what string) ([]byte, error) {
		if len(rest) < 4 {
			return nil, fmt.Errorf("parse: load: %w (%s model missing)", ErrFormat, what)
		}
		n := binary.LittleEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-4) {
			return nil, fmt.Errorf("parse: load: %w (%s model truncated: %d bytes, %d left)", ErrFormat, what, n, len(rest)-4)
		}
		b := rest[4 : 4+n]
		rest = rest[4+n:]
		return b, nil
	}
	mb, err := part("move")
	if err != nil {
		return nil, err
	}
	lb, err := part("relation")
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("parse: load: %w (%d trailing bytes)", ErrFormat, len(rest))
	}
	moves, err := learn.Load(mb)
	if err != nil {
		return nil, fmt.Errorf("parse: load: move model: %w", err)
	}
	if got := moves.Labels(); len(got) != int(nMoves) || got[0] != moveNames[0] || got[1] != moveNames[1] || got[2] != moveNames[2] {
		return nil, fmt.Errorf("parse: load: %w (move classes %q, want %q)", ErrFormat, got, moveNames)
	}
	labels, err := learn.Load(lb)
	if err != nil {
		return nil, fmt.Errorf("parse: load: relation model: %w", err)
	}
	if len(labels.Labels()) == 0 {
		return nil, fmt.Errorf("parse: load: %w (no relations)", ErrFormat)
	}
	// The move model is scored at every transition: laid out densely it
	// costs 7 MB more and parses about a quarter faster.
	moves.Densify()
	return newParser(moves, labels), nil
}

// Prune zeroes the weights of magnitude below min in both models and
// returns how many it cleared; it makes the saved model smaller at some
// cost in accuracy.
func (p *Parser) Prune(min float32) int {
	return p.moves.Prune(min) + p.labels.Prune(min)
}

// Default decodes the parser embedded in package models (parse.model). It
// decodes on every call: call it once and share the Parser.
func Default() (*Parser, error) {
	data := models.Bytes("parse.model")
	if data == nil {
		return nil, errors.New("parse: no parse.model embedded in package models")
	}
	return Load(data)
}
