package store

import "testing"

// TestCSVCell checks that text a spreadsheet would run as a formula is
// written as text, and that other text is left as it is.
func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Barack Obama", "Barack Obama"},
		{"", ""},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1 555", "'+1 555"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tcmd", "'\tcmd"},
		{"O'Brien", "O'Brien"},
		{"nyt", "nyt"},
	}
	for _, tt := range tests {
		if got := cell(tt.in); got != tt.want {
			t.Errorf("cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	top := TopTable{Rows: []TopRow{{Outlet: "=cmd", Speakers: []TopSpeaker{{ID: 1, Name: "@evil", Statements: 2}}}}}
	rows := top.CSV()
	if got := rows[1]; got[0] != "'=cmd" || got[3] != "'@evil" {
		t.Errorf("TopTable.CSV row = %q, want outlet and name as text", got)
	}
}
