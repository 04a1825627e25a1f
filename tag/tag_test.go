package tag

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/conllu"
	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/models"
)

func defaultTagger(t testing.TB) *Tagger {
	t.Helper()
	tg, err := Default()
	if err != nil {
		t.Fatalf("loading the embedded model: %v", err)
	}
	return tg
}

// A sentence of news typography, written for this test.
const newsSentence = "The mayor said on Tuesday that the “ new plan ” — unveiled last week — would not work ."

func TestEmbeddedModel(t *testing.T) {
	tg := defaultTagger(t)
	words := strings.Fields(newsSentence)
	upos := make([]string, len(words))
	xpos := make([]string, len(words))
	tg.Tag(words, upos, xpos)
	want := map[int][2]string{ // word index: UPOS, XPOS
		0:  {"DET", "DT"},
		1:  {"NOUN", "NN"},
		2:  {"VERB", "VBD"},
		4:  {"PROPN", "NNP"},
		7:  {"PUNCT", "``"},
		10: {"PUNCT", "''"},
		11: {"PUNCT", ""},
		15: {"PUNCT", ""},
		16: {"AUX", "MD"},
		19: {"PUNCT", "."},
	}
	for i, w := range want {
		if upos[i] != w[0] || (w[1] != "" && xpos[i] != w[1]) {
			t.Errorf("%q: got %s/%s, want %s/%s", words[i], upos[i], xpos[i], w[0], w[1])
		}
	}
	if t.Failed() {
		t.Logf("tags: %v %v", upos, xpos)
	}
}

func TestTagEdgeCases(t *testing.T) {
	tg := defaultTagger(t)
	for _, words := range [][]string{
		nil,
		{""},
		{"\xff\xfe", "\x00", "’’’", "“”", strings.Repeat("x", 1000)},
		{"A"},
	} {
		upos := make([]string, len(words))
		xpos := make([]string, len(words))
		tg.Tag(words, upos, xpos)
		for i := range words {
			if upos[i] == "" || xpos[i] == "" {
				t.Errorf("%q: word %d untagged", words, i)
			}
		}
		tg.Tag(words, nil, xpos) // one side only
		ids := make([]int, len(words))
		tg.TagIDs(words, ids, nil)
	}
}

func TestConcurrentTag(t *testing.T) {
	tg := defaultTagger(t)
	words := strings.Fields(newsSentence)
	want := make([]string, len(words))
	tg.Tag(words, want, nil)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := make([]string, len(words))
			for range 200 {
				w := words[:len(words)-g]
				tg.Tag(w, got[:len(w)], nil)
				for i := range w {
					if got[i] != want[i] && g == 0 {
						t.Errorf("goroutine %d: word %d tagged %s, want %s", g, i, got[i], want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestLoadErrors(t *testing.T) {
	good := models.Tag()
	for name, data := range map[string][]byte{
		"empty":     nil,
		"magic":     append([]byte("XXXX"), good[4:]...),
		"truncated": good[:len(good)/2],
		"trailing":  append(append([]byte(nil), good...), 0),
	} {
		if _, err := Load(data); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: got %v, want ErrFormat", name, err)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	tg := defaultTagger(t)
	data, err := tg.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(newsSentence)
	a, b := make([]string, len(words)), make([]string, len(words))
	tg.Tag(words, nil, a)
	again.Tag(words, nil, b)
	if strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("tags differ after round trip:\n%v\n%v", a, b)
	}
}

func TestNorm(t *testing.T) {
	tests := []struct {
		in, out string
		q       byte
	}{
		{"“", `"`, 'o'},
		{"”", `"`, 'c'},
		{"don’t", "don't", 0},
		{"—", "--", 0},
		{"1990–2000", "1990-2000", 0},
		{"…", "...", 0},
		{"``", "``", 'o'},
		{"plain", "plain", 0},
	}
	for _, tt := range tests {
		got, q := appendNorm(nil, tt.in)
		if string(got) != tt.out || q != tt.q {
			t.Errorf("appendNorm(%q) = %q, %q; want %q, %q", tt.in, got, q, tt.out, tt.q)
		}
	}
	for in, want := range map[string]string{"Hello": "Xxx", "3.1415": "d.dd", "U.S.": "X.X.", "e-mail": "x-xx", "Ünï": "Xxx"} {
		if got := appendShape(nil, []byte(in)); string(got) != want {
			t.Errorf("appendShape(%q) = %q, want %q", in, got, want)
		}
	}
}

// The accuracy of the shipped tag.model on UD English EWT test (gold
// tokenization), the figures of QUALITY.md, measured by
// `go test ./tag -run AccuracyEWT -v`. TestAccuracyEWT fails when a figure
// drops more than tagTolerance below its measured value (a regression)
// or rises more than tagTolerance above it: an improvement must raise the
// measured figure here, and in QUALITY.md, in the same commit. The tagger
// is deterministic; the tolerance of 0.05 points (about 13 of 25,094
// words) only absorbs harmless changes.
const (
	uposMeasured = 0.9580 // 24,041 of 25,094 words
	xposMeasured = 0.9523 // 23,896 of 25,094 words
	tagTolerance = 0.0005
)

// TestAccuracyEWT checks the embedded model's accuracy on EWT test against
// the measured figures above.
func TestAccuracyEWT(t *testing.T) {
	t.Parallel()
	ss, err := conllu.ReadFile(ewtFile(t, "test"))
	if err != nil {
		t.Fatal(err)
	}
	acc := defaultTagger(t).Evaluate(ss)
	t.Logf("EWT test: %s", acc)
	testenv.CheckFigure(t, "EWT test UPOS accuracy", acc.UPOSRate(), uposMeasured, tagTolerance)
	testenv.CheckFigure(t, "EWT test XPOS accuracy", acc.XPOSRate(), xposMeasured, tagTolerance)
}

func FuzzTag(f *testing.F) {
	tg := defaultTagger(f)
	f.Add(newsSentence)
	f.Add("“ ’ \xff —")
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Split(s, " ")
		upos := make([]string, len(words))
		xpos := make([]string, len(words))
		tg.Tag(words, upos, xpos)
		for i := range words {
			if upos[i] == "" || xpos[i] == "" {
				t.Fatalf("word %d of %q untagged", i, words)
			}
		}
	})
}

func FuzzLoad(f *testing.F) {
	f.Add(models.Tag())
	f.Add([]byte("WSTG\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tg, err := Load(data)
		if err != nil {
			return
		}
		tg.Tag([]string{"a", "b"}, make([]string, 2), make([]string, 2))
	})
}

func BenchmarkTag(b *testing.B) {
	tg := defaultTagger(b)
	b.Run("TwoPass", func(b *testing.B) { benchTag(b, tg) })
	b.Run("FirstPass", func(b *testing.B) { benchTag(b, tg.FirstPass()) })
}

func benchTag(b *testing.B, tg *Tagger) {
	ss, err := conllu.ReadFile(ewtFile(b, "dev"))
	if err != nil {
		b.Fatal(err)
	}
	var sents [][]string
	n, bytes := 0, 0
	for _, s := range ss[:500] {
		var w []string
		for _, x := range s.Words {
			w = append(w, x.Form)
			bytes += len(x.Form) + 1
		}
		sents = append(sents, w)
		n += len(w)
	}
	up := make([]int, 200)
	xp := make([]int, 200)
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		start := testenv.CPUTime()
		for _, w := range sents {
			tg.TagIDs(w, up, xp)
		}
		cpu += testenv.CPUTime() - start
	}
	tokens := float64(n) * float64(b.N)
	b.ReportMetric(tokens/b.Elapsed().Seconds(), "tokens/s")
	if cpu > 0 {
		b.ReportMetric(tokens/cpu.Seconds(), "tokens/cpu-s")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/tokens, "ns/token")
	b.ReportMetric(0, "ns/op")
}
