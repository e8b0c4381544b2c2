"""MailboxSettings against the local tenant: one resource writes a scope's users in batches of
20, users without a mailbox yet are pending, and a read finds users changed by hand or
provisioned since."""

from __future__ import annotations

import math
from typing import Any

import pytest

from tests.integration.graph_layer.conftest import MakeProvider
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965"
FRENCH = {
    "language": "fr-FR",
    "time_zone": "Europe/Paris",
    "date_format": "dd/MM/yyyy",
    "time_format": "HH:mm",
    "working_days": ["monday", "tuesday", "wednesday", "thursday", "friday"],
    "working_start": "08:30",
    "working_end": "17:00",
    "working_time_zone": "Romance Standard Time",
}


def users(lt: LocalTenantHandle) -> list[dict[str, Any]]:
    query = "/users?$select=id,userPrincipalName,userType,assignedLicenses&$top=999"
    return [u for u in lt.admin.graph("GET", query)["value"] if u["userType"] == "Member"]


def group_of(lt: LocalTenantHandle, name: str, nickname: str, member_ids: list[str]) -> str:
    group = lt.admin.graph(
        "POST",
        "/groups",
        {
            "displayName": name,
            "mailEnabled": False,
            "mailNickname": nickname,
            "securityEnabled": True,
        },
    )
    for uid in member_ids:
        lt.admin.graph(
            "POST",
            f"/groups/{group['id']}/members/$ref",
            {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{uid}"},
        )
    return str(group["id"])


def settings(lt: LocalTenantHandle, uid: str) -> dict[str, Any]:
    return dict(lt.admin.graph("GET", f"/users/{uid}/mailboxSettings"))


def french(found: dict[str, Any]) -> bool:
    hours = found["workingHours"]
    return (
        found["language"]["locale"] == "fr-FR"
        and found["timeZone"] == "Europe/Paris"
        and (found["dateFormat"], found["timeFormat"]) == ("dd/MM/yyyy", "HH:mm")
        and hours["startTime"].startswith("08:30")
        and hours["endTime"].startswith("17:00")
        and hours["timeZone"]["name"] == "Romance Standard Time"
    )


def batches(lt: LocalTenantHandle) -> int:
    return int(lt.admin.counters()["routes"].get("batch.batch", 0))


@pytest.fixture
def scope(local_tenant: LocalTenantHandle) -> dict[str, Any]:
    """A directorate's group: licensed users with a mailbox, two never licensed, and one
    named with an apostrophe and accents, licensed at once."""
    local_tenant.admin.reset({"users": 60, "direct_licence_share": 0.8})
    people = users(local_tenant)
    licensed = [u["id"] for u in people if u["assignedLicenses"]]
    unlicensed = [u["id"] for u in people if not u["assignedLicenses"]][:2]
    domain = local_tenant.admin.call("GET", "/_admin/health").json()["domain"]
    odd = {
        "id": "6a1b2c3d-0000-4000-8000-00000000d0a1",
        "displayName": "Anaïs D'Aubigné",
        "userPrincipalName": f"anais.d'aubigne@{domain}",
        "mail": f"anais.d'aubigne@{domain}",
        "userType": "Member",
        "accountEnabled": True,
        "usageLocation": "FR",
        "businessPhones": [],
        "assignedLicenses": [],
    }
    local_tenant.admin.put_objects("user", [{"id": odd["id"], "body": odd}])
    local_tenant.admin.graph(
        "POST",
        f"/users/{odd['id']}/assignLicense",
        {"addLicenses": [{"skuId": E3, "disabledPlans": []}], "removeLicenses": []},
    )
    local_tenant.admin.call("POST", "/_admin/clock", {"seconds": 300}).raise_for_status()
    members = [*licensed, odd["id"], *unlicensed]
    return {
        "group": group_of(local_tenant, "Direction de l'eau", "eau", members),
        "licensed": [*licensed, odd["id"]],
        "unlicensed": unlicensed,
        "upns": {u["id"]: u["userPrincipalName"].lower() for u in users(local_tenant)},
    }


def test_one_resource_writes_every_user_of_its_scope_in_batches_of_twenty(
    local_tenant: LocalTenantHandle, provider: MakeProvider, scope: dict[str, Any]
) -> None:
    mail = provider("MailboxSettings")
    checked = mail.check({}, {"scope": "eau", "groups": [scope["group"]], **FRENCH})
    assert checked.failures == []
    local_tenant.admin.call("DELETE", "/_admin/counters")

    created = mail.create(checked.inputs)

    everyone = len(scope["licensed"]) + len(scope["unlicensed"])
    assert batches(local_tenant) == math.ceil(everyone / 20)
    assert all(french(settings(local_tenant, uid)) for uid in scope["licensed"])
    assert created.outs["users"] == everyone
    assert created.outs["pending"] == sorted(scope["upns"][u] for u in scope["unlicensed"])
    assert created.outs["differing"] == ""
    read = mail.read(created.id, created.outs)
    assert read.outs["differing"] == "" and read.outs["pending"] == created.outs["pending"]
    assert mail.diff(created.id, read.outs, checked.inputs).changes is False


def test_users_changed_by_hand_or_provisioned_since_read_as_differing_and_update_repairs(
    local_tenant: LocalTenantHandle, provider: MakeProvider, scope: dict[str, Any]
) -> None:
    mail = provider("MailboxSettings")
    inputs = mail.check({}, {"scope": "eau", "groups": [scope["group"]], **FRENCH}).inputs
    created = mail.create(inputs)
    by_hand = scope["licensed"][-1]
    local_tenant.admin.graph(
        "PATCH", f"/users/{by_hand}/mailboxSettings", {"timeZone": "Pacific Standard Time"}
    )
    late = scope["unlicensed"][0]
    local_tenant.admin.graph(
        "POST",
        f"/users/{late}/assignLicense",
        {"addLicenses": [{"skuId": E3, "disabledPlans": []}], "removeLicenses": []},
    )
    local_tenant.admin.call("POST", "/_admin/clock", {"seconds": 300}).raise_for_status()

    read = mail.read(created.id, created.outs)

    total = len(scope["licensed"]) + 1
    hand, new = scope["upns"][by_hand], scope["upns"][late]
    assert read.outs["differing"].startswith(f"2 of {total} users differ: {min(hand, new)} (")
    assert f"{hand} (time_zone)" in read.outs["differing"]
    assert (
        f"{new} (language, time_zone, date_format, time_format, working_start"
        in (read.outs["differing"])
    )
    assert read.outs["pending"] == [scope["upns"][scope["unlicensed"][1]]]
    assert mail.diff(created.id, read.outs, inputs).changes is True

    updated = mail.update(created.id, read.outs, inputs)

    assert french(settings(local_tenant, by_hand)) and french(settings(local_tenant, late))
    assert updated.outs["differing"] == ""
    assert mail.read(created.id, updated.outs).outs["differing"] == ""


def test_the_members_of_a_directorate_with_its_own_settings_are_left_out(
    local_tenant: LocalTenantHandle, provider: MakeProvider, scope: dict[str, Any]
) -> None:
    kept = scope["licensed"][:3]
    own = group_of(local_tenant, "Régie", "regie", kept)
    mail = provider("MailboxSettings")
    inputs = {"scope": "ville", "groups": [scope["group"]], "excluded_groups": [own], **FRENCH}

    created = mail.create(mail.check({}, inputs).inputs)

    assert created.outs["users"] == len(scope["licensed"]) + len(scope["unlicensed"]) - 3
    assert all(settings(local_tenant, uid)["timeZone"] == "UTC" for uid in kept)
    assert french(settings(local_tenant, scope["licensed"][3]))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"time_zone": "Paris"}, "time_zone is 'Paris', not a Windows or IANA time zone"),
        ({"language": "fr-XX"}, "language is 'fr-XX'; Exchange offers"),
        ({"working_end": "08:30"}, "working_end is 08:30, not after working_start 08:30"),
        ({"working_days": ["lundi"]}, "working_days names lundi; days are sunday"),
    ],
)
def test_check_refuses_what_exchange_would_before_any_request(
    local_tenant: LocalTenantHandle, provider: MakeProvider, change: dict[str, Any], says: str
) -> None:
    mail = provider("MailboxSettings")
    local_tenant.admin.call("DELETE", "/_admin/counters")
    failures = mail.check({}, {"scope": "eau", "groups": ["g"], **FRENCH, **change}).failures
    assert len(failures) == 1
    assert failures[0].reason.startswith(f"MailboxSettings of eau: {says}")
    assert local_tenant.admin.counters()["routes"] == {}
