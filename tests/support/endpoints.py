"""The local tenant's route for an endpoint a resource spec declares (``"POST /groups"``,
``"PATCH /teams/{id}"``, ``"PATCH {admin}/_api/.../sites('{siteId}')"``)."""

from __future__ import annotations

import re

from local_tenant.app import graph_router, root_router
from local_tenant.protocol import normalise_path
from local_tenant.router import Route


def endpoint_route(endpoint: str) -> Route:
    """The route serving ``"METHOD /path"``, its ``{placeholders}`` standing for any value."""
    method, _, path = endpoint.partition(" ")
    path = re.sub(r"\{[^}]*\}", "x", path.replace("{admin}", ""))
    path = normalise_path(path.split("?", 1)[0])
    router = root_router() if path.startswith("/_api/") else graph_router()
    route, _ = router.match(method, path)
    return route
