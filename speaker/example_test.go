package speaker_test

import (
	"fmt"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/speaker"
	"github.com/whosaid/whosaid/text"
)

func ExampleResolve() {
	d := text.New("Port director Ines Alvarado said the cranes were safe. " +
		"“We checked every one,” Alvarado told reporters. She added that the port would stay open.")
	stmts := attrib.New().Extract(d)
	ents, of := speaker.Resolve(d, stmts)
	for i, s := range stmts {
		fmt.Printf("%q -> %s\n", d.Slice(s.Source[0]), ents[of[i]].Name)
	}
	fmt.Println(ents[0].Titles)
	// Output:
	// "Port director Ines Alvarado" -> Ines Alvarado
	// "Alvarado" -> Ines Alvarado
	// "She" -> Ines Alvarado
	// [Port director]
}
