package typeact

import (
	"os"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/text"
)

// marked builds a document and one statement from a sentence whose roles
// are marked inline: [c ...] cue, [s ...] source, [t ...] content (the
// marks are removed; several [t ...] make a discontinuous content).
func marked(t testing.TB, s string) (*text.Doc, attrib.Statement) {
	t.Helper()
	var plain strings.Builder
	type mark struct {
		role       byte
		start, end int // byte offsets in plain
	}
	var marks []mark
	for i := 0; i < len(s); i++ {
		if s[i] == '[' && i+2 < len(s) && s[i+2] == ' ' {
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				t.Fatalf("unclosed mark in %q", s)
			}
			start := plain.Len()
			plain.WriteString(s[i+3 : i+j])
			marks = append(marks, mark{s[i+1], start, plain.Len()})
			i += j
			continue
		}
		plain.WriteByte(s[i])
	}
	d := text.New(plain.String())
	st := attrib.Statement{Parent: -1}
	for _, m := range marks {
		r := text.Range{Start: -1}
		for k, tok := range d.Tokens {
			if int(tok.Byte.Start) >= m.start && int(tok.Byte.End) <= m.end {
				if r.Start < 0 {
					r.Start = k
				}
				r.End = k + 1
			}
		}
		if r.Start < 0 {
			t.Fatalf("mark %c of %q covers no token", m.role, s)
		}
		switch m.role {
		case 'c':
			st.Cue = append(st.Cue, r)
		case 's':
			st.Source = append(st.Source, r)
		case 't':
			st.Content = append(st.Content, r)
		default:
			t.Fatalf("unknown mark %c in %q", m.role, s)
		}
	}
	return d, st
}

// targetText returns the text of a label's target, pieces joined by "|".
func targetText(d *text.Doc, l Label) string {
	var parts []string
	for _, r := range l.Target {
		parts = append(parts, d.Slice(r))
	}
	return strings.Join(parts, "|")
}

// The fixtures are invented sentences, one or more per type, act,
// negation and target frame.
var labelTests = []struct {
	in      string
	typ     Type
	act     Act
	negated bool
	target  string
}{
	// types
	{"[s The mayor] [c said] [t the bridge will reopen in May].", Speech, Assert, false, ""},
	{"[s Ms. Okafor] [c wrote] [t that the budget was balanced].", Writing, Assert, false, ""},
	{"[s The senator] [c said] in a statement [t that she would resign].", Writing, Assert, false, ""},
	{"In a letter, [s the governor] [c said] [t the plan was dead].", Writing, Assert, false, ""},
	{"[s The Daily Courier] [c observed] [t that turnout was low].", Writing, Assert, false, ""},
	{"[s The memo] [c says] [t staff must return by Friday].", Writing, Assert, false, ""},
	{"[s Farmers] [c believe] [t the rain will come].", Thought, Assert, false, ""},
	{"[s The coach] [c fears] [t the season is lost].", Thought, Assert, false, ""},
	{"[s The union] [c wants] [t a shorter week].", Stance, Assert, false, ""},
	{"[s The council] [c voted for] [t the new park].", Stance, Assert, false, ""},
	{"[s A recent poll] [c shows] [t the race is tied].", Evidence, Assert, false, ""},
	{"[s 40% of voters] [c say] [t the economy is weak].", Evidence, Assert, false, ""},
	{"[t Prices will rise], [c according to] [s a 2019 study].", Evidence, Assert, false, ""},
	{"[t Prices will rise], [c according to] [s the finance minister].", Speech, Assert, false, ""},
	{"[t The storm] [c is expected] [t to reach the coast tonight].", Evidence, Assert, false, ""},
	// acts
	{"[s The chief] [c warned] [t that the dam could fail].", Speech, Warn, false, ""},
	{"[s The mayor] [c urged] residents [t to stay indoors].", Speech, Demand, false, "residents"},
	{"[s Greenpeace] [c called on] the ministry [t to ban the pesticide].", Speech, Demand, false, "the ministry"},
	{"[s The judge] [c ordered] the agency [t to release the files].", Speech, Demand, false, "the agency"},
	{"[s The judge] [c ordered] [t the release of the files].", Speech, Demand, false, ""},
	{"[s Kowalski] [c accused] his rival [t of lying about the budget].", Speech, Accuse, false, "his rival"},
	{"[s The union] [c blamed] management [t for the strike].", Speech, Accuse, false, "management"},
	{"[s Critics] [c criticized] [t the new tax].", Speech, Criticize, false, "the new tax"},
	{"[s The opposition] [c slammed] the minister [t for his silence].", Speech, Criticize, false, "the minister"},
	{"[s Her] [c attacks on] [t the governor] continued.", Speech, Criticize, false, "the governor"},
	{"[s Ortiz] [c was critical of] [t the plan to cut school funding].", Speech, Criticize, false, "the plan"},
	{"[s The coach] [c praised] [t the young goalkeeper].", Speech, Praise, false, "the young goalkeeper"},
	{"[s The company] [c denied] [t that it had paid the fine].", Speech, Deny, false, ""},
	{"[s The candidate] [c vowed] [t to cut taxes].", Speech, Promise, false, ""},
	{"[s The reporter] [c asked] [t whether the mine would close].", Speech, Ask, false, ""},
	{"“[t Where is the money?]” [s the auditor] [c said].", Speech, Ask, false, ""},
	{"[s The ministry] [c announced] [t that the border would reopen].", Speech, Announce, false, ""},
	{"[s The firm] [c released a statement confirming] [t the merger].", Writing, Announce, false, ""},
	{"[s The director] [c admitted] [t that mistakes were made].", Speech, Concede, false, ""},
	{"[s The pilot] [c apologized] to the passengers [t for the delay].", Speech, Concede, false, "the passengers"},
	// a source after its cue is no target
	{"“[t The dam could fail],” [c warned] [s the engineer].", Speech, Warn, false, ""},
	{"[t This statement] in the strongest terms [c condemned] [s the ministry].", Speech, Criticize, false, ""},
	{"“[t We are ready],” [c told] [s the captain] the crew.", Speech, Assert, false, ""},
	{"[s The mayor] [c also continued to refute] [t the report].", Speech, Deny, false, ""},
	{"[s Supporters] [c thundered] [t their approval].", Speech, Praise, false, ""},
	// negation: the act of a negated cue is assert, the target stays
	{"[s The mayor] [c did not deny] [t the report].", Speech, Assert, true, ""},
	{"[s She] [c has not called for] him [t to resign].", Speech, Assert, true, "him"},
	{"[s The moderators] [c didn’t ask] her [t about the loan].", Speech, Assert, true, "her"},
	{"[s Most voters] [c have no idea] [t who their senator is].", Thought, Assert, true, ""},
	{"[s The bank] [c does not want] [t higher rates].", Stance, Assert, true, ""},
	{"[s The mayor] [c refused] [t to comment].", Stance, Assert, false, ""}, // lexically negative: not negated
	{"[s He] [c said] [t he would not run].", Speech, Assert, false, ""},     // negation in the content
	// targets through the frame
	{"[s Lindqvist] [c told] reporters [t the talks had failed].", Speech, Assert, false, "reporters"},
	{"[s Lindqvist] [c told] Radio North [t that the talks had failed].", Speech, Assert, false, "Radio North"},
	{"[s Lindqvist] [c said] in an interview with Radio North [t that the talks had failed].", Speech, Assert, false, "Radio North"},
	{"[s Lindqvist] told the panel on Monday, [c saying] [t that the talks had failed].", Speech, Assert, false, "the panel"},
	{"Speaking to reporters, [s Lindqvist] [c said] [t the talks had failed].", Speech, Assert, false, "reporters"},
	{"[s Amara] [c slams] [t Harlow And The Banks].", Speech, Criticize, false, "Harlow And The Banks"},
	{"[s The minister] [c called] the ruling [t absurd].", Speech, Criticize, false, "the ruling"},
	{"[s The minister] [c described] the volunteers [t as heroes].", Speech, Praise, false, "the volunteers"},
	{"[s The minister] [c called] the report [t a useful guide].", Speech, Assert, false, ""},
	{"The senator [c has been criticized] [t for her vote].", Speech, Criticize, false, "The senator"},
	{"a banker who [c was accused] [t of fraud]", Speech, Accuse, false, "who"},
	{"[t Staff will return], [c according to] [s a letter from the director].", Writing, Assert, false, ""},
	{"[s Law enforcement officials] [c said] [t the road was closed].", Speech, Assert, false, ""},
	{"[s The governor] [c sent] a letter to the council, [c saying] [t the vote was void].", Writing, Assert, false, "the council"},
	{"[s Both sides] [c agreed] [t that the vote was fair].", Speech, Assert, false, ""},
	{"[s Both sides] [c agreed] [t to a ceasefire].", Stance, Assert, false, ""},
	{"[s The mayor] [c said in his letter] [t that the pool would close].", Writing, Assert, false, ""},
	{"[s The agency] [c released] [t a video of the launch].", Writing, Assert, false, ""},
	{"[s She] [c wrote a harsh rebuke of] [t the plan].", Writing, Criticize, false, "the plan"},
	{"[s The firm] [c went on the offensive against] [t its rival].", Speech, Criticize, false, "its rival"},
	// headline colon
	{"[s Amara] [c :] [t We will win].", Speech, Assert, false, ""},
}

func TestLabel(t *testing.T) {
	l := New()
	for _, tt := range labelTests {
		d, st := marked(t, tt.in)
		got := l.Label(d, []attrib.Statement{st}, nil)
		if len(got) != 1 {
			t.Fatalf("%q: %d labels, want 1", tt.in, len(got))
		}
		g := got[0]
		if g.Type != tt.typ || g.Act != tt.act || g.Negated != tt.negated || targetText(d, g) != tt.target {
			t.Errorf("%q:\n got %s/%s negated=%v target=%q\nwant %s/%s negated=%v target=%q",
				tt.in, g.Type, g.Act, g.Negated, targetText(d, g), tt.typ, tt.act, tt.negated, tt.target)
		}
	}
}

func TestTargetEntity(t *testing.T) {
	d, st := marked(t, "Ines Varga spoke first. [s The union] [c accused] Varga [t of hiding the report].")
	ents := []speaker.Entity{
		{Name: "Oskar Lind", Type: speaker.Person},
		{Name: "Ines Varga", Type: speaker.Person, Mentions: []text.Range{{Start: 0, End: 2}}},
	}
	got := New().Label(d, []attrib.Statement{st}, ents)
	if targetText(d, got[0]) != "Varga" || got[0].Entity != 1 {
		t.Errorf("target %q entity %d, want \"Varga\" entity 1", targetText(d, got[0]), got[0].Entity)
	}
	// A mention inside the target.
	ents[1].Mentions = []text.Range{{Start: st.Cue[0].End, End: st.Cue[0].End + 1}}
	ents[1].Name = "I. V."
	got = New().Label(d, []attrib.Statement{st}, ents)
	if got[0].Entity != 1 {
		t.Errorf("entity %d, want 1 (a mention inside the target)", got[0].Entity)
	}
}

func TestLemma(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"said", "say"}, {"warns", "warn"}, {"warned", "warn"}, {"warning", "warning"},
		{"criticizing", "criticize"}, {"criticized", "criticize"}, {"denies", "deny"},
		{"denied", "deny"}, {"admitted", "admit"}, {"slammed", "slam"}, {"urging", "urge"},
		{"praises", "praise"}, {"accusations", "accusation"}, {"noted", "note"},
	} {
		if got, ok := lemmaOf(tt.in, cueLemmas); !ok || got != tt.want {
			t.Errorf("lemmaOf(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	if _, ok := lemmaOf("table", cueLemmas); ok {
		t.Errorf("lemmaOf(table) found a lemma")
	}
}

func TestNames(t *testing.T) {
	if len(Types()) != 5 || len(Acts()) != 11 {
		t.Fatalf("%d types, %d acts; want 5 and 11", len(Types()), len(Acts()))
	}
	if Type(200).String() != "speech" || Act(200).String() != "assert" {
		t.Errorf("out-of-range values do not name the defaults")
	}
}

// TestBadRanges checks that ranges outside the document, reversed or
// empty, are ignored without a panic.
func TestBadRanges(t *testing.T) {
	d := text.New("He said no.")
	stmts := []attrib.Statement{
		{Cue: []text.Range{{Start: 5, End: 90}}, Source: []text.Range{{Start: -3, End: 1}}, Content: []text.Range{{Start: 2, End: 1}}},
		{},
		{Cue: []text.Range{{Start: 1, End: 2}}, Content: []text.Range{{Start: 2, End: 4}}},
	}
	got := New().Label(d, stmts, []speaker.Entity{{Name: "X", Mentions: []text.Range{{Start: -1, End: 100}}}})
	if len(got) != 3 {
		t.Fatalf("%d labels, want 3", len(got))
	}
	var zero *Labeler
	if n := len(zero.Label(text.New(""), nil, nil)); n != 0 {
		t.Errorf("nil Labeler on an empty document: %d labels", n)
	}
}

// FuzzLabel checks that any text with any statement ranges is labelled
// without a panic, with targets inside the document and apart from the
// cue.
func FuzzLabel(f *testing.F) {
	f.Add("The mayor told reporters that the bridge would reopen.", 1, 2, 0, 1, 3, 9)
	f.Add("“Where?” she asked him.", 5, 6, 4, 5, 0, 4)
	f.Add("", 0, 0, 0, 0, 0, 0)
	f.Fuzz(func(t *testing.T, s string, c0, c1, s0, s1, t0, t1 int) {
		d := text.New(s)
		st := attrib.Statement{
			Cue:     []text.Range{{Start: c0, End: c1}},
			Source:  []text.Range{{Start: s0, End: s1}},
			Content: []text.Range{{Start: t0, End: t1}},
			Parent:  -1,
		}
		ents := []speaker.Entity{{Name: "the mayor", Mentions: []text.Range{{Start: s0, End: s1}}}}
		for _, l := range New().Label(d, []attrib.Statement{st}, ents) {
			for _, r := range l.Target {
				if r.Start < 0 || r.End > len(d.Tokens) || r.Start >= r.End {
					t.Fatalf("target %v outside the %d tokens", r, len(d.Tokens))
				}
				if c0 >= 0 && c1 <= len(d.Tokens) && r.Start < c1 && c0 < r.End {
					t.Fatalf("target %v overlaps the cue [%d, %d)", r, c0, c1)
				}
			}
			if l.Entity < -1 || l.Entity >= len(ents) {
				t.Fatalf("entity %d out of range", l.Entity)
			}
		}
	})
}

// BenchmarkLabel labels the statements of the example article as the
// pipeline extracts them with the rules.
func BenchmarkLabel(b *testing.B) {
	raw, err := os.ReadFile("../examples/aleppo.txt")
	if err != nil {
		b.Skip(err)
	}
	d := text.New(string(raw))
	stmts := attrib.New().Extract(d)
	ents, _ := speaker.Resolve(d, stmts)
	l := New()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		l.Label(d, stmts, ents)
	}
}
