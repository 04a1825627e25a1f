package store

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/whosaid/whosaid/output"
)

// identityDocs are small invented articles whose speakers test each merge
// and non-merge of Reidentify.
func identityDocs(t *testing.T) []output.Document {
	return []output.Document{
		mkDoc(t, "a1", "2016-01-01", "Gazette", `Dana Holm said the port would close.`,
			said{"indirect", "Dana Holm", "said", "the port would close", "Dana Holm"}),
		mkDoc(t, "a2", "2016-01-02", "Courier", `Holm said the port would open.`,
			said{"indirect", "Holm", "said", "the port would open", "Holm"}),
		mkDoc(t, "a3", "2016-01-03", "Gazette", `Dana J. Holm said the bridge was safe.`,
			said{"indirect", "Dana J. Holm", "said", "the bridge was safe", "Dana J. Holm"}),
		mkDoc(t, "b1", "2016-01-04", "Gazette", `Ivo Vell said taxes would rise. Mara Vell said taxes would fall.`,
			said{"indirect", "Ivo Vell", "said", "taxes would rise", "Ivo Vell"},
			said{"indirect", "Mara Vell", "said", "taxes would fall", "Mara Vell"}),
		mkDoc(t, "b2", "2016-01-05", "Courier", `Vell said the road was closed.`,
			said{"indirect", "Vell", "said", "the road was closed", "Vell"}),
		mkDoc(t, "c1", "2016-01-06", "Gazette", `The company said sales fell.`,
			said{"indirect", "The company", "said", "sales fell", "the company"}),
		mkDoc(t, "c2", "2016-01-07", "Courier", `The company said sales rose.`,
			said{"indirect", "The company", "said", "sales rose", "the company"}),
	}
}

// speakerTable lists the store's speakers, named and descriptions, as
// "name/type/statements/documents".
func speakerTable(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, unnamed := range []bool{false, true} {
		page, err := s.Speakers(context.Background(), SpeakerQuery{Limit: MaxLimit, Unnamed: unnamed})
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range page.Speakers {
			out = append(out, sp.Name+"/"+sp.Type+"/"+strconv.Itoa(sp.Statements)+"/"+strconv.Itoa(sp.Documents))
		}
	}
	slices.Sort(out)
	return out
}

func TestReidentify(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		docs := identityDocs(t)
		want := []string{
			"Dana Holm/person/3/3", // surname alone and a middle initial joined
			"Ivo Vell/person/1/1",  // two people of one surname stay two
			"Mara Vell/person/1/1",
			"Vell/person/1/1",        // and the surname alone stays apart
			"the company/person/1/1", // a description stays in its article
			"the company/person/1/1",
		}
		for _, order := range [][]int{{0, 1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1, 0}} {
			s := b.open(t)
			for _, i := range order {
				if _, err := s.Put(ctx, []output.Document{docs[i]}); err != nil {
					t.Fatal(err)
				}
			}
			// Put left the store as Reidentify would: a pass moves nothing.
			if got := speakerTable(t, s); !slices.Equal(got, want) {
				t.Errorf("order %v, after Put:\n got %q\nwant %q", order, got, want)
			}
			st, err := s.Reidentify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.ArticleSpeakers != 8 || st.Moved != 0 || st.Removed != 0 {
				t.Errorf("first pass: %+v, want 8 article speakers, none moved", st)
			}
			got := speakerTable(t, s)
			if !slices.Equal(got, want) {
				t.Errorf("order %v:\n got %q\nwant %q", order, got, want)
			}
			st, err = s.Reidentify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Moved != 0 || st.Removed != 0 {
				t.Errorf("second pass changed something: %+v", st)
			}
			// A search by surname now finds the person's every statement.
			page, err := s.Search(ctx, Query{Speaker: "Holm"})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Statements) != 3 {
				t.Errorf("speaker Holm: %d statements, want 3", len(page.Statements))
			}
		}
	})
}

func TestLooksUnnamed(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"the company", true}, {"The company", true}, {"officials", true},
		{"A spokesman for the Gazette", true}, {"The Gazette", false},
		{"Dana Holm", false}, {"Officials", false}, {"", true},
	}
	for _, tt := range tests {
		if got := looksUnnamed(tt.name); got != tt.want {
			t.Errorf("looksUnnamed(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
