# Sourced by scripts that run `acctseg serve` (tests/browser, bench/serve):
# a free loopback port, a token, and a server started in the background that
# is answering /healthz before serve_start returns. The caller owns cleanup:
# it calls serve_stop from its EXIT trap, so the server never outlives it.
#
#   serve_free_port                      -> prints a free TCP port on 127.0.0.1
#   serve_token ACCTSEG NAME SCOPES FILE -> prints a new token, appends its line to FILE
#   serve_start ACCTSEG LOG TIMEOUT_S ARGS... -> sets SERVE_PID, SERVE_URL (from --listen)
#   serve_stop                           -> kills the server (if any) and waits for it

SERVE_PID=
SERVE_URL=

serve_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

serve_token() {
  local acctseg=$1 name=$2 scopes=$3 file=$4
  # Prints the token, then its tokens-file line (which --append adds to FILE).
  "$acctseg" serve token --name "$name" --scopes "$scopes" --append "$file" 2>/dev/null | head -n 1
}

serve_start() {
  local acctseg=$1 log=$2 timeout_s=$3
  shift 3
  local listen="" arg previous=""
  for arg in "$@"; do
    [ "$previous" = "--listen" ] && listen=$arg
    previous=$arg
  done
  SERVE_URL=http://${listen:-127.0.0.1:8080}/
  "$acctseg" serve "$@" >"$log" 2>&1 &
  SERVE_PID=$!
  local deadline=$((SECONDS + timeout_s))
  until curl -fsS -o /dev/null "${SERVE_URL}healthz" 2>/dev/null; do
    if ! kill -0 "$SERVE_PID" 2>/dev/null; then
      echo "acctseg serve exited before answering; its log:" >&2
      cat "$log" >&2
      SERVE_PID=
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "acctseg serve did not answer ${SERVE_URL}healthz within ${timeout_s} s; its log:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.2
  done
}

serve_stop() {
  if [ -n "$SERVE_PID" ]; then
    kill "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
    SERVE_PID=
  fi
}
