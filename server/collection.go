package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/whosaid/whosaid/store"
)

// This file serves the collection views (issue 11 item 5): the speaker
// list with filters, sort and total; the share of statements by speaker
// gender per outlet or month; the most quoted speakers of each outlet.
// The tables come as JSON, or as CSV with format=csv.

// speakerParams and statsParams are the parameters of the endpoints.
var (
	speakerParams = []string{"name", "type", "gender", "outlet", "unnamed", "sort", "order", "limit", "offset"}
	statsParams   = []string{"by", "from", "to", "outlet", "type", "act", "kind", "format"}
	topParams     = append(append([]string{}, statsParams...), "n")
)

// rawAnswer is an answer the api wrapper writes as it is, not as JSON.
type rawAnswer interface {
	serve(w http.ResponseWriter)
}

// csvAnswer is a table served as text/csv, downloaded as file.
type csvAnswer struct {
	file string
	rows [][]string
}

func (c csvAnswer) serve(w http.ResponseWriter) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.WriteAll(c.rows) // into memory: cannot fail
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+c.file+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}

// fieldError turns a validation error ("field: message") into a
// parameter error.
func fieldError(err error) error {
	param, msg, _ := strings.Cut(err.Error(), ": ")
	return &paramError{param, msg}
}

func (s *Server) speakers(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	sq := store.SpeakerQuery{Name: q.Get("name"), Gender: q.Get("gender"), Outlet: q.Get("outlet"),
		Sort: q.Get("sort"), Order: q.Get("order"), Type: listParam(q, "type")}
	var err error
	if sq.Limit, err = intParam(q, "limit", 1, store.MaxLimit, store.DefaultLimit); err != nil {
		return nil, err
	}
	if sq.Offset, err = intParam(q, "offset", 0, store.MaxOffset, 0); err != nil {
		return nil, err
	}
	switch v := q.Get("unnamed"); v {
	case "", "0":
	case "1":
		sq.Unnamed = true
	default:
		return nil, &paramError{"unnamed", fmt.Sprintf("%q is not 0 or 1", v)}
	}
	if len(sq.Name) > 200 {
		return nil, &paramError{"name", "longer than 200 bytes"}
	}
	if err := sq.Validate(); err != nil {
		return nil, fieldError(err)
	}
	return s.st.Speakers(ctx, sq)
}

// statsQuery reads the parameters of the stats endpoints.
func statsQuery(q url.Values, def string) (store.StatsQuery, error) {
	sq := store.StatsQuery{By: q.Get("by"), From: q.Get("from"), To: q.Get("to"), Outlet: q.Get("outlet"),
		Kind: q.Get("kind"), Type: listParam(q, "type"), Act: listParam(q, "act")}
	if sq.By == "" {
		sq.By = def
	}
	switch f := q.Get("format"); f {
	case "", "json", "csv":
	default:
		return sq, &paramError{"format", fmt.Sprintf("%q is not json or csv", f)}
	}
	return sq, nil
}

func (s *Server) genderStats(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	sq, err := statsQuery(q, "outlet")
	if err != nil {
		return nil, err
	}
	if err := sq.Validate(); err != nil {
		return nil, fieldError(err)
	}
	t, err := s.st.GenderStats(ctx, sq)
	if err != nil {
		return nil, err
	}
	if q.Get("format") != "csv" {
		return t, nil
	}
	c := csvAnswer{file: "whosaid-gender-by-" + t.By + ".csv", rows: t.CSV()}
	return c, nil
}

func (s *Server) topSpeakers(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	sq, err := statsQuery(q, "outlet")
	if err != nil {
		return nil, err
	}
	if sq.N, err = intParam(q, "n", 1, store.MaxTop, store.DefaultTop); err != nil {
		return nil, err
	}
	if sq.By != "outlet" {
		return nil, &paramError{"by", fmt.Sprintf("%q is not outlet", sq.By)}
	}
	if err := sq.Validate(); err != nil {
		return nil, fieldError(err)
	}
	t, err := s.st.TopSpeakers(ctx, sq)
	if err != nil {
		return nil, err
	}
	if q.Get("format") != "csv" {
		return t, nil
	}
	c := csvAnswer{file: "whosaid-top-speakers-by-outlet.csv", rows: t.CSV()}
	return c, nil
}
