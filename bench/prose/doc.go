// Package prose compares whosaid's name tagger (package ner) with the
// named-entity extracter of github.com/jdkato/prose/v3 on the same
// sentences, for accuracy and speed. It is a separate module so that prose
// never becomes a dependency of whosaid; it holds tests and benchmarks only:
//
//	cd bench/prose && go test -run Compare -bench . -benchtime 2x
package prose
