"""Provider-neutral descriptions of directory objects the components ask for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pulumi

GroupKind = Literal["unified", "security"]


@dataclass(frozen=True)
class DesiredGroup:
    """A group as the model wants it, whichever provider creates it."""

    display_name: str
    mail_nickname: str
    description: str
    kind: GroupKind
    owners: tuple[str, ...]
    members: tuple[str, ...] = ()
    membership_rule: str | None = None
    visibility: Literal["private", "public"] = "private"
    guest_ids: tuple[pulumi.Input[str], ...] = ()
    """Invited guests who are members too, by object id (known once they are invited)."""
    protect: bool = False
    """Refuse to delete or replace the group (it holds a team's content)."""
    adopt_id: str | None = None
    """The existing group to adopt (Graph layer; azuread adopts through `pulumi import`)."""

    @property
    def group_types(self) -> list[str]:
        """Graph groupTypes: Unified for Microsoft 365 groups, DynamicMembership for rules."""
        types = ["Unified"] if self.kind == "unified" else []
        return [*types, "DynamicMembership"] if self.membership_rule else types

    @property
    def mail_enabled(self) -> bool:
        return self.kind == "unified"

    @property
    def security_enabled(self) -> bool:
        return self.kind == "security"


@dataclass(frozen=True)
class DesiredLicence:
    """A licence assigned to a group, resolved to ids."""

    sku_id: str
    disabled_plan_ids: tuple[str, ...]


@dataclass(frozen=True)
class DesiredGuest:
    """An external guest to invite."""

    email: str
    display_name: str
    redirect_url: str = "https://myapps.microsoft.com"
    adopt_id: str | None = None
