#!/usr/bin/env bash
# The README's first command on a fresh machine runs scripts/demo: this runs
# that script end to end (all but serving, which serve_cli_test covers) with
# this build's parley on a small sample, so a flag or path it uses cannot
# drift from the CLI unnoticed.
#   tests/demo_script_test.sh PARLEY OUT_DIR   (from the source tree's root)
set -euo pipefail
parley=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
if ! PARLEY="$parley" PARLEY_DEMO_SERVE=0 PARLEY_DEMO_DIR="$out" scripts/demo 4000 \
     >"$out/stdout" 2>"$out/stderr"; then
  echo "scripts/demo failed:" >&2
  tail -20 "$out/stderr" >&2
  exit 1
fi
fail() {
  echo "demo_script_test: $*" >&2
  exit 1
}
# Every step ran, in order, and said what it ran.
steps=$(grep -o '^+ [^ ]* [a-z]*' "$out/stderr" | awk '{print $3}' | tr '\n' ' ')
[[ $steps == "synth ingest synth report report terms alerts " ]] || fail "steps run: '$steps'"
# The store holds every post synthesized: accepted + rejected = read, none rejected.
grep -q 'read 4,000 records from 1 input: 4,000 accepted .* + 0 rejected' "$out/stderr" \
  || fail "ingest summary: $(grep -m1 'read ' "$out/stderr")"
# The terminal report and the HTML one, about the demo's brands.
grep -q 'Demo: Skyloft Air and competitors' "$out/stdout" || fail "no report on stdout"
grep -q '<html' "$out/report.html" || fail "report.html is not HTML"
grep -q 'Skyloft' "$out/report.html" || fail "report.html does not name the demo's brand"
# What Skyloft Air's negative posts say.
grep -q "what the negative posts say more than the others, in .*: brand=skyloft" "$out/stdout" \
  || fail "no key terms on stdout"

echo "demo_script_test: ok"
