package eval

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

func TestReadPredictions(t *testing.T) {
	tests := []struct {
		name  string
		jsonl string
		want  map[string][]Statement
	}{
		{
			name:  "README example",
			jsonl: `{"doc": "NAME", "statements": [{"content": {"spans": [[115, 290]]}, "cue": {"spans": [[107, 114]]}, "source": {"start": 89, "end": 106}}]}`,
			want:  map[string][]Statement{"NAME": {{Content: [][2]int{{115, 290}}, Cue: [][2]int{{107, 114}}, Source: [][2]int{{89, 106}}}}},
		},
		{
			name:  "path as doc, discontinuous span, missing roles",
			jsonl: `{"doc": "polnear/dev/text/a-b_c.txt", "statements": [{"content": {"spans": [[1, 5], [9, 12]], "text": "x"}}, {}]}`,
			want:  map[string][]Statement{"a-b_c": {{Content: [][2]int{{1, 5}, {9, 12}}}, {}}},
		},
		{
			name:  "whosaid output: speaker object ignored, source used",
			jsonl: `{"doc": "aleppo", "statements": [{"id": "s2", "kind": "direct", "cue": {"spans": [[520, 524]], "text": "said"}, "source": {"spans": [[525, 530]], "text": "Pauer"}, "content": {"spans": [[349, 515]], "text": "What"}, "speaker": {"id": "e1", "name": "Power"}, "parent": null}], "speakers": [{"id": "e1", "mentions": [[1, 2]]}]}`,
			want:  map[string][]Statement{"aleppo": {{Source: [][2]int{{525, 530}}, Cue: [][2]int{{520, 524}}, Content: [][2]int{{349, 515}}}}},
		},
		{
			name:  "quote and speaker_span",
			jsonl: `{"doc": "d", "statements": [{"quote": {"start": 10, "end": 20}, "speaker_span": {"start": 0, "end": 3}}]}`,
			want:  map[string][]Statement{"d": {{Content: [][2]int{{10, 20}}, Source: [][2]int{{0, 3}}}}},
		},
		{
			name:  "speaker given as a span",
			jsonl: `{"doc": "d", "statements": [{"speaker": {"start": 0, "end": 3}, "cue": [[4, 8]]}]}`,
			want:  map[string][]Statement{"d": {{Source: [][2]int{{0, 3}}, Cue: [][2]int{{4, 8}}}}},
		},
		{
			name:  "source wins over speaker span; null content falls back to quote",
			jsonl: `{"doc": "d", "statements": [{"source": {"start": 1, "end": 2}, "speaker": {"start": 5, "end": 6}, "content": null, "quote": {"start": 7, "end": 9}}]}`,
			want:  map[string][]Statement{"d": {{Source: [][2]int{{1, 2}}, Content: [][2]int{{7, 9}}}}},
		},
		{
			name:  "error document, blank lines, repeated doc, id instead of doc",
			jsonl: "{\"doc\": \"e\", \"error\": \"unreadable\"}\n\n{\"doc\": \"d\", \"statements\": [{\"cue\": {\"start\": 1, \"end\": 2}}]}\n{\"doc\": \"d\", \"statements\": [{\"cue\": {\"start\": 3, \"end\": 4}}]}\n{\"id\": \"f.txt\", \"statements\": []}\n",
			want:  map[string][]Statement{"e": nil, "d": {{Cue: [][2]int{{1, 2}}}, {Cue: [][2]int{{3, 4}}}}, "f": {}},
		},
		{name: "empty input", jsonl: "", want: map[string][]Statement{}},
		{name: "byte order mark", jsonl: "\uFEFF{\"doc\": \"d\"}\n", want: map[string][]Statement{"d": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadPredictions(strings.NewReader(tt.jsonl))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d docs %v, want %d", len(got), got, len(tt.want))
			}
			for k, w := range tt.want {
				g, ok := got[k]
				if !ok || len(g) != len(w) || (len(w) > 0 && !reflect.DeepEqual(g, w)) {
					t.Errorf("doc %q: got %+v, want %+v", k, g, w)
				}
			}
		})
	}
}

func TestReadPredictionsErrors(t *testing.T) {
	tests := []struct {
		name, jsonl, want string
	}{
		{"not JSON", "{\"doc\": \"a\"}\n{oops\n", "line 2:"},
		{"no doc", `{"statements": []}`, `line 1: no "doc"`},
		{"span not an object", `{"doc": "a", "statements": [{"cue": 5}]}`, "line 1: statement 1: cue: want an object or an array"},
		{"object without spans", "\n" + `{"doc": "a", "statements": [{}, {"content": {"text": "x"}}]}`, "line 2: statement 2: content: not a span"},
		{"bad pieces", `{"doc": "a", "statements": [{"content": {"spans": [[1, "x"]]}}]}`, "line 1: statement 1: content:"},
		{"doc not a string", `{"doc": 7}`, "line 1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPredictions(strings.NewReader(tt.jsonl))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestDocName(t *testing.T) {
	for in, want := range map[string]string{
		"abc": "abc", "abc.txt": "abc", "a/b/c.txt": "c", `C:\x\y.txt`: "y", "a.txt.txt": "a.txt", "": "",
	} {
		if got := DocName(in); got != want {
			t.Errorf("DocName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFromOutput(t *testing.T) {
	d := output.Document{
		Doc: "dir/art.txt",
		Statements: []output.Statement{
			{ID: "s1", Cue: &output.Span{Spans: [][2]int{{4, 8}}, Text: "said"},
				Source:  &output.Span{Spans: [][2]int{{0, 3}}},
				Content: &output.Span{Spans: [][2]int{{9, 12}, {20, 25}}},
				Speaker: &output.SpeakerRef{ID: "e1", Name: "Bob"}},
			{ID: "s2", Content: &output.Span{Spans: [][2]int{{30, 40}}}},
		},
	}
	want := []Statement{
		{Source: [][2]int{{0, 3}}, Cue: [][2]int{{4, 8}}, Content: [][2]int{{9, 12}, {20, 25}}},
		{Content: [][2]int{{30, 40}}},
	}
	if got := FromOutput(d); !reflect.DeepEqual(got, want) {
		t.Errorf("FromOutput = %+v, want %+v", got, want)
	}
	// The same through JSON gives the same statements.
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	viaJSON, err := ReadPredictions(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if got := viaJSON["art"]; !reflect.DeepEqual(got, want) {
		t.Errorf("via JSON = %+v, want %+v", got, want)
	}
	if m := FromOutputs([]output.Document{d, {Doc: "bad", Error: "x"}}); len(m) != 2 || len(m["art"]) != 2 || len(m["bad"]) != 0 {
		t.Errorf("FromOutputs = %+v", m)
	}
}

func FuzzReadPredictions(f *testing.F) {
	f.Add(`{"doc": "a", "statements": [{"content": {"spans": [[1, 5]]}, "cue": {"start": 0, "end": 1}, "speaker": {"id": "e1"}}]}`)
	f.Add("{\"doc\": \"x/y.txt\", \"statements\": [{\"quote\": [[2, 1]], \"speaker_span\": null}]}\n\n{\"doc\": \"z\"}")
	f.Add(`{"doc": "a", "statements": [{"content": {"spans": [[-4, 99999999]]}}]}`)
	f.Fuzz(func(t *testing.T, jsonl string) {
		pred, err := ReadPredictions(strings.NewReader(jsonl))
		if err != nil {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error %q names no line", err)
			}
			return
		}
		// Whatever was read can be scored without panicking.
		c, err := NewCorpus(Doc{Name: "a", Text: "said Bob: “it is fine”", Gold: []Statement{{Content: [][2]int{{11, 21}}}}})
		if err != nil {
			t.Fatal(err)
		}
		r := Score(c, pred)
		for _, f := range []PRF{r.Token.Content, r.Statement, r.FullExact} {
			if f.Matched > f.Gold || f.Matched > f.Pred || f.F1 < 0 || f.F1 > 1 {
				t.Fatalf("impossible figure %+v", f)
			}
		}
	})
}
