"""The bootstrap program: the deployment and read-only identities of the tenant's pipelines
(see docs/production.md). Run once by an administrator, before the first `pulumi up`."""

from __future__ import annotations

import pulumi

from tenantctl.bootstrap.identities import declare
from tenantctl.bootstrap.permissions import PermissionsError, computed
from tenantctl.bootstrap.settings import IDENTITIES, NAMESPACE, SettingsError, read_settings

config = pulumi.Config(NAMESPACE)
try:
    settings = read_settings(
        {
            key: config.get_object(key)
            if key in ("github", "azureDevOps", "owners")
            else config.get(key)
            for key in ("description", "groupProvider", "name", "owners", "github", "azureDevOps")
        }
    )
    grants = {identity: computed(settings, identity) for identity in IDENTITIES}
except (SettingsError, PermissionsError) as error:
    raise pulumi.RunError(str(error)) from None

declare(settings, grants)
