package eval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

func TestScoreTypeAct(t *testing.T) {
	label := func(cue [2]int, typ, act string, target [][2]int) TypeActLabel {
		return TypeActLabel{Doc: "a", Cue: [][2]int{cue}, Type: typ, Act: act, Target: target}
	}
	pred := func(cue [2]int, typ, act string, target [][2]int) output.Statement {
		s := output.Statement{Type: typ, Act: act, Cue: &output.Span{Spans: [][2]int{cue}}}
		if target != nil {
			s.Target = &output.Span{Spans: target}
		}
		return s
	}
	tests := []struct {
		name                               string
		labels                             []TypeActLabel
		pred                               []output.Statement
		matched                            int
		typeAcc, actAcc, macro, exact, ovl float64
	}{
		{"all right",
			[]TypeActLabel{label([2]int{0, 4}, "speech", "assert", nil), label([2]int{10, 16}, "speech", "demand", [][2]int{{17, 24}})},
			[]output.Statement{pred([2]int{0, 4}, "speech", "assert", nil), pred([2]int{10, 16}, "speech", "demand", [][2]int{{17, 24}})},
			2, 1, 1, 1, 1, 1},
		{"one missed, cue overlap enough",
			[]TypeActLabel{label([2]int{0, 4}, "speech", "assert", nil), label([2]int{10, 16}, "writing", "demand", [][2]int{{17, 24}})},
			[]output.Statement{pred([2]int{12, 14}, "speech", "assert", [][2]int{{17, 20}})},
			1, 0, 0, 0, 0, 1},
		{"act wrong, macro over present acts",
			[]TypeActLabel{label([2]int{0, 4}, "speech", "assert", nil), label([2]int{10, 16}, "speech", "warn", nil)},
			[]output.Statement{pred([2]int{0, 4}, "speech", "assert", nil), pred([2]int{10, 16}, "speech", "assert", nil)},
			2, 1, 0.5, (2.0 / 3) / 2, 0, 0},
	}
	for _, tt := range tests {
		rep := ScoreTypeAct(tt.labels, map[string][]output.Statement{"a": tt.pred})
		near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
		if rep.Matched != tt.matched || !near(rep.TypeAccuracy, tt.typeAcc) || !near(rep.ActAccuracy, tt.actAcc) ||
			!near(rep.ActMacroF1, tt.macro) || !near(rep.TargetExact.F1, tt.exact) || !near(rep.TargetOverlap.F1, tt.ovl) {
			t.Errorf("%s: matched %d type %.3f act %.3f macro %.3f exact %.3f overlap %.3f; want %d %.3f %.3f %.3f %.3f %.3f",
				tt.name, rep.Matched, rep.TypeAccuracy, rep.ActAccuracy, rep.ActMacroF1, rep.TargetExact.F1, rep.TargetOverlap.F1,
				tt.matched, tt.typeAcc, tt.actAcc, tt.macro, tt.exact, tt.ovl)
		}
		var b strings.Builder
		if err := rep.WriteTable(&b); err != nil || !strings.Contains(b.String(), "act macro-F1") {
			t.Errorf("%s: table %q, %v", tt.name, b.String(), err)
		}
	}
}

func TestReadTypeAct(t *testing.T) {
	ls, err := ReadTypeAct(strings.NewReader(`{"doc": "a", "cue": [[0, 4]], "content": [[5, 9]], "source": [], "type": "speech", "act": "assert", "negated": false, "target": null}

{"doc": "b", "cue": [[1, 2]], "content": [], "source": [], "type": "stance", "act": "assert", "negated": true, "target": [[3, 4]], "unsure": true}
`))
	if err != nil || len(ls) != 2 || !ls[1].Negated || !ls[1].Unsure || len(ls[1].Target) != 1 {
		t.Fatalf("got %+v, %v", ls, err)
	}
	if _, err := ReadTypeAct(strings.NewReader("{\"doc\": \"a\"}\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a label without a cue: error %v, want one naming line 1", err)
	}
	if _, err := ReadTypeAct(strings.NewReader("{\n")); err == nil {
		t.Errorf("broken JSON: no error")
	}
}

// TestGoldTypeAct labels an invented article's gold statements.
func TestGoldTypeAct(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "text"), 0o755); err != nil {
		t.Fatal(err)
	}
	text := "The mayor urged residents to stay indoors. Critics denied it."
	if err := os.WriteFile(filepath.Join(dir, "text", "a.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	labels := []TypeActLabel{
		{Doc: "a", Source: [][2]int{{0, 9}}, Cue: [][2]int{{10, 15}}, Content: [][2]int{{26, 41}}, Type: "speech", Act: "demand", Target: [][2]int{{16, 25}}},
		{Doc: "a", Source: [][2]int{{43, 50}}, Cue: [][2]int{{51, 57}}, Content: [][2]int{{58, 60}}, Type: "speech", Act: "deny"},
	}
	pred, mis, err := GoldTypeAct(labels, dir)
	if err != nil || mis != 0 {
		t.Fatalf("misaligned %d, %v", mis, err)
	}
	rep := ScoreTypeAct(labels, pred)
	if rep.Matched != 2 || rep.TypeAccuracy != 1 || rep.ActAccuracy != 1 || rep.TargetExact.F1 != 1 {
		t.Errorf("got %+v", rep)
	}
	if _, _, err := GoldTypeAct([]TypeActLabel{{Doc: "missing", Cue: [][2]int{{0, 1}}}}, dir); err == nil {
		t.Errorf("a missing article: no error")
	}
}
