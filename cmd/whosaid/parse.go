package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/whosaid/whosaid/conllu"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/ner"
	"github.com/whosaid/whosaid/parse"
	"github.com/whosaid/whosaid/tag"
	"github.com/whosaid/whosaid/text"
)

var cmdParse = &Command{
	Name:  "parse",
	Usage: "parse [-tokenized] [-o file] [file|dir|-]...",
	Short: "tag, parse and find names, writing CoNLL-U",
	Long: `Parse runs whosaid's language core on text and writes CoNLL-U: UPOS and Penn
XPOS tags, dependency heads and UD relations, and the names found as an
NER= field (IOB2: B-PER, I-ORG, O, ...) in MISC, so that any outside scorer
can check them.

Without -tokenized, the arguments are read as extract reads them (text
files, directories, JSONL, standard input) and tokenized and split into
sentences by whosaid; MISC also holds TokenRange=start:end in code points.
With -tokenized, each argument is a CoNLL-U file (or - for standard input)
whose words and sentences are kept; their tags, heads and relations are
replaced.`,
	Run: runParse,
}

// analyzer holds the three models of the language core.
type analyzer struct {
	tagger *tag.Tagger
	parser *parse.Parser
	names  *ner.Tagger
}

func newAnalyzer() (*analyzer, error) {
	t, err := tag.Default()
	if err != nil {
		return nil, err
	}
	p, err := parse.Default()
	if err != nil {
		return nil, err
	}
	n, err := ner.Load(models.NER())
	if err != nil {
		return nil, err
	}
	return &analyzer{t, p, n}, nil
}

// analyze fills the tags, heads, relations and NER field of the words of s
// from their forms. misc, when not nil, gives each word's MISC prefix.
func (a *analyzer) analyze(s *conllu.Sentence, misc []string) error {
	n := len(s.Words)
	words := make([]string, n)
	for i, w := range s.Words {
		words[i] = w.Form
	}
	upos, xpos := make([]string, n), make([]string, n)
	heads, labels := make([]int, n), make([]string, n)
	a.tagger.Tag(words, upos, xpos)
	if err := a.parser.Parse(words, upos, xpos, heads, labels); err != nil {
		return err
	}
	iob := make([]string, n)
	ner.IOB2(a.names.Tag(words, nil), iob, n)
	for i := range s.Words {
		w := &s.Words[i]
		w.UPOS, w.XPOS, w.Head, w.Deprel = upos[i], xpos[i], heads[i], labels[i]
		m := "NER=" + iob[i]
		if misc != nil && misc[i] != "" {
			m = misc[i] + "|" + m
		} else if old := dropNER(w.Misc); old != "" {
			m = old + "|" + m
		}
		w.Misc = m
	}
	return nil
}

// dropNER returns the MISC field misc without its NER= item, "" when
// nothing else is left.
func dropNER(misc string) string {
	if misc == "_" {
		return ""
	}
	var keep []string
	for _, kv := range strings.Split(misc, "|") {
		if kv != "" && !strings.HasPrefix(kv, "NER=") {
			keep = append(keep, kv)
		}
	}
	return strings.Join(keep, "|")
}

func runParse(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	tokenized := fs.Bool("tokenized", false, "read CoNLL-U and keep its tokens and sentences")
	out := fs.String("o", "-", "write CoNLL-U to `file` (- is standard output)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	a, err := newAnalyzer()
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid parse: loading the models: %v\n", err)
		return 1
	}
	var w io.Writer = stdio.Out
	var f *os.File
	if *out != "-" {
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid parse: %v\n", err)
			return 1
		}
		w = f
	}
	bw := bufio.NewWriter(w)
	failed := 0
	if *tokenized {
		failed, err = parseCoNLLU(ctx, a, fs.Args(), stdio, bw)
	} else {
		failed, err = parseText(ctx, a, fs.Args(), stdio, bw)
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stdio.Err, "whosaid parse: interrupted; the output holds the sentences parsed so far")
		return 1
	}
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid parse: %v\n", err)
		return 1
	}
	if failed > 0 {
		fmt.Fprintf(stdio.Err, "whosaid parse: %d input(s) failed\n", failed)
		return 1
	}
	return 0
}

func parseText(ctx context.Context, a *analyzer, args []string, stdio Stdio, w io.Writer) (failed int, err error) {
	r := &input.Reader{Stdin: stdio.In}
	err = r.Each(ctx, args, func(d input.Doc) error {
		if d.Err != nil {
			failed++
			fmt.Fprintf(stdio.Err, "whosaid parse: %v\n", d.Err)
			return nil
		}
		doc := text.New(d.Text)
		for k, sr := range doc.Sentences {
			s := &conllu.Sentence{}
			if k == 0 {
				s.Comments = append(s.Comments, "newdoc id = "+oneLine(d.ID))
			}
			s.Comments = append(s.Comments, "sent_id = "+oneLine(d.ID)+"#"+strconv.Itoa(k+1),
				"text = "+oneLine(doc.Slice(sr)))
			misc := make([]string, 0, sr.Len())
			for i := sr.Start; i < sr.End; i++ {
				t := doc.Tokens[i]
				s.Words = append(s.Words, conllu.Word{ID: i - sr.Start + 1, Form: doc.Form(i), Lemma: "_", Feats: "_", Deps: "_"})
				m := fmt.Sprintf("TokenRange=%d:%d", t.Start, t.End)
				if i+1 < sr.End && doc.Tokens[i+1].Flags&text.SpaceBefore == 0 {
					m += "|SpaceAfter=No"
				}
				misc = append(misc, m)
			}
			if err := a.analyze(s, misc); err != nil {
				return fmt.Errorf("%s: sentence %d: %w", d.Where, k+1, err)
			}
			if err := conllu.Write(w, s); err != nil {
				return err
			}
		}
		return nil
	})
	return failed, err
}

func parseCoNLLU(ctx context.Context, a *analyzer, args []string, stdio Stdio, w io.Writer) (failed int, err error) {
	if len(args) == 0 {
		args = []string{"-"}
	}
	for _, name := range args {
		ok, err := parseCoNLLUFile(ctx, a, name, stdio, w)
		if err != nil {
			return failed, err
		}
		if !ok {
			failed++
		}
	}
	return failed, nil
}

// parseCoNLLUFile parses the sentences of the CoNLL-U file name (- for
// standard input) and writes them to w. A file that cannot be read is
// reported on stdio.Err (ok false); err is for what stops the whole run:
// a write error or ctx.
func parseCoNLLUFile(ctx context.Context, a *analyzer, name string, stdio Stdio, w io.Writer) (ok bool, err error) {
	var rd io.Reader
	if name == "-" {
		rd = input.WithContext(ctx, stdio.In)
	} else {
		f, err := input.Open(ctx, name)
		if err != nil {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			fmt.Fprintf(stdio.Err, "whosaid parse: %v\n", err)
			return false, nil
		}
		defer f.Close()
		rd = f
	}
	cr := conllu.NewReader(rd)
	for {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		s, err := cr.Read()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			fmt.Fprintf(stdio.Err, "whosaid parse: %s: %v\n", name, err)
			return false, nil
		}
		if err := a.analyze(s, nil); err != nil {
			return false, fmt.Errorf("%s: sentence at line %d: %w", name, s.Line, err)
		}
		if err := conllu.Write(w, s); err != nil {
			return false, err
		}
	}
}
