package output

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Who names a statement's speaker for a reader: the speaker's name, else
// the source's text, else "(unattributed)".
func Who(st Statement) string {
	switch {
	case st.Speaker != nil && st.Speaker.Name != "":
		return st.Speaker.Name
	case st.Source != nil && st.Source.Text != "":
		return st.Source.Text
	}
	return "(unattributed)"
}

// Labels lists what a reader is told of a statement besides its speaker
// and content: its act when known ("deny", "assert (negated)"), its type,
// its kind, and "quote" when it is one.
func Labels(st Statement) []string {
	var out []string
	if st.Act != "" {
		a := st.Act
		if st.Negated {
			a += " (negated)"
		}
		out = append(out, a)
	}
	if st.Type != "" {
		out = append(out, st.Type)
	}
	out = append(out, st.Kind)
	if st.Quote {
		out = append(out, "quote")
	}
	return out
}

// Plural counts things in words: "1 statement", "2 statements".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// WriteText writes one result as a list for a terminal: a line naming the
// document and its counts, then for each statement its id, speaker, labels
// ([Labels]) and cue, and on the next line its content, indented. A result
// with an error is one line.
func WriteText(w io.Writer, d Document) error {
	bw := bufio.NewWriter(w)
	if d.Error != "" {
		fmt.Fprintf(bw, "%s: error: %s\n\n", d.Doc, oneLine(d.Error))
		return bw.Flush()
	}
	fmt.Fprintf(bw, "%s: %s, %s\n", d.Doc, Plural(len(d.Statements), "statement"), Plural(len(d.Speakers), "speaker"))
	for _, st := range d.Statements {
		fmt.Fprintf(bw, "  %-4s %s  [%s]", st.ID, oneLine(Who(st)), strings.Join(Labels(st), ", "))
		if st.Cue != nil {
			fmt.Fprintf(bw, "  %s", oneLine(st.Cue.Text))
		}
		if st.Target != nil {
			fmt.Fprintf(bw, " → %s", oneLine(st.Target.Text))
		}
		bw.WriteByte('\n')
		if st.Content != nil {
			fmt.Fprintf(bw, "       %s\n", oneLine(st.Content.Text))
		}
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// oneLine folds a text's line breaks and other control characters into
// spaces, so that a content spanning paragraphs stays one line and no
// escape sequence of the text reaches the terminal.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}
