// Package speaker resolves the sources of a document's statements to the
// entities of the article: full names, surnames, titles, pronouns and
// near-miss spellings of one person or organization become one Entity
// with the fullest name the article gives.
//
// Pronouns and descriptions ("she", "they", "the spokeswoman") take the
// most salient compatible entity, weighed after Lappin and Leass (1994)
// over every name of the text: recent mentions, subjects and the speaker
// last quoted count most. Compatibility uses gender (first names,
// honorifics, roles, pronouns already resolved), number (groups for
// "they") and kind (organizations for "it"); a description first looks
// for an entity given that role earlier ("Vance, the agriculture
// commissioner," for "the commissioner").
package speaker

import (
	"github.com/whosaid/whosaid/names"
	"github.com/whosaid/whosaid/text"
)

// Type is the kind of entity a speaker is.
type Type uint8

// Entity types.
const (
	Other Type = iota
	Person
	Organization
	Place
)

var typeNames = [...]string{"other", "person", "organization", "place"}

// String returns the type's name as written in whosaid's output.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "other"
}

// Entity is one speaker of a document.
type Entity struct {
	Name     string       // the fullest name the article gives: "Maria Zakharova"
	Type     Type         // person, organization, place or other
	Mentions []text.Range // every mention of the entity found, in text order
	Titles   []string     // roles the article gives it: "US Ambassador to the UN"
	// Gender is what the article or the first name says of a person's
	// gender (names.Unknown for other types), and GenderEvidence what
	// said it: "honorific", "title", "pronouns", "name 0.99" or
	// "narrative pronouns" (see EvidenceHonorific and the others); empty
	// when Gender is unknown.
	Gender         names.Gender
	GenderEvidence string
	// Unnamed marks an entity the article only describes: Name is then
	// the description ("the spokeswoman", "officials").
	Unnamed bool
}
