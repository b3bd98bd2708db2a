#!/usr/bin/env bash
# npm_setup.sh: install playwright-core (exactly as serve/e2e/package-lock.json
# says, with npm ci) into the build directory, for the browser tests. Runs
# npm only when the lock file changed since the last install.
set -eu
src=$LASEARCH_SRC/serve/e2e
dst=$SERVE_E2E
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "chromium is not installed: the browser tests will be skipped, nothing to install"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "npm is not installed: apt-get install nodejs npm" >&2
  exit 1
fi
mkdir -p "$dst"
cp "$src/package.json" "$src/package-lock.json" "$dst/"
stamp=$dst/node_modules/.lasearch-package-lock.json
if [ -f "$stamp" ] && cmp -s "$stamp" "$src/package-lock.json"; then
  echo "playwright-core is installed (package-lock.json unchanged)"
  exit 0
fi
(cd "$dst" && npm ci --no-audit --no-fund --loglevel=error)
cp "$src/package-lock.json" "$stamp"
