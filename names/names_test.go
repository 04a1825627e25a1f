package names

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		rule, in, name, title string
		gender                Gender
	}{
		{"possessive", "Hillary Clinton's", "Hillary Clinton", "", Unknown},
		{"possessive, curly", "Dana Orsk’s", "Dana Orsk", "", Unknown},
		{"possessive, plural", "Sanders'", "Sanders", "", Unknown},
		{"possessive token", "Vell 's", "Vell", "", Unknown},
		{"opener Maybe", "Maybe Trump", "Trump", "", Unknown},
		{"opener Why", "Why Obama", "Obama", "", Unknown},
		{"opener Both", "Both Ilse", "Ilse", "", Unknown},
		{"opener Everything", "Everything Orsk", "Orsk", "", Unknown},
		{"opener Given", "Given Orsk", "Orsk", "", Unknown},
		{"day before", "Wednesday Acme", "Acme", "", Unknown},
		{"day after", "Norland Tuesday", "Norland", "", Unknown},
		{"month abbreviation", "Sept.", "", "", Unknown},
		{"honorific", "Mr. Smith", "Smith", "Mr.", Male},
		{"honorific inside", "Democrat Sen. Karl L. Oden", "Karl L. Oden", "Democrat Sen.", Unknown},
		{"honorific female", "Ms. Ada Lind", "Ada Lind", "Ms.", Female},
		{"title", "President Obama", "Obama", "President", Unknown},
		{"titles", "U.S. District Judge Tom C. Reed", "Tom C. Reed", "U.S. District Judge", Unknown},
		{"title chain", "Senate Minority Leader Harry M. Reid", "Harry M. Reid", "Senate Minority Leader", Unknown},
		{"title glued to a role", "Heart Society Senior Manager Jane Doe", "Jane Doe", "Heart Society Senior Manager", Unknown},
		{"attorney general", "Attorney General Loretta Lynch", "Loretta Lynch", "Attorney General", Unknown},
		{"general is a name", "General Motors", "General Motors", "", Unknown},
		{"title alone stays", "President", "President", "", Unknown},
		{"party before a first name", "Wisconsin Republican Ron Jansen", "Ron Jansen", "Wisconsin Republican", Unknown},
		{"place before a first name", "State John F. Kerry", "John F. Kerry", "State", Unknown},
		{"first name and two more", "Hillary Rodham Clinton", "Hillary Rodham Clinton", "", Unknown},
		{"particle", "Ludwig van Beethoven", "Ludwig van Beethoven", "", Unknown},
		{"regnal name", "Pope Francis", "Pope Francis", "", Unknown},
		{"justice", "Justice Department", "Justice Department", "", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			p := Split(strings.Fields(tt.in))
			if got := strings.Join(p.Name, " "); got != tt.name {
				t.Errorf("Split(%q).Name = %q, want %q", tt.in, got, tt.name)
			}
			if got := strings.Join(p.Title, " "); got != tt.title {
				t.Errorf("Split(%q).Title = %q, want %q", tt.in, got, tt.title)
			}
			if p.Gender != tt.gender {
				t.Errorf("Split(%q).Gender = %v, want %v", tt.in, p.Gender, tt.gender)
			}
		})
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct{ in, want string }{
		{"JOHN SMITH", "John Smith"},
		{"MARY O'BRIEN-HALL", "Mary O'Brien-Hall"},
		{"AUSTRALIAN OLYMPIC TEAM", "Australian Olympic Team"},
		{"USA TODAY", "USA Today"},
		{"THE WEEK", "The Week"},
		{"AL GORE", "Al Gore"},
		{"F.B.I. AGENTS", "F.B.I. Agents"},
		{"CNN", "CNN"},
		{"NAACP", "NAACP"},
		{"McCain", "McCain"},
		{"Hillary CLINTON", "Hillary CLINTON"},
	}
	for _, tt := range tests {
		if got := strings.Join(Display(strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("Display(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPageLabel(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"WATCH", true},
		{"WATCH:", true},
		{"READ MORE", true},
		{"Related", true},
		{"Q", true},
		{"BYLINE", true},
		{"A:", true},
		{"Q and A", false},
		{"Watch Tower Society", false},
		{"Dana Orsk", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := PageLabel(tt.in); got != tt.want {
			t.Errorf("PageLabel(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestLexicon(t *testing.T) {
	for _, w := range []string{"Tuesday", "Tuesday’s", "Sept.", "today"} {
		if !Time(w) {
			t.Errorf("Time(%q) = false", w)
		}
	}
	if Time("May") {
		t.Error(`Time("May") = true: May is also a name`)
	}
	for _, w := range []string{"Maybe", "Why", "Both", "Instead", "The"} {
		if !Opener(w) {
			t.Errorf("Opener(%q) = false", w)
		}
	}
	if Opener("Will") {
		t.Error(`Opener("Will") = true: Will is a name`)
	}
	for _, w := range []string{"van", "de", "bin"} {
		if !Particle(w) {
			t.Errorf("Particle(%q) = false", w)
		}
	}
}

func TestGenderEvidence(t *testing.T) {
	hon := []struct {
		w    string
		want Gender
		ok   bool
	}{
		{"Mr.", Male, true}, {"Mrs.", Female, true}, {"Ms", Female, true},
		{"Sen.", Unknown, true}, {"Smith", Unknown, false},
	}
	for _, tt := range hon {
		if g, ok := Honorific(tt.w); g != tt.want || ok != tt.ok {
			t.Errorf("Honorific(%q) = %v, %v; want %v, %v", tt.w, g, ok, tt.want, tt.ok)
		}
	}
	titles := []struct {
		w    string
		want Gender
	}{
		{"congresswoman", Female}, {"Congressman", Male}, {"king", Male},
		{"queen", Female}, {"spokesperson", Unknown}, {"senator", Unknown},
		{"human", Unknown}, {"German", Unknown}, {"chairwoman", Female},
	}
	for _, tt := range titles {
		if g := TitleGender(tt.w); g != tt.want {
			t.Errorf("TitleGender(%q) = %v, want %v", tt.w, g, tt.want)
		}
	}
	if Pronoun("She") != Female || Pronoun("his") != Male || Pronoun("they") != Unknown {
		t.Error("Pronoun: wrong gender")
	}
}

func TestNameGender(t *testing.T) {
	tests := []struct {
		w       string
		want    Gender
		minFrac float64
	}{
		{"Mary", Female, 0.99},
		{"JOHN", Male, 0.99},
		{"Jean-Pierre", Female, 0.95}, // looked up by "jean": in the US, mostly girls
		{"Jordan", Unknown, 0.5},      // given to both
		{"Zzyzx", Unknown, 0},         // not in the table
	}
	for _, tt := range tests {
		g, r := NameGender(tt.w)
		if g != tt.want || r < tt.minFrac || r > 1 {
			t.Errorf("NameGender(%q) = %v, %.3f; want %v, at least %.2f", tt.w, g, r, tt.want, tt.minFrac)
		}
	}
	leans := []struct {
		w       string
		want    Gender
		minFrac float64
	}{
		{"Chris", Male, 0.85}, // too weak alone (NameGender: Unknown)
		{"Kelly", Female, 0.85},
		{"Zzyzx", Unknown, 0},
	}
	for _, tt := range leans {
		g, r := NameLean(tt.w)
		if g != tt.want || r < tt.minFrac || r >= NameRatio {
			t.Errorf("NameLean(%q) = %v, %.3f; want %v, from %.2f to %.2f", tt.w, g, r, tt.want, tt.minFrac, NameRatio)
		}
		if g, _ := NameGender(tt.w); g != Unknown {
			t.Errorf("NameGender(%q) = %v, want unknown", tt.w, g)
		}
	}
	if n := len(firstNames()); n < 10000 {
		t.Errorf("first-name table: %d names, want at least 10000", n)
	}
}

func TestBounds(t *testing.T) {
	tests := []struct {
		in   string
		i, j int
	}{
		{"Maybe Orsk", 1, 2},
		{"Wednesday Dale Orsk", 1, 3},
		{"Dale Orsk 's", 0, 2},
		{"Mr. Orsk", 0, 2}, // honorifics stay for ner: CoreNLP's convention
		{"Maybe", 0, 0},
	}
	for _, tt := range tests {
		if i, j := Bounds(strings.Fields(tt.in)); i != tt.i || j != tt.j {
			t.Errorf("Bounds(%q) = %d, %d; want %d, %d", tt.in, i, j, tt.i, tt.j)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"", "Mr.", "Maybe Trump's", "U.S. District Judge Tom C. Reed", "JOHN O'BRIEN-HALL", "'s", "Wednesday"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws := strings.Fields(s)
		p := Split(ws)
		if len(p.Name)+len(p.Title) > len(ws) {
			t.Fatalf("Split(%q): %d name and %d title words of %d", s, len(p.Name), len(p.Title), len(ws))
		}
		if i, j := Bounds(ws); i < 0 || j < i || j > len(ws) {
			t.Fatalf("Bounds(%q) = %d, %d", s, i, j)
		}
		if d := Display(ws); len(d) != len(ws) {
			t.Fatalf("Display(%q) = %q", s, d)
		}
		p.Person()
		Conjoined(ws)
		PageLabel(s)
		NameGender(s)
		if g, r := NameLean(s); r < 0 || r > 1 || g == Unknown && r != 0 && r != 0.5 {
			t.Fatalf("NameLean(%q) = %v, %v", s, g, r)
		}
	})
}

func TestPerson(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Ted Vell", true},                   // a first name and a surname
		{"Senator Ivo Lund", true},           // a title before two words
		{"House Speaker Karl D. Oden", true}, // titles and an initial
		{"Mr. Burk", true},                   // an honorific
		{"Secretary", false},                 // a title alone: "Secretary of State"
		{"Royal Bank", false},                // an organization word
		{"Ivo", false},                       // one word, no honorific
		{"Tarn Valley Works Board Ltd", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Split(strings.Fields(tt.in)).Person(); got != tt.want {
			t.Errorf("Split(%q).Person() = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestConjoined(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Vell and Orsk", true},
		{"Mr. Smith & Mr. Jones", true},
		{"Ivo Lund of Tarnia and Karl Oden of Wessex", true},
		{"Procter and", false},
		{"and Orsk", false},
		{"Dana Orsk", false},
	}
	for _, tt := range tests {
		if got := Conjoined(strings.Fields(tt.in)); got != tt.want {
			t.Errorf("Conjoined(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, w := range []string{"of", "at", "from", "with"} {
		if !Link(w) {
			t.Errorf("Link(%q) = false", w)
		}
	}
	if Link("and") {
		t.Error(`Link("and") = true`)
	}
}
