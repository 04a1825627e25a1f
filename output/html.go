package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Palette is the colours speakers are drawn in, in order of appearance in
// an article: ten dark enough for text on white and far enough apart to
// tell at a glance, then [SpeakerColor] goes on with hues a golden angle
// apart. The web page of package server uses the same colours.
var Palette = []string{"#1f6fb4", "#d1495b", "#2e8b57", "#7b4fb0", "#d97a00",
	"#008b8b", "#8c564b", "#c2378f", "#5b7a1e", "#34495e"}

// SpeakerColor returns the colour of the k-th speaker of an article
// (from 0): the palette's, then a hue 137.508° (the golden angle) on from
// the last, darker and lighter by turns, so that no two speakers of an
// article share a colour.
func SpeakerColor(k int) string {
	if k < len(Palette) {
		return Palette[k]
	}
	k -= len(Palette)
	h := math.Mod(float64(k)*137.508+20, 360)
	light := "32%"
	if k%2 == 1 {
		light = "46%"
	}
	return "hsl(" + strconv.FormatFloat(h, 'f', 1, 64) + " 65% " + light + ")"
}

const unattributedColor = "#8a96a3"

// HTML writes results as one self-contained HTML page: each article's text
// with its statements highlighted (content shaded, source underlined, cue
// outlined, in the colour of the statement's speaker) and the list of its
// statements. Every text of the results is escaped; the page has no
// script, and its Content-Security-Policy lets it load nothing from
// anywhere. Call Write for each result, then Close.
type HTML struct {
	w       *bufio.Writer
	title   string
	started bool
	err     error
}

// NewHTML returns an HTML writer to w, the page titled title.
func NewHTML(w io.Writer, title string) *HTML {
	return &HTML{w: bufio.NewWriter(w), title: title}
}

const htmlHead = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<style>
body { margin: 0 auto; max-width: 1180px; padding: 1rem 2rem 3rem; font: 16px/1.5 system-ui, sans-serif; color: #1d232b; background: #f6f7f9; }
article { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 1.5rem; align-items: start; margin-bottom: 2rem; }
@media (max-width: 900px) { article { grid-template-columns: 1fr; } }
.doc, .stlist { background: #fff; border: 1px solid #e2e6ea; border-radius: 10px; padding: 1.2rem 1.6rem; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
.meta, .legend { color: #5d6875; font-size: .85rem; }
.doctext { white-space: pre-wrap; font-family: Georgia, serif; font-size: 1.05rem; line-height: 1.75; margin-top: 1rem; }
.hl { --c: #9aa5b1; }
.hl.content { background: color-mix(in srgb, var(--c) 18%%, transparent); border-radius: 2px; }
.hl.source { font-weight: 700; color: var(--c); border-bottom: 2px solid var(--c); }
.hl.cue { outline: 1.5px solid var(--c); border-radius: 3px; font-style: italic; }
.chip { display: inline-block; border: 1px solid #e2e6ea; border-radius: 999px; padding: .1rem .7rem; margin: 0 .4rem .4rem 0; font-size: .88rem; border-left: .8rem solid var(--c); }
.stlist h2 { font-size: .85rem; text-transform: uppercase; letter-spacing: .06em; color: #5d6875; margin: 0 0 .6rem; }
.st { border-left: 3px solid var(--c); padding: .3rem .6rem; margin-bottom: .6rem; font-size: .88rem; }
.st .who { font-weight: 650; color: var(--c); display: block; }
.label { font-size: .7rem; border-radius: 4px; padding: .05rem .4rem; background: #eef1f4; color: #44505c; margin-right: .3rem; }
.error { background: #fde8e8; color: #8a1c1c; padding: .6rem 1rem; border-radius: 8px; margin-bottom: 1rem; }
</style>
</head>
<body>
`

// Write adds one result to the page: its text highlighted when the result
// carries it (extract with KeepText), the list of its statements always,
// or its error.
func (h *HTML) Write(d Document) error {
	if h.err != nil {
		return h.err
	}
	w := h.w
	if !h.started {
		h.started = true
		fmt.Fprintf(w, htmlHead, esc(h.title))
	}
	if d.Error != "" {
		fmt.Fprintf(w, "<div class=\"error\">%s: %s</div>\n", esc(d.Doc), esc(d.Error))
		return h.flush()
	}
	color := map[string]string{}
	for k, sp := range d.Speakers {
		color[sp.ID] = SpeakerColor(k)
	}
	stColor := func(st Statement) string {
		if st.Speaker != nil {
			if c, ok := color[st.Speaker.ID]; ok {
				return c
			}
		}
		return unattributedColor
	}
	w.WriteString("<article>\n<div class=\"doc\">\n")
	title := d.Doc
	if t := metaString(d, "title"); t != "" {
		title = t
	}
	fmt.Fprintf(w, "<h1>%s</h1>\n", esc(title))
	var meta []string
	for _, k := range []string{"date", "outlet"} {
		if v := metaString(d, k); v != "" {
			meta = append(meta, esc(v))
		}
	}
	if title != d.Doc {
		meta = append(meta, esc(d.Doc))
	}
	fmt.Fprintf(w, "<div class=\"meta\">%s</div>\n", strings.Join(meta, " · "))
	w.WriteString(`<div class="legend"><span class="hl content">content</span> · <span class="hl source">source</span> · <span class="hl cue">cue</span></div>` + "\n<div>")
	for _, sp := range d.Speakers {
		n := 0
		for _, st := range d.Statements {
			if st.Speaker != nil && st.Speaker.ID == sp.ID {
				n++
			}
		}
		fmt.Fprintf(w, `<span class="chip" style="--c: %s" title="%s">%s (%d)</span>`,
			esc(color[sp.ID]), esc(sp.Type+titles(sp.Titles)), esc(sp.Name), n)
	}
	w.WriteString("</div>\n")
	if d.Text != "" {
		w.WriteString(`<div class="doctext">`)
		writeMarked(w, d, stColor)
		w.WriteString("</div>\n")
	}
	w.WriteString("</div>\n<aside class=\"stlist\">\n")
	fmt.Fprintf(w, "<h2>%s</h2>\n", Plural(len(d.Statements), "statement"))
	for _, st := range d.Statements {
		fmt.Fprintf(w, `<div class="st" style="--c: %s" id="%s">`, esc(stColor(st)), esc(d.Doc+"-"+st.ID))
		fmt.Fprintf(w, `<span class="who">%s</span>`, esc(Who(st)))
		for _, l := range Labels(st) {
			fmt.Fprintf(w, `<span class="label">%s</span>`, esc(l))
		}
		if st.Cue != nil {
			fmt.Fprintf(w, " <em>%s</em>", esc(st.Cue.Text))
		}
		if st.Content != nil {
			fmt.Fprintf(w, "<div>%s</div>", esc(st.Content.Text))
		}
		w.WriteString("</div>\n")
	}
	w.WriteString("</aside>\n</article>\n")
	return h.flush()
}

// Close ends the page (an empty page when nothing was written).
func (h *HTML) Close() error {
	if h.err != nil {
		return h.err
	}
	if !h.started {
		h.started = true
		fmt.Fprintf(h.w, htmlHead, esc(h.title))
	}
	h.w.WriteString("</body>\n</html>\n")
	return h.flush()
}

func (h *HTML) flush() error {
	h.err = h.w.Flush()
	return h.err
}

// mark is one role span of one statement, in code points.
type mark struct {
	a, b int
	role string
	i    int // statement index
}

// writeMarked writes d's text escaped, each stretch covered by statement
// spans in a span element: classes for the roles covering it, the colour
// of the most specific one's statement (cue, then source, then content).
func writeMarked(w *bufio.Writer, d Document, stColor func(Statement) string) {
	text := []rune(d.Text)
	var marks []mark
	cuts := []int{0, len(text)}
	for i, st := range d.Statements {
		for _, r := range []struct {
			role string
			sp   *Span
		}{{"content", st.Content}, {"source", st.Source}, {"cue", st.Cue}} {
			if r.sp == nil {
				continue
			}
			for _, s := range r.sp.Spans {
				a, b := max(0, min(s[0], len(text))), max(0, min(s[1], len(text)))
				if b > a {
					marks = append(marks, mark{a, b, r.role, i})
					cuts = append(cuts, a, b)
				}
			}
		}
	}
	sort.Ints(cuts)
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		if a == b {
			continue
		}
		piece := esc(string(text[a:b]))
		var roles []string
		top := -1
		rank := map[string]int{"content": 1, "source": 2, "cue": 3}
		for j, m := range marks {
			if m.a <= a && m.b >= b {
				if !contains(roles, m.role) {
					roles = append(roles, m.role)
				}
				if top < 0 || rank[m.role] > rank[marks[top].role] {
					top = j
				}
			}
		}
		if top < 0 {
			w.WriteString(piece)
			continue
		}
		st := d.Statements[marks[top].i]
		sort.Strings(roles)
		tip := Who(st) + " — " + strings.Join(roles, ", ")
		if st.Act != "" {
			tip += " · " + strings.Join(Labels(st), ", ")
		}
		fmt.Fprintf(w, `<span class="hl %s" style="--c: %s" title="%s">%s</span>`,
			strings.Join(roles, " "), esc(stColor(st)), esc(tip), piece)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func esc(s string) string { return html.EscapeString(s) }

func titles(t []string) string {
	if len(t) == 0 {
		return ""
	}
	return ": " + strings.Join(t, "; ")
}

// metaString returns the meta field k of d when it is a JSON string.
func metaString(d Document, k string) string {
	raw, ok := d.Meta[k]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}
