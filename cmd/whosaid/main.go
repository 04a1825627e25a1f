// Command whosaid finds who said what in news articles.
//
// Usage:
//
//	whosaid <command> [flags] [arguments]
//
// Flags may also follow the arguments; "--" ends them.
//
// Run `whosaid help` for the list of commands and `whosaid help <command>`
// for one command's flags and long description.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
)

// Stdio is the standard streams a command runs with.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

// Command is one subcommand of whosaid, in the manner of cmd/go's
// base.Command: a usage line, short and long help, and a Run function that
// parses its own flags and returns the exit code (0 success, 1 some work
// failed, 2 usage error).
type Command struct {
	Name  string // "extract"
	Usage string // "extract [flags] [file|dir|-]..."
	Short string // one line for `whosaid help`
	Long  string // shown by `whosaid help extract`
	Run   func(ctx context.Context, cmd *Command, io Stdio, args []string) int
}

// FlagSet returns a new flag set for the command whose usage message prints
// the command's usage line and flags to w.
func (c *Command) FlagSet(w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "usage: whosaid %s\n", c.Usage)
		if hasFlags(fs) {
			fmt.Fprintf(w, "\nflags:\n")
			fs.PrintDefaults()
		}
		fmt.Fprintf(w, "\nRun 'whosaid help %s' for details.\n", c.Name)
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseFlags parses args into fs and reports the exit code to return when
// parsing failed or help was asked for (ok false). Unlike fs.Parse, it
// reads flags wherever they stand among the arguments (query wall -limit
// 2), up to "--", after which everything is an argument; "-" alone is an
// argument (standard input). fs.Args() then holds the arguments in order.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		if takesValue(fs, a) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(append(append(flags, "--"), rest...)); err != nil {
		if err == flag.ErrHelp {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// takesValue reports whether the flag argument a (-name or --name, without
// =value) is followed by its value, as the flag package reads it: all
// flags but booleans.
func takesValue(fs *flag.FlagSet, a string) bool {
	name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false // an unknown flag: fs.Parse says so
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// commands lists whosaid's subcommands in the order help shows them.
func commands() []*Command {
	return []*Command{cmdExtract, cmdEval, cmdIngest, cmdQuery, cmdReport, cmdServe, cmdEnqueue, cmdWorker, cmdStats, cmdParse, cmdTrain, cmdVersion}
}

func main() {
	os.Exit(runMain(os.Args[1:], Stdio{os.Stdin, os.Stdout, os.Stderr}))
}

// runMain runs whosaid as a program and returns the exit code. The first
// interrupt or SIGTERM cancels the command's context, so that it stops with
// what it has done (written, committed); a second one kills the process.
func runMain(args []string, io Stdio) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // the next signal has its default effect
	return run(ctx, args, io)
}

// run runs whosaid with the arguments after the program name and returns
// the exit code.
func run(ctx context.Context, args []string, io Stdio) int {
	if len(args) == 0 {
		usage(io.Err)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(io, args[1:])
	}
	for _, c := range commands() {
		if c.Name == name {
			return c.Run(ctx, c, io, args[1:])
		}
	}
	fmt.Fprintf(io.Err, "whosaid: unknown command %q\nRun 'whosaid help' for usage.\n", name)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, "whosaid finds who said what in news articles.\n\nUsage:\n\n\twhosaid <command> [flags] [arguments]\n\nThe commands are:\n\n")
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "\t%s\t%s\n", c.Name, c.Short)
	}
	tw.Flush()
	fmt.Fprint(w, "\nUse 'whosaid help <command>' for more information about a command.\n")
}

func help(io Stdio, args []string) int {
	if len(args) == 0 {
		usage(io.Out)
		return 0
	}
	if len(args) > 1 {
		fmt.Fprintln(io.Err, "usage: whosaid help <command>")
		return 2
	}
	for _, c := range commands() {
		if c.Name == args[0] {
			fmt.Fprintf(io.Out, "%s\n\n", strings.TrimSpace(c.Long))
			// Flags are declared inside Run: -h prints the usage line and
			// the flags.
			c.Run(context.Background(), c, Stdio{In: strings.NewReader(""), Out: io.Out, Err: io.Out}, []string{"-h"})
			return 0
		}
	}
	fmt.Fprintf(io.Err, "whosaid help: unknown command %q\n", args[0])
	return 2
}
