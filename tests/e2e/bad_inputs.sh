#!/usr/bin/env bash
# Bad input gives a clear message naming file, line (and column where there
# is one) and a documented exit code, and leaves no output file behind.
# Usage: bad_inputs.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
bad=$root/tests/golden/seed-bad
policy=$root/examples/seed-policy/policy.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# expect FILE EXIT_CODE MESSAGE_PATTERN (an extended regex)
expect() {
  local file=$1 code=$2 pattern=$3 out="$work/out.csv" actual=0
  rm -f "$out"
  "$acctseg" run --quiet --policy "$policy" --input "$bad/$file" --output "$out" 2> "$work/stderr" || actual=$?
  local message
  message=$(cat "$work/stderr")
  if [ "$actual" -ne "$code" ]; then
    echo "FAIL $file: exit $actual, expected $code ($message)"
    failed=1
  elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$work/stderr"; then
    echo "FAIL $file: message does not match /$pattern/: $message"
    failed=1
  elif [ "$code" -ne 0 ] && ls "$work" | grep '^out' > /dev/null; then
    echo "FAIL $file: an output file was left behind"
    failed=1
  else
    echo "ok   $file -> exit $code: ${message%%$'\n'*}"
  fi
}

expect unterminated_quote.csv 65 'unterminated_quote\.csv:3:12: .*quote'
expect ragged_row.csv 65 'ragged_row\.csv:4:[0-9]+: .*(16|15)'
expect invalid_utf8.csv 65 'invalid_utf8\.csv:3:17: .*UTF-8'
expect non_integer.csv 65 'non_integer\.csv:5:31: .*"12a".*employees'
expect duplicate_id.csv 65 'duplicate_id\.csv:5: duplicate account_id "A000000001" \(first on line 2\)'
expect missing_column.csv 65 'missing_column\.csv:1: missing column "employees"'
expect empty.csv 65 'empty\.csv: empty file'
expect empty_required_integer.csv 65 'empty_required_integer\.csv:2:33: empty value in column "arr"'
# A value the policy cannot compute with: the step, the account and the line.
expect overflow.csv 65 'policy\.yaml:132:7: compute potential: numeric overflow in .\*. for account_id "A000000003" \(.*overflow\.csv line 4\)$'
expect header_only.csv 65 'header_only\.csv: a header and no rows: no account to segment'
expect does_not_exist.csv 74 'does_not_exist\.csv'
# Spreadsheet leftovers where the policy's columns are required: the
# message says what the row is.
expect blank_rows.csv 65 'blank_rows\.csv:4:10: empty value in column "arr" .*every field of the row is empty: a spreadsheet.s blank row'
expect repeated_header.csv 65 'repeated_header\.csv:4:27: invalid integer "employees" .*the header again: two exports joined'
# ... and where every column may be empty: blank rows and the header again
# stop the run before they are ranked as accounts; a total line is named.
cat > "$work/strings.yaml" <<'YAML'
policy: strings
input:
  key: account
  columns: {account: string, sector: string}
steps:
  - compute:
      big: sector = 'Software'
output: {columns: [account, sector, big]}
YAML
leftover() {  # NAME CONTENT CODE PATTERN (an empty PATTERN: nothing on standard error)
  printf '%b' "$2" > "$work/$1.csv"
  local code=0
  "$acctseg" run -q --no-store -p "$work/strings.yaml" -i "$work/$1.csv" -o "$work/o-$1.csv" 2> "$work/$1.err" || code=$?
  if [ "$code" -eq "$3" ] && { [ -z "$4" ] && [ ! -s "$work/$1.err" ] || grep -Eq -- "$4" "$work/$1.err"; }; then
    echo "ok   $1 -> exit $code: $(head -1 "$work/$1.err")"
  else
    echo "FAIL $1: exit $code, $(cat "$work/$1.err")"; failed=1
  fi
}
leftover excel_blank_rows 'account,sector\na1,Software\n,\n,\na2,Retail\n' 65 \
  "excel_blank_rows\.csv: 2 rows have nothing in any column the policy reads \(lines 3, 4\)"
leftover joined 'account,sector\na1,Software\n\xef\xbb\xbfaccount,sector\na2,Retail\n' 65 \
  'joined\.csv:3: the header again \(account "\\ufeffaccount"\)'
# A file whose bytes say it is in another encoding than it is read in.
leftover utf16 '\xff\xfea\x00,\x00b\x00\n\x00' 65 'utf16\.csv: begins with a UTF-16 byte order mark .*iconv -f utf-16 -t utf-8'
sed 's/^  key: account$/  key: account\n  encoding: windows-1252/' "$work/strings.yaml" > "$work/strings-1252.yaml"
cp "$work/strings.yaml" "$work/strings-utf8.yaml"
cp "$work/strings-1252.yaml" "$work/strings.yaml"
leftover bom_declared_1252 '\xef\xbb\xbfaccount,sector\na1,Soci\xc3\xa9t\xc3\xa9\n' 65 \
  'begins with a UTF-8 byte order mark, but the policy declares encoding: windows-1252: the file is UTF-8; leave out encoding:'
leftover utf8_declared_1252 'account,sector\na1,Software\na2,Soci\xc3\xa9t\xc3\xa9\n' 65 \
  'utf8_declared_1252\.csv:3: the file is UTF-8 \("é" here'
leftover cp1252_declared_1252 'account,sector\na1,Soci\xe9t\xe9 \x80\n' 0 ''
cp "$work/strings-utf8.yaml" "$work/strings.yaml"
# --strict makes a warning stop the run before anything is written.
printf 'account,sector\na1,Software\nTotal,\n' > "$work/strict.csv"
code=0
"$acctseg" run -q --no-store --strict -p "$work/strings.yaml" -i "$work/strict.csv" -o "$work/strict.out" 2> "$work/strict.err" || code=$?
if [ "$code" -eq 65 ] && grep -q '^acctseg: error: --strict: 1 warning stops the run' "$work/strict.err" &&
   grep -q 'the last row.s key is "Total"' "$work/strict.err" && [ ! -e "$work/strict.out" ]; then
  echo "ok   --strict: a warning stops the run, nothing written"
else
  echo "FAIL --strict: exit $code, $(cat "$work/strict.err")"; failed=1
fi
leftover spaces_line 'account,sector\na1,Software\n   \na2,Retail\n' 65 \
  'spaces_line\.csv:3:1: expected 2 fields \(as in the header\), found 1 \(a line of spaces alone: delete it\)'
leftover ctrl_z 'account,sector\na1,Software\n\x1a' 65 \
  'ctrl_z\.csv:3:1: expected 2 fields .*a DOS end-of-file mark, Ctrl-Z, 0x1A: delete it'
leftover totals 'account,sector\na1,Software\nGrand Total (1 record),\n' 0 \
  'totals\.csv line 3: the last row.s key is "Grand Total \(1 record\)": a report.s total line\?'
# The same leftovers in an accounts input without a key: no key is needed
# for a blank row to be no account, or for the header to be repeated.
grep -v '^  key: account$' "$work/strings.yaml" > "$work/strings-keyless.yaml"
cp "$work/strings-keyless.yaml" "$work/strings.yaml"
leftover keyless_blank_rows 'account,sector\na1,Software\n,\n,\na2,Retail\n' 65 \
  "keyless_blank_rows\.csv: 2 rows have nothing in any column the policy reads \(lines 3, 4\)"
leftover keyless_joined 'account,sector\na1,Software\naccount,sector\na2,Retail\n' 65 \
  'keyless_joined\.csv:3: the header again \(account "account"\)'
leftover keyless_totals 'account,sector\na1,Software\nGrand Total,\n' 0 \
  'keyless_totals\.csv line 3: the last row.s key is "Grand Total"'
cp "$work/strings-utf8.yaml" "$work/strings.yaml"
# --allow-empty runs it: the output is the header line alone.
if "$acctseg" run -q --allow-empty --no-store -p "$policy" -i "$bad/header_only.csv" -o "$work/empty.csv" &&
   [ "$(wc -l < "$work/empty.csv")" -eq 1 ] && head -1 "$work/empty.csv" | grep -q '^account_id,'; then
  echo "ok   header_only.csv --allow-empty -> the output's header alone"
else
  echo "FAIL header_only.csv --allow-empty"; failed=1
fi
exit $failed
