package whosaid

import (
	"context"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/text"
	"github.com/whosaid/whosaid/typeact"
)

// layers are what the stages of a Pipeline put on one window of a
// document, each computed once, by one stage, and read by the stages after
// it. The fields are in the order the stages write them.
type layers struct {
	// doc, by text.New: tokens, sentences, paragraphs, quotation marks.
	doc *text.Doc
	// xpos, by the tagger (package tag): the Penn tag of each token. Nil
	// with Options.RulesOnly, whose stages read no tags.
	xpos []string
	// rules, by the rule extractor (package attrib): its statements. They
	// are the statements of a rules-only pipeline, and candidates read by
	// the learned extractor otherwise.
	rules []attrib.Statement
	// stmts are the statements found: by the learned extractor (package
	// attrib/learned) from doc, xpos and rules, or rules themselves.
	stmts []attrib.Statement
	// ents are the article's entities and of the entity of each statement's
	// source (-1 for none), by package speaker from doc and stmts.
	ents []speaker.Entity
	of   []int
	// labels are each statement's type, act, negation and target, by
	// package typeact from doc, stmts and ents.
	labels []typeact.Label
}

// A stage computes one layer of a window from the layers before it.
type stage struct {
	name string // as in the README's table of stages
	run  func(p *Pipeline, l *layers)
}

// learnedStages and rulesStages are the stages of the default pipeline
// and of Options.RulesOnly, in the order they run; text.New, which makes
// doc from the window's text, runs before them.
var (
	learnedStages = []stage{
		{"tag", (*Pipeline).tag},
		{"rules", (*Pipeline).rules},
		{"learned", (*Pipeline).learned},
		{"speaker", (*Pipeline).speakers},
		{"standalone", (*Pipeline).standAlone},
		{"typeact", (*Pipeline).typeAct},
		{"quote", (*Pipeline).quotes},
	}
	rulesStages = []stage{
		{"rules", (*Pipeline).ruleStatements},
		{"speaker", (*Pipeline).speakers},
		{"standalone", (*Pipeline).standAlone},
		{"typeact", (*Pipeline).typeAct},
		{"quote", (*Pipeline).quotes},
	}
)

// stages returns the stages p runs after text.New, in order.
func (p *Pipeline) stages() []stage {
	if p.opts.RulesOnly {
		return rulesStages
	}
	return learnedStages
}

// analyze runs text.New and then p's stages over one window of text and
// returns its layers, or ctx's error if ctx is done before a stage.
func (p *Pipeline) analyze(ctx context.Context, s string) (*layers, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l := &layers{doc: text.New(s)}
	for _, st := range p.stages() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st.run(p, l)
	}
	return l, nil
}

// tag tags every sentence with the embedded tagger.
func (p *Pipeline) tag(l *layers) { l.xpos = p.tagger.TagDoc(l.doc, nil) }

// rules runs the rule extractor.
func (p *Pipeline) rules(l *layers) { l.rules = p.ruler.Extract(l.doc) }

// ruleStatements runs the rule extractor and takes its statements as the
// statements found (Options.RulesOnly).
func (p *Pipeline) ruleStatements(l *layers) {
	p.rules(l)
	l.stmts = l.rules
}

// learned runs the learned extractor over the tags and the rules'
// statements.
func (p *Pipeline) learned(l *layers) { l.stmts = p.learner.ExtractLayers(l.doc, l.xpos, l.rules) }

// speakers resolves each statement's source to an entity of the article.
func (p *Pipeline) speakers(l *layers) { l.ents, l.of = speaker.Resolve(l.doc, l.stmts) }

// standAlone gives a stand-alone quotation paragraph to the quoted
// statement before it (package attrib), once its speaker is known.
func (p *Pipeline) standAlone(l *layers) { attrib.StandAlone(l.doc, l.stmts, l.of) }

// quotes marks the statements that are quotes in a news reader's sense,
// reading the tags where the pipeline has them (nil when rules only).
func (p *Pipeline) quotes(l *layers) {
	p.typeact.MarkQuotes(l.doc, l.stmts, l.ents, l.of, l.labels, l.xpos)
}

// typeAct labels each statement's type, act, negation and target.
func (p *Pipeline) typeAct(l *layers) { l.labels = p.typeact.Label(l.doc, l.stmts, l.ents) }
