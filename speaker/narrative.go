package speaker

import (
	"strings"

	"github.com/whosaid/whosaid/names"
)

// lateHonorifics counts the honorifics the article gives its people after
// the last source ("Mrs. Ayotte" in its closing paragraphs), which scanTo,
// reading the text only as far as the sources reach, has not seen: an
// honorific before a surname that exactly one person of the article bears.
// (The pronouns of the narrative were tried as evidence too, the one person
// named before a pronoun in its sentence or the sentence before being its
// antecedent: on PolNeAR train+dev they gave "Bernie Sanders" and "Terry
// Sullivan" female, too often wrong to count.)
func (r *resolver) lateHonorifics() {
	d := r.d
	// owner maps a folded surname to the one person entity bearing it,
	// or -1 when two do.
	owner := map[string]int{}
	for k := range r.ents {
		e := &r.ents[k]
		if e.typ != Person || e.plural || len(e.words) == 0 {
			continue
		}
		last := fold(e.words[len(e.words)-1])
		if o, ok := owner[last]; ok && o != k {
			owner[last] = -1
		} else {
			owner[last] = k
		}
	}
	for i := max(r.scanned, 0); i+1 < len(d.Tokens); i++ {
		if !isWordTok(d, i) {
			continue
		}
		w := d.Form(i)
		n := i + 1
		if d.Form(n) == "." {
			w += "."
			n++
		}
		g, ok := names.Honorific(w)
		if !ok || g == names.Unknown || n >= len(d.Tokens) || !isWordTok(d, n) || !isCap(d.Form(n)) {
			continue
		}
		// The surname is the last capitalized word after the honorific:
		// "Mrs. Kelly Ayotte", "Ms. Ayotte's".
		e := n
		for e+1 < len(d.Tokens) && e-n < 3 && isWordTok(d, e+1) && isCap(d.Form(e+1)) {
			e++
		}
		last := fold(d.Form(e))
		for _, suf := range []string{"'s", "’s"} {
			last = strings.TrimSuffix(last, suf)
		}
		if k, ok := owner[last]; ok && k >= 0 {
			r.ents[k].hon[g]++
		}
		i = e
	}
}
