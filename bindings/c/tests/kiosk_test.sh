#!/usr/bin/env bash
# Drives the kiosk example with ticket codes from the demo data: every code is answered, a second
# pass admits nobody, and a forged code is rejected. Usage: kiosk_test.sh KIOSK DEMO_CODES BOXOFFICE
# (BOXOFFICE is the CLI executable; `BOXOFFICE demo PATH` writes the demo data.)
set -euo pipefail
kiosk=$1 codes_tool=$2 boxoffice=$3  # kiosk may be a command line ("valgrind ... kiosk")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$boxoffice" demo "$dir/demo.boxoffice" --orders 300 > /dev/null
"$codes_tool" "$dir/demo.boxoffice" 30 > "$dir/codes"
total=$(wc -l < "$dir/codes")
{ cat "$dir/codes"; echo "FORGED-CODE-0000"; } | $kiosk "$dir/demo.boxoffice" gate-test > "$dir/first"
$kiosk "$dir/demo.boxoffice" gate-test < "$dir/codes" > "$dir/second"

accepted=$(grep -c '^ACCEPT ' "$dir/first" || true)
answered=$(grep -c -E '^(ACCEPT|REJECT) ' "$dir/first" || true)
second_accepted=$(grep -c '^ACCEPT ' "$dir/second" || true)
passed=0 failed=0
check() { if eval "$1"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "kiosk_test: failed: $1" >&2; fi; }
check '[ "$total" -gt 20 ]'
check '[ "$answered" -eq $((total + 1)) ]'
check '[ "$accepted" -gt 0 ]'
check '[ "$second_accepted" -eq 0 ]'
check 'grep -q "^REJECT FORGED-CODE-0000: unknown code" "$dir/first"'
check 'grep -q "already used at" "$dir/second"'
echo "kiosk_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
