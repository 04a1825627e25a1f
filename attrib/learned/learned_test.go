package learned

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/learn"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/text"
)

var (
	tinyOnce sync.Once
	tinyX    *Extractor
	tinyErr  error
)

// tiny trains an extractor on the two small articles of testdata/tiny.
func tiny(t testing.TB) *Extractor {
	t.Helper()
	tinyOnce.Do(func() {
		tinyX, tinyErr = Train("testdata/tiny", Options{Epochs: 10, Bits: 12})
	})
	if tinyErr != nil {
		t.Fatal(tinyErr)
	}
	return tinyX
}

func render(d *text.Doc, rs []text.Range) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, d.Slice(r))
	}
	return strings.Join(parts, " | ")
}

func TestAlign(t *testing.T) {
	d := text.New("Mr. Reyes said: “No.”")
	tests := []struct {
		start, end int
		mode       AlignMode
		want       string
		misaligned int
	}{
		{4, 9, Contract, "Reyes", 0},
		{10, 14, Contract, "said", 0},
		{5, 9, Contract, "Reyes", 1}, // cut inside the token: no whole token, so expanded
		{0, 12, Contract, "Mr. Reyes", 1},
		{0, 12, Expand, "Mr. Reyes said", 1},
		{16, 21, Contract, "“No.”", 0},
		{9, 10, Contract, "", 0}, // a space: no token
	}
	for _, tc := range tests {
		var st AlignStats
		r := Align(d, tc.start, tc.end, tc.mode, &st)
		if got := d.Slice(r); got != tc.want {
			t.Errorf("Align(%d, %d, %d) = %q, want %q", tc.start, tc.end, tc.mode, got, tc.want)
		}
		if st.Misaligned != tc.misaligned || st.Spans != 1 {
			t.Errorf("Align(%d, %d): stats %+v, want %d misaligned", tc.start, tc.end, st, tc.misaligned)
		}
	}
}

func TestTrainTiny(t *testing.T) {
	x := tiny(t)
	b, err := os.ReadFile(filepath.Join("testdata", "tiny", "text", "harbor.txt"))
	if err != nil {
		t.Fatal(err)
	}
	d := text.New(string(b))
	sts := x.Extract(d)
	tests := []struct {
		cue, source, content string
		kind                 attrib.Kind
	}{
		{"said", "the port authority", "The harbor will close for repairs next spring", attrib.Indirect},
		{"said", "Lena Ortiz, the authority’s chief engineer", "“We cannot keep patching the old piers,” | “They were built for smaller ships.”", attrib.Direct},
		{"told", "Mayor Tom Reyes", "that the city would help the fishermen find berths elsewhere", attrib.Indirect},
	}
	for _, tc := range tests {
		var st attrib.Statement
		ok := false
		for _, s := range sts {
			if render(d, s.Cue) == tc.cue && render(d, s.Source) == tc.source {
				st, ok = s, true
			}
		}
		if !ok {
			t.Errorf("no statement with cue %q and source %q", tc.cue, tc.source)
			continue
		}
		if c := render(d, st.Content); c != tc.content {
			t.Errorf("cue %q: content %q, want %q", tc.cue, c, tc.content)
		}
		if st.Kind != tc.kind {
			t.Errorf("cue %q: kind %v, want %v", tc.cue, st.Kind, tc.kind)
		}
	}
}

func TestTrainDeterministic(t *testing.T) {
	a, err := tiny(t).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	x, err := Train("testdata/tiny", Options{Epochs: 10, Bits: 12})
	if err != nil {
		t.Fatal(err)
	}
	b, err := x.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two trainings with the same options gave different models")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	x := tiny(t)
	data, err := x.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	y, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	d := text.New("“We will rebuild the pier,” said Lena Ortiz. The union said boats would wait.")
	a, b := x.Extract(d), y.Extract(d)
	if len(a) != len(b) {
		t.Fatalf("loaded model finds %d statements, trained one %d", len(b), len(a))
	}
	for i := range a {
		if render(d, a[i].Content) != render(d, b[i].Content) || render(d, a[i].Cue) != render(d, b[i].Cue) {
			t.Errorf("statement %d differs after a round trip", i)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	good, err := tiny(t).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"magic", []byte("NOTMODEL\x01")},
		{"version", append([]byte(magic), 99)},
		{"truncated", good[:len(good)/2]},
		{"trailing", append(append([]byte(nil), good...), 0)},
	}
	for _, tc := range tests {
		if _, err := Load(tc.data); err == nil {
			t.Errorf("%s: Load succeeded", tc.name)
		} else if tc.name != "truncated" && !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v does not wrap ErrFormat", tc.name, err)
		}
	}
}

func TestShippedModel(t *testing.T) {
	data := models.Attrib()
	if data == nil {
		t.Fatal("models/attrib.model is not embedded: the shipped model is missing from the repository")
	}
	x, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	d := text.New("“The pier is unsafe,” said Lena Ortiz, the port’s engineer. Mayor Tom Reyes told reporters that the city would pay for repairs.")
	sts := x.Extract(d)
	if len(sts) < 2 {
		t.Fatalf("shipped model found %d statements, want 2", len(sts))
	}
	for _, st := range sts {
		checkStatement(t, d, st, len(sts))
	}
}

// checkStatement checks that every range of st is in bounds, non-empty
// and in text order, and that the parent is a valid index.
func checkStatement(t testing.TB, d *text.Doc, st attrib.Statement, n int) {
	t.Helper()
	if len(st.Cue) == 0 || len(st.Content) == 0 {
		t.Errorf("statement without cue or content: %+v", st)
	}
	for _, rs := range [][]text.Range{st.Cue, st.Source, st.Content} {
		last := -1
		for _, r := range rs {
			if r.Start < 0 || r.End > len(d.Tokens) || r.Start >= r.End || r.Start < last {
				t.Fatalf("range %v out of bounds, empty or out of order (%d tokens)", r, len(d.Tokens))
			}
			last = r.End
		}
	}
	if st.Parent < -1 || st.Parent >= n {
		t.Errorf("parent %d outside -1..%d", st.Parent, n-1)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"",
		"“Yes,” he said.",
		"He said: “No",
		"According to the union, 40 boats wait.\n\n“More,” she added, “later.”",
		"\xff\x00 said “ ” ''",
		strings.Repeat("said “a ", 50),
		"\"HOST: a b.\n\nGUEST: c d said “e”",
		"“a.” ― B C\n“d.”― E. F.",
		"X called on Y to act. According to him, z.”",
	} {
		f.Add(s)
	}
	x := tiny(f)
	f.Fuzz(func(t *testing.T, s string) { checkExtract(t, x, s) })
}

// checkExtract extracts the statements of s and checks each one.
func checkExtract(t *testing.T, x *Extractor, s string) {
	t.Helper()
	d := text.New(s)
	sts := x.Extract(d)
	for _, st := range sts {
		checkStatement(t, d, st, len(sts))
	}
}

func BenchmarkExtract(b *testing.B) {
	x := tiny(b)
	if data := models.Attrib(); data != nil {
		var err error
		if x, err = Load(data); err != nil {
			b.Fatal(err)
		}
	}
	var sb strings.Builder
	for _, name := range []string{"harbor.txt", "bridge.txt"} {
		t, err := os.ReadFile(filepath.Join("testdata", "tiny", "text", name))
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(t)
		sb.WriteString("\n")
	}
	// About the length of a news article (800 words).
	s := strings.Repeat(sb.String(), 6)
	d := text.New(s)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if len(x.Extract(d)) == 0 {
			b.Fatal("no statements")
		}
	}
}

func TestExtractConcurrent(t *testing.T) {
	x := tiny(t)
	texts := []string{
		"“The pier is unsafe,” said Lena Ortiz. The union said boats would wait.",
		"According to the council, the bridge will close. Omar Haddad warned that it could fail.",
	}
	want := make([]int, len(texts))
	for k, s := range texts {
		want[k] = len(x.Extract(text.New(s)))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts))
	for range 8 {
		for k, s := range texts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if n := len(x.Extract(text.New(s))); n != want[k] {
					errs <- fmt.Sprintf("text %d: %d statements, want %d", k, n, want[k])
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestExtractTaggedMatchesExtract(t *testing.T) {
	x := tiny(t)
	d := text.New("“We cannot wait,” said Lena Ortiz. Mayor Tom Reyes told reporters that the city would help.")
	xpos := x.tags(d)
	a, b := x.Extract(d), x.ExtractTagged(d, xpos)
	if len(a) != len(b) {
		t.Fatalf("ExtractTagged found %d statements, Extract %d", len(b), len(a))
	}
	for i := range a {
		if render(d, a[i].Content) != render(d, b[i].Content) {
			t.Errorf("statement %d: content %q vs %q", i, render(d, a[i].Content), render(d, b[i].Content))
		}
	}
	// Tags of the wrong length are ignored, not trusted.
	if c := x.ExtractTagged(d, xpos[:1]); len(c) != len(a) {
		t.Errorf("short tags: %d statements, want %d", len(c), len(a))
	}
}

// TestExtractLongText checks that the work per cue stays bounded on a long
// text dense with cues and quotation marks (a quadratic pass would take
// minutes here).
func TestExtractLongText(t *testing.T) {
	if testing.Short() {
		t.Skip("long text")
	}
	x := tiny(t)
	for _, src := range []string{
		strings.Repeat("“The pier is unsafe,” said Lena Ortiz, “and old.” ", 4000),
		// Layout statements and rules' cues the tagger may miss, which
		// the passes after tagging compare with every statement found.
		strings.Repeat("HOST: What happened to the pier today?\n\n", 20000),
		strings.Repeat("“We need new piers.” ― Lena Ortiz\n", 20000),
		strings.Repeat("The mayor called on the council to act. According to him, the pier is old. ", 10000),
	} {
		d := text.New(src)
		sts := x.Extract(d)
		if len(sts) == 0 {
			t.Errorf("%.40q...: no statement", src)
		}
		for _, st := range sts {
			checkStatement(t, d, st, len(sts))
		}
	}
}

// TestContentStopsAtBlankLine checks that no source or content runs on
// past a blank line: a headline without a final period ends its content.
func TestContentStopsAtBlankLine(t *testing.T) {
	data := models.Attrib()
	if data == nil {
		t.Fatal("models/attrib.model is not embedded: the shipped model is missing from the repository")
	}
	x, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	tests := []string{
		"Council warns of bus fare rise as budget shrinks\n\nAt a hearing on Tuesday, treasurer Ana Lim said the city could no longer cover the deficit.",
		"Union says ferry crews will strike\n\n“We have waited long enough,” said Omar Diaz, the union’s leader.",
	}
	for _, src := range tests {
		d := text.New(src)
		paraStart := map[int]bool{}
		for _, p := range d.Paragraphs {
			paraStart[p.Start] = true
		}
		sts := x.Extract(d)
		if len(sts) == 0 {
			t.Errorf("%q: no statement", src)
		}
		for _, st := range sts {
			checkStatement(t, d, st, len(sts))
			for _, r := range append(slices.Clone(st.Source), st.Content...) {
				for i := r.Start + 1; i < r.End; i++ {
					if paraStart[i] {
						t.Errorf("%q: span %q runs over a blank line", src, d.Slice(r))
					}
				}
			}
		}
	}
}

// TestRulesFallback checks that a cue for which the role tagger finds no
// content keeps the rules' statement: with an untrained role model every
// statement comes from the rules.
func TestRulesFallback(t *testing.T) {
	x := *tiny(t)
	x.role = learn.NewModel(roleLabels, 12, 7)
	x.role.Finish()
	d := text.New("Mayor Tom Reyes said that the city would pay for the repairs.")
	rules := x.rules.Extract(d)
	if len(rules) == 0 {
		t.Fatal("the rules found no statement; the test needs one")
	}
	sts := x.Extract(d)
	found := false
	for _, st := range sts {
		checkStatement(t, d, st, len(sts))
		if slices.Equal(st.Content, rules[0].Content) && slices.Equal(st.Source, rules[0].Source) {
			found = true
		}
	}
	if !found {
		t.Errorf("statements %+v do not hold the rules' %+v", sts, rules[0])
	}
}

func TestSubtract(t *testing.T) {
	r := func(s, e int) text.Range { return text.Range{Start: s, End: e} }
	tests := []struct {
		rs   []text.Range
		cut  text.Range
		want []text.Range
	}{
		{[]text.Range{r(0, 10)}, r(12, 15), []text.Range{r(0, 10)}},
		{[]text.Range{r(0, 10)}, r(8, 15), []text.Range{r(0, 8)}},
		{[]text.Range{r(0, 10)}, r(0, 3), []text.Range{r(3, 10)}},
		{[]text.Range{r(0, 10)}, r(4, 6), []text.Range{r(0, 4), r(6, 10)}},
		{[]text.Range{r(0, 10), r(12, 20)}, r(0, 20), nil},
	}
	for _, tt := range tests {
		got := subtract(tt.rs, tt.cut)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("subtract(%v, %v) = %v, want %v", tt.rs, tt.cut, got, tt.want)
		}
	}
}

// TestAdoptsLayout checks that the statements the layout makes (bylines
// under quotations, transcript turns) come out whatever the cue tagger
// finds, and only once.
func TestAdoptsLayout(t *testing.T) {
	x := *tiny(t)
	x.cue = learn.NewModel(cueLabels, 12, 7) // finds no cue
	x.cue.Finish()
	x.cueBias = 0
	tests := []struct {
		src    string
		source string
	}{
		{"Readers wrote in.\n\n“The plan will fail. Nobody wants it.” ― Anna Berg\n“We need buses.” ― Tom Lind", "Anna Berg"},
		{"\"WALLACE: Let’s start with the news. What happened today?\n\n\"PENCE: Well, the budget passed.", "WALLACE"},
	}
	for _, tt := range tests {
		d := text.New(tt.src)
		sts := x.Extract(d)
		if len(sts) != 2 {
			t.Errorf("%q: %d statements, want 2", tt.src, len(sts))
			continue
		}
		for _, st := range sts {
			checkStatement(t, d, st, len(sts))
		}
		if len(sts[0].Source) == 0 || d.Slice(sts[0].Source[0]) != tt.source {
			t.Errorf("%q: first source %v, want %q", tt.src, sts[0].Source, tt.source)
		}
	}
	// The shipped model: the byline statements, not twice.
	data := models.Attrib()
	if data == nil {
		return
	}
	y, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	d := text.New(tests[0].src)
	if sts := y.Extract(d); len(sts) != 2 {
		t.Errorf("shipped model: %d statements, want 2", len(sts))
	}
}

// TestSplitAtRuleCues checks that a learned content running into a later
// sentence with a cue of the rules that the cue tagger missed ends before
// that sentence, which becomes the rules' statement.
func TestSplitAtRuleCues(t *testing.T) {
	d := text.New("The mayor called on the council to act. According to him, the bridge is unsafe.")
	cue := func(w string) text.Range {
		for i := range d.Tokens {
			if d.Form(i) == w {
				return text.Range{Start: i, End: i + 1}
			}
		}
		t.Fatalf("no token %q", w)
		return text.Range{}
	}
	rules := attrib.New().Extract(d)
	if len(rules) != 2 {
		t.Fatalf("the rules found %d statements; the test needs 2", len(rules))
	}
	p := newPrep(d, rules, nil, nil)
	called := cue("called")
	learned := []attrib.Statement{{
		Cue:     []text.Range{called},
		Content: []text.Range{{Start: called.End + 1, End: len(d.Tokens) - 1}},
		Parent:  -1,
	}}
	out := splitAtRuleCues(p, learned)
	if len(out) != 2 {
		t.Fatalf("%d statements, want 2: %+v", len(out), out)
	}
	if got := d.Slice(out[0].Content[len(out[0].Content)-1]); strings.Contains(got, "According") {
		t.Errorf("first content %q runs into the next statement", got)
	}
	if got := d.Slice(out[1].Cue[0]); got != "According to" {
		t.Errorf("second cue %q, want %q", got, "According to")
	}
}

// TestExtendQuotes checks that a quoted statement takes the second half of
// a quotation split by its cue, as the rules find it, unless another
// statement holds it.
func TestExtendQuotes(t *testing.T) {
	d := text.New("“We will rebuild the pier,” Lena Ortiz said, “and the ferries will come back.”")
	rules := attrib.New().Extract(d)
	if len(rules) != 1 || len(rules[0].Content) != 2 {
		t.Fatalf("the rules found %+v; the test needs one statement in two pieces", rules)
	}
	p := newPrep(d, rules, nil, nil)
	first, second := rules[0].Content[0], rules[0].Content[1]
	st := attrib.Statement{Cue: rules[0].Cue, Source: rules[0].Source,
		Content: []text.Range{first}, Kind: attrib.Direct, Parent: -1}

	out := []attrib.Statement{st}
	extendQuotes(p, out, []int{0})
	if !slices.Equal(out[0].Content, []text.Range{first, second}) {
		t.Errorf("content %v, want %v", out[0].Content, []text.Range{first, second})
	}

	other := attrib.Statement{Cue: []text.Range{{Start: second.Start, End: second.Start + 1}},
		Content: []text.Range{second}, Parent: -1}
	out = []attrib.Statement{st, other}
	out[0].Content = []text.Range{first}
	extendQuotes(p, out, []int{0, -1})
	if len(out[0].Content) != 1 {
		t.Errorf("content %v took a piece another statement holds", out[0].Content)
	}
}

// TestTrimAdjuncts checks that a content which is a noun phrase loses a
// trailing phrase naming the statement's medium, and that clauses and
// phrases followed by more of the content keep it.
func TestTrimAdjuncts(t *testing.T) {
	for _, tc := range []struct {
		name, text, cue, content string
		tags                     []string // Penn tags, one a token
		want                     string
	}{
		{
			name: "noun phrase, statement", text: "The mayor criticized the plan in a statement.",
			cue: "criticized", content: "the plan in a statement",
			tags: []string{"DT", "NN", "VBD", "DT", "NN", "IN", "DT", "NN", "."},
			want: "the plan",
		},
		{
			name: "noun phrase, comma and tweets", text: "Lena Ortiz attacked the council, in tweets on Friday.",
			cue: "attacked", content: "the council, in tweets on Friday",
			tags: []string{"NNP", "NNP", "VBD", "DT", "NN", ",", "IN", "NNS", "IN", "NNP", "."},
			want: "the council",
		},
		{
			name: "clause without that", text: "The mayor said the bridge is unsafe in an interview.",
			cue: "said", content: "the bridge is unsafe in an interview",
			tags: []string{"DT", "NN", "VBD", "DT", "NN", "VBZ", "JJ", "IN", "DT", "NN", "."},
			want: "the bridge is unsafe in an interview",
		},
		{
			name: "that clause", text: "The mayor noted that repairs stopped in a letter.",
			cue: "noted", content: "that repairs stopped in a letter",
			tags: []string{"DT", "NN", "VBD", "IN", "NNS", "VBD", "IN", "DT", "NN", "."},
			want: "that repairs stopped in a letter",
		},
		{
			name: "content goes on", text: "The mayor praised the story in a letter about the ferries.",
			cue: "praised", content: "the story in a letter about the ferries",
			tags: []string{"DT", "NN", "VBD", "DT", "NN", "IN", "DT", "NN", "IN", "DT", "NNS", "."},
			want: "the story in a letter about the ferries",
		},
		{
			name: "time phrase", text: "The mayor criticized the plan on Monday.",
			cue: "criticized", content: "the plan on Monday",
			tags: []string{"DT", "NN", "VBD", "DT", "NN", "IN", "NNP", "."},
			want: "the plan on Monday",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := text.New(tc.text)
			if len(d.Tokens) != len(tc.tags) {
				t.Fatalf("%d tokens, %d tags", len(d.Tokens), len(tc.tags))
			}
			find := func(s string) text.Range {
				for i := range d.Tokens {
					for j := i + 1; j <= len(d.Tokens); j++ {
						if d.Slice(text.Range{Start: i, End: j}) == s {
							return text.Range{Start: i, End: j}
						}
					}
				}
				t.Fatalf("no span %q", s)
				return text.Range{}
			}
			p := newPrep(d, nil, tc.tags, nil)
			out := []attrib.Statement{{Cue: []text.Range{find(tc.cue)}, Content: []text.Range{find(tc.content)},
				Kind: attrib.Indirect, Parent: -1}}
			trimAdjuncts(p, out)
			if got := d.Slice(out[0].Content[0]); got != tc.want {
				t.Errorf("content %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOnlyCircumstance checks which contents are only the circumstances of
// a statement (its time, occasion or medium), not what was said.
func TestOnlyCircumstance(t *testing.T) {
	for _, tc := range []struct {
		content string
		want    bool
	}{
		{"on Thursday", true},
		{"in his interview", true},
		{"in an interview on Saturday", true},
		{"after the debate", true},
		{"Friday", true},
		{"Friday night", true},
		{"on Twitter", true},
		{"debate preparation", false},
		{"in his interview, the deal is dead", false},
		{"that the deal is dead", false},
		{"the deal on Thursday", false},
		{"in trouble", false},
	} {
		d := text.New(tc.content)
		p := newPrep(d, nil, nil, nil)
		if got := onlyCircumstance(p, []text.Range{{Start: 0, End: len(d.Tokens)}}); got != tc.want {
			t.Errorf("onlyCircumstance(%q) = %v, want %v", tc.content, got, tc.want)
		}
	}
}
