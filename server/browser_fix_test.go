package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/whosaid/whosaid/output"
)

// TestBrowserNewUser checks the page against what a new user hit (issue 11,
// item 5) on a store of one article in which twelve people speak thirty
// times: quotation marks shown once, a colour of its own for each speaker
// of the article, a clear message for an unknown speaker, the outlet
// filter whatever its case, "1 article", and a total on every list.
func TestBrowserNewUser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ctx := browser(t)
	ts := httptest.NewServer(New(crowdStore(t), Options{}))
	defer ts.Close()
	str := func(expr string) string { t.Helper(); return js[string](t, ctx, expr) }

	// The header: one article, not "1 articles".
	do(t, ctx, "load page", chromedp.Navigate(ts.URL+"/"), ready("#/"), chromedp.WaitVisible(chromedp.CSS("#results .result")))
	if got := str(`document.querySelector("#stats").textContent`); !strings.HasPrefix(got, "1 article · 30 statements · 12 speakers") {
		t.Errorf("header %q, want 1 article · 30 statements · 12 speakers", got)
	}
	// The list's total, not the size of its first page.
	if got := str(`document.querySelector(".count").textContent`); got != "30 statements · showing 25" {
		t.Errorf("statement list count %q, want 30 statements · showing 25", got)
	}
	// A direct quote's marks are in its content: the page adds none.
	shown := str(`(() => {
		const pc = (e, p) => { const c = getComputedStyle(e, p).content; return c === "none" || c === "normal" ? "" : JSON.parse(c); };
		const q = document.querySelector("#results .result.direct .quote");
		return pc(q, "::before") + q.textContent + pc(q, "::after"); })()`)
	if !strings.HasPrefix(shown, "“Point") || strings.Count(shown, "“") != 1 || strings.Count(shown, "”") != 1 {
		t.Errorf("direct quote shown as %q, want its marks once", shown)
	}
	shot(t, ctx, "crowd-home")

	// The article: twelve speakers, twelve colours.
	do(t, ctx, "open article", chromedp.Navigate(ts.URL+"/#/doc/post_meeting"), ready("#/doc/"))
	colors := js[[]string](t, ctx, `[...new Set([...document.querySelectorAll("#doctext .hl.source")].map(e => getComputedStyle(e).color))]`)
	if len(colors) != len(crowdNames) {
		t.Errorf("12 speakers drawn in %d colours %q", len(colors), colors)
	}
	chips := js[[]string](t, ctx, `[...new Set([...document.querySelectorAll("#speaker-chips .chip")].map(e => getComputedStyle(e).getPropertyValue("--c")))]`)
	if len(chips) != len(crowdNames) {
		t.Errorf("12 speaker chips in %d colours %q", len(chips), chips)
	}
	if got := str(`document.querySelector("#statement-list h2").textContent`); got != "30 statements" {
		t.Errorf("article statement list heading %q, want 30 statements", got)
	}
	shot(t, ctx, "crowd-article")

	// An unknown speaker: a message for a person, not the store's error.
	do(t, ctx, "unknown speaker", chromedp.Navigate(ts.URL+"/#/speaker/999"), ready("error"))
	if msg := str(`document.querySelector("#error").textContent`); !strings.Contains(msg, "No such speaker") || strings.Contains(msg, "store:") {
		t.Errorf("unknown speaker: banner %q, want No such speaker", msg)
	}

	// The outlet filter, typed in another case than stored.
	do(t, ctx, "outlet filter", chromedp.Navigate(ts.URL+"/#/search?outlet=harbour%20post"), ready("#/search"))
	if n := js[int](t, ctx, `document.querySelectorAll("#results .result").length`); n == 0 {
		t.Error("outlet=harbour post: no statements; the outlet is stored as Harbour Post")
	}
	if got := str(`document.querySelector("#f-outlet").value`); got != "Harbour Post" {
		t.Errorf("outlet=harbour post: the outlet menu shows %q, want Harbour Post", got)
	}

	// A filter /api/stats counts gives a total too; the side list says
	// how many of all speakers it shows.
	do(t, ctx, "act filter", chromedp.Navigate(ts.URL+"/#/search?act=assert"), ready("#/search"), chromedp.WaitVisible(chromedp.CSS("#top-count")))
	if got := str(`document.querySelector(".count").textContent`); got != "30 statements · showing 25" {
		t.Errorf("act=assert: count %q, want 30 statements · showing 25", got)
	}
	if got := str(`document.querySelector("#top-count").textContent`); got != "12 of 12 speakers" {
		t.Errorf("side list count %q, want 12 of 12 speakers", got)
	}

	// The speakers list and a speaker's statements have totals too.
	do(t, ctx, "speakers", chromedp.Navigate(ts.URL+"/#/speakers"), ready("#/speakers"))
	if got := str(`(document.querySelector(".count") || {}).textContent || ""`); got != "12 speakers" {
		t.Errorf("speakers list count %q, want 12 speakers", got)
	}
	do(t, ctx, "speaker", chromedp.Navigate(ts.URL+"/#/speaker/1"), ready("#/speaker/1"))
	if got := str(`document.querySelector("#results").previousElementSibling.textContent`); got != "3 statements" {
		t.Errorf("speaker 1's list count %q, want 3 statements", got)
	}
	if got := str(`document.querySelector(".facts").textContent`); !strings.Contains(got, "3 statements in 1 article") {
		t.Errorf("speaker facts %q, want 3 statements in 1 article", got)
	}
}

// TestBrowserPaste pastes an invented article into the Paste view and
// checks that it comes back highlighted like a stored article, its markup
// shown as text, and that a server without the pipeline says it does not
// extract.
func TestBrowserPaste(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ctx := browser(t)
	st := fixtureStore(t)
	ts := httptest.NewServer(New(st, Options{Pipeline: testPipeline(t)}))
	defer ts.Close()
	texts := func(sel string) []string {
		t.Helper()
		return js[[]string](t, ctx, `[...document.querySelectorAll(`+"`"+sel+"`"+`)].map(e => e.textContent)`)
	}

	do(t, ctx, "open paste", chromedp.Navigate(ts.URL+"/"), ready("#/"),
		chromedp.Click(chromedp.CSS("#nav-paste")), ready("#/paste"),
		chromedp.SetValue(chromedp.CSS("#paste-text"), pasteText),
		chromedp.Click(chromedp.CSS("#paste-go")), ready("#/paste:done"))
	if got := texts("#doctext .hl.source"); strings.Join(got, "|") != "Mayor Maria Lopez|Lopez" {
		t.Errorf("pasted article: sources %q, want Mayor Maria Lopez|Lopez", got)
	}
	if got := texts("#doctext .hl.cue"); strings.Join(got, "|") != "said|warned" {
		t.Errorf("pasted article: cues %q, want said|warned", got)
	}
	if got := js[string](t, ctx, `document.querySelector("#doctext").textContent`); got != pasteText {
		t.Errorf("pasted article shown as %q, want the text pasted", got)
	}
	if n := js[int](t, ctx, `document.querySelectorAll("#view script").length`); n != 0 {
		t.Errorf("the pasted <script> became %d script elements", n)
	}
	if got := texts("#statement-list .st .act"); strings.Join(got, "|") != "assert|warn" {
		t.Errorf("pasted article: acts %q, want assert|warn", got)
	}
	if got := js[string](t, ctx, `document.querySelector("#paste-note").textContent`); !strings.Contains(got, "2 statements, 1 speaker") {
		t.Errorf("paste note %q, want 2 statements, 1 speaker", got)
	}
	shot(t, ctx, "paste")
	// Selecting a statement in the list marks its spans in the text.
	do(t, ctx, "select", chromedp.Click(chromedp.CSS(`#statement-list .st[data-i="1"]`)))
	if got := texts("#doctext .hl.active"); strings.Join(got, "") != "Lopezwarnedthat the budget was already stretched" {
		t.Errorf("selected statement marks %q", got)
	}

	bare := httptest.NewServer(New(st, Options{}))
	defer bare.Close()
	do(t, ctx, "paste without pipeline", chromedp.Navigate(bare.URL+"/#/paste"), ready("#/paste"),
		chromedp.SetValue(chromedp.CSS("#paste-text"), pasteText),
		chromedp.Click(chromedp.CSS("#paste-go")), ready("error"))
	if msg := js[string](t, ctx, `document.querySelector("#error").textContent`); !strings.Contains(msg, "does not extract") {
		t.Errorf("without the pipeline: banner %q", msg)
	}
}

// TestBrowserHTMLFile opens the page extract -format html writes
// (output.HTML) for the crowd article with markup pasted in: the text
// reads as the article's, each of the twelve speakers in its own colour,
// and the markup stays text.
func TestBrowserHTMLFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ctx := browser(t)
	a := crowdArticle()
	a.text = strings.Replace(a.text, "The town hall", "<script>document.title='pwned'</script>The town hall", 1)
	d := mkDoc(t, a)
	var page bytes.Buffer
	h := output.NewHTML(&page, "crowd")
	if err := h.Write(d); err != nil {
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page.Bytes())
	}))
	defer ts.Close()
	do(t, ctx, "open page", chromedp.Navigate(ts.URL+"/"), chromedp.WaitReady(chromedp.CSS(".doctext")))
	if got := js[string](t, ctx, `document.title`); got != "crowd" {
		t.Errorf("title %q: the article's script ran?", got)
	}
	if n := js[int](t, ctx, `document.scripts.length`); n != 0 {
		t.Errorf("%d scripts in the page", n)
	}
	if got := js[string](t, ctx, `document.querySelector(".doctext").textContent`); got != a.text {
		t.Errorf("the page's text differs from the article's:\n%q\n%q", got, a.text)
	}
	colors := js[[]string](t, ctx, `[...new Set([...document.querySelectorAll(".doctext .hl.source")].map(e => getComputedStyle(e).color))]`)
	if len(colors) != len(crowdNames) {
		t.Errorf("12 speakers drawn in %d colours %q", len(colors), colors)
	}
	shot(t, ctx, "html-file")
}
