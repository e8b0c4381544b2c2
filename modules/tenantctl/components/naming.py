"""Pulumi resource names, derived from model keys only, so renames update in place."""

from __future__ import annotations

import re

from tenantctl.model import Channel


def name_slug(text: str) -> str:
    """A resource-name-safe slug of free text (e-mail addresses, channel names)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def channel_key(channel: Channel) -> str:
    """The stable identity of a channel: its key, or a slug of its name."""
    return channel.key or name_slug(channel.name)


def space_name(key: str) -> str:
    """The component name of the team space with this model key."""
    return f"space-{key}"
