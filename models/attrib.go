package models

// Attrib returns the learned attribution model (package attrib/learned).
func Attrib() []byte { return Bytes("attrib.model") }
