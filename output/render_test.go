package output

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// renderDoc is an invented article whose text and names carry HTML: a
// statement quoting a script tag, a speaker named with markup, a title
// with an ampersand.
func renderDoc() Document {
	text := "“<script>alert(1)</script> is not a quote,” said Dr. <b>Ana</b> Souza.\n\nThe council denied it & left."
	off := NewOffsets(text)
	span := func(s string) *Span {
		i := strings.Index(text, s)
		return &Span{Spans: [][2]int{{off.CodePoint(i), off.CodePoint(i + len(s))}}, Text: s}
	}
	return Document{
		Doc:  "d<1>",
		Meta: map[string]json.RawMessage{"title": json.RawMessage(`"Scripts \u0026 councils"`), "date": json.RawMessage(`"2017-03-08"`)},
		Text: text,
		Statements: []Statement{
			{ID: "s1", Kind: Direct, Type: "speech", Act: "assert", Quote: true,
				Content: span("“<script>alert(1)</script> is not a quote,”"), Cue: span("said"), Source: span("Dr. <b>Ana</b> Souza"),
				Speaker: &SpeakerRef{ID: "e1", Name: "<b>Ana</b> Souza"}},
			{ID: "s2", Kind: Indirect, Type: "speech", Act: "assert", Negated: true,
				Content: span("it"), Cue: span("denied"), Source: span("The council"),
				Speaker: &SpeakerRef{ID: "e2", Name: "The council"}},
		},
		Speakers: []Speaker{
			{ID: "e1", Name: "<b>Ana</b> Souza", Type: "person", Titles: []string{"Dr."}},
			{ID: "e2", Name: "The council", Type: "organization"},
		},
	}
}

func TestHTMLEscapes(t *testing.T) {
	var buf bytes.Buffer
	h := NewHTML(&buf, "<whosaid>")
	if err := h.Write(renderDoc()); err != nil {
		t.Fatal(err)
	}
	if err := h.Write(Document{Doc: "bad", Error: "text is not <valid> UTF-8"}); err != nil {
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "<b>", "<valid>", "<whosaid>", "d<1>", " & "} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q unescaped", bad)
		}
	}
	for _, want := range []string{
		"<title>&lt;whosaid&gt;</title>",
		"default-src 'none'",
		"<h1>Scripts &amp; councils</h1>",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"&lt;b&gt;Ana&lt;/b&gt; Souza (1)",
		`<span class="hl cue" style="--c: #1f6fb4"`,
		`<span class="hl cue" style="--c: #d1495b"`,
		"assert (negated)",
		"bad: text is not &lt;valid&gt; UTF-8",
		"</html>\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The highlighted text, with the tags taken away and the entities
	// read back, is the article's text: nothing lost, nothing added.
	m := regexp.MustCompile(`(?s)<div class="doctext">(.*?)</div>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no doctext")
	}
	plain := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], "")
	plain = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'").Replace(plain)
	if plain != renderDoc().Text {
		t.Errorf("highlighted text reads %q, want the article's", plain)
	}
	// A page loads nothing: no src, no href, no url().
	for _, bad := range []string{"src=", "href=", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
}

func TestSpeakerColorsDistinct(t *testing.T) {
	seen := map[string]int{}
	for k := range 60 {
		c := SpeakerColor(k)
		if j, ok := seen[c]; ok {
			t.Fatalf("speakers %d and %d share colour %s", j, k, c)
		}
		seen[c] = k
	}
}

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	d := renderDoc()
	d.Statements[0].Content.Text = "line one\nline two\x1b[31m"
	if err := WriteText(&buf, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&buf, Document{Doc: "bad", Error: "not UTF-8"}); err != nil {
		t.Fatal(err)
	}
	want := "d<1>: 2 statements, 2 speakers\n" +
		"  s1   <b>Ana</b> Souza  [assert, speech, direct, quote]  said\n" +
		"       line one line two [31m\n" +
		"  s2   The council  [assert (negated), speech, indirect]  denied\n" +
		"       it\n\n" +
		"bad: error: not UTF-8\n\n"
	if got := buf.String(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 articles", 1: "1 article", 2: "2 articles"} {
		if got := Plural(n, "article"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}
