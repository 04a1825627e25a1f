package ner

import (
	"fmt"
	"path/filepath"
)

// Recipe reads the training data of the embedded model from the shared
// data directory dir (the layout of its README) and returns it with the
// options the model was trained with:
//
//   - the CoreNLP names (PERSON, ORGANIZATION, LOCATION) of
//     polnear/train.conllu over the surface words of polnear/train/text;
//     MISC is left out, as it costs PER/ORG/LOC accuracy and names no
//     speaker;
//   - the words of ud-ewt/en_ewt-ud-train.conllu as unlabeled text for the
//     lexicon (clusters and capitalization rates of web English);
//   - 40% of the sentences also learned in lower case.
//
// Train(sents, opt) then gives the model of models/ner.model, in about
// two minutes on one core.
func Recipe(dir string) ([]Sentence, TrainOptions, error) {
	sents, err := ReadCoreNLP(filepath.Join(dir, "polnear/train.conllu"), filepath.Join(dir, "polnear/train/text"))
	if err != nil {
		return nil, TrainOptions{}, fmt.Errorf("ner: reading the training data: %w", err)
	}
	unlabeled, err := ReadWords(filepath.Join(dir, "ud-ewt/en_ewt-ud-train.conllu"))
	if err != nil {
		return nil, TrainOptions{}, fmt.Errorf("ner: reading the unlabeled text: %w", err)
	}
	opt := TrainOptions{
		Types:      []Type{PER, ORG, LOC},
		Epochs:     6,
		Bits:       18,
		Seed:       1,
		Unlabeled:  unlabeled,
		LowerShare: 0.4,
	}
	return sents, opt, nil
}
