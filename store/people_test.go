package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/people"
)

// peopleDocs add to identityDocs two spellings of one invented person
// that only a list tells are one.
func peopleDocs(t *testing.T) []output.Document {
	return append(identityDocs(t),
		mkDoc(t, "d1", "2016-02-01", "Gazette", `Ode Lamm said the ferry would run.`,
			said{"indirect", "Ode Lamm", "said", "the ferry would run", "Ode Lamm"}),
		mkDoc(t, "d2", "2016-02-02", "Courier", `Odette Lamm said the ferry was late.`,
			said{"indirect", "Odette Lamm", "said", "the ferry was late", "Odette Lamm"}),
	)
}

// testList is an invented people list.
var testList = []people.Person{
	{ID: "X1", Name: "Dana Holm", Gender: "female", Party: "Harbor Party", Role: "Mayor"},
	{ID: "X2", Name: "Ivo Vell", Variants: []string{"Vell"}, Party: "Harbor Party"},
	{ID: "X3", Name: "Mara Vell", Variants: []string{"Vell"}, Party: "Hill Party"},
	{ID: "X4", Name: "Ode Lamm", Variants: []string{"Odette Lamm"}, Gender: "other"},
	{ID: "X5", Name: "Acme", Variants: []string{"the company"}},
	{ID: "X6", Name: "Nobody Quoted"},
}

// personTable lists the store's speakers as "name/statements/person id".
func personTable(t *testing.T, s *Store) []string {
	t.Helper()
	page, err := s.Speakers(context.Background(), SpeakerQuery{Limit: MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, sp := range page.Speakers {
		id := "-"
		if sp.Person != nil {
			id = sp.Person.ID
		}
		out = append(out, sp.Name+"/"+itoa(sp.Statements)+"/"+id)
	}
	slices.Sort(out)
	return out
}

func TestPeopleLink(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, peopleDocs(t)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reidentify(ctx); err != nil {
			t.Fatal(err)
		}
		before := personTable(t, s)
		st, err := s.SetPeople(ctx, testList)
		if err != nil {
			t.Fatal(err)
		}
		if st.People != 6 || st.Added != 6 || st.LinkedSpeakers != 4 || st.LinkedStatements != 7 {
			t.Errorf("stats %+v; want 6 people added, 4 speakers and 7 statements linked", st)
		}
		want := []string{
			"Dana Holm/3/X1", // three spellings, one speaker already, now linked
			"Ivo Vell/1/X2",
			"Mara Vell/1/X3",
			"Ode Lamm/2/X4", // two speakers of one person merged, the list's name shown
			"Vell/1/-",      // a variant of two people links to neither
		}
		if got := personTable(t, s); !slices.Equal(got, want) {
			t.Errorf("speakers before the list %q\nafter\n got %q\nwant %q", before, got, want)
		}
		// Descriptions never link, though X5 lists "the company".
		if page, err := s.Speakers(ctx, SpeakerQuery{Unnamed: true}); err != nil || len(page.Speakers) != 2 ||
			page.Speakers[0].Person != nil || page.Speakers[1].Person != nil {
			t.Errorf("descriptions: %+v, %v; want two, unlinked", page, err)
		}
		// Linking again changes nothing.
		if r, err := s.Reidentify(ctx); err != nil || r.Moved != 0 || r.Removed != 0 {
			t.Errorf("second pass: %+v, %v", r, err)
		}

		// Statements carry the person and filter by it.
		page, err := s.Search(ctx, Query{Person: "X4"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Statements) != 2 {
			t.Fatalf("person X4: %d statements, want 2", len(page.Statements))
		}
		if p := page.Statements[0].Speaker.Person; p == nil || *p != (Person{ID: "X4", Name: "Ode Lamm", Gender: "other"}) {
			t.Errorf("person of a statement: %+v", p)
		}
		for _, tt := range []struct {
			q    Query
			want int
		}{
			{Query{Party: "harbor party "}, 4}, // Dana Holm's 3 and Ivo Vell's 1; case ignored
			{Query{Party: "Hill Party"}, 1},
			{Query{Party: "Sea Party"}, 0},
			{Query{Person: "X6"}, 0}, // on the list, never quoted
			{Query{Person: "X1", Party: "Hill Party"}, 0},
			{Query{Person: "X1", Text: "bridge"}, 1},
			{Query{Speaker: "Holm"}, 3},
		} {
			n, err := s.Count(ctx, tt.q)
			if err != nil || n != tt.want {
				t.Errorf("count %+v = %d, %v; want %d", tt.q, n, err, tt.want)
			}
		}
		for _, q := range []Query{{Person: "X\x001"}, {Party: "  "}, {Person: strings.Repeat("Q", MaxPersonValue+1)}} {
			if _, err := s.Search(ctx, q); err == nil {
				t.Errorf("search %+v: no error", q)
			}
		}

		pp, err := s.People(ctx, PeopleQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range pp.People {
			got = append(got, p.ID+"/"+itoa(p.Statements)+"/"+itoa(p.Speakers))
		}
		if want := []string{"X1/3/1", "X4/2/1", "X2/1/1", "X3/1/1", "X5/0/0", "X6/0/0"}; !slices.Equal(got, want) || pp.Total != 6 {
			t.Errorf("people %q (total %d), want %q", got, pp.Total, want)
		}
		if pp, err = s.People(ctx, PeopleQuery{Party: "HARBOR PARTY", Limit: 1}); err != nil || pp.Total != 2 || len(pp.People) != 1 || !pp.More {
			t.Errorf("people of a party, one a page: %+v, %v", pp, err)
		}
		if _, err = s.People(ctx, PeopleQuery{Party: "\x07"}); !errors.Is(err, ErrBadQuery) {
			t.Errorf("bad party: %v", err)
		}

		// A new article's spelling joins its person at the next pass.
		if _, err := s.Put(ctx, []output.Document{mkDoc(t, "d3", "2016-02-03", "Gazette", `Odette Lamm said the ferry was full.`,
			said{"indirect", "Odette Lamm", "said", "the ferry was full", "Odette Lamm"})}); err != nil {
			t.Fatal(err)
		}
		// Put links it at once (settle), no Reidentify needed.
		if n, err := s.Count(ctx, Query{Person: "X4"}); err != nil || n != 3 {
			t.Errorf("person X4 after a new article: %d, %v; want 3", n, err)
		}
		if r, err := s.Reidentify(ctx); err != nil || r.Moved != 0 {
			t.Errorf("Reidentify after Put: %+v, %v; want nothing moved", r, err)
		}

		// Loading a list replaces the one held: Mara Vell is left out,
		// Ivo Vell's party changes.
		list2 := []people.Person{testList[0], {ID: "X2", Name: "Ivo Vell", Variants: []string{"Vell"}, Party: "Hill Party"}, testList[3]}
		st, err = s.SetPeople(ctx, list2)
		if err != nil {
			t.Fatal(err)
		}
		if st.Added != 0 || st.Updated != 1 || st.Removed != 3 || st.LinkedSpeakers != 3 {
			t.Errorf("second list: %+v; want 1 updated, 3 removed, 3 speakers linked", st)
		}
		want = []string{"Dana Holm/3/X1", "Ivo Vell/2/X2", "Mara Vell/1/-", "Ode Lamm/3/X4"}
		if got := personTable(t, s); !slices.Equal(got, want) {
			// "Vell" is Ivo Vell's alone now.
			t.Errorf("after the second list\n got %q\nwant %q", got, want)
		}
		if n, err := s.Count(ctx, Query{Party: "hill party"}); err != nil || n != 2 {
			t.Errorf("party after the update: %d, %v; want 2", n, err)
		}
	})
}

func TestLinkPeople(t *testing.T) {
	sp := func(doc int64, name string, n int) ArticleSpeaker {
		return ArticleSpeaker{Doc: doc, SID: "e1", Name: name, Type: "person", Statements: n, Unnamed: looksUnnamed(name)}
	}
	tests := []struct {
		name string
		sps  []ArticleSpeaker
		list []people.Person
		want map[string]string // collection speaker name -> person id
	}{
		{"full name decides a shared surname",
			[]ArticleSpeaker{sp(1, "Rik Holm", 2), sp(2, "Holm", 1)},
			[]people.Person{{ID: "X1", Name: "Rik Holm", Variants: []string{"Holm"}}, {ID: "X2", Name: "Dana Holm", Variants: []string{"Holm"}}},
			map[string]string{"Rik Holm": "X1"}},
		{"surname alone, shared, links to neither",
			[]ArticleSpeaker{sp(2, "Holm", 1)},
			[]people.Person{{ID: "X1", Name: "Rik Holm", Variants: []string{"Holm"}}, {ID: "X2", Name: "Dana Holm", Variants: []string{"Holm"}}},
			map[string]string{"Holm": ""}},
		{"names of two people in one speaker: no link",
			[]ArticleSpeaker{sp(1, "Rik Holm", 2), sp(2, "Holm", 1)},
			[]people.Person{{ID: "X1", Name: "Rik Holm"}, {ID: "X2", Name: "Dana Holm", Variants: []string{"Holm"}}},
			map[string]string{"Rik Holm": ""}},
		{"honorific, case and middle initial do not count",
			[]ArticleSpeaker{sp(1, "Mr. rik q. HOLM", 1)},
			[]people.Person{{ID: "X1", Name: "Rik Holm"}},
			map[string]string{"Rik Holm": "X1"}},
		{"two spellings merged, the list's name shown",
			[]ArticleSpeaker{sp(1, "Rik Holm", 1), sp(2, "Rikard Holm", 3)},
			[]people.Person{{ID: "X1", Name: "Rik Holm", Variants: []string{"Rikard Holm"}}},
			map[string]string{"Rik Holm": "X1"}},
		{"a description never links",
			[]ArticleSpeaker{sp(1, "the mayor", 1)},
			[]people.Person{{ID: "X1", Name: "Rik Holm", Variants: []string{"the mayor"}}},
			map[string]string{"the mayor": ""}},
		{"a name the list gives one person twice",
			[]ArticleSpeaker{sp(1, "Holm", 1)},
			[]people.Person{{ID: "X1", Name: "Rik Holm", Variants: []string{"Holm", "HOLM"}}},
			map[string]string{"Rik Holm": "X1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, groups := Identify(tt.sps)
			persons := map[string]people.Person{}
			for _, p := range tt.list {
				persons[p.ID] = p
			}
			keys, groups = linkPeople(keys, groups, nameIndex(tt.list), persons)
			got := map[string]string{}
			for _, g := range groups {
				got[g.Name] = g.Person
			}
			for i, k := range keys {
				if groups[k] == nil {
					t.Errorf("article speaker %d keyed %q, no such group", i, k)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("groups %v, want %v", got, tt.want)
			}
			for n, id := range tt.want {
				if g, ok := got[n]; !ok || g != id {
					t.Errorf("%q linked to %q (present %v), want %q; all %v", n, g, ok, id, got)
				}
			}
		})
	}
}

// TestPeopleGender checks that the list's gender, when it gives one, is
// the speaker's, with evidence "list", over what the articles said; and
// that the articles' gender comes back when the list no longer gives one.
func TestPeopleGender(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		docs := []output.Document{
			mkDoc(t, "g1", "2016-03-01", "Gazette", `Ode Lamm said he would run.`,
				said{"indirect", "Ode Lamm", "said", "he would run", "Ode Lamm"}),
			mkDoc(t, "g2", "2016-03-02", "Courier", `Ode Lamm said he had won.`,
				said{"indirect", "Ode Lamm", "said", "he had won", "Ode Lamm"}),
		}
		for i := range docs {
			docs[i].Speakers[0].Gender, docs[i].Speakers[0].GenderEvidence = output.Male, "pronoun he"
		}
		if _, err := s.Put(ctx, docs); err != nil {
			t.Fatal(err)
		}
		gender := func() string {
			t.Helper()
			var g, ev string
			if err := s.r.QueryRowContext(ctx, "SELECT gender, gender_evidence FROM speakers WHERE name = 'Ode Lamm'").Scan(&g, &ev); err != nil {
				t.Fatal(err)
			}
			return g + "/" + ev
		}
		if g := gender(); g != "male/" {
			t.Fatalf("before the list: %s, want male from the articles", g)
		}
		for _, tt := range []struct{ listGender, want string }{
			{"other", "other/list"}, {"female", "female/list"}, {"unknown", "male/"}, {"", "male/"},
		} {
			if _, err := s.SetPeople(ctx, []people.Person{{ID: "X4", Name: "Ode Lamm", Gender: tt.listGender}}); err != nil {
				t.Fatal(err)
			}
			if g := gender(); g != tt.want {
				t.Errorf("list gender %q: speaker %s, want %s", tt.listGender, g, tt.want)
			}
		}
	})
}
