package speaker

import (
	"strings"
	"testing"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/names"
	"github.com/whosaid/whosaid/text"
)

// TestGenderEvidence checks each kind of evidence and its order: the
// article's honorifics, titles and pronouns before the first name.
func TestGenderEvidence(t *testing.T) {
	tests := []struct {
		name, text, source string
		want               names.Gender
		evidence           string
	}{
		{"honorific", "Ms. Dale Orsk said the plan was weak.", "Ms. Dale Orsk", names.Female, "honorific"},
		{"honorific over the first name", "Mr. Mary Orsk said the plan was weak.", "Mr. Mary Orsk", names.Male, "honorific"},
		{"title", "Congresswoman Dale Orsk said the plan was weak.", "Congresswoman Dale Orsk", names.Female, "title"},
		{"role in apposition", "Dale Orsk, the chairwoman, said the plan was weak.", "Dale Orsk, the chairwoman,", names.Female, "title"},
		{"first name", "Mary Orsk said the plan was weak.", "Mary Orsk", names.Female, "name 0.99"},
		{"first name of both sexes", "Jordan Orsk said the plan was weak.", "Jordan Orsk", names.Unknown, ""},
		{"surname alone", "Orsk said the plan was weak.", "Orsk", names.Unknown, ""},
		{"a channel in apposition is no title", "Orsk, through a spokeswoman, said the plan was weak.", "Orsk, through a spokeswoman,", names.Unknown, ""},
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
			ents, of := Resolve(d, []attrib.Statement{{Source: []text.Range{src}, Parent: -1}})
			if of[0] < 0 {
				t.Fatalf("%q: no speaker", tt.source)
			}
			e := ents[of[0]]
			if e.Gender != tt.want || e.GenderEvidence != tt.evidence {
				t.Errorf("%q: %v %q, want %v %q", e.Name, e.Gender, e.GenderEvidence, tt.want, tt.evidence)
			}
		})
	}
}

// TestGenderPronouns checks the pronouns of statements resolved to a
// person, and that a group or organization has no gender.
func TestGenderPronouns(t *testing.T) {
	_, ents := speakers(t, "Dale Orsk said the plan was weak. She said the port would close. The rules are old, she said.")
	for _, e := range ents {
		if e.Name == "Dale Orsk" {
			if e.Gender != names.Female || e.GenderEvidence != "pronouns" {
				t.Errorf("Dale Orsk: %v %q, want female by pronouns", e.Gender, e.GenderEvidence)
			}
			return
		}
	}
	t.Fatalf("no speaker Dale Orsk in %+v", ents)
}

// TestGenderLateHonorific checks that an honorific after the last source
// counts: "Mrs. Orsk" in the closing sentence tells Kelly Orsk's gender,
// which the first name, given to both sexes, does not.
func TestGenderLateHonorific(t *testing.T) {
	_, ents := speakers(t, "Kelly Orsk said the plan was weak. The vote came late in the day. Mrs. Orsk left the hall before it.")
	for _, e := range ents {
		if e.Name == "Kelly Orsk" {
			if e.Gender != names.Female || e.GenderEvidence != "honorific" {
				t.Errorf("Kelly Orsk: %v %q, want female by honorific", e.Gender, e.GenderEvidence)
			}
			return
		}
	}
	t.Fatalf("no speaker Kelly Orsk in %+v", ents)
}

// TestGenderNarrative checks the subject pronouns of the narrative: they
// tell the gender of a person whose first name does not, unless they are
// inside a quotation or the first name leans the other way.
func TestGenderNarrative(t *testing.T) {
	tests := []struct {
		name, text, who string
		want            names.Gender
		evidence        string
	}{
		{"two of one gender", "Ivo Orsk said the plan was weak. He was elected in 2010. He has led the port board since.",
			"Ivo Orsk", names.Male, "narrative pronouns"},
		{"one is not enough", "Ivo Orsk said the plan was weak. He was elected in 2010.",
			"Ivo Orsk", names.Unknown, ""},
		{"pronouns in a quotation are the speaker's", "Ivo Orsk said the plan was weak. “She was wrong. She knows it,” Orsk said of the mayor.",
			"Ivo Orsk", names.Unknown, ""},
		{"a first name leaning the other way", "Terry Orsk said the plan was weak. She was elected in 2010. She has led the port board since.",
			"Terry Orsk", names.Unknown, ""},
		{"a first name leaning the same way", "Terry Orsk said the plan was weak. He was elected in 2010. He has led the port board since.",
			"Terry Orsk", names.Male, "narrative pronouns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ents := speakers(t, tt.text)
			for _, e := range ents {
				if e.Name == tt.who {
					if e.Gender != tt.want || e.GenderEvidence != tt.evidence {
						t.Errorf("%s: %v %q, want %v %q", tt.who, e.Gender, e.GenderEvidence, tt.want, tt.evidence)
					}
					return
				}
			}
			t.Fatalf("no speaker %s in %+v", tt.who, ents)
		})
	}
}

func TestGenderNotPerson(t *testing.T) {
	_, ents := speakers(t, "The Harbor Ministry said the plan was weak. Mr. Ivo Lund and Ms. Dale Orsk said the port would close.")
	for _, e := range ents {
		if e.Type != Person && e.Gender != names.Unknown {
			t.Errorf("%q (%v): gender %v, want none", e.Name, e.Type, e.Gender)
		}
	}
}

func TestUnnamed(t *testing.T) {
	_, ents := speakers(t, "Mayor Ines Carvalho said the budget was tight. Officials said taxes would rise. The spokeswoman said the port would close. Vell and Orsk said the road was safe.")
	want := map[string]bool{"Ines Carvalho": false, "Officials": true, "Vell and Orsk": true}
	for _, e := range ents {
		if u, ok := want[e.Name]; ok && e.Unnamed != u {
			t.Errorf("%q: Unnamed = %v, want %v", e.Name, e.Unnamed, u)
		}
		delete(want, e.Name)
	}
	if len(want) > 0 {
		t.Errorf("missing speakers %v in %+v", want, ents)
	}
}
