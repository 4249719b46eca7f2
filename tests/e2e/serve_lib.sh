# Sourced by the `acctseg serve` end-to-end scripts, after lib.sh: start
# servers on free ports and talk to them with curl. Every server started
# here is killed when the script exits, whatever the outcome.
#   start_server NAME ARGS...  starts `$acctseg serve ARGS... --listen 127.0.0.1:0`,
#                              logging to NAME.log, waits for its "listening on"
#                              line and sets $base (http[s]://127.0.0.1:PORT) and $server_pid
#   stop_server [SIGNAL]       signals $server_pid (TERM) and waits for it; sets $server_code
#   call METHOD PATH [CURL ARGS...]  the answer's body in $body, its status in $status
#   expect STATUS WHAT         fail unless the last call answered STATUS
#   json EXPR                  evaluates a Python expression over the last body (as `b`)
command -v curl > /dev/null || { echo "SKIP: curl is not installed"; exit 77; }
server_pids=()
stop_all_servers() {
  local pid
  for pid in "${server_pids[@]}"; do kill -9 "$pid" 2> /dev/null || true; done
  for pid in "${server_pids[@]}"; do { wait "$pid"; } 2> /dev/null || true; done
}
trap 'stop_all_servers; rm -rf "$work"' EXIT

start_server() {
  local name=$1
  shift
  # $serve_setup: shell commands for the server's process only (a ulimit).
  (eval "${serve_setup:-}"; exec "$acctseg" serve "$@" --listen 127.0.0.1:0) > "$name.out" 2> "$name.log" &
  server_pid=$!
  server_pids+=("$server_pid")
  local i line
  for i in $(seq 1 600); do
    line=$(grep -m1 -o 'listening on https\?://[0-9.:]*' "$name.log" || true)
    if [ -n "$line" ]; then
      base=${line#listening on }
      return 0
    fi
    kill -0 "$server_pid" 2> /dev/null || { cat "$name.log" >&2; fail "$name: the server exited before listening"; }
    sleep 0.1
  done
  cat "$name.log" >&2
  fail "$name: no 'listening on' line after 60 s"
}

stop_server() {
  kill -"${1:-TERM}" "$server_pid" 2> /dev/null || true
  server_code=0
  # (braces: the shell's "Killed" notice goes to /dev/null too)
  { wait "$server_pid"; } 2> /dev/null || server_code=$?
}

call() {
  local method=$1 path=$2
  shift 2
  status=$(curl -s -o "$work/.body" -w '%{http_code}' -X "$method" "$@" "$base$path" || true)
  body=$(cat "$work/.body" 2> /dev/null || true)
}

expect() {
  [ "$status" = "$1" ] || fail "$2: HTTP $status, expected $1: $body"
}

json() {
  python3 -c 'import json,sys; b=json.loads(sys.stdin.read()); print(eval(sys.argv[1]))' "$1" <<< "$body"
}
