"""preview-report shows the migration waves: per wave its state on the date the program plans
for, its agents, the seats they take and the mailboxes the preview creates; and it flags the
waves that need more seats than the tenant has. The same with `groupProvider: azuread`, its
groups as pulumi-azuread 6.x's steps (tests/support/azuread_state.py)."""

from __future__ import annotations

import datetime
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tenantctl.jobs.urns import name_of
from tenantctl.model import LoadedTenant, TenantIndex, load_tenant
from tenantctl.preview.cli import build_report, description_of
from tenantctl.preview.plan import parse
from tenantctl.preview.render import as_json, markdown
from tests.support.azuread_state import preview_as_azuread

STACKS = Path(__file__).parents[3] / "stacks"
PILOT, GENERAL = datetime.date(2025, 2, 3), datetime.date(2025, 3, 10)
"""The demo's two waves."""
DYNAMIC = "pulumi-python:dynamic/tenantctl:Group"
PROVIDERS = ["graph", "azuread"]


def _demo(today: datetime.date) -> LoadedTenant:
    return load_tenant(STACKS / "demo" / "data", today=today)


def _inputs(loaded: LoadedTenant, key: str, day: datetime.date) -> dict[str, Any]:
    """The Graph layer's Group inputs of a licence group on `day`."""
    index = TenantIndex(loaded.tenant)
    group = next(g for g in loaded.tenant.licence_groups if g.key == key)
    rule, members = index.licence_membership(group, day)
    return {
        "description": f"Licence ({group.sku})",
        "display_name": group.display_name,
        "kind": "security",
        "mail_nickname": index.licence_mail_nickname(group),
        "members": list(members),
        "membership_rule": rule,
        "owners": [],
        "visibility": "private",
    }


def _step(key: str, old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    parent = f"urn:pulumi:local::m365-tenant::tenantctl:m365:LicenceGroup::licence-{key}"
    urn = parent.replace("LicenceGroup::", f"LicenceGroup${DYNAMIC}::") + "-group"
    state = {"urn": urn, "custom": True, "type": DYNAMIC, "parent": parent}
    step: dict[str, Any] = {"op": "update" if old else "create", "urn": urn}
    step["newState"] = {**state, "inputs": new}
    if old is not None:
        step["oldState"] = {**state, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, key))}
        step["oldState"] |= {"inputs": old, "outputs": old}
    return step


def _preview(steps: list[dict[str, Any]], provider: str) -> dict[str, Any]:
    document = {
        "steps": steps,
        "changeSummary": {"update": len(steps)},
        "config": {"m365-tenant:description": "demo"},
    }
    if provider == "azuread":
        ids = {}  # dynamic groups and names-only members: no object id is looked up
        document = preview_as_azuread(document, ids)
        assert "azuread:index/group:Group" in json.dumps(document)
    return document


def _report(
    steps: list[dict[str, Any]],
    provider: str,
    loaded: LoadedTenant,
    skus: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    report = build_report("local", parse(_preview(steps, provider)), skus or [], loaded)
    said = as_json(report)
    said["markdown"] = markdown(report)
    for row in said["waves"]:
        row["brought_by"] = [name_of(urn) for urn in row["brought_by"]]
    return said


def _on_the_general_wave_s_day() -> list[dict[str, Any]]:
    loaded = _demo(GENERAL)
    eve = GENERAL - datetime.timedelta(days=1)
    return [
        _step(key, _inputs(loaded, key, eve), _inputs(loaded, key, GENERAL))
        for key in ("e3-bureaux", "f1-terrain")
    ]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_on_a_wave_s_day_the_preview_creates_its_agents_mailboxes(provider: str) -> None:
    said = _report(_on_the_general_wave_s_day(), provider, _demo(GENERAL))
    assert said["today"] == "2025-03-10"
    assert said["waves"] == [
        {
            "key": "pilote",
            "date": "2025-02-03",
            "state": "moved",
            "agents": 4,  # DG's three listed agents and the IT agent named from TECH
            "seats": {"SPE_E3": 3, "SPE_F1": 1},
            "mailboxes": 0,
            "brought_by": [],
        },
        {
            "key": "generale",
            "date": "2025-03-10",
            "state": "this preview",
            "agents": 46,  # DRH's 9 and TECH's 38, less the IT agent who moved with the pilot
            # E3 names DRH (9) and lists one of TECH's four departments (37 / 4 = 9); F1 the
            # three others (27, and the rounding's one)
            "seats": {"SPE_E3": 18, "SPE_F1": 28},
            "mailboxes": 46,
            "brought_by": ["licence-e3-bureaux-group", "licence-f1-terrain-group"],
        },
    ]
    assert (
        "| Vague générale (`generale`) | 2025-03-10 | this preview | 46 | 18 SPE_E3, 28 SPE_F1 "
        "| 46 |" in said["markdown"]
    )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_wave_still_to_come_is_pending(provider: str) -> None:
    before = PILOT + datetime.timedelta(days=3)
    loaded = _demo(before)
    steps = [_step("e3-bureaux", None, _inputs(loaded, "e3-bureaux", before))]
    states = {
        row["key"]: (row["state"], row["mailboxes"])
        for row in _report(steps, provider, loaded)["waves"]
    }
    assert states == {"pilote": ("this preview", 3), "generale": ("pending", 0)}  # E3: DG's three


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_rule_edited_by_hand_brings_no_wave_in(provider: str) -> None:
    loaded = _demo(GENERAL)
    old = _inputs(loaded, "e3-bureaux", GENERAL) | {"membership_rule": '(user.city -eq "X")'}
    steps = [_step("e3-bureaux", old, _inputs(loaded, "e3-bureaux", GENERAL))]
    assert [row["state"] for row in _report(steps, provider, loaded)["waves"]] == [
        "moved",
        "moved",
    ]


def _skus(available: int) -> list[dict[str, Any]]:
    """subscribedSkus with `available` seats of SPE_E3 and plenty of SPE_F1."""
    return [
        {
            "skuId": "05e9a617-0261-4cee-bb44-138d3ef5d965",
            "skuPartNumber": "SPE_E3",
            "prepaidUnits": {"enabled": 100 + available},
            "consumedUnits": 100,
            "servicePlans": [],
        },
        {
            "skuId": "66b55226-6b4f-492c-910c-a3b7a3c9d993",
            "skuPartNumber": "SPE_F1",
            "prepaidUnits": {"enabled": 500},
            "consumedUnits": 0,
            "servicePlans": [],
        },
    ]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_exactly_the_seats_a_wave_needs_pass_and_one_fewer_is_flagged(provider: str) -> None:
    steps = _on_the_general_wave_s_day()
    enough = _report(steps, provider, _demo(GENERAL), _skus(18))
    assert [r for r in enough["risks"] if r["category"] == "seats"] == []

    short = _report(steps, provider, _demo(GENERAL), _skus(17))
    assert short["risky"] is True
    assert [
        (r["category"], r["component"], name_of(r["urn"]), r["reason"])
        for r in short["risks"]
        if r["category"] == "seats"
    ] == [
        (
            "seats",
            "Licence group e3-bureaux",
            "licence-e3-bureaux-group",
            "the waves this preview brings in need 18 SPE_E3 seats; 17 available: "
            "**1 seats short**",
        )
    ]


def test_city_previews_show_its_pending_wave() -> None:
    today = datetime.date(2026, 12, 5)
    loaded = load_tenant(STACKS / "city_metropolis" / "data", today=today)
    plan = parse({"steps": [], "changeSummary": {"same": 0}, "config": {}})
    rows = {row["key"]: row for row in as_json(build_report("city", plan, [], loaded))["waves"]}
    assert rows["metropole-3"]["state"] == "pending"
    assert rows["metropole-3"]["agents"] == 26  # CPM's 25 and the IT agent named
    assert {key for key, row in rows.items() if row["state"] == "moved"} == {
        "pilote",
        "ville-1",
        "ville-2",
        "metropole-1",
        "metropole-2",
    }


def test_a_description_that_cannot_be_loaded_here_is_said_not_shown() -> None:
    config = {"m365-tenant:description": "ailleurs"}
    plan = parse({"steps": _on_the_general_wave_s_day(), "config": config})
    report = build_report("local", plan, [], description_of(config))
    assert "### Migration waves\n\nNot shown: no stack description 'stacks/ailleurs'" in markdown(
        report
    )
    assert "waves" not in as_json(report)
