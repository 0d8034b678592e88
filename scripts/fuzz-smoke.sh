#!/usr/bin/env bash
# Runs every fuzz target of the repository briefly (FUZZTIME each, default
# 3s) and prints a summary. Used by CI; for longer runs see
# docs/robustness.md. A failing target leaves its crasher in the package's
# testdata/fuzz/<Target>/ directory; commit it as a regression seed once fixed.
#
# -fuzzminimizetime 0: by default the fuzzer spends its seconds minimising
# each new input at 0 executions per second, so a 3s smoke ran a few dozen
# inputs; without minimisation it runs tens of thousands. Each target's
# executions are printed, so a smoke that did nothing shows. The corpus the
# fuzzer grows is kept in $(go env GOCACHE)/fuzz: a CI that caches GOCACHE
# keeps it between runs, and each run starts where the last one stopped.
#
#   scripts/fuzz-smoke.sh                 # all targets, 3s each
#   FUZZTIME=60s scripts/fuzz-smoke.sh ./pkg/ingest/cyclonedx
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-3s}"
# A target whose first run spent its time replaying the corpus runs once more,
# for this long (the registry target replays over a thousand seeds: on a busy
# machine that alone has taken more than 20 s).
retrytime="${FUZZ_RETRYTIME:-60s}"
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./pkg/... ./internal/...)

pass=0 fail=0 total=0 failed=()
start=$SECONDS
# go test -list prints the matching names of each package, then "ok <pkg>".
while read -r pkg; do
  targets=$(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' | sort -u || true)
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for t in $targets; do
    printf '%-60s ' "$pkg $t"
    log=$(mktemp)
    note=""
    # fuzz TIME TIMEOUT runs the target once into $log and sets rc: 0 passed,
    # 75 the coordinator's deadline race, else failed. -parallel bounds the
    # workers on small CI machines; timeout catches a target that hangs (the
    # fuzzer's own per-input timeout is 10s).
    fuzz() {
      local before after
      before=$(find "$dir/testdata/fuzz/$t" -type f 2>/dev/null | wc -l)
      timeout "$2" go test -run '^$' -fuzz "^${t}\$" -fuzztime "$1" -fuzzminimizetime 0 -parallel 2 "$pkg" >"$log" 2>&1
      rc=$?
      after=$(find "$dir/testdata/fuzz/$t" -type f 2>/dev/null | wc -l)
      # Go 1.26's fuzz coordinator can report its own -fuzztime deadline as
      # a failure: "context deadline exceeded" at the end of the window, no
      # failing input written (go.dev/issue/75804, fixed in Go 1.27). A real
      # finding always writes its input and says so.
      if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$after" -eq "$before" ] &&
        ! grep -q 'Failing input written' "$log" &&
        grep -A1 -- '^--- FAIL: ' "$log" | tail -1 | grep -q 'context deadline exceeded$'; then
        rc=75
      fi
    }
    fuzz "$fuzztime" 120
    if [ "$rc" -eq 75 ]; then
      note=" after a deadline race"
      fuzz "$fuzztime" 120
    fi
    # The last progress line: "fuzz: elapsed: 3s, execs: 51234 (17077/sec), ..."
    execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    if { [ "$rc" -eq 0 ] || [ "$rc" -eq 75 ]; } && { [ -z "$execs" ] || [ "$execs" -eq 0 ]; }; then
      # -fuzztime includes replaying the kept corpus; on a busy machine a
      # large corpus can take all of it. Give the target one longer run
      # before calling the smoke empty.
      fuzz "$retrytime" 240
      execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    fi
    if [ "$rc" -eq 75 ]; then
      # The race again, on a run that fuzzed and wrote no failing input.
      note=" (Go's fuzztime deadline race, go.dev/issue/75804; no failing input)"
      rc=0
    fi
    if [ "$rc" -ne 0 ]; then
      echo FAIL
      sed 's/^/    /' "$log" | tail -30
      fail=$((fail + 1))
      failed+=("$pkg $t")
    elif [ -z "$execs" ] || [ "$execs" -eq 0 ]; then
      echo "FAIL (no executions)"
      sed 's/^/    /' "$log" | tail -10
      fail=$((fail + 1))
      failed+=("$pkg $t (no executions)")
    else
      echo "ok ($execs execs$note)"
      pass=$((pass + 1))
      total=$((total + execs))
    fi
    rm -f "$log"
  done
done < <(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' "${pkgs[@]}" | grep -v '^$')

echo "fuzz-smoke: $((SECONDS - start))s, fuzztime $fuzztime each"
echo "fuzz-smoke: $pass passed, $fail failed, $total executions"
for f in "${failed[@]}"; do echo "  FAIL $f"; done
[ "$fail" -eq 0 ]
