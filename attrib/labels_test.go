package attrib

import (
	"testing"

	"github.com/whosaid/whosaid/text"
)

// TestSectionLabels checks that the labels of market reports, web pages
// and editors' notes are nobody's turn, and that transcript turns and
// headline speakers still are.
func TestSectionLabels(t *testing.T) {
	tests := []struct {
		para   string // a paragraph after "Markets moved on Tuesday.\n\n"
		source string // the source of the statement it makes, or "" for none
	}{
		{"ENERGY: Oil prices rose 2 percent after the cartel cut its output.", ""},
		{"BONDS: Treasury yields slipped to their lowest level since June.", ""},
		{"U.S. STOCKS: The broad index closed up for a third day in a row.", ""},
		{"PRECIOUS METALS: Gold edged higher as the dollar weakened again.", ""},
		{"WATCH: The governor speaks at a rally in the capital tonight.", ""},
		{"READ MORE: How the central bank sets its interest rates.", ""},
		{"UPDATE: This story was changed to add the mayor's reply.", ""},
		{"EDITOR'S NOTE: An earlier version misspelled the senator's name.", ""},
		{"Watch: The governor speaks at a rally in the capital tonight.", ""},
		{"Read more: How the central bank sets its interest rates.", ""},
		{"WALLACE: Let us start with the news of the day, Governor.", "WALLACE"},
		{"MR. TRUMP: We are going to win this state by a lot.", "MR. TRUMP"},
		{"SEN. WARREN: The banks have not paid for what they did.", "SEN. WARREN"},
		{"BARRY BONDS: I never took anything that was against the rules.", "BARRY BONDS"},
		{"MR. GOLD: The council has not voted on the budget yet.", "MR. GOLD"},
		{"Poll: Lind and Oduya tied heading into the first debate", "Poll"},
	}
	for _, tt := range tests {
		d := text.New("Markets moved on Tuesday.\n\n" + tt.para)
		var got []string
		for _, st := range New().Extract(d) {
			if len(st.Source) > 0 {
				got = append(got, d.Slice(st.Source[0]))
			}
		}
		switch {
		case tt.source == "" && len(got) > 0:
			t.Errorf("%q: statement with source %q, want none", tt.para, got)
		case tt.source != "" && (len(got) != 1 || got[0] != tt.source):
			t.Errorf("%q: sources %q, want [%q]", tt.para, got, tt.source)
		}
	}
}

// TestLabelRules checks the verdict of the label rules on label words
// alone.
func TestLabelRules(t *testing.T) {
	tests := []struct {
		label string
		page  bool
	}{
		{"ENERGY", true}, {"BONDS", true}, {"WATCH", true}, {"READ MORE", true},
		{"UPDATE", true}, {"RELATED", true}, {"EMERGING MARKETS", true},
		{"WALLACE", false}, {"MR. TRUMP", false}, {"BARRY BONDS", false},
		{"DR. GOLD", false}, {"CLINTON", false}, {"POLL", false},
	}
	for _, tt := range tests {
		d := text.New(tt.label + ": x")
		v := newView(d)
		c := 0
		for c < len(d.Tokens) && !v.is(c, ":") {
			c++
		}
		if got := v.pageLabelAt(0, c); got != tt.page {
			t.Errorf("pageLabelAt(%q) = %v, want %v", tt.label, got, tt.page)
		}
	}
}
