#!/usr/bin/env bash
# Installs the Debian packages acctseg needs to build, test and benchmark.
# Idempotent: packages already present are skipped without touching apt.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libpqxx-dev libpq-dev postgresql libzstd-dev libxxhash-dev
  libpsl-dev  # DOMAIN(): the public suffix list (src/quality/domain.cc)
  libxgboost-dev libeigen3-dev  # acctseg learn (src/learn/): boosted trees, linear algebra
  coinor-libcbc-dev  # territories (src/territory/): the exact MIP and its proven bound
  libcpp-httplib-dev libsodium-dev  # acctseg serve (src/server/): HTTP (+ TLS by OpenSSL), tokens
  libjemalloc2  # acctseg serve runs on jemalloc (apps/acctseg/startup_allocator.h)
  curl openssl  # tests: the serve end-to-end scripts talk HTTP(S) (tests/e2e/serve_*.sh)
  python3
  clang libclang-rt-14-dev  # make fuzz: libFuzzer and its sanitizer runtimes
  chromium  # the dashboard's browser test (tests/browser/)
)
# npm fetches the dashboard's ECharts (embedded at build time) and the
# browser test's playwright-core (web/package.json). A node already on the
# PATH (nodesource, nvm) is used as it is.
command -v node >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# web/node_modules, exactly as web/package-lock.json pins it; skipped when the
# lock file has not changed since the last install. Retried: the registry is
# the network. The browser test uses Debian's Chromium, so playwright
# downloads no browser.
web=$(cd "$(dirname "$0")/../web" && pwd)
stamp=$web/node_modules/.acctseg-package-lock.json
if cmp -s "$web/package-lock.json" "$stamp"; then
  echo "install-deps: web/node_modules matches web/package-lock.json"
  exit 0
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
for attempt in 1 2 3; do
  if npm ci --prefix "$web" --no-audit --no-fund; then
    cp "$web/package-lock.json" "$stamp"
    exit 0
  fi
  echo "install-deps: npm ci failed (attempt $attempt of 3)" >&2
  sleep $((attempt * 5))
done
exit 1
