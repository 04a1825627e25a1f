// Package models holds the trained model files of whosaid, embedded in the
// binary: one file per stage (tag.model, parse.model, ...). It imports
// nothing of whosaid; each stage decodes its own file.
package models

import "embed"

//go:embed *.model
var files embed.FS

// Bytes returns a copy of the embedded model file name ("tag.model"), or nil when the
// binary was built without it.
func Bytes(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil
	}
	return b
}

// Tag returns the part-of-speech tagger model (package tag).
func Tag() []byte { return Bytes("tag.model") }
