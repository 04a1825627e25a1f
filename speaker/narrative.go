package speaker

import "github.com/whosaid/whosaid/names"

// narrativePronoun counts the subject pronoun "he" or "she" at token i, a
// pronoun of the article's narrative that is no source of a statement
// ("He was elected in 2010."), for the person it stands for: the most
// salient singular person before it, as for a pronoun that is a source,
// when that person is compatible with the pronoun's gender. When the most
// salient person is not ("Sanders spoke. She said" when Sanders is known
// to be a man), the pronoun is left uncounted rather than given to the
// next person, the guess most often wrong.
func (r *resolver) narrativePronoun(i int) {
	var g names.Gender
	switch fold(r.d.Form(i)) {
	case "he":
		g = names.Male
	case "she":
		g = names.Female
	default:
		return
	}
	if r.inQuote(i) {
		return // "he" in a quotation is the quoted speaker's, not the narrator's
	}
	k := r.best(personOK(0), i, nil, false)
	if k < 0 || !personOK(g)(&r.ents[k]) {
		return
	}
	r.ents[k].narr[g]++
}
