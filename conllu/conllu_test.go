package conllu

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/internal/testenv"
)

func TestReadSmall(t *testing.T) {
	data, err := os.ReadFile("testdata/small.conllu")
	if err != nil {
		t.Fatal(err)
	}
	ss, err := ReadAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 {
		t.Fatalf("got %d sentences, want 2", len(ss))
	}
	s := ss[0]
	if s.DocID != "doc1" || s.SentID != "doc1-1" || s.Text != "I don't know." {
		t.Errorf("ids: got %q %q %q", s.DocID, s.SentID, s.Text)
	}
	if len(s.Words) != 5 || s.Words[2].Form != "n't" || s.Words[2].Lemma != "not" || s.Words[2].Head != 4 {
		t.Errorf("words: %+v", s.Words)
	}
	if want := []Multiword{{First: 2, Last: 3, Form: "don't", Misc: "_"}}; !reflect.DeepEqual(s.Multiwords, want) {
		t.Errorf("multiwords: got %+v, want %+v", s.Multiwords, want)
	}
	if len(s.Empty) != 1 || s.Empty[0].Major != 4 || s.Empty[0].Minor != 1 || s.Empty[0].Misc != "CopyOf=4" {
		t.Errorf("empty nodes: %+v", s.Empty)
	}
	if ss[1].DocID != "doc1" || ss[1].SentID != "doc1-2" {
		t.Errorf("second sentence ids: %q %q", ss[1].DocID, ss[1].SentID)
	}
	wantSpace := []bool{true, false, true, false, true}
	for i, w := range wantSpace {
		if got := s.SpaceAfter(i); got != w {
			t.Errorf("SpaceAfter(%d) = %v, want %v", i, got, w)
		}
	}
	var buf bytes.Buffer
	for _, s := range ss {
		if err := Write(&buf, s); err != nil {
			t.Fatal(err)
		}
	}
	if buf.String() != string(data) {
		t.Errorf("round trip differs:\n%s\nwant:\n%s", buf.String(), data)
	}
}

func TestReadErrors(t *testing.T) {
	w := "\tx\tx\tX\tX\t_\t0\troot\t_\t_\n"
	tests := []struct {
		name, in, msg string
		line          int
	}{
		{"columns", "1\tx\tx\n", "3 columns", 1},
		{"too many", "1\tx\tx\tX\tX\t_\t0\troot\t_\t_\textra\n", "more than 10", 1},
		{"empty column", "1\t\tx\tX\tX\t_\t0\troot\t_\t_\n", "column 2 is empty", 1},
		{"id order", "# c\n1" + w + "3" + w, "word id 3, want 2", 3},
		{"bad id", "x" + w, "bad word id", 1},
		{"bad head", "1\tx\tx\tX\tX\t_\t-1\troot\t_\t_\n", "bad head", 1},
		{"head beyond", "1\tx\tx\tX\tX\t_\t5\troot\t_\t_\n\n", "head 5 beyond", 2},
		{"multiword", "2-1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n", "bad multiword", 1},
		{"multiword beyond", "1-2\tx\t_\t_\t_\t_\t_\t_\t_\t_\n1" + w, "beyond 1 words", 2},
		{"empty node", "1" + w + "1.2\tx\tx\tX\tX\t_\t_\t_\t_\t_\n", "out of sequence", 2},
		{"empty node place", "1" + w + "2.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n", "not after word", 2},
		{"comment inside", "1" + w + "# c\n", "comment inside", 2},
		{"no words", "# c\n\n", "no words", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadAll(strings.NewReader(tt.in))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got error %v, want *Error", err)
			}
			if e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("got %q, want line %d containing %q", err, tt.line, tt.msg)
			}
		})
	}
}

func TestReadCRLFAndBOM(t *testing.T) {
	in := "\uFEFF# sent_id = a\r\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\r\n"
	r := NewReader(strings.NewReader(in))
	s, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if s.SentID != "a" || s.Words[0].Form != "Hi" || s.Words[0].Misc != "_" {
		t.Errorf("got %+v", s)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("second Read: got %v, want io.EOF", err)
	}
}

func TestMiscValue(t *testing.T) {
	tests := []struct {
		misc, key, val string
		ok             bool
	}{
		{"SpaceAfter=No|TokenRange=3:5", "TokenRange", "3:5", true},
		{"SpaceAfter=No", "SpaceAfter", "No", true},
		{"_", "SpaceAfter", "", false},
		{"A=1|B", "B", "", false},
	}
	for _, tt := range tests {
		v, ok := MiscValue(tt.misc, tt.key)
		if v != tt.val || ok != tt.ok {
			t.Errorf("MiscValue(%q, %q) = %q, %v; want %q, %v", tt.misc, tt.key, v, ok, tt.val, tt.ok)
		}
	}
}

// TestReadEWT reads the shared UD English EWT dev file and checks its
// counts against the data README.
func TestReadEWT(t *testing.T) {
	ss, err := ReadFile(testenv.DataDir(t, "ud-ewt", "en_ewt-ud-dev.conllu"))
	if err != nil {
		t.Fatal(err)
	}
	words := 0
	for _, s := range ss {
		words += len(s.Words)
	}
	if len(ss) != 2001 || words != 25147 {
		t.Errorf("got %d sentences, %d words; want 2001, 25147", len(ss), words)
	}
}

// FuzzRead checks that reading never panics and that whatever reads
// without error writes back to text that reads to the same sentences.
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile("testdata/small.conllu"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n"))
	f.Add([]byte("# newdoc\n0.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ss, err := ReadAll(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		for _, s := range ss {
			if err := Write(&buf, s); err != nil {
				t.Fatal(err)
			}
		}
		again, err := ReadAll(&buf)
		if err != nil {
			t.Fatalf("rereading written output: %v\n%s", err, buf.String())
		}
		if len(again) != len(ss) {
			t.Fatalf("got %d sentences back, want %d", len(again), len(ss))
		}
		for i := range ss {
			a, b := *ss[i], *again[i]
			a.Line, b.Line = 0, 0
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("sentence %d differs after round trip:\n%+v\n%+v", i, a, b)
			}
		}
	})
}
