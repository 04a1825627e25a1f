package wordnet

import (
	"iter"
	"math/bits"
	"strconv"
	"strings"
)

// Class is a WordNet lexicographer file ("verb.communication",
// "noun.person", ...), the coarse semantic class WordNet files each sense
// under. Its value is WordNet's lexicographer file number plus one, so that
// the zero Class means "no class".
type Class uint8

// The classes, in WordNet's numbering (lexnames(5WN)). Adjective and adverb
// classes exist for completeness; the embedded data holds only verbs and nouns.
const (
	None Class = iota
	AdjAll
	AdjPert
	AdvAll
	NounTops
	NounAct
	NounAnimal
	NounArtifact
	NounAttribute
	NounBody
	NounCognition
	NounCommunication
	NounEvent
	NounFeeling
	NounFood
	NounGroup
	NounLocation
	NounMotive
	NounObject
	NounPerson
	NounPhenomenon
	NounPlant
	NounPossession
	NounProcess
	NounQuantity
	NounRelation
	NounShape
	NounState
	NounSubstance
	NounTime
	VerbBody
	VerbChange
	VerbCognition
	VerbCommunication
	VerbCompetition
	VerbConsumption
	VerbContact
	VerbCreation
	VerbEmotion
	VerbMotion
	VerbPerception
	VerbPossession
	VerbSocial
	VerbStative
	VerbWeather
	AdjPpl
	numClasses
)

var classNames = [numClasses]string{
	"none", "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal",
	"noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
	"noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group",
	"noun.location", "noun.motive", "noun.object", "noun.person",
	"noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
	"noun.quantity", "noun.relation", "noun.shape", "noun.state",
	"noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition",
	"verb.communication", "verb.competition", "verb.consumption", "verb.contact",
	"verb.creation", "verb.emotion", "verb.motion", "verb.perception",
	"verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl",
}

// String returns WordNet's name of the lexicographer file, such as
// "verb.communication", "none" for the zero Class, and "Class(n)" for a
// value out of range.
func (c Class) String() string {
	if c < numClasses {
		return classNames[c]
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// ParseClass returns the Class named name ("noun.person") and whether
// there is one.
func ParseClass(name string) (Class, bool) {
	for c := AdjAll; c < numClasses; c++ {
		if classNames[c] == name {
			return c, true
		}
	}
	return None, false
}

// Set is a set of classes, one bit per Class. The zero Set is empty.
type Set uint64

// Has reports whether c is in s.
func (s Set) Has(c Class) bool {
	return c != None && c < numClasses && s&(1<<c) != 0
}

// Add returns s with c added; None and out-of-range values are ignored.
func (s Set) Add(c Class) Set {
	if c == None || c >= numClasses {
		return s
	}
	return s | 1<<c
}

// Len returns the number of classes in s.
func (s Set) Len() int {
	return bits.OnesCount64(uint64(s))
}

// All yields the classes of s in increasing order.
func (s Set) All() iter.Seq[Class] {
	return func(yield func(Class) bool) {
		for rest := uint64(s); rest != 0; rest &= rest - 1 {
			if !yield(Class(bits.TrailingZeros64(rest))) {
				return
			}
		}
	}
}

// String returns the names of the classes of s joined by "|", in increasing
// order, or "" for the empty set.
func (s Set) String() string {
	var b strings.Builder
	for c := range s.All() {
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		b.WriteString(c.String())
	}
	return b.String()
}
