package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// MaxLineBytes bounds one line of a CoreNLP file (a coreference line holds
// a whole article's chains: 65 KB at most on PolNeAR dev). A longer line is
// an error rather than an unbounded allocation.
const MaxLineBytes = 16 << 20

// Token is one CoreNLP token of an article: its [Start, End) code-point
// range in the text (the TokenRange of the CoNLL-U MISC column), its Penn
// Treebank tag, its NER tag ("O" when none) and its dependency head (the
// 1-based id of the head token in the sentence, 0 for the root).
type Token struct {
	Start, End int
	Tag        string
	NER        string
	Head       int
}

// Mention is one mention of a CoreNLP coreference chain, as written in a
// .coref.jsonl file: Sentence is 1-based, Start, End (exclusive) and Head
// are 1-based token ids inside that sentence.
type Mention struct {
	Representative bool   `json:"representative"`
	Sentence       int    `json:"sentence"`
	Start          int    `json:"start"`
	End            int    `json:"end"`
	Head           int    `json:"head"`
	Text           string `json:"text"`
}

// Chain is one coreference chain: the mentions CoreNLP takes for one
// entity.
type Chain []Mention

// CoreNLP holds the automatic analyses of a corpus that the speaker
// measure needs: each article's tokens by sentence and its coreference
// chains. Articles are keyed by name.
type CoreNLP struct {
	Sentences map[string][][]Token
	Chains    map[string][]Chain
}

// LoadCoreNLP reads an article set's CoNLL-U file and its coreference file
// (PolNeAR's dev.conllu and dev.coref.jsonl). Every chain mention must
// point at tokens of its article; errors name the file and the line.
func LoadCoreNLP(conlluPath, corefPath string) (*CoreNLP, error) {
	sents, err := readFileWith(conlluPath, ReadTokens)
	if err != nil {
		return nil, err
	}
	chains, err := readFileWith(corefPath, ReadCoref)
	if err != nil {
		return nil, err
	}
	for doc, cs := range chains {
		ss := sents[doc]
		for _, c := range cs {
			for _, m := range c {
				if m.Sentence > len(ss) || m.End-1 > len(ss[m.Sentence-1]) {
					return nil, fmt.Errorf("eval: %s: %s: mention %q (sentence %d, tokens %d-%d) beyond the tokens of %s",
						corefPath, doc, m.Text, m.Sentence, m.Start, m.End, conlluPath)
				}
			}
		}
	}
	return &CoreNLP{Sentences: sents, Chains: chains}, nil
}

func readFileWith[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, fmt.Errorf("eval: %s: %w", path, err)
	}
	return v, nil
}

// lineReader yields lines of at most MaxLineBytes bytes, without their
// line ending, counting them.
type lineReader struct {
	br  *bufio.Reader
	n   int
	max int // line length limit; 0 means MaxLineBytes
}

func (r *lineReader) next() ([]byte, error) {
	var line []byte
	for {
		chunk, isPrefix, err := r.br.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) && line != nil {
				break
			}
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("line %d: %w", r.n+1, err)
		}
		limit := r.max
		if limit == 0 {
			limit = MaxLineBytes
		}
		if len(line)+len(chunk) > limit {
			return nil, fmt.Errorf("line %d: longer than %d bytes", r.n+1, limit)
		}
		line = append(line, chunk...)
		if !isPrefix {
			break
		}
	}
	r.n++
	if r.n == 1 {
		line = bytes.TrimPrefix(line, []byte("\uFEFF"))
	}
	return line, nil
}

// ReadCoref reads a CoreNLP coreference file, one JSON line per article:
//
//	{"doc": NAME, "chains": [[{"representative": true, "sentence": 1,
//	  "start": 5, "end": 7, "head": 6, "text": "Hillary Clinton"}, ...], ...]}
//
// Blank lines are skipped; a bad line, or a second line for one article,
// is an error naming the line.
func ReadCoref(r io.Reader) (map[string][]Chain, error) {
	lr := &lineReader{br: bufio.NewReader(r)}
	out := map[string][]Chain{}
	for {
		line, err := lr.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		doc, chains, err := ParseCorefLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", lr.n, err)
		}
		if _, dup := out[doc]; dup {
			return nil, fmt.Errorf("line %d: article %q given twice", lr.n, doc)
		}
		out[doc] = chains
	}
}

// ParseCorefLine parses one line of a coreference file and checks each
// mention: a 1-based sentence, 1 <= start < end, start <= head < end.
func ParseCorefLine(line []byte) (doc string, chains []Chain, err error) {
	var v struct {
		Doc    *string `json:"doc"`
		Chains []Chain `json:"chains"`
	}
	if err := json.Unmarshal(line, &v); err != nil {
		return "", nil, err
	}
	if v.Doc == nil || *v.Doc == "" {
		return "", nil, errors.New(`no "doc" name`)
	}
	for i, c := range v.Chains {
		for j, m := range c {
			if m.Sentence < 1 || m.Start < 1 || m.End <= m.Start || m.Head < m.Start || m.Head >= m.End {
				return "", nil, fmt.Errorf("chain %d, mention %d: bad position (sentence %d, start %d, end %d, head %d)",
					i+1, j+1, m.Sentence, m.Start, m.End, m.Head)
			}
		}
	}
	return *v.Doc, v.Chains, nil
}

// ReadTokens reads the tokens of a CoreNLP CoNLL-U file converted as the
// PolNeAR data README says: "# newdoc id = NAME" opens an article, token
// lines carry TokenRange=start:end and NER=tag in the MISC column. Token
// ids must run 1, 2, ... in each sentence and heads point inside it.
// Errors name the line.
func ReadTokens(r io.Reader) (map[string][][]Token, error) {
	lr := &lineReader{br: bufio.NewReader(r)}
	out := map[string][][]Token{}
	doc := ""
	var sent []Token
	var heads []int // line of each token of sent, for errors
	flush := func() error {
		for i, t := range sent {
			if t.Head > len(sent) {
				return fmt.Errorf("line %d: head %d beyond the sentence's %d tokens", heads[i], t.Head, len(sent))
			}
		}
		if len(sent) > 0 {
			out[doc] = append(out[doc], sent)
			sent, heads = nil, heads[:0]
		}
		return nil
	}
	for {
		line, err := lr.next()
		if errors.Is(err, io.EOF) {
			if err := flush(); err != nil {
				return nil, err
			}
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		s := string(line)
		switch {
		case strings.TrimSpace(s) == "":
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		case strings.HasPrefix(s, "#"):
			if id, ok := strings.CutPrefix(s, "# newdoc id = "); ok {
				if err := flush(); err != nil {
					return nil, err
				}
				doc = strings.TrimSpace(id)
				if _, dup := out[doc]; dup {
					return nil, fmt.Errorf("line %d: article %q given twice", lr.n, doc)
				}
				out[doc] = nil
			}
			continue
		}
		if doc == "" {
			return nil, fmt.Errorf("line %d: token before any \"# newdoc id\"", lr.n)
		}
		tok, id, err := parseTokenLine(s)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", lr.n, err)
		}
		if id != len(sent)+1 {
			return nil, fmt.Errorf("line %d: token id %d, want %d", lr.n, id, len(sent)+1)
		}
		sent = append(sent, tok)
		heads = append(heads, lr.n)
	}
}

func parseTokenLine(s string) (Token, int, error) {
	cols := strings.Split(s, "\t")
	if len(cols) != 10 {
		return Token{}, 0, fmt.Errorf("%d columns, want 10", len(cols))
	}
	id, err := strconv.Atoi(cols[0])
	if err != nil {
		return Token{}, 0, fmt.Errorf("token id %q is not a number", cols[0])
	}
	head, err := strconv.Atoi(cols[6])
	if err != nil || head < 0 {
		return Token{}, 0, fmt.Errorf("head %q is not a token id", cols[6])
	}
	t := Token{Start: -1, Tag: cols[4], NER: "O", Head: head}
	for kv := range strings.SplitSeq(cols[9], "|") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "TokenRange":
			a, b, ok := strings.Cut(v, ":")
			start, err1 := strconv.Atoi(a)
			end, err2 := strconv.Atoi(b)
			if !ok || err1 != nil || err2 != nil || start < 0 || end < start {
				return Token{}, 0, fmt.Errorf("bad TokenRange %q", v)
			}
			t.Start, t.End = start, end
		case "NER":
			t.NER = v
		}
	}
	if t.Start < 0 {
		return Token{}, 0, errors.New("no TokenRange in MISC")
	}
	return t, id, nil
}
