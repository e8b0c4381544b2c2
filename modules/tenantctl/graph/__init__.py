"""The one Graph client policy: auth, pacing, retry, batching and async operations.

Everything that talks to Graph (resources, drift, export, reports) builds its client here.
"""

from tenantctl.graph.batch import BatchItem, BatchResult
from tenantctl.graph.client import GraphClient, GraphResponse
from tenantctl.graph.credentials import StaticToken, TokenSource, token_source
from tenantctl.graph.errors import AsyncOperationFailed, GraphError, RetryBudgetExhausted
from tenantctl.graph.retry import RetryPolicy
from tenantctl.graph.runner import client_from, run, shared_client
from tenantctl.graph.settings import GraphSettings, Pacing, lookup_from
from tenantctl.graph.stats import ClientStats, RetryEvent

__all__ = [
    "AsyncOperationFailed",
    "BatchItem",
    "BatchResult",
    "ClientStats",
    "GraphClient",
    "GraphError",
    "GraphResponse",
    "GraphSettings",
    "Pacing",
    "RetryBudgetExhausted",
    "RetryEvent",
    "RetryPolicy",
    "StaticToken",
    "TokenSource",
    "client_from",
    "lookup_from",
    "run",
    "shared_client",
    "token_source",
]
