package wordnet

import (
	"bytes"
	"compress/gzip"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestEmbeddedDecodes(t *testing.T) {
	lx, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	// Counts printed by wngen's output (see the package doc); a much
	// smaller table means a broken generator or a truncated file.
	if n := len(lx.words); n < 50000 {
		t.Errorf("embedded table has %d lemmas, want over 50000", n)
	}
	verbExc := 0
	for _, e := range lx.words {
		if e.exc != nil && len(e.exc.verbs) > 0 {
			verbExc++
		}
	}
	if verbExc < 1800 {
		t.Errorf("embedded table has %d verb exceptions, want over 1800", verbExc)
	}
	lx2, err := Load()
	if lx2 != lx || err != nil {
		t.Errorf("second Load gave %p, %v; want the same Lexicon %p", lx2, err, lx)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		word  string
		pos   POS
		lemma string
		first Class
		has   []Class // classes that must be in the set
		not   []Class // classes that must not be
	}{
		{"say", Verb, "say", VerbCommunication, []Class{VerbCommunication, VerbStative}, []Class{NounCommunication}},
		{"said", Verb, "say", VerbCommunication, nil, nil},
		{"Said", Verb, "say", VerbCommunication, nil, nil},
		{"SAYS", Verb, "say", VerbCommunication, nil, nil},
		{"saying", Verb, "say", VerbCommunication, nil, nil},
		{"told", Verb, "tell", VerbCommunication, []Class{VerbCognition}, nil},
		// WordNet: pledge v 1 "promise solemnly" is verb.communication; other
		// senses are verb.possession (pledge money) and verb.consumption (toast).
		{"pledged", Verb, "pledge", VerbCommunication, []Class{VerbPossession, VerbConsumption}, []Class{VerbSocial}},
		{"cited", Verb, "cite", VerbCommunication, []Class{VerbCreation}, nil},
		{"cites", Verb, "cite", VerbCommunication, nil, nil},
		{"maintains", Verb, "maintain", VerbStative, []Class{VerbCommunication, VerbCognition}, nil},
		{"assumes", Verb, "assume", VerbCognition, nil, []Class{VerbCommunication}},
		{"urging", Verb, "urge", VerbCommunication, nil, nil},
		{"accused", Verb, "accuse", VerbCommunication, nil, nil},
		{"denies", Verb, "deny", VerbCommunication, nil, nil},
		{"saw", Verb, "see", VerbPerception, nil, nil}, // exception before the lemma "saw"
		{"called on", Verb, "call on", VerbCommunication, nil, nil},
		{"pointed out", Verb, "point out", VerbCommunication, nil, nil},
		{"Pointed_Out", Verb, "point out", VerbCommunication, nil, nil},
		{"spokesmen", Noun, "spokesman", NounPerson, nil, []Class{VerbCommunication}},
		{"spokesman", Noun, "spokesman", NounPerson, nil, nil},
		{"ministries", Noun, "ministry", NounGroup, []Class{NounArtifact}, nil},
		{"statements", Noun, "statement", NounCommunication, nil, nil},
		{"criticism", Noun, "criticism", NounCommunication, []Class{NounCognition}, nil},
		{"condemnation", Noun, "condemnation", NounCommunication, []Class{NounAct}, nil},
		{"news", Noun, "news", NounCommunication, nil, nil}, // not "new"
		{"secretaries", Noun, "secretary", NounPerson, nil, nil},
		// Not found.
		{"said", Noun, "", None, nil, nil},
		{"statement", Verb, "", None, nil, nil},
		{"cars", Noun, "", None, nil, nil}, // car is noun.artifact only: not kept
		{"xqzzyv", Verb, "", None, nil, nil},
		{"xqzzyv", Noun, "", None, nil, nil},
		{"say", 0, "", None, nil, nil},
		{"say", 9, "", None, nil, nil},
		{"", Verb, "", None, nil, nil},
		{" ", Verb, "", None, nil, nil},
		{"s", Verb, "", None, nil, nil},
		{"\xff\xfe", Verb, "", None, nil, nil},
		{"sa\x00id", Verb, "", None, nil, nil},
		{"saïd", Verb, "", None, nil, nil},
		{"said\n", Verb, "", None, nil, nil},
		{strings.Repeat("a", 1<<20), Verb, "", None, nil, nil},
		{strings.Repeat("said ", 1<<18), Verb, "", None, nil, nil},
	}
	for _, tt := range tests {
		name := tt.word
		if len(name) > 20 {
			name = name[:20]
		}
		r := Lookup(tt.word, tt.pos)
		if r.Lemma != tt.lemma || r.First != tt.first {
			t.Errorf("Lookup(%q, %d) = %q %v (%v), want %q %v", name, tt.pos, r.Lemma, r.First, r.Classes, tt.lemma, tt.first)
			continue
		}
		if r.Found() != (tt.lemma != "") {
			t.Errorf("Lookup(%q, %d).Found() = %v", name, tt.pos, r.Found())
		}
		if tt.lemma == "" && r.Classes != 0 {
			t.Errorf("Lookup(%q, %d) not found but has classes %v", name, tt.pos, r.Classes)
		}
		if tt.lemma != "" && !r.Classes.Has(r.First) {
			t.Errorf("Lookup(%q, %d): first class %v not in %v", name, tt.pos, r.First, r.Classes)
		}
		for _, c := range tt.has {
			if !r.Classes.Has(c) {
				t.Errorf("Lookup(%q, %d) = %v, want %v in it", name, tt.pos, r.Classes, c)
			}
		}
		for _, c := range tt.not {
			if r.Classes.Has(c) {
				t.Errorf("Lookup(%q, %d) = %v, want no %v", name, tt.pos, r.Classes, c)
			}
		}
	}
}

func TestLookupPhrase(t *testing.T) {
	tests := []struct {
		verb, rest, lemma string
	}{
		{"called", "on", "call on"},
		{"Points", "OUT", "point out"},
		{"spoke", "up", "speak up"},
		{"told", "off", "tell off"},
		{"said", "", "say"},
		{"said", "xqz", ""},
		{"", "on", ""},
		{"called", "\xff", ""},
		{"called", strings.Repeat("on", 1<<19), ""},
	}
	for _, tt := range tests {
		r := LookupPhrase(tt.verb, tt.rest)
		if r.Lemma != tt.lemma {
			t.Errorf("LookupPhrase(%q, %.10q) = %q, want %q", tt.verb, tt.rest, r.Lemma, tt.lemma)
		}
	}
}

func TestNilLexicon(t *testing.T) {
	var lx *Lexicon
	if r := lx.Lookup("said", Verb); r.Found() {
		t.Errorf("nil Lexicon found %v", r)
	}
	if r := lx.LookupPhrase("called", "on"); r.Found() {
		t.Errorf("nil Lexicon found %v", r)
	}
}

func TestDecodeCorrupt(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	flipped := bytes.Clone(classesDat)
	flipped[len(flipped)/2] ^= 0x40
	tests := map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("whosaid-wordnet 1\n"),
		"truncated": classesDat[:len(classesDat)/2],
		"flipped":   flipped,
		"bad magic": gz("whosaid-wordnet 2\nverbs 0\nnouns 0\nverb-exceptions 0\nnoun-exceptions 0\n"),
		"bad class": gz("whosaid-wordnet 1\nverbs 1\nsay\t10\t400\nnouns 0\nverb-exceptions 0\nnoun-exceptions 0\n"),
		"no base":   gz("whosaid-wordnet 1\nverbs 1\nsay\t32\t100000000\nnouns 0\nverb-exceptions 1\nsaid\tspeak\nnoun-exceptions 0\n"),
	}
	for name, data := range tests {
		if lx, err := Decode(data); err == nil {
			t.Errorf("%s: Decode gave no error (%d lemmas)", name, len(lx.words))
		}
	}
	ok := gz("whosaid-wordnet 1\nverbs 1\nsay\t32\t100000000\nnouns 0\nverb-exceptions 1\nsaid\tsay\nnoun-exceptions 0\n")
	lx, err := Decode(ok)
	if err != nil {
		t.Fatalf("Decode of a small valid file: %v", err)
	}
	if r := lx.Lookup("said", Verb); r.Lemma != "say" || r.First != VerbCommunication {
		t.Errorf("small file: Lookup(said) = %+v", r)
	}
}

func TestLookupNoAlloc(t *testing.T) {
	if _, err := Load(); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Said", "spokesmen", "xqzzyv", "pointed out", "criticisms"} {
		pos := Verb
		if w == "spokesmen" || w == "criticisms" {
			pos = Noun
		}
		if n := testing.AllocsPerRun(100, func() { Lookup(w, pos) }); n != 0 {
			t.Errorf("Lookup(%q) makes %v allocations, want 0", w, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { LookupPhrase("told", "off") }); n != 0 {
		t.Errorf("LookupPhrase makes %v allocations, want 0", n)
	}
}

func TestConcurrentLookup(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				if r := Lookup("said", Verb); r.Lemma != "say" {
					t.Errorf("concurrent Lookup(said) = %q", r.Lemma)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestClass(t *testing.T) {
	if got := VerbCommunication.String(); got != "verb.communication" {
		t.Errorf("VerbCommunication.String() = %q", got)
	}
	if got := NounTops.String(); got != "noun.Tops" {
		t.Errorf("NounTops.String() = %q", got)
	}
	if got := None.String(); got != "none" {
		t.Errorf("None.String() = %q", got)
	}
	if got := Class(200).String(); got != "Class(200)" {
		t.Errorf("Class(200).String() = %q", got)
	}
	for c := AdjAll; c < numClasses; c++ {
		if p, ok := ParseClass(c.String()); !ok || p != c {
			t.Errorf("ParseClass(%q) = %v, %v", c.String(), p, ok)
		}
	}
	if _, ok := ParseClass("none"); ok {
		t.Error(`ParseClass("none") succeeded`)
	}
	if AdjPpl != 45 || VerbCommunication != 33 {
		t.Errorf("class numbering moved: AdjPpl=%d VerbCommunication=%d", AdjPpl, VerbCommunication)
	}
}

func TestSet(t *testing.T) {
	var s Set
	s = s.Add(VerbSocial).Add(NounPerson).Add(None).Add(Class(99)).Add(NounPerson)
	if s.Len() != 2 || !s.Has(VerbSocial) || !s.Has(NounPerson) || s.Has(VerbBody) || s.Has(None) || s.Has(Class(99)) {
		t.Errorf("set %b: Len %d, Has wrong", s, s.Len())
	}
	if got := s.String(); got != "noun.person|verb.social" {
		t.Errorf("String() = %q", got)
	}
	var got []Class
	for c := range s.All() {
		got = append(got, c)
		break
	}
	if len(got) != 1 || got[0] != NounPerson {
		t.Errorf("All with break = %v", got)
	}
	if Set(0).String() != "" {
		t.Errorf("empty set String() = %q", Set(0).String())
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"said", "Spokesmen", "pointed out", "\xff", "", "ies", "men", "a  b", "_"} {
		f.Add(s, uint8(Verb))
		f.Add(s, uint8(Noun))
	}
	f.Fuzz(func(t *testing.T, word string, p uint8) {
		pos := POS(p)
		r := Lookup(word, pos)
		if !r.Found() {
			if r != (Result{}) {
				t.Fatalf("Lookup(%q, %d) not found but = %+v", word, p, r)
			}
			return
		}
		if !r.Classes.Has(r.First) {
			t.Fatalf("Lookup(%q, %d): first %v not in %v", word, p, r.First, r.Classes)
		}
		var allowed Set
		for c := NounTops; c <= NounTime; c++ {
			allowed = allowed.Add(c)
		}
		if pos == Verb {
			allowed = 0
			for c := VerbBody; c <= VerbWeather; c++ {
				allowed = allowed.Add(c)
			}
		}
		if r.Classes&^allowed != 0 {
			t.Fatalf("Lookup(%q, %d) = %v: classes of another part of speech", word, p, r.Classes)
		}
		if !utf8.ValidString(r.Lemma) || strings.ToLower(r.Lemma) != r.Lemma {
			t.Fatalf("Lookup(%q, %d): lemma %q not lower-case text", word, p, r.Lemma)
		}
		if again := Lookup(r.Lemma, pos); !again.Found() {
			t.Fatalf("Lookup(%q, %d) = %q, which is not found itself", word, p, r.Lemma)
		}
	})
}

// benchTokens is a made-up news sentence, tokenised, with the coarse part
// of speech a tagger would give.
var benchTokens = []struct {
	word string
	pos  POS
}{
	{"The", Noun}, {"ministry", Noun}, {"spokesman", Noun}, {"said", Verb},
	{"on", Noun}, {"Tuesday", Noun}, {"that", Noun}, {"officials", Noun},
	{"had", Verb}, {"pledged", Verb}, {"to", Noun}, {"review", Verb},
	{"the", Noun}, {"criticisms", Noun}, {"raised", Verb}, {"by", Noun},
	{"lawmakers", Noun}, {",", Noun}, {"citing", Verb}, {"statements", Noun},
	{"issued", Verb}, {"after", Noun}, {"protests", Noun}, {"erupted", Verb},
}

func BenchmarkLookup(b *testing.B) {
	if _, err := Load(); err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, t := range benchTokens {
		n += len(t.word)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	found := 0
	for b.Loop() {
		for _, t := range benchTokens {
			if Lookup(t.word, t.pos).Found() {
				found++
			}
		}
	}
	if found == 0 {
		b.Fatal("nothing found")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchTokens)), "ns/token")
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(classesDat)))
	for b.Loop() {
		if _, err := Decode(classesDat); err != nil {
			b.Fatal(err)
		}
	}
}
