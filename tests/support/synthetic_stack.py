"""Drift tests' helpers: a stack state made without the engine (resources created by the
Graph providers as a `pulumi up` would, recorded as `pulumi stack export` prints them), and
what one `tenantctl drift` run gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import Result
from pulumi.dynamic import Config, ConfigureRequest

from tenantctl.resources.provider import GraphProvider
from tests.support.local_tenant_fixture import LocalTenantHandle

PROJECT = "m365-tenant"
STACK = "drift"
PREFIX = "TST"
DYNAMIC = "pulumi-python:dynamic/tenantctl:"
SPACE = "tenantctl:m365:TeamSpace"
LICENCE = "tenantctl:m365:LicenceGroup"
PARTNER = "tenantctl:m365:Partner"
STACK_TYPE = "pulumi:pulumi:Stack"


def _urn(type_: str, name: str) -> str:
    return f"urn:pulumi:{STACK}::{PROJECT}::{type_}::{name}"


@dataclass
class SyntheticStack:
    """Team spaces created through the providers, and the state a deployment would hold."""

    tenant: LocalTenantHandle
    path: Path
    resources: list[dict[str, Any]] = field(default_factory=list)

    def provider(self, kind: str) -> GraphProvider:
        provider = GraphProvider(kind)
        config = {
            f"{PROJECT}:graphBaseUrl": self.tenant.base_url,
            f"{PROJECT}:sharepointAdminUrl": self.tenant.root_url,
            f"{PROJECT}:accessToken": self.tenant.token(),
            f"{PROJECT}:credential": "token",
        }
        provider.configure(ConfigureRequest(Config(config, PROJECT)))
        return provider

    def add(self, kind: str, name: str, parent: str, inputs: dict[str, Any]) -> dict[str, Any]:
        """Create one resource; record it; its outputs."""
        provider = self.provider(kind)
        checked = provider.check({}, inputs).inputs
        created = provider.create(checked)
        self.resources.append(
            {
                "urn": _urn(f"{_component_of(parent)}{DYNAMIC}{kind}", name),
                "custom": True,
                "type": f"{DYNAMIC}{kind}",
                "id": created.id,
                "inputs": checked,
                "outputs": created.outs,
                "parent": parent,
            }
        )
        return {"id": created.id, **(created.outs or {})}

    def team_space(
        self,
        key: str,
        people: list[str],
        template_channels: Sequence[str] = (),
        guests: Sequence[str] = (),
    ) -> None:
        """A team space as the TeamSpace component declares it (group, team, settings,
        two channels, guest access off, site sharing off); TEMPLATE_CHANNELS are created
        with the team by its body, as a template's channels are; GUESTS (user ids) are
        members of its group, as a partner space's are."""
        parent = _urn(SPACE, f"space-{key}")
        self.resources.append({"urn": parent, "custom": False, "type": SPACE})
        group = self.add(
            "Group",
            f"space-{key}-group",
            parent,
            {
                "display_name": f"Space {key}",
                "mail_nickname": f"{PREFIX}-{key}",
                "description": f"Space {key}",
                "owners": people[:2],
                "members": [*people[2:4], *guests],
            },
        )
        team = self.add(
            "Team",
            f"space-{key}-team",
            parent,
            {"group_id": group["id"], "body": _team_body(f"Space {key}", template_channels)},
        )
        self.add(
            "TeamSettings",
            f"space-{key}-settings",
            parent,
            {"team_id": team["id"], "fun_settings": {"allow_giphy": False}},
        )
        for channel in ("Planning", "Suivi"):
            self.add(
                "Channel",
                f"space-{key}-channel-{channel.lower()}",
                parent,
                {"team_id": team["id"], "display_name": channel, "membership_type": "standard"},
            )
        self.add(
            "GroupDirectorySettings",
            f"space-{key}-guest-access",
            parent,
            {"group_id": group["id"], "allow_to_add_guests": False},
        )
        self.add("SiteSharing", f"space-{key}-site", parent, {"group_id": group["id"]})

    def guest_review(self, key: str, duration_days: int = 14) -> str:
        """Team space KEY's review of its guests, as PartnerSpace declares it; its id."""
        group = self.id_of(f"space-{key}-group")
        inputs = {
            "group_id": group,
            "display_name": f"Invités — Space {key}",
            "duration_days": duration_days,
        }
        return str(
            self.add("GuestAccessReview", f"space-{key}-guest-review", _space(key), inputs)["id"]
        )

    def id_of(self, name: str) -> str:
        """The id of the declared resource NAME."""
        return next(str(r["id"]) for r in self.resources if r["urn"].endswith(f"::{name}"))

    def channel(self, key: str, name: str, kind: str, owners: list[str], members: list[str]) -> str:
        """A private or shared channel with its roster in team space KEY; its id."""
        channel = self.add(
            "Channel",
            f"space-{key}-channel-{kind}",
            _urn(SPACE, f"space-{key}"),
            {
                "team_id": self.id_of(f"space-{key}-team"),
                "display_name": name,
                "membership_type": kind,
                "owners": owners,
                "members": members,
            },
        )
        return str(channel["id"])

    def licence_group(self, key: str, sku: str, members: list[str]) -> str:
        """A static security group with a group-based licence, as LicenceGroup declares it;
        the group's id."""
        parent = _urn(LICENCE, f"licence-{key}")
        self.resources.append({"urn": parent, "custom": False, "type": LICENCE})
        inputs = {
            "display_name": f"Licence {key}",
            "mail_nickname": f"{PREFIX}-LIC-{key}",
            "kind": "security",
            "members": members,
        }
        group = self.add("Group", f"licence-{key}-group", parent, inputs)
        licence = {"group_id": group["id"], "sku": sku}
        self.add("GroupLicence", f"licence-{key}-licence", parent, licence)
        return str(group["id"])

    def partner(self, key: str, tenant_id: str) -> None:
        """A partner organisation's cross-tenant access entry."""
        parent = _urn(PARTNER, f"partner-{key}")
        self.resources.append({"urn": parent, "custom": False, "type": PARTNER})
        self.add("CrossTenantPartner", f"partner-{key}-access", parent, {"tenant_id": tenant_id})

    def tenant_wide(self, kind: str, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
        """A resource declared outside any component (its parent is the stack)."""
        return self.add(kind, name, _urn(STACK_TYPE, f"{PROJECT}-{STACK}"), inputs)

    def export(self) -> Path:
        """Write the state as `pulumi stack export` would."""
        stack = {"urn": _urn(STACK_TYPE, f"{PROJECT}-{STACK}"), "custom": False}
        document = {"version": 3, "deployment": {"resources": [stack, *self.resources]}}
        self.path.write_text(json.dumps(document))
        return self.path


def _space(key: str) -> str:
    return _urn(SPACE, f"space-{key}")


def _component_of(parent: str) -> str:
    """The type chain a child's URN starts with: its component's type and `$`; none for a
    resource of the stack itself."""
    type_ = parent.split("::")[2] if parent.count("::") == 3 else STACK_TYPE
    return "" if type_ == STACK_TYPE else f"{type_}$"


def _team_body(name: str, channels: Sequence[str]) -> dict[str, Any]:
    return {
        "template@odata.bind": "https://graph.microsoft.com/v1.0/teamsTemplates('standard')",
        "displayName": name,
        "visibility": "private",
        **({"channels": [{"displayName": c} for c in channels]} if channels else {}),
    }


def people(tenant: LocalTenantHandle) -> list[str]:
    """UPNs of four seeded members, in a stable order."""
    users = tenant.admin.graph("GET", "/users?$select=userPrincipalName,userType&$top=100")
    found = [u for u in users["value"] if u.get("userType") != "Guest"]
    return sorted(str(u["userPrincipalName"]) for u in found)[:4]


@dataclass(frozen=True)
class DriftRun:
    """One `tenantctl drift` run: its exit code, Markdown (stdout) and JSON report."""

    result: Result
    report: dict[str, Any]

    @property
    def code(self) -> int:
        return self.result.exit_code

    @property
    def drifted(self) -> set[tuple[str, str]]:
        return {(item["object"], item["property"]) for item in self.report["drift"]}


RunDrift = Callable[..., DriftRun]
