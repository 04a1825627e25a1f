package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/whosaid/whosaid"
)

var cmdVersion = &Command{
	Name:  "version",
	Usage: "version",
	Short: "print whosaid's version",
	Long:  "Version prints whosaid's version, the VCS revision it was built from when known, and the Go version.",
	Run: func(ctx context.Context, cmd *Command, io Stdio, args []string) int {
		fs := cmd.FlagSet(io.Err)
		if code, ok := parseFlags(fs, args); !ok {
			return code
		}
		rev := ""
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					rev = " " + s.Value[:12]
				}
			}
		}
		fmt.Fprintf(io.Out, "whosaid %s%s %s/%s %s\n", whosaid.Version, rev, runtime.GOOS, runtime.GOARCH, runtime.Version())
		return 0
	},
}
