package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/whosaid/whosaid/server"
	"github.com/whosaid/whosaid/store"
)

var cmdServe = &Command{
	Name:  "serve",
	Usage: "serve [-db file] [-addr host:port]",
	Short: "serve a store's statements: JSON API and web page",
	Long: `Serve opens the store written by ingest, read-only, and serves:

  /                  a web page to search statements, browse speakers and
                     read each article with its statements highlighted
  /api/statements    statements by text, speaker, dates, outlet, kind
  /api/speakers      speakers, most quoted first; /api/speakers/{id}
  /api/documents/{doc}  one article with its statements
  /api/openapi.json  the API's description (OpenAPI 3)

The page needs no network beyond the server: everything is built in.
Serve stops on interrupt, letting requests in flight finish.`,
	Run: runServe,
}

func runServe(ctx context.Context, cmd *Command, stdio Stdio, args []string) int {
	fs := cmd.FlagSet(stdio.Err)
	dbPath := fs.String("db", "whosaid.db", "store `file` or postgres:// URL written by ingest")
	addr := fs.String("addr", "localhost:8080", "listen on `host:port`")
	timeout := fs.Duration("timeout", 10*time.Second, "longest time one API request may take")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	s, err := openReader(ctx, *dbPath, stdio.Err, "serve")
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid serve: %v\n", err)
		return openExit(err)
	}
	defer s.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stdio.Err, "whosaid serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdio.Err, "whosaid serve: http://%s/ (store %s)\n", ln.Addr(), store.Describe(*dbPath))
	log := slog.New(slog.NewTextHandler(stdio.Err, nil))
	srv := server.New(s, server.Options{QueryTimeout: *timeout, Logger: log})
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stdio.Err, "whosaid serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdio.Err, "whosaid serve: stopped")
	return 0
}
