"""From nothing to the first run: the deployment and read-only identities of a tenant's
pipelines, declared with pulumi-azuread by the program in `bootstrap/`."""
