#!/usr/bin/env bash
# Keeps the release from rotting: checks .goreleaser.yaml, makes an offline
# snapshot release (no signing, no image, nothing published) and checks
# what it made: an archive per OS and architecture, checksums.txt that
# matches them, a CycloneDX SBOM per binary, version stamps in the binary,
# and the GitHub Action's install script (scripts/action-install.sh)
# installing from the snapshot and refusing a tampered archive.
#
# goreleaser and cyclonedx-gomod are built from the versions pinned in
# tools/go.mod into $(go env GOPATH)/bin, once: a stamp of tools/go.sum
# says when they must be rebuilt.
#
#   scripts/release-check.sh          # what CI runs
#   make release                      # the same
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "release-check: $*" >&2; exit 1; }

gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$PATH"
stamp="$gobin/.vendorcheck-tools"
want_stamp="$(sha256sum tools/go.sum | cut -d' ' -f1)"
if [ ! -x "$gobin/goreleaser" ] || [ ! -x "$gobin/cyclonedx-gomod" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want_stamp" ]; then
  echo "== building goreleaser and cyclonedx-gomod (tools/go.mod)"
  start=$(date +%s)
  (cd tools && go install github.com/goreleaser/goreleaser/v2 github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod)
  echo "$want_stamp" > "$stamp"
  echo "built in $(( $(date +%s) - start ))s"
fi
goreleaser --version | head -n 3 || true

# The snapshot is made in a clone of HEAD: it checks exactly what is
# committed, and the clone has the origin remote goreleaser reads.
commit="$(git rev-parse HEAD)"
repo="$PWD"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone -q --no-checkout "$repo" "$tmp/src"
git -C "$tmp/src" checkout -q --detach "$commit"
cd "$tmp/src"

echo "== goreleaser check"
goreleaser check

echo "== snapshot release (offline: no signing, image or publishing)"
start=$(date +%s)
goreleaser release --snapshot --clean --skip=sign,docker,publish
echo "snapshot in $(( $(date +%s) - start ))s"

version="$(grep -o '"version":"[^"]*"' dist/metadata.json | sed -n 1p | cut -d'"' -f4)"
[ -n "$version" ] || fail "no version in dist/metadata.json"

echo "== checking dist/ (version $version)"
n=0
for os in linux darwin windows; do
  for arch in amd64 arm64; do
    ext=tar.gz
    [ "$os" = windows ] && ext=zip
    a="vendorcheck_${version}_${os}_${arch}.${ext}"
    s="vendorcheck_${version}_${os}_${arch}.cdx.json"
    [ -s "dist/$a" ] || fail "missing archive dist/$a"
    [ -s "dist/$s" ] || fail "missing SBOM dist/$s"
    grep -q " $a\$" dist/checksums.txt || fail "$a is not in checksums.txt"
    grep -q " $s\$" dist/checksums.txt || fail "$s is not in checksums.txt"
    grep -q '"bomFormat": *"CycloneDX"' "dist/$s" || fail "$s is not a CycloneDX document"
    grep -q '"name": *"github.com/vendorcheck/vendorcheck"' "dist/$s" || fail "$s does not describe vendorcheck"
    # (the JSON writes & as \u0026)
    grep -Eq "pkg:golang/github.com/spf13/cobra@[^\"]*goarch=${arch}(&|\\\\u0026)goos=${os}" "dist/$s" || fail "$s does not list the modules of the ${os}/${arch} build"
    n=$((n + 1))
  done
done
(cd dist && sha256sum --quiet -c checksums.txt) || fail "checksums.txt does not match dist/"
echo "$n archives and SBOMs, checksums.txt matches"

bin="$(ls dist/vendorcheck_linux_amd64*/vendorcheck | head -n 1)"
[ -x "$bin" ] || fail "no linux/amd64 binary in dist/"
out="$("$bin" --version)"
echo "$out"
grep -qx "vendorcheck $version" <<<"$out" || fail "--version does not print version $version"
grep -qx "commit: $commit" <<<"$out" || fail "--version does not print commit $commit"
grep -q '^date: 20[0-9][0-9]-' <<<"$out" || fail "--version does not print the commit date"

# vendorcheck reads its own SBOM: a CycloneDX document with no component
# from a restricted vendor.
"$bin" scan --fail-on warn -q "dist/vendorcheck_${version}_linux_amd64.cdx.json" || fail "vendorcheck scan of its own SBOM exited $?"
# (into a file, not a pipe: grep -q stops reading at its first match, and
# under pipefail the report's next write would fail the step with SIGPIPE)
"$bin" scan -o json="$tmp/own.json" "dist/vendorcheck_${version}_linux_amd64.cdx.json" || fail "vendorcheck scan -o json of its own SBOM exited $?"
grep -q '"format": *"cyclonedx-json"' "$tmp/own.json" || fail "its own SBOM was not read as CycloneDX JSON"

echo "== the Action's install script against the snapshot"
mkdir -p "$tmp/good" "$tmp/bad/v$version"
ln -s "$PWD/dist" "$tmp/good/v$version"
run_install() { # base dir, install dir, extra env...
  local base="$1" dir="$2"
  shift 2
  env RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$tmp" GITHUB_PATH="$tmp/path" \
    VC_VERSION="v$version" VC_RELEASE_BASE="file://$base" VC_INSTALL_DIR="$dir" "$@" \
    bash scripts/action-install.sh
}
run_install "$tmp/good" "$tmp/bin" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "install from the snapshot failed"; }
grep -q "commit: $commit" "$tmp/log" || fail "the installed binary is not this commit's"
grep -qx "$tmp/bin" "$tmp/path" || fail "the install dir was not added to GITHUB_PATH"
a="vendorcheck_${version}_linux_amd64.tar.gz"
sum="$(grep " $a\$" dist/checksums.txt | cut -d' ' -f1)"
run_install "$tmp/good" "$tmp/bin2" VC_SHA256="$sum" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "install with the right sha256 failed"; }
if run_install "$tmp/good" "$tmp/bin3" VC_SHA256=0000 >"$tmp/log" 2>&1; then fail "install accepted a wrong sha256 input"; fi
grep -q "does not match the sha256 input" "$tmp/log" || { cat "$tmp/log"; fail "wrong sha256: unexpected error"; }
cp dist/checksums.txt "$tmp/bad/v$version/"
cp "dist/$a" "$tmp/bad/v$version/"
printf 'tampered' >> "$tmp/bad/v$version/$a"
if run_install "$tmp/bad" "$tmp/bin4" >"$tmp/log" 2>&1; then fail "install accepted a tampered archive"; fi
grep -q "does not match checksums.txt" "$tmp/log" || { cat "$tmp/log"; fail "tampered archive: unexpected error"; }
[ ! -e "$tmp/bin4/vendorcheck" ] || fail "a tampered archive was unpacked"
echo "install: snapshot ok, sha256 pin ok, wrong pin refused, tampered archive refused"
if [ "${CI:-}" != true ]; then
  rm -rf "$repo/dist"
  cp -R dist "$repo/dist"
  echo "release-check: ok (the snapshot is in dist/)"
else
  echo "release-check: ok"
fi
