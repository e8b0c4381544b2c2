"""Mailboxes: provisioned from an Exchange licence after a delay on the tenant's clock,
disconnected when it goes, settings validated as Exchange does, Outlook's throttling."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from typing import Any

import httpx
import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.locale_info import LocaleInfo
from msgraph.generated.models.mailbox_settings import MailboxSettings

from tenantctl.m365.mailbox import CULTURES, IANA, ZONES
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965"
F3 = "66b55226-6b4f-492c-910c-a3b7a3c9d993"
EXCHANGE_S_ENTERPRISE = "efb87545-963c-4e0d-99df-69c6916d9eb0"
NO_MAILBOX = "The mailbox is either inactive, soft-deleted, or is hosted on-premise."


def _users(lt: LocalTenantHandle) -> list[dict[str, Any]]:
    return list(lt.admin.graph("GET", "/users?$select=id,userType,assignedLicenses")["value"])


def unlicensed(lt: LocalTenantHandle) -> list[str]:
    return [u["id"] for u in _users(lt) if u["userType"] == "Member" and not u["assignedLicenses"]]


def licensed(lt: LocalTenantHandle) -> list[str]:
    return [u["id"] for u in _users(lt) if u["assignedLicenses"]]


def settings(lt: LocalTenantHandle, user: str, query: str = "") -> httpx.Response:
    return lt.admin.call("GET", f"/v1.0/users/{user}/mailboxSettings{query}")


def patch(lt: LocalTenantHandle, user: str, body: dict[str, Any]) -> httpx.Response:
    return lt.admin.call("PATCH", f"/v1.0/users/{user}/mailboxSettings", body)


def assign(lt: LocalTenantHandle, user: str, sku: str, disabled: list[str] | None = None) -> None:
    body = {"addLicenses": [{"skuId": sku, "disabledPlans": disabled or []}], "removeLicenses": []}
    lt.admin.graph("POST", f"/users/{user}/assignLicense", body)


def unassign(lt: LocalTenantHandle, user: str, sku: str) -> None:
    lt.admin.graph(
        "POST", f"/users/{user}/assignLicense", {"addLicenses": [], "removeLicenses": [sku]}
    )


def advance(lt: LocalTenantHandle, seconds: float) -> None:
    lt.admin.call("POST", "/_admin/clock", {"seconds": seconds}).raise_for_status()


def no_mailbox(response: httpx.Response) -> bool:
    error = response.json()["error"]
    return (
        response.status_code == 404
        and error["code"] == "MailboxNotEnabledForRESTAPI"
        and error["message"] == NO_MAILBOX
    )


def test_mailbox_answers_once_the_provisioning_delay_has_passed(
    local_tenant: LocalTenantHandle,
) -> None:
    user = unlicensed(local_tenant)[0]
    assert no_mailbox(settings(local_tenant, user))
    assign(local_tenant, user, E3)
    assert no_mailbox(settings(local_tenant, user))
    advance(local_tenant, 299)
    assert no_mailbox(settings(local_tenant, user))
    advance(local_tenant, 1)
    found = settings(local_tenant, user)
    assert found.status_code == 200
    body = found.json()
    assert body["timeZone"] == "UTC" and body["language"]["locale"] == "en-US"
    assert body["userPurpose"] == "user"
    assert body["workingHours"]["daysOfWeek"] == [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
    ]


def test_the_delay_is_the_behaviour_setting(local_tenant: LocalTenantHandle) -> None:
    local_tenant.admin.set_behaviour(mailbox_provision_s=3600)
    user = unlicensed(local_tenant)[0]
    assign(local_tenant, user, F3)
    advance(local_tenant, 3599)
    assert no_mailbox(settings(local_tenant, user))
    advance(local_tenant, 1)
    assert settings(local_tenant, user).status_code == 200


def group(lt: LocalTenantHandle, name: str) -> str:
    body = {
        "displayName": name,
        "mailEnabled": False,
        "mailNickname": re.sub("[^a-z]", "", name.lower()),
        "securityEnabled": True,
    }
    return str(lt.admin.graph("POST", "/groups", body)["id"])


def license_group(lt: LocalTenantHandle, group_id: str, sku: str, disabled: list[str]) -> None:
    body = {"addLicenses": [{"skuId": sku, "disabledPlans": disabled}], "removeLicenses": []}
    lt.admin.graph("POST", f"/groups/{group_id}/assignLicense", body)


def add_member(lt: LocalTenantHandle, group_id: str, member: str) -> None:
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{member}"}
    lt.admin.graph("POST", f"/groups/{group_id}/members/$ref", ref)


def test_group_based_licence_gives_a_mailbox_unless_exchange_is_disabled(
    local_tenant: LocalTenantHandle,
) -> None:
    first, second = unlicensed(local_tenant)[:2]
    for name, disabled, member in (
        ("Wave 1", [], first),
        ("No mail", [EXCHANGE_S_ENTERPRISE], second),
    ):
        wave = group(local_tenant, name)
        license_group(local_tenant, wave, E3, disabled)
        add_member(local_tenant, wave, member)
    advance(local_tenant, 300)
    assert settings(local_tenant, first).status_code == 200
    assert no_mailbox(settings(local_tenant, second))


def test_only_writes_that_can_move_a_licence_read_every_users_licences_again(
    local_tenant: LocalTenantHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mailboxes follow licences after every group write, but a team's group created and
    filled moves no one's licence: a tenant of 35,000 users is not read again for it."""
    local_tenant.admin.set_behaviour(mailbox_provision_s=0)
    first, second = unlicensed(local_tenant)[:2]
    wave = group(local_tenant, "Wave 1")
    license_group(local_tenant, wave, E3, [])
    store = local_tenant.server.tenant.store
    kinds_read: list[str] = []
    read_fields = store.fields

    def fields(kind: str, names: Sequence[str]) -> list[tuple[Any, ...]]:
        kinds_read.append(kind)
        return read_fields(kind, names)

    monkeypatch.setattr(store, "fields", fields)
    team = group(local_tenant, "Team d'accueil, Comité")
    add_member(local_tenant, team, first)
    assert "user" not in kinds_read
    add_member(local_tenant, wave, second)
    assert "user" in kinds_read
    assert no_mailbox(settings(local_tenant, first))
    assert settings(local_tenant, second).status_code == 200


def test_licence_removal_disconnects_and_retention_decides_what_comes_back(
    local_tenant: LocalTenantHandle,
) -> None:
    local_tenant.admin.set_behaviour(mailbox_provision_s=0)
    user = unlicensed(local_tenant)[0]
    assign(local_tenant, user, E3)
    assert patch(local_tenant, user, {"timeZone": "Romance Standard Time"}).status_code == 200
    unassign(local_tenant, user, E3)
    assert no_mailbox(settings(local_tenant, user))
    advance(local_tenant, 29 * 86400)
    assign(local_tenant, user, E3)
    assert settings(local_tenant, user).json()["timeZone"] == "Romance Standard Time"
    unassign(local_tenant, user, E3)
    advance(local_tenant, 31 * 86400)
    assign(local_tenant, user, E3)
    assert settings(local_tenant, user).json()["timeZone"] == "UTC"


def test_guests_get_no_mailbox_even_licensed(local_tenant: LocalTenantHandle) -> None:
    local_tenant.admin.set_behaviour(mailbox_provision_s=0)
    guest = next(u["id"] for u in _users(local_tenant) if u["userType"] == "Guest")
    local_tenant.admin.graph("PATCH", f"/users/{guest}", {"usageLocation": "FR"})
    assign(local_tenant, guest, E3)
    assert no_mailbox(settings(local_tenant, guest))


def test_an_unknown_user_is_the_directory_404(local_tenant: LocalTenantHandle) -> None:
    response = settings(local_tenant, "nobody@contoso.onmicrosoft.com")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "Request_ResourceNotFound"


def test_a_seeded_licensed_user_has_a_mailbox_at_once(local_tenant: LocalTenantHandle) -> None:
    upn = local_tenant.admin.graph("GET", f"/users/{licensed(local_tenant)[0]}")[
        "userPrincipalName"
    ]
    assert settings(local_tenant, upn).status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "code", "says"),
    [
        (
            {"dateFormat": "M/d/yyyy", "language": {"locale": "fr-FR"}},
            400,
            "ErrorInvalidArgument",
            'valid for current language setting "fr-FR". Valid formats include "dd/MM/yyyy',
        ),
        ({"language": {"locale": "xx-XX"}}, 400, "ErrorInvalidArgument", "'xx-XX' isn't supported"),
        ({"timeZone": "Paris"}, 400, "InvalidTimeZone", "Time Zone settings provided are invalid."),
        (
            {"workingHours": {"timeZone": {"name": "Mars/Olympus"}}},
            400,
            "InvalidTimeZone",
            "invalid",
        ),
        (
            {"workingHours": {"startTime": "18:00:00", "endTime": "09:00:00"}},
            400,
            "ErrorInvalidTimeSettings",
            "Start Time should occur before End Time.",
        ),
        ({"workingHours": {"startTime": "08"}}, 400, "BadRequest", "Edm.TimeOfDay"),
        ({"workingHours": {"daysOfWeek": ["funday"]}}, 400, "BadRequest", "'funday'"),
        (
            {"delegateMeetingMessageDeliveryOptions": "sendToNobody"},
            400,
            "BadRequest",
            "sendToNobody",
        ),
        ({"userPurpose": "shared"}, 400, "BadRequest", "'userPurpose' is read-only"),
        ({"favouriteColour": "blue"}, 400, "BadRequest", "favouriteColour"),
    ],
)
def test_patch_refuses_what_exchange_refuses(
    local_tenant: LocalTenantHandle, body: dict[str, Any], status: int, code: str, says: str
) -> None:
    user = licensed(local_tenant)[0]
    before = settings(local_tenant, user).json()
    response = patch(local_tenant, user, body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and says in error["message"], error
    assert settings(local_tenant, user).json() == before


def test_patch_answers_the_changed_settings_and_a_new_locale_brings_its_formats(
    local_tenant: LocalTenantHandle,
) -> None:
    user = licensed(local_tenant)[0]
    response = patch(
        local_tenant, user, {"language": {"locale": "fr-FR"}, "timeZone": "Europe/Paris"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["language"] == {"locale": "fr-FR", "displayName": "français (France)"}
    assert (body["dateFormat"], body["timeFormat"], body["timeZone"]) == (
        "dd/MM/yyyy",
        "HH:mm",
        "Europe/Paris",
    )
    assert "workingHours" not in body
    hours = {"endTime": "16:30:00.0000000", "timeZone": {"name": "Romance Standard Time"}}
    assert patch(local_tenant, user, {"workingHours": hours}).status_code == 200
    kept = settings(local_tenant, user).json()["workingHours"]
    assert kept["startTime"] == "08:00:00.0000000" and kept["endTime"] == "16:30:00.0000000"
    arabic = patch(local_tenant, user, {"language": {"locale": "ar-MA"}}).json()
    assert arabic["language"]["displayName"] == "العربية (المغرب)"


def test_select_and_property_paths(local_tenant: LocalTenantHandle) -> None:
    user = licensed(local_tenant)[0]
    picked = settings(local_tenant, user, "?$select=timeZone,language").json()
    assert set(picked) == {"@odata.context", "timeZone", "language"}
    zone = local_tenant.admin.call("GET", f"/v1.0/users/{user}/mailboxSettings/timeZone").json()
    assert zone["value"] == "UTC" and zone["@odata.context"].endswith("/mailboxSettings/timeZone")
    hours = local_tenant.admin.call("GET", f"/v1.0/users/{user}/mailboxSettings/workingHours")
    assert hours.json()["startTime"] == "08:00:00.0000000"
    bad = settings(local_tenant, user, "?$select=nonsense")
    assert bad.status_code == 400


async def test_sdk_reads_and_writes_settings(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient
) -> None:
    user = licensed(local_tenant)[0]
    mailbox = graph_client.users.by_user_id(user).mailbox_settings
    await mailbox.patch(
        MailboxSettings(time_zone="W. Europe Standard Time", language=LocaleInfo(locale="de-DE"))
    )
    read = await mailbox.get()
    assert read is not None and read.time_zone == "W. Europe Standard Time"
    assert read.language is not None and read.language.display_name == "Deutsch (Deutschland)"
    assert read.date_format == "dd.MM.yyyy"
    outlook = graph_client.users.by_user_id(user).outlook
    languages = await outlook.supported_languages.get()
    assert languages is not None and languages.value
    assert {"fr-FR", "en-US"} <= {item.locale for item in languages.value}
    zones = await outlook.supported_time_zones.get()
    assert zones is not None and zones.value
    assert "Romance Standard Time" in {z.alias for z in zones.value}
    iana = await outlook.supported_time_zones_with_time_zone_standard("Iana").get()
    assert iana is not None and iana.value and "Europe/Paris" in {z.alias for z in iana.value}


def test_supported_time_zones_need_a_mailbox_and_a_known_standard(
    local_tenant: LocalTenantHandle,
) -> None:
    user = licensed(local_tenant)[0]
    path = f"/v1.0/users/{user}/outlook/supportedTimeZones(TimeZoneStandard="
    ok = local_tenant.admin.call("GET", path + "microsoft.graph.timeZoneStandard'Windows')")
    assert ok.status_code == 200 and ok.json()["value"][0]["displayName"].startswith("(UTC")
    assert local_tenant.admin.call("GET", path + "'Martian')").status_code == 400
    other = unlicensed(local_tenant)[0]
    assert no_mailbox(
        local_tenant.admin.call("GET", f"/v1.0/users/{other}/outlook/supportedLanguages")
    )


def test_permissions_follow_the_reference(local_tenant: LocalTenantHandle) -> None:
    user = licensed(local_tenant)[0]
    url = f"{local_tenant.base_url}/users/{user}/mailboxSettings"

    def call(method: str, roles: list[str]) -> httpx.Response:
        headers = {"Authorization": f"Bearer {local_tenant.token(roles)}"}
        body = {"timeZone": "UTC"} if method == "PATCH" else None
        return httpx.request(method, url, headers=headers, json=body)

    assert call("GET", ["MailboxSettings.Read"]).status_code == 200
    refused = call("PATCH", ["MailboxSettings.Read"])
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "ErrorAccessDenied"
    assert call("PATCH", ["MailboxSettings.ReadWrite"]).status_code == 200
    assert call("GET", ["User.Read.All"]).status_code == 403


async def _batch(
    lt: LocalTenantHandle, requests: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {lt.token()}"}
    async with httpx.AsyncClient(headers=headers, timeout=30) as http:
        response = await http.post(f"{lt.base_url}/$batch", json={"requests": requests})
    assert response.status_code == 200, response.text
    return {item["id"]: item for item in response.json()["responses"]}


async def test_batch_of_twenty_patches_with_a_throttled_item_retried(
    local_tenant: LocalTenantHandle,
) -> None:
    local_tenant.admin.reset({"seed": 7, "users": 25, "guests": 0, "direct_licence_share": 1})
    users = licensed(local_tenant)
    assert len(users) == 25
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True, "budgets": {"outlook": {"limit": 1, "window_s": 2}}}}
    )
    targets = [*users[:19], users[0]]
    requests = [
        {
            "id": str(i),
            "method": "PATCH",
            "url": f"/users/{user}/mailboxSettings",
            "headers": {"Content-Type": "application/json"},
            "body": {"language": {"locale": "fr-FR"}, "timeZone": "Romance Standard Time"},
        }
        for i, user in enumerate(targets)
    ]
    answers = await _batch(local_tenant, requests)
    throttled = [i for i, a in answers.items() if a["status"] == 429]
    assert len(throttled) == 1 and {a["status"] for a in answers.values()} == {200, 429}
    retry_after = int(answers[throttled[0]]["headers"]["Retry-After"])
    assert 1 <= retry_after <= 2
    await asyncio.sleep(retry_after)
    again = await _batch(local_tenant, [requests[int(throttled[0])]])
    assert again[throttled[0]]["status"] == 200
    for user in set(targets):
        assert settings(local_tenant, user).json()["language"]["locale"] == "fr-FR"


async def test_four_requests_at_once_per_mailbox(local_tenant: LocalTenantHandle) -> None:
    user = licensed(local_tenant)[0]
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True}, "workloads": {"mail": {"latency": {"fixed_ms": 300}}}}
    )
    requests = [
        {"id": str(i), "method": "GET", "url": f"/users/{user}/mailboxSettings"} for i in range(6)
    ]
    answers = await _batch(local_tenant, requests)
    statuses = sorted(a["status"] for a in answers.values())
    assert statuses == [200, 200, 200, 200, 429, 429]
    later = await _batch(local_tenant, requests[:4])
    assert {a["status"] for a in later.values()} == {200}


def test_what_the_mailbox_offers_is_what_the_model_validates_against(
    local_tenant: LocalTenantHandle,
) -> None:
    user = licensed(local_tenant)[0]
    outlook = f"/users/{user}/outlook"
    languages = local_tenant.admin.graph("GET", f"{outlook}/supportedLanguages")["value"]
    assert {item["locale"] for item in languages} == set(CULTURES)
    windows = local_tenant.admin.graph("GET", f"{outlook}/supportedTimeZones")["value"]
    iana = local_tenant.admin.graph(
        "GET",
        f"{outlook}/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')",
    )["value"]
    assert {z["alias"] for z in windows} == set(ZONES)
    assert {z["alias"] for z in iana} == set(IANA)
    for locale, culture in CULTURES.items():
        for date_format in culture.date_formats:
            body = {"language": {"locale": locale}, "dateFormat": date_format}
            assert patch(local_tenant, user, body).status_code == 200, (locale, date_format)
    assert (
        patch(
            local_tenant, user, {"language": {"locale": "fr-FR"}, "dateFormat": "M/d/yyyy"}
        ).status_code
        == 400
    )


def test_working_hours_read_back_in_graphs_time_form_and_compare_as_times(
    local_tenant: LocalTenantHandle,
) -> None:
    user = licensed(local_tenant)[0]
    hours = {"startTime": "07:05", "endTime": "16:30:15.5"}
    assert patch(local_tenant, user, {"workingHours": hours}).status_code == 200
    kept = settings(local_tenant, user).json()["workingHours"]
    assert (kept["startTime"], kept["endTime"]) == ("07:05:00.0000000", "16:30:15.5000000")
    later = {"startTime": "16:30:15.6", "endTime": "16:30:15.5000000"}
    refused = patch(local_tenant, user, {"workingHours": later})
    assert refused.json()["error"]["code"] == "ErrorInvalidTimeSettings"
