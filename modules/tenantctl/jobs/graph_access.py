"""The jobs' Graph client, from stack configuration and the environment, and what can fail."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx

from tenantctl.errors import CommandError
from tenantctl.graph import GraphClient, GraphError, GraphSettings, lookup_from, token_source
from tenantctl.graph.settings import ENVIRONMENT, Lookup
from tenantctl.jobs.pulumi_cli import JobError

C = TypeVar("C", bound=GraphClient)

FAILURES = (CommandError, GraphError, httpx.HTTPError, OSError)
"""What ends a command with the error exit code and one line: never a clean report (including
no credential, or one that cannot get a token)."""


def config_lookup(config: dict[str, Any]) -> Lookup:
    """Graph settings from stack configuration (`key: value` or `key: {value, secret}`).

    A secret counts only when the configuration was read with its secrets decrypted (a
    masked "[secret]" is skipped); otherwise credentials come from the environment (OIDC
    in CI). Nothing read here is written anywhere.
    """
    plain: dict[str, Any] = {}
    for key, entry in config.items():
        value = entry.get("value") if isinstance(entry, dict) else entry
        if value is not None and value != "[secret]":
            plain[key] = value
    return lookup_from(plain)


def open_client(config: dict[str, Any], kind: type[C] = GraphClient) -> C:  # type: ignore[assignment]
    """A Graph client (of class `kind`) for the stack's tenant; a `JobError` when no
    credential is usable."""
    lookup = config_lookup(config)
    try:
        settings = GraphSettings.load(lookup)
        return kind(settings, token_source(settings, lookup))
    except ValueError as error:
        raise JobError(f"no usable Graph credential: {error}") from None


def explain(error: Exception) -> str:
    """One line for the job's log: what failed and what to check or grant."""
    if isinstance(error, GraphError) and error.status == 403:
        return f"{error} (fix: {_grant(error.url)})"
    if not isinstance(error, httpx.TransportError):
        return str(error)
    try:
        where = str(error.request.url)
    except RuntimeError:  # raised when the error carries no request
        where = "the tenant"
    return (
        f"cannot reach {where} ({type(error).__name__}: {error}): check graphBaseUrl "
        f"({ENVIRONMENT['graphBaseUrl']}) and sharepointAdminUrl "
        f"({ENVIRONMENT['sharepointAdminUrl']}), and that the network lets this machine reach it"
    )


def _grant(url: str) -> str:
    """What to grant the application for a call Graph refused (403)."""
    from tenantctl.resources.permissions import read_permission

    permission = read_permission(url)
    granted = f"grant the application {permission}" if permission else "grant the permission"
    return f"{granted}; `tenantctl permissions --reads` lists what the jobs read with"
