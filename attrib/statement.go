// Package attrib finds attributed statements in a document: the cue
// ("said", "according to", "takes the position that"), the source (who is
// credited) and the content (what was said), as token ranges of a
// text.Doc.
package attrib

import "github.com/whosaid/whosaid/text"

// Kind tells how the content is reported.
type Kind uint8

// Statement kinds.
const (
	Indirect Kind = iota // reported speech: Power said that ...
	Direct               // content inside quotation marks
	Mixed                // partly quoted: said serious talks are “irrational”
)

var kindNames = [...]string{"indirect", "direct", "mixed"}

// String returns the kind's name as written in whosaid's output.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "indirect"
}

// Statement is one attributed statement. Each role is a list of token
// ranges in text order, empty when the text has no such role (no explicit
// source; a colon or dash instead of a cue word). Content may be
// discontinuous: a quote split around its cue.
type Statement struct {
	Cue, Source, Content []text.Range
	Kind                 Kind
	// Parent is the index of the statement this one is nested in, or -1.
	Parent int
	// Layout is true for a statement the article's layout makes, with a
	// punctuation mark for cue: a transcript's speaker label
	// ("WALLACE: ...") or a name signing a quotation ("“...” ― Anna
	// Berg").
	Layout bool
}
