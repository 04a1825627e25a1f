// Command nertrain trains the name tagger of package ner on the CoreNLP
// tags of PolNeAR with ner.Recipe (the flags vary it for experiments) and
// prints its scores on UNER EWT dev and test and on PolNeAR dev; it is the
// development driver behind `whosaid train ner`.
//
//	go run ./ner/internal/nertrain -data ../shared/data -o models/ner.model
//	go run ./ner/internal/nertrain -load models/ner.model -errors
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/whosaid/whosaid/ner"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("nertrain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", filepath.Join("..", "shared", "data"), "shared data `folder` (holding ud-ewt/, uner-ewt/ and polnear/)")
	out := fs.String("o", "", "write the model to this file")
	epochs := fs.Int("epochs", 0, "training epochs (0: the recipe's)")
	bits := fs.Uint("bits", 0, "log2 of the hash buckets (0: the recipe's)")
	misc := fs.Bool("misc", false, "learn MISC names too")
	lower := fs.Float64("lower", -1, "share of sentences also learned in lower case (-1: the recipe's)")
	unerDevTimes := fs.Int("unerdev", 0, "add the gold UNER EWT dev sentences to the training data this many times")
	noEWT := fs.Bool("noewt", false, "do not add EWT train text to the lexicon")
	load := fs.String("load", "", "evaluate this model instead of training")
	showErrors := fs.Bool("errors", false, "print the misses on UNER EWT dev")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var t *ner.Tagger
	if *load != "" {
		b, err := os.ReadFile(*load)
		if err == nil {
			t, err = ner.Load(b)
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	} else {
		start := time.Now()
		train, opt, err := ner.Recipe(*data)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		if *unerDevTimes > 0 {
			ud, err := ner.ReadIOB2File(filepath.Join(*data, "uner-ewt/en_ewt-ud-dev.iob2"))
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			for range *unerDevTimes {
				train = append(train, ud...)
			}
		}
		if *epochs > 0 {
			opt.Epochs = *epochs
		}
		if *bits > 0 {
			opt.Bits = *bits
		}
		if *lower >= 0 {
			opt.LowerShare = *lower
		}
		if *misc {
			opt.Types = append(opt.Types, ner.MISC)
		}
		if *noEWT {
			opt.Unlabeled = nil
		}
		opt.Progress = func(ep int, acc float64) {
			fmt.Fprintf(stderr, "epoch %d: train accuracy %.4f (%s)\n", ep, acc, time.Since(start).Round(time.Second))
		}
		t, err = ner.Train(train, opt)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stderr, "trained in %s\n", time.Since(start).Round(time.Second))
		if *out != "" {
			b, err := t.MarshalBinary()
			if err == nil {
				err = os.WriteFile(*out, b, 0o644)
			}
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			fmt.Fprintf(stderr, "wrote %s (%d bytes)\n", *out, len(b))
		}
	}
	uner, err := ner.ReadIOB2File(filepath.Join(*data, "uner-ewt/en_ewt-ud-test.iob2"))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	unerDev, err := ner.ReadIOB2File(filepath.Join(*data, "uner-ewt/en_ewt-ud-dev.iob2"))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	dev, err := ner.ReadCoreNLP(filepath.Join(*data, "polnear/dev.conllu"), filepath.Join(*data, "polnear/dev/text"))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *showErrors {
		printErrors(stderr, t, unerDev)
		printErrors(stderr, t, dev)
	}
	fmt.Fprintf(stderr, "UNER EWT dev:\n%s", t.Evaluate(unerDev))
	fmt.Fprintf(stderr, "UNER EWT test:\n%s", t.Evaluate(uner))
	fmt.Fprintf(stderr, "PolNeAR dev, agreement with CoreNLP:\n%s", t.Evaluate(dev))
	if slices.Contains(t.Types(), ner.MISC) {
		fmt.Fprintf(stderr, "PolNeAR dev with MISC:\n%s", t.Evaluate(dev, ner.PER, ner.ORG, ner.LOC, ner.MISC))
	}
	return 0
}

// printErrors prints each sentence with a wrong or missed name: the gold
// and predicted names.
func printErrors(w io.Writer, t *ner.Tagger, sents []ner.Sentence) {
	show := func(words []string, es []ner.Entity) string {
		s := ""
		for _, e := range es {
			s += fmt.Sprintf(" [%s %s]", e.Type, strings.Join(words[e.Start:e.End], " "))
		}
		return s
	}
	for _, s := range sents {
		pred := t.Tag(s.Words, nil)
		sc := ner.Scores{Types: []ner.Type{ner.PER, ner.ORG, ner.LOC}}
		sc.Add(s.Entities, pred)
		if c := sc.Total(); c.FP+c.FN > 0 {
			fmt.Fprintf(w, "%s\n  gold:%s\n  pred:%s\n", strings.Join(s.Words, " "), show(s.Words, s.Entities), show(s.Words, pred))
		}
	}
}
