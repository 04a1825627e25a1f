package learned

import (
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/eval"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/tag"
	"github.com/whosaid/whosaid/text"
)

// Options configures Train. Shipped gives the shipped recipe; the zero
// value is the recipe of the models before frame features and runs.
type Options struct {
	// Epochs is the number of passes over the training articles (default 6).
	Epochs int
	// Bits is the number of hash bits of each model (default 20).
	Bits uint
	// Seed fixes the hash seed and the order of articles in each epoch
	// (default 1).
	Seed uint64
	// MaxDocs, when positive, trains on the first MaxDocs articles only
	// (for quick experiments).
	MaxDocs int
	// CueBias is added to the score of a cue's first word when
	// extracting; a positive bias finds more cues at some cost in
	// precision. Train records it in the model. Zero means the default,
	// 2 (tuned on PolNeAR dev); a negative value means 0.
	CueBias float32
	// Dense, if not nil, adds a dense cue scorer whose probabilities
	// become features of the cue perceptron (see DenseOptions).
	Dense *DenseOptions
	// Runs is the number of trainings of the two perceptrons, each on
	// another order of the articles (default 1); the model keeps the mean
	// of their weights (learn.Model.FinishMean), which scores as their
	// ensemble would at the cost of one model.
	Runs int
	// Encoder, if not nil, adds a contextual cue encoder whose
	// probabilities become features of the cue perceptron as the dense
	// scorer's do (see EncoderOptions); it excludes Dense.
	Encoder *EncoderOptions
	// Frame adds the frame features of frame.go to the cue tagger (and
	// to the dense cue scorer's inputs).
	Frame bool
	// Log, if not nil, receives progress lines.
	Log io.Writer
}

// Shipped returns the options that train the shipped models/attrib.model
// from PolNeAR train: frame features, the mean of three runs and the
// contextual encoder over the embedded word vectors, with three
// convolutions (each token sees seven on each side) and its second
// (source and content) head read by the role tagger at each token and the
// next (see QUALITY.md for what each brings).
func Shipped() Options {
	return Options{Frame: true, Runs: 3, Encoder: &EncoderOptions{EmbeddedVectors: true, Roles: true, RoleContext: true, Layers: 3}}
}

func (o *Options) defaults() {
	if o.Epochs <= 0 {
		o.Epochs = 6
	}
	if o.Bits == 0 {
		o.Bits = 20
	}
	switch {
	case o.CueBias == 0:
		o.CueBias = 2
	case o.CueBias < 0:
		o.CueBias = 0
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Runs <= 0 {
		o.Runs = 1
	}
}

// example is one training article, prepared once.
type example struct {
	p       *prep
	cn      *counts
	cueGold []uint8
	// roleGold labels the tokens of the gold sources and contents
	// (encRoleLabels), for the encoder's second head.
	roleGold []uint8
	cues     []text.Range
	stmts    []goldStmt
}

// goldStmt is a gold statement aligned to tokens: its cue and the labels
// of the role tagger over the cue's window.
type goldStmt struct {
	cue    text.Range
	labels []uint8 // over the window of the cue
}

// Train trains an extractor on the gold of a PolNeAR-style folder
// (dir/text/*.txt, dir/attributions/*.ann). The result depends only on the
// data and opts: articles are read in name order and shuffled with
// opts.Seed.
func Train(dir string, opts Options) (*Extractor, error) {
	opts.defaults()
	gold, err := eval.LoadGold(dir)
	if err != nil {
		return nil, fmt.Errorf("learned: train: %w", err)
	}
	docs := gold.Docs
	if opts.MaxDocs > 0 && opts.MaxDocs < len(docs) {
		docs = docs[:opts.MaxDocs]
	}
	return train(docs, opts)
}

func train(docs []*eval.Doc, opts Options) (*Extractor, error) {
	if opts.Dense != nil && opts.Encoder != nil {
		return nil, fmt.Errorf("learned: train: a dense scorer and an encoder together")
	}
	logf := func(format string, a ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", a...)
		}
	}
	tg, err := tag.Default()
	if err != nil {
		return nil, fmt.Errorf("learned: train: %w", err)
	}
	x := &Extractor{rules: attrib.New(), cueBias: opts.CueBias, tagger: tg, frame: opts.Frame}
	var st AlignStats
	texts := make([]*text.Doc, len(docs))
	for k, d := range docs {
		texts[k] = text.New(d.Text)
	}
	x.lex = mineLexicon(docs, texts)
	exs := make([]*example, 0, len(docs))
	var lost, roleToks, outside int
	for k, d := range docs {
		td := texts[k]
		if len(td.Tokens) == 0 || len(td.Sentences) == 0 {
			continue
		}
		ex := &example{p: newPrep(td, x.rules.Extract(td), x.tags(td), x.lex)}
		if opts.Frame {
			ex.p.setFrames()
		}
		ex.cn = newCounts(ex.p)
		ex.cueGold = make([]uint8, len(td.Tokens))
		ex.roleGold = make([]uint8, len(td.Tokens))
		for _, g := range d.Gold {
			if len(g.Content) == 0 || len(g.Cue) == 0 {
				lost++
				continue
			}
			cr := Align(td, g.Cue[0][0], g.Cue[0][1], Contract, &st)
			if cr.Len() <= 0 || overlapsMarked(ex.cueGold, cr) {
				lost++
				continue
			}
			for i := cr.Start; i < cr.End; i++ {
				ex.cueGold[i] = lI
			}
			ex.cueGold[cr.Start] = lB
			ex.cues = append(ex.cues, cr)
			markRoles(td, g.Source, g.Content, ex.cueGold, ex.roleGold)
			ws, we := window(ex.p, cr.Start, cr.End)
			labels := make([]uint8, we-ws)
			put := func(pieces [][2]int, b, in uint8) {
				for _, pc := range pieces {
					r := Align(td, pc[0], pc[1], Contract, &st)
					for i := r.Start; i < r.End; i++ {
						roleToks++
						if i < ws || i >= we {
							outside++
							continue
						}
						if i >= cr.Start && i < cr.End {
							continue
						}
						if i == r.Start || i == ws {
							labels[i-ws] = b
						} else {
							labels[i-ws] = in
						}
					}
				}
			}
			put(g.Content, rBC, rIC)
			put(g.Source, rBS, rIS)
			// A piece cut by the cue restarts after it.
			for i := max(cr.End, ws); i < we; i++ {
				if i == cr.End && (labels[i-ws] == rIS || labels[i-ws] == rIC) {
					labels[i-ws]--
				}
			}
			ex.stmts = append(ex.stmts, goldStmt{cue: cr, labels: labels})
		}
		exs = append(exs, ex)
	}
	logf("learned: %d articles, %d statements without content, cue or token (or overlapping cues); spans %d, misaligned %d, empty %d; role tokens %d, outside the window %d (%.1f%%)",
		len(exs), lost, st.Spans, st.Misaligned, st.Empty, roleToks, outside, 100*float64(outside)/float64(max(roleToks, 1)))

	if opts.Dense != nil {
		t0 := time.Now()
		if x.dense, err = trainDense(exs, *opts.Dense, opts.Frame, opts.Seed, logf); err != nil {
			return nil, err
		}
		logf("learned: dense cue scorer trained in %v", time.Since(t0).Round(time.Second))
	}
	if opts.Encoder != nil {
		t0 := time.Now()
		if x.enc, err = trainEncoder(exs, *opts.Encoder, opts.Seed, logf); err != nil {
			return nil, err
		}
		logf("learned: contextual encoder trained in %v", time.Since(t0).Round(time.Second))
	}
	fp := fingerprint(x.dense, x.enc, x.frame)
	var cues, roles []*learn.Model
	for run := range opts.Runs {
		x.cue = learn.NewModel(cueLabels, opts.Bits, opts.Seed)
		x.cue.SetFingerprint(fp)
		x.role = learn.NewModel(roleLabels, opts.Bits, opts.Seed+1)
		x.role.SetFingerprint(fp)
		cues, roles = append(cues, x.cue), append(roles, x.role)
		rng := rand.New(rand.NewPCG(opts.Seed, 0x5eed+uint64(run)))
		order := make([]int, len(exs))
		for i := range order {
			order[i] = i
		}
		var f fb
		var buf, labels []uint8
		for ep := range opts.Epochs {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, k := range order {
				ex := exs[k]
				x.tagCues(&f, ex.p, ex.cueGold, 1)
				cueTok, cuePre := cueMarks(len(ex.p.low), ex.cues)
				for _, g := range ex.stmts {
					c := x.newRoleCtx(ex.p, g.cue.Start, g.cue.End, buf)
					buf = c.ruleRole
					labels = x.tagRoles(&f, ex.p, ex.cn, cueTok, cuePre, c, g.labels, 1, labels)
				}
			}
			logf("learned: run %d, epoch %d done (%d cue, %d role examples so far)", run+1, ep+1, x.cue.Examples(), x.role.Examples())
		}
	}
	x.cue, x.role = cues[0], roles[0]
	if err := x.cue.FinishMean(cues[1:]...); err != nil {
		return nil, fmt.Errorf("learned: train: %w", err)
	}
	if err := x.role.FinishMean(roles[1:]...); err != nil {
		return nil, fmt.Errorf("learned: train: %w", err)
	}
	return x, nil
}

// markRoles labels in roleGold the tokens of a gold statement's source
// and content pieces (character ranges of td) with the encoder's role
// labels (encRoleLabels: 1, 2 source, 3, 4 content), B at each piece's
// first token. Tokens already labelled, and cue tokens (cueGold), keep
// their label; sources are labelled first, so the source of a statement
// nested in another's content keeps its label.
func markRoles(td *text.Doc, source, content [][2]int, cueGold, roleGold []uint8) {
	for _, pc := range [...]struct {
		pieces [][2]int
		b      uint8
	}{{source, 1}, {content, 3}} {
		for _, sp := range pc.pieces {
			r := Align(td, sp[0], sp[1], Contract, nil)
			for i := max(r.Start, 0); i < min(r.End, len(td.Tokens)); i++ {
				if roleGold[i] == 0 && cueGold[i] == lO {
					roleGold[i] = pc.b + uint8(b2i(i != r.Start))
				}
			}
		}
	}
}

func overlapsMarked(m []uint8, r text.Range) bool {
	for i := r.Start; i < r.End; i++ {
		if m[i] != lO {
			return true
		}
	}
	return false
}

// mineLexicon counts, for each folded word of the training texts, how
// often it is part of a gold cue, and keeps the words that are at least
// twice, with their rate in six buckets.
func mineLexicon(docs []*eval.Doc, texts []*text.Doc) map[string]uint8 {
	type cnt struct{ cue, all int }
	m := map[string]*cnt{}
	for k, d := range docs {
		td := texts[k]
		in := make([]bool, len(td.Tokens))
		for _, g := range d.Gold {
			if len(g.Cue) == 0 {
				continue
			}
			r := Align(td, g.Cue[0][0], g.Cue[0][1], Contract, nil)
			for i := r.Start; i < r.End; i++ {
				in[i] = true
			}
		}
		for i := range td.Tokens {
			w := fold(td.Form(i))
			c := m[w]
			if c == nil {
				c = &cnt{}
				m[w] = c
			}
			c.all++
			if in[i] {
				c.cue++
			}
		}
	}
	lex := map[string]uint8{}
	for w, c := range m {
		if c.cue < 2 {
			continue
		}
		r := float64(c.cue) / float64(c.all+1)
		var b uint8
		switch {
		case r < 0.05:
			b = 1
		case r < 0.15:
			b = 2
		case r < 0.35:
			b = 3
		case r < 0.6:
			b = 4
		default:
			b = 5
		}
		lex[w] = b
	}
	return lex
}
