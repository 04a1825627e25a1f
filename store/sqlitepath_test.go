package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenBadPath opens SQLite stores where none can be: each error says
// why, in words, and no file is left behind.
func TestOpenBadPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
	}{
		{"", "empty path"},
		{dir, "is a directory"},
		{filepath.Join(dir, "no", "such", "x.db"), "folder " + filepath.Join(dir, "no", "such")},
		{filepath.Join(file, "x.db"), "is not a folder"},
	}
	for _, tt := range tests {
		s, err := Open(context.Background(), tt.path)
		if err == nil {
			s.Close()
			t.Errorf("Open(%q) gave no error", tt.path)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%q) = %v, want it to say %q", tt.path, err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
		t.Errorf("Open created %s", filepath.Join(dir, "no"))
	}
}
