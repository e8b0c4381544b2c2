"""Check: inputs Graph would refuse fail before any request, naming kind, object and property."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from tenantctl.resources import engine
from tenantctl.resources.registry import spec_of

TEMPLATE = "https://graph.microsoft.com/v1.0/teamsTemplates('standard')"


def failures(kind: str, **props: Any) -> dict[str, str]:
    _, found = engine.check(spec_of(kind), props)
    return dict(found)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Budget #2", "contains characters Teams refuses: '#'"),
        ("Plans/Drafts", "contains characters Teams refuses: '/'"),
        ("x" * 51, "51 characters long"),
        ("General", "is a name Teams reserves"),
        ("CON", "is a name Teams reserves"),
        ("_hidden", "starts with '_'"),
        ("Notes.", "ends with '.'"),
        ("a..b", "'..'"),
        ("", "is required"),
    ],
)
def test_channel_names_teams_refuses_are_caught(name: str, reason: str) -> None:
    found = failures("Channel", team_id="t1", display_name=name)
    assert reason in found["display_name"]
    assert found["display_name"].startswith("Channel ")


def test_a_good_channel_name_passes() -> None:
    assert failures("Channel", team_id="t1", display_name="Budget 2027 (Comité)") == {}


def test_a_private_channel_needs_an_owner() -> None:
    found = failures("Channel", team_id="t1", display_name="RH", membership_type="private")
    assert found == {
        "owners": "Channel 'RH': owners is empty; a private channel needs at least one owner"
    }


def test_an_unknown_membership_type_is_refused() -> None:
    found = failures("Channel", team_id="t1", display_name="RH", membership_type="secret")
    assert "expected one of standard, private, shared" in found["membership_type"]


def test_a_team_body_needs_a_known_template() -> None:
    body = {"template@odata.bind": TEMPLATE.replace("standard", "classroom"), "displayName": "X"}
    found = failures("Team", group_id="g1", body=body)
    assert found["body"] == "Team 'X': body uses unknown template 'classroom'"


def test_a_team_body_may_not_bind_its_own_group() -> None:
    body = {"template@odata.bind": TEMPLATE, "displayName": "X", "group@odata.bind": "g"}
    assert "give the group as group_id" in failures("Team", group_id="g1", body=body)["body"]


def test_custom_templates_are_accepted() -> None:
    bind = "https://graph.microsoft.com/v1.0/teamsTemplates('com.microsoft.teams.template.x')"
    assert (
        failures("Team", group_id="g1", body={"template@odata.bind": bind, "displayName": "X"})
        == {}
    )


def test_group_mail_nicknames_follow_graphs_rules() -> None:
    found = failures("Group", display_name="Finance", mail_nickname="fin ance")
    assert found["mail_nickname"].startswith("Group 'fin ance': mail_nickname is 'fin ance'")


def test_a_dynamic_group_takes_no_member_list() -> None:
    found = failures(
        "Group",
        display_name="F",
        mail_nickname="f",
        membership_rule='(user.department -eq "F")',
        members=["a@x.org"],
    )
    assert "membership rule decides members" in found["members"]


def test_team_settings_names_are_checked_in_either_spelling() -> None:
    found = failures(
        "TeamSettings", team_id="t", fun_settings={"allow_giphy": True, "allowMagic": 1}
    )
    assert "unknown settings allowMagic" in found["fun_settings"]
    assert failures("TeamSettings", team_id="t", fun_settings={"giphy_content_rating": "wild"})


def test_sharing_levels_and_partner_tenants_are_checked() -> None:
    assert "expected one of" in failures("SiteSharing", group_id="g", sharing="everyone")["sharing"]
    assert (
        "a tenant id is a GUID" in failures("CrossTenantPartner", tenant_id="contoso")["tenant_id"]
    )
    assert failures(
        "TenantSharingSettings",
        sharing="guests",
        allowed_domains=["a.org"],
        blocked_domains=["b.org"],
    )


def test_values_not_yet_known_in_a_preview_are_not_judged() -> None:
    assert failures("Channel", team_id=UNKNOWN, display_name=UNKNOWN) == {}
    assert failures("Channel", team_id=Unknown(), display_name=Unknown()) == {}
