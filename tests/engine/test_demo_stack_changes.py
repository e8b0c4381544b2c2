"""Changes to a deployed demo stack: an edit of the description previews and applies as
exactly its creates, updates and deletes; drift made behind the stack's back is found by a
refresh and repaired by `pulumi up --refresh`."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .demo_stack import DemoStack, TenantView

pytestmark = pytest.mark.engine

SECOND_PARTNER = {
    "key": "bureau-hydro",
    "name": "Bureau d'études Hydro Conseil",
    "domains": ["hydro-conseil.fr"],
    "guests": [
        {"email": "ingenieur@hydro-conseil.fr", "display_name": "Ingénieur (Hydro Conseil)"},
    ],
}
SECOND_GUEST = "ingenieur@hydro-conseil.fr"
RENAMED = "Rénovation du groupe scolaire des Tilleuls"


def space(document: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in document["spaces"] if s["key"] == key)
    return found


def with_second_partner(demo: DemoStack) -> None:
    """The water space works with a second partner, which has one guest."""
    demo.edit("partners.yaml", lambda doc: doc["partners"].append(SECOND_PARTNER))

    def add(doc: dict[str, Any]) -> None:
        water = space(doc, "eau-potable")
        water["partners"].append(SECOND_PARTNER["key"])
        water["guests"].append(SECOND_GUEST)

    demo.edit("spaces/partners.yaml", add)


def test_a_description_change_applies_as_exactly_its_creates_updates_and_deletes(
    demo: DemoStack,
) -> None:
    with_second_partner(demo)
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    groups_before = {key: g["id"] for key, g in view.groups_by_nickname().items()}
    water = groups_before["mtl-tech-eau-potable"]
    assert SECOND_GUEST in view.roster(f"teams/{water}/members")

    # A new channel, a renamed space, and the second partner leaves the water space with
    # its guest (the partner itself stays in the tenant's description).
    demo.edit(
        "spaces/intra.yaml",
        lambda doc: space(doc, "tech-ateliers")["channels"].append({"name": "Astreintes"}),
    )
    demo.edit(
        "spaces/inter.yaml",
        lambda doc: space(doc, "renovation-ecole").update(display_name=RENAMED),
    )

    def remove(doc: dict[str, Any]) -> None:
        water_space = space(doc, "eau-potable")
        water_space["partners"].remove(SECOND_PARTNER["key"])
        water_space["guests"].remove(SECOND_GUEST)

    demo.edit("spaces/partners.yaml", remove)
    # The guest sign-in policy, after its report-only run, is switched on.
    demo.edit("tenant.yaml", lambda doc: doc["tenant"]["guest_sign_in"].update(state="on"))

    planned = demo.changes()
    assert planned == {
        ("Channel", "space-tech-ateliers-channel-astreintes"): "create",
        ("Group", "space-renovation-ecole-group"): "update",
        ("Team", "space-renovation-ecole-team"): "update",
        ("Group", "space-eau-potable-group"): "update",
        ("TeamMember", "space-eau-potable-guest-ingenieur-hydro-conseil-fr"): "delete",
        ("ConditionalAccessPolicy", "guest-sign-in"): "update",
    }

    up = demo.run("up", "--yes")
    assert "+ 1 created" in up.stdout
    assert "~ 4 updated" in up.stdout
    assert "- 1 deleted" in up.stdout
    demo.run("preview", "--expect-no-changes")

    groups_after = view.groups_by_nickname()
    assert {key: g["id"] for key, g in groups_after.items()} == groups_before
    renovation = groups_before["mtl-tech-renovation-ecole"]
    assert groups_after["mtl-tech-renovation-ecole"]["displayName"] == RENAMED
    assert view.team(renovation)["displayName"] == RENAMED
    ateliers = groups_before["mtl-tech-tech-ateliers"]
    assert set(view.channels(ateliers)) == {"General", "Interventions", "Plannings", "Astreintes"}
    assert SECOND_GUEST not in view.roster(f"teams/{water}/members")
    assert not any("hydro-conseil" in upn for upn in view.upns(f"groups/{water}/members"))
    assert SECOND_GUEST in view.guests()  # still invited: the partner is still described
    (policy,) = view.collection("identity/conditionalAccess/policies")
    assert policy["state"] == "enabled"
    view.close()


def test_drift_is_found_by_a_refresh_and_repaired_by_up_with_refresh(demo: DemoStack) -> None:
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    groups = view.groups_by_nickname()
    ateliers = groups["mtl-tech-tech-ateliers"]["id"]
    drh = groups["mtl-drh-drh-equipe"]["id"]
    renovation = groups["mtl-tech-renovation-ecole"]["id"]
    formation = view.channels(drh)["Formation"]["id"]
    renovation_name = groups["mtl-tech-renovation-ecole"]["displayName"]

    # Someone else, with Graph's own semantics (the admin header runs any Graph call).
    admin = demo.tenant.admin
    admin.graph("PATCH", f"/teams/{ateliers}", {"funSettings": {"allowGiphy": True}})
    admin.graph("DELETE", f"/teams/{drh}/channels/{formation}")
    admin.graph("PATCH", f"/groups/{renovation}", {"displayName": "Renamed by hand"})

    returncode, drift = demo.refresh_preview()
    assert returncode != 0
    assert drift == {  # the team's settings are TeamSettings' alone
        ("TeamSettings", "space-tech-ateliers-settings"): "update",
        ("Channel", "space-drh-equipe-channel-formation"): "delete",
        ("Group", "space-renovation-ecole-group"): "update",
    }

    demo.run("up", "--refresh", "--yes")
    assert view.team(ateliers)["funSettings"]["allowGiphy"] is False
    assert "Formation" in view.channels(drh)
    assert view.get(f"groups/{renovation}")["displayName"] == renovation_name
    demo.run("preview", "--expect-no-changes")
    assert demo.refresh_preview() == (0, {})
    view.close()


def test_a_refresh_names_only_the_properties_that_changed(demo: DemoStack) -> None:
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    group = view.groups_by_nickname()["mtl-tech-tech-ateliers"]["id"]
    owners = {o["id"] for o in view.collection(f"groups/{group}/owners")}
    other = next(u for u in view.collection("users") if u["id"] not in owners)
    ref = {"@odata.id": f"{demo.tenant.base_url}/directoryObjects/{other['id']}"}
    demo.tenant.admin.graph("POST", f"/groups/{group}/owners/$ref", ref)

    refreshed = demo.run("refresh", "--preview-only", expect_returncode=None)

    changed = re.findall(r"^\s*~\s+(\S+) (\S+) update \[diff: ([^\]]*)\]", refreshed.stdout, re.M)
    assert changed == [
        ("pulumi-python:dynamic/tenantctl:Group", "space-tech-ateliers-group", "~owners")
    ]
    view.close()


def test_a_guest_setting_on_an_intra_space_is_applied_once_and_drifts_nowhere(
    demo: DemoStack,
) -> None:
    def guests_create_channels(doc: dict[str, Any]) -> None:
        settings = space(doc, "tech-ateliers")["settings"]
        settings["guests"] = {"allow_create_update_channels": True}

    demo.edit("spaces/intra.yaml", guests_create_channels)
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    group = next(g for g in view.groups() if g["displayName"] == "Ateliers municipaux")
    assert view.team(group["id"])["guestSettings"] == {
        "allowCreateUpdateChannels": True,
        "allowDeleteChannels": False,
    }

    assert demo.refresh_preview() == (0, {})
    demo.run("up", "--refresh", "--yes")
    assert demo.changes() == {}
