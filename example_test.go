package whosaid_test

import (
	"context"
	"fmt"
	"log"

	"github.com/whosaid/whosaid"
)

func ExamplePipeline_Extract() {
	p, err := whosaid.New(whosaid.Options{})
	if err != nil {
		log.Fatal(err)
	}
	text := "Mayor Elena Varga warned on Monday that the port could close. “We cannot wait,” Varga said."
	res, err := p.Extract(context.Background(), whosaid.Doc{ID: "example", Text: text})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range res.Statements {
		name := ""
		if s.Speaker != nil {
			name = s.Speaker.Name
		}
		fmt.Printf("%s | %s | %s\n", name, s.Cue.Text, s.Content.Text)
	}
	// Output:
	// Elena Varga | warned | that the port could close
	// Elena Varga | said | “We cannot wait,”
}
