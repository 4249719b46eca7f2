#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, living entirely in
# DIR (cluster, unix socket, log, password); no system service is touched.
#
#   scripts/pg-test-server.sh start DIR   # initdb if needed, start, print the URI
#   scripts/pg-test-server.sh uri DIR     # print postgresql://acctseg:<pw>@127.0.0.1:<port>/acctseg
#   scripts/pg-test-server.sh stop DIR    # stop it (nothing to do is fine)
#
# The server listens on 127.0.0.1 on a free port, with password (SCRAM)
# authentication for user "acctseg", database "acctseg". PostgreSQL refuses
# to run as root, so under root the server runs as the unprivileged system
# user acctseg-pg (created if missing) and DIR is handed to that user.
# ACCTSEG_PG_FSYNC=off trades durability for speed (default on).
set -euo pipefail

usage() { echo "usage: $0 start|stop|uri DIR" >&2; exit 64; }
[ $# -eq 2 ] || usage
command=$1
dir=$2

pg_bin=""
for candidate in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
  if [ -x "$candidate/initdb" ]; then pg_bin=$candidate; break; fi
done
[ -n "$pg_bin" ] || { echo "pg-test-server: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 69; }

run_as=()
if [ "$(id -u)" -eq 0 ]; then
  pg_user=acctseg-pg
  if ! id -u "$pg_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_user"
  fi
  run_as=(runuser -u "$pg_user" --)
fi

data=$dir/data
socket=$dir/socket
password_file=$dir/password
port_file=$dir/port

pg() { (cd "$dir" && "${run_as[@]}" "$pg_bin/$1" "${@:2}"); }

is_running() { [ -f "$data/PG_VERSION" ] && pg pg_ctl -D "$data" status >/dev/null 2>&1; }

print_uri() {
  [ -f "$password_file" ] && [ -f "$port_file" ] || { echo "pg-test-server: no server in $dir (run start first)" >&2; exit 69; }
  echo "postgresql://acctseg:$(cat "$password_file")@127.0.0.1:$(cat "$port_file")/acctseg"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  data=$dir/data socket=$dir/socket password_file=$dir/password port_file=$dir/port
  if is_running; then print_uri; return; fi
  if [ ${#run_as[@]} -gt 0 ]; then
    chown -R "$pg_user" "$dir"
    if ! "${run_as[@]}" test -w "$dir"; then
      echo "pg-test-server: $pg_user cannot reach $dir (a parent directory is private); use a directory under /tmp" >&2
      exit 73
    fi
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    (umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > "$password_file")
    if [ ${#run_as[@]} -gt 0 ]; then chown "$pg_user" "$password_file"; fi
    pg initdb -D "$data" -U acctseg --pwfile="$password_file" --auth=scram-sha-256 \
      -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 70; }
  fi
  mkdir -p "$socket"
  if [ ${#run_as[@]} -gt 0 ]; then chown "$pg_user" "$socket"; fi
  local fsync=${ACCTSEG_PG_FSYNC:-on}
  for attempt in 1 2 3 4 5; do
    local port
    port=$(free_port)
    if pg pg_ctl -D "$data" -l "$dir/server.log" -w -t 60 \
         -o "-p $port -k $socket -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=40" \
         start >/dev/null; then
      echo "$port" > "$port_file"
      break
    fi
    [ "$attempt" -eq 5 ] && { tail -20 "$dir/server.log" >&2; exit 70; }
  done
  if ! PGPASSWORD=$(cat "$password_file") pg psql -h 127.0.0.1 -p "$port" -U acctseg -d postgres -Atqc \
       "SELECT 1 FROM pg_database WHERE datname = 'acctseg'" | grep -q 1; then
    PGPASSWORD=$(cat "$password_file") pg createdb -h 127.0.0.1 -p "$port" -U acctseg acctseg
  fi
  print_uri
}

stop() {
  [ -d "$dir" ] || return 0
  if is_running; then pg pg_ctl -D "$data" -m fast -w -t 60 stop >/dev/null; fi
}

case $command in
  start) start ;;
  stop) stop ;;
  uri) print_uri ;;
  *) usage ;;
esac
