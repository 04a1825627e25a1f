package server

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/store"
)

// said is one statement of an invented article, by its texts, with the
// labels the pipeline would give it.
type said struct {
	kind, source, cue, content, speaker string
	typ, act                            string
	quote                               bool
}

// article is an invented article; the statements are found in its text.
type article struct {
	id, date, outlet, title, text string
	said                          []said
}

// articles are written for the tests: invented people, places and events.
var articles = []article{
	{"gazette_harbour", "2016-09-12", "North Gazette", "Harbour to reopen after the ice",
		"The harbour of Velmar will reopen in the spring, the town said on Monday.\n\n" +
			"“The harbour will reopen in spring, and the boats will be back,” said Mayor Ana Souza at a meeting in the town hall. " +
			"Fishermen told reporters that the ice had been thinner this year than anyone could remember.\n\n" +
			"Souza added that repairs to the pier would cost less than feared. " +
			"“We were lucky,” the harbour master, Tomas Berg, said.",
		[]said{
			{"direct", "Mayor Ana Souza", "said", "The harbour will reopen in spring, and the boats will be back,", "Ana Souza", "speech", "assert", true},
			{"indirect", "Fishermen", "told", "that the ice had been thinner this year than anyone could remember", "Fishermen", "speech", "assert", true},
			{"indirect", "Souza", "added", "that repairs to the pier would cost less than feared", "Ana Souza", "speech", "assert", true},
			{"direct", "the harbour master, Tomas Berg", "said", "We were lucky,", "Tomas Berg", "speech", "assert", true},
		}},
	{"courier_bridge", "2016-10-03", "Velmar Courier", "Bridge toll to be dropped",
		"Ana Souza said the bridge toll would be dropped by the end of the year.\n\n" +
			"“We cannot afford it any more,” the café owner Zoë Lind said of the toll. " +
			"Tomas Berg warned that the harbour budget was already stretched.",
		[]said{
			{"indirect", "Ana Souza", "said", "the bridge toll would be dropped by the end of the year", "Ana Souza", "speech", "assert", true},
			{"direct", "the café owner Zoë Lind", "said", "We cannot afford it any more,", "Zoë Lind", "speech", "assert", true},
			{"indirect", "Tomas Berg", "warned", "that the harbour budget was already stretched", "Tomas Berg", "speech", "warn", true},
		}},
	{"gazette_budget", "2016-11-20", "North Gazette", "Council passes the budget",
		"The council voted on Tuesday. Souza called the budget “a fair deal for the harbour” and left early.\n\n" +
			"Zoë Lind said the shops on the quay had waited long enough.",
		[]said{
			{"mixed", "Souza", "called", "the budget “a fair deal for the harbour”", "Ana Souza", "speech", "praise", true},
			{"indirect", "Zoë Lind", "said", "the shops on the quay had waited long enough", "Zoë Lind", "speech", "assert", true},
		}},
	{"courier_storm", "2016-12-02", "Velmar Courier", "Storm closes the pier",
		"A storm closed the pier on Friday. “Nobody should go near the water tonight,” Mayor Ana Souza said. " +
			"Forecasters expect the wind to drop by Sunday.",
		[]said{
			{"direct", "Mayor Ana Souza", "said", "Nobody should go near the water tonight,", "Ana Souza", "speech", "warn", true},
			{"indirect", "Forecasters", "expect", "the wind to drop by Sunday", "Forecasters", "thought", "assert", false},
		}},
}

// mkDoc turns an invented article into what extraction would give,
// offsets in code points.
func mkDoc(t testing.TB, a article) output.Document {
	t.Helper()
	off := output.NewOffsets(a.text)
	// find returns the span of s: the occurrence nearest to the
	// statement's content (the whole text for the content itself).
	var near [2]int
	find := func(s string) *output.Span {
		if s == "" {
			return nil
		}
		best, bestDist := -1, len(a.text)+1
		for i := 0; ; i++ {
			k := strings.Index(a.text[i:], s)
			if k < 0 {
				break
			}
			i += k
			dist := max(i-near[1], near[0]-(i+len(s)), 0)
			if dist < bestDist {
				best, bestDist = i, dist
			}
		}
		if best < 0 {
			t.Fatalf("%s: %q not in text", a.id, s)
		}
		return &output.Span{Spans: [][2]int{{off.CodePoint(best), off.CodePoint(best + len(s))}}, Text: s}
	}
	str := func(s string) json.RawMessage { b, _ := json.Marshal(s); return b }
	d := output.Document{Doc: a.id, Text: a.text, Meta: map[string]json.RawMessage{
		"date": str(a.date), "outlet": str(a.outlet), "title": str(a.title), "url": str("https://example.org/" + a.id)}}
	ents := map[string]string{}
	for i, s := range a.said {
		near = [2]int{0, len(a.text)}
		content := find(s.content)
		near = [2]int{off.Byte(content.Spans[0][0]), off.Byte(content.Spans[0][1])}
		st := output.Statement{ID: fmt.Sprintf("s%d", i+1), Kind: s.kind, Type: s.typ, Act: s.act, Quote: s.quote,
			Content: content, Source: find(s.source), Cue: find(s.cue)}
		eid, ok := ents[s.speaker]
		if !ok {
			eid = fmt.Sprintf("e%d", len(ents)+1)
			ents[s.speaker] = eid
			d.Speakers = append(d.Speakers, withFacts(output.Speaker{ID: eid, Name: s.speaker, Type: "person", Titles: []string{}}))
		}
		for k := range d.Speakers {
			if d.Speakers[k].ID == eid {
				d.Speakers[k].Mentions = append(d.Speakers[k].Mentions, st.Source.Spans[0])
			}
		}
		st.Speaker = &output.SpeakerRef{ID: eid, Name: s.speaker}
		d.Statements = append(d.Statements, st)
	}
	return d
}

// writeFixture writes a store of the invented articles at path.
func writeFixture(t testing.TB, path string) {
	t.Helper()
	ctx := context.Background()
	w, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []output.Document
	for _, a := range articles {
		docs = append(docs, mkDoc(t, a))
	}
	if _, err := w.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// fixtureStore returns a store holding the invented articles.
func fixtureStore(t testing.TB) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fixture.db")
	writeFixture(t, path)
	s, err := store.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// crowdNames are the twelve invented people of crowdArticle: more than the
// page's ten fixed colours.
var crowdNames = []string{"Ana Souza", "Tomas Berg", "Zoë Lind", "Ravi Mehta", "Ines Duarte", "Piet Kramer",
	"Mila Novak", "Omar Haddad", "Lena Fischer", "Yuki Sato", "Carla Rossi", "Jonas Weber"}

// crowdArticle is an invented article in which twelve people make thirty
// statements, the direct ones with their quotation marks inside the
// content, as the pipeline gives them.
func crowdArticle() article {
	words := []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
		"twenty-one", "twenty-two", "twenty-three", "twenty-four", "twenty-five", "twenty-six", "twenty-seven",
		"twenty-eight", "twenty-nine", "thirty"}
	a := article{id: "post_meeting", date: "2017-03-08", outlet: "Harbour Post", title: "A long meeting at the town hall"}
	var b strings.Builder
	b.WriteString("The town hall was full on Tuesday night.\n\n")
	for i, w := range words {
		name := crowdNames[i%len(crowdNames)]
		if i%2 == 0 {
			content := "“Point " + w + " of the plan is settled,”"
			fmt.Fprintf(&b, "%s said %s. ", content, name)
			a.said = append(a.said, said{"direct", name, "said", content, name, "speech", "assert", true})
		} else {
			content := "that point " + w + " of the plan needs work"
			fmt.Fprintf(&b, "%s argued %s. ", name, content)
			a.said = append(a.said, said{"indirect", name, "argued", content, name, "speech", "assert", true})
		}
		if i%5 == 4 {
			b.WriteString("\n\n")
		}
	}
	a.text = strings.TrimSpace(b.String())
	return a
}

// crowdStore returns a store holding crowdArticle alone.
func crowdStore(t testing.TB) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crowd.db")
	ctx := context.Background()
	w, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Put(ctx, []output.Document{mkDoc(t, crowdArticle())}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
