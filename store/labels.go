package store

import (
	"fmt"
	"slices"
	"strings"
)

// The statement types and acts the store accepts, as package typeact
// writes them (a test checks that the lists agree).
var (
	typeNames = []string{"speech", "writing", "thought", "stance", "evidence"}
	actNames  = []string{"assert", "warn", "demand", "accuse", "criticize", "praise", "deny", "promise", "ask", "announce", "concede"}
)

// Types returns the statement types a [Query] may filter by, in a fixed
// order: speech, writing, thought, stance, evidence.
func Types() []string { return slices.Clone(typeNames) }

// Acts returns the statement acts a [Query] may filter by, in a fixed
// order: assert, warn, demand, accuse, criticize, praise, deny, promise,
// ask, announce, concede.
func Acts() []string { return slices.Clone(actNames) }

// checkLabels reports the first of vals that is not one of allowed, naming
// the field.
func checkLabels(field string, vals, allowed []string) error {
	for _, v := range vals {
		if !slices.Contains(allowed, v) {
			return fmt.Errorf("%s: %q is not one of %s", field, v, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// uniq returns vals without repeats, in their first order.
func uniq(vals []string) []string {
	if len(vals) < 2 {
		return vals
	}
	var out []string
	for _, v := range vals {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
