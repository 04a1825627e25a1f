package people

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// The people of these lists are invented; so are their ids.

func TestRead(t *testing.T) {
	dana := Person{ID: "X1", Name: "Dana Holm", Variants: []string{"Holm", "Dana J. Holm"}, Gender: "female", Party: "Harbor", Role: "Mayor of Port Vell"}
	ivo := Person{ID: "X2", Name: "Ivo Vell"}
	tests := []struct {
		name, file, in string
		f              Format
		want           []Person
	}{
		{"csv", "l.csv", "id,name,variants,gender,party,role\nX1,Dana Holm,Holm|Dana J. Holm,female,Harbor,Mayor of Port Vell\nX2,Ivo Vell,,,,\n", Sniff,
			[]Person{dana, ivo}},
		{"csv columns in any order, only id and name", "l.csv", "Name, ID\nIvo Vell,X2\n", Sniff, []Person{ivo}},
		{"csv quoted comma", "l.csv", "id,name,role\nX2,Ivo Vell,\"Chair, Port Board\"\n", Sniff,
			[]Person{{ID: "X2", Name: "Ivo Vell", Role: "Chair, Port Board"}}},
		{"BOM and CRLF", "l.csv", "\uFEFFid,name\r\nX2,Ivo Vell\r\n", Sniff, []Person{ivo}},
		{"blank lines skipped", "l.csv", "\n\nid,name\n\nX2,Ivo Vell\n  \n", Sniff, []Person{ivo}},
		{"no final newline", "l.csv", "id,name\nX2,Ivo Vell", Sniff, []Person{ivo}},
		{"spaces trimmed, repeated variants dropped", "l.csv", "id,name,variants\n X2 , Ivo Vell ,Ivo Vell| Vell |Vell\n", Sniff,
			[]Person{{ID: "X2", Name: "Ivo Vell", Variants: []string{"Vell"}}}},
		{"jsonl", "l.jsonl", `{"id":"X1","name":"Dana Holm","variants":["Holm","Dana J. Holm"],"gender":"female","party":"Harbor","role":"Mayor of Port Vell"}` + "\n" +
			`{"id":"X2","name":"Ivo Vell","gender":null}` + "\n", Sniff, []Person{dana, ivo}},
		{"jsonl sniffed", "people.txt", "\uFEFF{\"id\":\"X2\",\"name\":\"Ivo Vell\"}\r\n", Sniff, []Person{ivo}},
		{"csv sniffed", "people", "id,name\nX2,Ivo Vell\n", Sniff, []Person{ivo}},
		{"format given", "people", `{"id":"X2","name":"Ivo Vell"}`, JSONL, []Person{ivo}},
		{"names of other scripts", "l.csv", "id,name,variants\nX3,Ζωή Παππά,Παππά|Zoi Pappa\n", Sniff,
			[]Person{{ID: "X3", Name: "Ζωή Παππά", Variants: []string{"Παππά", "Zoi Pappa"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.in), tt.file, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	long := "id,name\nX1," + strings.Repeat("a", MaxLine) + "\n"
	tests := []struct {
		name, file, in string
		want           string // the whole message
	}{
		{"empty", "l.csv", "", "l.csv: empty list (no header and no person)"},
		{"header only", "l.csv", "id,name\n", "l.csv: no person in the list"},
		{"unknown columns", "l.csv", "id,name,age,Shoe\n", `l.csv: line 1: header: unknown column "age", "shoe" (the columns are id, name, variants, gender, party, role)`},
		{"no name column", "l.csv", "id,party\n", `l.csv: line 1: header: no column "name" (id and name are required)`},
		{"column twice", "l.csv", "id,name,ID\n", `l.csv: line 1: header: column "id" given twice`},
		{"empty name", "l.csv", "id,name\nX1,Dana Holm\nX2, \n", "l.csv: line 3: field name: empty (each person needs a name)"},
		{"empty id", "l.csv", "id,name\n,Dana Holm\n", "l.csv: line 2: field id: empty (each person needs an id)"},
		{"duplicate id", "l.csv", "id,name\nX1,Dana Holm\n\nX1,Ivo Vell\n", `l.csv: line 4: field id: "X1" already given on line 2`},
		{"bad gender", "l.csv", "id,name,gender\nX1,Dana Holm,F\n", `l.csv: line 2: field gender: "F" is not one of female, male, other, unknown (or empty)`},
		{"field count", "l.csv", "id,name\nX1,Dana Holm,x\n", "l.csv: line 2: 3 fields, the header has 2"},
		{"empty variant", "l.csv", "id,name,variants\nX1,Dana Holm,Holm||Dana\n", "l.csv: line 2: field variants: variant 2 is empty (variants are separated by '|')"},
		{"name without letter", "l.csv", "id,name\nX1,42\n", `l.csv: line 2: field name: "42" has no letter`},
		{"control character", "l.csv", "id,name\nX1,\"Dana\x00Holm\"\n", "l.csv: line 2: field name: control character U+0000 at byte 5"},
		{"open quote", "l.csv", "id,name\nX1,\"Dana Holm\n", `l.csv: line 2: column 14: extraneous or missing " in quoted-field (a quoted field ends on its line, its quotes doubled)`},
		{"invalid UTF-8", "l.csv", "id,name\nX1,Dana \xffHolm\n", "l.csv: line 2: not UTF-8 (byte 9)"},
		{"huge line", "l.csv", long, "l.csv: line 2: line longer than 65536 bytes"},
		{"huge field", "l.csv", "id,name\nX1," + strings.Repeat("a", MaxField+1) + "\n", "l.csv: line 2: field name: longer than 1000 bytes"},
		{"jsonl unknown field", "l.jsonl", `{"id":"X1","name":"Dana Holm","age":40}`, `l.jsonl: line 1: unknown field "age" (the fields are id, name, variants, gender, party, role)`},
		{"jsonl wrong type", "l.jsonl", `{"id":1,"name":"Dana Holm"}`, "l.jsonl: line 1: field id: a JSON number, want a string"},
		{"jsonl variants not a list", "l.jsonl", `{"id":"X1","name":"Dana Holm","variants":"Holm"}`, "l.jsonl: line 1: field variants: a JSON string, want an array of strings"},
		{"jsonl empty variant", "l.jsonl", `{"id":"X1","name":"Dana Holm","variants":["Holm",""]}`, "l.jsonl: line 1: field variants: variant 2 is empty"},
		{"jsonl not json", "l.jsonl", "{\"id\":\"X1\",\"name\":\"Dana Holm\"}\n{id: X2}\n", "l.jsonl: line 2: not a JSON object: invalid character 'i' looking for beginning of object key string"},
		{"jsonl two values", "l.jsonl", `{"id":"X1","name":"Dana Holm"} {}`, "l.jsonl: line 1: text after the JSON object"},
		{"jsonl no name", "l.jsonl", `{"id":"X1","name":null}`, "l.jsonl: line 1: field name: empty (each person needs a name)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.in), tt.file, Sniff)
			if err == nil {
				t.Fatalf("got %+v, want error %q", got, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n %q\nwant\n %q", err, tt.want)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *people.Error", err)
			}
		})
	}
	// A huge line is reported without reading it all into memory at once
	// beyond the bound: its error wraps ErrLineTooLong.
	_, err := Read(strings.NewReader(long), "l.csv", Sniff)
	if !errors.Is(err, ErrLineTooLong) {
		t.Errorf("huge line: %v does not wrap ErrLineTooLong", err)
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]Format{"a.csv": CSV, "A.CSV": CSV, "a.jsonl": JSONL, "a.ndjson": JSONL, "a.json": JSONL, "a.txt": Sniff, "a": Sniff} {
		if got := FormatOf(name); got != want {
			t.Errorf("FormatOf(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestReadFile(t *testing.T) {
	if _, err := ReadFile(filepath.Join(t.TempDir(), "none.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	got, err := ReadFile("testdata/people.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0].ID != "X1" {
		t.Errorf("testdata/people.csv: %+v", got)
	}
}

// FuzzRead checks that any input is read or refused without a panic, and
// that a list read is valid and reads the same again from its JSONL form.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"id,name,variants,gender,party,role\nX1,Dana Holm,Holm|Dana J. Holm,female,Harbor,Mayor\n",
		"\uFEFFid,name\r\nX2,Ivo Vell\r\n",
		`{"id":"X1","name":"Dana Holm","variants":["Holm"],"gender":"other"}` + "\n",
		"id,name\nX1,\"Holm, Dana\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := Read(strings.NewReader(in), "f", Sniff)
		if err != nil {
			if ps != nil {
				t.Fatalf("people and an error: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		ids := map[string]bool{}
		for _, p := range ps {
			if p.ID == "" || p.Name == "" || ids[p.ID] {
				t.Fatalf("bad person %+v", p)
			}
			ids[p.ID] = true
			if p.Gender != "" && p.Gender != "female" && p.Gender != "male" && p.Gender != "other" && p.Gender != "unknown" {
				t.Fatalf("gender %q", p.Gender)
			}
			for _, s := range append(p.Names(), p.ID, p.Party, p.Role) {
				if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
					t.Fatalf("field %q of %+v", s, p)
				}
			}
			b, _ := json.Marshal(p)
			buf.Write(b)
			buf.WriteByte('\n')
		}
		again, err := Read(&buf, "f.jsonl", Sniff)
		if err != nil {
			t.Fatalf("JSONL of %+v: %v", ps, err)
		}
		if !reflect.DeepEqual(again, ps) {
			t.Fatalf("JSONL round trip:\n%+v\n%+v", ps, again)
		}
	})
}

// TestExampleList reads the list the README shows, so that it stays valid.
func TestExampleList(t *testing.T) {
	ps, err := ReadFile("../examples/politicians.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 21 {
		t.Errorf("%d people, want 21", len(ps))
	}
	for _, p := range ps {
		if !strings.HasPrefix(p.ID, "Q") || p.Gender == "" || p.Party == "" {
			t.Errorf("%+v: want a QID, a gender and a party", p)
		}
	}
}
