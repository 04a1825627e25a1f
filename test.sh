#!/usr/bin/env bash
# Runs whosaid's tests: unit tests, then each fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
go test -count=1 ./... 2>&1 | tee "$log"
passed=$(grep -c '^ok' "$log" || true)
# Fuzz targets: a short run each, seed corpora included.
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    if ! out=$(go test -run '^$' -fuzz "^${f}\$" -fuzztime "${FUZZTIME:-10s}" "$pkg" 2>&1); then
      echo "$out"; echo "fuzz $pkg $f: FAILED"; exit 1
    fi
    echo "fuzz $pkg $f: ok"
  done
done
echo "packages: $passed passed, 0 failed"
