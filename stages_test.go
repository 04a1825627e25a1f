package whosaid

import (
	"context"
	"slices"
	"testing"
)

// TestStages checks the stages each pipeline runs, in order (the README's
// table lists them), and that a rules-only pipeline loads no model.
func TestStages(t *testing.T) {
	names := func(p *Pipeline) []string {
		var n []string
		for _, st := range p.stages() {
			n = append(n, st.name)
		}
		return n
	}
	p := newPipeline(t)
	if got, want := names(p), []string{"tag", "rules", "learned", "speaker", "standalone", "typeact", "quote"}; !slices.Equal(got, want) {
		t.Errorf("default stages %v, want %v", got, want)
	}
	r, err := New(Options{RulesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(r), []string{"rules", "speaker", "standalone", "typeact", "quote"}; !slices.Equal(got, want) {
		t.Errorf("rules-only stages %v, want %v", got, want)
	}
	if r.tagger != nil || r.learner != nil {
		t.Error("a rules-only pipeline loaded the tagger or the attribution model")
	}

	// Each stage leaves its layer on the window.
	l, err := p.analyze(context.Background(), "“The pier is unsafe,” said Lena Ortiz, the harbor master.")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.xpos) != len(l.doc.Tokens) || len(l.rules) == 0 || len(l.stmts) == 0 || len(l.ents) == 0 ||
		len(l.of) != len(l.stmts) || len(l.labels) != len(l.stmts) {
		t.Errorf("layers missing: %d tags for %d tokens, %d rules' statements, %d statements, %d entities, %d sources, %d labels",
			len(l.xpos), len(l.doc.Tokens), len(l.rules), len(l.stmts), len(l.ents), len(l.of), len(l.labels))
	}

	// A cancelled context stops the stages.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.analyze(ctx, "He said so."); err == nil {
		t.Error("analyze ran with a cancelled context")
	}
}
