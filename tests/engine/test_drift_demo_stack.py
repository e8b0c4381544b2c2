"""The CI commands on the demo stack deployed by a real `pulumi up`.

`tenantctl drift`: nothing on the untouched tenant; then every kind of change the stack owns,
made behind its back through the local tenant's admin access, found exactly; accepted
deviations reported but not failing until they expire. `tenantctl preview-report`: a real
`pulumi preview` of an edited description, with seats read from the tenant.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tenantctl.jobs.exit_codes import ExitCode
from tests.support.local_tenant_fixture import LocalTenantHandle

from .conftest import isolated_engine_env
from .demo_stack import (
    SHAREPOINT_TENANT_API,
    DemoStack,
    Drift,
    TenantView,
    prepare_demo_stack,
    run_drift,
    with_secret,
)

pytestmark = pytest.mark.engine

F1_SKU = "66b55226-6b4f-492c-910c-a3b7a3c9d993"
YAMMER = "7547a3fe-08ee-4ccb-b430-5077c5041653"

INJECTED = {
    ("space-tech-ateliers-settings", "fun_settings"),  # a team setting (TeamSettings' alone)
    ("space-eau-potable-guest-review", "every_months"),  # guests reviewed twice a year
    ("space-drh-equipe-channel-paie", "(object)"),  # a channel deleted
    ("space-drh-equipe-channel-dossiers-individuels", "members"),  # a channel member added
    ("space-drh-equipe-group", "owners"),  # a group owner added
    ("space-renovation-ecole-guest-access", "allow_to_add_guests"),  # guests allowed
    ("licence-f1-terrain-licence", "disabled_plans"),  # a licence plan re-enabled
    ("space-drh-equipe-site", "sharing"),  # a site's sharing widened
    ("tenant-sharing", "sharing"),  # the tenant's sharing widened
}
SHADOW_GROUP = "MTL-DRH-achats-fantome"


@dataclass(frozen=True)
class Deployed:
    demo: DemoStack
    view: TenantView
    untouched: Drift


@pytest.fixture(scope="module")
def deployed(
    tmp_path_factory: pytest.TempPathFactory,
    engine_bin: Path,
    local_tenant_server: LocalTenantHandle,
) -> Iterator[Deployed]:
    """The demo stack deployed once, and drift run on the tenant as the deployment left it."""
    base = tmp_path_factory.mktemp("drift-demo")
    demo = prepare_demo_stack(base, isolated_engine_env(base), local_tenant_server)
    demo.run("up", "--yes")
    view = TenantView(local_tenant_server)
    yield Deployed(demo, view, run_drift(demo))
    view.close()


def test_untouched_tenant_has_no_drift(deployed: Deployed) -> None:
    untouched = deployed.untouched
    assert untouched.code == ExitCode.OK, untouched.stderr
    assert untouched.report["drift"] == [] and untouched.report["unmanaged"] == []
    assert untouched.report["counts"]["objects"] == 60  # every Graph resource of the stack
    assert untouched.report["counts"]["skipped"] == 0


def _inject(deployed: Deployed) -> None:
    """Change the tenant behind the stack's back, one change per kind it owns."""
    admin, view = deployed.demo.tenant.admin, deployed.view
    drh, tech = view.group("MTL-DRH-drh-equipe")["id"], view.group("MTL-TECH-tech-ateliers")["id"]
    renovation, f1 = (
        view.group("MTL-TECH-renovation-ecole")["id"],
        view.group("DEMO-LIC-f1-terrain"),
    )
    admin.graph("PATCH", f"/teams/{tech}", {"funSettings": {"allowGiphy": True}})
    (review,) = view.collection("identityGovernance/accessReviews/definitions")
    settings = review["settings"]
    half_yearly = {**settings["recurrence"], "pattern": {"type": "absoluteMonthly", "interval": 6}}
    admin.graph(
        "PUT",
        f"/identityGovernance/accessReviews/definitions/{review['id']}",
        {
            **{k: review[k] for k in ("displayName", "scope", "reviewers")},
            "settings": {**settings, "recurrence": half_yearly},
        },
    )
    channels = view.channels(drh)
    admin.graph("DELETE", f"/teams/{drh}/channels/{channels['Paie']['id']}")
    user = admin.graph("GET", "/users/thibault.marin@montaurel.fr")["id"]
    admin.graph(
        "POST",
        f"/teams/{drh}/channels/{channels['Dossiers individuels']['id']}/members",
        {
            "@odata.type": "#microsoft.graph.aadUserConversationMember",
            "roles": [],
            "user@odata.bind": f"https://graph.microsoft.com/v1.0/users('{user}')",
        },
    )
    owner = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user}"}
    admin.graph("POST", f"/groups/{drh}/owners/$ref", owner)
    setting = view.collection(f"groups/{renovation}/settings")[0]
    allow = {"values": [{"name": "AllowToAddGuests", "value": "true"}]}
    admin.graph("PATCH", f"/groups/{renovation}/settings/{setting['id']}", allow)
    licence = {"addLicenses": [{"skuId": F1_SKU, "disabledPlans": [YAMMER]}], "removeLicenses": []}
    admin.graph("POST", f"/groups/{f1['id']}/assignLicense", licence)
    site = admin.graph("GET", f"/groups/{drh}/sites/root")
    props = admin.call(
        "POST", f"{SHAREPOINT_TENANT_API}/GetSitePropertiesByUrl", {"url": site["webUrl"]}
    ).json()
    admin.call(
        "PATCH", f"{SHAREPOINT_TENANT_API}/sites('{props['SiteId']}')", {"SharingCapability": 1}
    )
    admin.graph(
        "PATCH", "/admin/sharepoint/settings", {"sharingCapability": "externalUserAndGuestSharing"}
    )
    admin.graph(
        "POST",
        "/groups",
        {
            "displayName": "Achats (hors pile)",
            "mailNickname": SHADOW_GROUP,
            "mailEnabled": True,
            "securityEnabled": False,
            "groupTypes": ["Unified"],
        },
    )


@pytest.fixture(scope="module")
def drifted(deployed: Deployed) -> Drift:
    """The tenant after every injected change, and drift's report of it."""
    _inject(deployed)
    return run_drift(deployed.demo)


def test_every_injected_change_is_found_and_nothing_else(drifted: Drift) -> None:
    assert drifted.code == ExitCode.ATTENTION, drifted.stderr
    assert drifted.drifted == INJECTED
    assert [u["object"] for u in drifted.report["unmanaged"]] == [SHADOW_GROUP]


def test_findings_name_the_expected_and_live_values(drifted: Drift) -> None:
    by_object = {item["object"]: item for item in drifted.report["drift"]}
    assert by_object["space-drh-equipe-site"]["expected"] == "disabled"
    assert by_object["space-drh-equipe-site"]["live"] == "guests"
    assert by_object["tenant-sharing"]["live"] == "anyone"
    assert by_object["space-renovation-ecole-guest-access"]["live"] is True
    assert by_object["space-drh-equipe-group"]["live"] == sorted(
        [*by_object["space-drh-equipe-group"]["expected"], "thibault.marin@montaurel.fr"]
    )
    assert by_object["space-tech-ateliers-settings"]["live"]["allowGiphy"] is True
    assert "| Team space drh-equipe | `space-drh-equipe-channel-paie` | Channel |" in (
        drifted.markdown
    )


def test_accepted_deviations_do_not_fail_until_they_expire(
    deployed: Deployed, drifted: Drift, tmp_path: Path
) -> None:
    today = dt.date.today()
    entries = [
        {"object": name, "property": prop, "reason": "agreed", "expires": today + dt.timedelta(30)}
        for name, prop in sorted(INJECTED)
    ]
    entries.append(
        {"object": SHADOW_GROUP, "property": "unmanaged", "reason": "pilot", "expires": today}
    )
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(yaml.safe_dump({"accepted": entries}))
    all_accepted = run_drift(deployed.demo, accepted)
    assert all_accepted.code == ExitCode.OK, all_accepted.stderr
    assert all_accepted.drifted == INJECTED
    assert all_accepted.status("tenant-sharing").startswith("accepted until")

    entries[-1]["expires"] = today - dt.timedelta(1)
    accepted.write_text(yaml.safe_dump({"accepted": entries}))
    expired = run_drift(deployed.demo, accepted)
    assert expired.code == ExitCode.ATTENTION
    assert expired.status(SHADOW_GROUP) == f"acceptance expired {today - dt.timedelta(1)}"


def test_preview_report_of_an_edited_description(deployed: Deployed) -> None:
    demo = deployed.demo
    edited = [demo.data / "licences.yaml", demo.data / "spaces" / "partners.yaml"]
    originals = {path: path.read_text() for path in edited}
    out = demo.directory / "preview.json"
    try:
        demo.edit(
            "licences.yaml",
            lambda d: d["licence_groups"][1].update(disabled_plans=["YAMMER_ENTERPRISE"]),
        )
        demo.edit("spaces/partners.yaml", lambda d: d["spaces"][0]["site"].update(sharing="guests"))
        args = ["preview-report", demo.stack, "--cwd", demo.directory, "--json", out]
        result = demo.tenantctl(*args, env=with_secret(demo))
    finally:
        for path, text in originals.items():
            path.write_text(text)
    assert result.returncode == ExitCode.ATTENTION, result.stderr
    report = json.loads(out.read_text())
    f1 = next(
        s for s in deployed.view.collection("subscribedSkus") if s["skuPartNumber"] == "SPE_F1"
    )
    seats = f"{f1['consumedUnits']}/{f1['prepaidUnits']['enabled']} seats used"
    assert report["summary"]["update"] == 2
    assert {
        (r["category"], r["urn"].rsplit("::", 1)[-1], r["reason"]) for r in report["risks"]
    } == {
        ("sharing", "space-eau-potable-site", "sharing existing_guests → guests"),
        (
            "licences",
            "licence-f1-terrain-licence",
            f"update SPE_F1; {seats}; plans re-enabled: SWAY",
        ),
    }
    assert "| Licence group f1-terrain | update | SPE_F1 | +0 |" in result.stdout
