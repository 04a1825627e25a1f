package learn_test

import (
	"fmt"
	"strings"

	"github.com/whosaid/whosaid/learn"
)

// A perceptron learns whether a word is a number or a name from its first
// character.
func Example() {
	labels := []string{"name", "number"}
	m := learn.NewModel(labels, 8, 1)
	feats := func(w string) []uint64 {
		return []uint64{learn.Feature(1, w[:1]), learn.Feature(2)}
	}
	train := []struct {
		word  string
		label int
	}{{"Anna", 0}, {"42", 1}, {"Bob", 0}, {"7", 1}, {"Carl", 0}, {"2024", 1}}
	scores := make([]float32, m.Classes())
	for range 3 {
		for _, ex := range train {
			clear(scores)
			m.Score(feats(ex.word), scores)
			m.Update(feats(ex.word), ex.label, m.Best(scores, nil), 1)
		}
	}
	m.Finish()
	data, _ := m.MarshalBinary()
	loaded, err := learn.Load(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	var out []string
	for _, w := range []string{"Bella", "4711"} {
		clear(scores)
		loaded.Score(feats(w), scores)
		out = append(out, w+"="+labels[loaded.Best(scores, nil)])
	}
	fmt.Println(strings.Join(out, " "))
	// Output: Bella=name 4711=number
}
