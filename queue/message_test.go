package queue

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

var hash = strings.Repeat("ab", 32)

func TestEncodeDecode(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		body string
	}{
		{"inline", Message{ID: "a1", Text: "“We will,” she said."}, `{"v":1,"id":"a1","text":"“We will,” she said."}`},
		{"empty text", Message{ID: "a2"}, `{"v":1,"id":"a2","text":""}`},
		{"meta", Message{ID: "a3", Text: "x <b>", Meta: map[string]json.RawMessage{"date": json.RawMessage(`"2016-04-12"`)}},
			`{"v":1,"id":"a3","text":"x <b>","meta":{"date":"2016-04-12"}}`},
		{"ref", Message{ID: "big", Ref: "/shared/big.txt", Bytes: 2 << 20, SHA256: hash},
			`{"v":1,"id":"big","ref":"/shared/big.txt","bytes":2097152,"sha256":"` + hash + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Encode(tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.body {
				t.Errorf("Encode = %s\nwant     %s", b, tt.body)
			}
			got, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.m) {
				t.Errorf("Decode = %+v, want %+v", got, tt.m)
			}
		})
	}
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		body, inErr string
	}{
		{``, "EOF"},
		{`hello`, "invalid character"},
		{`[1,2]`, "cannot unmarshal array"},
		{"{\"v\":1,\"id\":\"a\",\"text\":\"\xff\"}", "not valid UTF-8"},
		{`{"id":"a","text":"x"}`, "schema version 0"},
		{`{"v":2,"id":"a","text":"x"}`, "schema version 2"},
		{`{"v":"1","id":"a","text":"x"}`, "cannot unmarshal string"},
		{`{"v":1,"text":"x"}`, "no id"},
		{`{"v":1,"id":7,"text":"x"}`, "cannot unmarshal number"},
		{`{"v":1,"id":"a"}`, "neither text nor ref"},
		{`{"v":1,"id":"a","text":null}`, "neither text nor ref"},
		{`{"v":1,"id":"a","text":"x","ref":"/f","sha256":"` + hash + `"}`, "both text and ref"},
		{`{"v":1,"id":"a","ref":"f.txt","sha256":"` + hash + `"}`, "not an absolute path"},
		{`{"v":1,"id":"a","ref":"/f.txt"}`, "not 64 hex digits"},
		{`{"v":1,"id":"a","ref":"/f.txt","sha256":"` + hash + `","bytes":-1}`, "negative bytes"},
		{`{"v":1,"id":"a","text":"x","bytes":3}`, "without ref"},
		{`{"v":1,"id":"a","text":"x"} {}`, "more than one"},
	}
	for _, tt := range tests {
		_, err := Decode([]byte(tt.body))
		if err == nil || !errors.Is(err, ErrNotDocument) || !strings.Contains(err.Error(), tt.inErr) {
			t.Errorf("Decode(%q) = %v; want ErrNotDocument saying %q", tt.body, err, tt.inErr)
		}
	}
}

func TestDecodeIgnoresUnknownFields(t *testing.T) {
	m, err := Decode([]byte(`{"v":1,"id":"a","text":"x","priority":3}`))
	if err != nil || m.ID != "a" || m.Text != "x" {
		t.Errorf("Decode = %+v, %v; want a, x", m, err)
	}
}

func TestEncodeRefuses(t *testing.T) {
	for _, m := range []Message{
		{Text: "no id"},
		{ID: "a", Text: "\xff"},
		{ID: "a", Ref: "rel.txt", SHA256: hash},
		{ID: "a", Text: "x", Meta: map[string]json.RawMessage{"k": json.RawMessage(`{`)}},
	} {
		if _, err := Encode(m); err == nil {
			t.Errorf("Encode(%+v) succeeded", m)
		}
	}
}

// FuzzDecode checks that Decode never panics, refuses only with
// ErrNotDocument, and that what it accepts encodes to a body that decodes
// to the same message and encodes the same again.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"v":1,"id":"a1","text":"“We will,” she said.","meta":{"date":"2016-04-12","n":[1,2]}}`))
	f.Add([]byte(`{"v":1,"id":"big","ref":"/shared/big.txt","bytes":5,"sha256":"` + hash + `"}`))
	f.Add([]byte(`{"v":2}`))
	f.Add([]byte("{\"v\":1,\"id\":\"a\",\"text\":\"\\ud800\"}"))
	f.Add([]byte(`{"v":1,"id":"a","text":"x","meta":{}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := Decode(body)
		if err != nil {
			if !errors.Is(err, ErrNotDocument) {
				t.Fatalf("Decode error %v does not wrap ErrNotDocument", err)
			}
			return
		}
		b, err := Encode(m)
		if err != nil {
			t.Fatalf("Encode of a decoded message %+v: %v", m, err)
		}
		m2, err := Decode(b)
		if err != nil {
			t.Fatalf("Decode(Encode(m)) = %v for %s", err, b)
		}
		b2, err := Encode(m2)
		if err != nil || string(b2) != string(b) {
			t.Fatalf("round trip changed the body:\n%s\n%s (%v)", b, b2, err)
		}
		if m2.ID != m.ID || m2.Text != m.Text || m2.Ref != m.Ref || m2.Bytes != m.Bytes || m2.SHA256 != m.SHA256 || len(m2.Meta) != len(m.Meta) {
			t.Fatalf("round trip changed the message: %+v, %+v", m, m2)
		}
	})
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want, secret string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222", ""},
		{"nats://bob:s3cret@h:4222,nats://bob:s3cret@g:4222", "nats://bob:xxxxx@h:4222,nats://bob:xxxxx@g:4222", "s3cret"},
		{"nats://tok3n@h:4222", "nats://xxxxx@h:4222", "tok3n"},
		{"postgres://whosaid:pw@127.0.0.1:5432/whosaid?sslmode=disable", "postgres://whosaid:xxxxx@127.0.0.1:5432/whosaid?sslmode=disable", "pw@"},
		{"postgres://u@h/db?password=hunter2", "postgres://u@h/db?password=xxxxx", "hunter2"},
		{"host=h user=u password='a b' dbname=d", "host=h user=u password=xxxxx dbname=d", "a b"},
		{"whosaid.db", "whosaid.db", ""},
	}
	for _, tt := range tests {
		got := Redact(tt.in)
		if got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.secret != "" && strings.Contains(Scrub("failed: "+tt.in, tt.in), strings.TrimSuffix(tt.secret, "@")) {
			t.Errorf("Scrub leaves the secret of %q", tt.in)
		}
	}
}
