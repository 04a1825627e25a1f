package server

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func getRec(h http.Handler, url string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
	return rec
}

func get(t *testing.T, h http.Handler, url string) (int, map[string]any, string) {
	t.Helper()
	rec := getRec(h, url)
	body := rec.Body.String()
	var m map[string]any
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("GET %s: body is not JSON: %v\n%s", url, err, body)
		}
	}
	return rec.Code, m, body
}

func TestAPI(t *testing.T) {
	h := New(fixtureStore(t), Options{})
	tests := []struct {
		url      string
		code     int
		contains string // in the body
		param    string // for 400s: the parameter blamed
	}{
		{"/api/statements", 200, `"more":false`, ""},
		{"/api/statements?q=harbour", 200, `"match":true`, ""},
		{"/api/statements?q=harbour&kind=direct&outlet=North+Gazette", 200, "boats will be back", ""},
		{"/api/statements?speaker=ana+souza&from=2016-10-01&to=2016-11-30", 200, "fair deal", ""},
		{"/api/statements?doc=courier_bridge&limit=1", 200, `"more":true`, ""},
		{"/api/statements?limit=0", 400, "", "limit"},
		{"/api/statements?limit=201", 400, "", "limit"},
		{"/api/statements?limit=ten", 400, "whole number", "limit"},
		{"/api/statements?offset=-1", 400, "", "offset"},
		{"/api/statements?from=2016-13-01", 400, "YYYY-MM-DD", "from"},
		{"/api/statements?from=2016-12-01&to=2016-01-01", 400, "after", "from"},
		{"/api/statements?kind=shouted", 400, "", "kind"},
		{"/api/statements?act=warn", 200, "Nobody should go near the water", ""},
		{"/api/statements?act=warn,praise&type=speech", 200, "a fair deal", ""},
		{"/api/statements?type=thought", 200, `"act":"assert"`, ""},
		{"/api/statements?act=shouted", 400, "is not one of", "act"},
		{"/api/statements?act=warn,", 400, "", "act"},
		{"/api/statements?type=poem", 400, "is not one of", "type"},
		{"/api/statements?quotes=1&q=wind", 200, `"statements":[]`, ""},
		{"/api/statements?quotes=true&q=harbour", 200, `"quote":true`, ""},
		{"/api/statements?quotes=0&q=wind", 200, "Forecasters", ""},
		{"/api/statements?quotes=yes", 400, "is not 1, true, 0 or false", "quotes"},
		{"/api/statements?sort=random", 400, "", "sort"},
		{"/api/statements?speaker_id=x", 400, "", "speaker_id"},
		{"/api/statements?color=red", 400, "unknown parameter", "color"},
		{"/api/statements?q=a&q=b", 400, "more than once", "q"},
		{"/api/statements?q=%zz", 400, "malformed", ""},
		{"/api/statements?q=a*+a*+a*", 400, "a prefix needs at least 2 letters", "q"},
		{"/api/statements?q=" + strings.Repeat("w", 1001), 400, "longer than 1000 bytes", "q"},
		{"/api/statements?q=" + strings.Repeat("harbour+", 120), 200, `"match":true`, ""},
		{"/api/statements?q=a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p+q", 400, "17 words, at most 16", "q"},
		{"/api/statements?q=ha*+bo*+ic*+fa*+de*", 400, "5 prefixes", "q"},
		{"/api/statements/count", 200, `{"count":11}`, ""},
		{"/api/statements/count?q=harbour&outlet=NORTH+gazette", 200, `{"count":`, ""},
		{"/api/statements/count?speaker=souza&quotes=1", 200, `{"count":`, ""},
		{"/api/statements/count?kind=shouted", 400, "", "kind"},
		{"/api/statements/count?limit=5", 400, "unknown parameter", "limit"},
		{"/api/speakers", 200, `"Ana Souza"`, ""},
		{"/api/speakers?name=lind", 200, `"Zoë Lind"`, ""},
		{"/api/speakers?limit=-5", 400, "", "limit"},
		{"/api/speakers/1", 200, `"timeline"`, ""},
		{"/api/speakers/1", 200, `"variants":[{"name":`, ""},
		{"/api/speakers/999", 404, `"no such speaker: 999"`, ""},
		{"/api/statements?outlet=north+gazette&kind=direct", 200, "boats will be back", ""},
		{"/api/statements?outlet=+VELMAR+courier+&kind=direct", 200, "We cannot afford it", ""},
		{"/api/statements?outlet=Nowhere+Times", 200, `"statements":[]`, ""},
		{"/api/speakers/abc", 400, "", "id"},
		{"/api/documents/courier_bridge", 200, `"text":"Ana Souza said the bridge toll`, ""},
		{"/api/documents/nope", 404, `"no such article: \"nope\""`, ""},
		{"/api/stats", 200, `"documents":4`, ""},
		{"/api/stats", 200, `"acts":[{"value":"assert","count":8},{"value":"warn","count":2},{"value":"praise","count":1}]`, ""},
		{"/api/stats", 200, `"types":[{"value":"speech","count":10},{"value":"thought","count":1}]`, ""},
		{"/api/stats?x=1", 400, "takes none", "x"},
		{"/api/nothing", 404, "openapi", ""},
		{"/api/openapi.json", 200, `"openapi"`, ""},
		{"/", 200, "<title>whosaid</title>", ""},
		{"/app.js", 200, "function route", ""},
		{"/style.css", 200, ".hl.content", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			code, m, body := get(t, h, tt.url)
			if code != tt.code {
				t.Fatalf("GET %s = %d, want %d\n%s", tt.url, code, tt.code, body)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("GET %s: body lacks %q\n%s", tt.url, tt.contains, body)
			}
			if code >= 400 {
				if m == nil || m["error"] == nil {
					t.Errorf("GET %s: error answer is not JSON {error}: %s", tt.url, body)
				}
				if tt.param != "" && m["param"] != tt.param {
					t.Errorf("GET %s: param = %v, want %q", tt.url, m["param"], tt.param)
				}
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := New(fixtureStore(t), Options{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/statements", strings.NewReader("{}")))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/statements = %d, want 405", rec.Code)
	}
}

// TestOpenAPI checks that the OpenAPI document is valid JSON, declares every
// parameter each endpoint accepts and nothing more.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	want := map[string]string{
		"/api/statements":       "q speaker speaker_id person party from to outlet kind type act quotes doc sort limit offset",
		"/api/statements/count": "q speaker speaker_id person party from to outlet kind type act quotes doc",
		"/api/speakers":         strings.Join(speakerParams, " "),
		"/api/stats/gender":     strings.Join(statsParams, " "),
		"/api/stats/top":        strings.Join(topParams, " "),
		"/api/speakers/{id}":    "id",
		"/api/documents/{doc}":  "doc",
		"/api/stats":            "",
		"/api/people":           "party limit offset",
		"/api/openapi.json":     "",
	}
	want["/api/extract"] = ""
	for path, params := range want {
		method := "get"
		if path == "/api/extract" {
			method = "post"
		}
		op, ok := doc.Paths[path][method]
		if !ok {
			t.Errorf("openapi.json: no %s %s", strings.ToUpper(method), path)
			continue
		}
		var got []string
		for _, p := range op.Parameters {
			got = append(got, p.Name)
		}
		if strings.Join(got, " ") != params {
			t.Errorf("openapi.json %s parameters = %q, want %q", path, got, params)
		}
	}
	if len(doc.Paths) != len(want) {
		t.Errorf("openapi.json has %d paths, want %d", len(doc.Paths), len(want))
	}
}

// TestGracefulShutdown cancels the server while a request is in flight and
// checks that the request completes and Serve returns cleanly.
func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := New(fixtureStore(t), Options{})
	// Hold one request inside the handler until the shutdown has begun.
	release := make(chan struct{})
	entered := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(entered)
			<-release
		}
		srv.ServeHTTP(w, r)
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveHandler(ctx, ln, slow, srv.opts) }()
	resc := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			resc <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		resc <- res.Status + " " + string(b)
	}()
	<-entered
	cancel()
	time.Sleep(100 * time.Millisecond)
	close(release)
	if got := <-resc; !strings.HasPrefix(got, "404") {
		t.Errorf("in-flight request during shutdown: %q, want a 404 answer", got)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// FuzzStatementsQuery sends arbitrary query strings to the search endpoint:
// the answer must be 200 or a JSON 400, never a server error.
func FuzzStatementsQuery(f *testing.F) {
	for _, s := range []string{"q=harbour", "limit=0", "from=2016-01-01&to=2015-01-01", "q=%22a", "kind=x&kind=y", "speaker_id=-1", "q=NEAR(a%20b)", "%zz"} {
		f.Add(s)
	}
	h := New(fixtureStore(f), Options{})
	f.Fuzz(func(t *testing.T, raw string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/statements", nil)
		req.URL.RawQuery = raw
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200:
		case 400:
			var e apiError
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Errorf("?%s: 400 without a JSON error: %s", raw, rec.Body)
			}
		default:
			t.Errorf("?%s: status %d: %s", raw, rec.Code, rec.Body)
		}
	})
}
