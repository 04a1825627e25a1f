package ner

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func fixture(t testing.TB) []Sentence {
	t.Helper()
	sents, err := ReadIOB2File("testdata/train.iob2")
	if err != nil {
		t.Fatal(err)
	}
	return sents
}

// trainFixture trains a small tagger on the fixture; MinCount 1 lets the
// fixture's words into the lexicon.
func trainFixture(t testing.TB) *Tagger {
	t.Helper()
	tg, err := Train(fixture(t), TrainOptions{Epochs: 8, Bits: 14, MinCount: 1, LowerShare: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestTrainFixture(t *testing.T) {
	tg := trainFixture(t)
	tests := []struct {
		words string
		want  []Entity
	}{
		// Sentences of the fixture: a trained tagger must reproduce them.
		{"Mayor Ada Brennick visited Lorvale on Monday .", []Entity{{1, 3, PER}, {4, 5, LOC}}},
		{"Officials at Quintar Bank declined to comment .", []Entity{{2, 4, ORG}}},
		{"He said the economy is growing .", nil},
		// New combinations of known names.
		{"Olek Farrow visited Tessaly .", []Entity{{0, 2, PER}, {3, 4, LOC}}},
	}
	for _, tt := range tests {
		got := tg.Tag(strings.Fields(tt.words), nil)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tag(%q) = %v, want %v", tt.words, got, tt.want)
		}
	}
	if got := tg.Tag(nil, nil); got != nil {
		t.Errorf("Tag(nil) = %v, want nil", got)
	}
}

func TestTrainDeterministic(t *testing.T) {
	a, err := trainFixture(t).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, err := trainFixture(t).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two trainings on the same data gave different models")
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, TrainOptions{}); err == nil {
		t.Error("Train(nil) gave no error")
	}
	if _, err := Train(fixture(t), TrainOptions{Types: []Type{None}}); err == nil {
		t.Error("Train with type None gave no error")
	}
	if _, err := Train(fixture(t), TrainOptions{Bits: 40}); err == nil {
		t.Error("Train with 40 bits gave no error")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	tg := trainFixture(t)
	data, err := tg.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range fixture(t) {
		a, b := tg.Tag(s.Words, nil), back.Tag(s.Words, nil)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%v: before marshalling %v, after %v", s.Words, a, b)
		}
	}
	if got, want := back.Types(), []Type{PER, ORG, LOC, MISC}; !reflect.DeepEqual(got, want) {
		t.Errorf("Types() = %v, want %v", got, want)
	}
}

func TestLoadCorrupt(t *testing.T) {
	data, err := trainFixture(t).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":     nil,
		"magic":     append([]byte("XXXX"), data[4:]...),
		"truncated": data[:len(data)/2],
		"header":    data[:14],
	}
	flipped := bytes.Clone(data)
	flipped[len(flipped)/2] ^= 0x55
	cases["flipped"] = flipped
	fp := bytes.Clone(data)
	fp[7] ^= 1
	cases["fingerprint"] = fp
	for name, b := range cases {
		if _, err := Load(b); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: Load error %v, want ErrFormat", name, err)
		}
	}
}

func TestParseIOB(t *testing.T) {
	tests := []struct {
		tags []string
		want []Entity
	}{
		{[]string{"O", "B-PER", "I-PER", "O"}, []Entity{{1, 3, PER}}},
		{[]string{"B-LOC", "B-LOC"}, []Entity{{0, 1, LOC}, {1, 2, LOC}}},
		// I- without B- starts a name (conlleval).
		{[]string{"I-ORG", "I-ORG", "I-LOC"}, []Entity{{0, 2, ORG}, {2, 3, LOC}}},
		{[]string{"B-PER", "I-ORG"}, []Entity{{0, 1, PER}, {1, 2, ORG}}},
		// BILOU.
		{[]string{"U-PER", "B-ORG", "L-ORG", "I-ORG"}, []Entity{{0, 1, PER}, {1, 3, ORG}, {3, 4, ORG}}},
		// Unknown types and junk are outside names.
		{[]string{"B-DATE", "I-DATE", "X", "B-MISC"}, []Entity{{3, 4, MISC}}},
		{nil, nil},
	}
	for _, tt := range tests {
		if got := ParseIOB(tt.tags, nil); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseIOB(%v) = %v, want %v", tt.tags, got, tt.want)
		}
	}
}

func TestIOB2(t *testing.T) {
	tags := make([]string, 5)
	IOB2([]Entity{{0, 2, PER}, {3, 4, LOC}, {4, 9, ORG}, {2, 1, ORG}}, tags, 5)
	want := []string{"B-PER", "I-PER", "O", "B-LOC", "O"}
	if !reflect.DeepEqual(tags, want) {
		t.Errorf("IOB2 = %v, want %v", tags, want)
	}
	// IOB2 and ParseIOB are inverses on valid names.
	ents := []Entity{{0, 1, ORG}, {1, 3, MISC}}
	tags = make([]string, 4)
	IOB2(ents, tags, 4)
	if got := ParseIOB(tags, nil); !reflect.DeepEqual(got, ents) {
		t.Errorf("ParseIOB(IOB2(%v)) = %v", ents, got)
	}
}

func TestScores(t *testing.T) {
	s := Scores{Types: []Type{PER, ORG, LOC}}
	gold := []Entity{{0, 2, PER}, {3, 4, LOC}, {5, 6, ORG}, {7, 8, MISC}}
	pred := []Entity{{0, 2, PER}, {3, 4, ORG}, {5, 7, ORG}, {7, 8, MISC}}
	s.Add(gold, pred)
	want := [numTypes]Counts{PER: {TP: 1}, ORG: {FP: 2, FN: 1}, LOC: {FN: 1}}
	if s.ByType != want {
		t.Errorf("ByType = %v, want %v", s.ByType, want)
	}
	tot := s.Total()
	if tot != (Counts{TP: 1, FP: 2, FN: 2}) {
		t.Errorf("Total = %v", tot)
	}
	if f := tot.F1(); f < 0.3333 || f > 0.3334 {
		t.Errorf("F1 = %v, want 1/3", f)
	}
	if (Counts{}).F1() != 0 || (Counts{}).Precision() != 0 {
		t.Error("empty counts do not give 0")
	}
	if !strings.Contains(s.String(), "all   P 0.3333 R 0.3333 F1 0.3333") {
		t.Errorf("String() = %q", s.String())
	}
}

func TestReadIOB2Errors(t *testing.T) {
	tests := []string{
		"1\tword\n",
		"1\tword\tB_PER\n",
	}
	for _, in := range tests {
		if _, err := ReadIOB2(strings.NewReader(in), "x.iob2"); err == nil || !strings.Contains(err.Error(), "x.iob2: line 1") {
			t.Errorf("ReadIOB2(%q) error %v, want one naming x.iob2: line 1", in, err)
		}
	}
	got, err := ReadIOB2(strings.NewReader("# c\n1\tA\tB-PER\r\n\n\n1\tb\tO\n"), "x")
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{{Words: []string{"A"}, Entities: []Entity{{0, 1, PER}}}, {Words: []string{"b"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadIOB2 = %v, want %v", got, want)
	}
}

func TestReadCoreNLP(t *testing.T) {
	got, err := ReadCoreNLP("testdata/corenlp/mini.conllu", "testdata/corenlp/text")
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{{
		Words:    []string{"“", "Ada", "Brennick", "”", "won", "in", "Lorvale", "."},
		Entities: []Entity{{1, 3, PER}, {6, 7, LOC}},
		Doc:      "mini",
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadCoreNLP = %v, want %v", got, want)
	}
	if _, err := ReadCoreNLP("testdata/corenlp/mini.conllu", "testdata/nowhere"); err == nil {
		t.Error("missing text directory gave no error")
	}
}

func TestTagOddInput(t *testing.T) {
	tg := trainFixture(t)
	inputs := [][]string{
		{""},
		{"\xff\xfe", "\x00", ""},
		{strings.Repeat("Ab", 500)},
		{"Ünïcödé", "名前", "😀", "İstanbul"},
	}
	for _, words := range inputs {
		for _, e := range tg.Tag(words, nil) {
			if e.Start < 0 || e.End > len(words) || e.Start >= e.End || e.Type == None {
				t.Errorf("Tag(%q) gave bad name %v", words, e)
			}
		}
	}
}

func FuzzReadIOB2(f *testing.F) {
	b, err := os.ReadFile("testdata/train.iob2")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add("1\tA\tI-PER\n2\tB\tB-LOC\n\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := ReadIOB2(strings.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		for _, s := range sents {
			end := 0
			for _, e := range s.Entities {
				if e.Start < end || e.End > len(s.Words) || e.Start >= e.End || e.Type == None {
					t.Fatalf("bad or overlapping name %v in %q", e, s.Words)
				}
				end = e.End
			}
			// Writing the names back as tags and reading them gives the same names.
			tags := make([]string, len(s.Words))
			IOB2(s.Entities, tags, len(s.Words))
			if got := ParseIOB(tags, nil); !reflect.DeepEqual(got, s.Entities) && !(len(got) == 0 && len(s.Entities) == 0) {
				t.Fatalf("round trip: %v became %v", s.Entities, got)
			}
		}
	})
}

func FuzzLoad(f *testing.F) {
	data, err := trainFixture(f).MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:20])
	f.Add([]byte("WSNE"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tg, err := Load(b)
		if err != nil {
			return
		}
		tg.Tag([]string{"Ada", "Brennick", "visited", "Lorvale", "."}, nil)
	})
}

func TestReadIOB2Docs(t *testing.T) {
	in := "# newdoc id = a\n1\tX\tO\n\n1\tY\tO\n\n# newdoc id = b\n1\tZ\tO\n"
	got, err := ReadIOB2(strings.NewReader(in), "docs")
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, s := range got {
		docs = append(docs, s.Doc)
	}
	if want := []string{"a", "a", "b"}; !reflect.DeepEqual(docs, want) {
		t.Errorf("docs = %v, want %v", docs, want)
	}
}

func TestShapeAndLow(t *testing.T) {
	tests := []struct{ in, shape, low string }{
		{"Washington", "Xxx", "washington"},
		{"McCain", "XxXxx", "mccain"},
		{"9/11", "d/dd", "0/00"},
		{"U.S.", "X.X.", "u.s."},
		{"Ünïcödé", "Xxx", "ünïcödé"},
		{"名前", "xx", "名前"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := string(appendShape(nil, tt.in)); got != tt.shape {
			t.Errorf("shape(%q) = %q, want %q", tt.in, got, tt.shape)
		}
		if got := string(appendLow(nil, tt.in)); got != tt.low {
			t.Errorf("low(%q) = %q, want %q", tt.in, got, tt.low)
		}
	}
}

func TestLexicon(t *testing.T) {
	var sents [][]string
	for range 5 {
		sents = append(sents,
			strings.Fields("the mayor of Lorvale spoke to the board"),
			strings.Fields("we saw the Board and the mayor in Tessaly"))
	}
	lex := buildLexicon(sents, lexiconOptions{minCount: 2, maxWords: 100, contexts: 10})
	tests := []struct {
		word string
		caps uint8
	}{
		{"lorvale", 4}, {"the", 1}, {"board", 3}, {"mayor", 1},
	}
	for _, tt := range tests {
		e := lex.lookup([]byte(tt.word))
		if !e.known || e.caps != tt.caps {
			t.Errorf("lookup(%q) = %+v, want known with caps %d", tt.word, e, tt.caps)
		}
	}
	if e := lex.lookup([]byte("absent")); e.known {
		t.Errorf("lookup(absent) = %+v", e)
	}
	// Encoding and decoding give the same entries.
	back, rest, err := decodeLexicon(lex.appendBinary(nil))
	if err != nil || len(rest) != 0 {
		t.Fatalf("decodeLexicon: %v, %d bytes left", err, len(rest))
	}
	if !reflect.DeepEqual(back.words, lex.words) || !reflect.DeepEqual(back.ents, lex.ents) {
		t.Error("lexicon changed in a round trip")
	}
}
