package server

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// speakerFacts are what extraction says of the invented speakers besides
// their names: genders, and the descriptions.
var speakerFacts = map[string]output.Speaker{
	"Ana Souza":   {Gender: output.Female, GenderEvidence: output.EvidenceTitle},
	"Zoë Lind":    {Gender: output.Female, GenderEvidence: "name 0.99"},
	"Tomas Berg":  {Gender: output.Male, GenderEvidence: "name 0.99"},
	"Fishermen":   {Unnamed: true, Gender: output.UnknownGender},
	"Forecasters": {Unnamed: true, Gender: output.UnknownGender},
}

// withFacts adds speakerFacts to sp.
func withFacts(sp output.Speaker) output.Speaker {
	f, ok := speakerFacts[sp.Name]
	if !ok {
		sp.Gender = output.UnknownGender
		return sp
	}
	sp.Gender, sp.GenderEvidence, sp.Unnamed = f.Gender, f.GenderEvidence, f.Unnamed
	return sp
}

func TestSpeakerList(t *testing.T) {
	h := New(fixtureStore(t), Options{})
	tests := []struct {
		url   string
		want  []string // name/gender/statements, in order
		total int
	}{
		{"/api/speakers", []string{"Ana Souza/female/5", "Tomas Berg/male/2", "Zoë Lind/female/2"}, 3},
		{"/api/speakers?unnamed=0", []string{"Ana Souza/female/5", "Tomas Berg/male/2", "Zoë Lind/female/2"}, 3},
		{"/api/speakers?unnamed=1", []string{"Fishermen/unknown/1", "Forecasters/unknown/1"}, 2},
		{"/api/speakers?gender=female", []string{"Ana Souza/female/5", "Zoë Lind/female/2"}, 2},
		{"/api/speakers?gender=male", []string{"Tomas Berg/male/2"}, 1},
		{"/api/speakers?gender=unknown", nil, 0},
		{"/api/speakers?type=organization", nil, 0},
		{"/api/speakers?type=person,organization&limit=1", []string{"Ana Souza/female/5"}, 3},
		{"/api/speakers?sort=name", []string{"Ana Souza/female/5", "Tomas Berg/male/2", "Zoë Lind/female/2"}, 3},
		{"/api/speakers?sort=name&order=desc", []string{"Zoë Lind/female/2", "Tomas Berg/male/2", "Ana Souza/female/5"}, 3},
		{"/api/speakers?sort=statements&order=asc", []string{"Tomas Berg/male/2", "Zoë Lind/female/2", "Ana Souza/female/5"}, 3},
		// Ana Souza and Tomas Berg are first quoted on one day: then by id.
		{"/api/speakers?sort=first", []string{"Zoë Lind/female/2", "Ana Souza/female/5", "Tomas Berg/male/2"}, 3},
		{"/api/speakers?sort=last&order=asc&offset=1", []string{"Zoë Lind/female/2", "Ana Souza/female/5"}, 3},
		{"/api/speakers?sort=documents", []string{"Ana Souza/female/5", "Tomas Berg/male/2", "Zoë Lind/female/2"}, 3},
		// Counts within the outlet.
		{"/api/speakers?outlet=velmar+courier", []string{"Ana Souza/female/2", "Tomas Berg/male/1", "Zoë Lind/female/1"}, 3},
		{"/api/speakers?outlet=nowhere", nil, 0},
		{"/api/speakers?name=souza&gender=female", []string{"Ana Souza/female/5"}, 1},
		{"/api/speakers?name=souza&gender=male", nil, 0},
	}
	for _, tt := range tests {
		code, _, body := get(t, h, tt.url)
		if code != 200 {
			t.Errorf("GET %s: %d %s", tt.url, code, body)
			continue
		}
		var p struct {
			Speakers []struct {
				Name, Gender string
				Unnamed      bool
				Statements   int
			}
			Total int
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sp := range p.Speakers {
			got = append(got, sp.Name+"/"+sp.Gender+"/"+strconv.Itoa(sp.Statements))
			if sp.Unnamed != strings.Contains(tt.url, "unnamed=1") {
				t.Errorf("GET %s: %s unnamed %v", tt.url, sp.Name, sp.Unnamed)
			}
		}
		if !slices.Equal(got, tt.want) || p.Total != tt.total {
			t.Errorf("GET %s = %q total %d, want %q total %d", tt.url, got, p.Total, tt.want, tt.total)
		}
		if !strings.Contains(body, `"total":`) || len(p.Speakers) > 0 && !strings.Contains(body, `"gender":`) {
			t.Errorf("GET %s: no total or gender in %s", tt.url, body)
		}
	}
}

func TestCollectionBadValues(t *testing.T) {
	h := New(fixtureStore(t), Options{})
	for _, tt := range []struct{ url, param string }{
		{"/api/speakers?gender=other", "gender"},
		{"/api/speakers?type=robot", "type"},
		{"/api/speakers?unnamed=2", "unnamed"},
		{"/api/speakers?sort=age", "sort"},
		{"/api/speakers?order=up", "order"},
		{"/api/speakers?limit=0", "limit"},
		{"/api/speakers?colour=red", "colour"},
		{"/api/stats/gender?by=week", "by"},
		{"/api/stats/gender?format=xml", "format"},
		{"/api/stats/gender?from=2016-13-01", "from"},
		{"/api/stats/gender?kind=shouted", "kind"},
		{"/api/stats/gender?act=shouted", "act"},
		{"/api/stats/gender?n=3", "n"},
		{"/api/stats/top?by=month", "by"},
		{"/api/stats/top?n=0", "n"},
		{"/api/stats/top?n=101", "n"},
		{"/api/stats/top?type=poem", "type"},
		{"/api/stats/top?format=pdf", "format"},
	} {
		code, m, body := get(t, h, tt.url)
		if code != 400 || m["param"] != tt.param {
			t.Errorf("GET %s: %d %s, want 400 blaming %s", tt.url, code, body, tt.param)
		}
	}
}

func TestGenderStats(t *testing.T) {
	h := New(fixtureStore(t), Options{})
	tests := []struct {
		url  string
		want []string // key:female,male,unknown,statements/female_people,male_people,unknown_people,people
	}{
		{"/api/stats/gender", []string{"North Gazette:4,1,0,5/2,1,0,3", "Velmar Courier:3,1,0,4/2,1,0,3"}},
		{"/api/stats/gender?by=outlet&outlet=north+gazette", []string{"North Gazette:4,1,0,5/2,1,0,3"}},
		{"/api/stats/gender?by=month", []string{"2016-09:2,1,0,3/1,1,0,2", "2016-10:2,1,0,3/2,1,0,3", "2016-11:2,0,0,2/2,0,0,2", "2016-12:1,0,0,1/1,0,0,1"}},
		{"/api/stats/gender?by=month&act=warn", []string{"2016-10:0,1,0,1/0,1,0,1", "2016-12:1,0,0,1/1,0,0,1"}},
		{"/api/stats/gender?from=2016-11-01&to=2016-12-31&kind=direct", []string{"Velmar Courier:1,0,0,1/1,0,0,1"}},
		{"/api/stats/gender?type=thought", nil},
	}
	for _, tt := range tests {
		code, _, body := get(t, h, tt.url)
		if code != 200 {
			t.Errorf("GET %s: %d %s", tt.url, code, body)
			continue
		}
		var g struct {
			By   string
			Rows []map[string]any
		}
		if err := json.Unmarshal([]byte(body), &g); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range g.Rows {
			n := func(k string) string { return strconv.Itoa(int(r[k].(float64))) }
			got = append(got, r["key"].(string)+":"+strings.Join([]string{n("female"), n("male"), n("unknown"), n("statements")}, ",")+
				"/"+strings.Join([]string{n("female_people"), n("male_people"), n("unknown_people"), n("people")}, ","))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("GET %s = %q, want %q", tt.url, got, tt.want)
		}
	}
	// The total counts a person once across outlets.
	_, m, _ := get(t, h, "/api/stats/gender")
	if tot := m["total"].(map[string]any); tot["people"] != 3.0 || tot["statements"] != 9.0 || tot["female"] != 7.0 {
		t.Errorf("total = %v, want 9 statements (7 by women) of 3 people", tot)
	}

	// CSV: the same rows.
	rec := getRec(h, "/api/stats/gender?by=outlet&format=csv")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), `filename="whosaid-gender-by-outlet.csv"`) {
		t.Fatalf("CSV: %d %v", rec.Code, rec.Header())
	}
	want := "outlet,female,male,unknown,statements,female_people,male_people,unknown_people,people\n" +
		"North Gazette,4,1,0,5,2,1,0,3\nVelmar Courier,3,1,0,4,2,1,0,3\n"
	if rec.Body.String() != want {
		t.Errorf("CSV:\n%s\nwant\n%s", rec.Body.String(), want)
	}
}

func TestTopSpeakers(t *testing.T) {
	h := New(fixtureStore(t), Options{})
	tests := []struct {
		url  string
		want []string // outlet(statements): name/statements ...
	}{
		{"/api/stats/top", []string{"North Gazette(6): Ana Souza/3 Tomas Berg/1 Zoë Lind/1", "Velmar Courier(5): Ana Souza/2 Tomas Berg/1 Zoë Lind/1"}},
		{"/api/stats/top?by=outlet&n=1", []string{"North Gazette(6): Ana Souza/3", "Velmar Courier(5): Ana Souza/2"}},
		{"/api/stats/top?act=warn", []string{"Velmar Courier(2): Ana Souza/1 Tomas Berg/1"}},
		{"/api/stats/top?outlet=VELMAR+COURIER&to=2016-10-31", []string{"Velmar Courier(3): Ana Souza/1 Tomas Berg/1 Zoë Lind/1"}},
	}
	for _, tt := range tests {
		code, _, body := get(t, h, tt.url)
		if code != 200 {
			t.Errorf("GET %s: %d %s", tt.url, code, body)
			continue
		}
		var top struct {
			Rows []struct {
				Outlet     string
				Statements int
				Speakers   []struct {
					ID         int64
					Name       string
					Statements int
				}
			}
		}
		if err := json.Unmarshal([]byte(body), &top); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range top.Rows {
			l := r.Outlet + "(" + strconv.Itoa(r.Statements) + "):"
			for _, sp := range r.Speakers {
				l += " " + sp.Name + "/" + strconv.Itoa(sp.Statements)
			}
			got = append(got, l)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("GET %s = %q, want %q", tt.url, got, tt.want)
		}
	}
	rec := getRec(h, "/api/stats/top?n=1&format=csv")
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") || len(lines) != 3 ||
		lines[0] != "outlet,rank,speaker_id,name,statements" || !strings.HasPrefix(lines[1], "North Gazette,1,") || !strings.HasSuffix(lines[1], ",Ana Souza,3") {
		t.Errorf("CSV: %d %v\n%s", rec.Code, rec.Header(), rec.Body.String())
	}
}

// TestDocumentSpeakerFacts checks that an article's speakers carry what
// extraction said of them: gender, its evidence, the description flag.
func TestDocumentSpeakerFacts(t *testing.T) {
	h := New(fixtureStore(t), Options{})
	code, _, body := get(t, h, "/api/documents/gazette_harbour")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	for _, want := range []string{`"name":"Ana Souza","type":"person","gender":"female","gender_evidence":"title"`, `"name":"Fishermen","type":"person","gender":"unknown","unnamed":true`} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in %s", want, body)
		}
	}
}
