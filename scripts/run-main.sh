#!/usr/bin/env bash
# The main job: start the embedded local tenant, give it the people the stack names, and
# `pulumi up` the stack for real on the local file backend. A second run reports no changes.
#   STACK=local (default, the demo) | city (the real-size city_metropolis) | any stack whose
#   graphBaseUrl is the local tenant. Each stack other than local keeps its own local tenant
#   in .local-tenant-<stack>, so two stacks never manage the same tenant-wide settings.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pulumi-env.sh

stack="${STACK:-local}"
default_data=.local-tenant
[[ "$stack" == local ]] || default_data=".local-tenant-$stack"
data="${LOCAL_TENANT_DATA:-$default_data}"
port="${LOCAL_TENANT_PORT:-8765}"

mkdir -p "$data"
data="$(cd "$data" && pwd)"  # absolute, whether LOCAL_TENANT_DATA was given relative or not
rm -f "$data/server.json"
tenantctl local-tenant serve --data "$data" --port "$port" --users 0 >"$data/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    [[ -s "$data/server.json" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log" >&2; exit 1; }
    sleep 0.1
done
[[ -s "$data/server.json" ]] || { echo "local tenant did not start" >&2; exit 1; }
export TENANTCTL_CA_BUNDLE="$data/tls/cert.pem"

pulumi stack select --create "$stack" --non-interactive
tenantctl validate "$(pulumi config get description --stack "$stack")"
tenantctl seed-local "$(pulumi config get description --stack "$stack")" --data "$data"
source scripts/engine-env.sh "$stack"
pulumi up --yes --non-interactive --stack "$stack"
# Once `pulumi up` has licensed the agents, give their mailboxes a usage for the migration report.
tenantctl seed-local "$(pulumi config get description --stack "$stack")" --data "$data"
echo
echo "The local tenant holds the stack '$stack'. Browse it with a token from:"
echo "  .venv/bin/tenantctl local-tenant token --data $data"
