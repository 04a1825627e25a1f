package testenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeEnv returns an env reading vars, working in wd, and finding on $PATH
// only the names of onPath.
func fakeEnv(vars map[string]string, wd string, onPath ...string) env {
	return env{
		getenv: func(k string) string { return vars[k] },
		getwd:  func() (string, error) { return wd, nil },
		lookPath: func(name string) (string, error) {
			for _, p := range onPath {
				if name == p || name == filepath.Base(p) {
					return p, nil
				}
			}
			return "", fmt.Errorf("exec: %q: executable file not found in $PATH", name)
		},
	}
}

// writeFile creates the file name under dir with the given content, and
// its folders.
func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRequired(t *testing.T) {
	tests := []struct {
		vars map[string]string
		want string
	}{
		{nil, ""},
		{map[string]string{CIEnv: "true"}, "CI=true"},
		{map[string]string{CIEnv: "1"}, "CI=1"},
		{map[string]string{CIEnv: "false"}, ""},
		{map[string]string{CIEnv: "yes please"}, ""},
		{map[string]string{RequireEnv: "1"}, "WHOSAID_REQUIRE_DATA=1"},
		{map[string]string{RequireEnv: " true "}, "WHOSAID_REQUIRE_DATA= true "},
		{map[string]string{RequireEnv: "0"}, ""},
		{map[string]string{RequireEnv: "0", CIEnv: "true"}, "CI=true"},
		{map[string]string{RequireEnv: "1", CIEnv: "true"}, "WHOSAID_REQUIRE_DATA=1"},
	}
	for _, tt := range tests {
		e := fakeEnv(tt.vars, "/")
		if got := e.requiredBy(); got != tt.want {
			t.Errorf("requiredBy() with %v = %q, want %q", tt.vars, got, tt.want)
		}
		if got := e.required(); got != (tt.want != "") {
			t.Errorf("required() with %v = %v, want %v", tt.vars, got, tt.want != "")
		}
	}
}

func TestDataPath(t *testing.T) {
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	data := filepath.Join(tmp, "shared", "data")
	writeFile(t, repo, "go.mod", "module github.com/whosaid/whosaid // the root\n\ngo 1.26\n")
	writeFile(t, repo, "bench/prose/go.mod", "module github.com/whosaid/whosaid/bench/prose\n")
	writeFile(t, repo, "tag/x.go", "package tag\n")
	writeFile(t, data, "polnear/dev/text/a.txt", "text")
	writeFile(t, tmp, "elsewhere/polnear/dev/text/a.txt", "text")
	writeFile(t, tmp, "other/go.mod", "module \"example.com/other\"\n")

	tests := []struct {
		name  string
		vars  map[string]string
		wd    string
		parts []string
		want  string // the path returned; "" for an error
		errs  []string
	}{
		{name: "default from a package", wd: filepath.Join(repo, "tag"), parts: []string{"polnear", "dev"},
			want: filepath.Join(data, "polnear", "dev")},
		{name: "default from the root, a file", wd: repo, parts: []string{"polnear", "dev", "text", "a.txt"},
			want: filepath.Join(data, "polnear", "dev", "text", "a.txt")},
		{name: "the directory itself", wd: repo, want: data},
		{name: "nested module", wd: filepath.Join(repo, "bench", "prose"), parts: []string{"polnear"},
			want: filepath.Join(data, "polnear")},
		{name: "missing part", wd: filepath.Join(repo, "tag"), parts: []string{"ud-ewt", "en_ewt-ud-dev.conllu"},
			errs: []string{filepath.Join("ud-ewt", "en_ewt-ud-dev.conllu"), data, "module root " + repo, DataEnv}},
		{name: "absolute variable", vars: map[string]string{DataEnv: filepath.Join(tmp, "elsewhere")}, wd: filepath.Join(repo, "tag"),
			parts: []string{"polnear", "dev"}, want: filepath.Join(tmp, "elsewhere", "polnear", "dev")},
		{name: "relative variable from the root", vars: map[string]string{DataEnv: filepath.Join("..", "elsewhere")},
			wd: filepath.Join(repo, "tag"), parts: []string{"polnear"}, want: filepath.Join(tmp, "elsewhere", "polnear")},
		{name: "variable wins", vars: map[string]string{DataEnv: "/nonexistent"}, wd: repo, parts: []string{"polnear"},
			errs: []string{"polnear", "/nonexistent", "$" + DataEnv, "set " + DataEnv}},
		{name: "outside the module", wd: filepath.Join(tmp, "other"), parts: []string{"polnear"},
			errs: []string{"no go.mod of module " + ModulePath, DataEnv}},
		{name: "variable outside the module", vars: map[string]string{DataEnv: filepath.Join(tmp, "elsewhere")},
			wd: filepath.Join(tmp, "other"), parts: []string{"polnear"}, want: filepath.Join(tmp, "elsewhere", "polnear")},
	}
	for _, tt := range tests {
		got, err := fakeEnv(tt.vars, tt.wd).dataPath(tt.parts...)
		if tt.want != "" {
			if err != nil || got != tt.want {
				t.Errorf("%s: dataPath(%q) = %q, %v; want %q", tt.name, tt.parts, got, err, tt.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: dataPath(%q) = %q, want an error", tt.name, tt.parts, got)
			continue
		}
		for _, s := range tt.errs {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error %q does not say %q", tt.name, err, s)
			}
		}
	}
}

func TestChromium(t *testing.T) {
	tests := []struct {
		name   string
		vars   map[string]string
		onPath []string
		want   string
		errs   []string
	}{
		{name: "on PATH", onPath: []string{"/usr/bin/chromium"}, want: "/usr/bin/chromium"},
		{name: "other name", onPath: []string{"/opt/bin/google-chrome"}, want: "/opt/bin/google-chrome"},
		{name: "first name wins", onPath: []string{"/b/chromium-browser", "/a/chromium"}, want: "/a/chromium"},
		{name: "variable", vars: map[string]string{ChromiumEnv: "/x/chrome"}, onPath: []string{"/x/chrome", "/usr/bin/chromium"},
			want: "/x/chrome"},
		{name: "variable not executable", vars: map[string]string{ChromiumEnv: "/x/none"}, onPath: []string{"/usr/bin/chromium"},
			errs: []string{"$" + ChromiumEnv + "=/x/none"}},
		{name: "none", errs: []string{"no chromium", "chromium-browser", "apt-get install", ChromiumEnv}},
	}
	for _, tt := range tests {
		got, err := fakeEnv(tt.vars, "/", tt.onPath...).chromium()
		if tt.want != "" {
			if err != nil || got != tt.want {
				t.Errorf("%s: chromium() = %q, %v; want %q", tt.name, got, err, tt.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: chromium() = %q, want an error", tt.name, got)
			continue
		}
		for _, s := range tt.errs {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error %q does not say %q", tt.name, err, s)
			}
		}
	}
}

// fakeTB records what the package does with a test instead of doing it.
type fakeTB struct {
	testing.TB
	skipped, failed, errored string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Skipf(format string, a ...any)  { f.skipped = fmt.Sprintf(format, a...) }
func (f *fakeTB) Fatalf(format string, a ...any) { f.failed = fmt.Sprintf(format, a...) }
func (f *fakeTB) Errorf(format string, a ...any) { f.errored = fmt.Sprintf(format, a...) }

func TestCheck(t *testing.T) {
	missing := errors.New("testenv: shared data polnear missing")
	tests := []struct {
		name       string
		vars       map[string]string
		err        error
		skip, fail bool
	}{
		{name: "present", vars: map[string]string{CIEnv: "true"}},
		{name: "absent", err: missing, skip: true},
		{name: "absent in CI", vars: map[string]string{CIEnv: "true"}, err: missing, fail: true},
		{name: "absent, required", vars: map[string]string{RequireEnv: "1"}, err: missing, fail: true},
		{name: "absent, not required", vars: map[string]string{RequireEnv: "0", CIEnv: "false"}, err: missing, skip: true},
	}
	for _, tt := range tests {
		tb := &fakeTB{TB: t}
		got := fakeEnv(tt.vars, "/").check(tb, "/data/polnear", tt.err)
		if want := map[bool]string{true: "/data/polnear"}[tt.err == nil]; got != want {
			t.Errorf("%s: check returned %q, want %q", tt.name, got, want)
		}
		if (tb.skipped != "") != tt.skip || (tb.failed != "") != tt.fail {
			t.Errorf("%s: skipped %q, failed %q; want skip %v, fail %v", tt.name, tb.skipped, tb.failed, tt.skip, tt.fail)
		}
		for _, msg := range []string{tb.skipped, tb.failed} {
			if msg != "" && !strings.Contains(msg, missing.Error()) {
				t.Errorf("%s: message %q does not say what is missing", tt.name, msg)
			}
		}
		if tt.skip && !strings.Contains(tb.skipped, RequireEnv) {
			t.Errorf("%s: skip message %q does not say how to make it a failure", tt.name, tb.skipped)
		}
	}
}

func TestModulePath(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		content, want string
	}{
		{"module github.com/whosaid/whosaid\n\ngo 1.26\n", "github.com/whosaid/whosaid"},
		{"// comment\nmodule \"example.com/q\" // trailing\n", "example.com/q"},
		{"go 1.26\n", ""},
	}
	for i, tt := range tests {
		name := filepath.Join(dir, fmt.Sprintf("go%d.mod", i))
		if err := os.WriteFile(name, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := modulePath(name); err != nil || got != tt.want {
			t.Errorf("modulePath(%q) = %q, %v; want %q", tt.content, got, err, tt.want)
		}
	}
	if _, err := modulePath(filepath.Join(dir, "missing.mod")); err == nil {
		t.Error("modulePath of a missing file: no error")
	}
}

func TestCheckFigure(t *testing.T) {
	tests := []struct {
		got  float64
		want string // in the error; "" for none
	}{
		{0.761, ""},
		{0.7581, ""},
		{0.7639, ""},
		{0.7579, "below its floor 0.7580 (measured 0.7610, tolerance 0.0030): a regression"},
		{0.751, "a regression"},
		{0.7641, "above the measured 0.7610 by more than 0.0030"},
		{0.80, "raise the measured figure of this test, and QUALITY.md, to 0.8000"},
	}
	for _, tt := range tests {
		tb := &fakeTB{TB: t}
		CheckFigure(tb, "partial F1", tt.got, 0.761, 0.003)
		if tt.want == "" && tb.errored != "" || !strings.Contains(tb.errored, tt.want) {
			t.Errorf("CheckFigure(%.4f, measured 0.761 ± 0.003): error %q, want one saying %q", tt.got, tb.errored, tt.want)
		}
		if tb.errored != "" && !strings.HasPrefix(tb.errored, "partial F1 = ") {
			t.Errorf("CheckFigure(%.4f): error %q does not name the figure", tt.got, tb.errored)
		}
	}
}
