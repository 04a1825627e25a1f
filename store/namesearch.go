package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// This file finds speakers by a part of their name (issue 11 item 4).

// fold removes the diacritics of the Latin letters of the words of a
// name key, as the full-text index does ([foldWord]).
func fold(key string) string {
	w := strings.Fields(key)
	for i := range w {
		w[i] = foldWord(w[i])
	}
	return strings.Join(w, " ")
}

// namePhrase returns the words a part of a name is matched by: its
// [NameKey], without diacritics; "" when it holds no letter.
func namePhrase(name string) string {
	return fold(NameKey(name))
}

// matchSpeakers returns the speakers of the collection whose name holds
// the words of phrase ([namePhrase]) as whole words in a row, most quoted
// first (ties by id), skipping offset of them and returning at most limit;
// more reports whether others follow. Descriptions ("the company", kept
// as speakers of one article) are not names and never match, nor are
// speakers with no statement left.
//
// No index serves a search inside names: the database reads the speakers
// table in one pass, keeping the keys that hold the phrase as a substring
// or hold a letter outside ASCII (compared here without diacritics); the
// whole-word test and the diacritics are checked here.
func (s *Store) matchSpeakers(ctx context.Context, phrase string, offset, limit int) ([]Speaker, bool, error) {
	if phrase == "" {
		return nil, false, nil
	}
	hits, err := s.nameHits(ctx, phrase)
	if err != nil {
		return nil, false, err
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return cmp.Compare(a.id, b.id)
	})
	var out []Speaker
	for i := 0; i < len(hits) && len(out) < limit+1; i++ {
		sp, err := s.speakerRow(ctx, hits[i].id)
		if err != nil {
			return nil, false, err
		}
		if sp.Unnamed {
			continue
		}
		if offset > 0 {
			offset--
			continue
		}
		out = append(out, sp)
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// hit is a speaker whose name holds a phrase.
type hit struct {
	id  int64
	key string
	n   int
}

// nameHits returns the speakers with statements whose name key holds the
// words of phrase as whole words in a row, descriptions left out, in no
// order.
func (s *Store) nameHits(ctx context.Context, phrase string) ([]hit, error) {
	contains := "instr(key, ?) > 0"
	if s.pg {
		contains = "strpos(key, ?) > 0"
	}
	// +n_statements: no index on it; the table is read in one pass
	// rather than every speaker looked up in the order of speakers_count
	// (ten times slower). Only ids, keys and counts come back; the page's
	// speakers are read afterwards.
	rows, err := s.r.QueryContext(ctx, `SELECT id, key, n_statements FROM speakers
		WHERE +n_statements > 0 AND (`+contains+` OR length(key) <> octet_length(key)) AND key NOT LIKE '~%'`, phrase)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	want := " " + phrase + " "
	var hits []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.key, &h.n); err != nil {
			return nil, err
		}
		if strings.Contains(" "+fold(h.key)+" ", want) {
			hits = append(hits, h)
		}
	}
	return hits, rows.Err()
}

// nameIDs returns the ids of the speakers nameHits finds, in id order.
func (s *Store) nameIDs(ctx context.Context, phrase string) ([]int64, error) {
	if phrase == "" {
		return nil, nil
	}
	hits, err := s.nameHits(ctx, phrase)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	slices.Sort(ids)
	return ids, nil
}

// speakerRow reads one speaker's row.
func (s *Store) speakerRow(ctx context.Context, id int64) (Speaker, error) {
	var sp Speaker
	err := s.r.QueryRowContext(ctx, "SELECT "+speakerCols+" FROM speakers WHERE id = ?", id).
		Scan(&sp.ID, &sp.Name, &sp.Type, &sp.Gender, &sp.Unnamed, &sp.Statements, &sp.Documents, &sp.FirstDate, &sp.LastDate)
	return sp, err
}

// speakerIDs returns the ids of the speakers a name selects (see
// [Query].Speaker): the speaker with that full name (two words or more)
// when there is one, else every speaker whose name holds its words, the
// [MaxSpeakerMatches] most quoted of them.
func (s *Store) speakerIDs(ctx context.Context, name string) ([]int64, error) {
	k := NameKey(name)
	if k == "" {
		return nil, nil
	}
	if strings.Contains(k, " ") {
		var id int64
		err := s.r.QueryRowContext(ctx, "SELECT id FROM speakers WHERE key = ? AND n_statements > 0", k).Scan(&id)
		if err == nil {
			return []int64{id}, nil
		}
		if err != sql.ErrNoRows {
			return nil, err
		}
	}
	sps, _, err := s.matchSpeakers(ctx, namePhrase(name), 0, MaxSpeakerMatches)
	if err != nil {
		return nil, fmt.Errorf("speakers named %q: %w", name, err)
	}
	ids := make([]int64, len(sps))
	for i, sp := range sps {
		ids[i] = sp.ID
	}
	return ids, nil
}

// MaxSpeakerMatches bounds how many speakers a part of a name given as
// [Query].Speaker selects: the most quoted ones.
const MaxSpeakerMatches = 100
