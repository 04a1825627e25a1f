package whosaid

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/whosaid/whosaid/output"
)

// windowParagraph is an invented news paragraph with direct, indirect and
// nested statements, two speakers and non-ASCII characters, so that
// code-point offsets differ from byte offsets.
const windowParagraph = `“We will not sell the harbour to anyone,” said Dana Okafor, the mayor of Port Elwin. ` +
	`The council’s treasurer, Piet Varga, said that the budget for the new pier would be cut by a third. ` +
	`According to Okafor, the ferries will keep running through the winter. ` +
	`The mayor was greeted with chants of “Sell it!” at a meeting in Elwin last week, according to the ferry union. ` +
	`Varga warned that fares could rise: “Nobody likes it, but the numbers are the numbers.”`

// shiftSpan returns s with its offsets moved by d code points.
func shiftSpan(s *output.Span, d int) *output.Span {
	if s == nil {
		return nil
	}
	c := &output.Span{Text: s.Text, Entity: s.Entity}
	for _, p := range s.Spans {
		c.Spans = append(c.Spans, [2]int{p[0] + d, p[1] + d})
	}
	return c
}

// renumber returns the id "s7" moved by d statements.
func renumber(t *testing.T, id string, d int) string {
	t.Helper()
	n, err := strconv.Atoi(strings.TrimPrefix(id, "s"))
	if err != nil {
		t.Fatalf("statement id %q: %v", id, err)
	}
	return "s" + strconv.Itoa(n+d)
}

// TestWindowedRepeats extracts a document made of one paragraph repeated
// many times, processed in windows, and expects from each copy the
// statements of the paragraph alone, shifted to the copy, with ids running
// on and the speakers of all copies joined by name.
func TestWindowedRepeats(t *testing.T) {
	p := newPipeline(t)
	ctx := context.Background()
	one, err := p.Extract(ctx, Doc{ID: "one", Text: windowParagraph})
	if err != nil {
		t.Fatal(err)
	}
	nested := 0
	for _, s := range one.Statements {
		if s.Parent != nil {
			nested++
		}
	}
	if len(one.Statements) < 4 || nested == 0 || len(one.Speakers) < 2 {
		t.Fatalf("the paragraph alone gives %d statements (%d nested) and %d speakers; the test needs at least 4, 1 and 2",
			len(one.Statements), nested, len(one.Speakers))
	}
	unit := windowParagraph + "\n\n"
	tests := []struct {
		name   string
		window int // 0: WindowBytes
		copies int
	}{
		{"default window", 0, 2*WindowBytes/len(unit) + 10},
		{"three paragraphs a window", 3*len(unit) + 10, 20},
		{"one paragraph a window", len(unit) + 10, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := *p
			q.window = tt.window
			doc := strings.Repeat(unit, tt.copies)
			res, err := q.Extract(ctx, Doc{ID: "long", Text: doc})
			if err != nil {
				t.Fatal(err)
			}
			checkSpans(t, doc, res)
			n := len(one.Statements)
			if len(res.Statements) != n*tt.copies {
				t.Fatalf("%d statements, want %d (%d copies of %d)", len(res.Statements), n*tt.copies, tt.copies, n)
			}
			shift := utf8.RuneCountInString(unit)
			for i, got := range res.Statements {
				c, w := i/n, one.Statements[i%n]
				want := output.Statement{
					ID:      "s" + strconv.Itoa(i+1),
					Kind:    w.Kind,
					Type:    w.Type,
					Act:     w.Act,
					Negated: w.Negated,
					Quote:   w.Quote,
					Cue:     shiftSpan(w.Cue, c*shift),
					Source:  shiftSpan(w.Source, c*shift),
					Content: shiftSpan(w.Content, c*shift),
					Target:  shiftSpan(w.Target, c*shift),
				}
				if w.Parent != nil {
					id := renumber(t, *w.Parent, c*n)
					want.Parent = &id
				}
				if (got.Speaker == nil) != (w.Speaker == nil) || got.Speaker != nil && got.Speaker.Name != w.Speaker.Name {
					t.Fatalf("statement %d (copy %d): speaker %v, want %v", i, c, got.Speaker, w.Speaker)
				}
				got.Speaker = nil
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("statement %d (copy %d):\n got %s\nwant %s", i, c, show(got), show(want))
				}
			}
			// Within a window, speaker.Resolve may keep two entities of
			// one name apart (two descriptions "the ferry union"); across
			// windows they are joined by name. So the mentions of each
			// name are those of every copy, and with one copy a window
			// the speakers are those of one copy.
			got, want := map[string][][2]int{}, map[string][][2]int{}
			ids := map[string]string{}
			for k, sp := range res.Speakers {
				if sp.ID != "e"+strconv.Itoa(k+1) {
					t.Errorf("speaker %d has id %s", k, sp.ID)
				}
				got[sp.Name] = append(got[sp.Name], sp.Mentions...)
				ids[sp.ID] = sp.Name
			}
			for c := range tt.copies {
				for _, sp := range one.Speakers {
					for _, m := range sp.Mentions {
						want[sp.Name] = append(want[sp.Name], [2]int{m[0] + c*shift, m[1] + c*shift})
					}
				}
			}
			for name := range got {
				slices.SortFunc(got[name], func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
				slices.SortFunc(want[name], func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("mentions by name:\n got %v\nwant %v", got, want)
			}
			for _, s := range res.Statements {
				if s.Speaker != nil && ids[s.Speaker.ID] != s.Speaker.Name {
					t.Errorf("%s: speaker %s %q, but %s is %q", s.ID, s.Speaker.ID, s.Speaker.Name, s.Speaker.ID, ids[s.Speaker.ID])
				}
			}
			if tt.window == len(unit)+10 {
				for k, sp := range res.Speakers {
					if k >= len(one.Speakers) || sp.ID != one.Speakers[k].ID || sp.Name != one.Speakers[k].Name ||
						sp.Type != one.Speakers[k].Type || !reflect.DeepEqual(sp.Titles, one.Speakers[k].Titles) {
						t.Errorf("speaker %d = %+v, want the speakers of one copy %+v", k, sp, one.Speakers)
						break
					}
				}
			}
		})
	}
}

func show(s output.Statement) string {
	str := func(sp *output.Span) string {
		if sp == nil {
			return "nil"
		}
		return fmt.Sprintf("%v %q %s", sp.Spans, sp.Text, sp.Entity)
	}
	sp, par := "nil", "nil"
	if s.Speaker != nil {
		sp = s.Speaker.ID + " " + s.Speaker.Name
	}
	if s.Parent != nil {
		par = *s.Parent
	}
	return fmt.Sprintf("%s %s %s/%s negated %v cue %s source %s content %s target %s speaker %s parent %s",
		s.ID, s.Kind, s.Type, s.Act, s.Negated, str(s.Cue), str(s.Source), str(s.Content), str(s.Target), sp, par)
}

// TestLongSentence extracts an invented text of 100,000 words with no
// sentence boundary: it is cut into windows like any other, and every
// statement stays within one window.
func TestLongSentence(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts 600 KB")
	}
	words := strings.Fields("the harbour board of Port Elwin said that the ferries would keep running and")
	var b strings.Builder
	for i := range 100_000 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[i%len(words)])
	}
	doc := b.String()
	res, err := newPipeline(t).Extract(context.Background(), Doc{ID: "sentence", Text: doc})
	if err != nil {
		t.Fatal(err)
	}
	checkSpans(t, doc, res)
	if len(res.Statements) == 0 {
		t.Error("no statements in 100,000 words holding 'said that' every 14")
	}
	for _, s := range res.Statements {
		if n := len(s.Content.Text); n > WindowBytes {
			t.Fatalf("%s: content of %d bytes, longer than a window", s.ID, n)
		}
	}
	for start := 0; start < len(doc); {
		n := windowEnd(doc[start:], WindowBytes)
		if n <= 0 || n > WindowBytes || n < WindowBytes/2 && start+n < len(doc) {
			t.Fatalf("window at byte %d: %d bytes, want up to %d and at least half that", start, n, WindowBytes)
		}
		start += n
	}
}

func TestWindowEnd(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  int
		want string // the first window
	}{
		{"short text whole", "He said so.", 100, "He said so."},
		{"empty", "", 10, ""},
		{"last paragraph start",
			"One two.\n\nThree four.\n\nFive six seven eight", 30,
			"One two.\n\nThree four.\n\n"},
		{"not before a paragraph opening a quotation",
			"One two.\n\nThree four.\n\n“Five six seven eight", 30,
			"One two.\n\n"},
		{"before a quotation when every paragraph opens one",
			"“One two.\n\n“Three four.\n\n“Five six seven eight", 32,
			"“One two.\n\n“Three four.\n\n"},
		{"last sentence start",
			"One two. Three four. Five six seven eight", 30,
			"One two. Three four. "},
		{"not inside a quotation",
			"One two. “Three four. Five six. Seven eight nine", 45,
			"One two. "},
		{"a token after a space",
			"aaaa bbbb cccc dddd", 12,
			"aaaa bbbb "},
		{"leading space, then a long word",
			"   " + strings.Repeat("x", 50), 20,
			"   "},
		{"one long word: a rune boundary",
			strings.Repeat("é", 30), 11,
			strings.Repeat("é", 5)},
	}
	for _, tt := range tests {
		got := tt.text[:windowEnd(tt.text, tt.max)]
		if got != tt.want {
			t.Errorf("%s: window %q, want %q", tt.name, got, tt.want)
		}
	}
}

// FuzzWindowEnd checks that any text is cut into windows of at most max
// bytes, each ending on a rune boundary, covering the text.
func FuzzWindowEnd(f *testing.F) {
	f.Add("One two.\n\n“Three four.\n\nFive”", 12)
	f.Add(strings.Repeat("é ", 300), 64)
	f.Add("\n\n\n  x", 1)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 1 || max > 1<<16 || !utf8.ValidString(s) {
			return
		}
		for start := 0; start < len(s); {
			n := windowEnd(s[start:], max)
			if n <= 0 || n > max && n > utf8.UTFMax {
				t.Fatalf("window at byte %d of %q: %d bytes (max %d)", start, s, n, max)
			}
			start += n
			if start < len(s) && !utf8.RuneStart(s[start]) {
				t.Fatalf("window at byte %d of %q ends inside a rune", start, s)
			}
		}
	})
}

// BenchmarkExtractLong measures the windowed path: an invented document of
// about 512 KB (four windows), one paragraph repeated.
func BenchmarkExtractLong(b *testing.B) {
	unit := windowParagraph + "\n\n"
	doc := Doc{ID: "long", Text: strings.Repeat(unit, 4*WindowBytes/len(unit))}
	p := newPipeline(b)
	b.SetBytes(int64(len(doc.Text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Extract(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
}
