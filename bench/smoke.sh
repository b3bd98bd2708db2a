#!/bin/sh
# smoke.sh BENCH WORKDIR: the benchmark's smoke test. A tiny corpus through
# the generator and every engine: the run must succeed (exit 0, which also
# means lasearch and FTS5 found the same paragraphs where they must) and
# print its table; then --formats, which must print its own. No timing is
# checked: tests check correctness, the benchmark reports speed.
bench=$1 work=$2
out=$("$bench" --paragraphs 500 --repeat 2 --batch-rounds 1 --cli-runs 2 \
      --work "$work") || { rc=$?; echo "$out"; echo "smoke: lasearch-bench exited $rc"; exit 1; }
echo "$out"
for row in 'full build (s)' 'index size on disk' 'query latency p99' \
           'one query, command line' 'update 1% of files' 'grouped by council'; do
    echo "$out" | grep -qF "$row" || { echo "smoke: no '$row' in the table"; exit 1; }
done
# With more than one core, lasearch is built with several shards and again
# with one, for the speed-up.
if [ "$(nproc)" -gt 1 ] && ! echo "$out" | grep -qF 'with one shard'; then
    echo "smoke: no one-shard build beside the sharded one"; exit 1
fi
if echo "$out" | grep -q MISMATCH; then
    echo "smoke: lasearch and FTS5 disagree"; exit 1
fi

# --formats on a tiny corpus: it must run and print its table (text and
# HTML always; PDF, and the reading against pdftotext, when mkpdf is built
# and pdftotext installed, else the message saying which is missing). No
# figure is checked.
out=$("$bench" --formats --paragraphs 200 --work "$work") ||
    { rc=$?; echo "$out"; echo "smoke: lasearch-bench --formats exited $rc"; exit 1; }
echo "$out"
for row in 'build throughput (paragraphs/s)' 'build throughput (files/s)' \
           'paragraphs indexed' 'Issue 16 targets'; do
    echo "$out" | grep -qF "$row" || { echo "smoke: no '$row' in the formats table"; exit 1; }
done
if echo "$out" | grep -qF 'PDF left out:'; then
    echo "smoke: PDF part skipped (mkpdf not built)"
else
    echo "$out" | grep -qF 'build throughput (pages/s)' ||
        { echo "smoke: no PDF pages/s in the formats table"; exit 1; }
    if echo "$out" | grep -qF 'pdftotext left out:'; then
        echo "smoke: pdftotext comparison skipped (poppler-utils not installed)"
    else
        echo "$out" | grep -qF 'lasearch, as indexed (worker process)' ||
            { echo "smoke: no reading against pdftotext"; exit 1; }
    fi
fi
