package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sp is a short constructor for the fixtures.
func sp(doc int64, name, typ string, n int) ArticleSpeaker {
	return ArticleSpeaker{Doc: doc, SID: "e1", Name: name, Type: typ, Statements: n}
}

func TestIdentify(t *testing.T) {
	tests := []struct {
		name string
		in   []ArticleSpeaker
		want []string // the key of each article speaker
	}{
		{"surname alone joins the only full name",
			[]ArticleSpeaker{sp(1, "Barack Obama", "person", 3), sp(2, "Obama", "person", 2)},
			[]string{"barack obama", "barack obama"}},
		{"title and surname (the title already in titles)",
			[]ArticleSpeaker{sp(1, "Dana Holm", "person", 3), sp(2, "Holm", "person", 1)},
			[]string{"dana holm", "dana holm"}},
		{"honorific and middle initial",
			[]ArticleSpeaker{sp(1, "Barack H. Obama", "person", 1), sp(2, "Mr. Barack Obama", "person", 1)},
			[]string{"barack obama", "barack obama"}},
		{"two people of one surname stay two",
			[]ArticleSpeaker{sp(1, "Hillary Clinton", "person", 60), sp(2, "Bill Clinton", "person", 40), sp(3, "Clinton", "person", 5)},
			[]string{"hillary clinton", "bill clinton", "clinton"}},
		{"a dominant person takes the surname alone",
			[]ArticleSpeaker{sp(1, "Donald Trump", "person", 95), sp(2, "Eric Trump", "person", 5), sp(3, "Trump", "person", 2)},
			[]string{"donald trump", "eric trump", "donald trump"}},
		{"a surname with no full name stays",
			[]ArticleSpeaker{sp(1, "Vell", "person", 1), sp(2, "Vell", "person", 1)},
			[]string{"vell", "vell"}},
		{"an organization's one word is no surname",
			[]ArticleSpeaker{sp(1, "Ada Congress", "person", 1), sp(2, "Congress", "organization", 4)},
			[]string{"ada congress", "congress"}},
		{"a suffix is not the surname",
			[]ArticleSpeaker{sp(1, "Tom Veld Jr.", "person", 2), sp(2, "Veld", "person", 1)},
			[]string{"tom veld jr", "tom veld jr"}},
		{"middle names join the first name and surname",
			[]ArticleSpeaker{sp(1, "Hillary Rodham Clinton", "person", 3), sp(2, "Hillary Clinton", "person", 9), sp(3, "Bill Clinton", "person", 4)},
			[]string{"hillary clinton", "hillary clinton", "bill clinton"}},
		{"middle names stay without the short name",
			[]ArticleSpeaker{sp(1, "Alan Mark Grayson", "person", 3), sp(2, "Lolita Grayson", "person", 1)},
			[]string{"alan mark grayson", "lolita grayson"}},
		{"initials are no middle names",
			[]ArticleSpeaker{sp(1, "George H. W. Bush", "person", 3), sp(2, "George Bush", "person", 2)},
			[]string{"george h w bush", "george bush"}},
		{"a son's suffix is kept",
			[]ArticleSpeaker{sp(1, "Donald John Trump Jr.", "person", 2), sp(2, "Donald Trump", "person", 20)},
			[]string{"donald john trump jr", "donald trump"}},
		{"middle names of an organization's words",
			[]ArticleSpeaker{sp(1, "Bank of America", "organization", 2), sp(2, "Bank America", "person", 1)},
			[]string{"bank of america", "bank america"}},
		{"descriptions stay in their article",
			[]ArticleSpeaker{{Doc: 1, Name: "the company", Type: "organization", Unnamed: true}, {Doc: 2, Name: "the company", Type: "organization", Unnamed: true}},
			[]string{"~1:the company", "~2:the company"}},
		{"a name without letters",
			[]ArticleSpeaker{sp(4, "--", "other", 1)},
			[]string{"~4:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, groups := Identify(tt.in)
			if !slices.Equal(keys, tt.want) {
				t.Errorf("keys %q, want %q", keys, tt.want)
			}
			for _, k := range keys {
				if groups[k] == nil {
					t.Errorf("no collection speaker for key %q", k)
				}
			}
		})
	}
}

func TestIdentifyDisplay(t *testing.T) {
	in := []ArticleSpeaker{
		sp(1, "Barack Obama", "person", 5),
		sp(2, "Obama", "person", 9),
		sp(3, "Barack H. Obama", "person", 1),
		sp(4, "Barack Obama", "person", 1),
		sp(5, "Obama", "other", 1),
		sp(6, "Officials", "other", 3),
	}
	in[5].Unnamed = true
	keys, groups := Identify(in)
	g := groups["barack obama"]
	if g == nil || keys[1] != "barack obama" || keys[4] != "barack obama" {
		t.Fatalf("keys %q", keys)
	}
	if g.Name != "Barack Obama" || g.Type != "person" || g.Documents != 5 || g.Statements != 17 {
		t.Errorf("got %+v, want Barack Obama, person, 5 documents, 17 statements", g)
	}
	if !slices.Equal(g.Variants, []string{"Obama", "Barack Obama", "Barack H. Obama"}) {
		t.Errorf("variants %q", g.Variants)
	}
	if u := groups[keys[5]]; u == nil || !u.Unnamed || u.Name != "Officials" {
		t.Errorf("officials: %+v, want an unnamed speaker of its own", u)
	}
	// Neither keys nor names depend on the order of ingest.
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		perm := slices.Clone(in)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		_, g2 := Identify(perm)
		for k, c := range groups {
			c2 := g2[k]
			if c2 == nil || c2.Name != c.Name || c2.Type != c.Type || !slices.Equal(c2.Variants, c.Variants) {
				t.Fatalf("order changed %q: %+v, want %+v", k, c2, c)
			}
		}
	}
}

func TestTopType(t *testing.T) {
	tests := []struct {
		in   map[string]int
		want string
	}{
		{map[string]int{"person": 2, "other": 3}, "other"},
		{map[string]int{"person": 2, "organization": 2}, "person"},
		{map[string]int{"organization": 1, "place": 1}, "organization"},
		{map[string]int{"zeta": 1, "other": 1}, "other"},
	}
	for _, tt := range tests {
		if got := topType(tt.in); got != tt.want {
			t.Errorf("topType(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
