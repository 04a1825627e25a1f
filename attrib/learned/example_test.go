package learned_test

import (
	"fmt"

	"github.com/whosaid/whosaid/attrib/learned"
	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/text"
)

func ExampleExtractor_Extract() {
	x, err := learned.Load(models.Attrib()) // once; x is safe for concurrent use
	if err != nil {
		fmt.Println(err)
		return
	}
	d := text.New("“The pier is unsafe,” said Lena Ortiz, the port’s engineer.")
	for _, st := range x.Extract(d) {
		var source string
		for _, r := range st.Source {
			source += d.Slice(r)
		}
		fmt.Printf("cue %q, source %q, %s\n", d.Slice(st.Cue[0]), source, st.Kind)
	}
	// Output:
	// cue "said", source "Lena Ortiz, the port’s engineer", direct
}
