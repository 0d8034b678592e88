#!/usr/bin/env bash
# Installs vendorcheck for the GitHub Action (action.yml), without touching
# the job's Go toolchain or PATH beyond adding the one binary's directory.
#
# Release mode (the default): downloads the release archive for this
# runner's OS and architecture and checks it against the release's
# checksums.txt (and against VC_SHA256 when given) before unpacking.
# Source mode (VC_BUILD_FROM_SOURCE=true, for forks): builds the action's
# own checkout with the runner's go command; GOTOOLCHAIN=auto fetches the
# Go version go.mod names into the module cache, so the job's go stays as
# it was.
#
# Environment:
#   VC_VERSION            release tag (v1.2.3); empty: the action's ref when
#                         it is a release tag
#   VC_ACTION_REF         the ref the workflow pinned the action to
#   VC_REPOSITORY         owner/name whose releases to download
#   VC_SHA256             optional: the archive's expected sha256
#   VC_BUILD_FROM_SOURCE  "true" to build from source
#   VC_ACTION_PATH        the action's checkout (source mode)
#   VC_RELEASE_BASE       optional: base URL of the release downloads
#                         (default https://github.com/$VC_REPOSITORY/releases/download);
#                         the tests point it at a local snapshot build
#   VC_INSTALL_DIR        where to put the binary (default $RUNNER_TEMP/vendorcheck-bin)
#   RUNNER_OS, RUNNER_ARCH  set by GitHub Actions
set -euo pipefail

die() { echo "vendorcheck action: $*" >&2; exit 2; }

dir="${VC_INSTALL_DIR:-${RUNNER_TEMP:?}/vendorcheck-bin}"
mkdir -p "$dir"
exe=vendorcheck
case "${RUNNER_OS:-Linux}" in
  Linux) os=linux ;;
  macOS) os=darwin ;;
  Windows) os=windows; exe=vendorcheck.exe ;;
  *) die "unsupported runner OS ${RUNNER_OS}" ;;
esac

if [ "${VC_BUILD_FROM_SOURCE:-false}" = true ]; then
  command -v go >/dev/null || die "build-from-source needs a go command on the runner (GitHub-hosted runners have one; else add actions/setup-go before this step)"
  src="${VC_ACTION_PATH:?}"
  pkg=github.com/vendorcheck/vendorcheck/internal/cli
  commit="$(git -C "$src" rev-parse HEAD 2>/dev/null || true)"
  date="$(git -C "$src" log -1 --format=%cI 2>/dev/null || true)"
  (cd "$src" && GOTOOLCHAIN=auto CGO_ENABLED=0 GOBIN="$dir" go install -trimpath \
      -ldflags "-X $pkg.version=${VC_ACTION_REF:-} -X $pkg.commit=$commit -X $pkg.date=$date" ./cmd/vendorcheck)
else
  case "${RUNNER_ARCH:-X64}" in
    X64) arch=amd64 ;;
    ARM64) arch=arm64 ;;
    *) die "unsupported runner architecture ${RUNNER_ARCH}; set build-from-source: true" ;;
  esac
  tag="${VC_VERSION:-}"
  if [ -z "$tag" ]; then
    if [[ "${VC_ACTION_REF:-}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
      tag="$VC_ACTION_REF"
    else
      die "set the version input to a release tag (v1.2.3) when the action is pinned to a branch or commit (${VC_ACTION_REF:-no ref}), or set build-from-source: true"
    fi
  fi
  [[ "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.+-]*$ ]] || die "version ${tag}: want a release tag such as v1.2.3"
  ext=tar.gz
  [ "$os" = windows ] && ext=zip
  archive="vendorcheck_${tag#v}_${os}_${arch}.${ext}"
  base="${VC_RELEASE_BASE:-https://github.com/${VC_REPOSITORY:-vendorcheck/vendorcheck}/releases/download}/${tag}"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/checksums.txt" || die "cannot download $base/checksums.txt"
  curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$archive" || die "cannot download $base/$archive"
  if command -v sha256sum >/dev/null; then
    sum="$(sha256sum "$tmp/$archive" | cut -d' ' -f1)"
  else
    sum="$(shasum -a 256 "$tmp/$archive" | cut -d' ' -f1)"
  fi
  want="$(awk -v f="$archive" '$2 == f || $2 == "*"f { print $1 }' "$tmp/checksums.txt")"
  [ -n "$want" ] || die "$archive is not in the release's checksums.txt"
  [ "$sum" = "$want" ] || die "$archive: sha256 $sum does not match checksums.txt ($want)"
  if [ -n "${VC_SHA256:-}" ] && [ "$sum" != "$VC_SHA256" ]; then
    die "$archive: sha256 $sum does not match the sha256 input ($VC_SHA256)"
  fi
  if [ "$ext" = zip ]; then
    unzip -q -o "$tmp/$archive" "$exe" -d "$dir"
  else
    tar -xzf "$tmp/$archive" -C "$dir" "$exe"
  fi
fi
chmod +x "$dir/$exe"
"$dir/$exe" version
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dir" >> "$GITHUB_PATH"
fi
