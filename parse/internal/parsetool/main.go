// Command parsetool trains and measures the parser on CoNLL-U files; it is
// the development driver behind the figures in the parse package notes.
//
//	parsetool -train train.conllu -dev dev.conllu -test test.conllu -o parse.model
//	parsetool -model parse.model -dev dev.conllu -test test.conllu
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/whosaid/whosaid/conllu"
	"github.com/whosaid/whosaid/parse"
	"github.com/whosaid/whosaid/tag"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parsetool", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		train  = fs.String("train", "", "training CoNLL-U file")
		dev    = fs.String("dev", "", "development CoNLL-U file")
		test   = fs.String("test", "", "test CoNLL-U file")
		model  = fs.String("model", "", "model to load instead of training")
		out    = fs.String("o", "", "where to write the trained model")
		iters  = fs.Int("iter", 0, "training passes (0: default)")
		mbits  = fs.Uint("mbits", 0, "move model hash bits (0: default)")
		lbits  = fs.Uint("lbits", 0, "relation model hash bits (0: default)")
		prune  = fs.Float64("prune", 0, "zero weights below this magnitude (training: 0 means the default, <0 none; -model: 0 means none)")
		seed   = fs.Uint64("seed", 0, "seed (0: default)")
		expl   = fs.Float64("explore", 0, "exploration probability (0: default, <0: none)")
		devlog = fs.Bool("devlog", false, "score dev after every pass")
		tagged = fs.Bool("tagged", false, "score with the tags of the embedded tagger instead of gold tags")
		jack   = fs.Int("jackknife", 0, "train on tags predicted by this many jackknifed taggers (0: gold tags)")
		tagsTo = fs.String("savetags", "", "write the jackknifed training tags to this file (CoNLL-U words, tags only)")
		tagsIn = fs.String("loadtags", "", "read training tags written by -savetags")
		gold2  = fs.Bool("goldcopy", true, "with -jackknife or -loadtags, also train on a gold-tagged copy of every sentence (as TrainFile does)")
		devTag = fs.String("devtags", "", "read dev tags from this file (format of -savetags); with -tagged, write them there")
		tstTag = fs.String("testtags", "", "read test tags from this file (format of -savetags); with -tagged, write them there")
	)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	read := func(name string) ([]parse.Sentence, error) {
		ss, err := conllu.ReadFile(name)
		if err != nil {
			return nil, err
		}
		return parse.FromCoNLLU(ss), nil
	}
	var devS, testS []parse.Sentence
	var err error
	if *dev != "" {
		if devS, err = read(*dev); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if *test != "" {
		if testS, err = read(*test); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if *tagged {
		t, err := tag.Default()
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		parse.Retag(devS, t)
		parse.Retag(testS, t)
		for _, f := range []struct {
			name string
			ss   []parse.Sentence
		}{{*devTag, devS}, {*tstTag, testS}} {
			if f.name != "" && len(f.ss) > 0 {
				if err := saveTags(f.name, f.ss); err != nil {
					fmt.Fprintln(stderr, err)
					return 1
				}
			}
		}
	} else {
		for _, f := range []struct {
			name string
			ss   []parse.Sentence
		}{{*devTag, devS}, {*tstTag, testS}} {
			if f.name != "" && len(f.ss) > 0 {
				if err := loadTags(f.name, f.ss); err != nil {
					fmt.Fprintln(stderr, err)
					return 1
				}
			}
		}
	}
	var p *parse.Parser
	switch {
	case *model != "":
		data, err := os.ReadFile(*model)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		if p, err = parse.Load(data); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	case *train != "":
		trS, err := read(*train)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		switch {
		case *jack > 0:
			start := time.Now()
			if trS, err = parse.Jackknife(*train, *jack, tag.Options{}); err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			fmt.Fprintf(stdout, "jackknifed tags in %v\n", time.Since(start).Round(time.Second))
			if *tagsTo != "" {
				if err := saveTags(*tagsTo, trS); err != nil {
					fmt.Fprintln(stderr, err)
					return 1
				}
			}
		case *tagsIn != "":
			if err := loadTags(*tagsIn, trS); err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
		}
		if (*jack > 0 || *tagsIn != "") && *gold2 {
			g, err := read(*train)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			trS = append(trS, g...)
		}
		opt := parse.Options{Iterations: *iters, MoveBits: *mbits, LabelBits: *lbits, Seed: *seed, Explore: *expl, Prune: float32(*prune), Log: stderr}
		if *devlog {
			opt.Dev = devS
		}
		start := time.Now()
		var stats parse.TrainStats
		p, stats, err = parse.Train(trS, opt)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "trained in %v: %+v\n", time.Since(start).Round(time.Second), stats)
	default:
		fmt.Fprintln(stderr, "parsetool: need -train or -model")
		return 2
	}
	if *prune > 0 && *model != "" {
		fmt.Fprintf(stdout, "pruned %d weights\n", p.Prune(float32(*prune)))
	}
	if *out != "" {
		data, err := p.MarshalBinary()
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote %s: %d bytes\n", *out, len(data))
	}
	for _, e := range []struct {
		name string
		ss   []parse.Sentence
	}{{"dev", devS}, {"test", testS}} {
		if len(e.ss) == 0 {
			continue
		}
		start := time.Now()
		sc, err := parse.Evaluate(p, e.ss)
		if err != nil {
			fmt.Fprintln(stderr, err)
		}
		d := time.Since(start)
		fmt.Fprintf(stdout, "%s: %v (%.0f words/s)\n", e.name, sc, float64(sc.Words)/d.Seconds())
	}
	return 0
}

// saveTags writes the tags of ss, one "UPOS XPOS" line per word and an
// empty line after each sentence.
func saveTags(name string, ss []parse.Sentence) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, s := range ss {
		for i := range s.Words {
			fmt.Fprintf(w, "%s %s\n", s.UPOS[i], s.XPOS[i])
		}
		fmt.Fprintln(w)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// loadTags reads tags written by saveTags into ss.
func loadTags(name string, ss []parse.Sentence) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	blocks := strings.Split(strings.TrimSuffix(string(data), "\n\n"), "\n\n")
	if len(blocks) != len(ss) {
		return fmt.Errorf("%s: %d sentences, want %d", name, len(blocks), len(ss))
	}
	for i, b := range blocks {
		lines := strings.Split(b, "\n")
		if len(lines) != len(ss[i].Words) {
			return fmt.Errorf("%s: sentence %d: %d words, want %d", name, i+1, len(lines), len(ss[i].Words))
		}
		for j, l := range lines {
			u, x, ok := strings.Cut(l, " ")
			if !ok {
				return fmt.Errorf("%s: sentence %d: bad line %q", name, i+1, l)
			}
			ss[i].UPOS[j], ss[i].XPOS[j] = u, x
		}
	}
	return nil
}
