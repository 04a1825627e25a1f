package main

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

// reportStore writes a store of invented articles whose speakers carry
// genders: Ana Berg (female, 3 statements), Ivo Lund (male, 2), Kai Moss
// (unknown, 1) and the description "officials" (1).
func reportStore(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "r.db")
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type sp struct {
		name, gender string
		unnamed      bool
	}
	mk := func(id, date, outlet string, sps ...sp) output.Document {
		d := output.Document{Doc: id, Meta: map[string]json.RawMessage{
			"date": json.RawMessage(`"` + date + `"`), "outlet": json.RawMessage(`"` + outlet + `"`)}}
		for i, p := range sps {
			eid := fmt.Sprintf("e%d", i+1)
			d.Speakers = append(d.Speakers, output.Speaker{ID: eid, Name: p.name, Type: "person", Gender: p.gender, Unnamed: p.unnamed,
				Mentions: [][2]int{}, Titles: []string{}})
			d.Statements = append(d.Statements, output.Statement{ID: fmt.Sprintf("s%d", i+1), Kind: output.Indirect, Type: "speech", Act: "assert",
				Content: &output.Span{Spans: [][2]int{{0, 1}}, Text: "x"}, Speaker: &output.SpeakerRef{ID: eid, Name: p.name}})
		}
		return d
	}
	f, m, u := output.Female, output.Male, output.UnknownGender
	docs := []output.Document{
		mk("a1", "2016-01-05", "Gazette", sp{"Ana Berg", f, false}, sp{"Ivo Lund", m, false}),
		mk("a2", "2016-01-20", "Gazette", sp{"Ana Berg", f, false}, sp{"officials", u, true}),
		mk("a3", "2016-02-03", "Courier", sp{"Ana Berg", f, false}, sp{"Ivo Lund", m, false}, sp{"Kai Moss", u, false}),
	}
	if _, err := s.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestReport(t *testing.T) {
	db := reportStore(t)
	tests := []struct {
		args []string
		code int
		out  []string // lines, or parts of the output
	}{
		{[]string{"-db", db}, 0, []string{"OUTLET", "Gazette  3  66.7  33.3  0.0  2  1  1  0", "Courier  3  33.3  33.3  33.3  3  1  1  1", "all  6  50.0  33.3  16.7  3  1  1  1"}},
		{[]string{"-db", db, "-by", "month", "-format", "csv"}, 0, []string{"month,female,male,unknown,statements,female_people,male_people,unknown_people,people\n2016-01,2,1,0,3,1,1,0,2\n2016-02,1,1,1,3,1,1,1,3\n"}},
		{[]string{"-db", db, "-format", "json", "-outlet", "courier"}, 0, []string{`"by":"outlet"`, `"key":"Courier"`, `"unknown_people":1`}},
		{[]string{"-db", db, "-table", "top", "-n", "1"}, 0, []string{"Gazette (4)  1  Ana Berg  female  2  50.0", "Courier (3)  1  Ana Berg  female  1  33.3"}},
		{[]string{"-db", db, "-table", "top", "-format", "csv", "-n", "2"}, 0, []string{"outlet,rank,speaker_id,name,statements\nGazette,1,1,Ana Berg,2\nGazette,2,2,Ivo Lund,1\nCourier,1,1,Ana Berg,1\nCourier,2,2,Ivo Lund,1\n"}},
		{[]string{"-db", db, "-table", "top", "-by", "month"}, 2, nil},
		{[]string{"-db", db, "-by", "week"}, 2, nil},
		{[]string{"-db", db, "-format", "xml"}, 2, nil},
		{[]string{"-db", db, "-table", "pie"}, 2, nil},
		{[]string{"-db", db, "-from", "2016-13-01"}, 2, nil},
		{[]string{"-db", db, "-n", "0", "-table", "top"}, 2, nil},
	}
	for _, tt := range tests {
		code, out, errs := runC(t, cmdReport, "", tt.args...)
		if code != tt.code {
			t.Errorf("report %q: exit %d, want %d; stderr %s", tt.args, code, tt.code, errs)
			continue
		}
		// Text columns are aligned with runs of spaces: compared with one.
		norm := strings.Join(strings.Fields(out), " ")
		for _, w := range tt.out {
			if !strings.Contains(out, w) && !strings.Contains(norm, strings.Join(strings.Fields(w), " ")) {
				t.Errorf("report %q: no %q in\n%s", tt.args, w, out)
			}
		}
	}
}

func TestQuerySpeakerFilters(t *testing.T) {
	db := reportStore(t)
	tests := []struct {
		args []string
		code int
		out  string
		not  string
	}{
		{[]string{"-db", db, "-speakers"}, 0, "Ana Berg", "officials"},
		{[]string{"-db", db, "-speakers", "-gender", "female"}, 0, "Ana Berg", "Ivo Lund"},
		{[]string{"-db", db, "-speakers", "-unnamed"}, 0, "officials", "Ana Berg"},
		{[]string{"-db", db, "-speakers", "-sort", "name", "-order", "desc", "-format", "jsonl"}, 0, `"name":"Kai Moss","type":"person","gender":"unknown"`, ""},
		{[]string{"-db", db, "-speakers", "-outlet", "courier", "-speaker-type", "person"}, 0, "Kai Moss", "officials"},
		{[]string{"-db", db, "-gender", "male", "-format", "jsonl"}, 0, `"name":"Ivo Lund"`, "Ana Berg"},
		{[]string{"-db", db, "-speakers", "-gender", "robot"}, 2, "", ""},
		{[]string{"-db", db, "-gender", "robot"}, 2, "", ""},
		{[]string{"-db", db, "-speakers", "-sort", "age"}, 2, "", ""},
		{[]string{"-db", db, "-unnamed"}, 2, "", ""},
	}
	for _, tt := range tests {
		code, out, errs := runC(t, cmdQuery, "", tt.args...)
		if code != tt.code || !strings.Contains(out, tt.out) || tt.not != "" && strings.Contains(out, tt.not) {
			t.Errorf("query %q: exit %d (want %d)\nstdout: %s\nstderr: %s", tt.args, code, tt.code, out, errs)
		}
	}
	_, _, errs := runC(t, cmdQuery, "", "-db", db, "-speakers")
	if !strings.Contains(errs, "(3 speakers)") {
		t.Errorf("query -speakers: stderr %q, want the total", errs)
	}
}
