"""The local tenant refuses what Graph refuses: bodies checked against the Graph v1.0 schema of
the route's type, and query options against Graph's rules (local_tenant.queries.RULES)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.local_tenant_fixture import LocalTenantHandle, start_local_tenant

pytestmark = [pytest.mark.integration]

EVENTUAL = {"ConsistencyLevel": "eventual"}
ADVANCED = "Try adding $count=true query parameter and ConsistencyLevel:eventual header."


@pytest.fixture
def http(local_tenant: LocalTenantHandle) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    with httpx.Client(base_url=local_tenant.base_url, headers=headers, timeout=30) as client:
        yield client


def refused(response: httpx.Response, code: str, message: str) -> None:
    """Graph's 400 with that code, and a message containing ``message``."""
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    assert message in error["message"], error


@pytest.fixture
def group_id(http: httpx.Client) -> str:
    owner = f"https://graph.microsoft.com/v1.0/users/{user_id(http)}"
    body = {
        "displayName": "Ops",
        "mailEnabled": True,
        "mailNickname": "ops",
        "securityEnabled": False,
        "groupTypes": ["Unified"],
        "owners@odata.bind": [owner],
    }
    created = http.post("/groups", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


@pytest.fixture
def team_id(http: httpx.Client, group_id: str) -> str:
    made = http.put(f"/groups/{group_id}/team", json={})
    assert made.status_code in (200, 201), made.text
    return group_id


def user_id(http: httpx.Client) -> str:
    return str(http.get("/users?$select=id&$top=1").json()["value"][0]["id"])


class TestBodies:
    def test_an_enum_value_outside_the_enum(self, http: httpx.Client, team_id: str) -> None:
        patch = {"funSettings": {"giphyContentRating": "wild"}}
        refused(
            http.patch(f"/teams/{team_id}", json=patch),
            "BadRequest",
            "Requested value 'wild' was not found.",
        )
        team = http.get(f"/teams/{team_id}").json()
        assert team["funSettings"]["giphyContentRating"] != "wild"

    def test_a_member_of_the_enum_passes(self, http: httpx.Client, team_id: str) -> None:
        patch = {"funSettings": {"giphyContentRating": "strict"}}
        assert http.patch(f"/teams/{team_id}", json=patch).status_code == 204

    def test_an_unknown_property_of_a_nested_complex_type(
        self, http: httpx.Client, team_id: str
    ) -> None:
        patch = {"memberSettings": {"allowCreateChannels": True}}
        refused(
            http.patch(f"/teams/{team_id}", json=patch),
            "BadRequest",
            "The property 'allowCreateChannels' does not exist on type "
            "'microsoft.graph.teamMemberSettings'.",
        )

    def test_a_primitive_of_the_wrong_type(self, http: httpx.Client, team_id: str) -> None:
        patch = {"memberSettings": {"allowCreateUpdateChannels": "yes"}}
        refused(
            http.patch(f"/teams/{team_id}", json=patch),
            "BadRequest",
            "Cannot convert a primitive value to the expected type 'Edm.Boolean'.",
        )

    def test_an_unknown_property_of_a_directory_object(self, http: httpx.Client) -> None:
        body = {
            "displayName": "X",
            "mailEnabled": False,
            "mailNickname": "x",
            "securityEnabled": True,
            "colour": "red",
        }
        refused(
            http.post("/groups", json=body),
            "Request_BadRequest",
            "Property 'colour' does not exist as a declared property or extension property.",
        )

    def test_a_single_value_where_a_collection_is_expected(self, http: httpx.Client) -> None:
        body = {"displayName": "X", "mailEnabled": True, "mailNickname": "x"}
        refused(
            http.post("/groups", json={**body, "securityEnabled": False, "groupTypes": "Unified"}),
            "Request_BadRequest",
            "Invalid value specified for property 'groupTypes' of resource 'Group'.",
        )

    def test_the_key_the_service_assigns_is_read_only(
        self, http: httpx.Client, team_id: str
    ) -> None:
        group_id = team_id
        refused(
            http.patch(f"/groups/{group_id}", json={"id": "00000000-0000-0000-0000-000000000000"}),
            "Request_BadRequest",
            "Property 'id' is read-only and cannot be set.",
        )
        refused(
            http.patch(f"/teams/{group_id}", json={"id": group_id}),
            "BadRequest",
            "Property 'id' is read-only and cannot be set.",
        )

    def test_a_bind_to_no_navigation_property(self, http: httpx.Client) -> None:
        body = {"displayName": "X", "mailEnabled": False, "mailNickname": "x"}
        body |= {"securityEnabled": True, "managers@odata.bind": ["https://x/users/1"]}
        refused(
            http.post("/groups", json=body),
            "Request_BadRequest",
            "Property 'managers' does not exist as a declared property or extension property.",
        )

    def test_a_bind_of_the_wrong_cardinality(self, http: httpx.Client) -> None:
        body = {"displayName": "X", "mailEnabled": False, "mailNickname": "x"}
        body |= {"securityEnabled": True, "owners@odata.bind": "https://x/users/1"}
        refused(
            http.post("/groups", json=body),
            "Request_BadRequest",
            "Invalid value specified for property 'owners' of resource 'Group'.",
        )

    def test_an_abstract_member_type(self, http: httpx.Client, team_id: str) -> None:
        member = {"@odata.type": "#microsoft.graph.conversationMember", "roles": []}
        refused(
            http.post(f"/teams/{team_id}/members", json=member),
            "BadRequest",
            "abstract type 'microsoft.graph.conversationMember'",
        )

    def test_an_unknown_action_parameter(self, http: httpx.Client) -> None:
        body = {"addLicense": [], "removeLicenses": []}
        refused(
            http.post(f"/users/{user_id(http)}/assignLicense", json=body),
            "Request_BadRequest",
            "The parameter 'addLicense' in the request payload is not a valid parameter for "
            "the operation 'assignLicense'.",
        )

    def test_a_reference_body_holds_only_the_reference(
        self, http: httpx.Client, group_id: str
    ) -> None:
        ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/users/{user_id(http)}"}
        refused(
            http.post(f"/groups/{group_id}/members/$ref", json={**ref, "roles": ["x"]}),
            "BadRequest",
            "The property 'roles' does not exist in an entity reference",
        )
        assert http.post(f"/groups/{group_id}/members/$ref", json=ref).status_code == 204

    def test_unicode_apostrophes_and_guests_pass(self, http: httpx.Client) -> None:
        guest = next(
            u["id"]
            for u in http.get("/users?$select=id,userType&$top=999").json()["value"]
            if u["userType"] == "Guest"
        )
        body = {
            "displayName": "Ægir's Ünïcødé \u2013 équipe",
            "description": "L'équipe d'Ægir",
            "mailEnabled": True,
            "mailNickname": "aegir",
            "securityEnabled": False,
            "groupTypes": ["Unified"],
            "members@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{guest}"],
        }
        created = http.post("/groups", json=body)
        assert created.status_code == 201, created.text
        assert created.json()["displayName"] == body["displayName"]

    def test_a_batched_request_is_checked_as_a_direct_one(
        self, http: httpx.Client, team_id: str
    ) -> None:
        item: dict[str, Any] = {
            "id": "1",
            "method": "PATCH",
            "url": f"/teams/{team_id}",
            "headers": {"Content-Type": "application/json"},
            "body": {"funSettings": {"giphyContentRating": "wild"}},
        }
        answer = http.post("/$batch", json={"requests": [item]})
        assert answer.status_code == 200, answer.text
        (response,) = answer.json()["responses"]
        assert response["status"] == 400
        assert response["body"]["error"]["message"] == "Requested value 'wild' was not found."

    def test_a_full_batch_refuses_only_its_bad_request(self, http: httpx.Client) -> None:
        ids = [u["id"] for u in http.get("/users?$select=id&$top=20").json()["value"]]
        requests = [
            {"id": str(n), "method": "GET", "url": f"/users/{uid}?$select=id,displayName"}
            for n, uid in enumerate(ids)
        ]
        requests[7]["url"] = f"/users/{ids[7]}?$select=id,displayNme"
        answer = http.post("/$batch", json={"requests": requests})
        assert answer.status_code == 200, answer.text
        statuses = {r["id"]: r["status"] for r in answer.json()["responses"]}
        assert len(statuses) == 20
        assert statuses.pop("7") == 400 and set(statuses.values()) == {200}


class TestQueryOptions:
    def test_select_names_a_property_of_the_type(self, http: httpx.Client) -> None:
        refused(
            http.get("/users?$select=id,notARealProperty"),
            "BadRequest",
            "Could not find a property named 'notARealProperty' on type 'microsoft.graph.user'.",
        )
        ok = http.get("/users?$select=id,DisplayName")
        assert ok.status_code == 200, ok.text

    def test_select_on_one_team(self, http: httpx.Client, team_id: str) -> None:
        refused(
            http.get(f"/teams/{team_id}?$select=funSetings"),
            "BadRequest",
            "Could not find a property named 'funSetings' on type 'microsoft.graph.team'.",
        )

    def test_expand_names_a_navigation_property(self, http: httpx.Client) -> None:
        refused(
            http.get("/groups?$expand=displayName"),
            "BadRequest",
            "Could not find a property named 'displayName' on type 'microsoft.graph.group'.",
        )
        assert http.get("/groups?$expand=members($select=id)").status_code == 200

    @pytest.mark.parametrize(
        ("expression", "operator"),
        [
            ("department ne 'Sales'", "ne"),
            ("not(department eq 'Sales')", "not"),
            ("endsWith(userPrincipalName,'.com')", "endsWith"),
        ],
    )
    def test_advanced_operators_need_both_advanced_parameters(
        self, http: httpx.Client, expression: str, operator: str
    ) -> None:
        url = f"/users?$filter={expression}"
        message = f"Operator '{operator}' is not supported because the required parameters"
        refused(http.get(url), "Request_UnsupportedQuery", message)
        refused(http.get(url, headers=EVENTUAL), "Request_UnsupportedQuery", ADVANCED)
        refused(http.get(f"{url}&$count=true"), "Request_UnsupportedQuery", message)
        answered = http.get(f"{url}&$count=true", headers=EVENTUAL)
        assert answered.status_code == 200, answered.text
        assert answered.json()["@odata.count"] == len(answered.json()["value"]) > 0

    def test_a_verdict_kept_for_repeated_options_is_the_same_each_time(
        self, http: httpx.Client
    ) -> None:
        for _ in range(3):
            negated = http.get("/users?$filter=department ne 'Sales'")
            refused(negated, "Request_UnsupportedQuery", "Operator 'ne'")
            plain = http.get("/users?$count=true&$top=5")
            assert plain.status_code == 200 and "@odata.count" not in plain.json()
            counted = http.get("/users?$count=true&$top=5", headers=EVENTUAL)
            assert counted.json()["@odata.count"] > 5

    def test_an_in_operator_takes_fifteen_values_and_no_more(self, http: httpx.Client) -> None:
        users = http.get("/users?$top=16&$select=id,userPrincipalName").json()["value"]
        names = ["o'brien@nowhere.example", *(u["userPrincipalName"] for u in users)]
        quoted = [n.replace("'", "''") for n in names]

        def listed(values: list[str]) -> httpx.Response:
            literals = ",".join(f"'{v}'" for v in values)
            return http.get("/users", params={"$filter": f"userPrincipalName in ({literals})"})

        exactly = listed(quoted[:15])
        assert exactly.status_code == 200, exactly.text
        assert {u["userPrincipalName"] for u in exactly.json()["value"]} == set(names[1:15])
        message = "Too many child clauses specified in search filter expression"
        refused(
            listed(quoted[:16]),
            "Request_UnsupportedQuery",
            f"{message} containing 'OR' operators: 16",
        )

    def test_a_literal_naming_an_operator_is_not_one(self, http: httpx.Client) -> None:
        assert http.get("/users?$filter=department eq 'not ne endsWith'").status_code == 200

    def test_count_without_the_header_is_ignored(self, http: httpx.Client) -> None:
        plain = http.get("/users?$count=true")
        assert plain.status_code == 200, plain.text
        assert "@odata.count" not in plain.json()
        counted = http.get("/users?$count=true", headers=EVENTUAL).json()
        assert counted["@odata.count"] >= len(counted["value"])

    def test_the_count_segment_needs_the_header(self, http: httpx.Client) -> None:
        refused(http.get("/users/$count"), "Request_BadRequest", "$count is not currently")
        assert int(http.get("/users/$count", headers=EVENTUAL).text) > 0

    def test_search_needs_the_header(self, http: httpx.Client) -> None:
        refused(
            http.get('/users?$search="displayName:a"'),
            "Request_UnsupportedQuery",
            "only works through MSGraph with a special request header",
        )
        assert http.get('/users?$search="displayName:a"', headers=EVENTUAL).status_code == 200

    def test_orderby_follows_the_directory_sorting_table(self, http: httpx.Client) -> None:
        assert http.get("/users?$orderby=displayName").status_code == 200
        refused(
            http.get("/users?$orderby=createdDateTime"),
            "Request_UnsupportedQuery",
            "Sorting not supported",
        )
        advanced = "$orderby=createdDateTime&$count=true"
        assert http.get(f"/users?{advanced}", headers=EVENTUAL).status_code == 200
        with_filter = "/users?$orderby=displayName&$filter=department eq 'Sales'"
        refused(http.get(with_filter), "Request_UnsupportedQuery", "Sorting not supported")
        answered = http.get(f"{with_filter}&$count=true", headers=EVENTUAL)
        assert answered.status_code == 200, answered.text

    def test_teams_count_without_the_header(self, http: httpx.Client, team_id: str) -> None:
        channels = http.get(f"/teams/{team_id}/channels?$count=true")
        assert channels.status_code == 200, channels.text
        assert channels.json()["@odata.count"] == len(channels.json()["value"])


class TestWithoutTheMetadata:
    def test_the_tenant_serves_says_why_once_and_keeps_the_rules_needing_no_schema(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        monkeypatch.setenv("GRAPH_METADATA_DIR", str(tmp_path / "nowhere"))
        caplog.set_level(logging.WARNING, logger="local_tenant")
        handle = start_local_tenant(tmp_path / "data")
        try:
            said = [r.getMessage() for r in caplog.records if "not checked" in r.getMessage()]
            assert len(said) == 1
            assert "GRAPH_METADATA_DIR" in said[0] and str(tmp_path / "nowhere") in said[0]
            token = handle.token()
            with httpx.Client(
                base_url=handle.base_url, headers={"Authorization": f"Bearer {token}"}
            ) as http:
                assert http.get("/users?$select=id,notARealProperty").status_code == 200
                negated = http.get("/users?$filter=department ne 'x'")
                refused(negated, "Request_UnsupportedQuery", "Operator 'ne'")
        finally:
            handle.runner.stop()
