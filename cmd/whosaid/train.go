package main

import (
	"context"
	"encoding"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/whosaid/whosaid/attrib/learned"
	"github.com/whosaid/whosaid/ner"
	"github.com/whosaid/whosaid/parse"
	"github.com/whosaid/whosaid/tag"
)

var cmdTrain = &Command{
	Name:  "train",
	Usage: "train [-data dir] -o file tagger|parser|ner|attrib",
	Short: "train a model from the data folder",
	Long: `Train trains one of whosaid's models from the data folder (default
../shared/data, holding ud-ewt/, uner-ewt/ and polnear/) and writes it to
the -o file. Training is deterministic: the same data and code give the same
bytes, and the defaults reproduce the models shipped in models/ (attrib.model
at the commit README.md names):

	whosaid train -o models/tag.model tagger     # UD EWT train (+ PolNeAR word classes), dev to choose the epoch
	whosaid train -o models/parse.model parser   # UD EWT train with jackknifed predicted tags
	whosaid train -o models/ner.model ner        # PolNeAR train with CoreNLP's names; EWT words as unlabeled text
	whosaid train -o models/attrib.model attrib  # PolNeAR train attributions

The parser and the attribution model read the tagger's tags, and the
attribution model the rules of package attrib: retrain them after those
change, then rebuild whosaid to embed the new files. Progress goes to
standard error.`,
	Run: runTrain,
}

func runTrain(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	data := fs.String("data", filepath.Join("..", "shared", "data"), "the data `folder`")
	out := fs.String("o", "", "write the model to `file`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 || *out == "" {
		fs.Usage()
		return 2
	}
	start := time.Now()
	var m encoding.BinaryMarshaler
	var err error
	switch fs.Arg(0) {
	case "tagger":
		ud := filepath.Join(*data, "ud-ewt")
		m, err = tag.Train(filepath.Join(ud, "en_ewt-ud-train.conllu"), filepath.Join(ud, "en_ewt-ud-dev.conllu"),
			tag.Options{News: filepath.Join(*data, "polnear", "train.conllu"), Log: stdio.Err})
	case "parser":
		m, _, err = parse.TrainFile(filepath.Join(*data, "ud-ewt", "en_ewt-ud-train.conllu"), 5, tag.Options{}, parse.Options{})
	case "ner":
		sents, opt, rerr := ner.Recipe(*data)
		if rerr != nil {
			err = rerr
			break
		}
		opt.Progress = func(ep int, acc float64) { fmt.Fprintf(stdio.Err, "ner: epoch %d: %.4f\n", ep, acc) }
		m, err = ner.Train(sents, opt)
	case "attrib":
		opts := learned.Shipped()
		opts.Log = stdio.Err
		m, err = learned.Train(filepath.Join(*data, "polnear", "train"), opts)
	default:
		fmt.Fprintf(stdio.Err, "whosaid train: unknown model %q (want tagger, parser, ner or attrib)\n", fs.Arg(0))
		return 2
	}
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid train %s: %v\n", fs.Arg(0), err)
		return 1
	}
	b, err := m.MarshalBinary()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid train %s: %v\n", fs.Arg(0), err)
		return 1
	}
	fmt.Fprintf(stdio.Err, "whosaid train %s: wrote %s (%d bytes) in %s\n", fs.Arg(0), *out, len(b), time.Since(start).Round(time.Second))
	return 0
}
