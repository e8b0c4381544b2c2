"""In-process checks of the pieces under the routes: $filter, membership rules, storage."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from local_tenant.directory.rules import InvalidRule, compile_rule
from local_tenant.errors import GraphError
from local_tenant.odata import FilterError, decode_token, encode_token, parse_filter
from local_tenant.protocol import normalise_path
from local_tenant.storage import Store
from tenantctl.m365.membership_rules import RULE_USER_PROPERTIES, is_rule_property

USER = {
    "displayName": "Aisha Khan",
    "department": "Finance",
    "companyName": "Contoso",
    "userType": "Member",
    "groupTypes": ["Unified", "DynamicMembership"],
    "assignedLicenses": [{"skuId": "05e9a617-0261-4cee-bb44-138d3ef5d965", "disabledPlans": []}],
    "accountEnabled": True,
    "age": 7,
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("department eq 'finance'", True),
        ("department ne 'Finance'", False),
        ("startswith(displayName,'ai')", True),
        ("department in ('HR', 'Finance')", True),
        ("not (department eq 'Finance') or userType eq 'Member'", True),
        ("groupTypes/any(c:c eq 'Unified')", True),
        ("groupTypes/any(c:c eq 'DynamicMembership') and accountEnabled eq true", True),
        ("assignedLicenses/any(x:x/skuId eq 05e9a617-0261-4cee-bb44-138d3ef5d965)", True),
        ("assignedLicenses/any(x:x/skuId eq 'nope')", False),
        ("age gt 5 and age le 7", True),
        ("mail eq null", True),
        ("displayName eq 'O''Brien'", False),
    ],
)
def test_filter(expression: str, expected: bool) -> None:
    assert parse_filter(expression)(USER) is expected


@pytest.mark.parametrize(
    "bad",
    ["department eq", "eq 'x'", "startswith(a)", "x/any(c c eq 1)", "a eq 'b' junk", "(a eq 1"],
)
def test_filter_errors(bad: str) -> None:
    with pytest.raises(FilterError):
        parse_filter(bad)(USER)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('(user.department -eq "Finance")', True),
        ('(user.department -in ["HR","finance"])', True),
        ('(user.companyName -eq "Contoso") -and (user.userType -eq "Guest")', False),
        ('(user.userType -eq "Guest") -or (user.displayName -startsWith "Ai")', True),
        ('-not (user.department -ne "Finance")', True),
        ("(user.jobTitle -eq null)", True),
    ],
)
def test_membership_rules(rule: str, expected: bool) -> None:
    assert compile_rule(rule)(USER) is expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "(user.department -eq",
        "(user.shoeSize -eq 3)",
        '(user.department -like "x")',
        '(user.department -in "x")',
    ],
)
def test_membership_rule_errors(bad: str) -> None:
    with pytest.raises(InvalidRule):
        compile_rule(bad)


@pytest.mark.parametrize(
    "prop",
    [
        *RULE_USER_PROPERTIES,
        "extensionAttribute15",
        "extension_0123456789abcdef0123456789abcdef_grade",
    ],
)
def test_the_local_tenant_accepts_every_rule_property_the_toolkit_validates(prop: str) -> None:
    assert is_rule_property(prop)
    compile_rule(f'(user.{prop} -eq "x")')


@pytest.mark.parametrize("prop", ["employeeType", "extensionAttribute16", "shoeSize"])
def test_the_local_tenant_refuses_what_the_toolkit_refuses(prop: str) -> None:
    assert not is_rule_property(prop)
    with pytest.raises(InvalidRule, match=f"unknown property 'user.{prop}'"):
        compile_rule(f'(user.{prop} -eq "x")')


def test_rules_read_extension_attributes_and_renamed_properties() -> None:
    user = {
        "onPremisesExtensionAttributes": {"extensionAttribute1": "terrain"},
        "mobilePhone": "+33 6 00 00 00 00",
    }
    assert compile_rule('(user.extensionAttribute1 -eq "Terrain")')(user)
    assert compile_rule('(user.mobile -startsWith "+33")')(user)


@given(st.text(max_size=60))
def test_arbitrary_filters_raise_only_graph_errors(text: str) -> None:
    with contextlib.suppress(GraphError):
        parse_filter(text)(USER)


@given(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=4))
def test_tokens_round_trip(state: dict[str, object]) -> None:
    assert decode_token(encode_token(state)) == state


def test_paths_normalise() -> None:
    assert normalise_path("/teams('a')/operations('b')") == "/teams/a/operations/b"
    assert normalise_path("/groups/delta()") == "/groups/delta"
    assert (
        normalise_path("/reports/getM365AppUserDetail(period='D7')")
        == "/reports/getM365AppUserDetail(period='D7')"
    )


def test_store_transactions_and_tombstones(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.sqlite")
    store.put("group", "a", {"id": "a"})
    with pytest.raises(RuntimeError), store.transaction():
        store.put("group", "b", {"id": "b"})
        raise RuntimeError("roll back")
    assert store.get("group", "b") is None
    seq = store.current_seq()
    assert store.delete("group", "a") and not store.delete("group", "a")
    changed = store.rows("group", since_seq=seq, include_deleted=True)
    assert [(r.id, r.deleted) for r in changed] == [("a", True)]
    store.close()
    reopened = Store(tmp_path / "t.sqlite")
    assert (
        reopened.count("group") == 0
        and reopened.row("group", "a", include_deleted=True) is not None
    )


@pytest.mark.parametrize(
    ("kind", "prop", "stored", "asked"),
    [
        (
            "site",
            "webUrl",
            "https://contoso.sharepoint.com/sites/Finance",
            "https://CONTOSO.sharepoint.com/sites/finance",
        ),
        ("user", "userPrincipalName", "Aisha.Khan@contoso.example", "aisha.khan@CONTOSO.example"),
    ],
)
def test_lookups_by_url_and_principal_name_read_an_index_not_every_object(
    tmp_path: Path, kind: str, prop: str, stored: str, asked: str
) -> None:
    store = Store(tmp_path / "t.sqlite")
    for number in range(50):
        store.put(kind, f"other-{number}", {prop: f"{stored}-{number}"})
    store.put(kind, "wanted", {prop: stored})
    found = [row.id for _, row in store.scan(kind, equals=(prop, asked))]
    store.close()
    assert found == ["wanted"]
    with sqlite3.connect(tmp_path / "t.sqlite") as db:
        db.create_function("fold_case", 1, str.lower, deterministic=True)
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM objects WHERE kind=? AND deleted=0 AND rowid>?"
            f" AND fold_case(json_extract(body, '$.{prop}'))=? ORDER BY rowid",
            (kind, 0, asked.lower()),
        ).fetchall()
    assert any("USING INDEX" in step[-1] and "<expr>=?" in step[-1] for step in plan), plan
