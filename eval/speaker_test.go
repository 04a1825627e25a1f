package eval

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// speakerText is a small article; its CoreNLP analyses are built by
// miniAnalyses.
const speakerText = "Anna Berg spoke first. She said taxes would fall. The minister said spending would rise. Berg said it was fair."

// at returns the [start, end) range of the only occurrence of s in
// speakerText (ASCII, so bytes are code points).
func at(t *testing.T, s string) [2]int {
	t.Helper()
	i := strings.Index(speakerText, s)
	if i < 0 || strings.Contains(speakerText[i+1:], s) {
		t.Fatalf("%q must occur once", s)
	}
	return [2]int{i, i + len(s)}
}

// miniAnalyses tokenizes speakerText into sentences ending at "." and
// gives it one chain: Anna Berg (representative), She, The minister,
// Berg. "Anna" depends on "Berg", "The" on "minister", every other token
// is a root.
func miniAnalyses() *CoreNLP {
	var sents [][]Token
	var cur []Token
	for _, m := range regexp.MustCompile(`\w+|[^\w\s]`).FindAllStringIndex(speakerText, -1) {
		w := speakerText[m[0]:m[1]]
		tok := Token{Start: m[0], End: m[1], Tag: "NN", NER: "O"}
		switch {
		case w == "Anna" || w == "The":
			tok.Head = len(cur) + 2
		}
		switch w {
		case "She":
			tok.Tag = "PRP"
		case "Anna", "Berg":
			tok.Tag, tok.NER = "NNP", "PERSON"
		}
		cur = append(cur, tok)
		if w == "." {
			sents = append(sents, cur)
			cur = nil
		}
	}
	chain := Chain{
		{Representative: true, Sentence: 1, Start: 1, End: 3, Head: 2, Text: "Anna Berg"},
		{Sentence: 2, Start: 1, End: 2, Head: 1, Text: "She"},
		{Sentence: 3, Start: 1, End: 3, Head: 2, Text: "The minister"},
		{Sentence: 4, Start: 1, End: 2, Head: 1, Text: "Berg"},
	}
	return &CoreNLP{
		Sentences: map[string][][]Token{"a": sents},
		Chains:    map[string][]Chain{"a": {chain}},
	}
}

func TestScoreSpeakers(t *testing.T) {
	gold, err := NewCorpus(Doc{Name: "a", Text: speakerText, Gold: []Statement{
		{Source: [][2]int{at(t, "She")}, Content: [][2]int{at(t, "taxes would fall")}},
		{Source: [][2]int{at(t, "The minister")}, Content: [][2]int{at(t, "spending would rise")}},
		{Source: [][2]int{at(t, "Berg said")}, Content: [][2]int{at(t, "it was fair")}},
		{Content: [][2]int{at(t, "spoke first")}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// pred makes whosaid's output for the article, statements in an order
	// other than the gold's, naming the speakers of "taxes would fall" and
	// "spending would rise" (nil for none).
	pred := func(taxes, spending *output.SpeakerRef) []output.Document {
		st := func(content string, sp *output.SpeakerRef) output.Statement {
			return output.Statement{Content: &output.Span{Spans: [][2]int{at(t, content)}}, Speaker: sp}
		}
		return []output.Document{{Doc: "dir/a.txt", Statements: []output.Statement{
			st("it was fair", &output.SpeakerRef{Name: "Anna Berg"}),
			st("spending would rise", spending),
			st("spoke first", nil),
			st("taxes would fall", taxes),
			st("Anna", nil), // matches nothing
		}}}
	}
	name := func(s string) *output.SpeakerRef { return &output.SpeakerRef{ID: "e1", Name: s} }
	tests := []struct {
		name              string
		taxes, spending   *output.SpeakerRef
		wantPron, wantDes SpeakerCounts
	}{
		{"both right", name("Anna Berg"), name("Anna Berg"),
			SpeakerCounts{1, 1, 1, 1, 1, 1, 1}, SpeakerCounts{1, 1, 1, 1, 1, 1, 1}},
		{"surname, possessive", name("Berg’s"), name("Ms. Berg"),
			SpeakerCounts{1, 1, 1, 1, 1, 1, 1}, SpeakerCounts{1, 1, 1, 1, 1, 1, 1}},
		{"pronoun and no speaker", name("she"), nil,
			SpeakerCounts{1, 1, 1, 0, 0, 1, 0}, SpeakerCounts{1, 1, 1, 0, 0, 1, 0}},
		{"another person, a description", name("Karl Holm"), name("the minister"),
			SpeakerCounts{1, 1, 1, 1, 0, 1, 0}, SpeakerCounts{1, 1, 1, 0, 0, 1, 0}},
		{"name word lower-cased", name("anna berg"), name("Anna Berg"),
			SpeakerCounts{1, 1, 1, 0, 0, 1, 0}, SpeakerCounts{1, 1, 1, 1, 1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := ScoreSpeakers(gold, pred(tt.taxes, tt.spending), miniAnalyses())
			if rep.Matched != 4 || rep.NoSource != 1 || rep.Names != 1 || rep.Unanalysed != 0 {
				t.Errorf("matched %d, no source %d, names %d, unanalysed %d; want 4, 1, 1, 0",
					rep.Matched, rep.NoSource, rep.Names, rep.Unanalysed)
			}
			if rep.Pronoun != tt.wantPron {
				t.Errorf("pronoun %+v, want %+v", rep.Pronoun, tt.wantPron)
			}
			if rep.Description != tt.wantDes {
				t.Errorf("description %+v, want %+v", rep.Description, tt.wantDes)
			}
			var all SpeakerCounts
			all.add(tt.wantPron)
			all.add(tt.wantDes)
			if rep.All != all {
				t.Errorf("all %+v, want %+v", rep.All, all)
			}
		})
	}

	// Without analyses for the article, sourced pairs are not measured.
	rep := ScoreSpeakers(gold, pred(nil, nil), &CoreNLP{})
	if rep.Unanalysed != 3 || rep.All.Pairs != 0 {
		t.Errorf("unanalysed %d, pairs %d; want 3, 0", rep.Unanalysed, rep.All.Pairs)
	}
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil || !strings.Contains(b.String(), "3 in articles without CoreNLP analyses") {
		t.Errorf("table %q (%v) does not report the unanalysed pairs", b.String(), err)
	}
}

func TestMatchPairs(t *testing.T) {
	d := &Doc{Name: "a", Text: speakerText, Gold: []Statement{
		{Content: [][2]int{at(t, "taxes would fall")}},
		{Content: [][2]int{at(t, "spending would rise")}},
		{Source: [][2]int{at(t, "Berg said")}},
	}}
	pred := []Statement{
		{Content: [][2]int{at(t, "spending")}}, // 1 word of 3: below half
		{Content: [][2]int{at(t, "She said taxes would fall")}},
		{Content: [][2]int{at(t, "would rise")}}, // 2 words: gold 1 pairs with this one
	}
	got := MatchPairs(d, pred)
	want := [][2]int{{0, 1}, {1, 2}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("MatchPairs = %v, want %v", got, want)
	}
	// The pairs are those Score counts.
	if rep := Score(&Corpus{Docs: []*Doc{d}}, map[string][]Statement{"a": pred}); rep.Statement.Matched != len(got) {
		t.Errorf("Score counts %d pairs, MatchPairs %d", rep.Statement.Matched, len(got))
	}
}

func TestClassifySource(t *testing.T) {
	a := newArticle(speakerText, miniAnalyses().Sentences["a"], nil)
	tests := []struct{ span, want string }{
		{"She", SourcePronoun},
		{"The minister", SourceDescription},
		{"Anna Berg", SourceName},
		{"Berg said", SourceName},
		{"fair.", SourceDescription},
		{"She said", SourceDescription},
	}
	for _, tt := range tests {
		if got := a.classify([][2]int{at(t, tt.span)}); got != tt.want {
			t.Errorf("classify(%q) = %s, want %s", tt.span, got, tt.want)
		}
	}
}

// TestSpeakersDevFigures checks the speaker measure end to end on PolNeAR
// dev with the gold statements as predictions and a speaker named from
// CoreNLP's own representative mention: whosaid must then be right
// wherever CoreNLP is (and may be right more often, when a representative
// without a name token holds a word tagged as a name elsewhere in the
// chain: "Trump 's campaign").
func TestSpeakersDevFigures(t *testing.T) {
	base := devBase(t)
	gold, err := LoadGold(base)
	if err != nil {
		t.Fatal(err)
	}
	nlp, err := LoadCoreNLP(base+".conllu", base+".coref.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var docs []output.Document
	for _, d := range gold.Docs {
		a := newArticle(d.Text, nlp.Sentences[d.Name], nlp.Chains[d.Name])
		od := output.Document{Doc: d.Name}
		for _, g := range d.Gold {
			s := output.Statement{}
			if len(g.Content) > 0 {
				s.Content = &output.Span{Spans: g.Content}
			}
			if ch := a.chainOf(g.Source); len(g.Source) > 0 && ch >= 0 {
				for _, m := range a.chains[ch] {
					if m.Representative {
						s.Speaker = &output.SpeakerRef{Name: m.Text}
					}
				}
			}
			od.Statements = append(od.Statements, s)
		}
		docs = append(docs, od)
	}
	rep := ScoreSpeakers(gold, docs, nlp)
	if rep.All.Pairs < 500 || rep.All.InChain == 0 {
		t.Fatalf("only %d pairs with a pronoun or description source (%d in chains)", rep.All.Pairs, rep.All.InChain)
	}
	if rep.All.Whosaid < rep.All.CoreNLP || rep.All.Both != rep.All.CoreNLP {
		t.Errorf("with CoreNLP's representatives as speakers: whosaid %d, CoreNLP %d, both %d; want both = CoreNLP <= whosaid",
			rep.All.Whosaid, rep.All.CoreNLP, rep.All.Both)
	}
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", b.String())
}

func TestHasCapWord(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"", false},
		{"the mayor", false},
		{"the Mayor", true},
		{"Ana", true},
		{"iPhone maker", false},
		{"«Élise»", false},
		{"Élise said", true},
		{"\xff Ana", true},
	}
	for _, tt := range tests {
		if got := hasCapWord(tt.name); got != tt.want {
			t.Errorf("hasCapWord(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
