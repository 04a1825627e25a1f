package ner

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/whosaid/whosaid/learn"
)

// The tagger file, version 2:
//
//	"WSNE"          magic
//	uint16 LE       version
//	uint64 LE       feature-template fingerprint
//	uvarint         length of the compressed lexicon and gazetteer, then
//	                them (flate; see lexicon.appendBinary and
//	                gazetteer.appendBinary)
//	the rest        the perceptron in the learn format
const (
	fileMagic   = "WSNE"
	fileVersion = 2
	// maxLexicon bounds the decompressed lexicon (about 10 bytes a word).
	maxLexicon = 32 << 20
)

// ErrFormat is wrapped by the errors Load returns for data that is not a
// valid tagger.
var ErrFormat = errors.New("invalid NER model")

// MarshalBinary encodes the tagger.
func (t *Tagger) MarshalBinary() ([]byte, error) {
	m, err := t.model.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("ner: encoding the perceptron: %w", err)
	}
	var lz bytes.Buffer
	zw, err := flate.NewWriter(&lz, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	lex := t.lex
	if lex == nil {
		lex = &lexicon{}
	}
	if _, err := zw.Write(t.gaz.appendBinary(lex.appendBinary(nil))); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	out := []byte(fileMagic)
	out = binary.LittleEndian.AppendUint16(out, fileVersion)
	out = binary.LittleEndian.AppendUint64(out, fingerprint())
	out = binary.AppendUvarint(out, uint64(lz.Len()))
	out = append(out, lz.Bytes()...)
	return append(out, m...), nil
}

// Load decodes a tagger written by MarshalBinary (such as the embedded
// models.NER()). It checks every part and returns an error wrapping
// ErrFormat for bad data; it never panics. The tagger does not keep data.
func Load(data []byte) (*Tagger, error) {
	t, err := load(data)
	if err != nil {
		return nil, fmt.Errorf("ner: %w: %v", ErrFormat, err)
	}
	return t, nil
}

func load(data []byte) (*Tagger, error) {
	if len(data) < 14 || string(data[:4]) != fileMagic {
		return nil, errors.New("bad magic")
	}
	if v := binary.LittleEndian.Uint16(data[4:]); v != fileVersion {
		return nil, fmt.Errorf("version %d, want %d", v, fileVersion)
	}
	if fp := binary.LittleEndian.Uint64(data[6:]); fp != fingerprint() {
		return nil, fmt.Errorf("feature fingerprint %x, this build has %x (retrain the model)", fp, fingerprint())
	}
	b := data[14:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, errors.New("lexicon length out of range")
	}
	b = b[k:]
	raw, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(b[:n])), maxLexicon+1))
	if err != nil {
		return nil, fmt.Errorf("decompressing the lexicon: %v", err)
	}
	if len(raw) > maxLexicon {
		return nil, errors.New("lexicon too large")
	}
	lex, rest, err := decodeLexicon(raw)
	if err != nil {
		return nil, err
	}
	gaz, rest, err := decodeGazetteer(rest)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%d bytes after the gazetteer", len(rest))
	}
	m, err := learn.Load(b[n:])
	if err != nil {
		return nil, err
	}
	if m.Fingerprint() != fingerprint() {
		return nil, errors.New("perceptron fingerprint differs from the file's")
	}
	// Laid out densely the model costs about 4 MB more and tags about a
	// fifth faster.
	m.Densify()
	return newTagger(m, lex, gaz)
}
