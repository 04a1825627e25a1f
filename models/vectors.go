package models

import (
	_ "embed" // the vector table
	"unsafe"
)

// vectorsBin is embedded as a string, which lives in the binary's
// read-only data, rather than read from files, which copies: the table is
// 11 MB and package vectors reads it in place.
//
//go:embed vectors.bin
var vectorsBin string

// Vectors returns the word vector table (package vectors): GloVe 6B 100d,
// the 100,000 most frequent words, int8, built by scripts/vectors.sh.
// Unlike Bytes it does not copy: the slice is the binary's read-only data,
// and writing to it crashes the program.
func Vectors() []byte {
	return unsafe.Slice(unsafe.StringData(vectorsBin), len(vectorsBin))
}
