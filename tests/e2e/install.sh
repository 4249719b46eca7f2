#!/usr/bin/env bash
# `make install` into a temporary prefix: the installed binary runs alone
# (nothing it needs is left in the build), the installed examples find it
# on PATH and give what the build's binary gives, and the docs are there.
# Usage: install.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL $*"; exit 1; }

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" || fail "cmake --install: $(cat "$work/install.log")"
bin=$work/prefix/bin/acctseg
share=$work/prefix/share/acctseg/examples
[ -x "$bin" ] && "$bin" --version | grep -q '^acctseg ' || fail "no installed binary at $bin"
[ -f "$work/prefix/share/doc/acctseg/cli.md" ] && [ -f "$work/prefix/share/doc/acctseg/README.md" ] ||
  fail "docs not installed"
echo "ok   installed: bin/acctseg, share/doc/acctseg, share/acctseg/examples"

# The build's own files out of reach: the installed binary, its examples.
cd "$work"
env -i PATH="$work/prefix/bin:/usr/bin:/bin" HOME="$work" \
  "$bin" run -q --no-store -p "$share/seed-policy/policy.yaml" -i "$share/data/accounts-10k.csv" -o installed.csv
"$build/acctseg" run -q --no-store --no-cache -p "$share/seed-policy/policy.yaml" -i "$share/data/accounts-10k.csv" -o built.csv
cmp -s installed.csv built.csv || fail "the installed binary's seed run differs from the build's"
env -i PATH="$work/prefix/bin:/usr/bin:/bin" HOME="$work" bash "$share/crunchbase-2013/run.sh" cb.csv
[ "$(wc -l < cb.csv)" -gt 1000 ] || fail "installed crunchbase example wrote $(wc -l < cb.csv) lines"
echo "ok   the installed binary and examples run from PATH alone, as the build's do"
