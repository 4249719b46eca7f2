# Sourced by the examples' scripts: sets `acctseg` to the binary they run:
# $ACCTSEG when set; else the source tree's build (ROOT/build/acctseg);
# else an acctseg on PATH (make install). With none, says what to do and
# exits 1.
#   find_acctseg ROOT
find_acctseg() {
  if [ -n "${ACCTSEG:-}" ]; then
    acctseg=$ACCTSEG
  elif [ -x "$1/build/acctseg" ]; then
    acctseg=$1/build/acctseg
  else
    acctseg=$(command -v acctseg || true)
  fi
  if [ -z "$acctseg" ] || [ ! -x "$acctseg" ]; then
    echo "no acctseg binary (${acctseg:-none at $1/build/acctseg or on PATH}): run 'make build'," \
      "'make install', or set ACCTSEG" >&2
    exit 1
  fi
}
