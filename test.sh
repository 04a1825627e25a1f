#!/usr/bin/env bash
# Runs whosaid's tests: unit tests, then each fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
go test -count=1 ./... 2>&1 | tee "$log"
passed=$(grep -c '^ok' "$log" || true)
# Fuzz targets: a short run each, seed corpora included.
fuzz() { go test -run '^$' -fuzz "^${2}\$" -fuzztime "${FUZZTIME:-10s}" "$1" 2>&1; }
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    # Go 1.26's fuzz coordinator can report its own -fuzztime deadline as a
    # failure, with no failing input (go.dev/issue/75804, fixed in Go 1.27;
    # seen here on one or two targets of a run): that case is run again, at
    # most twice. A failing input, or any other failure, fails at once.
    for try in 1 2 3; do
      if out=$(fuzz "$pkg" "$f"); then break; fi
      if [ "$try" = 3 ] || grep -q 'Failing input written' <<<"$out" || ! grep -q 'context deadline exceeded' <<<"$out"; then
        echo "$out"; echo "fuzz $pkg $f: FAILED"; exit 1
      fi
      echo "fuzz $pkg $f: run again after the fuzz coordinator's deadline race (go.dev/issue/75804)"
    done
    echo "fuzz $pkg $f: ok"
  done
done
echo "packages: $passed passed, 0 failed"
