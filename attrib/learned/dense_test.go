package learned

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/whosaid/whosaid/eval"
	"github.com/whosaid/whosaid/internal/testenv"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/text"
	"github.com/whosaid/whosaid/vectors"
)

// toyVectors builds a small vector table over the words of the tiny
// training articles, with random vectors.
func toyVectors(t testing.TB, n int) *vectors.Table {
	t.Helper()
	words := []string{"said", "told", "the", "city", "mayor", "warned", "added", "that", "\"", ",", "."}
	r := rand.New(rand.NewPCG(1, 2))
	var vecs [][]float32
	for range words[:min(n, len(words))] {
		v := make([]float32, 8)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		vecs = append(vecs, v)
	}
	b, err := vectors.Build(words[:len(vecs)], vecs, 8)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := vectors.Load(b)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestDenseScorer(t *testing.T) {
	vec := toyVectors(t, 11)
	tests := []struct {
		name  string
		opt   DenseOptions
		vec   *vectors.Table
		frame bool
	}{
		{"no vectors, softmax regression", DenseOptions{Hidden: -1, Folds: 2, Epochs: 2}, nil, false},
		{"vectors, window 1", DenseOptions{Vectors: vec, Window: 1, Hidden: 4, Folds: 2, Epochs: 2}, vec, false},
		{"vectors and frames, softmax regression", DenseOptions{Vectors: vec, Window: 2, Hidden: -1, Folds: 2, Epochs: 2}, vec, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Epochs: 4, Bits: 12, Dense: &tt.opt, Frame: tt.frame}
			x, err := Train("testdata/tiny", o)
			if err != nil {
				t.Fatal(err)
			}
			a, err := x.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if a[len(magic)] != versionDense {
				t.Errorf("version %d, want %d", a[len(magic)], versionDense)
			}
			// Deterministic.
			x2, err := Train("testdata/tiny", o)
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := x2.MarshalBinary(); !bytes.Equal(a, b) {
				t.Error("two trainings gave different models")
			}
			// Round trip: the same statements.
			y, err := LoadWith(a, tt.vec)
			if err != nil {
				t.Fatal(err)
			}
			if y.frame != tt.frame || (y.dense.l.frame >= 0) != tt.frame {
				t.Errorf("loaded with frame features %v (dense inputs %v), want %v", y.frame, y.dense.l.frame >= 0, tt.frame)
			}
			d := text.New("“We will rebuild the pier,” said Lena Ortiz. The mayor warned that the city would wait.")
			sa, sb := x.Extract(d), y.Extract(d)
			if fmt.Sprint(sa) != fmt.Sprint(sb) {
				t.Errorf("statements differ after a round trip:\n%v\n%v", sa, sb)
			}
			for _, st := range sb {
				checkStatement(t, d, st, len(sb))
			}
			// Missing or other vectors are refused; a model without
			// vectors ignores them.
			if tt.vec == nil {
				if _, err := LoadWith(a, vec); err != nil {
					t.Errorf("LoadWith vectors for a model without: %v", err)
				}
			} else {
				if _, err := Load(a); !errors.Is(err, ErrFormat) {
					t.Errorf("Load without the vectors: %v", err)
				}
				if _, err := LoadWith(a, toyVectors(t, 5)); !errors.Is(err, ErrFormat) {
					t.Errorf("LoadWith other vectors: %v", err)
				}
			}
			if _, err := LoadWith(a[:len(a)-5], tt.vec); err == nil {
				t.Error("truncated model loaded")
			}
		})
	}
}

func TestProbBin(t *testing.T) {
	last := -1
	for _, v := range []float32{0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.6, 0.8, 0.9, 1} {
		b := probBin(v)
		if b < last || b > 9 {
			t.Errorf("probBin(%v) = %d after %d", v, b, last)
		}
		last = b
	}
	if probBin(0) != 0 || probBin(1) != 9 {
		t.Error("bins do not span 0..9")
	}
}

// TestDenseExperiment trains on PolNeAR train and scores on dev, for the
// ablation of the dense cue scorer (QUALITY.md). It runs only when
// WHOSAID_DENSE_EXP is set, to a variant: "none" (the perceptrons alone),
// "novec" (dense scorer on one-hot inputs), "shipped" (no training: the
// embedded model), "file" (no training: the model file MODEL_IN, with the
// vectors of WHOSAID_VECTORS if set), "vec" (with the vectors of
// WHOSAID_VECTORS), "enc" (the contextual encoder, configured by the ENC_
// variables of encExperimentOptions; MAXDOCS trains on the first articles
// of train only). DENSE_WIN, DENSE_HIDDEN, DENSE_EPOCHS, DENSE_KEEPO and
// SEEDS (comma-separated) adjust it, FRAME=1 adds the frame features, RUNS
// sets Options.Runs, BIASES (comma-separated) scores
// each model with these cue biases too; MODEL_OUT writes the model of the
// first seed.
func TestDenseExperiment(t *testing.T) {
	variant := os.Getenv("WHOSAID_DENSE_EXP")
	if variant == "" {
		t.Skip("set WHOSAID_DENSE_EXP to none, novec or vec")
	}
	dir := testenv.DataDir(t, "polnear")
	gold, err := eval.LoadGold(filepath.Join(dir, "dev"))
	if err != nil {
		t.Fatal(err)
	}
	envInt := func(k string, def int) int {
		if v, err := strconv.Atoi(os.Getenv(k)); err == nil {
			return v
		}
		return def
	}
	var vec *vectors.Table
	var dopt *DenseOptions
	if vp := os.Getenv("WHOSAID_VECTORS"); vp != "" && variant == "file" {
		b, err := os.ReadFile(vp)
		if err != nil {
			t.Fatal(err)
		}
		if vec, err = vectors.Load(b); err != nil {
			t.Fatal(err)
		}
	}
	var eopt *EncoderOptions
	if variant == "enc" {
		eopt = encExperimentOptions(t)
		vec, variant = eopt.Vectors, "enc"
	}
	if variant != "none" && variant != "shipped" && variant != "file" && variant != "enc" {
		dopt = &DenseOptions{Window: envInt("DENSE_WIN", 2), Hidden: envInt("DENSE_HIDDEN", 0), Epochs: envInt("DENSE_EPOCHS", 0)}
		if v, err := strconv.ParseFloat(os.Getenv("DENSE_KEEPO"), 64); err == nil {
			dopt.KeepO = v
		}
		if variant == "vec" {
			b, err := os.ReadFile(os.Getenv("WHOSAID_VECTORS"))
			if err != nil {
				t.Fatal(err)
			}
			if vec, err = vectors.Load(b); err != nil {
				t.Fatal(err)
			}
			dopt.Vectors = vec
		}
	}
	seeds := os.Getenv("SEEDS")
	if seeds == "" {
		seeds = "1"
	}
	for k, s := range strings.Split(seeds, ",") {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		var data []byte
		switch variant {
		case "shipped":
			data = models.Attrib()
		case "file":
			if data, err = os.ReadFile(os.Getenv("MODEL_IN")); err != nil {
				t.Fatal(err)
			}
		default:
			x, err := Train(filepath.Join(dir, "train"), Options{Seed: seed, Dense: dopt, Encoder: eopt, Frame: os.Getenv("FRAME") == "1", Runs: envInt("RUNS", 0), MaxDocs: envInt("MAXDOCS", 0), Log: os.Stderr})
			if err != nil {
				t.Fatal(err)
			}
			if data, err = x.MarshalBinary(); err != nil {
				t.Fatal(err)
			}
		}
		trainTime := time.Since(t0)
		x, err := LoadWith(data, vec)
		if err != nil {
			t.Fatal(err)
		}
		if out := os.Getenv("MODEL_OUT"); out != "" && k == 0 {
			if err := os.WriteFile(out, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		x.decide = os.Getenv("DECIDE") == "1"
		if v, err := strconv.ParseFloat(os.Getenv("DECIDE_BIAS"), 32); err == nil {
			x.decideBias = float32(v)
		}
		biases := []float32{x.cueBias}
		for _, b := range strings.Split(os.Getenv("BIASES"), ",") {
			if v, err := strconv.ParseFloat(b, 32); err == nil {
				biases = append(biases, float32(v))
			}
		}
		for _, bias := range biases {
			x.cueBias = bias
			t1 := time.Now()
			preds := map[string][]eval.Statement{}
			for _, d := range gold.Docs {
				td := text.New(d.Text)
				preds[d.Name] = toScored(td, x.Extract(td))
			}
			extractTime := time.Since(t1)
			r := eval.Score(gold, preds)
			if eopt != nil {
				fmt.Printf("RESULT0 enc %s\n", encExperimentName())
			}
			fmt.Printf("RESULT variant=%s frame=%s win=%s hidden=%s seed=%d bias=%g partial %.4f (P %.3f R %.3f) exact src %.4f cue %.4f con %.4f full %.4f token cue %.4f | train %v extract dev %v model %d bytes\n",
				variant, os.Getenv("FRAME"), os.Getenv("DENSE_WIN"), os.Getenv("DENSE_HIDDEN"), seed, bias, r.Statement.F1, r.Statement.P, r.Statement.R,
				r.ExactSpan.Source.F1, r.ExactSpan.Cue.F1, r.ExactSpan.Content.F1, r.FullExact.F1, r.Token.Cue.F1,
				trainTime.Round(time.Second), extractTime.Round(10*time.Millisecond), len(data))
			fmt.Printf("RESULT2 seed=%d bias=%g token src %.4f cue %.4f con %.4f | agreement src %.4f cue %.4f\n", seed, bias,
				r.Token.Source.F1, r.Token.Cue.F1, r.Token.Content.F1, r.SourceAgreement.Rate, r.CueAgreement.Rate)
		}
	}
}

// BenchmarkExtractAleppo times Extract on examples/aleppo.txt with the
// shipped model and, when WHOSAID_DENSE_MODEL names a model file (with
// its vectors in WHOSAID_VECTORS), with that model.
func BenchmarkExtractAleppo(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "aleppo.txt"))
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, x *Extractor) {
		b.ReportAllocs()
		for range b.N {
			x.Extract(text.New(string(src)))
		}
	}
	b.Run("shipped", func(b *testing.B) {
		x, err := Load(models.Attrib())
		if err != nil {
			b.Fatal(err)
		}
		run(b, x)
	})
	path := os.Getenv("WHOSAID_DENSE_MODEL")
	if path == "" {
		return
	}
	b.Run("dense", func(b *testing.B) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		var vec *vectors.Table
		if vp := os.Getenv("WHOSAID_VECTORS"); vp != "" {
			vb, err := os.ReadFile(vp)
			if err != nil {
				b.Fatal(err)
			}
			if vec, err = vectors.Load(vb); err != nil {
				b.Fatal(err)
			}
		}
		x, err := LoadWith(data, vec)
		if err != nil {
			b.Fatal(err)
		}
		run(b, x)
	})
}

// TestDenseSpeed compares the processor time (user and system, all
// threads: less sensitive than wall time to other jobs on the machine)
// Extract takes on examples/aleppo.txt with the shipped model and with
// the model of WHOSAID_DENSE_MODEL (vectors in WHOSAID_VECTORS). It runs
// only when WHOSAID_DENSE_MODEL is set.
func TestDenseSpeed(t *testing.T) {
	path := os.Getenv("WHOSAID_DENSE_MODEL")
	if path == "" {
		t.Skip("set WHOSAID_DENSE_MODEL")
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "aleppo.txt"))
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := Load(models.Attrib())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var vec *vectors.Table
	if vp := os.Getenv("WHOSAID_VECTORS"); vp != "" {
		vb, err := os.ReadFile(vp)
		if err != nil {
			t.Fatal(err)
		}
		if vec, err = vectors.Load(vb); err != nil {
			t.Fatal(err)
		}
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	c0 := cpu()
	dense, err := LoadWith(data, vec)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dense model loaded in %v of processor time", cpu()-c0)
	xs := map[string]*Extractor{"shipped": shipped, "dense": dense}
	total := map[string]time.Duration{}
	const rounds, n = 10, 20
	for _, x := range xs {
		for range 5 {
			x.Extract(text.New(string(src)))
		}
	}
	for range rounds {
		for _, name := range []string{"shipped", "dense"} {
			c := cpu()
			for range n {
				xs[name].Extract(text.New(string(src)))
			}
			total[name] += cpu() - c
		}
	}
	for _, name := range []string{"shipped", "dense"} {
		t.Logf("%s: %.2f ms of processor time per article", name, float64(total[name].Microseconds())/1000/(rounds*n))
	}
}

// FuzzDecodeDense checks that the decoding of a model's dense scorer
// section never panics on corrupt bytes, and that a scorer it accepts
// scores a document without panicking.
func FuzzDecodeDense(f *testing.F) {
	vec := toyVectors(f, 11)
	x, err := Train("testdata/tiny", Options{Epochs: 2, Bits: 10, Dense: &DenseOptions{Vectors: vec, Window: 1, Hidden: 2, Folds: 2, Epochs: 1}})
	if err != nil {
		f.Fatal(err)
	}
	good, err := x.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	plain := *x
	plain.dense = nil
	v2, err := plain.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good[len(v2):])
	f.Add(good[len(v2) : len(good)-20])
	d := text.New("“The pier is unsafe,” said Lena Ortiz.")
	f.Fuzz(func(t *testing.T, data []byte) {
		s, rest, err := decodeDense(data, vec)
		if err != nil {
			return
		}
		if len(rest) > len(data) {
			t.Fatalf("%d bytes left of %d", len(rest), len(data))
		}
		p := newPrep(d, nil, nil, nil)
		s.score(p)
		for _, pr := range p.dprob {
			if !(pr[0] >= 0 && pr[0] <= 1 && pr[1] >= 0 && pr[1] <= 1) {
				t.Fatalf("probabilities %v", pr)
			}
		}
	})
}

// encExperimentOptions reads the encoder's options of TestDenseExperiment
// from the environment: ENC_VEC=1 (the vectors of WHOSAID_VECTORS),
// ENC_NO (comma-separated among shape, affix, tags, roles, lex),
// ENC_ROLES=1 (multitask), ENC_RCTX=1 (with ENC_ROLES: role features
// at the next token too), ENC_HIDDEN, ENC_LAYERS, ENC_NOCONV=1,
// ENC_EPOCHS, ENC_FOLDS, ENC_KEEPO, ENC_DROPOUT, ENC_RATE.
func encExperimentOptions(t *testing.T) *EncoderOptions {
	o := &EncoderOptions{}
	if os.Getenv("ENC_VEC") == "1" {
		b, err := os.ReadFile(os.Getenv("WHOSAID_VECTORS"))
		if err != nil {
			t.Fatal(err)
		}
		if o.Vectors, err = vectors.Load(b); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range strings.Split(os.Getenv("ENC_NO"), ",") {
		switch w {
		case "shape":
			o.NoShape = true
		case "affix":
			o.NoAffix = true
		case "tags":
			o.NoTags = true
		case "roles":
			o.NoRoles = true
		case "lex":
			o.NoLex = true
		case "":
		default:
			t.Fatalf("ENC_NO: unknown ingredient %q", w)
		}
	}
	o.Roles = os.Getenv("ENC_ROLES") == "1"
	o.RoleContext = os.Getenv("ENC_RCTX") == "1"
	o.NoConv = os.Getenv("ENC_NOCONV") == "1"
	num := func(k string) float64 {
		v, _ := strconv.ParseFloat(os.Getenv(k), 64)
		return v
	}
	o.Hidden, o.Layers, o.Epochs, o.Folds = int(num("ENC_HIDDEN")), int(num("ENC_LAYERS")), int(num("ENC_EPOCHS")), int(num("ENC_FOLDS"))
	o.KeepO, o.Dropout, o.Rate = num("ENC_KEEPO"), float32(num("ENC_DROPOUT")), float32(num("ENC_RATE"))
	return o
}

// encExperimentName lists the ENC_ variables set, for the result lines.
func encExperimentName() string {
	var parts []string
	for _, k := range []string{"ENC_VEC", "ENC_NO", "ENC_ROLES", "ENC_RCTX", "ENC_HIDDEN", "ENC_LAYERS", "ENC_NOCONV", "ENC_EPOCHS", "ENC_FOLDS", "ENC_KEEPO", "ENC_DROPOUT", "ENC_RATE", "MAXDOCS"} {
		if v := os.Getenv(k); v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, " ")
}
