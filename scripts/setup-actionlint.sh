#!/usr/bin/env bash
# Provide actionlint (the GitHub Actions workflow checker) in .engine/bin, built from the
# version tools/actionlint/go.mod pins (go.sum checks the modules).
#
# Idempotent and cached like setup-engine.sh: the build lives under
# ${XDG_CACHE_HOME:-$HOME/.cache}/tenantctl-actionlint/<key>/, where <key> hashes go.mod,
# go.sum, the Go version and the build flags; a later set-up only links it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/tools/actionlint"
bin_dir="$root/.engine/bin"

log() { printf 'setup-actionlint: %s\n' "$*" >&2; }

if command -v go >/dev/null 2>&1; then
    go_bin="$(command -v go)"
elif [[ -x /usr/local/go/bin/go ]]; then
    go_bin=/usr/local/go/bin/go
else
    log "error: no Go toolchain to build actionlint"
    exit 1
fi

pinned="$(awk '$1 == "require" && $2 == "github.com/rhysd/actionlint" { print $3 }' "$src/go.mod")"
build_flags=(-trimpath -buildvcs=false -ldflags "-s -w")
cache_key="$(
    {
        "$go_bin" env GOVERSION
        echo "${build_flags[*]}"
        sha256sum "$src/go.mod" "$src/go.sum" | cut -d' ' -f1
    } | sha256sum | cut -c1-16
)"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/tenantctl-actionlint"
cache_dir="$cache_root/$cache_key"

link() {
    mkdir -p "$bin_dir"
    touch "$cache_dir/.complete"
    ln -sfn "$cache_dir/actionlint" "$bin_dir/actionlint.tmp.$$"
    mv -Tf "$bin_dir/actionlint.tmp.$$" "$bin_dir/actionlint"
    echo "actionlint: $pinned ($1 $cache_key) -> .engine/bin"
    exit 0
}

[[ -f "$cache_dir/.complete" ]] && link cached
mkdir -p "$cache_root"
exec 9>"$cache_root/.lock-$cache_key"
flock 9
[[ -f "$cache_dir/.complete" ]] && link cached

staging="$(mktemp -d "$cache_root/.build-$cache_key.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
(
    cd "$src"
    GOFLAGS="-mod=readonly" "$go_bin" build "${build_flags[@]}" -o "$staging/actionlint" \
        github.com/rhysd/actionlint/cmd/actionlint
)
"$staging/actionlint" -version >/dev/null
rm -rf "$cache_dir"
mv -T "$staging" "$cache_dir"
trap - EXIT
link built
