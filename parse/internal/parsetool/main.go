// Command parsetool trains and measures the parser on CoNLL-U files; it is
// the development driver behind the figures in the parse package notes.
//
//	parsetool -train train.conllu -dev dev.conllu -test test.conllu -o parse.model
//	parsetool -model parse.model -dev dev.conllu -test test.conllu
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/whosaid/whosaid/conllu"
	"github.com/whosaid/whosaid/parse"
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
		prune  = fs.Float64("prune", 0, "zero weights below this magnitude before saving")
		seed   = fs.Uint64("seed", 1, "seed")
		expl   = fs.Float64("explore", 0, "exploration probability (0: default, <0: none)")
		devlog = fs.Bool("devlog", false, "score dev after every pass")
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
		opt := parse.Options{Iterations: *iters, MoveBits: *mbits, LabelBits: *lbits, Seed: *seed, Explore: *expl, Log: stderr}
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
		if *prune > 0 {
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
	default:
		fmt.Fprintln(stderr, "parsetool: need -train or -model")
		return 2
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
