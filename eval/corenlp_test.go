package eval

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCorefLine(t *testing.T) {
	tests := []struct {
		name, line string
		wantDoc    string
		wantChains int
		wantErr    string
	}{
		{"ok", `{"doc": "a", "chains": [[{"representative": true, "sentence": 1, "start": 1, "end": 3, "head": 2, "text": "Anna Berg"}, {"representative": false, "sentence": 2, "start": 1, "end": 2, "head": 1, "text": "She"}]]}`, "a", 1, ""},
		{"no chains", `{"doc": "a", "chains": []}`, "a", 0, ""},
		{"not json", `{"doc": "a", "chains": [`, "", 0, "unexpected end"},
		{"no doc", `{"chains": []}`, "", 0, `no "doc"`},
		{"empty doc", `{"doc": "", "chains": []}`, "", 0, `no "doc"`},
		{"sentence 0", `{"doc": "a", "chains": [[{"sentence": 0, "start": 1, "end": 2, "head": 1}]]}`, "", 0, "chain 1, mention 1: bad position"},
		{"start 0", `{"doc": "a", "chains": [[{"sentence": 1, "start": 0, "end": 2, "head": 1}]]}`, "", 0, "bad position"},
		{"empty mention", `{"doc": "a", "chains": [[{"sentence": 1, "start": 2, "end": 2, "head": 2}]]}`, "", 0, "bad position"},
		{"head after end", `{"doc": "a", "chains": [[{"sentence": 1, "start": 1, "end": 2, "head": 1}], [{"sentence": 1, "start": 1, "end": 2, "head": 2}]]}`, "", 0, "chain 2, mention 1: bad position"},
		{"string number", `{"doc": "a", "chains": [[{"sentence": "1", "start": 1, "end": 2, "head": 1}]]}`, "", 0, "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, chains, err := ParseCorefLine([]byte(tt.line))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc != tt.wantDoc || len(chains) != tt.wantChains {
				t.Errorf("got doc %q with %d chains, want %q with %d", doc, len(chains), tt.wantDoc, tt.wantChains)
			}
		})
	}
}

// FuzzParseCorefLine checks that the parser never panics, that every
// mention it accepts has a valid position, and that what it accepts
// parses again to the same chains.
func FuzzParseCorefLine(f *testing.F) {
	f.Add([]byte(`{"doc": "a", "chains": [[{"representative": true, "sentence": 1, "start": 1, "end": 3, "head": 2, "text": "Anna Berg"}]]}`))
	f.Add([]byte(`{"doc": "a", "chains": [[{"sentence": 1, "start": 2, "end": 2, "head": 2}]]}`))
	f.Add([]byte(`{"doc": "b", "chains": null}`))
	f.Add([]byte(`{"doc": 1}`))
	f.Add([]byte("\xff\x00"))
	f.Fuzz(func(t *testing.T, line []byte) {
		doc, chains, err := ParseCorefLine(line)
		if err != nil {
			return
		}
		if doc == "" {
			t.Fatal("accepted a line without a doc name")
		}
		for _, c := range chains {
			for _, m := range c {
				if m.Sentence < 1 || m.Start < 1 || m.End <= m.Start || m.Head < m.Start || m.Head >= m.End {
					t.Fatalf("accepted a bad mention %+v", m)
				}
			}
		}
		again, err := json.Marshal(struct {
			Doc    string  `json:"doc"`
			Chains []Chain `json:"chains"`
		}{doc, chains})
		if err != nil {
			t.Fatal(err)
		}
		doc2, chains2, err := ParseCorefLine(again)
		if err != nil {
			t.Fatalf("re-encoded line %s: %v", again, err)
		}
		b1, _ := json.Marshal(chains)
		b2, _ := json.Marshal(chains2)
		if doc2 != doc || string(b1) != string(b2) {
			t.Fatalf("round trip changed %q %s into %q %s", doc, b1, doc2, b2)
		}
	})
}

func TestReadCoref(t *testing.T) {
	good := `{"doc": "a", "chains": [[{"sentence": 1, "start": 1, "end": 2, "head": 1, "text": "She"}]]}`
	tests := []struct {
		name, in string
		want     int // articles
		wantErr  string
	}{
		{"one", good + "\n", 1, ""},
		{"bom, blank lines, no final newline", "\uFEFF\n" + good + "\n\n" + strings.Replace(good, `"a"`, `"b"`, 1), 2, ""},
		{"crlf", good + "\r\n", 1, ""},
		{"bad second line", good + "\n{\n", 0, "line 2:"},
		{"twice", good + "\n" + good + "\n", 0, `line 2: article "a" given twice`},
		{"bad mention on line 3", good + "\n\n" + `{"doc": "c", "chains": [[{"sentence": 1, "start": 3, "end": 2, "head": 1}]]}`, 0, "line 3: chain 1, mention 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCoref(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("%d articles, want %d", len(got), tt.want)
			}
		})
	}
}

func TestLineReaderLimit(t *testing.T) {
	in := "short\n" + strings.Repeat("x", 100) + "\n"
	r := &lineReader{br: bufio.NewReaderSize(strings.NewReader(in), 16), max: 50}
	if l, err := r.next(); err != nil || string(l) != "short" {
		t.Fatalf("first line %q, %v", l, err)
	}
	if _, err := r.next(); err == nil || !strings.Contains(err.Error(), "line 2: longer than 50 bytes") {
		t.Fatalf("error %v, want line 2 too long", err)
	}
}

const miniConllu = `# newdoc id = a
# sent_id = a#1
1	Anna	Anna	_	NNP	_	2	compound	_	TokenRange=0:4|NER=PERSON
2	Berg	Berg	_	NNP	_	0	root	_	TokenRange=5:9|NER=PERSON

# sent_id = a#2
1	She	she	_	PRP	_	0	root	_	TokenRange=10:13|NER=O

# newdoc id = b
1	Hi	hi	_	UH	_	0	root	_	TokenRange=0:2
`

func TestReadTokens(t *testing.T) {
	got, err := ReadTokens(strings.NewReader(miniConllu))
	if err != nil {
		t.Fatal(err)
	}
	a := got["a"]
	if len(a) != 2 || len(a[0]) != 2 || len(a[1]) != 1 || len(got["b"]) != 1 {
		t.Fatalf("got %v, want a with sentences of 2 and 1 tokens, b with 1", got)
	}
	if want := (Token{Start: 5, End: 9, Tag: "NNP", NER: "PERSON", Head: 0}); a[0][1] != want {
		t.Errorf("a[0][1] = %+v, want %+v", a[0][1], want)
	}
	if got["b"][0][0].NER != "O" {
		t.Errorf("a token without NER has NER %q, want O", got["b"][0][0].NER)
	}

	bad := []struct{ name, in, wantErr string }{
		{"columns", "# newdoc id = a\n1\tA\tA\n", "line 2: 3 columns"},
		{"id", "# newdoc id = a\nx\tA\tA\t_\tNN\t_\t0\troot\t_\tTokenRange=0:1\n", `line 2: token id "x"`},
		{"sequence", "# newdoc id = a\n2\tA\tA\t_\tNN\t_\t0\troot\t_\tTokenRange=0:1\n", "line 2: token id 2, want 1"},
		{"range", "# newdoc id = a\n1\tA\tA\t_\tNN\t_\t0\troot\t_\tTokenRange=3:1\n", `line 2: bad TokenRange "3:1"`},
		{"head", "# newdoc id = a\n1\tA\tA\t_\tNN\t_\t-1\troot\t_\tTokenRange=0:1\n", `line 2: head "-1"`},
		{"head outside", "# newdoc id = a\n1\tA\tA\t_\tNN\t_\t0\troot\t_\tTokenRange=0:1\n2\tB\tB\t_\tNN\t_\t3\tdep\t_\tTokenRange=2:3\n\n", "line 3: head 3 beyond"},
		{"no range", "# newdoc id = a\n1\tA\tA\t_\tNN\t_\t0\troot\t_\tNER=O\n", "line 2: no TokenRange"},
		{"no doc", "1\tA\tA\t_\tNN\t_\t0\troot\t_\tTokenRange=0:1\n", "line 1: token before"},
		{"twice", "# newdoc id = a\n\n# newdoc id = a\n", `line 3: article "a" given twice`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTokens(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadCoreNLP(t *testing.T) {
	dir := t.TempDir()
	conllu := filepath.Join(dir, "x.conllu")
	coref := filepath.Join(dir, "x.coref.jsonl")
	write := func(name, s string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(conllu, miniConllu)
	write(coref, `{"doc": "a", "chains": [[{"representative": true, "sentence": 1, "start": 1, "end": 3, "head": 2, "text": "Anna Berg"}, {"sentence": 2, "start": 1, "end": 2, "head": 1, "text": "She"}]]}`+"\n")
	nlp, err := LoadCoreNLP(conllu, coref)
	if err != nil {
		t.Fatal(err)
	}
	if len(nlp.Chains["a"]) != 1 || len(nlp.Chains["a"][0]) != 2 {
		t.Errorf("chains %+v, want one chain of two mentions", nlp.Chains)
	}

	// A mention past the tokens of its sentence, and one in a sentence the
	// article does not have.
	for _, line := range []string{
		`{"doc": "a", "chains": [[{"sentence": 2, "start": 1, "end": 3, "head": 1, "text": "She x"}]]}`,
		`{"doc": "a", "chains": [[{"sentence": 3, "start": 1, "end": 2, "head": 1, "text": "x"}]]}`,
		`{"doc": "zz", "chains": [[{"sentence": 1, "start": 1, "end": 2, "head": 1, "text": "x"}]]}`,
	} {
		write(coref, line+"\n")
		if _, err := LoadCoreNLP(conllu, coref); err == nil || !strings.Contains(err.Error(), coref) {
			t.Errorf("%s: error %v, want one naming %s", line, err, coref)
		}
	}
	if _, err := LoadCoreNLP(filepath.Join(dir, "missing.conllu"), coref); err == nil {
		t.Error("a missing file gave no error")
	}
	write(coref, "{\n")
	if _, err := LoadCoreNLP(conllu, coref); err == nil || !strings.Contains(err.Error(), coref+": line 1:") {
		t.Errorf("error %v, want one naming the file and line 1", err)
	}
}

// TestDevCoreNLP loads PolNeAR dev's analyses and checks the counts of the
// data README: 83 analysed articles, 3,106 sentences, 74,125 tokens.
func TestDevCoreNLP(t *testing.T) {
	base := devBase(t)
	nlp, err := LoadCoreNLP(base+".conllu", base+".coref.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sents, toks := 0, 0
	for _, ss := range nlp.Sentences {
		sents += len(ss)
		for _, s := range ss {
			toks += len(s)
		}
	}
	if len(nlp.Sentences) != 83 || len(nlp.Chains) != 83 || sents != 3106 || toks != 74125 {
		t.Errorf("%d articles (%d with chains), %d sentences, %d tokens; want 83, 83, 3106, 74125",
			len(nlp.Sentences), len(nlp.Chains), sents, toks)
	}
}
