package wnformat

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// small is a valid data file text; its lemmas are real words but the
// classes are chosen for the test.
const small = "whosaid-wordnet 1\n" +
	"verbs 3\n" +
	"call on\t32\t100000000\n" +
	"say\t32\t40100000000\n" +
	"see\t39\t8000000000\n" +
	"nouns 2\n" +
	"spokesman\t18\t40000\n" +
	"statement\t10\t400\n" +
	"verb-exceptions 2\n" +
	"said\tsay\n" +
	"saw\tsee\tsay\n" +
	"noun-exceptions 1\n" +
	"spokesmen\tspokesman\n"

func smallData() *Data {
	return &Data{
		Verbs: []Entry{
			{"call on", 32, 1 << 32},
			{"say", 32, 1<<32 | 1<<42},
			{"see", 39, 1 << 39},
		},
		Nouns: []Entry{
			{"spokesman", 18, 1 << 18},
			{"statement", 10, 1 << 10},
		},
		VerbExceptions: []Exception{{"said", []string{"say"}}, {"saw", []string{"see", "say"}}},
		NounExceptions: []Exception{{"spokesmen", []string{"spokesman"}}},
	}
}

func TestParseSmall(t *testing.T) {
	d, err := Parse([]byte(small))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if want := smallData(); !reflect.DeepEqual(d, want) {
		t.Errorf("Parse = %+v\nwant %+v", d, want)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	var a, b bytes.Buffer
	if err := Encode(&a, smallData()); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	if err := Encode(&b, smallData()); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two Encodes of the same data differ")
	}
	zr, err := gzip.NewReader(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(text) != small {
		t.Errorf("Encode wrote\n%s\nwant\n%s", text, small)
	}
	if !zr.ModTime.IsZero() || zr.Name != "" {
		t.Errorf("gzip header has time %v, name %q; want none", zr.ModTime, zr.Name)
	}
	d, err := Decode(a.Bytes())
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if !reflect.DeepEqual(d, smallData()) {
		t.Errorf("Decode(Encode(d)) = %+v", d)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"magic", "wordnet 1", "wordnet 2", "first line"},
		{"count", "verbs 3", "verbs 4", `3 tab-separated fields in "nouns 2"`},
		{"short", "verbs 3", "verbs x", "bad count"},
		{"negative", "nouns 2", "nouns -1", "bad count"},
		{"fields", "say\t32\t", "say 32\t", "3 tab-separated"},
		{"first", "say\t32", "say\t300", "first lexfile"},
		{"mask", "40100000000", "zz", "mask"},
		{"noun class", "spokesman\t18\t40000", "spokesman\t32\t100000000", "outside"},
		{"first not in mask", "see\t39", "see\t38", "not in mask"},
		{"unsorted", "call on\t", "zzz\t", "not sorted"},
		{"repeat", "see\t39", "say\t32", "not sorted"},
		{"upper", "say\t32", "Say\t32", "bad lemma"},
		{"space", "call on", "call  on", "bad lemma"},
		{"no base", "said\tsay\n", "said\n", "no base"},
		{"unknown base", "saw\tsee\tsay", "saw\tsee\tspeak", "not a lemma"},
		{"noun base", "spokesmen\tspokesman", "spokesmen\tsay", "not a lemma"},
		{"trailing", "spokesman\n", "spokesman\nmore\n", "after the last section"},
		{"missing", "noun-exceptions 1\nspokesmen\tspokesman\n", "", "missing section"},
	}
	for _, tt := range tests {
		if !strings.Contains(small, tt.old) {
			t.Fatalf("%s: %q not in the small file", tt.name, tt.old)
		}
		text := strings.Replace(small, tt.old, tt.new, 1)
		_, err := Parse([]byte(text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	var big bytes.Buffer
	zw := gzip.NewWriter(&big)
	zw.Write(bytes.Repeat([]byte("a"), MaxDecoded+10))
	zw.Close()
	for name, data := range map[string][]byte{
		"empty":    nil,
		"not gzip": []byte(small),
		"too big":  big.Bytes(),
	} {
		if _, err := Decode(data); err == nil {
			t.Errorf("%s: Decode gave no error", name)
		}
	}
}

func TestEncodeRejects(t *testing.T) {
	d := smallData()
	d.Verbs[0], d.Verbs[1] = d.Verbs[1], d.Verbs[0]
	if err := Encode(io.Discard, d); err == nil {
		t.Error("Encode accepted unsorted verbs")
	}
	d = smallData()
	d.Nouns[0].Lemma = "tab\there"
	if err := Encode(io.Discard, d); !errors.Is(err, ErrBadLemma) {
		t.Errorf("Encode of a lemma with a tab: %v, want ErrBadLemma", err)
	}
}

func TestCheckLemma(t *testing.T) {
	for _, s := range []string{"say", "call on", "o'clock", "a-b", "1st", strings.Repeat("a", MaxLemma)} {
		if err := CheckLemma(s); err != nil {
			t.Errorf("CheckLemma(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", " say", "say ", "a  b", "Say", "s\tay", "caf\xc3\xa9", strings.Repeat("a", MaxLemma+1)} {
		if err := CheckLemma(s); err == nil {
			t.Errorf("CheckLemma(%q) accepted it", s)
		}
	}
}

// FuzzParse checks that Parse never panics and that what it accepts
// survives Encode and Decode unchanged.
func FuzzParse(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte(strings.Replace(small, "say\t32", "say\t33", 1)))
	f.Add([]byte("whosaid-wordnet 1\nverbs 0\nnouns 0\nverb-exceptions 0\nnoun-exceptions 0\n"))
	f.Add([]byte("whosaid-wordnet 1\nverbs 99999999\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, text []byte) {
		d, err := Parse(text)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Encode(&buf, d); err != nil {
			t.Fatalf("Encode of parsed data: %v", err)
		}
		d2, err := Decode(buf.Bytes())
		if err != nil {
			t.Fatalf("Decode of encoded data: %v", err)
		}
		if !reflect.DeepEqual(d, d2) {
			t.Fatalf("round trip changed the data:\n%+v\n%+v", d, d2)
		}
	})
}

// FuzzDecode feeds Decode raw bytes, compressed or not.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := Encode(&buf, smallData()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add([]byte(small))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(data)
		if err == nil && d == nil {
			t.Fatal("Decode gave neither data nor error")
		}
	})
}
