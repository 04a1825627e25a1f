package output

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestOffsetsRoundTrip(t *testing.T) {
	tests := []string{
		"",
		"plain ascii",
		"“Quote,” — said O’brien.",
		"emoji 😀 four bytes, é combining e\u0301, NBSP\u00a0here\r\n",
		"bad \xff byte \xe2\x80 cut",
	}
	for _, text := range tests {
		o := NewOffsets(text)
		cp := 0
		for b := 0; b <= len(text); {
			if got := o.CodePoint(b); got != cp {
				t.Errorf("%q: CodePoint(%d) = %d, want %d", text, b, got, cp)
			}
			if got := o.Byte(cp); got != b {
				t.Errorf("%q: Byte(%d) = %d, want %d", text, cp, got, b)
			}
			if b == len(text) {
				break
			}
			_, size := utf8.DecodeRuneInString(text[b:])
			// Offsets inside a rune map to its start.
			for i := 1; i < size; i++ {
				if got := o.CodePoint(b + i); got != cp {
					t.Errorf("%q: CodePoint(%d) inside rune = %d, want %d", text, b+i, got, cp)
				}
			}
			b += size
			cp++
		}
		if o.Len() != utf8.RuneCountInString(text) {
			t.Errorf("%q: Len = %d, want %d", text, o.Len(), utf8.RuneCountInString(text))
		}
	}
}

func TestDocumentJSON(t *testing.T) {
	tests := []struct {
		doc  Document
		want string
	}{
		{Document{Doc: "a"}, `{"doc":"a","statements":[],"speakers":[]}`},
		{Document{Doc: "b", Error: "b: not valid UTF-8", Statements: []Statement{{ID: "s1"}}},
			`{"doc":"b","error":"b: not valid UTF-8"}`},
		{Document{Doc: "c", Meta: map[string]json.RawMessage{"date": json.RawMessage(`"2016-09-29"`)}},
			`{"doc":"c","meta":{"date":"2016-09-29"},"statements":[],"speakers":[]}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(b); got != tt.want {
			t.Errorf("Marshal(%+v) = %s, want %s", tt.doc, got, tt.want)
		}
	}
	// A statement with absent roles writes them as null.
	b, _ := json.Marshal(Statement{ID: "s1", Kind: Direct})
	if !strings.Contains(string(b), `"source":null`) || !strings.Contains(string(b), `"parent":null`) {
		t.Errorf("absent roles not null: %s", b)
	}
}
