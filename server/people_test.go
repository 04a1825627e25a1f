package server

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/whosaid/whosaid/people"
	"github.com/whosaid/whosaid/store"
)

// fixturePeople is an invented people list for the invented articles: an
// id of Wikidata's form and one of another.
var fixturePeople = []people.Person{
	{ID: "Q90000001", Name: "Ana Souza", Variants: []string{"Souza"}, Gender: "female", Party: "Harbour Party", Role: "Mayor of Velmar"},
	{ID: "velmar-2", Name: "Tomas Berg", Party: "Quay League", Role: "Harbour master"},
	{ID: "Q90000003", Name: "Rosa Vik", Party: "Harbour Party"},
}

// peopleStore returns a store of the invented articles with fixturePeople
// loaded.
func peopleStore(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "people.db")
	writeFixture(t, path)
	w, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.SetPeople(ctx, fixturePeople); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestAPIPeople(t *testing.T) {
	h := New(peopleStore(t), Options{})
	tests := []struct {
		url      string
		code     int
		contains []string
		param    string
	}{
		{"/api/statements?person=Q90000001&limit=200", 200, []string{
			`"person":{"id":"Q90000001","name":"Ana Souza","gender":"female","party":"Harbour Party","role":"Mayor of Velmar"}`, "fair deal"}, ""},
		{"/api/statements?person=velmar-2&q=budget", 200, []string{`"name":"Tomas Berg"`, "already stretched"}, ""},
		{"/api/statements?party=harbour+party&kind=direct", 200, []string{"boats will be back"}, ""},
		{"/api/statements?party=Quay+League&q=fair", 200, []string{`"statements":[]`}, ""},
		{"/api/statements?person=Q90000003", 200, []string{`"statements":[]`}, ""},
		{"/api/statements/count?party=Harbour+Party", 200, []string{`"count":5`}, ""},
		{"/api/statements/count?person=velmar-2", 200, []string{`"count":2`}, ""},
		{"/api/statements?person=%01", 400, []string{"control character"}, "person"},
		{"/api/statements?party=+", 400, []string{"only spaces"}, "party"},
		{"/api/statements?person=" + strings.Repeat("Q", 1001), 400, []string{"longer than"}, "person"},
		{"/api/people", 200, []string{`"total":3`, `"id":"Q90000001","name":"Ana Souza"`, `"statements":5`, `"variants":["Souza"]`}, ""},
		{"/api/people?party=HARBOUR+PARTY&limit=1", 200, []string{`"total":2`, `"more":true`, "Ana Souza"}, ""},
		{"/api/people?party=%07", 400, nil, "party"},
		{"/api/people?limit=0", 400, nil, "limit"},
		{"/api/people?name=Ana", 400, []string{"unknown parameter"}, "name"},
		{"/api/speakers?limit=200", 200, []string{`"person":{"id":"velmar-2"`}, ""},
	}
	for _, tt := range tests {
		code, m, body := get(t, h, tt.url)
		ok := code == tt.code
		for _, c := range tt.contains {
			ok = ok && strings.Contains(body, c)
		}
		if tt.param != "" && (m == nil || m["param"] != tt.param) {
			ok = false
		}
		if !ok {
			t.Errorf("GET %s: %d %s\nwant %d with %q, param %q", tt.url, code, body, tt.code, tt.contains, tt.param)
		}
	}
	// The speaker and the article views carry the person too.
	_, m, _ := get(t, h, "/api/statements?person=Q90000001&limit=1")
	id := m["statements"].([]any)[0].(map[string]any)["speaker"].(map[string]any)["global"].(float64)
	if _, _, body := get(t, h, "/api/speakers/"+strconv.FormatInt(int64(id), 10)); !strings.Contains(body, `"person":{"id":"Q90000001"`) {
		t.Errorf("speaker %v: no person in %s", id, body)
	}
	if _, _, body := get(t, h, "/api/documents/courier_bridge"); !strings.Contains(body, `"person":{"id":"velmar-2"`) {
		t.Errorf("document: no person in %s", body)
	}
	// A store without a list lists nobody.
	if _, _, body := get(t, New(fixtureStore(t), Options{}), "/api/people"); !strings.Contains(body, `"people":[],"total":0`) {
		t.Errorf("no list: %s", body)
	}
}

// TestBrowserPeople opens a linked speaker's view, follows its party to
// the people of the party, and from there to their statements.
func TestBrowserPeople(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ctx := browser(t)
	ts := httptest.NewServer(New(peopleStore(t), Options{}))
	defer ts.Close()

	do(t, ctx, "open the people", chromedp.Navigate(ts.URL+"/#/people"), ready("#/people"))
	rows := js[[]string](t, ctx, `[...document.querySelectorAll("#people-table tbody tr")].map(r => [...r.cells].map(c => c.textContent).join("|"))`)
	want := []string{"Ana Souza|Q90000001|Harbour Party|Mayor of Velmar|5", "Tomas Berg|velmar-2|Quay League|Harbour master|2", "Rosa Vik|Q90000003|Harbour Party||0"}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("people table:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if c := js[string](t, ctx, `document.querySelector("#people-count").textContent`); c != "3 people" {
		t.Errorf("people count %q, want 3 people", c)
	}

	do(t, ctx, "open a linked speaker", chromedp.Click(chromedp.CSS("#people-table a.who")), ready("#/speaker/"),
		chromedp.WaitVisible(chromedp.CSS("#speaker-person")))
	if got := js[string](t, ctx, `document.querySelector("#speaker-person").textContent`); got != "Q90000001 · Harbour Party · Mayor of Velmar" {
		t.Errorf("person line %q", got)
	}
	if href := js[string](t, ctx, `document.querySelector("#speaker-person a.qid").href`); href != "https://www.wikidata.org/wiki/Q90000001" {
		t.Errorf("QID link %q", href)
	}
	shot(t, ctx, "person")

	do(t, ctx, "follow the party", chromedp.Click(chromedp.CSS("#speaker-person a.party")), ready("#/people?party="))
	if n := js[int](t, ctx, `document.querySelectorAll("#people-table tbody tr").length`); n != 2 {
		t.Errorf("people of the Harbour Party: %d rows, want 2", n)
	}
	do(t, ctx, "their statements", chromedp.Click(chromedp.CSS("#party-statements")), ready("#/search?party="),
		chromedp.WaitVisible(chromedp.CSS("#results .result")))
	if n := js[int](t, ctx, `document.querySelectorAll("#results .result").length`); n != 5 {
		t.Errorf("statements of the Harbour Party: %d, want 5", n)
	}
	// A non-QID id is shown as text, not linked.
	do(t, ctx, "open the people again", chromedp.Navigate(ts.URL+"/#/people?party=Quay%20League"), ready("#/people?party="))
	if n := js[int](t, ctx, `document.querySelectorAll("#people-table a.qid").length`); n != 0 {
		t.Errorf("velmar-2 linked as a QID")
	}
}
