package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalTypeAct scores an invented article's labelled statements with
// eval -typeact, as a table and as JSON.
func TestEvalTypeAct(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "text"), 0o755); err != nil {
		t.Fatal(err)
	}
	article := "The mayor urged residents to stay indoors on Tuesday.\n\nThe mayor said the storm would pass by Friday."
	if err := os.WriteFile(filepath.Join(dir, "text", "storm.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	labels := filepath.Join(dir, "labels.jsonl")
	lines := `{"doc": "storm", "source": [[0, 9]], "cue": [[10, 15]], "content": [[26, 52]], "type": "speech", "act": "demand", "negated": false, "target": [[16, 25]]}
{"doc": "storm", "source": [[55, 64]], "cue": [[65, 69]], "content": [[70, 102]], "type": "speech", "act": "assert", "negated": false, "target": null}
`
	if err := os.WriteFile(labels, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "", "eval", "-rules", "-typeact", labels, dir)
	if code != 0 || !strings.Contains(out, "On the gold statements") || !strings.Contains(out, "type accuracy 1.000") {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, "", "eval", "-json", "-rules", "-typeact", labels, dir)
	var rep struct {
		Gold struct {
			ActAccuracy float64 `json:"act_accuracy"`
			Matched     int     `json:"matched"`
		} `json:"gold_statements"`
		Pred struct {
			Labelled int `json:"labelled"`
		} `json:"predicted_statements"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Gold.Matched != 2 || rep.Gold.ActAccuracy != 1 || rep.Pred.Labelled != 2 {
		t.Fatalf("exit %d, report %+v, stdout:\n%s\nstderr:\n%s", code, rep, out, errOut)
	}
}
