#!/usr/bin/env bash
# Measures `vendorcheck scan` and the format libraries' decode alone on
# generated SBOMs: wall time, user+system CPU and peak RSS from
# /usr/bin/time -v, and allocations reported by scripts/benchdecode.
#
#   scripts/bench.sh                       # 1k 10k 100k 500k, all formats
#   SIZES="1000 100000" FORMATS=cdx-json scripts/bench.sh
#   BENCH_DIR=/tmp/vc-bench scripts/bench.sh   # keep the generated files
#
# docs/performance.md records one run. Go benchmarks of the same: go test
# ./pkg/scan -run '^$' -bench 'Size|LibraryDecode' -benchmem
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="${SIZES:-1000 10000 100000 500000}"
formats="${FORMATS:-cdx-json cdx-xml spdx-json}"
dir="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$dir"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) is needed for peak RSS" >&2; exit 1; }

go build -o "$dir/vendorcheck" ./cmd/vendorcheck
go build -o "$dir/sbomgen" ./internal/testgen/sbomgen/cmd
go build -o "$dir/benchdecode" ./scripts/benchdecode

echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB, $(go version | cut -d' ' -f3-)"
printf '%-10s %7s %-34s %9s %9s %9s %10s %12s\n' format n what "wall s" "cpu s" "RSS MiB" "alloc MB" "allocs"

# measure LABEL CMD...: one run under /usr/bin/time -v.
measure() {
  local label=$1; shift
  local out err
  out=$(mktemp); err=$(mktemp)
  /usr/bin/time -v "$@" >"$out" 2>"$err" || {
    local rc=$?
    # vendorcheck exits 1 on findings; anything else is a failure.
    if [ "$rc" -ne 1 ] || ! grep -q "Exit status: 1" "$err"; then
      echo "bench: $label failed:" >&2; cat "$err" >&2; exit 1
    fi
  }
  local wall cpu rss alloc allocs
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$err")
  cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$err")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$err")
  alloc=$(awk -F'\t' 'NF>=6{print $5}' "$out" | awk '{print $1}')
  allocs=$(awk -F'\t' 'NF>=6{print $6}' "$out" | awk '{print $1}')
  printf '%-10s %7s %-34s %9s %9s %9s %10s %12s\n' "$fmt" "$n" "$label" "$wall" "$cpu" "$rss" "${alloc:--}" "${allocs:--}"
  rm -f "$out" "$err"
}

for fmt in $formats; do
  case $fmt in
    cdx-json) ext=cdx.json; lib=cyclonedx-go-json ;;
    cdx-xml) ext=cdx.xml; lib=cyclonedx-go-xml ;;
    spdx-json) ext=spdx.json; lib=tools-golang-json ;;
    *) echo "bench: unknown format $fmt" >&2; exit 2 ;;
  esac
  for n in $sizes; do
    f="$dir/sbom-$n.$ext"
    [ -s "$f" ] || "$dir/sbomgen" -format "$fmt" -n "$n" -o "$f"
    measure "vendorcheck scan" "$dir/vendorcheck" scan --fail-on never -o json=/dev/null "$f"
    measure "vendorcheck decode (no matching)" "$dir/benchdecode" -lib vendorcheck "$f"
    measure "$lib decode" "$dir/benchdecode" -lib "$lib" "$f"
  done
done
echo "files in $dir"
