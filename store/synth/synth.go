// Package synth makes invented news collections of any size for the
// store's and server's benchmarks: articles of made-up words with
// statements, speakers drawn with a skewed (Zipf) frequency, outlets and
// dates, all from a seed so runs are comparable.
package synth

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/whosaid/whosaid/output"
)

// Collection generates documents. It is not safe for concurrent use.
type Collection struct {
	rng      *rand.Rand
	words    *rand.Zipf
	speakers *rand.Zipf
	vocab    []string
	names    []string
	outlets  []string
	// StatementsPerDoc is the number of statements of each document.
	StatementsPerDoc int
	// Labels gives each statement a type, an act and the quote flag,
	// cycling through them by document and statement number (drawing
	// nothing from the seeded source, so that the rest of a document is
	// the same either way). Off, statements have none, as whosaid wrote
	// them before these labels.
	Labels bool
}

var (
	labelTypes = []string{"speech", "writing", "thought", "stance", "evidence"}
	labelActs  = []string{"assert", "warn", "demand", "accuse", "criticize", "praise", "deny", "promise", "ask", "announce", "concede"}
)

// New returns a collection drawing from nSpeakers speakers, seeded by seed.
func New(seed uint64, nSpeakers int) *Collection {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := &Collection{rng: rng, StatementsPerDoc: 5,
		outlets: []string{"North Gazette", "Velmar Courier", "Daily Ledger", "The Observer", "City Wire", "Harbour Post", "Evening Star"}}
	syl := []string{"ka", "lo", "mi", "ran", "te", "vu", "sel", "dor", "an", "bre", "qui", "mon", "za", "fel", "ist", "or", "pe", "lu", "nar", "ki"}
	seen := map[string]bool{}
	for len(c.vocab) < 20000 {
		var b strings.Builder
		for n := 1 + rng.IntN(4); n > 0; n-- {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			c.vocab = append(c.vocab, w)
		}
	}
	first := []string{"Ana", "Tomas", "Lea", "Ken", "Zoë", "Omar", "Ines", "Piet", "Sara", "Jon", "Mira", "Luca", "Nadia", "Emil", "Rosa"}
	for i := 0; i < nSpeakers; i++ {
		last := c.vocab[rng.IntN(len(c.vocab))]
		c.names = append(c.names, fmt.Sprintf("%s %s%s", first[i%len(first)], strings.ToUpper(last[:1]), last[1:]))
	}
	c.words = rand.NewZipf(rng, 1.1, 2, uint64(len(c.vocab)-1))
	c.speakers = rand.NewZipf(rng, 1.2, 1, uint64(nSpeakers-1))
	return c
}

// Vocab returns the i-th most frequent word.
func (c *Collection) Vocab(i int) string { return c.vocab[i] }

// Speaker returns the i-th most quoted speaker's name.
func (c *Collection) Speaker(i int) string { return c.names[i] }

// Outlets returns the outlet names.
func (c *Collection) Outlets() []string { return c.outlets }

func (c *Collection) sentence(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = c.vocab[c.words.Uint64()]
	}
	return strings.Join(ws, " ")
}

// Doc returns the i-th document: a few sentences of filler and
// StatementsPerDoc statements, alternating direct and indirect, by speakers
// drawn from the skewed distribution, dated within 2015-2016.
func (c *Collection) Doc(i int) output.Document {
	var b strings.Builder
	d := output.Document{Doc: fmt.Sprintf("synth-%07d", i)}
	day := c.rng.IntN(730)
	date := fmt.Sprintf("%04d-%02d-%02d", 2015+day/365, 1+(day%365)/31, 1+(day%365)%31%28)
	meta := map[string]string{"date": date, "outlet": c.outlets[c.rng.IntN(len(c.outlets))], "title": strings.ToUpper(c.sentence(1)[:1]) + c.sentence(5)}
	d.Meta = map[string]json.RawMessage{}
	for k, v := range meta {
		raw, _ := json.Marshal(v)
		d.Meta[k] = raw
	}
	cp := 0 // code points written; the text is ASCII except names with ë
	write := func(s string) [2]int {
		start := cp
		b.WriteString(s)
		cp += len([]rune(s))
		return [2]int{start, cp}
	}
	ents := map[string]string{}
	write(c.sentence(20) + ". ")
	for k := 0; k < c.StatementsPerDoc; k++ {
		name := c.names[c.speakers.Uint64()]
		eid, ok := ents[name]
		if !ok {
			eid = fmt.Sprintf("e%d", len(ents)+1)
			ents[name] = eid
			d.Speakers = append(d.Speakers, output.Speaker{ID: eid, Name: name, Type: "person", Titles: []string{}})
		}
		content := c.sentence(8 + c.rng.IntN(20))
		st := output.Statement{ID: fmt.Sprintf("s%d", k+1), Speaker: &output.SpeakerRef{ID: eid, Name: name}}
		if c.Labels {
			// Skewed like news: mostly speech and assert, a third quotes.
			n := i*c.StatementsPerDoc + k
			st.Type = labelTypes[min(n%8, 4)]
			st.Act = labelActs[0]
			if n%3 == 0 {
				st.Act = labelActs[1+n/3%(len(labelActs)-1)]
			}
			st.Quote = n%3 == 1
		}
		var cs, ss, us [2]int
		if k%2 == 0 {
			st.Kind = output.Direct
			write("“")
			cs = write(content)
			write(",” ")
			us = write("said")
			write(" ")
			ss = write(name)
			write(". ")
		} else {
			st.Kind = output.Indirect
			ss = write(name)
			write(" ")
			us = write("said")
			write(" ")
			cs = write(content)
			write(". ")
		}
		st.Content = &output.Span{Spans: [][2]int{cs}, Text: content}
		st.Source = &output.Span{Spans: [][2]int{ss}, Text: name}
		st.Cue = &output.Span{Spans: [][2]int{us}, Text: "said"}
		for j := range d.Speakers {
			if d.Speakers[j].ID == eid {
				d.Speakers[j].Mentions = append(d.Speakers[j].Mentions, ss)
			}
		}
		d.Statements = append(d.Statements, st)
		write(c.sentence(10) + ". ")
	}
	d.Text = b.String()
	return d
}
