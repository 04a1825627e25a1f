package typeact

import (
	"os"
	"testing"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/tag"
	"github.com/whosaid/whosaid/text"
)

// kindOf tells whether a content's words are all, some or none inside
// quotation marks, as the extractor would.
func kindOf(d *text.Doc, content []text.Range) attrib.Kind {
	n, quoted := 0, 0
	for _, r := range content {
		for i := r.Start; i < r.End; i++ {
			if d.Tokens[i].Kind != text.Word {
				continue
			}
			n++
			if d.QuoteAt(i) >= 0 {
				quoted++
			}
		}
	}
	switch {
	case quoted == 0:
		return attrib.Indirect
	case quoted == n:
		return attrib.Direct
	}
	return attrib.Mixed
}

// TestMarkQuotes checks the quote flag on invented statements, one or more
// per condition: the type (speech and writing are quotes; thought, stance
// and evidence are not; nor is a negated cue), the source (a person, an
// organisation, a pronoun resolved to one; not none, not a document) and
// the content (a clause or a quotation; not a bare noun phrase).
func TestMarkQuotes(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// type
		{"[s The mayor] [c said] [t the bridge will reopen in May].", true},
		{"[s Ms. Okafor] [c wrote] [t that the budget was balanced].", true},
		{"[s Farmers] [c believe] [t the rain will come].", false},
		{"[s The union] [c wants] [t a shorter week for every worker].", false},
		{"[s A recent poll] [c shows] [t the race is tied].", false},
		{"[s The mayor] [c did not say] [t whether the bridge would reopen].", false},
		// source
		{"Mayor Maria Lopez spoke to the council on Monday. [s She] [c said] [t the bridge will reopen].", true},
		{"[s She] [c said] [t the bridge will reopen].", false},
		{"[s The ministry] [c announced] [t that the border would reopen].", true},
		{"[s The Daily Courier] [c reported] [t that turnout was low].", true},
		{"[s The memo] [c says] [t staff must return by Friday].", false},
		{"[s The website] [c says] [t the museum is closed on Mondays].", false},
		{"[s A report by the city council] [c says] [t the museum is closed on Mondays].", false},
		{"[t The bridge will reopen in May], [c said] a notice on the door.", false},
		// content
		{"“[t We will win this race],” [s Lind] [c said].", true},
		{"[s Lind] [c called] [t the plan “a gift to our rivals]”.", true},
		{"[s Lind] [c criticized] [t the “reform” plan].", false},
		{"[s The candidate] [c vowed] [t to cut taxes].", true},
		{"[s The mediator] [c urged] [t both sides to return to the table].", true},
		{"[s The mediator] [c pointed] [t the way to the table].", false},
		{"[s Lind] [c said] [t the talks collapsed].", true},
		{"[s Lind] [c said] [t he wants a recount].", true},
		{"[s Lind] [c told] reporters [t this week].", false},
		{"[s The coach] [c praised] [t the young goalkeeper].", false},
		{"[s Lind] [c unveiled a list of endorsements from] [t 95 retired generals].", false},
		{"Ms. Ruiz sent a letter [s that] [c says] [t the museum is closed].", false},
		{"[s Peskov] [c called] [t it a clumsy move].", false},
	}
	l := New()
	for _, tt := range tests {
		d, st := marked(t, tt.in)
		st.Kind = kindOf(d, st.Content)
		stmts := []attrib.Statement{st}
		ents, of := speaker.Resolve(d, stmts)
		labels := l.Label(d, stmts, ents)
		l.MarkQuotes(d, stmts, ents, of, labels, nil)
		if labels[0].Quote != tt.want {
			t.Errorf("%s: quote %v, want %v (type %v, negated %v, speaker %d of %d)", tt.in, labels[0].Quote, tt.want, labels[0].Type, labels[0].Negated, of[0], len(ents))
		}
	}
}

// TestMarkQuotesSafe checks that MarkQuotes accepts labels, speakers and
// ranges that do not fit the statements or the document.
func TestMarkQuotesSafe(t *testing.T) {
	d := text.New("Lind said the plan is dead.")
	stmts := []attrib.Statement{
		{Cue: []text.Range{{Start: 1, End: 2}}, Source: []text.Range{{Start: 0, End: 1}}, Content: []text.Range{{Start: 2, End: 99}}},
		{Cue: []text.Range{{Start: -5, End: 2}}, Source: []text.Range{{Start: 7, End: 3}}},
	}
	l := New()
	l.MarkQuotes(d, stmts, nil, []int{5}, make([]Label, 1), []string{"NN"})
	l.MarkQuotes(d, stmts, nil, nil, make([]Label, 2), nil)
	l.MarkQuotes(d, nil, nil, nil, nil, nil)
	labels := make([]Label, 2)
	l.MarkQuotes(d, stmts, []speaker.Entity{{Name: "Lind", Type: speaker.Person}}, []int{0, 0}, labels, nil)
	if !labels[0].Quote || labels[1].Quote {
		t.Errorf("quotes %v %v, want true false", labels[0].Quote, labels[1].Quote)
	}
}

func BenchmarkMarkQuotes(b *testing.B) {
	raw, err := os.ReadFile("../examples/aleppo.txt")
	if err != nil {
		b.Skip(err)
	}
	d := text.New(string(raw))
	stmts := attrib.New().Extract(d)
	ents, of := speaker.Resolve(d, stmts)
	l := New()
	labels := l.Label(d, stmts, ents)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		l.MarkQuotes(d, stmts, ents, of, labels, nil)
	}
}

// TestMarkQuotesTags checks the content rule with the pipeline's tags: a
// finite verb tag makes a clause the word shapes miss, but not inside a
// relative clause of a noun phrase.
func TestMarkQuotesTags(t *testing.T) {
	tg, err := tag.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in              string
		noTags, withTag bool
	}{
		{"[s Lind] [c said] [t the mayor wants a recount].", false, true},
		{"[s Lind] [c said] [t the explosion went off at noon].", false, true},
		{"[s Lind] [c criticized] [t loopholes that benefit the rich].", false, false},
		{"[s Lind] [c praised] [t the young goalkeeper].", false, false},
	}
	l := New()
	for _, tt := range tests {
		d, st := marked(t, tt.in)
		stmts := []attrib.Statement{st}
		ents, of := speaker.Resolve(d, stmts)
		xpos := make([]string, len(d.Tokens))
		for _, s := range d.Sentences {
			tg.Tag(d.Words(nil, s), nil, xpos[s.Start:s.End])
		}
		for _, c := range []struct {
			xpos []string
			want bool
		}{{nil, tt.noTags}, {xpos, tt.withTag}} {
			labels := l.Label(d, stmts, ents)
			l.MarkQuotes(d, stmts, ents, of, labels, c.xpos)
			if labels[0].Quote != c.want {
				t.Errorf("%s (tags %v): quote %v, want %v", tt.in, c.xpos != nil, labels[0].Quote, c.want)
			}
		}
	}
}
