"""A description exactly at Microsoft 365's limits declares every owner, channel and channel
member, with either group provider, and the Graph layer's checks accept what it declares."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from tenantctl.m365 import limits
from tenantctl.model import Tenant
from tenantctl.model.rules import check_tenant
from tenantctl.model.sources import SourceIndex
from tenantctl.resources import engine
from tenantctl.resources.registry import spec_of
from tests.unit.components.conftest import Declared, declare

DOMAIN = "ville-test.fr"


def agents(count: int, directorate: str) -> list[str]:
    return [f"agent.{directorate.lower()}.{n}@{DOMAIN}" for n in range(count)]


@cache
def at_the_limits() -> Tenant:
    """An inter space with 100 owners, General and 999 channels, one of them private with
    5,000 people."""
    owners = agents(limits.TEAM_OWNERS_MAX, "drh")
    crowd = agents(limits.PRIVATE_CHANNEL_MEMBERS_MAX, "dsi")
    channels: list[dict[str, Any]] = [
        {"name": f"Réunion n°{n} d\u2019équipe"} for n in range(limits.TEAM_CHANNELS_MAX - 2)
    ]
    channels.append({"name": "Tout le monde", "kind": "private", "owners": owners[:1]})
    channels[-1]["members"] = crowd[: limits.PRIVATE_CHANNEL_MEMBERS_MAX - 1]
    directorates = [
        {
            "code": code,
            "organisation": "ville",
            "display_name": code,
            "owners": people[:2],
            "membership": {"users": people},
        }
        for code, people in (("DRH", owners), ("DSI", crowd))
    ]
    return Tenant.model_validate(
        {
            "tenant": {"name": "Ville", "default_domain": DOMAIN},
            "organisations": [
                {
                    "key": "ville",
                    "display_name": "Ville",
                    "company_name": "Ville",
                    "prefix": "VT",
                    "domain": DOMAIN,
                }
            ],
            "directorates": directorates,
            "people": [
                {"upn": upn, "display_name": upn, "directorate": upn.split(".")[1].upper()}
                for upn in (*owners, *crowd)
            ],
            "spaces": [
                {
                    "key": "grand-projet",
                    "kind": "inter",
                    "display_name": "G" * limits.DISPLAY_NAME_MAX,
                    "description": "D" * limits.DESCRIPTION_MAX,
                    "directorates": ["DRH", "DSI"],
                    "owners": owners,
                    "members": crowd,
                    "channels": channels,
                }
            ],
        }
    )


@cache
def declared(provider: str) -> tuple[Declared, ...]:
    return tuple(declare(at_the_limits(), provider))


def of_type(provider: str, kind: str) -> list[Declared]:
    return [d for d in declared(provider) if d.type == kind]


def test_the_description_is_valid_at_the_limits() -> None:
    assert check_tenant(at_the_limits(), SourceIndex()) == []


@pytest.mark.parametrize(
    ("provider", "group_type"),
    [("azuread", "azuread:index/group:Group"), ("graph", "tenantctl:Group")],
)
def test_the_teams_group_declares_its_100_owners(provider: str, group_type: str) -> None:
    (group,) = [g for g in of_type(provider, group_type) if g.name == "space-grand-projet-group"]
    assert len(group.inputs["owners"]) == limits.TEAM_OWNERS_MAX


@pytest.mark.parametrize("provider", ["azuread", "graph"])
def test_every_channel_and_every_channel_member_is_declared(provider: str) -> None:
    channels = of_type(provider, "tenantctl:Channel")
    assert len(channels) == limits.TEAM_CHANNELS_MAX - 1
    (private,) = [c for c in channels if c.inputs["membership_type"] == "private"]
    people = {*private.inputs["owners"], *private.inputs["members"]}
    assert len(people) == limits.PRIVATE_CHANNEL_MEMBERS_MAX


@pytest.mark.parametrize("kind", ["tenantctl:Group", "tenantctl:Channel", "tenantctl:Team"])
def test_the_graph_layers_checks_accept_a_description_at_the_limits(kind: str) -> None:
    spec = spec_of(kind.removeprefix("tenantctl:"))
    for resource in of_type("graph", kind):
        assert engine.check(spec, resource.inputs)[1] == [], resource.name
