package eval

import (
	"reflect"
	"testing"
)

func TestSplitWords(t *testing.T) {
	// Expected runs were checked against Python 3: re.finditer(r"\w+", s).
	tests := []struct {
		text string
		want []word
	}{
		{"", []word{}},
		{"  ,.", []word{}},
		{"Bob said: “It’s 2°C, naïve café_3!”", []word{{0, 3}, {4, 8}, {11, 13}, {14, 15}, {16, 17}, {18, 19}, {21, 26}, {27, 33}}},
		{"cafe\u0301 ok", []word{{0, 4}, {6, 8}}},  // a combining mark ends a word
		{"x² Ⅻ", []word{{0, 2}, {3, 4}}},           // other numbers are word characters
		{"a😀b 中文", []word{{0, 1}, {2, 3}, {4, 6}}}, // one code point per emoji
		{"١٢ ½-a", []word{{0, 2}, {3, 4}, {5, 6}}},
		{"a\xffb", []word{{0, 1}, {2, 3}}}, // an invalid byte is one code point
		{"end_", []word{{0, 4}}},
	}
	for _, tt := range tests {
		got := splitWords(tt.text)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitWords(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestCover(t *testing.T) {
	words := splitWords("one two three, four") // [0,3) [4,7) [8,13) [15,19)
	tests := []struct {
		name   string
		pieces [][2]int
		want   wordSet
	}{
		{"none", nil, nil},
		{"exact word", [][2]int{{4, 7}}, wordSet{1}},
		{"partial words are not covered", [][2]int{{1, 10}}, wordSet{1}},
		{"punctuation only", [][2]int{{13, 14}}, nil},
		{"two pieces", [][2]int{{0, 3}, {15, 19}}, wordSet{0, 3}},
		{"overlapping pieces out of order", [][2]int{{8, 19}, {0, 13}}, wordSet{0, 1, 2, 3}},
		{"reversed piece", [][2]int{{7, 4}}, nil},
		{"beyond the text", [][2]int{{15, 900}}, wordSet{3}},
		{"negative start", [][2]int{{-5, 3}}, wordSet{0}},
	}
	for _, tt := range tests {
		if got := cover(words, tt.pieces); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: cover(%v) = %v, want %v", tt.name, tt.pieces, got, tt.want)
		}
	}
}

func BenchmarkSplitWords(b *testing.B) {
	text := ""
	for range 200 {
		text += "The senator said on Tuesday that “nothing has changed,” according to aides. "
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		splitWords(text)
	}
}
