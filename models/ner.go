package models

// NER returns the name tagger model (package ner).
func NER() []byte { return Bytes("ner.model") }
