package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whosaid/whosaid"
	"github.com/whosaid/whosaid/input"
	"github.com/whosaid/whosaid/output"
)

// extractRequest is the JSON body of POST /api/extract.
type extractRequest struct {
	Text string `json:"text"`
	ID   string `json:"id"`
}

// defaultExtractID names a pasted text that comes without an id.
const defaultExtractID = "pasted"

// extract answers POST /api/extract: the statements of the text in the
// body, found by the pipeline and stored nowhere, as the output contract
// (one result of whosaid extract, without the text). The body is JSON
// {"text", "id"?} (Content-Type application/json) or the text itself
// (text/plain, or no Content-Type); at most ExtractMaxBytes of text (413
// beyond), valid UTF-8, not blank. At most MaxExtracts run at once, others
// wait their turn or are answered 503; one that runs longer than
// ExtractTimeout is answered 503.
func (s *Server) extract(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "", "method "+r.Method+" not allowed: POST the text to extract")
		return
	}
	if s.opts.Pipeline == nil {
		writeError(w, http.StatusNotImplemented, "", "this server does not extract: it was started without the pipeline (whosaid serve -extract=false)")
		return
	}
	if r.URL.RawQuery != "" {
		writeError(w, http.StatusBadRequest, "", "unknown parameter; this endpoint takes none (the text goes in the body)")
		return
	}
	isJSON := false
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, params, err := mime.ParseMediaType(ct)
		switch {
		case err != nil:
			writeError(w, http.StatusUnsupportedMediaType, "", "malformed Content-Type: "+err.Error())
			return
		case mt == "application/json":
			isJSON = true
		case mt == "text/plain":
		default:
			writeError(w, http.StatusUnsupportedMediaType, "", "Content-Type "+mt+" not accepted: send application/json {\"text\": ...} or text/plain (curl: -H 'Content-Type: text/plain')")
			return
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			writeError(w, http.StatusUnsupportedMediaType, "", "charset "+cs+" not accepted: send UTF-8")
			return
		}
	}
	limit := s.opts.ExtractMaxBytes
	bodyLimit := int64(limit)
	if isJSON {
		// Escapes make the JSON of a text longer than the text: the
		// text's own length is checked once decoded.
		bodyLimit = 2*int64(limit) + 64<<10
	}
	tooLarge := func() {
		writeError(w, http.StatusRequestEntityTooLarge, "text", fmt.Sprintf("the text is longer than %s (%d bytes): extract a longer one with whosaid extract", sizeWords(limit), limit))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, bodyLimit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		tooLarge()
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "", "reading the body: "+err.Error())
		return
	}
	if !utf8.Valid(body) {
		writeError(w, http.StatusBadRequest, "text", fmt.Sprintf("the text is not valid UTF-8 (at byte %d)", input.InvalidAt(body)))
		return
	}
	req := extractRequest{Text: string(body)}
	if isJSON {
		req = extractRequest{}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			writeError(w, http.StatusBadRequest, "", "malformed JSON: "+err.Error()+`; send {"text": "...", "id": "..."}`)
			return
		}
		if _, err := dec.Token(); err != io.EOF {
			writeError(w, http.StatusBadRequest, "", "malformed JSON: more than one value in the body")
			return
		}
		if len(req.Text) > limit {
			tooLarge()
			return
		}
	}
	if strings.TrimSpace(req.Text) == "" {
		writeError(w, http.StatusBadRequest, "text", "the text is empty")
		return
	}
	if req.ID == "" {
		req.ID = defaultExtractID
	}
	if len(req.ID) > 1000 || strings.ContainsFunc(req.ID, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		writeError(w, http.StatusBadRequest, "id", "an id is 1 to 1000 bytes, no control characters")
		return
	}

	leave, err := s.extracts.enter(r.Context())
	var be *busyError
	switch {
	case errors.As(err, &be):
		s.opts.Logger.Warn("extraction refused: server busy", "class", be.class)
		w.Header().Set("Retry-After", strconv.Itoa(be.retryAfter))
		writeError(w, http.StatusServiceUnavailable, "", be.Error())
		return
	case err != nil:
		return // the client went away
	}
	// The pipeline looks at its context between windows of the text: the
	// extraction runs apart, holding its turn until it is done, so that a
	// request past its deadline is answered at once and the number of
	// extractions running stays bounded.
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.ExtractTimeout)
	defer cancel()
	type result struct {
		doc output.Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer leave()
		d, err := s.opts.Pipeline.Extract(ctx, whosaid.Doc{ID: req.ID, Text: req.Text})
		done <- result{d, err}
	}()
	select {
	case res := <-done:
		switch {
		case res.err == nil:
			res.doc.Text = "" // the contract of extract: the caller has the text
			writeJSON(w, http.StatusOK, res.doc)
		case errors.Is(res.err, context.DeadlineExceeded):
			s.extractTooSlow(w)
		case errors.Is(res.err, context.Canceled):
		case errors.Is(res.err, whosaid.ErrTooLarge):
			tooLarge()
		default:
			s.opts.Logger.Error("extraction failed", "id", req.ID, "err", res.err)
			writeError(w, http.StatusInternalServerError, "", "the extraction failed")
		}
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			s.extractTooSlow(w)
		}
	}
}

func (s *Server) extractTooSlow(w http.ResponseWriter) {
	s.opts.Logger.Warn("extraction out of time", "timeout", s.opts.ExtractTimeout)
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.opts.ExtractTimeout.Seconds()/4))))
	writeError(w, http.StatusServiceUnavailable, "", fmt.Sprintf("the extraction took longer than %v: try a shorter text, or later", s.opts.ExtractTimeout))
}

// sizeWords says a byte count as a person would: "1 MiB", "512 KiB".
func sizeWords(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}
