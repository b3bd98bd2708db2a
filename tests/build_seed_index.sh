#!/usr/bin/env bash
# build_seed_index.sh: the index of the seed corpus that the cases share.
set -eu
rm -rf "$LASEARCH_SEED_INDEX"
"$LASEARCH_BIN/lasearch-index" --quiet --corpus "$LASEARCH_SRC/corpus" \
  --index "$LASEARCH_SEED_INDEX"
