#!/usr/bin/env bash
# `acctseg serve` runs on jemalloc where the build found it, and on glibc's
# malloc with ACCTSEG_SERVE_MALLOC=glibc (apps/acctseg/startup_allocator.h);
# either way it answers; and a preload the user set is left as it is.
# Usage: serve_allocator.sh ACCTSEG JEMALLOC_PATH ("" when the build has none)
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
jemalloc=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
source "$root/tests/e2e/serve_lib.sh"
[ -d /proc/self ] || { echo "SKIP: no /proc to read a process's libraries from"; exit 77; }
head -201 "$root/examples/data/accounts-10k.csv" > accounts.csv
writer=$("$acctseg" serve token --name loader --scopes read,write --append tokens.txt 2> /dev/null | head -1)
args=(-p "$root/examples/live/policy.yaml" -i accounts=accounts.csv --tokens tokens.txt)

maps_jemalloc() { grep -q 'libjemalloc' "/proc/$server_pid/maps"; }

start_server default "${args[@]}" --data-dir data1
call GET /healthz
expect 200 "healthz on the default allocator"
if [ -n "$jemalloc" ]; then
  maps_jemalloc || fail "the build found $jemalloc, but the server did not load it"
else
  ! maps_jemalloc || fail "the build has no jemalloc, but the server loaded one"
fi
call POST /v1/events -H "Authorization: Bearer $writer" \
  -d "{\"account_id\":\"$(sed -n 2p accounts.csv | cut -d, -f1)\",\"set\":{\"employees\":9000}}"
expect 200 "an event on the default allocator"
stop_server

ACCTSEG_SERVE_MALLOC=glibc start_server glibc "${args[@]}" --data-dir data2
call GET /healthz
expect 200 "healthz on glibc's malloc"
! maps_jemalloc || fail "ACCTSEG_SERVE_MALLOC=glibc, but the server loaded jemalloc"
stop_server

# A preload the user set is theirs: jemalloc is not put in its place.
# (Any library the binary loads anyway will do as the user's.)
# (awk reads ldd to its end: leaving early could stop ldd with SIGPIPE,
# which under pipefail ended this script without a word, now and then.)
user_preload=$(ldd "$acctseg" | awk '/libsodium/ && !found { found = $3 } END { print found }')
if [ -n "$jemalloc" ] && [ -n "$user_preload" ]; then
  LD_PRELOAD=$user_preload start_server user "${args[@]}" --data-dir data3
  call GET /healthz
  expect 200 "healthz with the user's preload"
  ! maps_jemalloc || fail "jemalloc was preloaded over the user's LD_PRELOAD"
  tr '\0' '\n' < "/proc/$server_pid/environ" | grep -qx "LD_PRELOAD=$user_preload" ||
    fail "the user's LD_PRELOAD is not the server's"
  stop_server
fi
echo "PASS"
