// Package vectors maps words to pretrained word vectors, quantized to int8
// in a compact table meant to be embedded in the binary, so that the
// trained stages can generalise beyond the words of their training
// articles.
//
// A table (built by scripts/vectors.sh, which runs
// `go run ./vectors/internal/vecgen`; the embedded one, models/vectors.bin,
// is returned by Default) holds the most frequent words of
// GloVe 6B, 100 dimensions (Pennington, Socher and Manning 2014; Wikipedia
// and Gigaword newswire; public domain under the ODC PDDL), lowercased as
// GloVe is. Each vector is stored as int8 with one float32 scale.
//
// A Table is read-only once loaded and safe for concurrent use.
package vectors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/whosaid/whosaid/models"
)

// Default returns the embedded table (models/vectors.bin: GloVe 6B 100d,
// the 100,000 most frequent words), decoded once per process on first use
// and shared: a Table is read-only.
func Default() (*Table, error) { return defaultTable() }

var defaultTable = sync.OnceValues(func() (*Table, error) {
	b := models.Vectors()
	if b == nil {
		return nil, errors.New("vectors: the binary was built without models/vectors.bin")
	}
	return Load(b)
})

// The binary format, version 1:
//
//	"WSVEC"        magic
//	uint8          version
//	uvarint        dimensions d
//	uvarint        number of words n
//	n times        uvarint length + bytes of the word, most frequent first
//	n times        float32 LE scale
//	n*d int8       the quantized vectors, word after word
//	uint32 LE      CRC-32 (IEEE) of all the bytes before it
//
// The table is not compressed (int8 vectors do not compress) so that a
// loaded table reads the vectors in place, in the bytes given to Load.
const (
	magic   = "WSVEC"
	version = 1
	// maxDim and maxWords bound what a header may ask for, so that corrupt
	// bytes cannot ask for an absurd allocation.
	maxDim   = 1024
	maxWords = 1 << 22
)

// ErrFormat is wrapped by every error Load returns for bytes that are not
// a valid vector table.
var ErrFormat = errors.New("invalid vector table")

// Table is a read-only table of word vectors.
type Table struct {
	dim   int
	words []string
	index map[string]int32
	scale []float32
	data  []byte // int8 values
}

// Dim returns the number of dimensions of a vector.
func (t *Table) Dim() int { return t.dim }

// Len returns the number of words in the table.
func (t *Table) Len() int { return len(t.words) }

// Word returns the i-th word, 0 being the most frequent.
func (t *Table) Word(i int) string { return t.words[i] }

// Lookup returns the index of word, folded to lower case as the table's
// words are, and whether the table has it.
func (t *Table) Lookup(word string) (int, bool) {
	i, ok := t.index[word]
	if !ok {
		if low := Fold(word); low != word {
			i, ok = t.index[low]
		}
	}
	if !ok {
		return -1, false
	}
	return int(i), true
}

// Vector writes the vector of word i into dst (which must hold Dim
// values) and returns dst.
func (t *Table) Vector(i int, dst []float32) []float32 {
	dst = dst[:t.dim]
	sc := t.scale[i]
	for k, q := range t.data[i*t.dim : (i+1)*t.dim] {
		dst[k] = float32(int8(q)) * sc
	}
	return dst
}

// Fold returns word as the table's words are written: lower case, with
// typographic apostrophes and dashes replaced by their ASCII forms.
func Fold(word string) string {
	ascii := true
	for i := 0; i < len(word); i++ {
		if c := word[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return word
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u2018', '\u2019', '\u02bc':
			return '\''
		case '\u2013', '\u2014':
			return '-'
		}
		return unicode.ToLower(r)
	}, word)
}

// Build encodes a table of words and their vectors (all of dim values, at
// most 1024) in the format Load reads. Words must be distinct and
// non-empty; each vector is quantized to int8 with its own scale.
func Build(words []string, vecs [][]float32, dim int) ([]byte, error) {
	if dim <= 0 || dim > maxDim {
		return nil, fmt.Errorf("vectors: build: %d dimensions, want 1 to %d", dim, maxDim)
	}
	if len(words) != len(vecs) || len(words) > maxWords {
		return nil, fmt.Errorf("vectors: build: %d words and %d vectors (at most %d)", len(words), len(vecs), maxWords)
	}
	var body bytes.Buffer
	body.WriteString(magic)
	body.WriteByte(version)
	body.Write(binary.AppendUvarint(nil, uint64(dim)))
	body.Write(binary.AppendUvarint(nil, uint64(len(words))))
	seen := make(map[string]bool, len(words))
	for i, w := range words {
		if w == "" || seen[w] {
			return nil, fmt.Errorf("vectors: build: word %d %q is empty or repeated", i, w)
		}
		seen[w] = true
		body.Write(binary.AppendUvarint(nil, uint64(len(w))))
		body.WriteString(w)
	}
	scales := make([]float32, len(vecs))
	for i, v := range vecs {
		if len(v) != dim {
			return nil, fmt.Errorf("vectors: build: vector %d (%q) has %d values, want %d", i, words[i], len(v), dim)
		}
		var m float32
		for _, x := range v {
			if x != x || math.IsInf(float64(x), 0) {
				return nil, fmt.Errorf("vectors: build: vector %d (%q) holds %v", i, words[i], x)
			}
			m = max(m, abs(x))
		}
		scales[i] = m / 127
		body.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(scales[i])))
	}
	for i, v := range vecs {
		for _, x := range v {
			q := 0.0
			if scales[i] > 0 {
				q = math.Round(float64(x / scales[i]))
			}
			body.WriteByte(byte(int8(max(-127, min(127, q)))))
		}
	}
	body.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(body.Bytes())))
	return body.Bytes(), nil
}

func abs(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

// Load decodes a table written by Build. It checks the header, every
// length against the data and the checksum. The table reads its vectors
// in data, which must not be modified afterwards.
func Load(data []byte) (*Table, error) {
	fail := func(format string, a ...any) (*Table, error) {
		return nil, fmt.Errorf("vectors: load: %w: %s", ErrFormat, fmt.Sprintf(format, a...))
	}
	if len(data) < len(magic)+1 || string(data[:len(magic)]) != magic {
		return fail("bad magic")
	}
	if v := data[len(magic)]; v != version {
		return fail("version %d, want %d", v, version)
	}
	if len(data) < len(magic)+1+4 {
		return fail("truncated")
	}
	end := len(data) - 4
	if sum := binary.LittleEndian.Uint32(data[end:]); sum != crc32.ChecksumIEEE(data[:end]) {
		return fail("checksum mismatch")
	}
	r := data[len(magic)+1 : end]
	uv := func() (int, bool) {
		v, n := binary.Uvarint(r)
		if n <= 0 || v > math.MaxInt32 {
			return 0, false
		}
		r = r[n:]
		return int(v), true
	}
	dim, ok := uv()
	if !ok || dim == 0 || dim > maxDim {
		return fail("bad dimensions")
	}
	n, ok := uv()
	if !ok || n > maxWords || n > len(r) {
		return fail("bad number of words")
	}
	t := &Table{dim: dim, words: make([]string, n), index: make(map[string]int32, n)}
	for i := range n {
		l, ok := uv()
		if !ok || l == 0 || l > len(r) {
			return fail("word %d: bad length", i)
		}
		w := string(r[:l])
		r = r[l:]
		if _, dup := t.index[w]; dup {
			return fail("word %d %q repeated", i, w)
		}
		t.words[i] = w
		t.index[w] = int32(i)
	}
	if len(r) != n*4+n*dim {
		return fail("%d bytes of vectors, want %d", len(r), n*4+n*dim)
	}
	t.scale = make([]float32, n)
	for i := range n {
		s := math.Float32frombits(binary.LittleEndian.Uint32(r[4*i:]))
		if s != s || s < 0 || math.IsInf(float64(s), 0) {
			return fail("word %d: scale %v", i, s)
		}
		t.scale[i] = s
	}
	t.data = r[4*n:]
	return t, nil
}
