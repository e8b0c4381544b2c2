"""The msgraph-sdk `GraphServiceClient` on a toolkit `GraphClient`'s own httpx client: typed
SDK calls through the same retry, pacing and auth layers, for tests that drive the client as
the SDK would. The toolkit itself makes only JSON calls."""

from __future__ import annotations

from kiota_abstractions.authentication import AnonymousAuthenticationProvider
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient

from tenantctl.graph import GraphClient


def sdk_on(client: GraphClient) -> GraphServiceClient:
    """An SDK client whose requests go through CLIENT's transport stack, to its base URL."""
    adapter = GraphRequestAdapter(AnonymousAuthenticationProvider(), client=client.http)
    adapter.base_url = client.settings.base_url
    return GraphServiceClient(request_adapter=adapter)
