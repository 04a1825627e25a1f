package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// checkSQLitePath says plainly why a SQLite store cannot be created or
// opened at path, before SQLite does so with "unable to open database
// file": a directory in its place, or a folder that does not exist.
func checkSQLitePath(path string) error {
	if path == "" {
		return errors.New("store: empty path")
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return fmt.Errorf("store: %s is a directory, not a store file", path)
	case err == nil:
		return nil
	}
	dir := filepath.Dir(path)
	di, derr := os.Stat(dir)
	switch {
	case derr != nil:
		return fmt.Errorf("store: cannot create %s: folder %s: %w", path, dir, derr)
	case !di.IsDir():
		return fmt.Errorf("store: cannot create %s: %s is not a folder", path, dir)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("store: %w", err)
	}
	return nil
}
