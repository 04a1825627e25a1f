package ner

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/whosaid/whosaid/conllu"
)

// ReadIOB2 reads sentences in the tab-separated IOB2 format of Universal
// NER: one word per line (index, word, tag, and optional further columns),
// "#" comment lines, a blank line after each sentence. A "# newdoc id = X"
// comment sets the Doc of the sentences after it. Tags of types other
// than PER, ORG, LOC and MISC count as outside any name. name is used in
// error messages.
func ReadIOB2(r io.Reader, name string) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []Sentence
	var words, tags []string
	doc := ""
	end := func() {
		if len(words) > 0 {
			out = append(out, Sentence{Words: words, Entities: ParseIOB(tags, nil), Doc: doc})
		}
		words, tags = nil, nil
	}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			end()
			continue
		}
		if strings.HasPrefix(line, "#") {
			if id, ok := strings.CutPrefix(line, "# newdoc id ="); ok {
				doc = strings.TrimSpace(id)
			}
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			return nil, fmt.Errorf("%s: line %d: %d tab-separated fields, want at least 3", name, n, len(f))
		}
		if f[2] != "O" && !(len(f[2]) > 2 && f[2][1] == '-') {
			return nil, fmt.Errorf("%s: line %d: tag %q is not IOB2", name, n, f[2])
		}
		words = append(words, f[1])
		tags = append(tags, f[2])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: line %d: %w", name, n+1, err)
	}
	end()
	return out, nil
}

// ReadIOB2File reads an IOB2 file (see ReadIOB2).
func ReadIOB2File(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadIOB2(f, path)
}

// ReadCoreNLP reads the CoreNLP analysis of PolNeAR (a CoNLL-U file whose
// MISC column holds TokenRange=start:end in code points and NER=tag) and
// takes each word's surface form from textDir/NAME.txt, where NAME is the
// document id. CoreNLP's tags PERSON, ORGANIZATION, LOCATION and MISC
// become names (a run of words with the same tag is one name); its other
// tags (DATE, MONEY, ...) count as outside any name.
func ReadCoreNLP(conlluPath, textDir string) ([]Sentence, error) {
	sents, err := conllu.ReadFile(conlluPath)
	if err != nil {
		return nil, err
	}
	var out []Sentence
	doc := ""
	var text string
	var runeAt []int32 // byte offset of each code point, plus the end
	for _, s := range sents {
		if s.DocID != doc {
			doc = s.DocID
			b, err := os.ReadFile(filepath.Join(textDir, doc+".txt"))
			if err != nil {
				return nil, fmt.Errorf("%s: line %d: text of document %q: %w", conlluPath, s.Line, doc, err)
			}
			text = string(b)
			runeAt = runeAt[:0]
			for i := range text {
				runeAt = append(runeAt, int32(i))
			}
			runeAt = append(runeAt, int32(len(text)))
		}
		words := make([]string, len(s.Words))
		tags := make([]Type, len(s.Words))
		for i, w := range s.Words {
			words[i] = surface(w, text, runeAt)
			if v, ok := conllu.MiscValue(w.Misc, "NER"); ok {
				tags[i], _ = ParseType(v)
			}
		}
		var ents []Entity
		for i := 0; i < len(tags); {
			j := i + 1
			for j < len(tags) && tags[j] == tags[i] {
				j++
			}
			if tags[i] != None {
				ents = append(ents, Entity{Start: i, End: j, Type: tags[i]})
			}
			i = j
		}
		out = append(out, Sentence{Words: words, Entities: ents, Doc: s.DocID})
	}
	return out, nil
}

// surface returns the text a CoreNLP word covers, or its form (with
// CoreNLP's no-break spaces made spaces) when TokenRange is missing or
// outside the text.
func surface(w conllu.Word, text string, runeAt []int32) string {
	if v, ok := conllu.MiscValue(w.Misc, "TokenRange"); ok {
		a, b, found := strings.Cut(v, ":")
		s, err1 := strconv.Atoi(a)
		e, err2 := strconv.Atoi(b)
		if found && err1 == nil && err2 == nil && 0 <= s && s < e && e < len(runeAt) {
			return text[runeAt[s]:runeAt[e]]
		}
	}
	return strings.ReplaceAll(w.Form, "\u00a0", " ")
}

// ReadWords reads the word forms of a CoNLL-U file, one []string per
// sentence: unlabeled text for the lexicon (see TrainOptions.Unlabeled).
func ReadWords(conlluPath string) ([][]string, error) {
	sents, err := conllu.ReadFile(conlluPath)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(sents))
	for k, s := range sents {
		out[k] = make([]string, len(s.Words))
		for i, w := range s.Words {
			out[k][i] = w.Form
		}
	}
	return out, nil
}
