package eval

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/whosaid/whosaid/output"
)

// GenderLabel is one hand-labelled person speaker: the document, the
// speaker's name as whosaid gives it, and the gender the article gives the
// person ("female", "male", or "unknown" when the article does not tell).
type GenderLabel struct {
	Doc, Name, Gender string
}

// ReadGenderLabels reads labels written one per line as "doc<TAB>name<TAB>
// gender"; lines starting with "#" and blank lines are skipped.
func ReadGenderLabels(r io.Reader) ([]GenderLabel, error) {
	var out []GenderLabel
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: %d fields, want doc, name, gender", n, len(f))
		}
		switch f[2] {
		case output.Female, output.Male, output.UnknownGender:
		default:
			return nil, fmt.Errorf("line %d: gender %q, want female, male or unknown", n, f[2])
		}
		out = append(out, GenderLabel{Doc: f[0], Name: f[1], Gender: f[2]})
	}
	return out, sc.Err()
}

// GenderReport compares whosaid's speaker genders with hand labels.
type GenderReport struct {
	// Labels counts the labels; Known those whose label is female or male;
	// Missing the labels whose speaker whosaid no longer gives.
	Labels, Known, Missing int
	// Given counts the known labels whose speaker whosaid gives a gender
	// (female or male); Right those where it is the label's.
	Given, Right int
	// Wrong lists the labels whosaid gets wrong.
	Wrong []GenderLabel
}

// Accuracy is Right / Given: how often a gender given is right.
func (r GenderReport) Accuracy() float64 { return ratio(r.Right, r.Given) }

// Coverage is Given / Known: how often a gender is given where the
// article tells it.
func (r GenderReport) Coverage() float64 { return ratio(r.Given, r.Known) }

// ScoreGender compares the genders of the speakers of docs with labels.
// A label's speaker is the speaker of its document with its name.
func ScoreGender(labels []GenderLabel, docs []output.Document) GenderReport {
	byDoc := map[string]*output.Document{}
	for i := range docs {
		byDoc[DocName(docs[i].Doc)] = &docs[i]
	}
	var r GenderReport
	for _, l := range labels {
		r.Labels++
		if l.Gender == output.UnknownGender {
			continue
		}
		r.Known++
		var sp *output.Speaker
		if d := byDoc[l.Doc]; d != nil {
			sp = findSpeaker(d.Speakers, l.Name)
		}
		if sp == nil {
			r.Missing++
			continue
		}
		if sp.Gender != output.Female && sp.Gender != output.Male {
			continue
		}
		r.Given++
		if sp.Gender == l.Gender {
			r.Right++
		} else {
			r.Wrong = append(r.Wrong, l)
		}
	}
	return r
}

// findSpeaker returns the speaker of sps named name, or else the one
// speaker whose name differs from it only by case or middle initials
// ("Donald J. Trump" labelled, "Donald Trump" shown): the label names a
// person, and the display rules may drop an initial. Nil when there is
// none or more than one.
func findSpeaker(sps []output.Speaker, name string) *output.Speaker {
	for i := range sps {
		if sps[i].Name == name {
			return &sps[i]
		}
	}
	var found *output.Speaker
	k := withoutInitials(name)
	for i := range sps {
		if withoutInitials(sps[i].Name) == k {
			if found != nil {
				return nil
			}
			found = &sps[i]
		}
	}
	return found
}

// withoutInitials folds name to lower case and drops its middle initials
// ("J.", "V"), keeping its first and last words.
func withoutInitials(name string) string {
	ws := strings.Fields(strings.ToLower(name))
	if len(ws) < 3 {
		return strings.Join(ws, " ")
	}
	out := []string{ws[0]}
	for _, w := range ws[1 : len(ws)-1] {
		if len(strings.TrimSuffix(w, ".")) != 1 {
			out = append(out, w)
		}
	}
	return strings.Join(append(out, ws[len(ws)-1]), " ")
}

// GenderShare counts, over docs, the statements credited to people of
// each gender and the people (speakers typed person, one per document) of
// each gender; the maps are keyed by "female", "male" and "unknown".
func GenderShare(docs []output.Document) (statements, people map[string]int) {
	statements, people = map[string]int{}, map[string]int{}
	for _, d := range docs {
		gender := map[string]string{}
		for _, s := range d.Speakers {
			if s.Type != "person" {
				continue
			}
			g := s.Gender
			if g == "" {
				g = output.UnknownGender
			}
			gender[s.ID] = g
			people[g]++
		}
		for _, st := range d.Statements {
			if st.Speaker == nil {
				continue
			}
			if g, ok := gender[st.Speaker.ID]; ok {
				statements[g]++
			}
		}
	}
	return statements, people
}
