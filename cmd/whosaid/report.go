package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/whosaid/whosaid/store"
)

var cmdReport = &Command{
	Name:  "report",
	Usage: "report [-db file] [-table gender|top] [-by outlet|month] [-n 10] [-from date] [-to date] [-outlet o] [-kind k] [-type t] [-act a] [-format text|csv|json]",
	Short: "print the gender share and top speakers tables of a store",
	Long: `Report prints the tables a researcher publishes from a store.

-table gender (the default) is the share of statements by speaker gender,
per outlet (-by outlet, most statements first) or per month (-by month):
the statements of named people (speakers of type person that are not
descriptions such as "officials") by their collection gender (female, male,
unknown: the majority of the genders their articles give them), and the
distinct people of each gender, with a total line counting each person
once. Statements with no outlet, or with no date by month, are left out.

-table top lists the -n most quoted named speakers of each outlet (-by
outlet only), with their statements there.

-from, -to, -outlet, -kind, -type and -act select the statements counted,
as in query. -format text prints aligned columns (shares in percent);
csv the rows of /api/stats/gender or /api/stats/top?format=csv, with a
header line; json the answer of those endpoints.`,
	Run: runReport,
}

func runReport(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	dbPath := fs.String("db", "whosaid.db", "store `file` or postgres:// URL")
	table := fs.String("table", "gender", "gender (share of statements by speaker gender) or top (most quoted speakers per outlet)")
	var q store.StatsQuery
	fs.StringVar(&q.By, "by", "outlet", "rows per outlet or month (-table gender)")
	fs.IntVar(&q.N, "n", store.DefaultTop, fmt.Sprintf("-table top: speakers per outlet (at most %d)", store.MaxTop))
	fs.StringVar(&q.From, "from", "", "statements dated on or after `date` (YYYY-MM-DD)")
	fs.StringVar(&q.To, "to", "", "statements dated on or before `date` (YYYY-MM-DD)")
	fs.StringVar(&q.Outlet, "outlet", "", "statements of this `outlet` (case ignored)")
	fs.StringVar(&q.Kind, "kind", "", "direct, indirect or mixed")
	types := fs.String("type", "", "statements of these `types`, comma-separated: "+strings.Join(store.Types(), ", "))
	acts := fs.String("act", "", "statements of these `acts`, comma-separated: "+strings.Join(store.Acts(), ", "))
	format := fs.String("format", "text", "text, csv or json")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stdio.Err, "whosaid report: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if *types != "" {
		q.Type = strings.Split(*types, ",")
	}
	if *acts != "" {
		q.Act = strings.Split(*acts, ",")
	}
	switch {
	case *format != "text" && *format != "csv" && *format != "json":
		fmt.Fprintf(stdio.Err, "whosaid report: -format %q: want text, csv or json\n", *format)
		return 2
	case *table != "gender" && *table != "top":
		fmt.Fprintf(stdio.Err, "whosaid report: -table %q: want gender or top\n", *table)
		return 2
	case *table == "top" && q.By != "outlet":
		fmt.Fprintf(stdio.Err, "whosaid report: -table top: -by %q: only outlet\n", q.By)
		return 2
	case q.N < 1:
		fmt.Fprintf(stdio.Err, "whosaid report: -n %d: want 1 to %d\n", q.N, store.MaxTop)
		return 2
	}
	if err := q.Validate(); err != nil {
		fmt.Fprintf(stdio.Err, "whosaid report: %v\n", err)
		return 2
	}
	s, err := openReader(ctx, *dbPath, stdio.Err, "report")
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid report: %v\n", err)
		return openExit(err)
	}
	defer s.Close()
	var v any
	if *table == "gender" {
		v, err = s.GenderStats(ctx, q)
	} else {
		v, err = s.TopSpeakers(ctx, q)
	}
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid report: %v\n", err)
		return 1
	}
	switch t := v.(type) {
	case store.GenderTable:
		err = writeGender(stdio.Out, t, *format)
	case store.TopTable:
		err = writeTop(stdio.Out, t, *format)
	}
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid report: %v\n", err)
		return 1
	}
	return 0
}

// share is n of total in percent, one decimal; "-" when total is 0.
func share(n, total int) string {
	if total == 0 {
		return "-"
	}
	return strconv.FormatFloat(100*float64(n)/float64(total), 'f', 1, 64)
}

func writeGender(w io.Writer, t store.GenderTable, format string) error {
	switch format {
	case "json":
		return json.NewEncoder(w).Encode(t)
	case "csv":
		cw := csv.NewWriter(w)
		cw.WriteAll(t.CSV())
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tSTATEMENTS\tFEMALE %%\tMALE %%\tUNKNOWN %%\tPEOPLE\tWOMEN\tMEN\tUNKNOWN\t\n", strings.ToUpper(t.By))
	line := func(r store.GenderRow) {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", r.Key, r.Statements,
			share(r.Female, r.Statements), share(r.Male, r.Statements), share(r.Unknown, r.Statements),
			r.People, r.FemalePeople, r.MalePeople, r.UnknownPeople)
	}
	for _, r := range t.Rows {
		line(r)
	}
	tot := t.Total
	tot.Key = "all"
	line(tot)
	return tw.Flush()
}

func writeTop(w io.Writer, t store.TopTable, format string) error {
	switch format {
	case "json":
		return json.NewEncoder(w).Encode(t)
	case "csv":
		cw := csv.NewWriter(w)
		cw.WriteAll(t.CSV())
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "OUTLET\tRANK\tSPEAKER\tGENDER\tSTATEMENTS\tSHARE %")
	for _, r := range t.Rows {
		for i, sp := range r.Speakers {
			outlet := ""
			if i == 0 {
				outlet = fmt.Sprintf("%s (%d)", r.Outlet, r.Statements)
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t%s\n", outlet, i+1, sp.Name, sp.Gender, sp.Statements, share(sp.Statements, r.Statements))
		}
	}
	return tw.Flush()
}
