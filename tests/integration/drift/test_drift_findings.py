"""`tenantctl drift` names each change made behind a stack's back, and honours acceptances."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from tenantctl.jobs.exit_codes import ExitCode
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import STACK, RunDrift, SyntheticStack, people

pytestmark = pytest.mark.integration

SHAREPOINT_TENANT_API = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"


@pytest.fixture
def drifted(local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack) -> Path:
    """One team space, then a setting, a channel, an owner and the site's sharing changed,
    and a group made by hand inside the stack's naming scope."""
    who = people(local_tenant)
    synthetic_stack.team_space("rh", who)
    state = synthetic_stack.export()
    admin, team = local_tenant.admin, synthetic_stack.id_of("space-rh-team")
    admin.graph("PATCH", f"/teams/{team}", {"funSettings": {"allowGiphy": True}})
    admin.graph(
        "DELETE", f"/teams/{team}/channels/{synthetic_stack.id_of('space-rh-channel-suivi')}"
    )
    extra = admin.graph("GET", f"/users/{who[3]}")["id"]
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{extra}"}
    admin.graph("POST", f"/groups/{team}/owners/$ref", ref)
    site = admin.graph("GET", f"/groups/{team}/sites/root")
    found = admin.call(
        "POST", f"{SHAREPOINT_TENANT_API}/GetSitePropertiesByUrl", {"url": site["webUrl"]}
    )
    site_id = found.json()["SiteId"]
    admin.call("PATCH", f"{SHAREPOINT_TENANT_API}/sites('{site_id}')", {"SharingCapability": 3})
    group = {
        "displayName": "Hand made",
        "mailNickname": "TST-hand-made",
        "mailEnabled": True,
        "securityEnabled": False,
        "groupTypes": ["Unified"],
    }
    admin.graph("POST", "/groups", group)
    return state


def test_each_change_is_named_with_expected_and_live_values(
    drifted: Path, run_drift: RunDrift
) -> None:
    run = run_drift(drifted)
    assert run.code == ExitCode.ATTENTION
    assert run.drifted == {
        ("space-rh-settings", "fun_settings"),
        ("space-rh-channel-suivi", "(object)"),
        ("space-rh-group", "owners"),
        ("space-rh-site", "sharing"),
    }
    site = next(item for item in run.report["drift"] if item["object"] == "space-rh-site")
    assert (site["expected"], site["live"], site["status"]) == (
        "disabled",
        "existing_guests",
        "drift",
    )
    assert [u["object"] for u in run.report["unmanaged"]] == ["TST-hand-made"]
    assert (
        "| `space-rh-settings` | TeamSettings | `fun_settings.allowGiphy` | `false` | `true` |"
        in (run.result.output)
    )


def test_guest_access_to_every_group_opened_by_hand_is_drift(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.add(
        "TenantGroupSettings", "tenant-group-settings", "", {"allow_to_add_guests": False}
    )
    (setting,) = local_tenant.admin.graph("GET", "/groupSettings")["value"]
    values = [{"name": "AllowToAddGuests", "value": "True"}]
    local_tenant.admin.graph("PATCH", f"/groupSettings/{setting['id']}", {"values": values})

    run = run_drift(synthetic_stack.export())

    assert run.code == ExitCode.ATTENTION
    assert run.drifted == {("tenant-group-settings", "allow_to_add_guests")}


def test_each_value_of_the_group_policy_changed_by_hand_is_drift(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    creators = local_tenant.admin.graph(
        "POST",
        "/groups",
        {
            "displayName": "Créateurs",
            "mailNickname": "TST-createurs",
            "mailEnabled": False,
            "securityEnabled": True,
            "groupTypes": [],
        },
    )["id"]
    policy = {
        "blocked_words": ["Paie", "Direction générale"],
        "enable_group_creation": False,
        "group_creation_allowed_group_id": creators,
        "naming_requirement": "TST-[GroupName]",
        "usage_guidelines_url": "https://intranet.example/groupes",
    }
    synthetic_stack.add("TenantGroupSettings", "tenant-group-settings", "", policy)
    (setting,) = local_tenant.admin.graph("GET", "/groupSettings")["value"]
    values = {v["name"]: v["value"] for v in setting["values"]}
    values |= {
        "EnableGroupCreation": "True",
        "GroupCreationAllowedGroupId": "",
        "CustomBlockedWordsList": "Paie",
        "PrefixSuffixNamingRequirement": "[GroupName]",
        "UsageGuidelinesUrl": "",
    }
    body = {"values": [{"name": n, "value": v} for n, v in values.items()]}
    local_tenant.admin.graph("PATCH", f"/groupSettings/{setting['id']}", body)

    run = run_drift(synthetic_stack.export())

    assert run.code == ExitCode.ATTENTION
    assert run.drifted == {("tenant-group-settings", name) for name in policy}


def test_accepted_until_expiry_then_failing_again(
    drifted: Path, run_drift: RunDrift, tmp_path: Path
) -> None:
    accepted = tmp_path / "drift-accepted.yaml"
    found = run_drift(drifted).report

    def accept_all(expires: dt.date) -> None:
        entries = [
            {"object": i["object"], "property": i["property"], "reason": "r", "expires": expires}
            for i in found["drift"]
        ]
        entries.append(
            {"object": "TST-hand-made", "property": "unmanaged", "reason": "r", "expires": expires}
        )
        accepted.write_text(yaml.safe_dump({"accepted": entries}))

    accept_all(dt.date.today())
    assert run_drift(drifted, "--accepted", str(accepted)).code == ExitCode.OK
    accept_all(dt.date.today() - dt.timedelta(days=1))
    expired = run_drift(drifted, "--accepted", str(accepted))
    assert expired.code == ExitCode.ATTENTION
    assert {item["status"] for item in expired.report["drift"]} == {
        f"acceptance expired {dt.date.today() - dt.timedelta(days=1)}"
    }


def test_a_malformed_acceptance_file_is_an_error(
    drifted: Path, run_drift: RunDrift, tmp_path: Path
) -> None:
    accepted = tmp_path / "drift-accepted.yaml"
    accepted.write_text("accepted:\n  - object: space-rh-site\n    property: sharing\n")
    run = run_drift(drifted, "--accepted", str(accepted))
    assert run.code == ExitCode.ERROR
    assert "each accepted entry needs object, property, reason and expires" in run.result.output


def _export_of(path: Path, resources: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"version": 3, "deployment": {"resources": resources}}))
    return path


def test_a_state_without_resources_is_an_error_not_green(
    run_drift: RunDrift, tmp_path: Path
) -> None:
    stack = {"urn": f"urn:pulumi:{STACK}::m365-tenant::pulumi:pulumi:Stack::x", "custom": False}
    for name, resources in (("empty.json", []), ("destroyed.json", [stack])):
        state = _export_of(tmp_path / name, resources)
        run = run_drift(state)
        assert run.code == ExitCode.ERROR, run.result.output
        assert run.result.output == (
            f"drift: error: {state} holds no resources: give --state the "
            "`pulumi stack export` of the deployed stack\n"
        )
        assert run.report == {}


def test_a_missing_state_file_is_one_line_of_error(run_drift: RunDrift, tmp_path: Path) -> None:
    run = run_drift(tmp_path / "nowhere.json")
    assert run.code == ExitCode.ERROR
    assert run.result.output == (
        f"drift: error: {tmp_path / 'nowhere.json'}: no such file; "
        "give --state a `pulumi stack export`\n"
    )


def test_a_team_space_deleted_by_hand_is_reported_deleted_with_the_rest(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    who = people(local_tenant)
    synthetic_stack.team_space("gone", who)
    synthetic_stack.team_space("kept", who)
    state = synthetic_stack.export()
    kept = synthetic_stack.id_of("space-kept-team")
    local_tenant.admin.graph("PATCH", f"/teams/{kept}", {"funSettings": {"allowGiphy": True}})
    local_tenant.admin.graph("DELETE", f"/groups/{synthetic_stack.id_of('space-gone-group')}")

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    space = ("group", "team", "settings", "channel-planning", "channel-suivi", "guest-access")
    assert run.drifted == {
        *((f"space-gone-{part}", "(object)") for part in (*space, "site")),
        ("space-kept-settings", "fun_settings"),
    }
    deleted = {(i["expected"], i["live"]) for i in run.report["drift"] if "gone" in i["object"]}
    assert deleted == {("present", "deleted")}


def test_the_headline_counts_the_rows_of_the_table(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.team_space("rh", people(local_tenant))
    team = synthetic_stack.id_of("space-rh-team")
    fun = {"allow_giphy": False, "giphy_content_rating": "strict", "allow_custom_memes": False}
    parent = next(r["parent"] for r in synthetic_stack.resources if r.get("id") == team)
    synthetic_stack.add(
        "TeamSettings", "space-rh-fun", parent, {"team_id": team, "fun_settings": fun}
    )
    state = synthetic_stack.export()
    changes = {"funSettings": {"allowGiphy": True, "giphyContentRating": "moderate"}}
    local_tenant.admin.graph("PATCH", f"/teams/{team}", changes)

    run = run_drift(state)

    output = run.result.output
    rows = [line for line in output.split("### Drift\n", 1)[1].split("\n### ", 1)[0].splitlines()]
    table = [row for row in rows if row.startswith("| ") and not row.startswith("| Component")]
    headline = re.search(r"· \*\*(\d+)\*\* drifted properties ·", output)
    assert headline is not None
    assert len(run.report["drift"]) == 2  # space-rh-settings and space-rh-fun
    assert len(table) == 3  # space-rh-fun's block drifted in two keys, one row each
    assert int(headline[1]) == len(table)
