package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/text"
	"github.com/whosaid/whosaid/typeact"
)

// TypeActLabel is one hand-labelled statement of eval/testdata/typeact
// (see its README): the gold spans of a PolNeAR relation as code-point
// pieces into the article's text, and its type, act, negation and target.
type TypeActLabel struct {
	Doc     string   `json:"doc"`
	Cue     [][2]int `json:"cue"`
	Content [][2]int `json:"content"`
	Source  [][2]int `json:"source"`
	Type    string   `json:"type"`
	Act     string   `json:"act"`
	Negated bool     `json:"negated"`
	Target  [][2]int `json:"target"`
	Unsure  bool     `json:"unsure"`
}

// ReadTypeAct reads a typeact label file: one TypeActLabel per line.
// Blank lines are skipped; an error names the line.
func ReadTypeAct(r io.Reader) ([]TypeActLabel, error) {
	var out []TypeActLabel
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(slices.DeleteFunc(slices.Clone(line), func(b byte) bool { return b == ' ' || b == '\t' || b == '\r' })) == 0 {
			continue
		}
		var l TypeActLabel
		if err := json.Unmarshal(line, &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if l.Doc == "" || len(l.Cue) == 0 {
			return nil, fmt.Errorf("line %d: a label needs a doc and a cue", n)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// LoadTypeAct reads a typeact label file.
func LoadTypeAct(path string) ([]TypeActLabel, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ls, err := ReadTypeAct(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ls, nil
}

// TypeActDocs returns the names of the articles of labels, sorted.
func TypeActDocs(labels []TypeActLabel) []string {
	var names []string
	for _, l := range labels {
		if !slices.Contains(names, l.Doc) {
			names = append(names, l.Doc)
		}
	}
	sort.Strings(names)
	return names
}

// TypeActReport holds the figures of type, act and target labelling on
// the labelled statements that were matched to a predicted statement.
type TypeActReport struct {
	// Labelled is the number of labelled statements; Matched those that
	// have a predicted statement whose cue overlaps theirs (coverage is
	// Matched / Labelled).
	Labelled int     `json:"labelled"`
	Matched  int     `json:"matched"`
	Coverage float64 `json:"coverage"`
	// TypeAccuracy and ActAccuracy are the shares of matched statements
	// whose type, act is right.
	TypeAccuracy float64 `json:"type_accuracy"`
	ActAccuracy  float64 `json:"act_accuracy"`
	// ActMacroF1 is the mean F1 over the acts present in the matched gold.
	ActMacroF1 float64 `json:"act_macro_f1"`
	// Types and Acts hold precision and recall per label.
	Types map[string]PRF `json:"types"`
	Acts  map[string]PRF `json:"acts"`
	// Negated scores the negation flag as a binary label.
	Negated PRF `json:"negated"`
	// TargetExact counts a target right when its pieces are the gold's;
	// TargetOverlap when some piece of it overlaps some gold piece.
	TargetExact   PRF `json:"target_exact"`
	TargetOverlap PRF `json:"target_overlap"`
}

// ScoreTypeAct matches each labelled statement to the predicted statement
// of its article whose cue overlaps its cue most (code points), and scores
// the type, act, negation and target of the matched pairs. pred is keyed
// by article name.
func ScoreTypeAct(labels []TypeActLabel, pred map[string][]output.Statement) *TypeActReport {
	rep := &TypeActReport{Labelled: len(labels), Types: map[string]PRF{}, Acts: map[string]PRF{}}
	type count struct{ tp, gold, pred int }
	types, acts := map[string]*count{}, map[string]*count{}
	get := func(m map[string]*count, k string) *count {
		if m[k] == nil {
			m[k] = &count{}
		}
		return m[k]
	}
	var typeOK, actOK int
	var neg, exact, overlap count
	var targetGold, targetPred int
	for _, l := range labels {
		p := bestCue(l.Cue, pred[l.Doc])
		if p == nil {
			continue
		}
		rep.Matched++
		get(types, l.Type).gold++
		get(types, p.Type).pred++
		get(acts, l.Act).gold++
		get(acts, p.Act).pred++
		if l.Type == p.Type {
			typeOK++
			get(types, l.Type).tp++
		}
		if l.Act == p.Act {
			actOK++
			get(acts, l.Act).tp++
		}
		if l.Negated {
			neg.gold++
		}
		if p.Negated {
			neg.pred++
		}
		if l.Negated && p.Negated {
			neg.tp++
		}
		pt := pieces(p.Target)
		if len(l.Target) > 0 {
			targetGold++
		}
		if len(pt) > 0 {
			targetPred++
		}
		if len(l.Target) > 0 && len(pt) > 0 {
			if slices.Equal(l.Target, pt) {
				exact.tp++
			}
			if overlapLen(l.Target, pt) > 0 {
				overlap.tp++
			}
		}
	}
	if rep.Labelled > 0 {
		rep.Coverage = float64(rep.Matched) / float64(rep.Labelled)
	}
	if rep.Matched > 0 {
		rep.TypeAccuracy = float64(typeOK) / float64(rep.Matched)
		rep.ActAccuracy = float64(actOK) / float64(rep.Matched)
	}
	for k, c := range types {
		rep.Types[k] = newPRF(c.tp, c.gold, c.pred)
	}
	present := 0
	for k, c := range acts {
		f := newPRF(c.tp, c.gold, c.pred)
		rep.Acts[k] = f
		if c.gold > 0 {
			present++
			rep.ActMacroF1 += f.F1
		}
	}
	if present > 0 {
		rep.ActMacroF1 /= float64(present)
	}
	rep.Negated = newPRF(neg.tp, neg.gold, neg.pred)
	rep.TargetExact = newPRF(exact.tp, targetGold, targetPred)
	rep.TargetOverlap = newPRF(overlap.tp, targetGold, targetPred)
	return rep
}

// bestCue returns the statement of ps whose cue overlaps cue most, or nil
// when none overlaps it; ties go to the first.
func bestCue(cue [][2]int, ps []output.Statement) *output.Statement {
	var best *output.Statement
	bestLen := 0
	for i := range ps {
		if n := overlapLen(cue, pieces(ps[i].Cue)); n > bestLen {
			best, bestLen = &ps[i], n
		}
	}
	return best
}

// overlapLen returns the number of code points two lists of pieces share.
func overlapLen(a, b [][2]int) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if lo, hi := max(x[0], y[0]), min(x[1], y[1]); lo < hi {
				n += hi - lo
			}
		}
	}
	return n
}

// GoldTypeAct labels the gold statements themselves with package typeact:
// for each article of labels it reads dir/text/NAME.txt, aligns each
// labelled statement's cue, source and content to the tokens they overlap,
// resolves the sources with package speaker and runs the labeller, so that
// type, act and target are measured apart from extraction. The result,
// keyed by article name, holds one statement per label whose cue is the
// gold cue; it scores with ScoreTypeAct. misaligned counts the pieces
// whose ends fall inside a token (widened to that token's edges).
func GoldTypeAct(labels []TypeActLabel, dir string) (pred map[string][]output.Statement, misaligned int, err error) {
	lab := typeact.New()
	pred = map[string][]output.Statement{}
	for _, name := range TypeActDocs(labels) {
		b, err := os.ReadFile(filepath.Join(dir, "text", name+".txt"))
		if err != nil {
			return nil, 0, err
		}
		d := text.New(string(b))
		var stmts []attrib.Statement
		var cues [][][2]int
		for _, l := range labels {
			if l.Doc != name {
				continue
			}
			st := attrib.Statement{Parent: -1}
			var bad int
			st.Cue, bad = cpRanges(d, l.Cue)
			misaligned += bad
			st.Source, bad = cpRanges(d, l.Source)
			misaligned += bad
			st.Content, bad = cpRanges(d, l.Content)
			misaligned += bad
			stmts = append(stmts, st)
			cues = append(cues, l.Cue)
		}
		ents, _ := speaker.Resolve(d, stmts)
		for i, lb := range lab.Label(d, stmts, ents) {
			o := output.Statement{
				Type: lb.Type.String(), Act: lb.Act.String(), Negated: lb.Negated,
				Cue: &output.Span{Spans: cues[i]},
			}
			for _, r := range lb.Target {
				if o.Target == nil {
					o.Target = &output.Span{}
				}
				o.Target.Spans = append(o.Target.Spans, [2]int{int(d.Tokens[r.Start].Start), int(d.Tokens[r.End-1].End)})
			}
			pred[name] = append(pred[name], o)
		}
	}
	return pred, misaligned, nil
}

// cpRanges returns the token ranges that code-point pieces overlap, and
// how many piece ends fall inside a token rather than at its edge.
func cpRanges(d *text.Doc, ps [][2]int) ([]text.Range, int) {
	var out []text.Range
	bad := 0
	for _, p := range ps {
		r := text.Range{Start: -1}
		for i, t := range d.Tokens {
			if int(t.End) <= p[0] || int(t.Start) >= p[1] {
				continue
			}
			if r.Start < 0 {
				r.Start = i
				if int(t.Start) != p[0] {
					bad++
				}
			}
			r.End = i + 1
		}
		if r.Start >= 0 {
			if int(d.Tokens[r.End-1].End) != p[1] {
				bad++
			}
			out = append(out, r)
		}
	}
	return out, bad
}

// WriteTable prints the report as a plain-text table.
func (r *TypeActReport) WriteTable(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "labelled %d, matched %d (coverage %.3f)\n", r.Labelled, r.Matched, r.Coverage)
	fmt.Fprintf(bw, "type accuracy %.3f\nact accuracy  %.3f\nact macro-F1  %.3f (over the acts present)\n", r.TypeAccuracy, r.ActAccuracy, r.ActMacroF1)
	row := func(name string, f PRF) {
		fmt.Fprintf(bw, "  %-16s P %.3f  R %.3f  F1 %.3f  (%d of %d gold, %d predicted)\n", name, f.P, f.R, f.F1, f.Matched, f.Gold, f.Pred)
	}
	fmt.Fprintln(bw, "types:")
	for _, k := range typeact.Types() {
		if f, ok := r.Types[k]; ok {
			row(k, f)
		}
	}
	fmt.Fprintln(bw, "acts:")
	for _, k := range typeact.Acts() {
		if f, ok := r.Acts[k]; ok {
			row(k, f)
		}
	}
	row("negated", r.Negated)
	row("target exact", r.TargetExact)
	row("target overlap", r.TargetOverlap)
	return bw.Flush()
}
