package wordnet_test

import (
	"fmt"

	"github.com/whosaid/whosaid/wordnet"
)

func ExampleLookup() {
	r := wordnet.Lookup("Said", wordnet.Verb)
	fmt.Println(r.Lemma, r.First, r.Classes.Has(wordnet.VerbCommunication))
	r = wordnet.Lookup("spokesmen", wordnet.Noun)
	fmt.Println(r.Lemma, r.First)
	r = wordnet.LookupPhrase("pointed", "out")
	fmt.Println(r.Lemma, r.Classes)
	fmt.Println(wordnet.Lookup("xqzzyv", wordnet.Verb).Found())
	// Output:
	// say verb.communication true
	// spokesman noun.person
	// point out verb.communication
	// false
}

func ExampleLoad() {
	lx, err := wordnet.Load()
	if err != nil {
		fmt.Println("wordnet:", err)
		return
	}
	fmt.Println(lx.Lookup("criticisms", wordnet.Noun).Classes)
	// Output: noun.cognition|noun.communication
}
