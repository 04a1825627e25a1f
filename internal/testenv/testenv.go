// Package testenv finds what whosaid's tests need from outside the
// repository: the shared data (PolNeAR, UD English EWT, UNER English EWT;
// see ../shared/data/README.md) and a chromium binary for the browser
// tests.
//
// The data directory is $WHOSAID_DATA when it is set, otherwise
// ../shared/data beside the module root: the directory holding the go.mod
// of module github.com/whosaid/whosaid, found by walking up from the test's
// working directory (the package's directory under go test). A relative
// $WHOSAID_DATA is taken from the module root too, as the commands take
// ../shared/data from the repository root.
//
// When something is missing, the test is skipped, unless the environment
// asks for everything to be there: CI=true (as CI services set it) or
// WHOSAID_REQUIRE_DATA=1. Then the test fails, saying what is missing and
// how to point the tests at it, so that a CI run without the data cannot
// pass by skipping the tests that guard the published figures.
package testenv

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The environment variables read by this package.
const (
	// DataEnv names the shared data directory.
	DataEnv = "WHOSAID_DATA"
	// ChromiumEnv names the chromium binary of the browser tests.
	ChromiumEnv = "WHOSAID_CHROMIUM"
	// RequireEnv, when true (1, t, true), makes missing data or a missing
	// chromium a test failure instead of a skip.
	RequireEnv = "WHOSAID_REQUIRE_DATA"
	// CIEnv, when true, has the same effect as RequireEnv.
	CIEnv = "CI"
)

// ModulePath is the module whose root the default data directory is
// relative to.
const ModulePath = "github.com/whosaid/whosaid"

// chromiumNames are the names looked up on $PATH when ChromiumEnv is unset.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// DataDir returns the path of parts inside the shared data directory, for
// example DataDir(tb, "polnear", "dev") or DataDir(tb, "ud-ewt",
// "en_ewt-ud-test.conllu"); with no parts, the data directory itself. The
// path must exist: otherwise the test is skipped, or fails when Required.
func DataDir(tb testing.TB, parts ...string) string {
	tb.Helper()
	e := osEnv()
	p, err := e.dataPath(parts...)
	return e.check(tb, p, err)
}

// Chromium returns the path of a chromium binary: $WHOSAID_CHROMIUM when it
// is set, otherwise the first of chromium, chromium-browser, google-chrome
// and google-chrome-stable found on $PATH. Without one, the test is
// skipped, or fails when Required.
func Chromium(tb testing.TB) string {
	tb.Helper()
	e := osEnv()
	p, err := e.chromium()
	return e.check(tb, p, err)
}

// Required reports whether the environment requires the data and chromium
// to be present (CI or WHOSAID_REQUIRE_DATA true), so that their absence
// fails the tests instead of skipping them. Benchmarks and tests with their
// own skip logic can use it.
func Required() bool { return osEnv().required() }

// env is the outside world as this package sees it, replaceable in tests.
type env struct {
	getenv   func(string) string
	getwd    func() (string, error)
	lookPath func(string) (string, error)
}

func osEnv() env { return env{os.Getenv, os.Getwd, exec.LookPath} }

// required reports whether CI or RequireEnv holds a true boolean.
func (e env) required() bool { return e.requiredBy() != "" }

// requiredBy names the variable, with its value, that makes missing data a
// failure, or returns "" when none does.
func (e env) requiredBy() string {
	for _, k := range []string{RequireEnv, CIEnv} {
		v := e.getenv(k)
		if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil && b {
			return k + "=" + v
		}
	}
	return ""
}

// check returns p when err is nil; otherwise it skips or fails tb with err
// and returns "".
func (e env) check(tb testing.TB, p string, err error) string {
	tb.Helper()
	if err == nil {
		return p
	}
	if by := e.requiredBy(); by != "" {
		tb.Fatalf("%v (a failure, not a skip, because %s)", err, by)
		return ""
	}
	tb.Skipf("%v (skipped; set %s=1 or CI=true to make this a failure)", err, RequireEnv)
	return ""
}

// dataPath returns the path of parts in the data directory, or an error
// saying what is missing and how to set DataEnv.
func (e env) dataPath(parts ...string) (string, error) {
	hint := fmt.Sprintf("set %s to the directory holding polnear/, ud-ewt/ and uner-ewt/", DataEnv)
	wd, err := e.getwd()
	if err != nil {
		return "", fmt.Errorf("testenv: shared data: finding the working directory: %v; %s", err, hint)
	}
	root, rootErr := moduleRoot(wd)
	dir := e.getenv(DataEnv)
	from := "$" + DataEnv
	switch {
	case dir != "" && !filepath.IsAbs(dir) && rootErr == nil:
		// Each package's tests run in the package's directory: a relative
		// path is taken from the module root, as the commands take it.
		dir = filepath.Join(root, dir)
	case dir == "" && rootErr != nil:
		return "", fmt.Errorf("testenv: shared data: %v; %s", rootErr, hint)
	case dir == "":
		dir = filepath.Join(root, "..", "shared", "data")
		from = "../shared/data beside the module root " + root
	}
	p := filepath.Join(append([]string{dir}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		what := filepath.Join(parts...)
		if what == "" {
			what = "directory"
		}
		return "", fmt.Errorf("testenv: shared data %s missing (data directory %s, from %s): %v; %s", what, dir, from, err, hint)
	}
	return p, nil
}

// chromium returns the path of the chromium binary, or an error saying how
// to provide one.
func (e env) chromium() (string, error) {
	if p := e.getenv(ChromiumEnv); p != "" {
		q, err := e.lookPath(p)
		if err != nil {
			return "", fmt.Errorf("testenv: $%s=%s is not an executable: %v", ChromiumEnv, p, err)
		}
		return q, nil
	}
	for _, name := range chromiumNames {
		if p, err := e.lookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("testenv: no chromium found on $PATH (looked for %s); install one (Debian: apt-get install -y chromium) or set %s to its path",
		strings.Join(chromiumNames, ", "), ChromiumEnv)
}

// moduleRoot walks up from dir to the directory whose go.mod declares
// ModulePath.
func moduleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if path, err := modulePath(filepath.Join(d, "go.mod")); err == nil && path == ModulePath {
			return d, nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod of module %s in %s or above", ModulePath, dir)
		}
		d = parent
	}
}

// modulePath returns the module path declared by the go.mod file name, or
// "" when it declares none.
func modulePath(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		fields := strings.Fields(line)
		if len(fields) == 2 && fields[0] == "module" {
			if p, err := strconv.Unquote(fields[1]); err == nil {
				return p, nil
			}
			return fields[1], nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("reading %s: %v", name, err)
	}
	return "", nil
}
