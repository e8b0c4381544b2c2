#!/usr/bin/env bash
# Provide the Pulumi engine in .engine/bin: the `pulumi` CLI, the Python language host
# `pulumi-language-python`, and the two Python helper scripts the host and the engine
# launch: the SDK's `pulumi-language-python-exec` and the project's own
# `pulumi-resource-pulumi-python` (scripts/, it runs tenantctl's dynamic provider host).
# The engine looks for the latter next to the real `pulumi` binary and warns on every run
# when the one on PATH is another, so it is installed into the build, not linked from scripts/.
#
# Idempotent and cached. In order of preference:
#   1. a `pulumi` of exactly the pinned version on PATH with `pulumi-language-python`,
#      `pulumi-language-python-exec` and a copy of the project's provider launcher next to
#      it is linked as is;
#   2. a build cached under ${XDG_CACHE_HOME:-$HOME/.cache}/tenantctl-engine/<key>/,
#      where <key> hashes everything the build depends on (engine/go.mod, engine/go.sum,
#      the language host sources, the provider launcher, the Go version and the build flags);
#   3. otherwise the engine is built from engine/ with `go build -trimpath` (modules
#      from the Go module proxy or the module cache) into that cache directory.
# See docs/engine.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
engine_src="$root/engine"
bin_dir="$root/.engine/bin"
helper_scripts=(pulumi-language-python-exec pulumi-resource-pulumi-python)
provider_launcher="$root/scripts/pulumi-resource-pulumi-python"

log() { printf 'setup-engine: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

pinned_version="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$engine_src/go.mod")"
[[ -n "$pinned_version" ]] || die "no github.com/pulumi/pulumi/pkg/v3 requirement in engine/go.mod"

mkdir -p "$bin_dir"

link_into_bin() { # link_into_bin SOURCE_DIR: point .engine/bin at the engine files in SOURCE_DIR
    local src_dir="$1" name
    for name in pulumi pulumi-language-python "${helper_scripts[@]}"; do
        [[ -x "$src_dir/$name" ]] || die "$src_dir/$name is missing"
        ln -sfn "$src_dir/$name" "$bin_dir/$name.tmp.$$"
        mv -Tf "$bin_dir/$name.tmp.$$" "$bin_dir/$name"
    done
}

# --- 1. A matching installation already on PATH --------------------------------------
# (.engine/bin itself is skipped so that a sourced pulumi-env.sh does not count.)
if path_pulumi="$(command -v pulumi 2>/dev/null)"; then
    path_dir="$(cd "$(dirname "$(readlink -f "$path_pulumi")")" && pwd)"
    if [[ "$path_dir" != "$bin_dir" && "$(dirname "$path_pulumi")" != "$bin_dir" ]] \
        && [[ -x "$path_dir/pulumi-language-python" ]]; then
        path_version="$(PULUMI_SKIP_UPDATE_CHECK=true "$path_pulumi" version 2>/dev/null || true)"
        if [[ "$path_version" == "$pinned_version" ]]; then
            have_scripts=1
            [[ -x "$path_dir/pulumi-language-python-exec" ]] || have_scripts=0
            cmp -s "$provider_launcher" "$path_dir/pulumi-resource-pulumi-python" || have_scripts=0
            if [[ "$have_scripts" == 1 ]]; then
                link_into_bin "$path_dir"
                echo "engine: pulumi $pinned_version from PATH ($path_dir) -> .engine/bin"
                exit 0
            fi
            log "pulumi $pinned_version on PATH lacks pulumi-language-python-exec or the project's provider launcher; building instead"
        fi
    fi
fi

# --- 2./3. Cached or fresh build -----------------------------------------------------
if command -v go >/dev/null 2>&1; then
    go_bin="$(command -v go)"
elif [[ -x /usr/local/go/bin/go ]]; then
    go_bin=/usr/local/go/bin/go
else
    die "no pulumi $pinned_version on PATH and no Go toolchain to build one (see docs/engine.md)"
fi
go_version="$("$go_bin" env GOVERSION)"
version_ldflag="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pinned_version"
build_flags=(-trimpath -buildvcs=false -ldflags "-s -w $version_ldflag")

cache_key="$(
    cd "$engine_src"
    {
        echo "$go_version ${build_flags[*]}"
        sha256sum go.mod go.sum
        sha256sum < "$provider_launcher"
        find . -name '*.go' -type f -print0 | sort -z | xargs -0 sha256sum
    } | sha256sum | cut -c1-16
)"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/tenantctl-engine"
cache_dir="$cache_root/$cache_key"

use_cached_build() {
    touch "$cache_dir/.complete" # records the last use, for pruning
    link_into_bin "$cache_dir"
    echo "engine: pulumi $pinned_version (cached build $cache_key) -> .engine/bin"
    exit 0
}

[[ -f "$cache_dir/.complete" ]] && use_cached_build

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock-$cache_key"
flock 9 # one build per key at a time; a waiting run then finds the finished build
[[ -f "$cache_dir/.complete" ]] && use_cached_build

log "building pulumi $pinned_version and the Python language host with $go_version (cold builds take several minutes)"
started=$SECONDS
staging="$(mktemp -d "$cache_root/.build-$cache_key.XXXXXX")"
chmod 0755 "$staging"
trap 'rm -rf "$staging"' EXIT

(
    cd "$engine_src"
    export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"
    # Fetch every module up front: in parallel this takes seconds, where the build's own
    # one-by-one fetching takes minutes. A no-op when the module cache is warm.
    "$go_bin" mod download
    "$go_bin" build "${build_flags[@]}" -o "$staging/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    "$go_bin" build "${build_flags[@]}" -o "$staging/pulumi-language-python" ./cmd/pulumi-language-python
    # The program runner ships inside the pinned SDK module; copy it, never commit it.
    sdk_dir="$("$go_bin" list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
    [[ -n "$sdk_dir" && -d "$sdk_dir" ]] || { echo "pulumi sdk module not in the module cache" >&2; exit 1; }
    install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$staging/"
    install -m 0755 "$provider_launcher" "$staging/"
)

built_version="$("$staging/pulumi" version)"
[[ "$built_version" == "$pinned_version" ]] || die "built pulumi reports $built_version, expected $pinned_version"
touch "$staging/.complete"
rm -rf "$cache_dir"
mv -T "$staging" "$cache_dir"
trap - EXIT

link_into_bin "$cache_dir"

# Drop builds of other pins that no set-up has used for 30 days.
for old_dir in "$cache_root"/*/; do
    old_dir="${old_dir%/}"
    [[ "$old_dir" == "$cache_dir" ]] && continue
    if [[ -z "$(find "$old_dir/.complete" -mtime -30 2>/dev/null)" ]]; then
        rm -rf "$old_dir" "$cache_root/.lock-$(basename "$old_dir")"
    fi
done

echo "engine: pulumi $pinned_version (built $cache_key in $((SECONDS - started))s) -> .engine/bin"
