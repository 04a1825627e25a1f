package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCharts checks the Charts view against the API it draws: the
// share of statements by speaker gender by outlet and by month (a bar per
// row, its parts and the table of numbers equal to the API's rows), the
// most quoted speakers per outlet, and that each "Download CSV" link gives
// the API's CSV.
func TestBrowserCharts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ctx := browser(t)
	ts := httptest.NewServer(New(fixtureStore(t), Options{}))
	defer ts.Close()

	do(t, ctx, "open charts", chromedp.Navigate(ts.URL+"/#/charts"), ready("#/charts"))
	shot(t, ctx, "charts")
	if got := js[string](t, ctx, `document.querySelector("#gender-note").textContent`); !strings.Contains(got, "inferred") {
		t.Errorf("gender note %q, want it to say gender is inferred", got)
	}
	if href := js[string](t, ctx, `document.querySelector("#gender-note a").getAttribute("href")`); !strings.HasSuffix(href, "README.md#speaker-gender") {
		t.Errorf("gender note links to %q, want the README's section", href)
	}

	// Each gender chart: one bar per row of the API, its parts titled with
	// the API's counts, and a table with the same numbers.
	for _, c := range []struct{ id, by string }{{"gender-outlet", "outlet"}, {"gender-month", "month"}} {
		t.Run(c.by, func(t *testing.T) {
			type row struct {
				Key                   string
				Female, Male, Unknown int
			}
			api := jsAwait[[]row](t, ctx, `fetch("/api/stats/gender?by=`+c.by+`").then(r => r.json()).then(b => b.rows.map(r => ({Key: r.key, Female: r.female, Male: r.male, Unknown: r.unknown})))`)
			if len(api) == 0 {
				t.Fatalf("/api/stats/gender?by=%s: no rows", c.by)
			}
			want := map[string]int{"outlet": 2, "month": 4}[c.by]
			if len(api) != want {
				t.Errorf("/api/stats/gender?by=%s: %d rows, want %d", c.by, len(api), want)
			}
			keys := js[[]string](t, ctx, `[...document.querySelectorAll("#`+c.id+`-svg text.key")].map(e => e.textContent)`)
			table := js[[][]string](t, ctx, `[...document.querySelectorAll("#`+c.id+`-table tbody tr")].map(tr => [...tr.children].map(td => td.textContent))`)
			if len(keys) != len(api) || len(table) != len(api) {
				t.Fatalf("%s: %d bars and %d table rows for %d API rows", c.id, len(keys), len(table), len(api))
			}
			for i, r := range api {
				if keys[i] != r.Key || table[i][0] != r.Key {
					t.Errorf("%s row %d: bar %q, table %q, want %q", c.id, i, keys[i], table[i][0], r.Key)
				}
				got := table[i][1:4]
				if exp := []string{fmt.Sprint(r.Female), fmt.Sprint(r.Male), fmt.Sprint(r.Unknown)}; !slices.Equal(got, exp) {
					t.Errorf("%s %s: table women, men, unknown %q, want %q", c.id, r.Key, got, exp)
				}
				if share := fmt.Sprintf("%.1f%%", 100*float64(r.Female)/float64(r.Female+r.Male)); r.Female+r.Male > 0 && table[i][5] != share {
					t.Errorf("%s %s: share of women %q, want %q", c.id, r.Key, table[i][5], share)
				}
				parts := js[[]string](t, ctx, `[...document.querySelectorAll("#`+c.id+`-svg rect.part")].filter(e => e.dataset.key === `+jsString(r.Key)+`).map(e => e.classList[1] + " " + e.dataset.n)`)
				var exp []string
				for _, p := range []struct {
					g string
					n int
				}{{"female", r.Female}, {"male", r.Male}, {"unknown", r.Unknown}} {
					if p.n > 0 {
						exp = append(exp, fmt.Sprintf("%s %d", p.g, p.n))
					}
				}
				if !slices.Equal(parts, exp) {
					t.Errorf("%s %s: bar parts %q, want %q", c.id, r.Key, parts, exp)
				}
			}
			if title := js[string](t, ctx, `document.querySelector("#`+c.id+`-svg rect.part title").textContent`); !strings.Contains(title, "statement") {
				t.Errorf("%s: a bar part's hover text %q, want its count", c.id, title)
			}
			csvLinkOK(t, ctx, c.id+"-csv", "/api/stats/gender?by="+c.by+"&format=csv", "female")
		})
	}
	// The summary over all rows: 7 of the 9 statements by women, 2 of
	// the 3 people.
	if got := js[string](t, ctx, `document.querySelector("#gender-summary").textContent`); !strings.Contains(got, "77.8%") || !strings.Contains(got, "(7 of 9)") || !strings.Contains(got, "66.7%") {
		t.Errorf("summary %q, want 77.8%% (7 of 9) of statements, 66.7%% of people", got)
	}
	// The fixture's figures, so that a chart of nothing cannot pass.
	if got := js[[]string](t, ctx, `[...document.querySelector("#gender-outlet-table tbody tr").children].map(td => td.textContent)`); len(got) < 4 || got[0] != "North Gazette" || got[1] != "4" || got[2] != "1" {
		t.Errorf("North Gazette row %q, want 4 statements by women, 1 by men", got)
	}

	// The most quoted speakers per outlet.
	t.Run("top", func(t *testing.T) {
		outlets := js[[]string](t, ctx, `[...document.querySelectorAll("#top-outlet .outlet h3")].map(e => e.firstChild.textContent)`)
		if !slices.Equal(outlets, []string{"North Gazette", "Velmar Courier"}) && !slices.Equal(outlets, []string{"Velmar Courier", "North Gazette"}) {
			t.Errorf("top speakers for outlets %q, want North Gazette and Velmar Courier", outlets)
		}
		first := js[[]string](t, ctx, `[...document.querySelectorAll("#top-outlet .outlet")].map(o => o.querySelector("tbody tr a").textContent + " " + o.querySelector("tbody tr td.num").textContent)`)
		for _, f := range first {
			if !strings.HasPrefix(f, "Ana Souza ") {
				t.Errorf("most quoted of an outlet %q, want Ana Souza", f)
			}
		}
		csvLinkOK(t, ctx, "top-outlet-csv", "/api/stats/top?by=outlet&n=10&format=csv", "outlet")
	})

	// The view's form: an act chosen and submitted selects the
	// statements of that act (Tomas Berg's and Ana Souza's warnings).
	do(t, ctx, "filter act",
		chromedp.SetValue(chromedp.CSS("#c-act"), "warn"),
		chromedp.Click(chromedp.CSS("#charts-go")),
		ready("#/charts?act=warn"))
	if got := js[[]string](t, ctx, `[...document.querySelectorAll("#gender-month-table tbody th")].map(e => e.textContent)`); !slices.Equal(got, []string{"2016-10", "2016-12"}) {
		t.Errorf("charts of warnings: months %q, want 2016-10 and 2016-12", got)
	}

	// A filter of the view goes to the charts: one outlet, one bar.
	do(t, ctx, "filter outlet", chromedp.Navigate(ts.URL+"/#/charts?outlet=Velmar%20Courier"), ready("#/charts?outlet"))
	if keys := js[[]string](t, ctx, `[...document.querySelectorAll("#gender-outlet-svg text.key")].map(e => e.textContent)`); !slices.Equal(keys, []string{"Velmar Courier"}) {
		t.Errorf("charts of Velmar Courier: bars %q", keys)
	}
	if href := js[string](t, ctx, `document.querySelector("#gender-outlet-csv").getAttribute("href")`); !strings.Contains(href, "outlet=Velmar+Courier") {
		t.Errorf("CSV link of the filtered chart %q, want the outlet in it", href)
	}
}

// jsAwait evaluates expr, a promise, in the page and returns the value it
// resolves to as a T.
func jsAwait[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// csvLinkOK checks the "Download CSV" link with the given id: its address is
// want, and fetching it gives CSV whose header holds column.
func csvLinkOK(t *testing.T, ctx context.Context, id, want, column string) {
	t.Helper()
	href := js[string](t, ctx, `document.getElementById("`+id+`").getAttribute("href")`)
	if href != want {
		t.Errorf("%s: href %q, want %q", id, href, want)
	}
	type answer struct {
		Status      int
		ContentType string
		Header      string
	}
	got := jsAwait[answer](t, ctx, `fetch(document.getElementById("`+id+`").href).then(async r => ({Status: r.status, ContentType: r.headers.get("Content-Type") || "", Header: (await r.text()).split("\n")[0]}))`)
	if got.Status != 200 || !strings.HasPrefix(got.ContentType, "text/csv") || !strings.Contains(got.Header, column) {
		t.Errorf("%s: %d %q, header %q; want 200 text/csv with a %s column", id, got.Status, got.ContentType, got.Header, column)
	}
}

// TestBrowserSpeakerList checks the speaker list: its total, sorting by
// clicking a column's header (again for the other order), and each filter
// (type, gender, outlet), against the API's answers.
func TestBrowserSpeakerList(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ctx := browser(t)
	ts := httptest.NewServer(New(fixtureStore(t), Options{}))
	defer ts.Close()
	names := func() []string {
		t.Helper()
		return js[[]string](t, ctx, `[...document.querySelectorAll("#speaker-table tbody tr a.who")].map(a => a.textContent)`)
	}
	apiNames := func(q string) ([]string, int) {
		t.Helper()
		type page struct {
			Names []string
			Total int
		}
		p := jsAwait[page](t, ctx, `fetch("/api/speakers?`+q+`").then(r => r.json()).then(b => ({Names: (b.speakers || b.rows).map(s => s.name), Total: b.total}))`)
		return p.Names, p.Total
	}
	count := func() string {
		t.Helper()
		return js[string](t, ctx, `document.querySelector("#speaker-count").textContent`)
	}

	do(t, ctx, "open speakers", chromedp.Navigate(ts.URL+"/#/speakers"), ready("#/speakers"))
	all, total := apiNames("")
	if total != 3 || len(all) != 3 {
		t.Fatalf("/api/speakers: %d names, total %d; want the fixture's 3 named people", len(all), total)
	}
	if got := names(); !slices.Equal(got, all) {
		t.Errorf("speaker list %q, want the API's %q", got, all)
	}
	if got := count(); got != "3 speakers" {
		t.Errorf("speaker count %q, want 3 speakers", got)
	}
	if got := js[[]string](t, ctx, `[...document.querySelectorAll("#speaker-table tbody td.gender")].map(td => td.textContent)`); !slices.Equal(got, []string{"female", "male", "female"}) {
		t.Errorf("gender column %q, want female, male, female", got)
	}

	// Sorting: a click on Speaker sorts by name, a second click reverses.
	do(t, ctx, "sort by name", chromedp.Click(chromedp.CSS(`#speaker-table th a[data-sort="name"]`)), ready("#/speakers?sort=name&order=asc"))
	if got, want := names(), []string{"Ana Souza", "Tomas Berg", "Zoë Lind"}; !slices.Equal(got, want) {
		t.Errorf("sorted by name: %q, want %q", got, want)
	}
	if got := js[string](t, ctx, `document.querySelector("#speaker-table th[aria-sort=ascending]").textContent`); got != "Speaker" {
		t.Errorf("the ascending column is %q, want Speaker", got)
	}
	do(t, ctx, "sort by name, descending", chromedp.Click(chromedp.CSS(`#speaker-table th a[data-sort="name"]`)), ready("#/speakers?sort=name&order=desc"))
	if got, want := names(), []string{"Zoë Lind", "Tomas Berg", "Ana Souza"}; !slices.Equal(got, want) {
		t.Errorf("sorted by name, descending: %q, want %q", got, want)
	}
	// The fewest statements first: a click on Statements asks for the
	// most first, a second for the fewest.
	do(t, ctx, "sort by statements", chromedp.Click(chromedp.CSS(`#speaker-table th a[data-sort="statements"]`)), ready("#/speakers?sort=statements&order=desc"))
	do(t, ctx, "sort by statements, ascending", chromedp.Click(chromedp.CSS(`#speaker-table th a[data-sort="statements"]`)), ready("#/speakers?sort=statements&order=asc"))
	if got, want := names(), []string{"Tomas Berg", "Zoë Lind", "Ana Souza"}; !slices.Equal(got, want) {
		t.Errorf("sorted by statements, ascending: %q, want %q", got, want)
	}
	// The first quoted first.
	do(t, ctx, "sort by first", chromedp.Click(chromedp.CSS(`#speaker-table th a[data-sort="first"]`)), ready("#/speakers?sort=first&order=asc"))
	if got, want := names(), func() []string { n, _ := apiNames("sort=first&order=asc"); return n }(); !slices.Equal(got, want) {
		t.Errorf("sorted by first statement: %q, want the API's %q", got, want)
	}

	// Each filter: the rows and the total the API gives for it.
	for _, f := range []struct {
		id, value, query string
		want             []string
		statements       []string // the Statements column, when it is checked
	}{
		{"sf-gender", "female", "gender=female", []string{"Ana Souza", "Zoë Lind"}, nil},
		{"sf-gender", "male", "gender=male", []string{"Tomas Berg"}, nil},
		{"sf-type", "organization", "type=organization", nil, nil},
		{"sf-type", "person", "type=person", []string{"Ana Souza", "Tomas Berg", "Zoë Lind"}, nil},
		// Counts within the outlet: Ana Souza has 5 statements, 2 there.
		{"sf-outlet", "Velmar Courier", "outlet=Velmar+Courier", []string{"Ana Souza", "Tomas Berg", "Zoë Lind"}, []string{"2", "1", "1"}},
		{"sf-unnamed", "1", "unnamed=1", []string{"Fishermen", "Forecasters"}, nil},
	} {
		t.Run(f.query, func(t *testing.T) {
			do(t, ctx, "reset", chromedp.Navigate(ts.URL+"/#/speakers?sort=name&order=asc"), ready("#/speakers?sort=name"))
			do(t, ctx, "filter "+f.query,
				chromedp.SetValue(chromedp.CSS("#"+f.id), f.value),
				chromedp.Evaluate[chromedp.Void](`document.getElementById("`+f.id+`").dispatchEvent(new Event("change"))`),
				ready("#/speakers?"+f.query))
			got := names()
			if !slices.Equal(got, f.want) {
				t.Errorf("%s: %q, want %q", f.query, got, f.want)
			}
			apiGot, apiTotal := apiNames(f.query + "&sort=name&order=asc")
			if !slices.Equal(got, apiGot) {
				t.Errorf("%s: page %q, API %q", f.query, got, apiGot)
			}
			if c := count(); c != plural(apiTotal, "speaker") {
				t.Errorf("%s: count %q, want %q", f.query, c, plural(apiTotal, "speaker"))
			}
			if f.statements != nil {
				if n := js[[]string](t, ctx, `[...document.querySelectorAll("#speaker-table tbody tr")].map(tr => tr.children[3].textContent)`); !slices.Equal(n, f.statements) {
					t.Errorf("%s: statements %q, want %q", f.query, n, f.statements)
				}
			}
		})
	}
	shot(t, ctx, "speaker-list")
}

// plural writes a count as the page does: "1 speaker", "2 speakers".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
