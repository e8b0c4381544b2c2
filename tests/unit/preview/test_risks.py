"""What preview-report calls risky, and which property changes it shows."""

from __future__ import annotations

from typing import Any

from pulumi.runtime.rpc import UNKNOWN

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


def test_an_azuread_group_shows_its_own_changed_inputs() -> None:
    # pulumi-azuread 6.x's Group has the short kind of the toolkit's Graph Group, not its spec.
    type_ = "azuread:index/group:Group"
    urn = f"urn:pulumi:local::m365-tenant::tenantctl:m365:TeamSpace${type_}::space-rh-group"
    old = {"displayName": "Équipe RH", "owners": ["id-a", "id-b"], "visibility": "Private"}
    new = {"displayName": "Équipe RH d'été", "owners": ["id-b", "id-a"], "visibility": "Private"}
    step = {
        "op": "update",
        "urn": urn,
        "oldState": {"type": type_, "custom": True, "parent": PARENT, "inputs": old},
        "newState": {"type": type_, "custom": True, "parent": PARENT, "inputs": new},
    }
    (change,) = parse({"steps": [step]}).changes
    assert [(p.name, p.before, p.after) for p in change.properties] == [
        ("displayName", "Équipe RH", "Équipe RH d'été"),
        ("owners", ["id-a", "id-b"], ["id-b", "id-a"]),
    ]


def _invitation(kind: str, outputs: dict[str, str], inputs: dict[str, str]) -> dict[str, Any]:
    """An invitation already made: the Graph layer's GuestInvitation or azuread's Invitation."""
    type_ = (
        "pulumi-python:dynamic/tenantctl:GuestInvitation"
        if kind == "GuestInvitation"
        else "azuread:index/invitation:Invitation"
    )
    state = {"type": type_, "outputs": outputs, "inputs": inputs}
    urn = f"urn:pulumi:local::m365-tenant::{type_}::g"
    return {"op": "same", "urn": urn, "oldState": state, "newState": state}


def test_a_guest_let_into_a_private_channel_is_risky_with_either_group_provider() -> None:
    invitations = (
        _invitation("GuestInvitation", {"user_id": "guest-id"}, {"email": "g@partner.fr"}),
        _invitation("Invitation", {"userId": "guest-id"}, {"userEmailAddress": "g@partner.fr"}),
    )
    old = {"display_name": "Contrat", "membership_type": "private", "members": ["a@x.fr"]}
    new = {**old, "members": ["a@x.fr", "guest-id"]}
    added = _step("update", "Channel", "space-rh-channel-contrat", old, new)
    unchanged = _step("update", "Channel", "space-rh-channel-contrat", new, {**new, "owners": []})
    for invitation in invitations:
        assert _reasons(invitation, added) == ["adds guest guest-id to channel 'Contrat'"]
        assert _reasons(invitation, unchanged) == []


def test_a_guest_invited_by_the_same_change_into_a_channel_is_risky() -> None:
    for type_, inputs in (
        ("pulumi-python:dynamic/tenantctl:GuestInvitation", {"email": "g@partner.fr"}),
        ("azuread:index/invitation:Invitation", {"userEmailAddress": "g@partner.fr"}),
    ):
        invitation = {
            "op": "create",
            "urn": f"urn:pulumi:local::m365-tenant::{type_}::g",
            "newState": {"type": type_, "inputs": inputs},
        }
        channel = _step(
            "create",
            "Channel",
            "space-rh-channel-contrat",
            None,
            {"display_name": "Contrat", "members": ["a@x.fr", UNKNOWN]},
        )
        assert _reasons(invitation, channel) == [
            "invites g@partner.fr as a guest",
            "adds a guest invited by this change to channel 'Contrat'",
        ]
