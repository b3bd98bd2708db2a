#!/usr/bin/env bash
# build.sh: everything lasearch needs on a fresh Debian 12 machine, in one step.
#
#   ./build.sh demo   install what is missing, build, index corpus/ and run a
#                     sample query
#   ./build.sh test   install what is missing, build, and run every test: the
#                     plain build, the AddressSanitizer + UBSan build, and the
#                     fuzz targets (clang + libFuzzer)
#   ./build.sh build  install what is missing and build (into build/)
#
# Runs as root or as a user with sudo; installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# What building and the demo need: the compiler and CMake, Xapian,
# utf8proc, jansson, libmicrohttpd (lasearch-serve), libxml2 (HTML) and
# poppler-glib (PDF).
BUILD_PACKAGES=(build-essential cmake pkg-config libxapian-dev libutf8proc-dev
                libjansson-dev libmicrohttpd-dev libxml2-dev libpoppler-glib-dev libcurl4-openssl-dev)
# What only the tests need besides: jq and curl (checks through the real
# binaries and the server), xapian-tools (remote shards), wrk (load), Chromium
# (the page), clang and LLVM (fuzzing), SQLite (the benchmark's smoke run),
# cairo (tests/tools/mkpdf.c makes the PDF fixtures) and poppler-utils
# (pdftotext, the benchmark's PDF peer).
TEST_PACKAGES=(jq curl xapian-tools wrk chromium clang libclang-rt-14-dev llvm
               libsqlite3-dev sqlite3 libcairo2-dev poppler-utils python3)
PACKAGES=("${BUILD_PACKAGES[@]}")
JOBS=$(nproc 2>/dev/null || echo 2)

install_missing() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# build DIR [cmake options...]
build() {
  local dir=$1; shift
  echo "==> building in $dir"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

run_tests() {
  local dir=$1
  echo "==> testing in $dir"
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS"
}

case "${1:-}" in
  demo)
    install_missing
    build build -DLASEARCH_TESTS=OFF
    echo "==> indexing corpus/ into build/index"
    build/lasearch-index --corpus corpus --index build/index
    echo
    echo '==> lasearch-query --index build/index --limit 3 "\"section 75\""'
    build/lasearch-query --index build/index --limit 3 '"section 75"'
    ;;
  test)
    PACKAGES+=("${TEST_PACKAGES[@]}")
    # Node.js and npm for the browser tests (the suite installs
    # playwright-core itself, with npm ci). A Node.js already on PATH is used
    # as it is: NodeSource's bundles npm and conflicts with Debian's npm.
    command -v node >/dev/null || PACKAGES+=(nodejs)
    command -v npm >/dev/null || PACKAGES+=(npm)
    install_missing
    build build -DLASEARCH_TESTS=ON
    run_tests build
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
    # new_delete_type_mismatch=0: Debian 12's libxapian (1.4.22) frees an
    # object of its own with the wrong size inside Database::check(), which
    # lasearch-index --check calls; the report is about Xapian, not us.
    build build-asan -DLASEARCH_SANITIZE=ON -DLASEARCH_TESTS=ON
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_tests build-asan
    # Fuzz targets (clang + libFuzzer, under ASan + UBSan): replay the seeds
    # and every input that ever crashed them, then fuzz each for 8 seconds.
    build build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
          -DLASEARCH_SANITIZE=ON -DLASEARCH_FUZZ=ON
    echo "==> fuzzing in build-fuzz"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-fuzz --output-on-failure -j "$JOBS" -R '^fuzz\.'
    ;;
  build)
    install_missing
    build build
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
