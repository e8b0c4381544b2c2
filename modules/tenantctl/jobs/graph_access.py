"""The jobs' Graph client, from stack configuration and the environment."""

from __future__ import annotations

from typing import Any, TypeVar

from tenantctl.graph import GraphClient, GraphSettings, lookup_from, token_source
from tenantctl.graph.credentials import CredentialError
from tenantctl.graph.settings import Lookup
from tenantctl.jobs.pulumi_cli import JobError
from tenantctl.stack.config import problems

C = TypeVar("C", bound=GraphClient)


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
    secrets = [
        key for key, entry in config.items() if isinstance(entry, dict) and entry.get("secret")
    ]
    found = problems(plain, secrets)
    if found:
        raise JobError("; ".join(found))
    return lookup_from(plain)


def open_client(config: dict[str, Any], kind: type[C] = GraphClient) -> C:  # type: ignore[assignment]
    """A Graph client (of class `kind`) for the stack's tenant; a `JobError` when no
    credential is usable."""
    lookup = config_lookup(config)
    try:
        settings = GraphSettings.load(lookup)
        return kind(settings, token_source(settings, lookup))
    except CredentialError:
        raise  # it names the setting to give, and how
    except ValueError as error:
        raise JobError(f"no usable Graph credential: {error}") from None
