package whosaid

import (
	"context"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// TestConstructions runs the shipped pipeline on one invented sentence for
// each kind of cue issue 9 names besides the plain speech verbs: verbs and
// phrases ("lobbied for", "drew criticism for", "made mention of",
// "delivered a message that"), nouns ("his claim that", "a warning that",
// "in a memo"), adjectives ("critical of", "confident that"), verbs of
// thought and evidence ("believes", "suggests") and statements with no
// source ("is expected to"). The spans follow PolNeAR's
// conventions (../shared/data/README.md): the cue takes its auxiliaries,
// negation and light verb, and a statement with no source has the subject
// in its content. "The company reportedly plans to cut 2,000 jobs" is not
// here: the rules find it (attrib's TestExtractConstructions), but the
// shipped model's cue tagger gives "reportedly" no cue, so the pipeline
// finds no statement (PolNeAR train has 13 such cues, dev none).
func TestConstructions(t *testing.T) {
	p := newPipeline(t)
	tests := []struct {
		name, text string
		// want renders each statement as kind|type|source|cue|content, in
		// order; a role the statement lacks is empty.
		want []string
	}{
		{"verb and preposition", "Senator Maria Ortiz lobbied for a higher minimum wage.",
			[]string{"indirect|speech|Senator Maria Ortiz|lobbied for|a higher minimum wage"}},
		{"light verb and noun", "The mayor drew criticism for his plan to close three libraries.",
			[]string{"indirect|speech|The mayor|drew criticism for|his plan to close three libraries"}},
		{"made mention of", "In her speech, Governor Lane made mention of the deficit.",
			[]string{"indirect|speech|Governor Lane|made mention of|the deficit"}},
		{"delivered a message that", "The minister delivered a message that the talks would go on.",
			[]string{"indirect|speech|The minister|delivered a message|that the talks would go on"}},
		{"his claim that", "Mr. Hale repeated his claim that the election had been stolen.",
			[]string{"indirect|speech|Mr. Hale|repeated his claim|that the election had been stolen"}},
		{"a warning that", "The health agency issued a warning that cases would rise.",
			[]string{"indirect|speech|The health agency|issued a warning|that cases would rise"}},
		{"in a memo", "In a memo, the chief of staff warned that the budget would run out in May.",
			[]string{"indirect|writing|the chief of staff|warned|that the budget would run out in May"}},
		{"critical of", "Ms. Ortiz was critical of the plan to cut school funding.",
			[]string{"indirect|speech|Ms. Ortiz|was critical of|the plan to cut school funding"}},
		{"confident that", "The governor is confident that the bill will pass this month.",
			[]string{"indirect|thought|The governor|is confident|that the bill will pass this month"}},
		{"has no illusions about", "Mr. Brandt has no illusions about the difficulty of the talks.",
			[]string{"indirect|speech|Mr. Brandt|has no illusions about|the difficulty of the talks"}},
		{"believes", "Mr. Brandt believes the talks will fail.",
			[]string{"indirect|thought|Mr. Brandt|believes|the talks will fail"}},
		{"suggests", "The report suggests that the drug lowers the risk of stroke.",
			[]string{"indirect|writing|The report|suggests|that the drug lowers the risk of stroke"}},
		{"is expected to", "The council is expected to approve the budget on Friday.",
			[]string{"indirect|evidence||is expected|The council to approve the budget on Friday"}},
		{"recipient and time before the content", "Mr. Hale told reporters on Tuesday that he would run again.",
			[]string{"indirect|speech|Mr. Hale|told|that he would run again"}},
		{"medium after a phrase content", "The union criticized the plan in a statement.",
			[]string{"indirect|writing|The union|criticized|the plan"}},
		{"no statement", "The river rose two feet overnight.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.Extract(context.Background(), Doc{ID: "c", Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, tt.text, res)
			var got []string
			for _, s := range res.Statements {
				got = append(got, renderStatement(s))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("%q\n got: %q\nwant: %q", tt.text, got, tt.want)
			}
		})
	}
}

// renderStatement renders a statement as kind|type|source|cue|content.
func renderStatement(s output.Statement) string {
	text := func(sp *output.Span) string {
		if sp == nil {
			return ""
		}
		return sp.Text
	}
	return strings.Join([]string{s.Kind, s.Type, text(s.Source), text(s.Cue), text(s.Content)}, "|")
}
