package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, Stdio{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func decodeLines(t *testing.T, s string) []output.Document {
	t.Helper()
	var docs []output.Document
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line == "" {
			continue
		}
		var d output.Document
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("output line is not JSON: %v\n%s", err, line)
		}
		docs = append(docs, d)
	}
	return docs
}

func TestCommands(t *testing.T) {
	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{"no args", "", nil, 2, "", "Usage"},
		{"unknown", "", []string{"frobnicate"}, 2, "", "unknown command"},
		{"help", "", []string{"help"}, 0, "extract", ""},
		{"help extract", "", []string{"help", "extract"}, 0, "-j", ""},
		{"version", "", []string{"version"}, 0, "whosaid ", ""},
		{"bad flag", "", []string{"extract", "-nope"}, 2, "", "usage: whosaid extract"},
		{"bad -j", "", []string{"extract", "-j", "0"}, 2, "", "-j"},
		{"eval needs a folder", "", []string{"eval"}, 2, "", "usage: whosaid eval"},
		{"help parse", "", []string{"help", "parse"}, 0, "-tokenized", ""},
		{"train needs a model", "", []string{"train", "-o", "x.model"}, 2, "", "usage: whosaid train"},
		{"train unknown model", "", []string{"train", "-o", "x.model", "poetry"}, 2, "", "unknown model"},
		{"train needs -o", "", []string{"train", "tagger"}, 2, "", "usage: whosaid train"},
		{"eval -speakers needs extraction", "", []string{"eval", "-speakers", "-agreement", "testdata"}, 2, "", "-speakers"},
		{"eval -typeact takes one folder", "", []string{"eval", "-typeact", "labels.jsonl", "testdata", "pred.jsonl"}, 2, "", "-typeact"},
		{"eval -typeact missing labels", "", []string{"eval", "-typeact", "no-such-labels.jsonl", "testdata"}, 1, "", "no-such-labels.jsonl"},
		{"eval missing folder", "", []string{"eval", "testdata/nope"}, 1, "", "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.inStdout) || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("code %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", code, tt.code, out, tt.inStdout, errs, tt.inStderr)
			}
		})
	}
}

func TestExtractFailuresGoOn(t *testing.T) {
	code, out, errs := runCmd(t, "", "extract", "testdata/bad.txt", "testdata/one.txt", "testdata/missing.txt")
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	docs := decodeLines(t, out)
	if len(docs) != 3 {
		t.Fatalf("%d output lines, want 3:\n%s", len(docs), out)
	}
	if docs[0].Doc != "bad" || !strings.Contains(docs[0].Error, "UTF-8") {
		t.Errorf("first line %+v, want a UTF-8 error for bad", docs[0])
	}
	if docs[1].Doc != "one" || docs[1].Error != "" {
		t.Errorf("second line %+v, want the result of one", docs[1])
	}
	if docs[2].Error == "" {
		t.Errorf("third line %+v, want an error for the missing file", docs[2])
	}
	if !strings.Contains(errs, "2 document(s) failed") {
		t.Errorf("stderr %q does not count the failures", errs)
	}
}

func TestExtractOrderAndStdin(t *testing.T) {
	var lines []string
	for i := range 40 {
		text := strings.Repeat("Filler words here. ", i*7) + "“Go,” she said."
		b, _ := json.Marshal(map[string]any{"id": i, "text": text, "outlet": "Daily"})
		lines = append(lines, string(b))
	}
	lines = append(lines, "{not json")
	in := strings.Join(lines, "\n") + "\n"
	_, out1, _ := runCmd(t, in, "extract", "-j", "1")
	code, out4, _ := runCmd(t, in, "extract", "-j", "4", "-")
	if code != 1 {
		t.Errorf("exit code %d, want 1 for the broken line", code)
	}
	if out1 != out4 {
		t.Errorf("-j 4 output differs from -j 1")
	}
	docs := decodeLines(t, out4)
	if len(docs) != 41 {
		t.Fatalf("%d docs, want 41", len(docs))
	}
	for i := range 40 {
		if docs[i].Doc != strconv.Itoa(i) {
			t.Errorf("doc %d is %q: order lost", i, docs[i].Doc)
		}
		if string(docs[i].Meta["outlet"]) != `"Daily"` {
			t.Errorf("doc %d: meta %v lost", i, docs[i].Meta)
		}
	}
	if !strings.Contains(docs[40].Error, "stdin:41") {
		t.Errorf("broken line error %q does not name stdin:41", docs[40].Error)
	}
}

func TestExtractOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	code, out, _ := runCmd(t, "", "extract", "-o", path, "-text", "testdata/one.txt")
	if code != 0 || out != "" {
		t.Fatalf("code %d stdout %q", code, out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	docs := decodeLines(t, string(b))
	if len(docs) != 1 || !strings.Contains(docs[0].Text, "Varga") {
		t.Errorf("got %+v, want one result carrying its text", docs)
	}
}

func TestParse(t *testing.T) {
	code, out, errs := runCmd(t, "", "parse", "testdata/one.txt")
	if code != 0 {
		t.Fatalf("parse: code %d, stderr %s", code, errs)
	}
	roots, words := 0, 0
	for _, line := range strings.Split(out, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 10 {
			t.Fatalf("line %q has %d columns", line, len(cols))
		}
		words++
		if cols[6] == "0" {
			roots++
		}
		if !strings.Contains(cols[9], "TokenRange=") || !strings.Contains(cols[9], "NER=") || cols[3] == "_" || cols[7] == "_" {
			t.Errorf("line %q lacks tags, relation, TokenRange or NER", line)
		}
	}
	if words == 0 || roots != 1 {
		t.Errorf("%d words, %d roots; want one sentence with one root:\n%s", words, roots, out)
	}
	if !strings.Contains(out, "NER=B-PER") {
		t.Errorf("no person found in %q", out)
	}
	// Re-parsing its own output with -tokenized changes nothing.
	code, again, errs := runCmd(t, out, "parse", "-tokenized", "-")
	if code != 0 || again != out {
		t.Errorf("parse -tokenized of parse's output differs (code %d, %s):\n%s", code, errs, again)
	}
}

// TestParseFlagsInterleaved checks that flags are read wherever they stand
// among the arguments, up to "--".
func TestParseFlagsInterleaved(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		ok    bool
		limit int
		quiet bool
		db    string
		rest  []string
	}{
		{"flags first", []string{"-limit", "2", "wall"}, 0, true, 2, false, "", []string{"wall"}},
		{"flag after a word", []string{"wall", "-limit", "2"}, 0, true, 2, false, "", []string{"wall"}},
		{"flags between words", []string{"a", "-q", "b", "--db=x.db", "c"}, 0, true, 0, true, "x.db", []string{"a", "b", "c"}},
		{"-name=value after a word", []string{"a", "-limit=3"}, 0, true, 3, false, "", []string{"a"}},
		{"-- ends the flags", []string{"a", "--", "-limit", "2"}, 0, true, 0, false, "", []string{"a", "-limit", "2"}},
		{"-- first", []string{"--", "-q"}, 0, true, 0, false, "", []string{"-q"}},
		{"- is standard input", []string{"-", "-q", "-"}, 0, true, 0, true, "", []string{"-", "-"}},
		{"a value that looks like a flag", []string{"a", "-db", "-q"}, 0, true, 0, false, "-q", []string{"a"}},
		{"a value --", []string{"-db", "--", "a"}, 0, true, 0, false, "--", []string{"a"}},
		{"bool with =false", []string{"a", "-q=false", "b"}, 0, true, 0, false, "", []string{"a", "b"}},
		{"no arguments", nil, 0, true, 0, false, "", nil},
		{"missing value after a word", []string{"a", "-limit"}, 2, false, 0, false, "", nil},
		{"unknown flag after a word", []string{"a", "-nope"}, 2, false, 0, false, "", nil},
		{"bad value after a word", []string{"a", "-limit", "x"}, 2, false, 0, false, "", nil},
		{"help after a word", []string{"a", "-h"}, 0, false, 0, false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			limit := fs.Int("limit", 0, "")
			quiet := fs.Bool("q", false, "")
			db := fs.String("db", "", "")
			code, ok := parseFlags(fs, tt.args)
			if code != tt.code || ok != tt.ok {
				t.Fatalf("parseFlags(%q) = %d, %v; want %d, %v", tt.args, code, ok, tt.code, tt.ok)
			}
			if !ok {
				return
			}
			if *limit != tt.limit || *quiet != tt.quiet || *db != tt.db || !slices.Equal(fs.Args(), tt.rest) {
				t.Errorf("parseFlags(%q): -limit %d -q %v -db %q args %q; want %d %v %q %q",
					tt.args, *limit, *quiet, *db, fs.Args(), tt.limit, tt.quiet, tt.db, tt.rest)
			}
		})
	}
}

// TestFlagsAfterArguments checks commands read flags after their
// arguments.
func TestFlagsAfterArguments(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	code, stdout, errs := runCmd(t, "", "extract", "testdata/one.txt", "-o", out, "-j", "1")
	if code != 0 || stdout != "" {
		t.Fatalf("extract FILE -o out: exit %d, stdout %q, stderr %q; want 0 and the output in the file", code, stdout, errs)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "Varga") {
		t.Errorf("extract FILE -o out: %s, %v", b, err)
	}
	code, stdout, errs = runCmd(t, "", "parse", "testdata/one.txt", "-o", out)
	if code != 0 || stdout != "" {
		t.Errorf("parse FILE -o out: exit %d, stdout %q, stderr %q; want 0 and the output in the file", code, stdout, errs)
	}
}

// TestREADMECommands checks that the command lines of README.md's code
// blocks name commands and flags that exist.
func TestREADMECommands(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skipf("README.md: %v", err)
	}
	flags := map[string]map[string]bool{} // command -> its flags
	for _, c := range commands() {
		var usage bytes.Buffer
		c.Run(context.Background(), c, Stdio{In: strings.NewReader(""), Out: &usage, Err: &usage}, []string{"-h"})
		flags[c.Name] = map[string]bool{}
		for _, m := range flagLine.FindAllStringSubmatch(usage.String(), -1) {
			flags[c.Name][m[1]] = true
		}
	}
	inCode, checked := false, 0
	for n, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
			continue
		}
		m := commandLine.FindStringSubmatch(line)
		if !inCode || m == nil {
			continue
		}
		checked++
		name, rest := m[1], m[2]
		rest, _, _ = strings.Cut(rest, " #") // a shell comment
		known, ok := flags[name]
		if !ok {
			if name != "help" && name != "version" {
				t.Errorf("README.md:%d: no command %q: %s", n+1, name, line)
			}
			continue
		}
		for _, f := range flagUse.FindAllStringSubmatch(rest, -1) {
			if !known[f[1]] {
				t.Errorf("README.md:%d: whosaid %s has no flag -%s: %s", n+1, name, f[1], line)
			}
		}
	}
	if checked == 0 {
		t.Error("README.md: no command line found")
	}
}

var (
	flagLine    = regexp.MustCompile(`(?m)^\s+-([a-z][a-z0-9-]*)`)
	commandLine = regexp.MustCompile(`\bwhosaid ([a-z]+)(.*)`)
	flagUse     = regexp.MustCompile(`(?:^|[\s\[(])-([a-z][a-z0-9-]*)`)
)
