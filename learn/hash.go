package learn

// FNV-1a constants (64-bit).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Hasher builds a feature id from a template number and atoms without
// allocating. The zero value is ready after Reset:
//
//	var h learn.Hasher
//	h.Reset(7)
//	h.Str(prevTag)
//	h.Str(word)
//	id := h.Sum()
//
// Atoms are separated, so ("ab", "c") and ("a", "bc") give different ids.
type Hasher struct{ h uint64 }

// Reset starts a feature of template tmpl.
func (h *Hasher) Reset(tmpl uint32) {
	h.h = (fnvOffset ^ uint64(tmpl)) * fnvPrime
}

// Str adds a string atom.
func (h *Hasher) Str(s string) {
	x := h.h
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= fnvPrime
	}
	// 0xff never occurs in UTF-8 text: it ends the atom.
	h.h = (x ^ 0xff) * fnvPrime
}

// Bytes adds an atom given as bytes; it hashes as Str(string(b)) would.
func (h *Hasher) Bytes(b []byte) {
	x := h.h
	for _, c := range b {
		x ^= uint64(c)
		x *= fnvPrime
	}
	h.h = (x ^ 0xff) * fnvPrime
}

// AtomOf returns the hash of a string atom for Atom: a caller that puts
// the same string into many features (a word, for every template and every
// example that reads it) hashes it once this way instead of once per
// feature with Str. Atom(AtomOf(s)) gives other ids than Str(s): a stage
// uses one or the other for its templates, and retrains when it changes.
func AtomOf(s string) uint64 {
	x := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= fnvPrime
	}
	return mix(x ^ uint64(len(s)))
}

// Atom adds an atom given by its hash (AtomOf): one step whatever the
// length of the string.
func (h *Hasher) Atom(a uint64) {
	h.h = (h.h ^ a) * fnvPrime
}

// fnvPrime8 is fnvPrime to the eighth power (mod 2^64).
const fnvPrime8 = fnvPrime * fnvPrime * fnvPrime * fnvPrime * fnvPrime * fnvPrime * fnvPrime * fnvPrime % (1 << 64)

// Int adds an integer atom: the eight bytes of n, low byte first.
func (h *Hasher) Int(n int) {
	x := h.h ^ 0x1ff // differs from any byte, so Int(n) != Str(...)
	v := uint64(n)
	if v < 1<<8 {
		// Seven zero bytes follow the first: xor with zero changes
		// nothing, so their seven multiplications make one.
		h.h = (x ^ v) * fnvPrime8
		return
	}
	for i := 0; i < 8; i++ {
		x ^= v & 0xff
		x *= fnvPrime
		v >>= 8
	}
	h.h = x
}

// Sum returns the feature id.
func (h *Hasher) Sum() uint64 { return mix(h.h) }

// Feature returns the id of the feature of template tmpl over atoms; it
// equals the id a Hasher gives for the same template and Str atoms.
func Feature(tmpl uint32, atoms ...string) uint64 {
	var h Hasher
	h.Reset(tmpl)
	for _, a := range atoms {
		h.Str(a)
	}
	return h.Sum()
}

// Fingerprint hashes a description of a stage's feature templates (their
// names, in order, with a version) into the number recorded with
// [Model.SetFingerprint].
func Fingerprint(parts ...string) uint64 {
	return Feature(0xf1f1, parts...)
}
