#!/bin/sh
# lasearch-nightly.sh: the nightly loop: fetch what the corpus's
# sources.tsv points at (lasearch-fetch), then bring the index up to date
# with it (lasearch-index --update), reporting what is new for each saved
# search (--alerts). Run by lasearch-nightly.cron or
# lasearch-nightly.service; by hand:
#
#   sh lasearch-nightly.sh [CORPUS [INDEX]]
#
# CORPUS and INDEX default to $LASEARCH_CORPUS and $LASEARCH_INDEX, else
# /srv/lasearch/corpus and /srv/lasearch/index. The programs are looked for
# in $LASEARCH_BINDIR (default /usr/local/bin). Extra options for each go
# in $LASEARCH_FETCH_ARGS and $LASEARCH_INDEX_ARGS (e.g. "--quiet", or
# "--contact webmaster@example.org" for the fetcher).
#
# Saved searches: $LASEARCH_ALERTS names their file (default
# /etc/lasearch/alerts.tsv; one a line, NAME<TAB>QUERY; keep it outside
# the corpus). When it exists, the update reports, for each saved search,
# the paragraphs it added or changed that match (cron mails it; with
# "--quiet" in $LASEARCH_INDEX_ARGS, only when something matched). A bad
# line in it stops the update (exit 2) with FILE:LINE, before anything is
# written: fix it and the next night catches up.
#
# Exit status: 0 all fetched and indexed; 1 done, but some pages failed to
# fetch or some files were skipped by the indexer (both listed on stderr);
# 2 error (the fetch could not run, or the index could not be updated: it
# is then left as it was); 75 another lasearch-fetch or lasearch-index held
# the corpus or the index.
set -u
bindir=${LASEARCH_BINDIR:-/usr/local/bin}
corpus=${1:-${LASEARCH_CORPUS:-/srv/lasearch/corpus}}
index=${2:-${LASEARCH_INDEX:-/srv/lasearch/index}}
alerts=${LASEARCH_ALERTS:-/etc/lasearch/alerts.tsv}

# shellcheck disable=SC2086  # the extra options are words on purpose
"$bindir/lasearch-fetch" --corpus "$corpus" ${LASEARCH_FETCH_ARGS:-}
fetched=$?
case $fetched in
  0|1) ;;   # 1: some pages failed; what was fetched is whole: index it
  75)
    # Another fetch is still at it (a slow night, or someone by hand): its
    # own run updates the index when it is done.
    echo "lasearch-nightly: another lasearch-fetch is running on $corpus; not updating" >&2
    exit 75 ;;
  *)
    echo "lasearch-nightly: lasearch-fetch failed (status $fetched); the index is left as it was" >&2
    exit 2 ;;
esac

# --wait: someone running lasearch-index by hand is waited for, not failed.
# "$@" holds --alerts FILE when there are saved searches.
if [ -e "$alerts" ]; then set -- --alerts "$alerts"; else set --; fi
# shellcheck disable=SC2086
"$bindir/lasearch-index" --update --wait 3600 --corpus "$corpus" --index "$index" \
  "$@" ${LASEARCH_INDEX_ARGS:-}
indexed=$?
[ "$indexed" -ne 0 ] && exit "$indexed"
exit "$fetched"
