// Package server serves a statement store over HTTP: a JSON API described
// by an OpenAPI document at /api/openapi.json, and a web page, built into
// the binary, to search statements, browse speakers and read articles with
// their statements highlighted.
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

	"github.com/whosaid/whosaid/store"
)

//go:embed web
var webFS embed.FS

// Options configures a Server. The zero value gives the defaults.
type Options struct {
	// QueryTimeout bounds the work of one API request; 0 means 10s.
	QueryTimeout time.Duration
	// Logger receives one line per failed request; nil means no logging.
	Logger *slog.Logger
}

// Server answers the API and serves the web page. It is safe for concurrent
// use; it only reads the store.
type Server struct {
	st   *store.Store
	opts Options
	mux  *http.ServeMux
}

// New returns a Server reading from st.
func New(st *store.Store, opts Options) *Server {
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{st: st, opts: opts, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /api/statements", s.api(s.statements, "q", "speaker", "speaker_id", "from", "to", "outlet", "kind", "doc", "sort", "limit", "offset"))
	s.mux.HandleFunc("GET /api/speakers", s.api(s.speakers, "name", "limit", "offset"))
	s.mux.HandleFunc("GET /api/speakers/{id}", s.api(s.speaker))
	s.mux.HandleFunc("GET /api/documents/{doc...}", s.api(s.document))
	s.mux.HandleFunc("GET /api/stats", s.api(s.stats))
	s.mux.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "", "method "+r.Method+" not allowed; the API is read-only")
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
		WriteTimeout:      opts.QueryTimeout + 10*time.Second,
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
		switch {
		case err == nil:
			writeJSON(w, http.StatusOK, v)
		case errors.As(err, &pe):
			writeError(w, http.StatusBadRequest, pe.param, pe.msg)
		case errors.Is(err, store.ErrNotFound):
			writeError(w, http.StatusNotFound, "", err.Error())
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

func (s *Server) statements(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	sq := store.Query{
		Text: q.Get("q"), Speaker: q.Get("speaker"), From: q.Get("from"), To: q.Get("to"),
		Outlet: q.Get("outlet"), Kind: q.Get("kind"), Doc: q.Get("doc"), Sort: q.Get("sort"),
	}
	var err error
	if sq.Limit, err = intParam(q, "limit", 1, store.MaxLimit, store.DefaultLimit); err != nil {
		return nil, err
	}
	if sq.Offset, err = intParam(q, "offset", 0, store.MaxOffset, 0); err != nil {
		return nil, err
	}
	id, err := intParam(q, "speaker_id", 1, 1<<62, 0)
	if err != nil {
		return nil, err
	}
	sq.SpeakerID = int64(id)
	if err := sq.Validate(); err != nil {
		param, msg, _ := strings.Cut(err.Error(), ": ")
		if param == "text" {
			param = "q"
		}
		return nil, &paramError{param, msg}
	}
	return s.st.Search(ctx, sq)
}

func (s *Server) speakers(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	limit, err := intParam(q, "limit", 1, store.MaxLimit, store.DefaultLimit)
	if err != nil {
		return nil, err
	}
	offset, err := intParam(q, "offset", 0, store.MaxOffset, 0)
	if err != nil {
		return nil, err
	}
	if len(q.Get("name")) > 200 {
		return nil, &paramError{"name", "longer than 200 bytes"}
	}
	return s.st.Speakers(ctx, store.SpeakerQuery{Name: q.Get("name"), Limit: limit, Offset: offset})
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
	return s.st.Document(ctx, doc)
}

func (s *Server) stats(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	return s.st.Stats(ctx)
}

// openAPI describes the API (OpenAPI 3.0); a test checks it names every
// route.
//
//go:embed openapi.json
var openAPI []byte
