package server

import (
	"context"
	"net/http"
	"net/url"

	"github.com/whosaid/whosaid/store"
)

// This file serves the people list of the store (ingest -people): GET
// /api/people. Statements and speakers carry their person, and
// /api/statements filters by person and party (statementQuery).

// people lists the people of the list, most quoted first, with their
// statements; party keeps those of one party (case ignored).
func (s *Server) people(ctx context.Context, r *http.Request, q url.Values) (any, error) {
	limit, err := intParam(q, "limit", 1, store.MaxLimit, store.DefaultLimit)
	if err != nil {
		return nil, err
	}
	offset, err := intParam(q, "offset", 0, store.MaxOffset, 0)
	if err != nil {
		return nil, err
	}
	party := q.Get("party")
	if err := (&store.Query{Party: party}).Validate(); err != nil {
		return nil, &paramError{"party", trimParam(err.Error(), "party")}
	}
	return s.st.People(ctx, store.PeopleQuery{Party: party, Limit: limit, Offset: offset})
}

// trimParam drops the "name: " a store error opens with.
func trimParam(msg, name string) string {
	if len(msg) > len(name)+2 && msg[:len(name)+2] == name+": " {
		return msg[len(name)+2:]
	}
	return msg
}
