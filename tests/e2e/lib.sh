# Sourced by end-to-end scripts: a scratch directory, removed on exit, that
# the script then works in; fail MESSAGE; and no run store taken from the
# environment (a test never writes to the user's).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
unset ACCTSEG_STORE
# XGBoost's OpenMP workers otherwise spin while they wait (learn propensity).
export OMP_WAIT_POLICY=passive
