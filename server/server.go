// Package server serves a statement store over HTTP: a JSON API described
// by an OpenAPI document at /api/openapi.json, and a web page, built into
// the binary, to search statements, browse speakers and read articles with
// their statements highlighted. Given a pipeline ([Options].Pipeline), it
// also extracts the statements of a posted text without storing it (POST
// /api/extract, and the page's Paste view).
package server

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/store"
)

//go:embed web
var webFS embed.FS

// Options configures a Server. The zero value gives the defaults.
//
// API requests run in two classes, each with its own limit on how many run
// at once and how many may wait: text searches (/api/statements with q),
// whose cost grows with the words searched, and the other requests (stats,
// speakers, documents, statements without q), which use indexes and take
// milliseconds. Together they take at most the store's read connections
// ([store.Store.ReadConns]), so searches, however many and slow, leave
// connections and cores to the quick requests. A request that finds its
// class's queue full, or waits longer than its class allows, is answered
// 503 with Retry-After.
type Options struct {
	// QueryTimeout bounds the work of one API request; 0 means 10s.
	QueryTimeout time.Duration
	// SearchBudget bounds the time one text search may run (see
	// [store.Query.Budget]); 0 means [store.DefaultSearchBudget]. A search
	// that runs out of it is answered 503: narrow it.
	SearchBudget time.Duration
	// MaxSearches is how many text searches run at once; 0 means a quarter
	// of the store's read connections, at least 1.
	MaxSearches int
	// SearchQueue is how many text searches may wait for a turn; 0 means
	// 256.
	SearchQueue int
	// SearchWait is how long a text search may wait for its turn; 0 means
	// 5s.
	SearchWait time.Duration
	// MaxRequests is how many other API requests run at once; 0 means the
	// store's read connections less MaxSearches, at least 1.
	MaxRequests int
	// RequestQueue is how many other API requests may wait for a turn, each
	// for at most half the QueryTimeout; 0 means 1024.
	RequestQueue int
	// Logger receives one line per failed request; nil means no logging.
	Logger *slog.Logger

	// Pipeline, when set, serves POST /api/extract: the statements of a
	// text sent in the request, found by it and stored nowhere, and the
	// page's Paste view. Nil: the endpoint answers 501.
	Pipeline *whosaid.Pipeline
	// ExtractMaxBytes bounds the text of one extraction; 0 means 1 MiB.
	// A longer text is answered 413.
	ExtractMaxBytes int
	// ExtractTimeout bounds the time of one extraction; 0 means 30s. One
	// that takes longer is answered 503.
	ExtractTimeout time.Duration
	// MaxExtracts is how many extractions run at once; 0 means 2. Up to
	// four times as many wait for a turn, each at most 5s; others are
	// answered 503 with Retry-After.
	MaxExtracts int
}

// Server answers the API and serves the web page. It is safe for concurrent
// use; it only reads the store.
type Server struct {
	st       *store.Store
	opts     Options
	mux      *http.ServeMux
	searches *gate // text searches
	requests *gate // the other API requests
	extracts *gate // extractions of posted texts
}

// New returns a Server reading from st.
func New(st *store.Store, opts Options) *Server {
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 10 * time.Second
	}
	if opts.SearchBudget <= 0 {
		opts.SearchBudget = store.DefaultSearchBudget
	}
	conns := st.ReadConns()
	if opts.MaxSearches <= 0 {
		opts.MaxSearches = max(1, conns/4)
	}
	if opts.SearchQueue <= 0 {
		opts.SearchQueue = 256
	}
	if opts.SearchWait <= 0 {
		opts.SearchWait = 5 * time.Second
	}
	if opts.MaxRequests <= 0 {
		opts.MaxRequests = max(1, conns-opts.MaxSearches)
	}
	if opts.RequestQueue <= 0 {
		opts.RequestQueue = 1024
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.ExtractMaxBytes <= 0 {
		opts.ExtractMaxBytes = 1 << 20
	}
	if opts.ExtractTimeout <= 0 {
		opts.ExtractTimeout = 30 * time.Second
	}
	if opts.MaxExtracts <= 0 {
		opts.MaxExtracts = 2
	}
	s := &Server{st: st, opts: opts, mux: http.NewServeMux(),
		searches: newGate("searches", opts.MaxSearches, opts.SearchQueue, opts.SearchWait),
		// A quick request waits up to half its timeout: then a 503 with
		// Retry-After says more than a timeout would.
		requests: newGate("requests", opts.MaxRequests, opts.RequestQueue, opts.QueryTimeout/2),
		extracts: newGate("extractions", opts.MaxExtracts, 4*opts.MaxExtracts, 5*time.Second),
	}
	s.mux.HandleFunc("GET /api/statements", s.api(s.statements, "q", "speaker", "speaker_id", "person", "party", "from", "to", "outlet", "kind", "type", "act", "quotes", "doc", "sort", "limit", "offset"))
	s.mux.HandleFunc("GET /api/statements/count", s.api(s.count, "q", "speaker", "speaker_id", "person", "party", "from", "to", "outlet", "kind", "type", "act", "quotes", "doc"))
	s.mux.HandleFunc("GET /api/speakers", s.api(s.gated(s.speakers), speakerParams...))
	s.mux.HandleFunc("GET /api/stats/gender", s.api(s.gated(s.genderStats), statsParams...))
	s.mux.HandleFunc("GET /api/stats/top", s.api(s.gated(s.topSpeakers), topParams...))
	s.mux.HandleFunc("GET /api/speakers/{id}", s.api(s.gated(s.speaker)))
	s.mux.HandleFunc("GET /api/documents/{doc...}", s.api(s.gated(s.document)))
	s.mux.HandleFunc("GET /api/stats", s.api(s.gated(s.stats)))
	s.mux.HandleFunc("GET /api/people", s.api(s.gated(s.people), "party", "limit", "offset"))
	s.mux.HandleFunc("/api/extract", s.extract)
	s.mux.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "", "method "+r.Method+" not allowed; the API is read-only but for POST /api/extract")
			return
		}
		writeError(w, http.StatusNotFound, "", "no API endpoint "+r.URL.Path+"; see /api/openapi.json")
	})
	sub, _ := fs.Sub(webFS, "web") // "web" is embedded above: cannot fail
	files := http.FileServerFS(sub)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		files.ServeHTTP(w, r)
	})
	return s
}

// ServeHTTP implements http.Handler, adding security headers that keep the
// page to its own resources.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	s.mux.ServeHTTP(w, r)
}

// Serve accepts connections on ln until ctx is done, then stops accepting,
// lets requests in flight finish (at most 10 seconds) and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	return serveHandler(ctx, ln, s, s.opts)
}

func serveHandler(ctx context.Context, ln net.Listener, h http.Handler, opts Options) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      max(opts.QueryTimeout, opts.ExtractTimeout) + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	return nil
}

// paramError is a problem with one request parameter, reported as 400.
type paramError struct {
	param, msg string
}

func (e *paramError) Error() string { return e.param + ": " + e.msg }

// notFoundError is an id that names nothing in the store, reported as 404
// with a message for a person ("no such speaker: 999"), not the store's.
type notFoundError struct {
	what, id string
}

func (e *notFoundError) Error() string { return "no such " + e.what + ": " + e.id }

// apiError is the body of every 4xx and 5xx API answer.
type apiError struct {
	Error string `json:"error"`
	Param string `json:"param,omitempty"`
}

func writeError(w http.ResponseWriter, code int, param, msg string) {
	writeJSON(w, code, apiError{Error: msg, Param: param})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code = http.StatusInternalServerError
		b = []byte(`{"error":"could not encode the answer"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(b)
	w.Write([]byte("\n"))
}

// api wraps an endpoint: it refuses parameters not in allowed (and repeated
// ones), bounds the request's time and turns errors into JSON answers.
func (s *Server) api(fn func(ctx context.Context, r *http.Request, q url.Values) (any, error), allowed ...string) http.HandlerFunc {
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			writeError(w, http.StatusBadRequest, "", "malformed query string: "+err.Error())
			return
		}
		for k, v := range q {
			if !ok[k] {
				msg := "unknown parameter"
				if len(allowed) > 0 {
					msg += "; this endpoint takes " + strings.Join(allowed, ", ")
				} else {
					msg += "; this endpoint takes none"
				}
				writeError(w, http.StatusBadRequest, k, msg)
				return
			}
			if len(v) > 1 {
				writeError(w, http.StatusBadRequest, k, "given more than once")
				return
			}
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.QueryTimeout)
		defer cancel()
		v, err := fn(ctx, r, q)
		var pe *paramError
		var be *busyError
		var nf *notFoundError
		switch {
		case err == nil:
			if ra, ok := v.(rawAnswer); ok {
				ra.serve(w)
				break
			}
			writeJSON(w, http.StatusOK, v)
		case errors.As(err, &pe):
			writeError(w, http.StatusBadRequest, pe.param, pe.msg)
		case errors.As(err, &nf):
			writeError(w, http.StatusNotFound, "", nf.Error())
		case errors.Is(err, store.ErrNotFound):
			writeError(w, http.StatusNotFound, "", "not found")
		case errors.As(err, &be):
			s.opts.Logger.Warn("request refused: server busy", "url", r.URL.String(), "class", be.class)
			w.Header().Set("Retry-After", strconv.Itoa(be.retryAfter))
			writeError(w, http.StatusServiceUnavailable, "", be.Error())
		case errors.Is(err, store.ErrSearchTooSlow):
			s.opts.Logger.Warn("search out of time", "url", r.URL.String())
			writeError(w, http.StatusServiceUnavailable, "q", store.ErrSearchTooSlow.Error())
		case errors.Is(err, context.DeadlineExceeded):
			s.opts.Logger.Warn("request timed out", "url", r.URL.String())
			writeError(w, http.StatusServiceUnavailable, "", "the query took too long; narrow it")
		case errors.Is(err, context.Canceled):
			// The client went away; nobody reads the answer.
		default:
			s.opts.Logger.Error("request failed", "url", r.URL.String(), "err", err)
			writeError(w, http.StatusInternalServerError, "", "internal error")
		}
	}
}

func intParam(q url.Values, name string, lo, hi, def int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, &paramError{name, fmt.Sprintf("%q is not a whole number", v)}
	}
	if n < lo || n > hi {
		return 0, &paramError{name, fmt.Sprintf("%d is outside [%d, %d]", n, lo, hi)}
	}
	return n, nil
}

// listParam returns the comma-separated values of a parameter ("type=
// speech,writing"), or nil when it is absent or empty.
func listParam(q url.Values, name string) []string {
	v := q.Get(name)
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// boolParam reads a flag parameter: 1 or true, 0 or false, or absent
// (false).
func boolParam(q url.Values, name string) (bool, error) {
	switch v := q.Get(name); v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	default:
		return false, &paramError{name, fmt.Sprintf("%q is not 1, true, 0 or false", v)}
	}
}

func (s *Server) statements(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	sq, err := s.statementQuery(q)
	if err != nil {
		return nil, err
	}
	if sq.Limit, err = intParam(q, "limit", 1, store.MaxLimit, store.DefaultLimit); err != nil {
		return nil, err
	}
	if sq.Offset, err = intParam(q, "offset", 0, store.MaxOffset, 0); err != nil {
		return nil, err
	}
	if err := validate(&sq); err != nil {
		return nil, err
	}
	leave, err := s.searchTurn(ctx, &sq)
	if err != nil {
		return nil, err
	}
	defer leave()
	return s.st.Search(ctx, sq)
}

// countAnswer is the answer of /api/statements/count.
type countAnswer struct {
	Count int `json:"count"`
}

// count answers how many statements a search selects, all of them.
func (s *Server) count(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	sq, err := s.statementQuery(q)
	if err != nil {
		return nil, err
	}
	if err := validate(&sq); err != nil {
		return nil, err
	}
	leave, err := s.searchTurn(ctx, &sq)
	if err != nil {
		return nil, err
	}
	defer leave()
	n, err := s.st.Count(ctx, sq)
	if err != nil {
		return nil, err
	}
	return countAnswer{n}, nil
}

// statementQuery reads the filters of a statement search (all but limit
// and offset).
func (s *Server) statementQuery(q url.Values) (store.Query, error) {
	sq := store.Query{
		Text: q.Get("q"), Speaker: q.Get("speaker"), From: q.Get("from"), To: q.Get("to"),
		Outlet: q.Get("outlet"), Kind: q.Get("kind"), Doc: q.Get("doc"), Sort: q.Get("sort"),
		Person: q.Get("person"), Party: q.Get("party"),
	}
	id, err := intParam(q, "speaker_id", 1, 1<<62, 0)
	if err != nil {
		return sq, err
	}
	sq.SpeakerID = int64(id)
	sq.Type, sq.Act = listParam(q, "type"), listParam(q, "act")
	if sq.Quotes, err = boolParam(q, "quotes"); err != nil {
		return sq, err
	}
	return sq, nil
}

// validate checks sq, naming the parameter at fault.
func validate(sq *store.Query) error {
	if err := sq.Validate(); err != nil {
		param, msg, _ := strings.Cut(err.Error(), ": ")
		if param == "text" {
			param = "q"
		}
		return &paramError{param, msg}
	}
	return nil
}

// searchTurn waits for sq's turn: among the text searches, with their
// budget, when it has words, else among the quick requests. (The store
// matches the outlet ignoring case.)
func (s *Server) searchTurn(ctx context.Context, sq *store.Query) (leave func(), err error) {
	g := s.requests
	if store.MatchQuery(sq.Text) != "" {
		g = s.searches
		sq.Budget = s.opts.SearchBudget
	}
	leave, err = g.enter(ctx)
	if err != nil {
		return nil, err
	}
	return leave, nil
}

// gated runs fn in its turn among the requests other than text searches.
func (s *Server) gated(fn func(ctx context.Context, r *http.Request, q url.Values) (any, error)) func(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	return func(ctx context.Context, r *http.Request, q url.Values) (any, error) {
		leave, err := s.requests.enter(ctx)
		if err != nil {
			return nil, err
		}
		defer leave()
		return fn(ctx, r, q)
	}
}

// speakerAnswer is a speaker with the statement counts of its timeline.
type speakerAnswer struct {
	store.Speaker
	Timeline []store.Bucket `json:"timeline"`
}

func (s *Server) speaker(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return nil, &paramError{"id", fmt.Sprintf("%q is not a speaker id (a positive whole number)", r.PathValue("id"))}
	}
	sp, err := s.st.Speaker(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &notFoundError{"speaker", strconv.FormatInt(id, 10)}
	}
	if err != nil {
		return nil, err
	}
	tl, err := s.st.Timeline(ctx, id)
	if err != nil {
		return nil, err
	}
	return speakerAnswer{sp, tl}, nil
}

func (s *Server) document(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	doc := r.PathValue("doc")
	if doc == "" || len(doc) > 1000 {
		return nil, &paramError{"doc", "a document id is 1 to 1000 bytes"}
	}
	d, err := s.st.Document(ctx, doc)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &notFoundError{"article", strconv.Quote(doc)}
	}
	return d, err
}

func (s *Server) stats(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	return s.st.Stats(ctx)
}

// openAPI describes the API (OpenAPI 3.0); a test checks it names every
// route.
//
//go:embed openapi.json
var openAPI []byte
