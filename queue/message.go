package queue

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"unicode/utf8"
)

// Version is the version of the message schema this package writes and
// reads. A message of another version is not a document to this worker
// and goes to the dead letters, where it can be read again once workers
// understand it.
const Version = 1

// ErrNotDocument is wrapped by the errors of [Decode]: the message is not
// a document of this schema (not JSON, not an object, another version, a
// field missing or of the wrong type).
var ErrNotDocument = errors.New("not a whosaid document message")

// Message is one document on the queue, as JSON:
//
//	{"v": 1, "id": "a1", "text": "...", "meta": {...}}
//	{"v": 1, "id": "a1", "ref": "/shared/a1.txt", "bytes": 2345678, "sha256": "...", "meta": {...}}
//
// A text small enough travels inline in "text"; a larger one travels as
// "ref", the absolute path of a file on a file system every worker
// mounts, with its size and the SHA-256 of its bytes, which the worker
// checks, so that a file changed since it was enqueued is not taken for
// the document. "meta" holds a JSONL input line's other fields and is
// left out when empty. Fields this version does not know are ignored.
type Message struct {
	ID     string                     // the document's id, not empty
	Text   string                     // the text, when inline
	Ref    string                     // the text's file, when not inline
	Bytes  int64                      // the referenced file's size
	SHA256 string                     // the referenced file's SHA-256, 64 hex digits
	Meta   map[string]json.RawMessage // other input fields, unchanged
}

// wire is the JSON form of a Message. Text is a pointer so that an empty
// inline text ("text": "") is told from no text at all.
type wire struct {
	V      int                        `json:"v"`
	ID     string                     `json:"id"`
	Text   *string                    `json:"text,omitempty"`
	Ref    string                     `json:"ref,omitempty"`
	Bytes  int64                      `json:"bytes,omitempty"`
	SHA256 string                     `json:"sha256,omitempty"`
	Meta   map[string]json.RawMessage `json:"meta,omitempty"`
}

// IsRef reports whether the message carries its text as a file reference.
func (m *Message) IsRef() bool { return m.Ref != "" }

// Encode returns the JSON body of m, after checking it as Decode would.
func Encode(m Message) ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	w := wire{V: Version, ID: m.ID, Meta: m.Meta}
	if m.IsRef() {
		w.Ref, w.Bytes, w.SHA256 = m.Ref, m.Bytes, m.SHA256
	} else {
		w.Text = &m.Text
	}
	if len(w.Meta) == 0 {
		w.Meta = nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		return nil, fmt.Errorf("encode %q: %w", m.ID, err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Decode reads a message body. Every error wraps [ErrNotDocument] and
// says what is wrong; a body that is not valid UTF-8 is refused before
// JSON sees it (JSON decoding would replace the bad bytes).
func Decode(body []byte) (Message, error) {
	var m Message
	if !utf8.Valid(body) {
		return m, fmt.Errorf("%w: body is not valid UTF-8", ErrNotDocument)
	}
	var w wire
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&w); err != nil {
		return m, fmt.Errorf("%w: %v", ErrNotDocument, err)
	}
	if dec.More() {
		return m, fmt.Errorf("%w: more than one JSON value", ErrNotDocument)
	}
	if w.V != Version {
		return m, fmt.Errorf("%w: schema version %d, this worker reads version %d", ErrNotDocument, w.V, Version)
	}
	m = Message{ID: w.ID, Ref: w.Ref, Bytes: w.Bytes, SHA256: w.SHA256, Meta: w.Meta}
	if w.Text != nil {
		if w.Ref != "" {
			return Message{}, fmt.Errorf("%w: %q has both text and ref", ErrNotDocument, w.ID)
		}
		m.Text = *w.Text
	} else if w.Ref == "" {
		return Message{}, fmt.Errorf("%w: %q has neither text nor ref", ErrNotDocument, w.ID)
	}
	if len(m.Meta) == 0 {
		m.Meta = nil
	}
	if err := m.check(); err != nil {
		return Message{}, err
	}
	return m, nil
}

// check reports what makes m no document.
func (m *Message) check() error {
	for k, v := range m.Meta {
		if !json.Valid(v) {
			return fmt.Errorf("%w: %q: meta field %q is not JSON", ErrNotDocument, m.ID, k)
		}
	}
	switch {
	case m.ID == "":
		return fmt.Errorf("%w: no id", ErrNotDocument)
	case !utf8.ValidString(m.ID) || !utf8.ValidString(m.Text) || !utf8.ValidString(m.Ref):
		return fmt.Errorf("%w: %q: not valid UTF-8", ErrNotDocument, m.ID)
	case !m.IsRef() && (m.Bytes != 0 || m.SHA256 != ""):
		return fmt.Errorf("%w: %q: bytes or sha256 without ref", ErrNotDocument, m.ID)
	case !m.IsRef():
		return nil
	case m.Text != "":
		return fmt.Errorf("%w: %q has both text and ref", ErrNotDocument, m.ID)
	case !filepath.IsAbs(m.Ref):
		return fmt.Errorf("%w: %q: ref %q is not an absolute path", ErrNotDocument, m.ID, m.Ref)
	case m.Bytes < 0:
		return fmt.Errorf("%w: %q: negative bytes", ErrNotDocument, m.ID)
	case !isSHA256(m.SHA256):
		return fmt.Errorf("%w: %q: sha256 %q is not 64 hex digits", ErrNotDocument, m.ID, m.SHA256)
	}
	return nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
