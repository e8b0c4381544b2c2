"""Pulumi resource names, derived from model keys only, so renames update in place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenantctl.model import Channel


@dataclass(frozen=True)
class ComponentType:
    """A component type: its Pulumi type token, how reports name it, and the prefix of the
    names its components get (`<prefix><model key>`)."""

    kind: str
    label: str
    prefix: str

    @property
    def token(self) -> str:
        """The Pulumi type token, `tenantctl:m365:<kind>`."""
        return f"tenantctl:m365:{self.kind}"

    def name(self, key: str) -> str:
        """The resource name of the component of this type with model key `key`."""
        return f"{self.prefix}{key}"


def name_slug(text: str) -> str:
    """A resource-name-safe slug of free text (e-mail addresses, channel names)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def channel_key(channel: Channel) -> str:
    """The stable identity of a channel: its key, or a slug of its name."""
    return channel.key or name_slug(channel.name)
