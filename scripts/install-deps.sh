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
  curl openssl  # tests: the serve end-to-end scripts talk HTTP(S) (tests/e2e/serve_*.sh)
  python3
  clang libclang-rt-14-dev  # make fuzz: libFuzzer and its sanitizer runtimes
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
