# shellcheck shell=bash
# Source this file (`source scripts/pulumi-env.sh`) to run the project's Pulumi engine
# offline on a local file backend. Values already set in the environment win, except
# the switches that keep the CLI off the network, which are always on. See docs/engine.md.

_tenantctl_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"

# The engine built by scripts/setup-engine.sh, then the project's virtualenv.
case ":$PATH:" in
*":$_tenantctl_root/.engine/bin:"*) ;;
*) PATH="$_tenantctl_root/.engine/bin:$PATH" ;;
esac
case ":$PATH:" in
*":$_tenantctl_root/.venv/bin:"*) ;;
*) PATH="$_tenantctl_root/.venv/bin:$PATH" ;;
esac
export PATH

# Never ask the network: no update check, no plugin downloads, no package registry
# look-ups, no version check from the Automation API.
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true

# Plugins, credentials and workspace settings stay inside the project.
export PULUMI_HOME="${PULUMI_HOME:-$_tenantctl_root/.state/pulumi-home}"

# Local file state backend (never Pulumi Cloud) unless one is chosen explicitly. The file
# backend writes each checkpoint atomically (temporary file, then rename) but rewrites its
# ".attrs" metadata sidecar in place, so a CLI killed at that moment leaves an empty sidecar
# and every later command fails with "failed to load checkpoint: EOF"; `metadata=skip`
# writes no sidecars (nothing reads them for state).
if [[ -z "${PULUMI_BACKEND_URL:-}" ]]; then
    export PULUMI_BACKEND_URL="file://$_tenantctl_root/.state/backend?metadata=skip"
fi
if [[ "$PULUMI_BACKEND_URL" == file://* ]]; then
    _tenantctl_state="${PULUMI_BACKEND_URL#file://}"
    mkdir -p "${_tenantctl_state%%\?*}"
    unset _tenantctl_state
fi
mkdir -p "$PULUMI_HOME"

# Local stacks encrypt their secrets with a passphrase. This well-known default is for
# local, throw-away stacks only; set PULUMI_CONFIG_PASSPHRASE (or _FILE) for real ones.
if [[ -z "${PULUMI_CONFIG_PASSPHRASE:-}" && -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
    export PULUMI_CONFIG_PASSPHRASE="tenantctl-local-only"
fi

unset _tenantctl_root
