package learned

import (
	"sort"

	"github.com/whosaid/whosaid/text"
)

// AlignMode says how a character span that cuts through a token becomes
// a token range.
type AlignMode uint8

// Alignment modes.
const (
	// Contract keeps only the tokens wholly inside the span, and falls
	// back to Expand when that leaves none.
	Contract AlignMode = iota
	// Expand keeps every token the span overlaps.
	Expand
)

// AlignStats counts how gold spans met token boundaries.
type AlignStats struct {
	Spans      int // spans aligned
	Misaligned int // spans with an edge inside a token
	Empty      int // spans covering no token at all (whitespace only)
}

// Align returns the tokens of d covered by the code-point span
// [start, end), following mode, and records in st whether an edge of the
// span fell inside a token. An empty range means no token.
func Align(d *text.Doc, start, end int, mode AlignMode, st *AlignStats) text.Range {
	toks := d.Tokens
	// First token ending after start, first token starting at or after end.
	lo := sort.Search(len(toks), func(i int) bool { return int(toks[i].End) > start })
	hi := sort.Search(len(toks), func(i int) bool { return int(toks[i].Start) >= end })
	if st != nil {
		st.Spans++
	}
	if lo >= hi {
		if st != nil {
			st.Empty++
		}
		return text.Range{Start: lo, End: lo}
	}
	inner := text.Range{Start: lo, End: hi}
	cutStart := int(toks[lo].Start) < start
	cutEnd := int(toks[hi-1].End) > end
	if (cutStart || cutEnd) && st != nil {
		st.Misaligned++
	}
	if mode == Expand {
		return inner
	}
	if cutStart {
		inner.Start++
	}
	if cutEnd {
		inner.End--
	}
	if inner.Start >= inner.End {
		return text.Range{Start: lo, End: hi}
	}
	return inner
}
