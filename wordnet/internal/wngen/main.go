// Command wngen derives package wordnet's embedded data file from a WordNet
// 3.0 dictionary directory (index.*, data.*, *.exc).
//
// Regenerate from the module root, with Debian's wordnet-base installed:
//
//	go run ./wordnet/internal/wngen -dict /usr/share/wordnet -o wordnet/classes.dat
//
// It keeps every verb lemma (multi-word ones such as "call on" included) and
// the noun lemmas with at least one sense in one of the lexicographer files
// named by -nouns; for each kept lemma it records the lexicographer files of
// all its senses and that of its first sense. It keeps the verb.exc and
// noun.exc entries whose base forms are kept. The same dictionary always
// gives the same bytes.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/whosaid/whosaid/wordnet"
	"github.com/whosaid/whosaid/wordnet/internal/wnformat"
)

// defaultNouns are the noun lexicographer files whose lemmas are kept: the
// ones that name what is said (communication, cognition, act, feeling) and
// who says it (person, group). See the package wordnet doc for the sizes.
const defaultNouns = "noun.act,noun.cognition,noun.communication,noun.feeling,noun.group,noun.person"

// numLexfiles is the number of WordNet's lexicographer files: Class
// values of package wordnet are lexfile numbers plus one.
const numLexfiles = int(wordnet.AdjPpl)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("wngen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dict := fs.String("dict", "/usr/share/wordnet", "WordNet 3.0 dictionary `directory`")
	out := fs.String("o", "wordnet/classes.dat", "output `file`")
	nouns := fs.String("nouns", defaultNouns, "comma-separated noun lexicographer files whose lemmas are kept")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wngen: unexpected arguments %q\n", fs.Args())
		return 2
	}
	keep, err := parseLexfiles(*nouns)
	if err != nil {
		fmt.Fprintf(stderr, "wngen: -nouns: %v\n", err)
		return 2
	}
	var buf bytes.Buffer
	if err := generate(&buf, *dict, keep); err != nil {
		fmt.Fprintf(stderr, "wngen: %v\n", err)
		return 1
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "wngen: %v\n", err)
		return 1
	}
	return 0
}

// parseLexfiles turns "noun.act,noun.person" into a mask of lexfile bits.
func parseLexfiles(list string) (uint64, error) {
	var mask uint64
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		c, ok := wordnet.ParseClass(name)
		i := int(c) - 1
		if !ok || i < wnformat.FirstNounLexfile || i > wnformat.LastNounLexfile {
			return 0, fmt.Errorf("%q is not a noun lexicographer file", name)
		}
		mask |= 1 << i
	}
	return mask, nil
}

// generate reads the dictionary in dir and writes the data file to w,
// keeping the noun lemmas with a sense in a lexfile of keepNouns.
func generate(w io.Writer, dir string, keepNouns uint64) error {
	verbs, err := readPOS(dir, "verb", wnformat.VerbMask)
	if err != nil {
		return err
	}
	allNouns, err := readPOS(dir, "noun", wnformat.NounMask)
	if err != nil {
		return err
	}
	var nouns []wnformat.Entry
	for _, e := range allNouns {
		if e.Mask&keepNouns != 0 {
			nouns = append(nouns, e)
		}
	}
	d := &wnformat.Data{Verbs: verbs, Nouns: nouns}
	if d.VerbExceptions, err = readExceptions(filepath.Join(dir, "verb.exc"), verbs); err != nil {
		return err
	}
	if d.NounExceptions, err = readExceptions(filepath.Join(dir, "noun.exc"), nouns); err != nil {
		return err
	}
	return wnformat.Encode(w, d)
}

// readPOS reads index.<pos> and data.<pos> and returns every lemma with its
// first-sense lexfile and lexfile mask, sorted by lemma.
func readPOS(dir, pos string, allowed uint64) ([]wnformat.Entry, error) {
	lexOf, err := readSynsetLexfiles(filepath.Join(dir, "data."+pos))
	if err != nil {
		return nil, err
	}
	name := filepath.Join(dir, "index."+pos)
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var es []wnformat.Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, " ") || line == "" { // license header
			continue
		}
		// lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
		fields := strings.Fields(line)
		if len(fields) < 4 {
			return nil, fmt.Errorf("%s:%d: %d fields", name, n, len(fields))
		}
		synsets, err1 := strconv.Atoi(fields[2])
		if err1 != nil || synsets < 1 || synsets > len(fields)-4 {
			return nil, fmt.Errorf("%s:%d: bad synset count %q", name, n, fields[2])
		}
		e := wnformat.Entry{Lemma: strings.ReplaceAll(fields[0], "_", " ")}
		if err := wnformat.CheckLemma(e.Lemma); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		for i, off := range fields[len(fields)-synsets:] {
			lex, ok := lexOf[off]
			if !ok {
				return nil, fmt.Errorf("%s:%d: synset %s not in data.%s", name, n, off, pos)
			}
			if allowed&(1<<lex) == 0 {
				return nil, fmt.Errorf("%s:%d: synset %s in lexfile %d, not a %s file", name, n, off, lex, pos)
			}
			if i == 0 {
				e.First = lex
			}
			e.Mask |= 1 << lex
		}
		es = append(es, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// Replacing "_" by " " can change the order ("a_b" vs "a-b"), so sort.
	slices.SortFunc(es, func(a, b wnformat.Entry) int { return strings.Compare(a.Lemma, b.Lemma) })
	for i := 1; i < len(es); i++ {
		if es[i].Lemma == es[i-1].Lemma {
			return nil, fmt.Errorf("%s: lemma %q twice", name, es[i].Lemma)
		}
	}
	return es, nil
}

// readSynsetLexfiles maps each synset offset of a data file to its lexfile.
func readSynsetLexfiles(name string) (map[string]uint8, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lexOf := make(map[string]uint8)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, " ") || line == "" {
			continue
		}
		// synset_offset lex_filenum ss_type ...
		off, rest, _ := strings.Cut(line, " ")
		lexStr, _, _ := strings.Cut(rest, " ")
		lex, err := strconv.ParseUint(lexStr, 10, 8)
		if err != nil || int(lex) >= numLexfiles {
			return nil, fmt.Errorf("%s:%d: bad lexfile %q", name, n, lexStr)
		}
		lexOf[off] = uint8(lex)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return lexOf, nil
}

// readExceptions reads an exception list and keeps, for each inflected form,
// the base forms found in kept (in the file's order).
func readExceptions(name string, kept []wnformat.Entry) ([]wnformat.Exception, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	isKept := make(map[string]bool, len(kept))
	for _, e := range kept {
		isKept[e.Lemma] = true
	}
	byForm := make(map[string][]string)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("%s:%d: no base form", name, n)
		}
		form := strings.ReplaceAll(fields[0], "_", " ")
		if err := wnformat.CheckLemma(form); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		for _, b := range fields[1:] {
			b = strings.ReplaceAll(b, "_", " ")
			if b != form && isKept[b] && !slices.Contains(byForm[form], b) {
				byForm[form] = append(byForm[form], b)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	xs := make([]wnformat.Exception, 0, len(byForm))
	for form, bases := range byForm {
		xs = append(xs, wnformat.Exception{Form: form, Bases: bases})
	}
	slices.SortFunc(xs, func(a, b wnformat.Exception) int { return strings.Compare(a.Form, b.Form) })
	return xs, nil
}
