package tag

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/whosaid/whosaid/conllu"
	"github.com/whosaid/whosaid/learn"
)

// Options tunes Train. The zero value gives the defaults.
type Options struct {
	Epochs int    // passes over the training data; default 10
	Bits   uint   // hash bits of each model; default 16
	Seed   uint64 // hash seed and shuffling seed; default 1
	// Extra names more CoNLL-U files whose XPOS (and UPOS, unless "_")
	// are trained on too; their words with an XPOS outside the training
	// file's tags are skipped.
	Extra []string
	// News names a CoNLL-U file of automatically tagged news (PolNeAR's
	// CoreNLP analysis) from which the tagger takes a lexicon of XPOS
	// classes for words, a feature; "" for none.
	News string
	// Prune drops averaged weights smaller than this in magnitude before
	// the model is returned; 0 keeps all.
	Prune float32
	// OnePass leaves out the second pass, which sees the first pass's
	// tags of the words to the right.
	OnePass bool
	// Log receives one line per epoch; nil discards them.
	Log io.Writer
}

// Dictionary thresholds: a form goes to the dictionary when it occurs at
// least dictMinCount times in training and gets the same tags at least
// dictMinShare of the time.
const (
	dictMinCount = 20
	dictMinShare = 0.995
)

// sample is one training sentence with its gold tag ids (UPOS -1 when
// unknown).
type sample struct {
	words      []string
	xpos, upos []int
	extra      bool
}

// Train trains a tagger on the CoNLL-U file trainPath (gold UPOS and
// XPOS), choosing among the epochs the averaged model with the best UPOS
// accuracy on devPath (the last epoch's when devPath is ""). Training is
// deterministic: the same files and options give the same model bytes.
func Train(trainPath, devPath string, opt Options) (*Tagger, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.Bits == 0 {
		opt.Bits = 16
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.Bits > learn.MaxBits {
		return nil, fmt.Errorf("tag: %d hash bits, at most %d", opt.Bits, learn.MaxBits)
	}
	train, err := conllu.ReadFile(trainPath)
	if err != nil {
		return nil, fmt.Errorf("tag: %w", err)
	}
	var dev []*conllu.Sentence
	if devPath != "" {
		if dev, err = conllu.ReadFile(devPath); err != nil {
			return nil, fmt.Errorf("tag: %w", err)
		}
	}
	xlabels, ulabels := labelsOf(train)
	if len(xlabels) == 0 || len(ulabels) == 0 {
		return nil, fmt.Errorf("tag: %s: no tagged words", trainPath)
	}
	xid, uid := indexOf(xlabels), indexOf(ulabels)
	var samples []sample
	for _, s := range train {
		samples = append(samples, toSample(s, xid, uid, false))
	}
	for _, path := range opt.Extra {
		extra, err := conllu.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("tag: %w", err)
		}
		for _, s := range extra {
			if sm := toSample(s, xid, uid, true); sm.words != nil {
				samples = append(samples, sm)
			}
		}
	}

	labels := jointLabels(xlabels, ulabels)
	ms := []*learn.Model{learn.NewModel(labels, opt.Bits, opt.Seed)}
	if !opt.OnePass {
		ms = append(ms, learn.NewModel(labels, opt.Bits, opt.Seed+1))
	}
	for _, m := range ms {
		m.SetFingerprint(fingerprint)
	}
	lx := lexicons{dict: buildDict(train, xid, uid)}
	lx.lex, lx.lexLow = trainLexicons(train)
	if opt.News != "" {
		news, err := conllu.ReadFile(opt.News)
		if err != nil {
			return nil, fmt.Errorf("tag: %w", err)
		}
		lx.news = newsLexicon(news)
	}
	t, err := newTagger(ms, len(xlabels), lx)
	if err != nil {
		return nil, fmt.Errorf("tag: %w", err)
	}
	sc := t.pool.Get().(*scratch)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7a67))
	order := make([]int, len(samples))
	for i := range order {
		order[i] = i
	}
	var best *Tagger
	var bestAcc Accuracy
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for k, i := range order {
			s := &samples[i]
			words := s.words
			if k%3 == 0 {
				words = curlyQuotes(s.words, s.xpos, xlabels, sc)
			}
			t.tag(sc, words, s.xpos, s.upos, 1, true)
		}
		avgs := make([]*learn.Model, len(ms))
		for k, m := range ms {
			avgs[k] = m.Average()
		}
		avg, err := newTagger(avgs, t.nx, t.lexicons)
		if err != nil {
			return nil, fmt.Errorf("tag: %w", err)
		}
		if dev == nil {
			best = avg
			fmt.Fprintf(opt.Log, "epoch %d\n", epoch)
			continue
		}
		acc := avg.Evaluate(dev)
		fmt.Fprintf(opt.Log, "epoch %d: dev %s\n", epoch, acc)
		if best == nil || acc.UPOS > bestAcc.UPOS {
			best, bestAcc = avg, acc
		}
	}
	if best.m2 != nil {
		best.skip = chooseSkip(best, dev)
		fmt.Fprintf(opt.Log, "second pass skips words of first-pass margin >= %v\n", best.skip)
	}
	if opt.Prune > 0 {
		for _, m := range best.models() {
			m.Prune(opt.Prune)
		}
	}
	return best, nil
}

// curlyQuotes returns words with the ASCII quotes that the gold tags as
// opening (“) or closing (”) replaced by curly ones, so that the
// few curly quotes of the web treebank are not the only ones the tagger
// sees. It uses sc's spare word buffer.
func curlyQuotes(words []string, xpos []int, xlabels []string, sc *scratch) []string {
	changed := false
	for i, w := range words {
		if (w == `"` || w == "'") && (xlabels[xpos[i]] == "``" || xlabels[xpos[i]] == "''") {
			changed = true
		}
	}
	if !changed {
		return words
	}
	out := append(sc.words[:0], words...)
	for i, w := range words {
		open := xlabels[xpos[i]] == "``"
		switch {
		case w == `"` && open:
			out[i] = "“"
		case w == `"` && xlabels[xpos[i]] == "''":
			out[i] = "”"
		case w == "'" && open:
			out[i] = "‘"
		case w == "'" && xlabels[xpos[i]] == "''":
			out[i] = "’"
		}
	}
	sc.words = out
	return out
}

func labelsOf(ss []*conllu.Sentence) (xpos, upos []string) {
	xs, us := map[string]bool{}, map[string]bool{}
	for _, s := range ss {
		for _, w := range s.Words {
			if w.XPOS != "_" {
				xs[w.XPOS] = true
			}
			if w.UPOS != "_" {
				us[w.UPOS] = true
			}
		}
	}
	for x := range xs {
		xpos = append(xpos, x)
	}
	for u := range us {
		upos = append(upos, u)
	}
	slices.Sort(xpos)
	slices.Sort(upos)
	return xpos, upos
}

func indexOf(labels []string) map[string]int {
	m := make(map[string]int, len(labels))
	for i, l := range labels {
		m[l] = i
	}
	return m
}

// toSample converts a sentence; words of extra data with an unknown XPOS
// make it skipped (nil words).
func toSample(s *conllu.Sentence, xid, uid map[string]int, extra bool) sample {
	sm := sample{extra: extra}
	for _, w := range s.Words {
		x, ok := xid[w.XPOS]
		if !ok {
			if extra {
				return sample{}
			}
			x = 0 // training files define the labels; cannot happen
		}
		u, ok := uid[w.UPOS]
		if !ok {
			u = -1
		}
		form := w.Form
		if extra {
			if f, ok := ptbForms[form]; ok {
				form = f
			}
		}
		sm.words = append(sm.words, form)
		sm.xpos = append(sm.xpos, x)
		sm.upos = append(sm.upos, u)
	}
	return sm
}

func buildDict(ss []*conllu.Sentence, xid, uid map[string]int) map[string]dictEntry {
	type pair struct{ x, u string }
	counts := map[string]map[pair]int{}
	for _, s := range ss {
		for _, w := range s.Words {
			c := counts[w.Form]
			if c == nil {
				c = map[pair]int{}
				counts[w.Form] = c
			}
			c[pair{w.XPOS, w.UPOS}]++
		}
	}
	dict := map[string]dictEntry{}
	for form, c := range counts {
		total, top := 0, 0
		var best pair
		for p, n := range c {
			total += n
			if n > top || (n == top && (p.x < best.x || p.x == best.x && p.u < best.u)) {
				top, best = n, p
			}
		}
		if total >= dictMinCount && float64(top) >= dictMinShare*float64(total) {
			dict[form] = dictEntry{int32(xid[best.x]), int32(uid[best.u])}
		}
	}
	return dict
}

// Accuracy counts correct tags over a set of words.
type Accuracy struct {
	Words int // words compared
	UPOS  int // words with the right UPOS
	XPOS  int // words with the right XPOS
}

// UPOSRate returns the share of words with the right UPOS.
func (a Accuracy) UPOSRate() float64 { return rate(a.UPOS, a.Words) }

// XPOSRate returns the share of words with the right XPOS.
func (a Accuracy) XPOSRate() float64 { return rate(a.XPOS, a.Words) }

func rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// String formats a as "UPOS 96.51% XPOS 95.80% (25147 words)".
func (a Accuracy) String() string {
	return fmt.Sprintf("UPOS %.2f%% XPOS %.2f%% (%d words)", 100*a.UPOSRate(), 100*a.XPOSRate(), a.Words)
}

// Evaluate tags the words of the sentences (gold tokenization) and
// counts the tags equal to the gold ones. Gold tags "_" count as wrong.
func (t *Tagger) Evaluate(ss []*conllu.Sentence) Accuracy {
	var a Accuracy
	var words, upos, xpos []string
	for _, s := range ss {
		words = words[:0]
		for _, w := range s.Words {
			words = append(words, w.Form)
		}
		upos = slices.Grow(upos[:0], len(words))[:len(words)]
		xpos = slices.Grow(xpos[:0], len(words))[:len(words)]
		t.Tag(words, upos, xpos)
		for i, w := range s.Words {
			a.Words++
			if upos[i] == w.UPOS {
				a.UPOS++
			}
			if xpos[i] == w.XPOS {
				a.XPOS++
			}
		}
	}
	return a
}

// EvaluateFile is Evaluate on the sentences of a CoNLL-U file.
func (t *Tagger) EvaluateFile(path string) (Accuracy, error) {
	ss, err := conllu.ReadFile(path)
	if err != nil {
		return Accuracy{}, fmt.Errorf("tag: %w", err)
	}
	return t.Evaluate(ss), nil
}

// Lexicon thresholds: a form enters a lexicon when seen lexMinCount times
// (so that words seen once in training stay unknown, as new words are at
// test time), and its class lists the tags it has at least lexMinShare of
// the time.
const (
	lexMinCount = 2
	lexMinShare = 0.05
)

// tagCounts counts the tags of each key.
type tagCounts map[string]map[string]int

func (c tagCounts) add(key, tag string) {
	m := c[key]
	if m == nil {
		m = map[string]int{}
		c[key] = m
	}
	m[tag]++
}

// lexicon turns counts into classes: the tags of share >= lexMinShare, in
// order, joined by "|".
func (c tagCounts) lexicon() lexicon {
	l := lexicon{}
	var tags []string
	for key, m := range c {
		total := 0
		for _, n := range m {
			total += n
		}
		if total < lexMinCount {
			continue
		}
		tags = tags[:0]
		for tag, n := range m {
			if float64(n) >= lexMinShare*float64(total) {
				tags = append(tags, tag)
			}
		}
		slices.Sort(tags)
		l[key] = strings.Join(tags, "|")
	}
	return l
}

// bareTagger has empty lexicons, for normForms.
var bareTagger = func() *Tagger {
	t := &Tagger{}
	t.indexWords() // no error without classes
	return t
}()

// normForms returns the normalized form of w and its lower-cased version,
// as the features see them.
func normForms(w string) (form, low string) {
	var sc scratch
	sc.prepare([]string{w}, bareTagger)
	return string(sc.bytesOf(sc.form[0])), string(sc.bytesOf(sc.low[0]))
}

func trainLexicons(ss []*conllu.Sentence) (exact, lower lexicon) {
	ce, cl := tagCounts{}, tagCounts{}
	for _, s := range ss {
		for _, w := range s.Words {
			form, low := normForms(w.Form)
			tag := w.XPOS + "/" + w.UPOS
			ce.add(form, tag)
			cl.add(low, tag)
		}
	}
	return ce.lexicon(), cl.lexicon()
}

// ptbForms maps CoreNLP's escaped forms back to the characters of the text.
var ptbForms = map[string]string{
	"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
	"``": `"`, "''": `"`, "`": "'",
}

func newsLexicon(ss []*conllu.Sentence) lexicon {
	c := tagCounts{}
	for _, s := range ss {
		for _, w := range s.Words {
			form := w.Form
			if f, ok := ptbForms[form]; ok {
				form = f
			}
			_, low := normForms(form)
			c.add(low, w.XPOS)
		}
	}
	return c.lexicon()
}

// chooseSkip returns the lowest first-pass margin above which the second
// pass can keep the first pass's tags without losing more than 3 words of
// dev accuracy (UPOS or XPOS); 30 without dev data.
func chooseSkip(t *Tagger, dev []*conllu.Sentence) float32 {
	if len(dev) == 0 {
		return 30
	}
	t.skip = float32(math.Inf(1))
	full := t.Evaluate(dev)
	best := float32(math.Inf(1))
	for _, th := range []float32{100, 50, 30, 20, 15, 10, 5} {
		t.skip = th
		a := t.Evaluate(dev)
		if a.UPOS < full.UPOS-3 || a.XPOS < full.XPOS-3 {
			break
		}
		best = th
	}
	return best
}
