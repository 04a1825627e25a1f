package attrib

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid/text"
)

// render writes a statement as "kind|source|cue|content", each role's
// pieces joined by " + ".
func render(d *text.Doc, s Statement) string {
	role := func(rs []text.Range) string {
		var p []string
		for _, r := range rs {
			p = append(p, d.Slice(r))
		}
		return strings.Join(p, " + ")
	}
	return s.Kind.String() + "|" + role(s.Source) + "|" + role(s.Cue) + "|" + role(s.Content)
}

func extract(t testing.TB, s string) []string {
	t.Helper()
	d := text.New(s)
	var out []string
	for _, st := range New().Extract(d) {
		checkStatement(t, d, st)
		out = append(out, render(d, st))
	}
	return out
}

// checkStatement fails when a range of st is empty, reversed, out of the
// document or out of order.
func checkStatement(t testing.TB, d *text.Doc, st Statement) {
	t.Helper()
	for _, rs := range [][]text.Range{st.Cue, st.Source, st.Content} {
		prev := 0
		for _, r := range rs {
			if r.Start < prev || r.Start >= r.End || r.End > len(d.Tokens) {
				t.Fatalf("bad range %+v (prev end %d) in %d tokens: %+v", r, prev, len(d.Tokens), st)
			}
			prev = r.End
		}
	}
	if len(st.Content) == 0 {
		t.Fatalf("statement without content: %+v", st)
	}
	if st.Parent != -1 {
		t.Fatalf("Parent = %d, want -1", st.Parent)
	}
}

// TestLayout checks which statements are marked as made by the layout:
// transcript labels in capitals and bylines, not a title-case headline
// label or a verb cue.
func TestLayout(t *testing.T) {
	tests := []struct {
		text string
		want []bool
	}{
		{"WALLACE: Let’s start with the news today.", []bool{true}},
		{"“We need more buses.” ― Tom Lind", []bool{true}},
		{"The Latest: Trump visits Ohio and Iowa\n\nHe spoke for an hour.", []bool{false}},
		{"“We need more buses,” Tom Lind said.", []bool{false}},
	}
	for _, tt := range tests {
		var got []bool
		for _, st := range New().Extract(text.New(tt.text)) {
			got = append(got, st.Layout)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Extract(%q): Layout %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestExtractConstructions(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"said that",
			"The governor said that the bridge would reopen in May.",
			[]string{"indirect|The governor|said|that the bridge would reopen in May"}},
		{"said without that",
			"Ms. Lindqvist said the budget was balanced for the first time.",
			[]string{"indirect|Ms. Lindqvist|said|the budget was balanced for the first time"}},
		{"auxiliaries join the cue",
			"The senator has also called on regulators to review the merger.",
			[]string{"indirect|The senator|has also called on|regulators to review the merger"}},
		{"quote then source",
			"“We will not back down,” Hanna Kowal said.",
			[]string{"direct|Hanna Kowal|said|“We will not back down,”"}},
		{"quote then inverted source",
			"“The numbers are clear,” said Omar Nadeem, the city treasurer.",
			[]string{"direct|Omar Nadeem, the city treasurer|said|“The numbers are clear,”"}},
		{"byline under a quotation",
			"Readers wrote in.\n\n“The plan will fail. Nobody wants it.” ― Anna Berg\n“We need more buses.”― Tom O. Lind \n“It is a waste.” — Carla Moss.",
			[]string{"direct|Anna Berg|―|“The plan will fail. Nobody wants it.”",
				"direct|Tom O. Lind|―|“We need more buses.”",
				"direct|Carla Moss|—|“It is a waste.”"}},
		{"byline needs the line to end",
			"“We will win,” — Anna Berg and her team kept saying it.",
			nil},
		{"dash then verb is a verb cue",
			"“The talks are over.” — said Anna Berg.",
			[]string{"direct|Anna Berg|said|“The talks are over.”"}},
		{"transcript turns",
			"\"HOST: Let’s start with the news. What happened today?\n\n\"MAYOR: Well, look, the budget passed. I said it would.”\n\nHOST: Thank you.",
			[]string{"direct|HOST|:|Let’s start with the news. What happened today",
				"direct|MAYOR|:|Well, look, the budget passed. I said it would",
				"direct|HOST|:|Thank you"}},
		{"transcript label with a period",
			"MR. TRUMP: We will build it. Believe me.",
			[]string{"direct|MR. TRUMP|:|We will build it. Believe me"}},
		{"an editorial label is no turn",
			"UPDATE: The council met again on Friday and voted.",
			nil},
		{"byline ending with an initial",
			"“We need more buses.” ― Tom O.",
			[]string{"direct|Tom O.|―|“We need more buses.”"}},
		{"object-verb-subject after translation",
			"Kovac warned of new strikes. This statement in the sharpest terms condemned the Ministry of transport and the Port Authority.",
			[]string{"indirect|Kovac|warned of|new strikes",
				"indirect|the Ministry of transport and the Port Authority|condemned|This statement"}},
		{"a demonstrative subject with a clause after the verb is no inversion",
			"This statement criticized the plan that the mayor made.",
			[]string{"indirect|This statement|criticized|the plan that the mayor made"}},
		{"quotation over two paragraphs",
			"“We lost three piers,” said Lena Ortiz. “The storms were the worst in years.\n\n“We will need help to rebuild.”\n\nThe council meets on Friday.",
			[]string{"direct|Lena Ortiz|said|“We lost three piers,” + “The storms were the worst in years. + “We will need help to rebuild.”"}},
		{"translated dash",
			"“The talks are over”, — said on Friday the deputy minister of trade Ivan Petrenko.",
			[]string{"direct|the deputy minister of trade Ivan Petrenko|said|“The talks are over”"}},
		{"colon before quote",
			"The coach said: “We played badly and we know it.”",
			[]string{"direct|The coach|said|“We played badly and we know it.”"}},
		{"split quote",
			"“First,” she said, “we fix the roof.”",
			[]string{"direct|she|said|“First,” + “we fix the roof.”"}},
		{"quote over two sentences",
			"“Rents are rising,” the tenant union said. “Wages are not.”",
			[]string{"direct|the tenant union|said|“Rents are rising,” + “Wages are not.”"}},
		{"content before source",
			"The plant will close next year, a company spokesman said.",
			[]string{"indirect|a company spokesman|said|The plant will close next year"}},
		{"cue inside its content",
			"The levy would cut traffic, the planner said, and fund new buses.",
			[]string{"indirect|the planner|said|The levy would cut traffic + and fund new buses"}},
		{"according to first",
			"According to the fire marshal, the blaze started in the kitchen.",
			[]string{"indirect|the fire marshal|According to|the blaze started in the kitchen"}},
		{"according to last",
			"The blaze started in the kitchen, according to the fire marshal.",
			[]string{"indirect|the fire marshal|according to|The blaze started in the kitchen"}},
		{"nominal cue",
			"The water board takes the position that the pipes are safe.",
			[]string{"indirect|The water board|takes the position|that the pipes are safe"}},
		{"possessor of a nominal cue",
			"The union rejected the mayor's claim that the docks were safe.",
			[]string{"indirect|the mayor|claim|that the docks were safe"}},
		{"made clear",
			"The chancellor made clear that taxes would rise.",
			[]string{"indirect|The chancellor|made clear|that taxes would rise"}},
		{"poll as source",
			"In a Gallup poll released Monday, most voters backed the levy.",
			[]string{"indirect|a Gallup poll released Monday|In|most voters backed the levy"}},
		{"medium phrase before a speech verb",
			"In a memo, the chief of staff warned that the budget would run out in May.",
			[]string{"indirect|the chief of staff|warned|that the budget would run out in May"}},
		{"expected",
			"The council is expected to approve the budget on Friday.",
			[]string{"indirect||is expected|The council + to approve the budget on Friday"}},
		{"reportedly",
			"The company reportedly plans to cut 2,000 jobs.",
			[]string{"indirect||reportedly|The company + plans to cut 2,000 jobs"}},
		{"reportedly before a speech verb",
			"The senator reportedly said the bill was dead.",
			[]string{"indirect|The senator|reportedly said|the bill was dead"}},
		{"shared source",
			"Mr. Alvarez said the vote was fair and added that he would not appeal.",
			[]string{
				"indirect|Mr. Alvarez|said|the vote was fair",
				"indirect|Mr. Alvarez|added|that he would not appeal",
			}},
		{"participle shares the subject",
			"Dr. Iyer praised the nurses, saying they had worked without rest.",
			[]string{
				"indirect|Dr. Iyer|praised|the nurses",
				"indirect|Dr. Iyer|saying|they had worked without rest",
			}},
		{"mixed quote",
			"Kerrigan said the plan was “a fantasy” and would fail.",
			[]string{"mixed|Kerrigan|said|the plan was “a fantasy” and would fail"}},
		{"recipient",
			"The minister told reporters that prices would fall.",
			[]string{"indirect|The minister|told|that prices would fall"}},
		{"relative pronoun source",
			"They met Paula Brandt, who said the deal was dead.",
			[]string{"indirect|who|said|the deal was dead"}},
		{"appositive source",
			"Lena Ortiz, a nurse at the clinic, said the wait had doubled.",
			[]string{"indirect|Lena Ortiz, a nurse at the clinic,|said|the wait had doubled"}},
		{"headline colon",
			"Ortiz: Clinic Waits Have Doubled\n\nThe clinic opened in 1990.",
			[]string{"indirect|Ortiz|:|Clinic Waits Have Doubled"}},
		{"cue-less quote after a colon",
			"Union leader Dana Park: “Nobody works on Friday.”",
			[]string{"direct|Union leader Dana Park|:|“Nobody works on Friday.”"}},
		{"doubled apostrophes",
			"''We are ready,'' Mr. Holt said.",
			[]string{"direct|Mr. Holt|said|''We are ready,''"}},
		{"closing mark without opening",
			"According to him, the shelling was the worst in years.”",
			[]string{"indirect|him|According to|the shelling was the worst in years.”"}},
		{"no statement", "The river rose two feet overnight.", nil},
		{"noun not cue", "The report was published on Monday.", nil},
		{"cue inside a quotation is not a statement",
			"“They said nothing to us,” Ruiz said.",
			[]string{"direct|Ruiz|said|“They said nothing to us,”"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extract(t, tt.text)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Extract(%q)\n got: %q\nwant: %q", tt.text, got, tt.want)
			}
		})
	}
}

// fixtures holds the statements each fictional article under testdata must
// yield (as rendered by render), in order; the extractor may find more.
var fixtures = map[string][]string{
	"../testdata/harbor.txt": {
		"indirect|Mayor Elena Varga|said|that a strike at the port would cost the city millions of dollars a week",
		"direct|Varga|told|“We cannot let the harbor close for a single day,” + “Every ship that waits is a family that waits.”",
		"indirect|its spokesman, Tom Reilly|According to|the city has ignored safety complaints for years",
		"direct|Reily|said|“They knew about the cranes in 2019,”",
		"indirect|He|added|that the union would vote on Friday",
		"indirect|The Port Authority|takes the position|that the cranes meet federal standards",
		"indirect|Its director, Dr. Amara Osei,|urged|both sides to return to the table",
		"indirect|Its director, Dr. Amara Osei,|warned|that the U.S. Coast Guard could step in",
	},
	"testdata/council.txt": {
		"direct|council president Ruth Abernathy|said|“This is the best day for this city in twenty years,” + “We waited long enough.”",
		"indirect|He|said|the tram would cost twice the estimate",
		"indirect|He|warned|that bus routes would be cut to pay for it",
		"indirect|the transit authority|According to|the line would carry 40,000 riders a day by 2030",
		"direct|the chairman of the neighbourhood association Pavel Horak|said|“Nobody asked the people of the east side,”",
		"indirect|The chamber of commerce|takes the position|that construction will hurt small shops",
		"indirect|Its director, Wanda Ng,|urged|the council to phase the works",
		"mixed|Mertens|told|The plan is “a gamble with other people’s money,”",
	},
}

func TestExtractFixtures(t *testing.T) {
	for path, want := range fixtures {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := extract(t, string(b))
			i := 0
			for _, g := range got {
				if i < len(want) && g == want[i] {
					i++
				}
			}
			if i < len(want) {
				t.Errorf("missing %q\nin %q", want[i], got)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"",
		"“A,” he said, “B.”",
		"According to",
		"said",
		"” — said",
		"X: “",
		"''a'' ''",
		"He said that. And added",
		"According to him, it was bad.”",
		"The mayor, who, said: “x” “y",
		"a\x00b said \xff “c”",
		"\"HOST: a b.\n\nMR. X: “c”",
		"“a.” ― B C\n“d” —",
		"UPDATE: x y z",
	} {
		f.Add(s)
	}
	e := New()
	f.Fuzz(func(t *testing.T, s string) {
		d := text.New(s)
		for _, st := range e.Extract(d) {
			checkStatement(t, d, st)
			if !utf8.ValidString(s) {
				continue
			}
			for _, r := range st.Content {
				if d.Slice(r) == "" {
					t.Fatalf("empty content piece %+v", r)
				}
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	var docs []*text.Doc
	n := 0
	for path := range fixtures {
		s, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, text.New(string(s)))
		n += len(s)
	}
	e := New()
	b.ReportAllocs()
	b.SetBytes(int64(n))
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if len(e.Extract(d)) == 0 {
				b.Fatal("no statements")
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "articles/s")
}
