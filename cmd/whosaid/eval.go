package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/eval"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/output"
)

var cmdEval = &Command{
	Name:  "eval",
	Usage: "eval [-json] [-articles] [-agreement] [-speakers] [-rules] [-typeact labels.jsonl] [-j n] [-pred-out file] gold-dir [predictions.jsonl]",
	Short: "score extraction against gold annotations",
	Long: `Eval scores statements against a PolNeAR-style gold folder (gold-dir/text/NAME.txt,
gold-dir/attributions/NAME_XXXX.ann; the first .ann of an article in name
order is its gold).

With a predictions file (JSONL, one {"doc", "statements"} object per article,
as extract writes or as the data README describes), eval scores it. Without
one, eval runs extraction over gold-dir/text first and reports the throughput.

The figures are those of the data README: token P/R/F1 per role (source,
cue, content), exact-span P/R/F1 per role, statement P/R/F1 partial (pairs
sharing at least half of the gold content's words) and exact, full-exact
statements, and source and cue agreement on matched pairs.

With -agreement, eval scores each annotator file of the articles annotated
several times against each other, pooled over ordered pairs: the ceiling
people reach.

With -speakers (extraction only), eval also measures speaker resolution
against CoreNLP's coreference chains, read from gold-dir.conllu and
gold-dir.coref.jsonl beside the folder (PolNeAR's dev.conllu and
dev.coref.jsonl for dev): over matched statements whose gold source is a
pronoun or a description, how often the predicted speaker's name is a name
of the gold source's chain, beside how often CoreNLP's representative
mention of that chain is a name. The figures follow the table.

With -typeact labels.jsonl (eval/testdata/typeact/tune.jsonl or
heldout.jsonl, statements of PolNeAR train; gold-dir is then
polnear/train), eval scores the statements' type, act, negation and
target instead, twice: on the gold statements themselves (their cue,
source and content aligned to tokens and labelled by package typeact, so
that the labels are measured apart from extraction), then on the
statements the pipeline extracts, matched to the labelled ones by cue
overlap (coverage: the share of labelled statements with a match). Each
gives type and act accuracy, act macro-F1 over the acts present,
precision and recall per label, negation, and target exact and overlap
P/R/F1.`,
	Run: runEval,
}

func runEval(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	articles := fs.Bool("articles", false, "include per-article scores (with -json) ")
	jobs := fs.Int("j", runtime.NumCPU(), "number of articles extracted in parallel")
	predOut := fs.String("pred-out", "", "also write the extracted predictions to `file` (JSONL)")
	agreement := fs.Bool("agreement", false, "score the annotators against each other (the human ceiling) instead")
	rulesOnly := fs.Bool("rules", false, "extract with the rules alone (the fast path), not the learned model")
	speakers := fs.Bool("speakers", false, "also measure speaker resolution against CoreNLP coreference (gold-dir.conllu, gold-dir.coref.jsonl)")
	typeActLabels := fs.String("typeact", "", "score type, act and target against the labels of `file` instead (gold-dir: polnear/train)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *typeActLabels != "" {
		if fs.NArg() != 1 || *agreement || *speakers {
			fmt.Fprintln(stdio.Err, "whosaid eval: -typeact takes one gold-dir and no -agreement, -speakers or predictions file")
			return 2
		}
		return runTypeAct(ctx, stdio, *typeActLabels, fs.Arg(0), *rulesOnly, *asJSON)
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fs.Usage()
		return 2
	}
	if *jobs < 1 {
		fmt.Fprintln(stdio.Err, "whosaid eval: -j must be at least 1")
		return 2
	}
	if *speakers && (*agreement || fs.NArg() == 2) {
		fmt.Fprintln(stdio.Err, "whosaid eval: -speakers needs extraction: no -agreement, no predictions file")
		return 2
	}
	gold, err := eval.LoadGold(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
		return 1
	}
	var nlp *eval.CoreNLP
	if *speakers {
		base := filepath.Clean(fs.Arg(0))
		if nlp, err = eval.LoadCoreNLP(base+".conllu", base+".coref.jsonl"); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
			return 1
		}
	}
	var spk *eval.SpeakerReport
	var pred map[string][]eval.Statement
	var rep *eval.Report
	switch {
	case *agreement:
		rep = eval.Agreement(gold)
	case fs.NArg() == 2:
		f, err := input.Open(ctx, fs.Arg(1))
		if err != nil {
			fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
			return 1
		}
		pred, err = eval.ReadPredictions(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stdio.Err, "whosaid eval: %s: %v\n", fs.Arg(1), err)
			return 1
		}
	default:
		docs, elapsed, err := extractGold(ctx, gold, *jobs, *rulesOnly)
		if err != nil {
			fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdio.Err, "extracted %d articles in %.2fs with %d workers: %.1f articles/s\n",
			len(docs), elapsed.Seconds(), *jobs, float64(len(docs))/elapsed.Seconds())
		if *predOut != "" {
			if err := writePredictions(*predOut, docs); err != nil {
				fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
				return 1
			}
		}
		pred = eval.FromOutputs(docs)
		if nlp != nil {
			spk = eval.ScoreSpeakers(gold, docs, nlp)
		}
	}
	if rep == nil {
		rep = eval.Score(gold, pred)
		if len(rep.Unknown) > 0 {
			fmt.Fprintf(stdio.Err, "whosaid eval: %d predicted documents are not in the gold (names differ?), e.g. %q\n", len(rep.Unknown), rep.Unknown[0])
		}
	}
	if !*articles {
		rep.Articles = nil
	}
	if *asJSON {
		enc := json.NewEncoder(stdio.Out)
		enc.SetIndent("", "  ")
		var v any = rep
		if spk != nil {
			v = struct {
				*eval.Report
				Speakers *eval.SpeakerReport `json:"speakers"`
			}{rep, spk}
		}
		if err := enc.Encode(v); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
			return 1
		}
		return 0
	}
	if err := rep.WriteTable(stdio.Out); err != nil {
		fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
		return 1
	}
	if spk != nil {
		fmt.Fprintln(stdio.Out)
		if err := spk.WriteTable(stdio.Out); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
			return 1
		}
	}
	return 0
}

// extractGold runs the pipeline over the texts of a gold corpus.
func extractGold(ctx context.Context, gold *eval.Corpus, jobs int, rulesOnly bool) ([]output.Document, time.Duration, error) {
	p, err := whosaid.New(whosaid.Options{RulesOnly: rulesOnly})
	if err != nil {
		return nil, 0, err
	}
	docs := make([]output.Document, len(gold.Docs))
	start := time.Now()
	sem := make(chan struct{}, jobs)
	errs := make(chan error, len(gold.Docs))
	for i, d := range gold.Docs {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			res, err := p.Extract(ctx, whosaid.Doc{ID: d.Name, Text: d.Text})
			if err != nil {
				errs <- err
			}
			docs[i] = res
		}()
	}
	for range jobs {
		sem <- struct{}{}
	}
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		return nil, 0, err
	}
	return docs, elapsed, nil
}

func writePredictions(path string, docs []output.Document) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := writeJSONL(f, d); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// runTypeAct scores type, act and target labelling against a typeact
// label file, on the gold statements and on extracted ones.
func runTypeAct(ctx context.Context, stdio Stdio, labelsPath, dir string, rulesOnly, asJSON bool) int {
	fail := func(err error) int {
		fmt.Fprintf(stdio.Err, "whosaid eval: %v\n", err)
		return 1
	}
	labels, err := eval.LoadTypeAct(labelsPath)
	if err != nil {
		return fail(err)
	}
	goldPred, misaligned, err := eval.GoldTypeAct(labels, dir)
	if err != nil {
		return fail(err)
	}
	p, err := whosaid.New(whosaid.Options{RulesOnly: rulesOnly})
	if err != nil {
		return fail(err)
	}
	extracted := map[string][]output.Statement{}
	for _, name := range eval.TypeActDocs(labels) {
		b, err := os.ReadFile(filepath.Join(dir, "text", name+".txt"))
		if err != nil {
			return fail(err)
		}
		res, err := p.Extract(ctx, whosaid.Doc{ID: name, Text: string(b)})
		if err != nil {
			return fail(err)
		}
		extracted[name] = res.Statements
	}
	gold, pred := eval.ScoreTypeAct(labels, goldPred), eval.ScoreTypeAct(labels, extracted)
	if asJSON {
		enc := json.NewEncoder(stdio.Out)
		enc.SetIndent("", "  ")
		err := enc.Encode(struct {
			Gold       *eval.TypeActReport `json:"gold_statements"`
			Misaligned int                 `json:"misaligned"`
			Predicted  *eval.TypeActReport `json:"predicted_statements"`
		}{gold, misaligned, pred})
		if err != nil {
			return fail(err)
		}
		return 0
	}
	fmt.Fprintf(stdio.Out, "On the gold statements (%d span ends inside a token, widened):\n", misaligned)
	if err := gold.WriteTable(stdio.Out); err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdio.Out, "\nOn the extracted statements, matched by cue overlap:")
	if err := pred.WriteTable(stdio.Out); err != nil {
		return fail(err)
	}
	return 0
}
