package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid/brat"
)

// Statement is one attributed statement as the scorer sees it: the pieces
// of each role as [start, end) code-point offsets. A nil (or empty) role is
// absent.
type Statement struct {
	Source  [][2]int `json:"source,omitempty"`
	Cue     [][2]int `json:"cue,omitempty"`
	Content [][2]int `json:"content,omitempty"`
}

// Doc is one article of a gold corpus.
type Doc struct {
	// Name is the article's name: its text file's base name minus ".txt".
	Name string
	// Text is the article's text, which all offsets point into.
	Text string
	// Files are the paths of the article's annotator files, in name order.
	Files []string
	// Annotations holds the statements of each file of Files, in order.
	Annotations [][]Statement
	// Gold is the statements scored against: Annotations[0] for a corpus
	// from LoadGold, Annotations[n] for one from Corpus.Annotator(n).
	Gold []Statement

	words []word // \w+ runs of Text
}

// wordList returns the \w+ runs of the article's text, splitting them
// anew (without storing them, so scoring stays read-only) when the Doc was
// built by hand rather than by LoadGold or NewCorpus.
func (d *Doc) wordList() []word {
	if d.words == nil && d.Text != "" {
		return splitWords(d.Text)
	}
	return d.words
}

// Corpus is a set of articles with their gold statements, sorted by name.
// A Corpus is read-only once loaded and may be scored from several
// goroutines at once.
type Corpus struct {
	Docs []*Doc
}

// Doc returns the article named name, or nil.
func (c *Corpus) Doc(name string) *Doc {
	i, ok := slices.BinarySearchFunc(c.Docs, name, func(d *Doc, name string) int {
		return strings.Compare(d.Name, name)
	})
	if !ok {
		return nil
	}
	return c.Docs[i]
}

// NewCorpus builds a corpus from articles held in memory, for scoring
// texts that are not in a PolNeAR folder. Each Doc needs Name, Text and
// Gold; Files and Annotations may be empty. The docs are copied and sorted
// by name; a repeated name is an error.
func NewCorpus(docs ...Doc) (*Corpus, error) {
	c := &Corpus{Docs: make([]*Doc, 0, len(docs))}
	for _, d := range docs {
		d.words = splitWords(d.Text)
		c.Docs = append(c.Docs, &d)
	}
	slices.SortFunc(c.Docs, func(a, b *Doc) int { return strings.Compare(a.Name, b.Name) })
	for i := 1; i < len(c.Docs); i++ {
		if c.Docs[i].Name == c.Docs[i-1].Name {
			return nil, fmt.Errorf("eval: two documents named %q", c.Docs[i].Name)
		}
	}
	return c, nil
}

// LoadGold reads a PolNeAR-style folder: dir/text/NAME.txt and
// dir/attributions/NAME_XXXX.ann, XXXX being an annotator id. The gold of an
// article is its first .ann file in name order; the statements of all its
// files are kept in Doc.Annotations for measuring agreement. An article
// with a text and no .ann file has no gold statements; an .ann file with no
// text, or with a span beyond the end of its text, is an error.
func LoadGold(dir string) (*Corpus, error) {
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("eval: load %s: %w", dir, err)
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("eval: load %s: no text/*.txt files", dir)
	}
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, fmt.Errorf("eval: load %s: %w", dir, err)
	}
	slices.Sort(texts)
	slices.Sort(anns)
	c := &Corpus{}
	byName := map[string]*Doc{}
	for _, p := range texts {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		d := &Doc{Name: strings.TrimSuffix(filepath.Base(p), ".txt"), Text: string(b)}
		d.words = splitWords(d.Text)
		byName[d.Name] = d
		c.Docs = append(c.Docs, d)
	}
	for _, p := range anns {
		base := strings.TrimSuffix(filepath.Base(p), ".ann")
		u := strings.LastIndexByte(base, '_')
		if u < 0 {
			return nil, fmt.Errorf("eval: %s: name is not NAME_ANNOTATOR.ann", p)
		}
		d := byName[base[:u]]
		if d == nil {
			return nil, fmt.Errorf("eval: %s: no text file %s.txt", p, base[:u])
		}
		st, err := readAnn(p, utf8.RuneCountInString(d.Text))
		if err != nil {
			return nil, err
		}
		d.Files = append(d.Files, p)
		d.Annotations = append(d.Annotations, st)
	}
	for _, d := range c.Docs {
		if len(d.Annotations) > 0 {
			d.Gold = d.Annotations[0]
		}
	}
	return c, nil
}

// readAnn reads one .ann file into statements, checking that every span
// lies inside a text of n code points.
func readAnn(path string, n int) ([]Statement, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	a, err := brat.Read(f)
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	st := make([]Statement, 0, len(a.Relations))
	for _, r := range a.Relations {
		var s Statement
		for _, role := range []struct {
			dst   *[][2]int
			spans []brat.Span
		}{{&s.Source, r.Source}, {&s.Cue, r.Cue}, {&s.Content, r.Content}} {
			for _, sp := range role.spans {
				if sp.End > n {
					return nil, fmt.Errorf("eval: %s: line %d: %s: span %d-%d beyond the end of the text (%d code points)",
						path, r.Line, r.ID, sp.Start, sp.End, n)
				}
				*role.dst = append(*role.dst, [2]int{sp.Start, sp.End})
			}
		}
		st = append(st, s)
	}
	return st, nil
}

// Annotator returns the corpus of the articles that have at least n+1
// annotator files, with the n-th file (0-based, in name order) as gold.
// Texts are shared with c. Annotator(0) holds the articles of c that have
// an annotator file, with their usual gold.
func (c *Corpus) Annotator(n int) *Corpus {
	sub := &Corpus{}
	for _, d := range c.Docs {
		if n < 0 || n >= len(d.Annotations) {
			continue
		}
		nd := *d
		nd.Gold = d.Annotations[n]
		sub.Docs = append(sub.Docs, &nd)
	}
	return sub
}

// Predictions returns the statements of the n-th annotator file (0-based)
// of every article that has one, keyed by article name, in the form Score
// takes. Score(c.Annotator(1), c.Predictions(0)) scores the first annotator
// against the second on the articles both annotated.
func (c *Corpus) Predictions(n int) map[string][]Statement {
	m := map[string][]Statement{}
	for _, d := range c.Docs {
		if n >= 0 && n < len(d.Annotations) {
			m[d.Name] = d.Annotations[n]
		}
	}
	return m
}
