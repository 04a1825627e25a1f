package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/output"
)

// pasteText is an invented article to paste.
const pasteText = "The council met on Tuesday.\n\n" +
	"“We will not pay for <script>alert(1)</script> again,” Mayor Maria Lopez said after the vote.\n\n" +
	"Lopez warned that the budget was already stretched."

var (
	pipelineOnce sync.Once
	pipeline     *whosaid.Pipeline
	pipelineErr  error
)

// testPipeline returns the pipeline with the learned model, loaded once for
// all tests.
func testPipeline(t testing.TB) *whosaid.Pipeline {
	t.Helper()
	pipelineOnce.Do(func() { pipeline, pipelineErr = whosaid.New(whosaid.Options{}) })
	if pipelineErr != nil {
		t.Fatal(pipelineErr)
	}
	return pipeline
}

func post(h http.Handler, url, ctype, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", url, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	h.ServeHTTP(rec, req)
	return rec
}

func TestExtractAPI(t *testing.T) {
	st := fixtureStore(t)
	h := New(st, Options{Pipeline: testPipeline(t), ExtractMaxBytes: 300})
	long := strings.Repeat("word ", 61) // 305 bytes
	jsonOf := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	tests := []struct {
		name, url, ctype, body string
		code                   int
		contains, param        string
	}{
		{"plain text", "/api/extract", "text/plain; charset=utf-8", pasteText, 200, `"doc":"pasted"`, ""},
		{"no content type", "/api/extract", "", pasteText, 200, `"name":"Maria Lopez"`, ""},
		{"json with id", "/api/extract", "application/json", jsonOf(map[string]string{"text": pasteText, "id": "council"}), 200, `"doc":"council"`, ""},
		{"json escapes count as the text", "/api/extract", "application/json", jsonOf(map[string]string{"text": strings.Repeat("<>&", 100)}), 200, `"statements":[]`, ""},
		{"too large", "/api/extract", "text/plain", long, 413, "longer than 300 bytes", "text"},
		{"too large in json", "/api/extract", "application/json", jsonOf(map[string]string{"text": long}), 413, "longer than 300 bytes", "text"},
		{"empty", "/api/extract", "text/plain", "", 400, "empty", "text"},
		{"blank", "/api/extract", "application/json", `{"text": " \n\t "}`, 400, "empty", "text"},
		{"no text field", "/api/extract", "application/json", `{"id": "x"}`, 400, "empty", "text"},
		{"invalid UTF-8", "/api/extract", "text/plain", "said \xff\xfe Lopez", 400, "not valid UTF-8 (at byte 5)", "text"},
		{"invalid UTF-8 in json", "/api/extract", "application/json", "{\"text\": \"said \xff Lopez\"}", 400, "not valid UTF-8", "text"},
		{"bad json", "/api/extract", "application/json", `{"text": "a`, 400, "malformed JSON", ""},
		{"json not an object", "/api/extract", "application/json", `["a"]`, 400, "malformed JSON", ""},
		{"json unknown field", "/api/extract", "application/json", `{"text": "a", "lang": "en"}`, 400, "unknown field", ""},
		{"two json values", "/api/extract", "application/json", `{"text": "a"} {"text": "b"}`, 400, "more than one value", ""},
		{"id too long", "/api/extract", "application/json", jsonOf(map[string]string{"text": "a b", "id": strings.Repeat("i", 1001)}), 400, "an id is", "id"},
		{"html", "/api/extract", "text/html", pasteText, 415, "not accepted", ""},
		{"latin-1", "/api/extract", "text/plain; charset=iso-8859-1", pasteText, 415, "send UTF-8", ""},
		{"parameter", "/api/extract?text=a", "text/plain", pasteText, 400, "takes none", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := post(h, tt.url, tt.ctype, tt.body)
			body := rec.Body.String()
			if rec.Code != tt.code {
				t.Fatalf("POST %s (%s) = %d, want %d\n%s", tt.url, tt.name, rec.Code, tt.code, body)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body lacks %q\n%s", tt.contains, body)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(body), &m); err != nil {
				t.Fatalf("body is not JSON: %v\n%s", err, body)
			}
			if tt.code >= 400 && (m["error"] == nil || (tt.param != "" && m["param"] != tt.param)) {
				t.Errorf("error answer %s, want {error, param: %q}", body, tt.param)
			}
		})
	}

	// The answer is the output contract, offsets into the text sent.
	rec := post(h, "/api/extract", "text/plain", pasteText)
	var d output.Document
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Statements) != 2 || d.Text != "" {
		t.Fatalf("pasted article: %d statements, text %q; want 2, no text\n%s", len(d.Statements), d.Text, rec.Body)
	}
	cps := []rune(pasteText)
	for _, st := range d.Statements {
		sp := st.Content.Spans[0]
		if got := string(cps[sp[0]:sp[1]]); got != st.Content.Text {
			t.Errorf("%s: content spans give %q, text %q", st.ID, got, st.Content.Text)
		}
	}

	// Nothing was stored.
	if code, m, _ := get(t, h, "/api/stats"); code != 200 || m["documents"] != float64(len(articles)) {
		t.Errorf("after extractions: stats %v, want %d documents", m, len(articles))
	}

	// GET is refused; without a pipeline the endpoint says so.
	if code, _, body := get(t, h, "/api/extract"); code != http.StatusMethodNotAllowed || !strings.Contains(body, "POST") {
		t.Errorf("GET /api/extract = %d %s, want 405", code, body)
	}
	bare := New(st, Options{})
	if rec := post(bare, "/api/extract", "text/plain", pasteText); rec.Code != http.StatusNotImplemented || !strings.Contains(rec.Body.String(), "-extract") {
		t.Errorf("without a pipeline: %d %s, want 501 naming -extract", rec.Code, rec.Body)
	}
}

// TestExtractDeadline checks that an extraction past its deadline is
// answered 503 with Retry-After, and that its turn is given back.
func TestExtractDeadline(t *testing.T) {
	h := New(fixtureStore(t), Options{Pipeline: testPipeline(t), ExtractTimeout: time.Nanosecond, MaxExtracts: 1})
	for i := range 3 { // a turn not given back would leave the third waiting, then busy
		rec := post(h, "/api/extract", "text/plain", pasteText)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "longer than") {
			t.Fatalf("request %d: %d %q (Retry-After %q), want 503 took longer than", i, rec.Code, rec.Body, rec.Header().Get("Retry-After"))
		}
	}
}

// TestExtractBusy fills the extraction turns and their queue and checks
// that one more is answered 503 with Retry-After at once.
func TestExtractBusy(t *testing.T) {
	s := New(fixtureStore(t), Options{Pipeline: testPipeline(t), MaxExtracts: 1})
	var leaves []func()
	ctx := t.Context()
	leave, err := s.extracts.enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	leaves = append(leaves, leave)
	// Fill the queue with waiters.
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if l, err := s.extracts.enter(ctx); err == nil {
				l()
			}
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.extracts.waiting.Load() < 4 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	rec := post(s, "/api/extract", "text/plain", pasteText)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "extractions") {
		t.Errorf("with the turns taken and the queue full: %d %q, want 503", rec.Code, rec.Body)
	}
	for _, l := range leaves {
		l()
	}
	wg.Wait()
}

// FuzzExtractBody posts arbitrary bodies, as JSON and as text, to
// /api/extract (the rules alone, a 4 KiB limit): the answer is 200 with
// the output contract, or a JSON 400 or 413, never a server error; a 200's
// spans lie inside the text.
func FuzzExtractBody(f *testing.F) {
	for _, s := range []string{pasteText, `{"text": "Lopez said it was fine."}`, `{"text": "a", "id": "x"}`, "\xff", "{", `{"text": "\ud800"}`, " "} {
		f.Add(s, true)
		f.Add(s, false)
	}
	p, err := whosaid.New(whosaid.Options{RulesOnly: true})
	if err != nil {
		f.Fatal(err)
	}
	h := New(fixtureStore(f), Options{Pipeline: p, ExtractMaxBytes: 4 << 10})
	f.Fuzz(func(t *testing.T, body string, isJSON bool) {
		ctype := "text/plain"
		if isJSON {
			ctype = "application/json"
		}
		rec := post(h, "/api/extract", ctype, body)
		switch rec.Code {
		case 200:
			var d output.Document
			if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
				t.Fatalf("200 without a result: %v\n%s", err, rec.Body)
			}
			text := body
			if isJSON {
				var req extractRequest
				if err := json.Unmarshal([]byte(body), &req); err != nil {
					t.Fatalf("200 for a body that is not JSON: %q", body)
				}
				text = req.Text
			}
			n := len([]rune(text))
			for _, st := range d.Statements {
				for _, sp := range []*output.Span{st.Cue, st.Source, st.Content} {
					if sp == nil {
						continue
					}
					for _, r := range sp.Spans {
						if r[0] < 0 || r[0] > r[1] || r[1] > n {
							t.Fatalf("%s: span %v outside a text of %d code points", st.ID, r, n)
						}
					}
				}
			}
		case 400, 413:
			var e apiError
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Errorf("%d without a JSON error: %s", rec.Code, rec.Body)
			}
		default:
			t.Errorf("%q (%s): status %d: %s", body, ctype, rec.Code, rec.Body)
		}
	})
}
