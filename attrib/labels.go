package attrib

// Section labels. A paragraph opening with words in capitals and a colon is
// a transcript's turn ("WALLACE: Let's start ...", "MR. TRUMP: We will
// ...") or a headline's speaker ("Trump: ..."), unless the words are a
// label of the page itself: an editor's note ("UPDATE:", "EDITOR'S
// NOTE:"), a web page's pointer to other content ("WATCH:", "READ MORE:",
// "RELATED:") or a section of a market report ("ENERGY:", "BONDS:", "U.S.
// STOCKS:"). The word lists are this project's, written from the layout
// of news sites and wire market reports (issue 10), not copied from a
// source; the rules that read them are the table labelRules.

// editorialLabels open an editor's note or a page's own heading. Not
// "poll": "Poll: Clinton and Trump in dead heat" credits a poll, and
// PolNeAR annotates it so.
var editorialLabels = set("update", "updated", "updates", "correction", "corrections",
	"clarification", "editor", "editor's", "editors", "editors'", "note", "breaking",
	"exclusive", "developing", "advertisement", "sponsored", "spoiler", "warning",
	"disclosure", "disclaimer", "source", "sources", "analysis", "opinion", "commentary",
	"live", "latest", "full", "transcript", "summary", "background", "context",
	"factbox", "timeline", "explainer", "q&a", "quiz", "recap", "highlights")

// webLabels open a web page's pointer to more content: "WATCH:", "READ
// MORE:", "SEE ALSO:", "LISTEN:".
var webLabels = set("watch", "read", "more", "see", "also", "listen", "related", "video",
	"videos", "photo", "photos", "gallery", "slideshow", "audio", "podcast", "click",
	"subscribe", "follow", "share", "sign", "download", "trending", "top", "recommended",
	"popular", "previously", "next", "tweet", "tweets", "graphic", "graphics", "map",
	"interactive", "newsletter", "contact", "credit", "credits", "tags", "topics")

// marketSections are the nouns that head the sections of a market report:
// "ENERGY:", "BONDS:", "PRECIOUS METALS:", "U.S. STOCKS:".
var marketSections = set("stocks", "stock", "shares", "equities", "bonds", "bond",
	"treasuries", "yields", "rates", "credit", "currencies", "currency", "forex",
	"dollar", "euro", "yen", "sterling", "energy", "oil", "crude", "gas", "metals",
	"gold", "silver", "copper", "commodities", "grains", "futures", "markets", "market",
	"economy", "earnings", "deals", "ipos", "funds", "crypto", "bitcoin", "options",
	"indexes", "indices", "overseas", "asia", "europe", "japan", "china", "emerging")

// honorifics open a transcript speaker's label: "MR. TRUMP:", "SEN.
// WARREN:".
var honorifics = set("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.",
	"rep", "rep.", "gov", "gov.", "gen", "gen.", "president", "senator", "governor",
	"secretary", "judge", "justice", "mayor", "rev", "rev.", "prof", "prof.")

// labelVerdict is what a label rule says of a paragraph's label.
type labelVerdict uint8

const (
	noVerdict labelVerdict = iota // the rule does not apply
	turnLabel                     // the label names a speaker
	pageLabel                     // the label is the page's own: no speaker
)

// labelRule is one test on the label words [b, c) of a paragraph, in
// lower case; the first rule with a verdict decides.
type labelRule struct {
	name string
	test func(words []string) labelVerdict
}

// labelRules decide whether a label in capitals before a colon names a
// speaker. A label no rule decides names one.
var labelRules = []labelRule{
	{"honorific", func(w []string) labelVerdict { return when(honorifics[w[0]], turnLabel) }},
	{"editorial", func(w []string) labelVerdict { return when(editorialLabels[w[0]], pageLabel) }},
	{"web", func(w []string) labelVerdict { return when(webLabels[w[0]], pageLabel) }},
	// A section noun alone or after modifiers of the lists: "ENERGY",
	// "U.S. STOCKS", "PRECIOUS METALS"; not "BARRY BONDS" (a first name)
	// nor "MR. GOLD" (the honorific rule decides first).
	{"market", func(w []string) labelVerdict {
		last := w[len(w)-1]
		if !marketSections[last] {
			return noVerdict
		}
		for _, x := range w[:len(w)-1] {
			if !marketSections[x] && !marketModifiers[x] {
				return noVerdict
			}
		}
		return pageLabel
	}},
}

// marketModifiers come before a market section's noun: "U.S. STOCKS",
// "PRECIOUS METALS", "EUROPEAN SHARES".
var marketModifiers = set("u.s.", "us", "u.s", "global", "world", "asian", "european",
	"emerging", "precious", "base", "industrial", "foreign", "corporate", "government",
	"municipal", "high-yield", "junk", "treasury", "natural", "oil", "crude", "wall",
	"street", "tech", "bank", "london", "tokyo", "hong", "kong", "frankfurt", "paris",
	"other", "key", "major", "soft", "farm", "money", "private", "stock")

// when returns v if ok, else noVerdict.
func when(ok bool, v labelVerdict) labelVerdict {
	if ok {
		return v
	}
	return noVerdict
}

// pageLabelAt reports whether the words [b, c) before a colon are a label
// of the page (an editor's note, a web page's pointer, a market report's
// section) rather than a speaker, by the first rule of labelRules that
// decides. Honorifics and periods ("MR.", "U.S.") are tokens of their own
// or part of a word; periods alone are skipped.
func (v *view) pageLabelAt(b, c int) bool {
	var words []string
	for i := b; i < c; i++ {
		if v.isWord(i) {
			w := v.low(i)
			if i+1 < c && v.is(i+1, ".") {
				w += "."
			}
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return false
	}
	for _, r := range labelRules {
		switch r.test(words) {
		case turnLabel:
			return false
		case pageLabel:
			return true
		}
	}
	return false
}
