package brat

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		ann  string
		want []Relation
	}{
		{
			name: "simple",
			ann: "T1\tSource 0 3\tBob\n" +
				"T2\tCue 4 8\tsaid\n" +
				"T3\tContent 9 20\tit will rain\n" +
				"T4\tAttribution 4 8\tsaid\n" +
				"E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
			want: []Relation{{ID: "E1", Trigger: "Attribution", Line: 5,
				Source: []Span{{0, 3}}, Cue: []Span{{4, 8}}, Content: []Span{{9, 20}}}},
		},
		{
			name: "forward references and no source",
			ann: "E1\tAttribution-no-source:T3 Content:T1 Cue:T2 \n" +
				"T1\tContent 10 20\tabcdefghij\n" +
				"T2\tCue 5 9\tsaid\n" +
				"T3\tAttribution-no-source 5 9\tsaid\n",
			want: []Relation{{ID: "E1", Trigger: "Attribution-no-source", Line: 1,
				Cue: []Span{{5, 9}}, Content: []Span{{10, 20}}}},
		},
		{
			name: "multi-line text with continuation starting with T",
			ann: "T1\tContent 0 5;10 30\tab.\n" +
				"\n" +
				"The rest of it\n" +
				"T2\tAttribution 6 9\tsay\n" +
				"E1\tAttribution:T2 Content:T1\n",
			want: []Relation{{ID: "E1", Trigger: "Attribution", Line: 5,
				Content: []Span{{0, 5}, {10, 30}}}},
		},
		{
			name: "Content2 merged and sorted",
			ann: "T1\tContent 50 60\tx\n" +
				"T2\tContent 10 20;25 30\ty\n" +
				"T3\tAttribution 40 44\tsaid\n" +
				"T4\tCue 40 44\tsaid\n" +
				"E1\tAttribution:T3 Cue:T4 Content:T1 Content2:T2\n",
			want: []Relation{{ID: "E1", Trigger: "Attribution", Line: 5,
				Cue: []Span{{40, 44}}, Content: []Span{{10, 20}, {25, 30}, {50, 60}}}},
		},
		{
			name: "notes and Discuss ignored",
			ann: "T1\tDiscuss 0 4\tnote\n" +
				"#1\tAnnotatorNotes T1\tis this one?\n" +
				"Or that one?\n" +
				"T2\tAttribution 5 9\tsaid\n" +
				"T3\tDiscard 10 12\tno\n" +
				"E1\tAttribution:T2 Content:T3\n" +
				"A1\tNegated E1\n",
			want: []Relation{{ID: "E1", Trigger: "Attribution", Line: 6}},
		},
		{
			name: "empty file",
			ann:  "",
			want: nil,
		},
		{
			name: "CRLF and no final newline",
			ann:  "T1\tCue 1 2\tx\r\nT2\tAttribution 1 2\tx\r\nE1\tAttribution:T2 Cue:T1",
			want: []Relation{{ID: "E1", Trigger: "Attribution", Line: 3, Cue: []Span{{1, 2}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Read(strings.NewReader(tt.ann))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if !reflect.DeepEqual(a.Relations, tt.want) {
				t.Errorf("relations\n got %+v\nwant %+v", a.Relations, tt.want)
			}
		})
	}
}

func TestReadText(t *testing.T) {
	ann := "T1\tContent 0 20\tfirst line\nThe second\nT2\tCue 21 25\tsaid\n"
	a, err := Read(strings.NewReader(ann))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.TextBounds) != 2 {
		t.Fatalf("got %d text-bounds, want 2", len(a.TextBounds))
	}
	if got, want := a.TextBounds[0].Text, "first line\nThe second"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if got := a.TextBounds[1].Line; got != 3 {
		t.Errorf("T2 line = %d, want 3", got)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		ann  string
		line int
		msg  string
	}{
		{"undefined trigger", "E1\tAttribution:T9\n", 1, "T9 is not defined"},
		{"undefined argument", "T1\tAttribution 0 1\tx\nE1\tAttribution:T1 Cue:T7\n", 2, "Cue:T7 is not defined"},
		{"bad offsets", "T1\tCue 4 x\tsaid\n", 1, "bad offsets"},
		{"reversed offsets", "T1\tCue 8 4\tsaid\n", 1, "bad offsets"},
		{"negative offsets", "T1\tCue -1 4\tsaid\n", 1, "bad offsets"},
		{"missing offsets", "T1\tCue\tsaid\n", 1, "want \"Type start end\""},
		{"bad argument", "T1\tCue 0 1\tx\nE1\tAttribution:T1 Cue\n", 2, "bad argument"},
		{"stray text", "hello\n", 1, "not a brat record"},
		{"stray text after event", "T1\tCue 0 1\tx\nE1\tAttribution:T1\noops\n", 3, "not a brat record"},
		{"duplicate T", "T1\tCue 0 1\tx\nT1\tCue 0 1\tx\n", 2, "duplicate id T1"},
		{"duplicate E", "T1\tAttribution 0 1\tx\nE1\tAttribution:T1\nE1\tAttribution:T1\n", 3, "duplicate id E1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.ann))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Read error = %v, want *Error", err)
			}
			if e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("error = %q, want line %d containing %q", err, tt.line, tt.msg)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add("T1\tSource 0 3\tBob\nT2\tCue 4 8\tsaid\nT3\tAttribution 4 8\tsaid\nE1\tAttribution:T3 Cue:T2 Source:T1\n")
	f.Add("E1\tAttribution-no-source:T2 Content:T1 \nT1\tContent 0 5;7 9\tab\n\nThe\nT2\tAttribution-no-source 1 2\tx\n")
	f.Add("#1\tAnnotatorNotes T1\tnote\nT1\tDiscuss 0 1\tx\n")
	f.Add("T1\tCue 0 99999999999999999999\tx\n")
	f.Fuzz(func(t *testing.T, ann string) {
		a, err := Read(strings.NewReader(ann))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Line < 1 {
				t.Fatalf("error %v is not an *Error with a line", err)
			}
			return
		}
		for _, r := range a.Relations {
			for _, role := range [][]Span{r.Source, r.Cue, r.Content} {
				for i, s := range role {
					if s.Start < 0 || s.End < s.Start {
						t.Fatalf("%s: bad span %v", r.ID, s)
					}
					if i > 0 && role[i-1].Start > s.Start {
						t.Fatalf("%s: pieces out of order %v", r.ID, role)
					}
				}
			}
		}
	})
}
