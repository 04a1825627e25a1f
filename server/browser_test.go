package server

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/whosaid/whosaid/internal/testenv"
)

// browser starts a headless chromium with a fresh profile and returns a
// context for chromedp actions, ending with the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(testenv.Chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// shot saves a full-page screenshot into $WHOSAID_SCREENSHOTS, if set.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("WHOSAID_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

// ready waits until the page has rendered the view for a hash starting with
// prefix.
func ready(prefix string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitReady(chromedp.CSS(`body[data-ready^="` + prefix + `"]`))
}

// js evaluates expr in the page and returns its value as a T.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ctx := browser(t)
	ts := httptest.NewServer(New(fixtureStore(t), Options{}))
	defer ts.Close()

	// Load the page.
	do(t, ctx, "load page", chromedp.Navigate(ts.URL+"/"), ready("#/"), chromedp.WaitVisible(chromedp.CSS("#top-speakers li a")))
	stats := js[string](t, ctx, `document.querySelector("#stats").textContent`)
	if !strings.Contains(stats, "4 articles") || !strings.Contains(stats, "11 statements") {
		t.Errorf("stats line = %q, want 4 articles, 11 statements", stats)
	}
	// The named speakers: the descriptions "Fishermen" and "Forecasters"
	// are not listed.
	if n := js[int](t, ctx, `document.querySelectorAll("#top-speakers li a").length`); n != 3 {
		t.Errorf("%d speakers in the side list, want 3", n)
	}
	shot(t, ctx, "home")

	// Search.
	do(t, ctx, "search",
		chromedp.SendKeys(chromedp.CSS("#q"), "harbour spring"),
		chromedp.SetValue(chromedp.CSS("#f-kind"), "direct"),
		chromedp.Click(chromedp.CSS("#go")),
		ready("#/search"))
	if n := js[int](t, ctx, `document.querySelectorAll("#results .result").length`); n != 1 {
		t.Errorf("search harbour spring, direct: %d results, want 1", n)
	}
	marks := js[[]string](t, ctx, `[...document.querySelectorAll("#results mark")].map(m => m.textContent)`)
	if strings.ToLower(strings.Join(marks, " ")) != "harbour spring" {
		t.Errorf("search harbour spring: marked words %q", marks)
	}
	shot(t, ctx, "search")

	// Open the speaker.
	do(t, ctx, "open speaker",
		chromedp.Click(chromedp.CSS("#results a.who")),
		ready("#/speaker/"),
		chromedp.WaitVisible(chromedp.CSS("#results .result")))
	if name := js[string](t, ctx, `document.querySelector("#speaker-name").textContent`); name != "Ana Souza" {
		t.Errorf("speaker page of %q, want Ana Souza", name)
	}
	bars := js[int](t, ctx, `document.querySelectorAll("#timeline rect.bar").length`)
	n := js[int](t, ctx, `document.querySelectorAll("#results .result").length`)
	if bars != 4 || n != 5 {
		t.Errorf("speaker page: %d timeline bars, %d statements; want 4 months, 5 statements", bars, n)
	}
	shot(t, ctx, "speaker")

	// Open an article from a result.
	do(t, ctx, "open article",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#results a.open[href^="#/doc/gazette_harbour"]').click()`),
		ready("#/doc/"))
	contents := js[[]string](t, ctx, `(() => { const out = []; let last = null;
		for (const e of document.querySelectorAll("#doctext .hl.content")) {
			if (e.dataset.st !== last) out.push("");
			last = e.dataset.st;
			out[out.length - 1] += e.textContent;
		}
		return out; })()`)
	want := articles[0].said
	if len(contents) != len(want) {
		t.Fatalf("article: %d highlighted contents %q, want %d", len(contents), contents, len(want))
	}
	for i, s := range want {
		if contents[i] != s.content {
			t.Errorf("content %d highlighted %q, want %q", i, contents[i], s.content)
		}
	}
	sources := js[[]string](t, ctx, `[...document.querySelectorAll("#doctext .hl.source")].map(e => e.textContent)`)
	if strings.Join(sources, "|") != "Mayor Ana Souza|Fishermen|Souza|the harbour master, Tomas Berg" {
		t.Errorf("highlighted sources %q", sources)
	}
	cues := js[[]string](t, ctx, `[...document.querySelectorAll("#doctext .hl.cue")].map(e => e.textContent)`)
	if strings.Join(cues, "|") != "said|told|added|said" {
		t.Errorf("highlighted cues %q", cues)
	}
	colors := js[[]string](t, ctx, `[...new Set([...document.querySelectorAll("#doctext .hl.source")].map(e => getComputedStyle(e).color))]`)
	if len(colors) != 3 {
		t.Errorf("sources drawn in %d colours %q, want one for each of 3 speakers", len(colors), colors)
	}
	if n := js[int](t, ctx, `document.querySelectorAll("#doctext .hl.active").length`); n == 0 {
		t.Error("opening the article from a statement selected nothing")
	}
	shot(t, ctx, "article")

	// A bad API answer shows as a message, not a blank page.
	do(t, ctx, "bad speaker", chromedp.Navigate(ts.URL+"/#/speaker/999"), ready("error"))
	if msg := js[string](t, ctx, `document.querySelector("#error").textContent`); !strings.Contains(msg, "No such speaker") {
		t.Errorf("error banner = %q, want No such speaker", msg)
	}
}

// TestBrowserLabels checks that the page shows what statements do: the act
// (and type) in result lists and in the article's statement list, the act
// filter and the quotes-only toggle of the search, and the article's
// quotes-only toggle.
func TestBrowserLabels(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	ctx := browser(t)
	ts := httptest.NewServer(New(fixtureStore(t), Options{}))
	defer ts.Close()
	texts := func(sel string) []string {
		t.Helper()
		return js[[]string](t, ctx, `[...document.querySelectorAll(`+"`"+sel+"`"+`)].map(e => e.textContent)`)
	}

	// The act filter: the two warnings, each shown as one.
	do(t, ctx, "filter by act", chromedp.Navigate(ts.URL+"/"), ready("#/"),
		chromedp.SetValue(chromedp.CSS("#f-act"), "warn"),
		chromedp.Click(chromedp.CSS("#go")),
		ready("#/search"), chromedp.WaitVisible(chromedp.CSS("#results .result")))
	if got := texts("#results .result .act"); strings.Join(got, "|") != "warn|warn" {
		t.Errorf("act filter warn: acts shown %q, want two warn", got)
	}
	if got := js[string](t, ctx, `location.hash`); !strings.Contains(got, "act=warn") {
		t.Errorf("act filter: hash %q lacks act=warn", got)
	}
	shot(t, ctx, "act-filter")

	// A search finding a thought: shown with its act and type, gone when
	// only quotes are asked for.
	do(t, ctx, "search wind", chromedp.Navigate(ts.URL+"/#/search?q=wind"), ready("#/search"),
		chromedp.WaitVisible(chromedp.CSS("#results .result")))
	if got := texts("#results .result header .act, #results .result header .stype"); strings.Join(got, "|") != "assert|thought" {
		t.Errorf("search wind: labels %q, want assert|thought", got)
	}
	if n := js[int](t, ctx, `document.querySelectorAll("#results .result .isquote").length`); n != 0 {
		t.Errorf("search wind: %d results marked quote, want 0", n)
	}
	do(t, ctx, "quotes only", chromedp.Click(chromedp.CSS("#f-quotes")), chromedp.Click(chromedp.CSS("#go")),
		ready("#/search?q=wind&quotes=1"), chromedp.WaitVisible(chromedp.CSS("#results .empty")))
	if n := js[int](t, ctx, `document.querySelectorAll("#results .result").length`); n != 0 {
		t.Errorf("search wind, quotes only: %d results, want 0", n)
	}
	if !js[bool](t, ctx, `document.querySelector("#f-quotes").checked`) {
		t.Error("quotes only: the box is not checked after the search")
	}
	do(t, ctx, "quotes only, harbour", chromedp.Navigate(ts.URL+"/#/search?q=harbour&quotes=1"), ready("#/search?q=harbour"),
		chromedp.WaitVisible(chromedp.CSS("#results .result")))
	if n, q := js[int](t, ctx, `document.querySelectorAll("#results .result").length`), js[int](t, ctx, `document.querySelectorAll("#results .result .isquote").length`); n == 0 || n != q {
		t.Errorf("search harbour, quotes only: %d results, %d marked quote", n, q)
	}
	shot(t, ctx, "quotes-only")

	// The article: acts in its statement list; its quotes-only toggle
	// hides the thought and dims its marks.
	do(t, ctx, "open article", chromedp.Navigate(ts.URL+"/#/doc/courier_storm"), ready("#/doc/"),
		chromedp.WaitVisible(chromedp.CSS("#statement-list .st")))
	if got := texts("#statement-list .st .act"); strings.Join(got, "|") != "warn|assert" {
		t.Errorf("article statement list: acts %q, want warn|assert", got)
	}
	if got := texts("#statement-list .st .stype"); strings.Join(got, "|") != "speech|thought" {
		t.Errorf("article statement list: types %q, want speech|thought", got)
	}
	visible := `[...document.querySelectorAll("#statement-list .st")].filter(e => !e.hidden).length`
	dimmed := `[...document.querySelectorAll("#doctext .hl.dim")].map(e => e.textContent).join("|")`
	if n := js[int](t, ctx, visible); n != 2 {
		t.Errorf("article: %d statements listed, want 2", n)
	}
	do(t, ctx, "article quotes only", chromedp.Click(chromedp.CSS("#doc-quotes")))
	if n := js[int](t, ctx, visible); n != 1 {
		t.Errorf("article, quotes only: %d statements listed, want 1", n)
	}
	if got := js[string](t, ctx, dimmed); got != "Forecasters|expect|the wind to drop by Sunday" {
		t.Errorf("article, quotes only: dimmed marks %q, want the forecasters' statement", got)
	}
	shot(t, ctx, "article-quotes")
	do(t, ctx, "article all statements", chromedp.Click(chromedp.CSS("#doc-quotes")))
	if n, d := js[int](t, ctx, visible), js[string](t, ctx, dimmed); n != 2 || d != "" {
		t.Errorf("article, quotes only off: %d statements listed, dimmed %q", n, d)
	}
}
