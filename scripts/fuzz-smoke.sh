#!/usr/bin/env bash
# Runs every fuzz target of the repository briefly (FUZZTIME each, default
# 3s) and prints a summary. Used by CI; for longer runs see
# docs/robustness.md. A failing target leaves its crasher in the package's
# testdata/fuzz/<Target>/ directory; commit it as a regression seed once fixed.
#
#   scripts/fuzz-smoke.sh                 # all targets, 3s each
#   FUZZTIME=60s scripts/fuzz-smoke.sh ./pkg/ingest/cyclonedx
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-3s}"
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./pkg/... ./internal/...)

pass=0 fail=0 failed=()
start=$SECONDS
# go test -list prints the matching names of each package, then "ok <pkg>".
while read -r pkg; do
  targets=$(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' | sort -u || true)
  for t in $targets; do
    printf '%-60s ' "$pkg $t"
    log=$(mktemp)
    # -parallel bounds the workers on small CI machines; timeout catches a
    # target that hangs (the fuzzer's own per-input timeout is 10s).
    if timeout 120 go test -run '^$' -fuzz "^${t}\$" -fuzztime "$fuzztime" -parallel 2 "$pkg" >"$log" 2>&1; then
      echo ok
      pass=$((pass + 1))
    else
      echo FAIL
      sed 's/^/    /' "$log" | tail -30
      fail=$((fail + 1))
      failed+=("$pkg $t")
    fi
    rm -f "$log"
  done
done < <(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' "${pkgs[@]}" | grep -v '^$')

echo "fuzz-smoke: $((SECONDS - start))s, fuzztime $fuzztime each"
echo "fuzz-smoke: $pass passed, $fail failed"
for f in "${failed[@]}"; do echo "  FAIL $f"; done
[ "$fail" -eq 0 ]
