package eval_test

import (
	"os"
	"strings"

	"github.com/whosaid/whosaid/eval"
)

func ExampleScore() {
	text := "The mayor said the bridge will reopen in May."
	gold, err := eval.NewCorpus(eval.Doc{
		Name: "bridge",
		Text: text,
		Gold: []eval.Statement{{
			Source:  [][2]int{{0, 9}},   // The mayor
			Cue:     [][2]int{{10, 14}}, // said
			Content: [][2]int{{15, 44}}, // the bridge will reopen in May
		}},
	})
	if err != nil {
		panic(err)
	}
	// A system that found the cue and most of the content, and took "mayor"
	// alone as the source.
	jsonl := `{"doc": "bridge.txt", "statements": [{"cue": {"start": 10, "end": 14}, "source": {"spans": [[4, 9]]}, "content": {"start": 15, "end": 37}}]}`
	pred, err := eval.ReadPredictions(strings.NewReader(jsonl))
	if err != nil {
		panic(err)
	}
	rep := eval.Score(gold, pred)
	rep.WriteTable(os.Stdout)
	// Output:
	// 1 documents, 1 with predictions
	//
	// measure                     P      R     F1  matched     gold     pred
	// token source            1.000  0.500  0.667        1        2        1
	// token cue               1.000  1.000  1.000        1        1        1
	// token content           1.000  0.667  0.800        4        6        4
	// exact span source       0.000  0.000  0.000        0        1        1
	// exact span cue          1.000  1.000  1.000        1        1        1
	// exact span content      0.000  0.000  0.000        0        1        1
	// statement partial       1.000  1.000  1.000        1        1        1
	// statement exact         0.000  0.000  0.000        0        1        1
	// statement full-exact    0.000  0.000  0.000        0        1        1
	//
	// on matched pairs         rate          agree / pairs
	// source agreement        1.000             1 /      1
	// cue agreement           1.000             1 /      1
}
