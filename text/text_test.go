package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func forms(d *Doc) []string {
	var out []string
	for i := range d.Tokens {
		out = append(out, d.Form(i))
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by "|"
	}{
		{"", ""},
		{"al-Nusra Front", "al-Nusra|Front"},
		{"Stephen O’brien and O'Brien", "Stephen|O’brien|and|O'Brien"},
		{"the U.S. is", "the|U.S.|is"},
		{"Deputy UN Secretary-General", "Deputy|UN|Secretary-General"},
		{"The evening of 29 September", "The|evening|of|29|September"},
		{"stop,” — said Pauer.", "stop|,|”|—|said|Pauer|."},
		{"Clinton’s team didn't", "Clinton|’s|team|did|n't"},
		{"Mr. Smith met Gen. Jones in Jan. 2016", "Mr.|Smith|met|Gen.|Jones|in|Jan.|2016"},
		{"$1,000.50 or 3.5% on 9/11 at 10:30", "$|1,000.50|or|3.5|%|on|9/11|at|10:30"},
		{"wait... what -- no", "wait|...|what|--|no"},
		{"see https://example.org/a?b=1, then", "see|https://example.org/a?b=1|,|then"},
		{"mail a.b@example.com now", "mail|a.b@example.com|now"},
		{"#Aleppo @StateDept AT&T", "#Aleppo|@StateDept|AT&T"},
		{"«Да» „ja“", "«|Да|»|„|ja|“"},
		{"emoji 😀!", "emoji|😀|!"},
		{"bad\xffbyte", "bad|\xff|byte"},
		{"NUL\x00here", "NUL|here"},
		{"\ufeffBOM", "BOM"},
		{"No. 5 and no.", "No.|5|and|no|."},
		{"e\u0301te", "e\u0301te"},
		{"''We are ready,'' Mr. Holt said.", "''|We|are|ready|,|''|Mr.|Holt|said|."},
		{"``Yes,'' she said", "``|Yes|,|''|she|said"},
		{"Lisa M. Madigan and J. J. Price", "Lisa|M.|Madigan|and|J.|J.|Price"},
		{"vitamin C. The end", "vitamin|C|.|The|end"},
	}
	for _, tt := range tests {
		d := New(tt.in)
		if got := strings.Join(forms(d), "|"); got != tt.want {
			t.Errorf("New(%q) tokens = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	in := "“Quote,” — said O’brien 😀 in\u00a0Aleppo.\r\nNext"
	d := New(in)
	runes := []rune(in)
	for i, tok := range d.Tokens {
		if got, want := string(runes[tok.Start:tok.End]), d.Form(i); got != want {
			t.Errorf("token %d: code points give %q, bytes give %q", i, got, want)
		}
	}
	if k := d.Tokens[len(d.Tokens)-1]; k.Flags&NewlineBefore == 0 {
		t.Errorf("last token lacks NewlineBefore")
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"He left. She stayed.", []string{"He left.", "She stayed."}},
		{"Mr. Smith went to Washington. He said so.", []string{"Mr. Smith went to Washington.", "He said so."}},
		{"The U.S. Senate voted. The U.S. The end.", []string{"The U.S. Senate voted.", "The U.S.", "The end."}},
		{"Headline with no period\n\nBody text here.", []string{"Headline with no period", "Body text here."}},
		{"“We will win.” Then he left.", []string{"“We will win.”", "Then he left."}},
		{"“Stop!” she said.", []string{"“Stop!” she said."}},
		{"It rose 3.5 percent. Prices fell.", []string{"It rose 3.5 percent.", "Prices fell."}},
		{"John F. Kennedy spoke.", []string{"John F. Kennedy spoke."}},
		{"Lisa M. Madigan spoke. J. J. Price did too.", []string{"Lisa M. Madigan spoke.", "J. J. Price did too."}},
		{"A line wrapped\nin the middle.", []string{"A line wrapped\nin the middle."}},
		{"Title\nFirst line.", []string{"Title", "First line."}},
		{"Is it? Yes. (Maybe.) No", []string{"Is it?", "Yes.", "(Maybe.)", "No"}},
	}
	for _, tt := range tests {
		d := New(tt.in)
		var got []string
		for _, s := range d.Sentences {
			got = append(got, d.Slice(s))
		}
		if strings.Join(got, "‖") != strings.Join(tt.want, "‖") {
			t.Errorf("New(%q) sentences = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	d := New("One. Two.\n\nThree.\n \n\nFour.")
	var got []string
	for _, p := range d.Paragraphs {
		got = append(got, d.Slice(p))
	}
	want := []string{"One. Two.", "Three.", "Four."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("paragraphs = %q, want %q", got, want)
	}
}

func TestQuotes(t *testing.T) {
	type q struct {
		inner    string
		balanced bool
		depth    int
	}
	tests := []struct {
		name string
		in   string
		want []q
	}{
		{"plain", "He said “we will win” today.", []q{{"we will win", true, 0}}},
		{"ascii", `He said "we will win" and "lose".`, []q{{"we will win", true, 0}, {"lose", true, 0}}},
		{"nested", "“He told me ‘no’ twice,” she said.", []q{{"He told me ‘no’ twice,", true, 0}, {"no", true, 1}}},
		{"apostrophe not a quote", "The Joneses’ house and ’90s.", nil},
		{"orphan close after quote", "“A gift” (an insertion) which they want,” — said X.",
			[]q{{"A gift", true, 0}, {"(an insertion) which they want,", false, 0}}},
		{"orphan close starts at sentence", "One thing. Then more words.” — said X.",
			[]q{{"Then more words.", false, 0}}},
		{"orphan close after a short introduction", "One thing. According to him, more words follow.” Done.",
			[]q{{"more words follow.", false, 0}}},
		{"orphan close after a colon", "One thing. He added: more words.”",
			[]q{{"more words.", false, 0}}},
		{"long introduction is not cut", "One thing. In the morning of a long and cold day, more words.”",
			[]q{{"In the morning of a long and cold day, more words.", false, 0}}},
		{"unclosed runs to paragraph end", "“First. Second.\n\nOther.", []q{{"First. Second.", false, 0}}},
		{"continued over paragraphs", "“First part.\n\n“Second part,” he said.",
			[]q{{"First part.", false, 0}, {"Second part,", true, 0}}},
		{"reversed glyphs", "He said ”irrational” again.", []q{{"irrational", true, 0}}},
		{"doubled apostrophes", "''We are ready,'' Mr. Holt said.", []q{{"We are ready,", true, 0}}},
		{"treebank quotes", "``Yes,'' she said.", []q{{"Yes,", true, 0}}},
		{"guillemets", "Он сказал «нет» вчера.", []q{{"нет", true, 0}}},
		{"german", "Er sagte „nein“ gestern.", []q{{"nein", true, 0}}},
		{"empty", "“” nothing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(tt.in)
			var got []q
			for _, r := range d.Quotes {
				got = append(got, q{d.Slice(r.Inner), r.Balanced(), r.Depth})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("quotes = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("quote %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestQuoteAt(t *testing.T) {
	d := New("A “b ‘c’ d” e")
	want := map[string]int{"A": -1, "b": 0, "c": 1, "d": 0, "e": -1}
	for i := range d.Tokens {
		w, ok := want[d.Form(i)]
		if !ok {
			continue
		}
		got := d.QuoteAt(i)
		if w < 0 && got >= 0 || w >= 0 && (got < 0 || d.Quotes[got].Depth != w) {
			t.Errorf("QuoteAt(%q) = %d, want depth %d", d.Form(i), got, w)
		}
	}
}

func TestLongSentenceBounded(t *testing.T) {
	in := strings.Repeat("word ", 100000)
	d := New(in)
	if len(d.Tokens) != 100000 {
		t.Fatalf("tokens = %d, want 100000", len(d.Tokens))
	}
	for _, s := range d.Sentences {
		if s.Len() > MaxSentenceTokens {
			t.Fatalf("sentence of %d tokens exceeds %d", s.Len(), MaxSentenceTokens)
		}
	}
}

// checkDoc verifies the structural invariants every Doc must satisfy.
func checkDoc(t *testing.T, in string, d *Doc) {
	t.Helper()
	prev := int32(0)
	cp := int32(0)
	for i, tok := range d.Tokens {
		if tok.Byte.Start < prev || tok.Byte.End <= tok.Byte.Start || int(tok.Byte.End) > len(in) {
			t.Fatalf("%q: token %d %+v out of order or bounds", in, i, tok)
		}
		cp += int32(utf8.RuneCountInString(in[prev:tok.Byte.Start]))
		if tok.Start != cp {
			t.Fatalf("%q: token %d code-point start %d, want %d", in, i, tok.Start, cp)
		}
		cp += int32(utf8.RuneCountInString(in[tok.Byte.Start:tok.Byte.End]))
		if tok.End != cp {
			t.Fatalf("%q: token %d code-point end %d, want %d", in, i, tok.End, cp)
		}
		prev = tok.Byte.End
	}
	for _, rs := range [][]Range{d.Sentences, d.Paragraphs} {
		next := 0
		for _, r := range rs {
			if r.Start != next || r.End <= r.Start {
				t.Fatalf("%q: ranges %v do not tile the tokens", in, rs)
			}
			next = r.End
		}
		if next != len(d.Tokens) {
			t.Fatalf("%q: ranges %v end at %d, want %d", in, rs, next, len(d.Tokens))
		}
	}
	for _, s := range d.Sentences {
		if s.Len() > MaxSentenceTokens {
			t.Fatalf("%q: sentence too long", in)
		}
	}
	for _, q := range d.Quotes {
		if q.Inner.Start < 0 || q.Inner.End > len(d.Tokens) || q.Inner.Len() <= 0 {
			t.Fatalf("%q: bad quote region %+v", in, q)
		}
	}
}

func FuzzNew(f *testing.F) {
	for _, s := range []string{"", "“Quote,” — said O’brien.", "U.S. Mr. 1,000.5 a-b", "«x» „y“ ‘z’ \"w\"",
		"bad\xff\xfe", "\n\n\n“", "”” ““", "www.x.org. http://", "a\u00a0b\r\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkDoc(t, in, New(in))
	})
}

func TestInvariantsOnFixtures(t *testing.T) {
	for _, in := range []string{"", " ", "\n\n", "“", "”", "...", strings.Repeat("“a ", 500), strings.Repeat("x, ", 1000)} {
		checkDoc(t, in, New(in))
	}
}
