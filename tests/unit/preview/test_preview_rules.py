"""What preview-report calls risky, and which property changes it shows."""

from __future__ import annotations

from typing import Any

from tenantctl.preview.plan import parse
from tenantctl.preview.risks import find_risks

PARENT = "urn:pulumi:local::m365-tenant::tenantctl:m365:TeamSpace::space-rh"


def _step(op: str, kind: str, name: str, old: Any = None, new: Any = None) -> dict[str, Any]:
    type_ = f"pulumi-python:dynamic/tenantctl:{kind}"
    urn = f"urn:pulumi:local::m365-tenant::tenantctl:m365:TeamSpace${type_}::{name}"
    step: dict[str, Any] = {"op": op, "urn": urn}
    for key, inputs in (("oldState", old), ("newState", new)):
        if inputs is not None:
            step[key] = {"type": type_, "custom": True, "parent": PARENT, "inputs": inputs}
    return step


def _reasons(*steps: dict[str, Any]) -> list[str]:
    plan = parse({"steps": list(steps)})
    return [risk.reason for risk in find_risks(plan, [])]


def test_values_graph_rewrites_are_not_property_changes() -> None:
    old = {"mail_nickname": "MTL-RH", "visibility": "Private", "owners": ["A@x.fr", "b@x.fr"]}
    new = {"mail_nickname": "mtl-rh", "visibility": "private", "owners": ["b@x.fr", "a@x.fr"]}
    plan = parse({"steps": [_step("update", "Group", "space-rh-group", old, new)]})
    assert plan.changes[0].properties == ()


def test_sharing_towards_more_open_levels_is_risky_in_any_spelling() -> None:
    widened = _step("update", "SiteSharing", "space-rh-site", {"sharing": 0}, {"sharing": "guests"})
    assert _reasons(widened) == ["sharing disabled → guests"]


def test_sharing_narrowed_is_not_risky() -> None:
    old, new = {"sharing": "externalUserSharingOnly"}, {"sharing": "existing_guests"}
    assert _reasons(_step("update", "SiteSharing", "space-rh-site", old, new)) == []


def test_guest_access_turned_on_is_risky_and_turned_off_is_not() -> None:
    on = _step(
        "update",
        "GroupDirectorySettings",
        "space-rh-guest-access",
        {"allow_to_add_guests": False},
        {"allow_to_add_guests": True},
    )
    off = _step(
        "update",
        "GroupDirectorySettings",
        "space-rh-guest-access",
        {"allow_to_add_guests": True},
        {"allow_to_add_guests": False},
    )
    assert _reasons(on) == ["owners may add guests to the group"]
    assert _reasons(off) == []


def test_guest_access_turned_on_for_the_whole_tenant_is_risky() -> None:
    name = "tenant-group-settings"
    opened = _step("create", "TenantGroupSettings", name, new={"allow_to_add_guests": True})
    closed = _step("create", "TenantGroupSettings", name, new={"allow_to_add_guests": False})
    assert _reasons(opened) == ["owners may add guests to any Microsoft 365 group"]
    assert _reasons(closed) == []


def test_adding_an_invited_guest_to_a_team_is_risky_but_not_an_agent() -> None:
    invitation = {
        "op": "same",
        "urn": "urn:pulumi:local::m365-tenant::pulumi-python:dynamic/tenantctl:GuestInvitation::g",
        "oldState": {
            "type": "pulumi-python:dynamic/tenantctl:GuestInvitation",
            "outputs": {"user_id": "guest-id"},
            "inputs": {"email": "g@partner.fr"},
        },
    }
    guest = _step("create", "TeamMember", "space-rh-guest", None, {"user": "GUEST-ID"})
    agent = _step("create", "TeamMember", "space-rh-agent", None, {"user": "agent-id"})
    assert _reasons(invitation, guest, agent) == ["adds guest GUEST-ID to the team"]


def test_deleting_a_channel_is_listed_but_not_loud() -> None:
    channel = _step("delete", "Channel", "space-rh-channel-paie", {"display_name": "Paie"})
    team = _step("delete", "Team", "space-rh-team", {"group_id": "g"})
    assert _reasons(channel, team) == [
        "delete: keeps the team (retain_on_delete defaults to True); otherwise deletes its group"
    ]
