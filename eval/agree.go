package eval

// Agreement measures how well people agree, the ceiling for a system: on
// every article of c with two or more annotator files, each file in turn is
// taken as gold and each other file as the prediction, and the counts are
// pooled over all these ordered pairs (30 per article with 6 annotators).
// Report.Pairs gives their number; Articles holds each article's pooled
// scores. Articles with a single annotator are left out.
//
// To score one annotator against another instead, use Annotator and
// Predictions: Score(c.Annotator(1), c.Predictions(0)) takes the second
// file of each article as gold and the first as prediction.
func Agreement(c *Corpus) *Report {
	rep := &Report{}
	var total counts
	for _, d := range c.Docs {
		n := len(d.Annotations)
		if n < 2 {
			continue
		}
		words := d.wordList()
		rep.Documents++
		rep.Predicted++
		var doc counts
		for gi := range n {
			for pi := range n {
				if gi == pi {
					continue
				}
				x := scoreDoc(words, d.Annotations[gi], d.Annotations[pi])
				doc.add(&x)
				rep.Pairs++
			}
		}
		total.add(&doc)
		rep.Articles = append(rep.Articles, ArticleScores{Doc: d.Name, Scores: doc.scores()})
	}
	rep.Scores = total.scores()
	return rep
}
