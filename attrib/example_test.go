package attrib_test

import (
	"fmt"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/text"
)

func ExampleExtractor_Extract() {
	d := text.New("“The bridge is safe,” the engineer said. Mayor Ana Ruiz said that it would reopen on Monday.")
	for _, s := range attrib.New().Extract(d) {
		fmt.Printf("%s: %q %q %q\n", s.Kind, d.Slice(s.Source[0]), d.Slice(s.Cue[0]), d.Slice(s.Content[0]))
	}
	// Output:
	// direct: "the engineer" "said" "“The bridge is safe,”"
	// indirect: "Mayor Ana Ruiz" "said" "that it would reopen on Monday"
}
