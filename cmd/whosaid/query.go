package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/whosaid/whosaid/store"
)

var cmdQuery = &Command{
	Name:  "query",
	Usage: "query [-db file] [-speaker name] [-person id] [-party p] [-gender g] [-from date] [-to date] [-outlet o] [-kind k] [-type t] [-act a] [-quotes] [-format table|jsonl] [words...]\n       query -people [-db file] [-party p]\n       query -speakers [-db file] [-gender g] [-speaker-type t] [-outlet o] [-unnamed] [-sort s] [-order asc|desc] [words...]",
	Short: "search the statements of a store",
	Long: `Query searches the statements kept by ingest. The words are a full-text
search over contents and sources: all words must occur; "quoted words" as a
phrase; word* as a prefix; a OR b for either; -word excludes (after --, or
inside one argument, since flags may follow the words: query -- wall -fence,
query 'wall -fence'). Flags filter by speaker, date range (YYYY-MM-DD,
inclusive), outlet, kind (direct, indirect, mixed), type (speech, writing,
thought, stance, evidence), act (assert, warn, demand, accuse, criticize,
praise, deny, promise, ask, announce, concede) and document; -type and -act
take a comma-separated list (any of them). -quotes keeps only quotes in a
news reader's sense: speech or writing by a person or organisation, with a
clause or quotation for content. -gender keeps the statements of named
people of that gender (female, male, unknown: the speaker's collection
gender). -person and -party select the statements of the speakers linked
to a person (by the id of the people list, Q76) or to the people of a
party (case ignored), once a list was loaded with ingest -people.

With -people it lists the people of the list (of -party, if given), most
quoted first. With -speakers it lists speakers instead, most quoted first, and prints
their total: the words then filter their names; -gender, -speaker-type
(person, organization, place, other; comma-separated), -outlet (counts
within the outlet) and -unnamed (the descriptions kept as speakers of one
article, such as "the company", instead of the named speakers) filter
them; -sort statements, documents, name, first or last and -order asc or
desc order them. 'whosaid report' prints the gender share and top
speakers tables.

Output is a table for reading or, with -format jsonl, one JSON object per
statement (or speaker).`,
	Run: runQuery,
}

func runQuery(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	dbPath := fs.String("db", "whosaid.db", "store `file` or postgres:// URL")
	var q store.Query
	fs.StringVar(&q.Speaker, "speaker", "", "statements of the speaker with this full `name`, or of every speaker whose name holds these words")
	fs.Int64Var(&q.SpeakerID, "speaker-id", 0, "statements of the speaker with this `id`")
	fs.StringVar(&q.Person, "person", "", "statements of the person with this `id` in the people list (ingest -people)")
	fs.StringVar(&q.Party, "party", "", "statements of the people of this `party` in the people list (case ignored)")
	fs.StringVar(&q.From, "from", "", "statements dated on or after `date` (YYYY-MM-DD)")
	fs.StringVar(&q.To, "to", "", "statements dated on or before `date` (YYYY-MM-DD)")
	fs.StringVar(&q.Outlet, "outlet", "", "statements of this `outlet` (case ignored)")
	fs.StringVar(&q.Kind, "kind", "", "direct, indirect or mixed")
	types := fs.String("type", "", "statements of these `types`, comma-separated: "+strings.Join(store.Types(), ", "))
	acts := fs.String("act", "", "statements of these `acts`, comma-separated: "+strings.Join(store.Acts(), ", "))
	fs.BoolVar(&q.Quotes, "quotes", false, "only quotes: speech or writing by a person or organisation, a clause or quotation for content")
	fs.StringVar(&q.Doc, "doc", "", "statements of the document with this `id`")
	fs.StringVar(&q.Sort, "sort", "", "relevance (default with words), newest (default otherwise) or oldest; with -speakers statements (default), documents, name, first or last")
	fs.IntVar(&q.Limit, "limit", store.DefaultLimit, fmt.Sprintf("results per page (at most %d)", store.MaxLimit))
	fs.IntVar(&q.Offset, "offset", 0, "results to skip")
	format := fs.String("format", "table", "table or jsonl")
	speakers := fs.Bool("speakers", false, "list speakers instead of statements")
	listPeople := fs.Bool("people", false, "list the people of the people list instead of statements")
	fs.StringVar(&q.Gender, "gender", "", "statements (or speakers) of named people of this `gender`: female, male or unknown")
	speakerTypes := fs.String("speaker-type", "", "with -speakers: speakers of these `types`, comma-separated: person, organization, place, other")
	unnamed := fs.Bool("unnamed", false, "with -speakers: list the descriptions kept as speakers of one article instead of named speakers")
	order := fs.String("order", "", "with -speakers: asc or desc (the default, but for -sort name)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *format != "table" && *format != "jsonl" {
		fmt.Fprintf(stdio.Err, "whosaid query: -format %q: want table or jsonl\n", *format)
		return 2
	}
	q.Text = strings.Join(fs.Args(), " ")
	if *types != "" {
		q.Type = strings.Split(*types, ",")
	}
	if *acts != "" {
		q.Act = strings.Split(*acts, ",")
	}
	var sq store.SpeakerQuery
	if *speakers {
		sq = store.SpeakerQuery{Name: q.Text, Gender: q.Gender, Outlet: q.Outlet, Unnamed: *unnamed,
			Sort: q.Sort, Order: *order, Limit: q.Limit, Offset: q.Offset}
		if *speakerTypes != "" {
			sq.Type = strings.Split(*speakerTypes, ",")
		}
		if err := sq.Validate(); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid query: %v\n", err)
			return 2
		}
	} else {
		if *speakerTypes != "" || *unnamed || *order != "" {
			fmt.Fprintln(stdio.Err, "whosaid query: -speaker-type, -unnamed and -order need -speakers")
			return 2
		}
		if err := q.Validate(); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid query: %v\n", err)
			return 2
		}
	}
	s, err := openReader(ctx, *dbPath, stdio.Err, "query")
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid query: %v\n", err)
		return openExit(err)
	}
	defer s.Close()
	if *listPeople {
		return writePeople(ctx, s, stdio, q, *format)
	}
	if *speakers {
		p, err := s.Speakers(ctx, sq)
		if err != nil {
			fmt.Fprintf(stdio.Err, "whosaid query: %v\n", err)
			return 1
		}
		if *format == "jsonl" {
			return writeLines(stdio, p.Speakers)
		}
		tw := tabwriter.NewWriter(stdio.Out, 0, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSPEAKER\tTYPE\tGENDER\tSTATEMENTS\tARTICLES\tFIRST\tLAST")
		for _, sp := range p.Speakers {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", sp.ID, sp.Name, sp.Type, sp.Gender, sp.Statements, sp.Documents, sp.FirstDate, sp.LastDate)
		}
		tw.Flush()
		fmt.Fprintf(stdio.Err, "(%d speakers", p.Total)
		if p.More {
			fmt.Fprintf(stdio.Err, "; more: -offset %d", q.Offset+p.Limit)
		}
		fmt.Fprintln(stdio.Err, ")")
		return 0
	}
	p, err := s.Search(ctx, q)
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid query: %v\n", err)
		return 1
	}
	if *format == "jsonl" {
		return writeLines(stdio, p.Statements)
	}
	writeTable(stdio.Out, p.Statements)
	if p.More {
		fmt.Fprintf(stdio.Err, "(more: -offset %d)\n", q.Offset+p.Limit)
	}
	return 0
}

// writePeople lists the people of the store's list (of q.Party, if
// given) with their statements.
func writePeople(ctx context.Context, s *store.Store, stdio Stdio, q store.Query, format string) int {
	p, err := s.People(ctx, store.PeopleQuery{Party: q.Party, Limit: q.Limit, Offset: q.Offset})
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid query: %v\n", err)
		return 1
	}
	if format == "jsonl" {
		return writeLines(stdio, p.People)
	}
	tw := tabwriter.NewWriter(stdio.Out, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tGENDER\tPARTY\tROLE\tSTATEMENTS")
	for _, pc := range p.People {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", pc.ID, pc.Name, pc.Gender, cut(pc.Party, 24), cut(pc.Role, 32), pc.Statements)
	}
	tw.Flush()
	if p.More {
		fmt.Fprintf(stdio.Err, "(more: -offset %d)\n", q.Offset+p.Limit)
	}
	return 0
}

func writeLines[T any](stdio Stdio, items []T) int {
	enc := json.NewEncoder(stdio.Out)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			fmt.Fprintf(stdio.Err, "whosaid query: %v\n", err)
			return 1
		}
	}
	return 0
}

// writeTable prints statements as aligned columns, the content cut to fit
// a line.
func writeTable(w io.Writer, sts []store.Statement) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tOUTLET\tSPEAKER\tKIND\tACT\tCONTENT\tDOC")
	for _, s := range sts {
		who := ""
		if s.Speaker != nil && s.Speaker.Person != nil {
			who = s.Speaker.Person.Name
		} else if s.Speaker != nil {
			who = s.Speaker.Name
		} else if s.Source != nil {
			who = s.Source.Text
		}
		act := s.Act
		if s.Negated {
			act += " (not)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Date, cut(s.Outlet, 16), cut(who, 24), s.Kind, act, cut(oneLine(s.Content.Text), 80), s.Doc)
	}
	tw.Flush()
}

// shellWord quotes s for a POSIX shell when it holds anything but
// letters, digits and -_./+,:@%=.
func shellWord(s string) string {
	safe := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-_./+,:@%=", r))
	}) < 0
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// openReader opens the store at path for reading. A store an older whosaid
// wrote is upgraded first (opened once for writing, which migrates it),
// with a line on w saying so. A missing store is not created: the error
// says how to make one.
func openReader(ctx context.Context, path string, w io.Writer, cmd string) (*store.Store, error) {
	s, err := store.OpenReadOnly(ctx, path)
	if errors.Is(err, store.ErrNotExist) {
		name := store.Describe(path) // a PostgreSQL URL without its password
		return nil, fmt.Errorf("no store at %s; create one with 'whosaid ingest -db %s FILES'", name, shellWord(name))
	}
	if !errors.Is(err, store.ErrOldSchema) {
		return s, err
	}
	fmt.Fprintf(w, "whosaid %s: upgrading %s to this version's schema\n", cmd, store.Describe(path))
	rw, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := rw.Close(); err != nil {
		return nil, err
	}
	return store.OpenReadOnly(ctx, path)
}

// openExit is the exit code for a store that could not be opened: 2 (as
// for a usage error) when a PostgreSQL URL is wrong or its server cannot
// be reached or refuses the login, 1 otherwise.
func openExit(err error) int {
	if errors.Is(err, store.ErrConnect) {
		return 2
	}
	return 1
}
