package tag

import (
	"bytes"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/whosaid/whosaid/conllu"
	"github.com/whosaid/whosaid/internal/testenv"
)

// The shipped model is made with
//
//	go test ./tag -run TestTrainModel -v -timeout 30m -args -train -news
//
// which trains on the UD English EWT train file with the PolNeAR news
// lexicon, picks the epoch on dev, reports dev and test accuracy and
// writes ../models/tag.model.
var (
	trainFlag = flag.Bool("train", false, "train the tagger and write ../models/tag.model")
	extraFlag = flag.Bool("extra", false, "with -train: add the PolNeAR CoreNLP XPOS as training data")
	newsFlag  = flag.Bool("news", false, "with -train: use the PolNeAR CoreNLP XPOS as a word lexicon")
	onePass   = flag.Bool("onepass", false, "with -train: no second pass")
	epochs    = flag.Int("epochs", 0, "with -train: epochs (0: default)")
	bits      = flag.Uint("bits", 0, "with -train: hash bits (0: default)")
	prune     = flag.Float64("prune", 0, "with -train: prune weights below this")
	out       = flag.String("o", "../models/tag.model", "with -train: output file")
)

// ewtFile returns the path of a split ("train", "dev", "test") of UD
// English EWT in the shared data, skipping the test when it is absent
// (failing it when the environment requires the data).
func ewtFile(tb testing.TB, split string) string {
	tb.Helper()
	return testenv.DataDir(tb, "ud-ewt", "en_ewt-ud-"+split+".conllu")
}

func TestTrainModel(t *testing.T) {
	if !*trainFlag {
		t.Skip("run with -args -train to train the shipped model")
	}
	opt := Options{Epochs: *epochs, Bits: *bits, Prune: float32(*prune), OnePass: *onePass, Log: testLog{t}}
	if *newsFlag {
		opt.News = testenv.DataDir(t, "polnear", "train.conllu")
	}
	if *extraFlag {
		opt.Extra = []string{testenv.DataDir(t, "polnear", "train.conllu")}
	}
	start := time.Now()
	tg, err := Train(ewtFile(t, "train"), ewtFile(t, "dev"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trained in %v", time.Since(start).Round(time.Second))
	data, err := tg.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d bytes", *out, len(data))
	loaded, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, split := range []string{"dev", "test"} {
		acc, err := loaded.EvaluateFile(ewtFile(t, split))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %s", split, acc)
	}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(string(p[:len(p)-1]))
	return len(p), nil
}

func TestTrainTiny(t *testing.T) {
	train := func() *Tagger {
		tg, err := Train("testdata/tiny.conllu", "testdata/tiny.conllu", Options{Epochs: 5, Bits: 10})
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	tg := train()
	ss, err := conllu.ReadFile("testdata/tiny.conllu")
	if err != nil {
		t.Fatal(err)
	}
	if acc := tg.Evaluate(ss); acc.UPOS != acc.Words || acc.XPOS != acc.Words {
		t.Errorf("training data not learned: %s", acc)
	}
	a, err := tg.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := train().MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Error("two trainings give different model bytes")
	}
	loaded, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	if acc := loaded.Evaluate(ss); acc.UPOS != acc.Words {
		t.Errorf("loaded model: %s", acc)
	}
	if _, err := Train("testdata/missing.conllu", "", Options{}); err == nil {
		t.Error("Train on a missing file succeeded")
	}
}
