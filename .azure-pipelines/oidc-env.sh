# shellcheck shell=bash
# Source inside an AzureCLI@2 task with addSpnToEnvironment: the service connection's
# federated token for tenantctl (workload identity) and for the azuread provider.
token_file="$(mktemp)"
printf '%s' "$idToken" >"$token_file"
export AZURE_FEDERATED_TOKEN_FILE="$token_file"
export AZURE_CLIENT_ID="$servicePrincipalId"  # the service connection's identity
export ARM_CLIENT_ID="$servicePrincipalId"
export AZURE_TENANT_ID="$tenantId"
export ARM_USE_OIDC=true
export ARM_OIDC_TOKEN="$idToken"
export PULUMI_BACKEND_URL AZURE_STORAGE_ACCOUNT
