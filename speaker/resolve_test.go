package speaker

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/text"
)

func TestSoundex(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Power", "P600"},
		{"Pauer", "P600"},
		{"Robert", "R163"},
		{"Rupert", "R163"},
		{"Ashcraft", "A261"},
		{"Tymczak", "T522"},
		{"Lee", "L000"},
		{"", ""},
		{"’", ""},
	}
	for _, tt := range tests {
		if got := soundex(tt.in); got != tt.want {
			t.Errorf("soundex(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"power", "pauer", 2},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
		{"O’brien", "O'brien", 1},
		{"Zakharova", "Zakharova", 0},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNearMiss(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Power", "Pauer", true},
		{"Reilly", "Reily", true},
		{"O’brien", "O'Brien", true},
		{"Brandvold", "Brandvoll", true},
		{"Bush", "Bash", false},       // too short to guess
		{"Clinton", "Clayton", false}, // different Soundex
		{"Power", "Tower", false},     // different first letter
		{"Sanders", "Sandberg", false},
	}
	for _, tt := range tests {
		if got := nearMiss(tt.a, tt.b); got != tt.want {
			t.Errorf("nearMiss(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// speakers runs extraction and resolution and returns, for each statement
// with a source, "source -> speaker name".
func speakers(t *testing.T, s string) ([]string, []Entity) {
	t.Helper()
	d := text.New(s)
	st := attrib.New().Extract(d)
	ents, of := Resolve(d, st)
	if len(of) != len(st) {
		t.Fatalf("len(of) = %d, want %d", len(of), len(st))
	}
	var out []string
	for i, x := range st {
		if of[i] < -1 || of[i] >= len(ents) {
			t.Fatalf("of[%d] = %d out of range (%d entities)", i, of[i], len(ents))
		}
		if len(x.Source) == 0 {
			continue
		}
		name := "-"
		if of[i] >= 0 {
			name = ents[of[i]].Name
		}
		out = append(out, d.Slice(x.Source[0])+" -> "+name)
	}
	for _, e := range ents {
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(d.Tokens) || m.Start >= m.End {
				t.Fatalf("entity %q: bad mention %+v", e.Name, m)
			}
		}
	}
	return out, ents
}

func TestResolveSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"surname to full name",
			"Energy minister Karin Olsen said prices would fall. Olsen said the grid was safe.",
			[]string{"Energy minister Karin Olsen -> Karin Olsen", "Olsen -> Karin Olsen"}},
		{"surname before full name in text",
			"Harlan Voss runs the depot. Voss said the trucks were late.",
			[]string{"Voss -> Harlan Voss"}},
		{"pronoun",
			"Mayor Ines Carvalho said the budget was tight. She added that taxes would not rise.",
			[]string{"Mayor Ines Carvalho -> Ines Carvalho", "She -> Ines Carvalho"}},
		{"relative pronoun",
			"The panel heard from the state auditor Rafael Quint, who said the books were clean.",
			[]string{"who -> Rafael Quint"}},
		{"relative pronoun after an apposition",
			"The board met Kessler, now the harbor master, who said the docks were full.",
			[]string{"who -> Kessler"}},
		{"two people together are they",
			"Mr. Aldo Brant and Mr. Sven Oda said the law was weak. The rules are old, they said.",
			[]string{"Mr. Aldo Brant and Mr. Sven Oda -> Mr. Aldo Brant and Mr. Sven Oda", "they -> Mr. Aldo Brant and Mr. Sven Oda"}},
		{"a role set off by a comma before the name",
			"The firm built the tool, a spokeswoman, Anna Richter Wald, explained on Saturday. It was the first time, she said.",
			[]string{"she -> Anna Richter Wald"}},
		{"organization",
			"The Transport Ministry said the line would open in June. It added that fares would stay low.",
			[]string{"The Transport Ministry -> Transport Ministry", "It -> Transport Ministry"}},
		{"near miss",
			"Ambassador Helena Marchetti said the vote was premature. “We need time,” said Marketti.",
			[]string{"Ambassador Helena Marchetti -> Helena Marchetti", "Marketti -> Helena Marchetti"}},
		{"role, then the name in apposition",
			"The US ambassador to the United Nations, Nora Quist, said the vote was premature.",
			[]string{"The US ambassador to the United Nations, Nora Quist, -> Nora Quist"}},
		{"name, then a description in apposition",
			"Mayor Elena Varga, a Democrat, said the port would stay open.",
			[]string{"Mayor Elena Varga, a Democrat, -> Elena Varga"}},
		{"short names are not guessed",
			"Governor Tom Bush said the road was closed. “It is open,” said Bash.",
			[]string{"Governor Tom Bush -> Tom Bush", "Bash -> Bash"}},
		{"description to recent person",
			"Trade envoy Lucia Ferrante said the deal was off. The envoy said talks were over.",
			[]string{"Trade envoy Lucia Ferrante -> Lucia Ferrante", "The envoy -> Lucia Ferrante"}},
		{"name after a description",
			"According to its spokesman, Ben Tallis, the union will strike. “We are ready,” Tallis said.",
			[]string{"its spokesman, Ben Tallis -> Ben Tallis", "Tallis -> Ben Tallis"}},
		{"he skips a woman subject named by honorific",
			"Ms. Ilse Krag spoke with Mr. Ravel Dunn after the vote. He said the count was fair.",
			[]string{"He -> Ravel Dunn"}},
		{"she skips a man mentioned last",
			"Ines Morel, the fisheries commissioner, listened to Mr. Joel Brast. “The quotas stay,” she said.",
			[]string{"she -> Ines Morel"}},
		{"they to an organization",
			"The Harbor Pilots Association met on Friday. They said the pay was too low.",
			[]string{"They -> Harbor Pilots Association"}},
		{"description by an earlier apposition",
			"Ines Morel, the fisheries commissioner, met the crews. Joel Brast said the quotas were unfair. The commissioner said the quotas would stay.",
			[]string{"Joel Brast -> Joel Brast", "The commissioner -> Ines Morel"}},
		{"a group is not he",
			"Mayor Aldo Renn spoke first. Delegates said the plan was weak. “It is a fair plan,” he said.",
			[]string{"Delegates -> Delegates", "he -> Aldo Renn"}},
		{"Mr. is not the woman of that surname",
			"Michelle Varn said the school would open. “It is ready,” Mrs. Varn said. Mr. Varn said the roads were safe.",
			[]string{"Michelle Varn -> Michelle Varn", "Mrs. Varn -> Michelle Varn", "Mr. Varn -> Varn"}},
		{"a woman's full name after Mr. and the surname is another person",
			"Mr. Varn said the roads were safe. Michelle Varn said the school would open.",
			[]string{"Mr. Varn -> Varn", "Michelle Varn -> Michelle Varn"}},
		{"of two of that surname, the one whose first name fits the honorific",
			"Hillary Varn met Bill Varn. Mrs. Varn said the school would open.",
			[]string{"Mrs. Varn -> Hillary Varn"}},
		{"a first name does not overrule the article's honorific",
			"Lindsey Varn said the school would open. Mr. Varn said the roads were safe.",
			[]string{"Lindsey Varn -> Lindsey Varn", "Mr. Varn -> Lindsey Varn"}},
		{"Ms. is not the man of that surname, Mr. is",
			"Michelle Varn met Robert Varn. Mr. Varn said the roads were safe. Ms. Varn said the school would open.",
			[]string{"Mr. Varn -> Robert Varn", "Ms. Varn -> Michelle Varn"}},
		{"an honorific makes a name of a role word",
			"Jesse Prince left the studio. “We are done,” Mr. Prince said.",
			[]string{"Mr. Prince -> Jesse Prince"}},
		{"a party tag in parentheses",
			"Rep. Dana Holm (D-Ore.) said the bill was dead. He said the vote would fail.",
			[]string{"Rep. Dana Holm (D-Ore.) -> Dana Holm", "He -> Dana Holm"}},
		{"a name after a bare the is an organization's",
			"The Lorwick Courier said the fire was out. It said two people were hurt.",
			[]string{"The Lorwick Courier -> Lorwick Courier", "It -> Lorwick Courier"}},
		{"a quoted name is not the speaker of the quotation",
			"Judge Omar Rask met Mr. Teo Barr. “Barr will not win,” he said.",
			[]string{"he -> Omar Rask"}},
		{"a scene of place and time before the speaker",
			"In Dorvale on Friday, Mayor Ana Ruiz said the bridge was safe. She said it would open.",
			[]string{"Mayor Ana Ruiz -> Ana Ruiz", "She -> Ana Ruiz"}},
		{"an abbreviated title names the role",
			"Mr. Karl Ode met Sen. Rosa Itzel in the morning. The senator said the bill would pass.",
			[]string{"The senator -> Rosa Itzel"}},
		{"the speaker just quoted over a name repeated in one sentence",
			"Nadia Orsk said Vell and the Vell campaign had failed, and Vell knew it. “We saw no change,” she said.",
			[]string{"Nadia Orsk -> Nadia Orsk", "she -> Nadia Orsk"}},
		{"a state's party is a group, not she",
			"Ms. Nina Turk spoke first. Nevada Democrats said the vote was close. “We will win,” she said.",
			[]string{"Nevada Democrats -> Nevada Democrats", "she -> Nina Turk"}},
		{"a paragraph break fades the last speaker",
			"Karl Vos said the bridge was safe.\n\nThe crowd cheered Mr. Ivo Lund at the opening. “It was my idea,” he said.",
			[]string{"Karl Vos -> Karl Vos", "he -> Ivo Lund"}},
		{"a full name of the article that the honorific rules out",
			"Varn said the roads were safe. Michelle Varn opened the clinic. Mr. Varn said the school would open.",
			[]string{"Varn -> Varn", "Mr. Varn -> Varn"}},
		{"first names coordinated before a surname",
			"Reporters met Ivo and Mira Stahl on Sunday. Mr. Stahl said the war was wrong. Ms. Stahl said the rules were old.",
			[]string{"Mr. Stahl -> Ivo Stahl", "Ms. Stahl -> Mira Stahl"}},
		{"a full name with and without its middle initial",
			"Donald J. Vance said the plan was weak. Donald Vance said the plan would fail.",
			[]string{"Donald J. Vance -> Donald J. Vance", "Donald Vance -> Donald J. Vance"}},
		{"a party's members are no full name ending with the party",
			"Mayor Ana Ruiz, a New Hampshire Democrat, spoke first. Many Democrats said the plan was weak.",
			[]string{"Many Democrats -> Democrats"}},
		{"the subject over the object",
			"Senator Rita Vos met Governor Mara Lind on Monday. She said the budget would pass.",
			[]string{"She -> Rita Vos"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := speakers(t, tt.text)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestResolveFixtures(t *testing.T) {
	tests := []struct {
		path string
		// want maps a source as written to the speaker name it must get.
		want map[string]string
		// titles maps a speaker name to a title it must carry.
		titles map[string]string
	}{
		{"../testdata/harbor.txt",
			map[string]string{
				"Mayor Elena Varga":             "Elena Varga",
				"Varga":                         "Elena Varga",
				"its spokesman, Tom Reilly":     "Tom Reilly",
				"Reily":                         "Tom Reilly",
				"He":                            "Tom Reilly",
				"The Port Authority":            "Port Authority",
				"Its director, Dr. Amara Osei,": "Amara Osei",
			},
			map[string]string{"Elena Varga": "Mayor", "Tom Reilly": "its spokesman"}},
		{"testdata/summit.txt",
			map[string]string{
				"the Canadian trade envoy Marguerite Delacroix": "Marguerite Delacroix",
				"Delacroix":                           "Marguerite Delacroix",
				"The ministry":                        "Agriculture Ministry of Norland",
				"the Agriculture Ministry of Norland": "Agriculture Ministry of Norland",
				"Deputy minister Tobias Brandvold, who led the Norland delegation,": "Tobias Brandvold",
				"Brandvold":              "Tobias Brandvold",
				"Brandvoll":              "Tobias Brandvold",
				"the World Trade Office": "World Trade Office",
			},
			map[string]string{"Marguerite Delacroix": "the Canadian trade envoy"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			b, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			got, ents := speakers(t, string(b))
			seen := map[string]bool{}
			for _, g := range got {
				src, name, _ := strings.Cut(g, " -> ")
				if w, ok := tt.want[src]; ok {
					seen[src] = true
					if name != w {
						t.Errorf("%q -> %q, want %q", src, name, w)
					}
				}
			}
			for src := range tt.want {
				if !seen[src] {
					t.Errorf("no statement with source %q in %q", src, got)
				}
			}
			for name, title := range tt.titles {
				ok := false
				for _, e := range ents {
					if e.Name == name {
						for _, x := range e.Titles {
							ok = ok || x == title
						}
					}
				}
				if !ok {
					t.Errorf("entity %q lacks title %q", name, title)
				}
			}
		})
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"",
		"He said it was over.",
		"“A,” said Pauer. Power said that B.",
		"Mr. said: “",
		"X, who, said the, that",
		"According to its spokesman, , the x y.",
	} {
		f.Add(s)
	}
	e := attrib.New()
	f.Fuzz(func(t *testing.T, s string) {
		d := text.New(s)
		st := e.Extract(d)
		ents, of := Resolve(d, st)
		if len(of) != len(st) {
			t.Fatalf("len(of) = %d, want %d", len(of), len(st))
		}
		for i, k := range of {
			if k < -1 || k >= len(ents) {
				t.Fatalf("of[%d] = %d, %d entities", i, k, len(ents))
			}
		}
	})
}

func BenchmarkResolve(b *testing.B) {
	s, err := os.ReadFile("testdata/summit.txt")
	if err != nil {
		b.Fatal(err)
	}
	d := text.New(string(s))
	st := attrib.New().Extract(d)
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Resolve(d, st)
	}
}

// TestResolveGivenSources resolves sources given by hand, as the learned
// attribution model may give them, independent of the rules' extraction.
func TestResolveGivenSources(t *testing.T) {
	tests := []struct {
		name, text, source, want string
	}{
		{"a scene before the comma", "In Fort Amel, Norland Friday, Ruiz said the bridge was safe.",
			"Norland Friday, Ruiz", "Ruiz"},
		{"a party tag", "Rep. Dana Holm (D-Ore.) said the bill was dead.",
			"Rep. Dana Holm (D-Ore.)", "Dana Holm"},
		{"an honorific before a role word", "Mr. King said the show was over.",
			"Mr. King", "King"},
		{"a name, then where the person works", "Dan Keller at the Harbor Review said the plan was weak.",
			"Dan Keller at the Harbor Review", "Dan Keller"},
		{"a role at an organization is not cut", "A spokesman at the Harbor Review said the plan was weak.",
			"A spokesman at the Harbor Review", "Harbor Review"},
		{"a possessive before an utterance", "Mrs. Ada Lind left early. Her letter to the board said the plan was weak.",
			"Her letter to the board", "Ada Lind"},
		{"a group working for someone", "Lawyers for both Ivo and Mira Stahl said the plan was weak.",
			"Lawyers for both Ivo and Mira Stahl", "Lawyers for both Ivo and Mira Stahl"},
		{"a possessive pronoun alone", "Governor Pavel Ost spoke first. In his view the road was safe.",
			"his", "Pavel Ost"},
		{"a first name and two more", "Sarah Jessica Olin said the plan was weak.",
			"Sarah Jessica Olin", "Sarah Jessica Olin"},
		{"a place and a name", "The Foreign Ministry of Norland Maria Vesk said the plan was weak.",
			"The Foreign Ministry of Norland Maria Vesk", "Maria Vesk"},
		{"a day is no name", "A poll released Saturday said the plan was weak.",
			"A poll released Saturday", "A poll released"},
		{"a role, an honorific and a party tag", "Speaker of the House Rep. Tom Veld (R-WI) said the plan was weak.",
			"Speaker of the House Rep. Tom Veld (R-WI)", "Tom Veld"},
		{"Governor alone", "The governor said the plan was weak.",
			"The governor", "The governor"},
		{"an honorific name of an organization", "Mr. Burk of the Tax Study Center said the plan was weak.",
			"Mr. Burk of the Tax Study Center", "Burk"},
		{"a plural is a group", "Delegates said the plan was weak.",
			"Delegates", "Delegates"},
		{"a near miss of a full name met only in passing", "Voters like Tyresha McClenney came early. McLenney said the line was long.",
			"McLenney", "Tyresha McClenney"},
		// The rules of a name (names.Split and the speaker's own).
		{"a possessive", "Mara Vell's aide said the plan was weak.",
			"Mara Vell's", "Mara Vell"},
		{"a clause opener, Maybe", "Maybe Orsk said the plan was weak.",
			"Maybe Orsk", "Orsk"},
		{"a clause opener, Why", "Why Orsk said the plan was weak.",
			"Why Orsk", "Orsk"},
		{"a day glued to a company", "Wednesday Acme said the plan was weak.",
			"Wednesday Acme", "Acme"},
		{"a role glued to a name", "Heart Society senior manager Jane Doe said the plan was weak.",
			"Heart Society senior manager Jane Doe", "Jane Doe"},
		{"a capitalized role glued to a name", "Harbor Society Senior Manager Jane Doe said the plan was weak.",
			"Harbor Society Senior Manager Jane Doe", "Jane Doe"},
		{"a trailing time phrase", "Mayor Jane Smith on Tuesday said the plan was weak.",
			"Mayor Jane Smith on Tuesday", "Jane Smith"},
		{"a trailing day", "Governor Ivo Lund Friday said the plan was weak.",
			"Governor Ivo Lund Friday", "Ivo Lund"},
		{"a name in capitals", "JOHN SMITH said the plan was weak.",
			"JOHN SMITH", "John Smith"},
		{"a shouted plural", "EXPERTS said the plan was weak.",
			"EXPERTS", "experts"},
		{"a title before the name", "President Dana Holm said the plan was weak.",
			"President Dana Holm", "Dana Holm"},
		{"titles and an initial", "U.S. District Judge Tom C. Reed said the plan was weak.",
			"U.S. District Judge Tom C. Reed", "Tom C. Reed"},
		{"an honorific inside the run", "Democrat Sen. Karl L. Oden said the plan was weak.",
			"Democrat Sen. Karl L. Oden", "Karl L. Oden"},
		{"a clause opener before two names", "Both Kell and Orsk said the plan was weak.",
			"Both Kell and Orsk", "Kell and Orsk"},
		{"a description before two names", "Rival candidates Ada Kell and Ivo Orsk said the plan was weak.",
			"Rival candidates Ada Kell and Ivo Orsk", "Ada Kell and Ivo Orsk"},
		{"a lower-case word inside the first of two organizations", "The plan was condemned by the Norland foreign Ministry and Norland defense Ministry, which said it was weak.",
			"the Norland foreign Ministry and Norland defense Ministry", "Norland foreign Ministry and Norland defense Ministry"},
		{"a party member", "A Nevada Democrat said the plan was weak.",
			"A Nevada Democrat", "A Nevada Democrat"},
		{"a title, a name, then where the person is from", "Senator Ivo Lund of Tarnia said the plan was weak.",
			"Senator Ivo Lund of Tarnia", "Ivo Lund"},
		{"titles, an initial, then the place", "House Speaker Karl D. Oden of Wessex said the plan was weak.",
			"House Speaker Karl D. Oden of Wessex", "Karl D. Oden"},
		{"a first name, then the place", "Angela Vesk of Norland said the plan was weak.",
			"Angela Vesk of Norland", "Angela Vesk"},
		{"a title of a place is no name", "Secretary of State Dana Holm said the plan was weak.",
			"Secretary of State Dana Holm", "Dana Holm"},
		{"an organization of a place is no person", "Royal Bank of Norland said the plan was weak.",
			"Royal Bank of Norland", "Royal Bank of Norland"},
		{"a spokesman for a person is the spokesman", "A spokesman for Mayor Ivo Lund of Tarnia said the plan was weak.",
			"A spokesman for Mayor Ivo Lund of Tarnia", "A spokesman for Mayor Ivo Lund of Tarnia"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := text.New(tt.text)
			at := strings.Index(tt.text, tt.source)
			src := text.Range{Start: -1}
			for i, tok := range d.Tokens {
				if int(tok.Byte.Start) == at {
					src.Start = i
				}
				if int(tok.Byte.End) == at+len(tt.source) {
					src.End = i + 1
				}
			}
			if src.Start < 0 || src.End <= src.Start {
				t.Fatalf("source %q not on token bounds", tt.source)
			}
			ents, of := Resolve(d, []attrib.Statement{{Source: []text.Range{src}, Parent: -1}})
			if of[0] < 0 {
				t.Fatalf("%q: no speaker", tt.source)
			}
			if got := ents[of[0]].Name; got != tt.want {
				t.Errorf("%q -> %q, want %q", tt.source, got, tt.want)
			}
		})
	}
}

// TestResolveNameTypes checks the type a name rule gives, and the sources
// that name no speaker at all.
func TestResolveNameTypes(t *testing.T) {
	tests := []struct {
		name, text, source string
		want               string // the speaker's name; "" for none
		typ                Type
		title              string // a title the speaker must carry
	}{
		{"two people are a group", "Mr. Smith and Mr. Jones said the plan was weak.",
			"Mr. Smith and Mr. Jones", "Mr. Smith and Mr. Jones", Other, ""},
		{"a group is not one of its members", "Mr. Aldo Brant and Mr. Sven Oda met. Oda and Brant said the plan was weak.",
			"Oda and Brant", "Oda and Brant", Other, ""},
		{"two surnames are a group of no name", "Vell and Orsk diverge on the plan.",
			"Vell and Orsk", "Vell and Orsk", Other, ""},
		{"a title and the place of each", "Sens. Ivo Lund of Tarnia and Karl Oden of Wessex said the plan was weak.",
			"Sens. Ivo Lund of Tarnia and Karl Oden of Wessex", "Sens. Ivo Lund of Tarnia and Karl Oden of Wessex", Other, ""},
		{"the title of a name before its place", "Senator Ivo Lund of Tarnia said the plan was weak.",
			"Senator Ivo Lund of Tarnia", "Ivo Lund", Person, "Senator"},
		{"a page label", "WATCH: said the plan was weak.",
			"WATCH", "", Other, ""},
		{"read more", "READ MORE said the plan was weak.",
			"READ MORE", "", Other, ""},
		{"a study by an organization is a description", "A study by economists at Tarn University said the plan was weak.",
			"A study by economists at Tarn University", "A study by economists at Tarn University", Organization, ""},
		{"a state is an organization", "The Tarn State said the plan was weak.",
			"The Tarn State", "Tarn State", Organization, ""},
		{"a secretary of state is a person", "Secretary of State Dana Holm said the plan was weak.",
			"Secretary of State Dana Holm", "Dana Holm", Person, ""},
		{"an interview's question label", "Q: You said the plan was weak.",
			"Q", "", Other, ""},
		{"the role goes to the titles", "Harbor Society senior manager Jane Doe said the plan was weak.",
			"Harbor Society senior manager Jane Doe", "Jane Doe", Person, "Harbor Society senior manager"},
		{"a capitalized title goes to the titles", "President Dana Holm said the plan was weak.",
			"President Dana Holm", "Dana Holm", Person, "President"},
		{"a party member is a person", "A Nevada Democrat said the plan was weak.",
			"A Nevada Democrat", "A Nevada Democrat", Person, ""},
		{"a lone quantifier names no one", "Some said the plan was weak.",
			"Some", "", Other, ""},
		{"a clause opener alone names no one", "Both said the plan was weak.",
			"Both", "", Other, ""},
		{"a relative that stands for its noun phrase", "A new Harbor poll that found the plan was weak.",
			"that", "A new Harbor poll", Other, ""},
		{"an honorific before who is no title", "It was Mr. Ivo Lund who said the plan was weak.",
			"who", "Ivo Lund", Person, ""},
		{"a title before who", "It was President Ivo Lund who said the plan was weak.",
			"who", "Ivo Lund", Person, "President"},
		{"a party's voters before who are a group", "The plan won four in 10 Tarnia Republicans who said the tax was weak.",
			"who", "Tarnia Republicans", Other, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := text.New(tt.text)
			at := strings.Index(tt.text, tt.source)
			src := text.Range{Start: -1}
			for i, tok := range d.Tokens {
				if int(tok.Byte.Start) == at {
					src.Start = i
				}
				if int(tok.Byte.End) == at+len(tt.source) {
					src.End = i + 1
				}
			}
			if src.Start < 0 || src.End <= src.Start {
				t.Fatalf("source %q not on token bounds", tt.source)
			}
			ents, of := Resolve(d, []attrib.Statement{{Source: []text.Range{src}, Parent: -1}})
			if tt.want == "" {
				if of[0] >= 0 {
					t.Fatalf("%q -> %q, want no speaker", tt.source, ents[of[0]].Name)
				}
				return
			}
			if of[0] < 0 {
				t.Fatalf("%q: no speaker", tt.source)
			}
			e := ents[of[0]]
			if e.Name != tt.want || e.Type != tt.typ {
				t.Errorf("%q -> %q (%v), want %q (%v)", tt.source, e.Name, e.Type, tt.want, tt.typ)
			}
			if tt.title != "" && !slices.Contains(e.Titles, tt.title) {
				t.Errorf("%q -> titles %q, want %q among them", tt.source, e.Titles, tt.title)
			}
		})
	}
}

// TestOrganizationDescription checks that a phrase about an organization
// that starts with a common noun is a description, unnamed, not the name
// of an organization.
func TestOrganizationDescription(t *testing.T) {
	tests := []struct {
		text, source string
		unnamed      bool
	}{
		{"A study by economists at Tarn University said the plan was weak.", "A study by economists at Tarn University", true},
		{"The Tarn University Press said the plan was weak.", "The Tarn University Press", false},
	}
	for _, tt := range tests {
		d := text.New(tt.text)
		at := strings.Index(tt.text, tt.source)
		src := text.Range{Start: -1}
		for i, tok := range d.Tokens {
			if int(tok.Byte.Start) == at {
				src.Start = i
			}
			if int(tok.Byte.End) == at+len(tt.source) {
				src.End = i + 1
			}
		}
		ents, of := Resolve(d, []attrib.Statement{{Source: []text.Range{src}, Parent: -1}})
		if of[0] < 0 {
			t.Fatalf("%q: no speaker", tt.source)
		}
		if e := ents[of[0]]; e.Unnamed != tt.unnamed || e.Type != Organization {
			t.Errorf("%q -> %q (%v), unnamed %v; want an organization, unnamed %v", tt.source, e.Name, e.Type, e.Unnamed, tt.unnamed)
		}
	}
}
