"""Diff: only real changes, after normalising what Graph rewrites; replacement only when needed."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from tenantctl.resources import engine
from tenantctl.resources.registry import spec_of


def diff(kind: str, olds: dict[str, Any], news: dict[str, Any]) -> engine.Diff:
    return engine.diff(spec_of(kind), olds, news)


GROUP = {
    "display_name": "Finance",
    "mail_nickname": "Finance",
    "kind": "unified",
    "visibility": "private",
    "owners": ["A@x.org", "b@x.org"],
    "members": [],
}


def test_what_graph_reads_back_differently_is_not_a_change() -> None:
    live = {
        **GROUP,
        "mail_nickname": "finance",
        "visibility": "Private",
        "owners": ["b@x.org", "a@x.org"],
        "description": None,
        "members": None,
    }
    assert diff("Group", live, {**GROUP, "description": ""}).changes == ()


def test_a_real_change_updates_in_place() -> None:
    found = diff("Group", GROUP, {**GROUP, "display_name": "Finances"})
    assert found == engine.Diff(("display_name",), ())


def test_changing_a_group_from_security_to_unified_replaces_it() -> None:
    assert diff("Group", {**GROUP, "kind": "security"}, GROUP).replaces == ("kind",)


@pytest.mark.parametrize("pending", [UNKNOWN, Unknown()], ids=["wire form", "provider form"])
def test_a_pending_value_is_a_change_but_never_plans_a_replacement(pending: object) -> None:
    found = diff(
        "Channel", {"team_id": "t", "display_name": "A"}, {"team_id": pending, "display_name": "A"}
    )
    assert found == engine.Diff(("team_id",), ())


def test_a_channels_membership_type_cannot_change_in_place() -> None:
    old = {"team_id": "t", "display_name": "A", "membership_type": "standard"}
    assert diff("Channel", old, {**old, "membership_type": "Private"}).replaces == (
        "membership_type",
    )


def test_only_the_kept_in_step_part_of_a_team_body_is_compared() -> None:
    body = {
        "template@odata.bind": "t",
        "displayName": "Ops",
        "visibility": "private",
        "channels": [{"displayName": "Plans"}],
        "funSettings": {"allowGiphy": True},
    }
    live = {"displayName": "Ops", "visibility": "Private", "funSettings": {"allowGiphy": True}}
    assert (
        diff("Team", {"group_id": "g", "body": live}, {"group_id": "g", "body": body}).changes == ()
    )
    renamed = {**body, "displayName": "Operations"}
    assert diff(
        "Team", {"group_id": "g", "body": live}, {"group_id": "g", "body": renamed}
    ).changes == ("body",)


def test_sharing_levels_compare_across_spellings() -> None:
    olds = {"sharing": "existingExternalUserSharingOnly", "allowed_domains": ["B.org", "a.org"]}
    news = {"sharing": "existing_guests", "allowed_domains": ["a.org", "b.org"]}
    assert diff("TenantSharingSettings", olds, news).changes == ()
    assert (
        diff(
            "SiteSharing", {"group_id": "g", "sharing": 0}, {"group_id": "g", "sharing": "disabled"}
        ).changes
        == ()
    )


def test_team_settings_compare_across_spellings() -> None:
    olds = {"team_id": "t", "fun_settings": {"giphyContentRating": "Strict"}}
    news = {"team_id": "t", "fun_settings": {"giphy_content_rating": "strict"}}
    assert diff("TeamSettings", olds, news).changes == ()


def test_a_graph_object_is_replaced_only_for_the_properties_it_names() -> None:
    old = {
        "path": "groups",
        "body": {"displayName": "a", "mailNickname": "a"},
        "replace_on_changes": ["mailNickname"],
    }
    renamed = {**old, "body": {"displayName": "b", "mailNickname": "a"}}
    assert diff("GraphObject", old, renamed).replaces == ()
    moved = {**old, "body": {"displayName": "a", "mailNickname": "b"}}
    assert diff("GraphObject", old, moved).replaces == ("body",)


def test_adopt_id_is_not_a_change() -> None:
    old = {"team_id": "t", "user": "a@x.org", "role": "owner"}
    assert diff("TeamMember", old, {**old, "adopt_id": "m1"}).changes == ()
