package ner

import (
	"strings"
	"testing"
)

func TestTrimPersons(t *testing.T) {
	tests := []struct {
		words string
		in    []Entity
		want  []Entity
	}{
		{"Maybe Orsk said so", []Entity{{0, 2, PER}}, []Entity{{1, 2, PER}}},
		{"Wednesday Dale Orsk left", []Entity{{0, 3, PER}}, []Entity{{1, 3, PER}}},
		{"Orsk 's plan", []Entity{{0, 2, PER}}, []Entity{{0, 1, PER}}},
		{"Maybe", []Entity{{0, 1, PER}}, []Entity{}},
		{"Wednesday Acme", []Entity{{0, 2, ORG}}, []Entity{{0, 2, ORG}}}, // only persons
		{"Mr. Orsk", []Entity{{0, 2, PER}}, []Entity{{0, 2, PER}}},       // CoreNLP keeps honorifics
	}
	for _, tt := range tests {
		keep := []Entity{{9, 10, LOC}} // dst[:from] is left alone
		got := trimPersons(strings.Fields(tt.words), append(keep, tt.in...), 1)
		if got[0] != keep[0] || len(got)-1 != len(tt.want) {
			t.Errorf("%q: %v, want %v after %v", tt.words, got, tt.want, keep)
			continue
		}
		for i, e := range tt.want {
			if got[i+1] != e {
				t.Errorf("%q: %v, want %v", tt.words, got[1:], tt.want)
			}
		}
	}
}
