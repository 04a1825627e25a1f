package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/wordnet/internal/wnformat"
)

// fakeDict is a tiny dictionary in WordNet's file formats, written for
// these tests: offsets, classes and glosses are made up.
var fakeDict = map[string]string{
	"index.verb": "  1 a header line, as in the license text of the real files\n" +
		"say v 2 1 @ 2 1 00000200 00000100  \n" +
		"call_on v 1 0 1 0 00000100  \n" +
		"go v 1 0 1 0 00000300  \n",
	"data.verb": "  1 header\n" +
		"00000100 32 v 02 say 0 call_on 0 000 | utter\n" +
		"00000200 42 v 01 say 1 000 | be\n" +
		"00000300 38 v 01 go 0 000 | move\n",
	"index.noun": "  1 header\n" +
		"spokesman n 1 0 1 0 00000400  \n" +
		"car n 1 0 1 0 00000500  \n" +
		"press_office n 2 0 2 0 00000500 00000600  \n",
	"data.noun": "  1 header\n" +
		"00000400 18 n 01 spokesman 0 000 | one who speaks\n" +
		"00000500 06 n 02 car 0 press_office 0 000 | a thing\n" +
		"00000600 14 n 01 press_office 0 000 | a group\n",
	"verb.exc": "said say\nbade_farewell say\nwent go\nsaw see say\nsaid say\n",
	"noun.exc": "spokesmen spokesman\ncars car\n",
}

func writeDict(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestGenerateFake(t *testing.T) {
	dir := writeDict(t, fakeDict)
	keep, err := parseLexfiles(defaultNouns)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := generate(&a, dir, keep); err != nil {
		t.Fatalf("generate: %v", err)
	}
	if err := generate(&b, dir, keep); err != nil {
		t.Fatalf("generate: %v", err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs on the same dictionary gave different bytes")
	}
	d, err := wnformat.Decode(a.Bytes())
	if err != nil {
		t.Fatalf("Decode of the generated file: %v", err)
	}
	want := &wnformat.Data{
		Verbs: []wnformat.Entry{
			{Lemma: "call on", First: 32, Mask: 1 << 32},
			{Lemma: "go", First: 38, Mask: 1 << 38},
			{Lemma: "say", First: 42, Mask: 1<<32 | 1<<42}, // first offset listed is 00000200
		},
		Nouns: []wnformat.Entry{
			// "car" is only noun.artifact: dropped; "press office" has a noun.group sense.
			{Lemma: "press office", First: 6, Mask: 1<<6 | 1<<14},
			{Lemma: "spokesman", First: 18, Mask: 1 << 18},
		},
		VerbExceptions: []wnformat.Exception{
			{Form: "bade farewell", Bases: []string{"say"}},
			{Form: "said", Bases: []string{"say"}},
			{Form: "saw", Bases: []string{"say"}}, // "see" is not a lemma here
			{Form: "went", Bases: []string{"go"}},
		},
		NounExceptions: []wnformat.Exception{
			{Form: "spokesmen", Bases: []string{"spokesman"}},
		},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("generated %+v\nwant %+v", d, want)
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name, file, old, new, want string
	}{
		{"unknown synset", "index.verb", "00000300", "00000999", "not in data.verb"},
		{"noun synset in verbs", "data.verb", "00000300 38", "00000300 18", "not a verb file"},
		{"bad lexfile", "data.verb", "00000300 38", "00000300 x8", "bad lexfile"},
		{"bad count", "index.verb", "go v 1", "go v 9", "bad synset count"},
		{"upper case", "index.noun", "spokesman n", "Spokesman n", "bad lemma"},
		{"repeated", "index.noun", "car n", "spokesman n", "twice"},
		{"no base", "noun.exc", "cars car", "cars", "no base"},
	}
	keep, _ := parseLexfiles(defaultNouns)
	for _, tt := range tests {
		files := make(map[string]string)
		for k, v := range fakeDict {
			files[k] = v
		}
		if !strings.Contains(files[tt.file], tt.old) {
			t.Fatalf("%s: %q not in %s", tt.name, tt.old, tt.file)
		}
		files[tt.file] = strings.Replace(files[tt.file], tt.old, tt.new, 1)
		err := generate(new(bytes.Buffer), writeDict(t, files), keep)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: generate error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	files := make(map[string]string)
	for k, v := range fakeDict {
		if k != "noun.exc" {
			files[k] = v
		}
	}
	if err := generate(new(bytes.Buffer), writeDict(t, files), keep); err == nil {
		t.Error("generate without noun.exc gave no error")
	}
}

func TestRunFlags(t *testing.T) {
	var stderr bytes.Buffer
	if code := run([]string{"-nouns", "noun.person,verb.social"}, &stderr); code != 2 {
		t.Errorf("bad -nouns: exit %d, want 2", code)
	}
	if code := run([]string{"extra"}, &stderr); code != 2 {
		t.Errorf("extra argument: exit %d, want 2", code)
	}
	out := filepath.Join(t.TempDir(), "c.dat")
	if code := run([]string{"-dict", writeDict(t, fakeDict), "-o", out}, &stderr); code != 0 {
		t.Errorf("run on the fake dictionary: exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no output file: %v", err)
	}
}

// TestCommittedFileIsCurrent regenerates the data file from the installed
// WordNet and compares it with the embedded one.
func TestCommittedFileIsCurrent(t *testing.T) {
	const dict = "/usr/share/wordnet"
	if _, err := os.Stat(filepath.Join(dict, "index.verb")); err != nil {
		t.Skipf("no WordNet dictionary: %v", err)
	}
	keep, _ := parseLexfiles(defaultNouns)
	var a, b bytes.Buffer
	if err := generate(&a, dict, keep); err != nil {
		t.Fatal(err)
	}
	if err := generate(&b, dict, keep); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs on the WordNet dictionary gave different bytes")
	}
	committed, err := os.ReadFile("../../classes.dat")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), committed) {
		t.Errorf("wordnet/classes.dat (%d bytes) differs from the generator's output (%d bytes): regenerate it (see the package doc)", len(committed), a.Len())
	}
}
