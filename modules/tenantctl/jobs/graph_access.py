"""The jobs' Graph client, from stack configuration and the environment, and what can fail."""

from __future__ import annotations

from typing import Any

import httpx

from tenantctl.graph import GraphClient, GraphError, client_from, lookup_from
from tenantctl.graph.settings import Lookup
from tenantctl.jobs.pulumi_cli import JobError

FAILURES = (JobError, GraphError, httpx.HTTPError, OSError)
"""What ends a job with the error exit code: never a clean report."""


def config_lookup(config: dict[str, Any]) -> Lookup:
    """Graph settings from stack configuration (`key: value` or `key: {value, secret}`).

    Secrets are never taken from here: credentials come from the environment (OIDC in CI).
    """
    plain: dict[str, Any] = {}
    for key, entry in config.items():
        value = entry.get("value") if isinstance(entry, dict) else entry
        secret = isinstance(entry, dict) and entry.get("secret")
        if value is not None and not secret and value != "[secret]":
            plain[key] = value
    return lookup_from(plain)


def open_client(config: dict[str, Any]) -> GraphClient:
    """A Graph client for the stack's tenant; a `JobError` when no credential is usable."""
    try:
        return client_from(config_lookup(config))
    except ValueError as error:
        raise JobError(f"no usable Graph credential: {error}") from None
