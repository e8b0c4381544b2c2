"""Pulumi resources for what pulumi-azuread lacks, backed by the Graph client.

Each kind is one module of `specs/` (its Args, its `SPEC` and its Pulumi class, e.g.
`tenantctl.resources.specs.group.Group`), run by one generic dynamic provider
(`provider.GraphProvider`); `registry` finds the kinds there.
"""

from tenantctl.resources.permissions import required_permissions

__all__ = ["required_permissions"]
