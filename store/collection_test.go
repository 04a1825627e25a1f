package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestCollectionViews runs the collection views on settleDocs in both
// backends: the answers are as expected, and the same in both.
func TestCollectionViews(t *testing.T) {
	// Ties go by id: the speakers first stored first.
	speakerQs := []struct {
		q    SpeakerQuery
		want string // names, total
	}{
		{SpeakerQuery{}, "Rob Tane Dana Holm Lee Ash ACME Sam Reed Vell Kim Oro Ivo Vell Mara Vell Eve Tane Jo Lund/11"},
		{SpeakerQuery{Gender: "female"}, "Dana Holm Mara Vell Eve Tane/3"},
		{SpeakerQuery{Gender: "unknown"}, "Vell Kim Oro/2"},
		{SpeakerQuery{Type: []string{"organization"}}, "ACME/1"},
		{SpeakerQuery{Unnamed: true, Sort: "name"}, "-- Officials officials the company the company/5"},
		{SpeakerQuery{Outlet: "courier", Sort: "statements", Limit: 2}, "Vell Rob Tane/9"}, // ties of 2 by id (first stored first),
		{SpeakerQuery{Name: "tane", Sort: "name", Order: "desc"}, "Rob Tane Eve Tane/2"},
		{SpeakerQuery{Sort: "last", Order: "asc", Limit: 1, Offset: 1}, "Ivo Vell/11"},
	}
	results := map[string][]string{}
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		if _, err := s.Put(ctx, settleDocs()); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tt := range speakerQs {
			p, err := s.Speakers(ctx, tt.q)
			if err != nil {
				t.Fatalf("Speakers(%+v): %v", tt.q, err)
			}
			var names []string
			for _, sp := range p.Speakers {
				names = append(names, sp.Name)
			}
			got := strings.Join(names, " ") + "/" + itoa(p.Total)
			if got != tt.want {
				t.Errorf("Speakers(%+v) = %q, want %q", tt.q, got, tt.want)
			}
			out = append(out, got)
		}
		for _, by := range []string{"outlet", "month"} {
			g, err := s.GenderStats(ctx, StatsQuery{By: by})
			if err != nil {
				t.Fatal(err)
			}
			j, _ := json.Marshal(g)
			out = append(out, string(j))
			if g.Total.Statements != g.Total.Female+g.Total.Male+g.Total.Unknown || g.Total.People != 10 {
				t.Errorf("GenderStats(%s).Total = %+v, want 10 people", by, g.Total)
			}
		}
		g, _ := s.GenderStats(ctx, StatsQuery{By: "outlet"})
		// Named people only: Dana Holm 4 (f), Ivo Vell 1 (m), Mara Vell 1
		// (f), Vell 2 (u), Rob Tane 21 (m), Eve Tane 1 (f), Kim Oro 2 (u),
		// Lee Ash 3 (m), Sam Reed 3 (m), Jo Lund 1 (m).
		if tot := g.Total; tot.Female != 6 || tot.Male != 29 || tot.Unknown != 4 || tot.FemalePeople != 3 || tot.MalePeople != 5 {
			t.Errorf("gender total = %+v", tot)
		}
		top, err := s.TopSpeakers(ctx, StatsQuery{By: "outlet", N: 2})
		if err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(top)
		out = append(out, string(j))
		if len(top.Rows) != 2 || top.Rows[0].Outlet != "Gazette" || top.Rows[0].Speakers[0].Name != "Rob Tane" || len(top.Rows[0].Speakers) != 2 {
			t.Errorf("TopSpeakers = %s", j)
		}
		if _, err := s.TopSpeakers(ctx, StatsQuery{By: "month"}); err == nil {
			t.Error("TopSpeakers by month: no error")
		}
		results[b.name] = out
	})
	if pg, ok := results["postgres"]; ok {
		for i, l := range results["sqlite"] {
			if pg[i] != l {
				t.Errorf("backends differ:\nsqlite   %s\npostgres %s", l, pg[i])
			}
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
