// Package eval scores attributed statements against the PolNeAR gold, with
// exactly the measures of the data README ("Prediction format and
// scoring"), and measures how well the corpus's annotators agree.
//
// Words are the \w+ runs of an article's text as Python's re module finds
// them (letters and numbers of any script, and "_"; combining marks are not
// word characters). A span covers the words lying wholly inside one of its
// pieces, and every measure counts words, never punctuation, so a cue made
// only of punctuation counts as absent. Offsets are code points.
//
// The measures, micro-averaged over the articles (counts pooled, then
// P/R/F1):
//
//   - token P/R/F1 per role: the words in any span of the role, gold
//     against predicted, over all statements;
//   - exact-span P/R/F1 per role: spans as word sets, paired one to one;
//   - statement partial: statements with content words, paired one to one
//     greedily by decreasing content overlap (ties in gold then prediction
//     order); a pair counts when it shares at least half of the gold
//     content's words; statement exact: counted pairs with equal content;
//   - full-exact: counted pairs whose content, source and cue are all equal;
//   - source and cue agreement on counted pairs: the roles share a word, or
//     are both absent.
//
// Typical use, as the eval command does it:
//
//	gold, err := eval.LoadGold("data/polnear/dev")
//	pred, err := eval.ReadPredictions(f) // or eval.FromOutputs(results)
//	rep := eval.Score(gold, pred)
//	rep.WriteTable(os.Stdout)             // or json.Marshal(rep)
//
// Human agreement, the ceiling: eval.Agreement(gold) pools every ordered
// pair of annotator files on the articles with several; one pair is
// eval.Score(gold.Annotator(g), gold.Predictions(p)). On PolNeAR this
// reproduces the figures of the data README (see TestHumanAgreement).
package eval
